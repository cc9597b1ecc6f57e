"""Leg geometry, one module per transport mode. Pure functions: no file I/O, no folium.

Coordinates are (lon, lat) WGS84. Longitudes along a line are *unwrapped*: each differs from
the previous by less than 180 degrees, so a line crossing the antimeridian continues past
±180 (e.g. 179.5 -> 180.5) and draws as one piece on a web map. Exports split such lines at
±180 (see ``antimeridian``).

Each mode's module has ``route(scenario, leg, cache) -> LegGeometry``; ``ROUTERS`` maps a mode
to its module, imported only when a leg of that mode is drawn (so importing this package
stays light). A new mode is one module and one line in ``ROUTERS``. A leg drawn from a track
(``leg.track``) is drawn by the module under ``TRACK``, whatever its mode.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
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
    "draw_legs",
    "leg_geometry",
    "route_inputs",
    "sea_checks",
    "sea_problems",
    "stop_points",
]

ROUTERS: dict[str, str] = {
    "air": "logimap.geometry.air",
    "road": "logimap.geometry.network",
    "rail": "logimap.geometry.network",
    "sea": "logimap.geometry.sea",
    "track": "logimap.geometry.track",
}
TRACK = "track"  # the ROUTERS key of the module drawing legs from their tracks

# The network a mode's legs are routed on, where it is not named like the mode.
ROUTED_ON = {"sea": "waterway"}

Cache = dict[Any, Any]


@dataclass(frozen=True)
class LegGeometry:
    """The drawn path of one leg: unwrapped (lon, lat) points and its geodesic length."""

    coords: tuple[tuple[float, float], ...]
    length_km: float


def leg_geometry(scenario: Scenario, leg: Leg, cache: Cache | None = None) -> LegGeometry:
    """Draw one leg with its mode's router (or from its track). ``cache`` is shared by the
    legs of one build."""
    module = ROUTERS.get(TRACK if leg.track else leg.mode)
    if module is None:
        raise GeometryError(
            f"{leg.where}: leg {leg.id!r} has mode {leg.mode!r}, which cannot be drawn "
            f"(known modes: {', '.join(sorted(ROUTERS))})"
        )
    return importlib.import_module(module).route(scenario, leg, {} if cache is None else cache)


def route_inputs(scenario: Scenario, leg: Leg, networks: dict[str, str] | None = None
                 ) -> dict[str, Any]:
    """Everything a leg's geometry depends on, as JSON: its mode, ``within`` and ``path``, its
    stops (id, lon, lat, kind, precision) and a digest of the network it is routed on (its
    edges and their ends' coordinates, precisions and countries; empty when there is none).
    The bundled data is in the store's fingerprint. ``networks`` keeps the digests between
    calls."""
    networks = {} if networks is None else networks
    if leg.mode not in networks:
        networks[leg.mode] = _network_digest(scenario, ROUTED_ON.get(leg.mode, leg.mode))
    nodes = scenario.node_by_id
    stops = [[n, nodes[n].lon, nodes[n].lat, nodes[n].kind, nodes[n].precision]
             if n in nodes else [n] for n in leg.stops]
    return {"mode": leg.mode, "stops": stops, "network": networks[leg.mode],
            "within": list(leg.within), "path": leg.path}


def _network_digest(scenario: Scenario, name: str) -> str:
    import hashlib
    import json

    nodes = scenario.node_by_id
    edges = [[end, nodes[end].lon, nodes[end].lat, nodes[end].precision, nodes[end].country]
             if end in nodes else [end]
             for edge in scenario.network(name) for end in (edge.a, edge.b)]
    return hashlib.sha256(json.dumps(edges).encode()).hexdigest() if edges else ""


def build_geometries(scenario: Scenario, store: RouteStore | None = None
                     ) -> dict[str, LegGeometry]:
    """The geometry of every leg, by leg id. Identical routes are computed once; with a
    ``store``, routes computed by an earlier build are read back from it.

    A stored line is used only when ``logimap.stored.leg_line`` finds it sound and agreeing
    with the leg's stops; any other is routed again and overwritten.

    Raises ``DataError`` listing every leg that cannot be drawn, located at the leg.
    """
    from logimap.errors import DataError

    geometries, problems = draw_legs(scenario, store)
    if problems:
        raise DataError(problems)
    return geometries


def draw_legs(scenario: Scenario, store: RouteStore | None = None, *,
              afresh: Collection[str] = (), only: Collection[str] | None = None
              ) -> tuple[dict[str, LegGeometry], list[Problem]]:
    """The geometry of every leg that can be drawn, by leg id, and a problem located at each
    leg that cannot (as ``build_geometries``, without raising). The legs named in ``afresh``
    are routed again whatever the store holds (and the store is given their new lines); with
    ``only``, only the legs it names are drawn."""
    from logimap.routecache import note_miss, pack_line
    from logimap.stored import Unusable, leg_line

    cache: Cache = {}
    geometries = {}
    problems = []
    keys: dict[str, str] = {}
    stops: dict[str, list] = {}
    legs = [leg for leg in scenario.legs if only is None or leg.id in only]
    if store and store.active:
        networks: dict[str, str] = {}
        for leg in legs:
            if leg.track:  # its line is its track file's: read at each build, never stored
                continue
            inputs = route_inputs(scenario, leg, networks)
            keys[leg.id], stops[leg.id] = store.key(inputs), inputs["stops"]
    found = store.get(key for leg, key in keys.items() if leg not in afresh) if keys else {}
    # legs from one place routed one after another: a network search from it serves them all
    for leg in sorted(legs, key=lambda leg: (leg.mode, leg.origin)):
        key = keys.get(leg.id)
        if key in found:
            try:
                geometries[leg.id] = LegGeometry(*leg_line(found[key], stops[leg.id]))
                continue
            except Unusable as exc:
                note_miss(f"line of leg {leg.id!r}", str(exc))
        try:
            geometries[leg.id] = geometry = leg_geometry(scenario, leg, cache)
        except GeometryError as exc:
            message = str(exc).removeprefix(f"{leg.where}: ")
            problems.append(Problem(leg.where.path, leg.where.where, message, exc.hint))
            continue
        if key:
            store.put(key, pack_line(geometry.coords, geometry.length_km))
    if store:
        store.save()
    return {leg.id: geometries[leg.id] for leg in legs if leg.id in geometries}, problems


def sea_problems(scenario: Scenario, geometries: dict[str, LegGeometry],
                 store: RouteStore | None = None) -> list[Problem]:
    """One problem for each sea leg whose line crosses land (away from its ports), or whose
    line cannot be checked at all, located at the leg. With a ``store``, lines checked by an
    earlier build are not checked again."""
    return list(sea_checks(scenario, geometries, store).values())


def sea_checks(scenario: Scenario, geometries: dict[str, LegGeometry],
               store: RouteStore | None = None) -> dict[str, Problem]:
    """``sea_problems``, by the id of the leg each is about."""
    import json

    from logimap.geometry.sea import (
        harbours,
        land_crossings,
        land_for,
        leg_stops,
        project_waterways,
    )
    from logimap.routecache import line_digest, note_miss
    from logimap.stored import Unusable
    from logimap.stored import crossings as stored_crossings

    # A track is what was observed: it is not checked against the land of a 1:10m map.
    sea = [leg for leg in scenario.legs
           if leg.mode == "sea" and leg.id in geometries and not leg.track]
    ports = {leg.id: harbours(leg_stops(scenario, leg)) for leg in sea}
    waterways = project_waterways(scenario)
    keys: dict[str, str] = {}
    if store and store.active:
        keys = {leg.id: store.key({"check": "sea", "ports": ports[leg.id],
                                   "line": line_digest(geometries[leg.id].coords),
                                   "waterways": waterways})
                for leg in sea}
    found = store.get(keys.values()) if keys else {}
    cache: Cache = {}
    problems = {}
    for leg in sea:
        coords, key = geometries[leg.id].coords, keys.get(leg.id)
        crossings = None
        if key in found:
            try:
                crossings = stored_crossings(found[key])
            except Unusable as exc:
                note_miss(f"land check of sea leg {leg.id!r}", str(exc))
        try:
            if crossings is None:
                crossings = land_crossings(coords, ports[leg.id], land=land_for(coords, cache),
                                           waterways=waterways)
                if key:
                    store.put(key, json.dumps(crossings).encode())
        except GeometryError as exc:
            problems[leg.id] = Problem(
                leg.where.path, leg.where.where, f"sea leg {leg.id!r} cannot be checked: {exc}",
                "split the leg into legs that each span less than 360 degrees of longitude",
            )
            continue
        if crossings:
            near = "; ".join(f"{lat:.3f}, {lon:.3f}" for lon, lat in crossings)
            problems[leg.id] = Problem(
                leg.where.path, leg.where.where,
                f"sea leg {leg.id!r} crosses land near {near} (lat, lon)",
                "move the port node onto the shore, or add a sea waypoint to 'via' that keeps "
                "the line at sea",
            )
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
