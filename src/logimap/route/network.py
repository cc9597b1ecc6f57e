"""Rail and road legs over a network: the bundled OpenStreetMap one plus the scenario's edges.

Rail legs follow OpenStreetMap's railways and ``geodata/networks/rail.csv``, road legs its
highways and ``geodata/networks/road.csv``, through their stops in order (``router`` finds the
paths); a leg with ``path: direct`` is drawn as geodesic lines through its stops instead. The
line leaves each stop straight to the point where it joins the network, follows the shortest
path, and comes straight back to the next stop. Its length is geodesic (WGS84), like every
other mode's. When no line can be drawn, the error names the leg, the stops and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from logimap.errors import GeometryError
from logimap.geo.geodesy import GEOD, STEP_KM, Point, densify_segment, join, length_km, unwrap
from logimap.route.air import great_circle
from logimap.route.geometry import LegGeometry, RouteCache, stop_points
from logimap.route.graph import JUNCTION_KM, NetworkRouter, NoPath, Unjoined, join_km

if TYPE_CHECKING:
    from logimap.model import Leg, Node, Scenario

STOP_WORDS = {"rail": "station", "road": "place"}


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
    key = (leg.mode, tuple(points), tuple(join_km(n) for n in nodes), within)
    if key not in cache.lines:
        router = _router(scenario, leg.mode, cache)
        parts = [_stretch(router, leg, pair, within) for pair in pairwise(nodes)]
        coords = track_line(join(parts))
        cache.lines[key] = LegGeometry(tuple(coords), length_km(coords))
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
             within: frozenset[str]) -> list[Point]:
    """The path between two consecutive stops, or a located error saying why there is none."""
    a, b = pair
    points = ((a.lon, a.lat), (b.lon, b.lat))
    inside = f" in {', '.join(sorted(within))}" if within else ""
    what = f"{leg.where}: {leg.mode} leg {leg.id!r}"
    network = f"the bundled {router.noun}s and geodata/networks/{leg.mode}.csv"
    try:
        path = router.path(*points, (join_km(a), join_km(b)), within)[0]
        return path if len(path) > 1 else list(points)  # two stops at one point
    except Unjoined as error:
        node = pair[error.end]
        if error.nearest is None:
            raise GeometryError(f"{what}: there is no {router.noun}{inside}",
                                "check 'within', or set 'path: direct'") from None
        km, (lon, lat) = error.nearest
        raise GeometryError(
            f"{what}: {STOP_WORDS[leg.mode]} {node.id!r} is {km:.1f} km from any "
            f"{router.noun}{inside} (the nearest is at {lat:.3f}, {lon:.3f} lat, lon; a node "
            f"of precision {node.precision!r} joins one within {join_km(node):g} km)",
            f"check the node's coordinate, add edges reaching it to "
            f"geodata/networks/{leg.mode}.csv, or set 'path: direct' on the leg") from None
    except NoPath:
        pass
    if within:
        try:
            _, vertices = router.path(*points, (join_km(a), join_km(b)))
            outside = [c for c in router.countries_of(vertices) if c not in within]
        except (Unjoined, NoPath):
            outside = []
    apart = router.gap(*points, (join_km(a), join_km(b)), within)
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
