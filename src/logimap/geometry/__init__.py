"""Leg geometry, one module per transport mode. Pure functions: no file I/O, no folium.

Coordinates are (lon, lat) WGS84. Longitudes along a line are *unwrapped*: each differs from
the previous by less than 180 degrees, so a line crossing the antimeridian continues past
±180 (e.g. 179.5 -> 180.5) and draws as one piece on a web map. Exports split such lines at
±180 (see ``antimeridian``).

Each mode's module has ``route(scenario, leg, cache) -> LegGeometry``; ``ROUTERS`` maps a mode
to its module, imported only when a leg of that mode is drawn (so importing this package
stays light). A new mode is one module and one line in ``ROUTERS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from logimap.errors import GeometryError, Problem

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario
    from logimap.routecache import RouteStore

__all__ = [
    "ROUTERS",
    "GeometryError",
    "LegGeometry",
    "build_geometries",
    "leg_geometry",
    "route_inputs",
    "sea_problems",
    "stop_points",
]

ROUTERS: dict[str, str] = {
    "air": "logimap.geometry.air",
    "road": "logimap.geometry.road",
    "rail": "logimap.geometry.rail",
    "sea": "logimap.geometry.sea",
}

Cache = dict[Any, Any]


@dataclass(frozen=True)
class LegGeometry:
    """The drawn path of one leg: unwrapped (lon, lat) points and its geodesic length."""

    coords: tuple[tuple[float, float], ...]
    length_km: float


def leg_geometry(scenario: Scenario, leg: Leg, cache: Cache | None = None) -> LegGeometry:
    """Draw one leg with its mode's router. ``cache`` is shared by the legs of one build."""
    module = ROUTERS.get(leg.mode)
    if module is None:
        raise GeometryError(
            f"{leg.where}: leg {leg.id!r} has mode {leg.mode!r}, which cannot be drawn "
            f"(known modes: {', '.join(sorted(ROUTERS))})"
        )
    return importlib.import_module(module).route(scenario, leg, {} if cache is None else cache)


def route_inputs(scenario: Scenario, leg: Leg) -> dict[str, Any]:
    """Everything a leg's geometry depends on, as JSON: its mode, its stops (id, lon, lat,
    kind) and the edges of the network named like its mode, if there is one."""
    nodes = scenario.node_by_id
    stops = [[n, nodes[n].lon, nodes[n].lat, nodes[n].kind] if n in nodes else [n]
             for n in leg.stops]
    network = [[e.a, e.b] for e in scenario.network(leg.mode)]
    points = {n: [nodes[n].lon, nodes[n].lat] for edge in network for n in edge if n in nodes}
    return {"mode": leg.mode, "stops": stops, "network": network, "points": points}


def build_geometries(scenario: Scenario, store: RouteStore | None = None
                     ) -> dict[str, LegGeometry]:
    """The geometry of every leg, by leg id. Identical routes are computed once; with a
    ``store``, routes computed by an earlier build are read back from it.

    Raises ``DataError`` listing every leg that cannot be drawn, located at the leg.
    """
    from logimap.errors import DataError

    cache: Cache = {}
    geometries = {}
    problems = []
    for leg in scenario.legs:
        inputs = route_inputs(scenario, leg) if store and store.active else None
        stored = store.get(inputs) if inputs else None
        if stored:
            geometries[leg.id] = LegGeometry(tuple(map(tuple, stored["coords"])),
                                             stored["length_km"])
            continue
        try:
            geometries[leg.id] = geometry = leg_geometry(scenario, leg, cache)
        except GeometryError as exc:
            message = str(exc).removeprefix(f"{leg.where}: ")
            problems.append(Problem(leg.where.path, leg.where.where, message))
            continue
        if inputs:
            store.put(inputs, {"coords": geometry.coords, "length_km": geometry.length_km})
    if store:
        store.save()
    if problems:
        raise DataError(problems)
    return geometries


def sea_problems(scenario: Scenario, geometries: dict[str, LegGeometry],
                 store: RouteStore | None = None) -> list[Problem]:
    """One problem for each sea leg whose line crosses land (away from its ports), or whose
    line cannot be checked at all, located at the leg. With a ``store``, lines checked by an
    earlier build are not checked again."""
    from logimap.geometry.sea import TOLERANCE_KM, land_crossings, land_for, port_points

    cache: Cache = {}
    problems = []
    for leg in scenario.legs:
        geometry = geometries.get(leg.id)
        if leg.mode != "sea" or geometry is None:
            continue
        ports = port_points(scenario, leg)
        inputs = ({"check": "sea", "coords": geometry.coords, "ports": ports,
                   "tolerance_km": TOLERANCE_KM} if store and store.active else None)
        crossings = store.get(inputs) if inputs else None
        try:
            if crossings is None:
                crossings = land_crossings(geometry.coords, ports,
                                           land=land_for(geometry.coords, cache))
                if inputs:
                    store.put(inputs, crossings)
        except GeometryError as exc:
            problems.append(Problem(
                leg.where.path, leg.where.where, f"sea leg {leg.id!r} cannot be checked: {exc}",
                "split the leg into legs that each span less than 360 degrees of longitude",
            ))
            continue
        if crossings:
            near = "; ".join(f"{lat:.3f}, {lon:.3f}" for lon, lat in crossings)
            problems.append(Problem(
                leg.where.path, leg.where.where,
                f"sea leg {leg.id!r} crosses land near {near} (lat, lon)",
                "move the port node onto the shore, or add a sea waypoint to 'via' that keeps "
                "the line at sea",
            ))
    if store:
        store.save()
    return problems


def stop_points(scenario: Scenario, leg: Leg) -> list[tuple[float, float]]:
    """The (lon, lat) of the leg's origin, via nodes and destination, in order."""
    nodes = scenario.node_by_id
    missing = [n for n in leg.stops if n not in nodes]
    if missing:
        raise GeometryError(
            f"{leg.where}: leg {leg.id!r} names unknown node {missing[0]!r}; "
            "add it to geodata/nodes.csv or fix the id"
        )
    return [(nodes[n].lon, nodes[n].lat) for n in leg.stops]
