"""Rail and road legs over a network: the bundled OpenStreetMap one plus the scenario's edges.

Rail legs follow OpenStreetMap's railways and ``geodata/networks/rail.csv``, road legs its
highways and ``geodata/networks/road.csv``, through their stops in order (``router`` finds the
paths); a leg with ``path: direct`` is drawn as geodesic lines through its stops instead. The
line leaves each stop straight to the point where it joins the network, follows the shortest
path, and comes straight back to the next stop. A stop farther from the network than its
join radius, but within the project's ``off_network_km``, joins its nearest point all the
same: that straight stretch is an ``OFF_NETWORK`` ``Stretch`` of the geometry, drawn as
schematic (and warned about). Its length is geodesic (WGS84), like every other mode's. When
no line can be drawn, the error names the leg, the stops and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from logimap.errors import GeometryError
from logimap.geo.geodesy import GEOD, STEP_KM, Point, densify_segment, length_km, unwrap
from logimap.route.air import great_circle
from logimap.route.geometry import (
    OFF_NETWORK,
    LegGeometry,
    RouteCache,
    Stretch,
    joined,
    stop_points,
)
from logimap.route.graph import JUNCTION_KM, NetworkRouter, NoPath, Unjoined, join_km

if TYPE_CHECKING:
    from logimap.model import Leg, Node, Scenario

STOP_WORDS = {"rail": "station", "road": "place"}
JOIN_MARGIN_KM = 0.01  # a stop off the network joins it this much past its nearest point


def track_line(points: Sequence[Point]) -> list[Point]:
    """An unwrapped line through ``points``: segments longer than ``STEP_KM`` are densified
    along the geodesic, shorter ones kept straight (a path's points are close together)."""
    import numpy as np

    lons, lats = np.array(points).T
    gaps = GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])[2] / 1000.0
    line: list[Point] = [points[0]]
    for (a, b), gap in zip(pairwise(points), gaps, strict=True):
        if gap > STEP_KM:
            line.extend(densify_segment(a, b)[1:])
        else:
            line.append(b)
    return unwrap(line)


def route(scenario: Scenario, leg: Leg, cache: RouteCache) -> LegGeometry:
    """Draw a rail or road leg: over the network (``path: network``, the default), or as
    geodesic lines through its stops (``path: direct``)."""
    points = stop_points(scenario, leg)
    if leg.path == "direct":
        return great_circle(points)
    nodes = [scenario.node_by_id[stop] for stop in leg.stops]
    within = frozenset(leg.within)
    limit = scenario.off_network_km
    key = (leg.mode, tuple(points), tuple(join_km(n) for n in nodes), within, limit)
    if key not in cache.lines:
        router = _router(scenario, leg.mode, cache)
        pieces: list[list[Point]] = []
        ends: list[int | None] = []  # the stop each piece joins off the network
        for number, pair in enumerate(pairwise(nodes)):
            path, (first_off, last_off) = _stretch(router, leg, pair, within, limit)
            lead, tail = path[:2] if first_off else [], path[-2:] if last_off else []
            middle = path[1 if first_off else 0:len(path) - 1 if last_off else len(path)]
            for part, stop in ((lead, number), (middle, None), (tail, number + 1)):
                if len(part) > 1:
                    pieces.append(track_line(part))
                    ends.append(stop)
        coords, starts = joined(pieces)
        stretches = tuple(Stretch(OFF_NETWORK, stop, starts[k], starts[k] + len(pieces[k]) - 1)
                          for k, stop in enumerate(ends) if stop is not None)
        cache.lines[key] = LegGeometry(tuple(coords), length_km(coords), stretches)
    return cache.lines[key]


def _router(scenario: Scenario, mode: str, cache: RouteCache) -> NetworkRouter:
    """The mode's router for this scenario, made once per build."""
    if mode not in cache.routers:
        nodes = scenario.node_by_id
        edges = scenario.network(mode)
        for edge in edges:
            for end in (edge.a, edge.b):
                if end not in nodes:
                    raise GeometryError(f"{edge.where}: edge names unknown node {end!r}",
                                        "add it to geodata/nodes.csv or fix the id")
        cache.routers[mode] = NetworkRouter(mode, nodes, edges)
    return cache.routers[mode]


