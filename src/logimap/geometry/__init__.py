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

__all__ = [
    "ROUTERS",
    "GeometryError",
    "LegGeometry",
    "build_geometries",
    "leg_geometry",
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


def build_geometries(scenario: Scenario) -> dict[str, LegGeometry]:
    """The geometry of every leg, by leg id. Identical routes are computed once.

    Raises ``DataError`` listing every leg that cannot be drawn, located at the leg.
    """
    from logimap.errors import DataError

    cache: Cache = {}
    geometries = {}
    problems = []
    for leg in scenario.legs:
        try:
            geometries[leg.id] = leg_geometry(scenario, leg, cache)
        except GeometryError as exc:
            message = str(exc).removeprefix(f"{leg.where}: ")
            problems.append(Problem(leg.where.path, leg.where.where, message))
    if problems:
        raise DataError(problems)
    return geometries


def sea_problems(scenario: Scenario, geometries: dict[str, LegGeometry]) -> list[Problem]:
    """One problem for each sea leg whose line crosses land (away from its ports), or whose
    line cannot be checked at all, located at the leg."""
    from logimap.geometry.sea import land_crossings, land_for, port_points

    cache: Cache = {}
    problems = []
    for leg in scenario.legs:
        geometry = geometries.get(leg.id)
        if leg.mode != "sea" or geometry is None:
            continue
        try:
            crossings = land_crossings(geometry.coords, port_points(scenario, leg),
                                       land=land_for(geometry.coords, cache))
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