def _stretch(router: NetworkRouter, leg: Leg, pair: tuple[Node, Node],
             within: frozenset[str], limit_km: float) -> tuple[list[Point], list[bool]]:
    """The path between two consecutive stops and, for each, whether it joins the network off
    its join radius (within ``limit_km``); or a located error saying why there is none."""
    a, b = pair
    points = ((a.lon, a.lat), (b.lon, b.lat))
    inside = f" in {', '.join(sorted(within))}" if within else ""
    what = f"{leg.where}: {leg.mode} leg {leg.id!r}"
    network = f"the bundled {router.noun}s and geodata/networks/{leg.mode}.csv"
    radii, off = [join_km(a), join_km(b)], [False, False]
    while True:
        try:
            path = router.path(*points, (radii[0], radii[1]), within)[0]
            return (path if len(path) > 1 else list(points)), off  # two stops at one point
        except Unjoined as error:
            node = pair[error.end]
            if error.nearest is None:
                raise GeometryError(f"{what}: there is no {router.noun}{inside}",
                                    "check 'within', or set 'path: direct'") from None
            km, (lon, lat) = error.nearest
            if off[error.end] or km > limit_km:
                raise GeometryError(
                    f"{what}: {STOP_WORDS[leg.mode]} {node.id!r} is {km:.1f} km from any "
                    f"{router.noun}{inside} (the nearest is at {lat:.3f}, {lon:.3f} lat, lon), "
                    f"more than the {limit_km:g} km that off_network_km allows",
                    off_network_fixes(leg.mode, (node.lon, node.lat),
                                      "raise off_network_km in routes/scenario.yaml")) from None
            radii[error.end], off[error.end] = km + JOIN_MARGIN_KM, True
        except NoPath:
            break
    if within:
        try:
            _, vertices = router.path(*points, (radii[0], radii[1]))
            outside = [c for c in router.countries_of(vertices) if c not in within]
        except (Unjoined, NoPath):
            outside = []
    apart = router.gap(*points, (radii[0], radii[1]), within)
    if within and outside:
        near = ""
        if apart is not None:
            near = (f"; {inside.strip()}, the lines reached from the two stops come within "
                    f"{apart[2]:.1f} km of each other near {apart[3][1]:.3f}, "
                    f"{apart[3][0]:.3f} (lat, lon)")
        raise GeometryError(
            f"{what}: no path{inside} joins {a.id!r} to {b.id!r} on {network}; the shortest "
            f"one runs through {', '.join(outside)}{near}",
            "list the countries it must cross in 'within'; if a line joins the two near that "
            f"place, add a node there and edges from it to geodata/networks/{leg.mode}.csv; "
            "or split the leg")
    if apart is not None:
        size_a, size_b, km, (lon, lat) = apart
        raise GeometryError(
            f"{what}: no path{inside} joins {a.id!r} to {b.id!r}: they join separate pieces of "
            f"{network} ({size_a:,} and {size_b:,} points), which come within {km:.1f} km of "
            f"each other near {lat:.3f}, {lon:.3f} (lat, lon)",
            f"if a line joins them there, add a node at that place and edges from it to "
            f"geodata/networks/{leg.mode}.csv (a node listed there joins every line within "
            f"{JUNCTION_KM:g} km); or split the leg")
    raise GeometryError(f"{what}: no path{inside} joins {a.id!r} to {b.id!r} on {network}",
                        "add the missing edges, or split the leg")


def off_network_fixes(mode: str, point: Point, *more: str) -> str:
    """What to do about a stop of a ``mode`` leg far from the network (and ``more``), as a
    hint; it says to use ``mode: sea`` first when the stop lies on a river or the sea."""
    from logimap.route.sea import on_water

    fixes = ["check the node's coordinate", f"add edges reaching it to geodata/networks/"
             f"{mode}.csv", "set 'path: direct' on the leg", *more]
    said = f"{', '.join(fixes[:-1])}, or {fixes[-1]}"
    if on_water(point):
        return (f"the stop lies on a river or the sea: if the leg goes by water, set "
                f"'mode: sea' on it; else {said}")
    return said
