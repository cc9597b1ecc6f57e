"""Warnings about drawn lines that look wrong though every leg could be drawn: what a reader
would question, located at the leg and saying where on its line.

- a leg much longer than the great circle through its stops (``RATIO_LIMITS``, by mode):
  a gap in a network makes a detour;
- a line that runs out and back over itself (``spurs``) for more than ``SPUR_KM``: a missing
  link, or a via stop reached from the wrong side;
- a sea leg whose route goes the long way round because the shorter way is through a
  restricted passage (``RESTRICTED_SHORTER``) that it did not ask for.

The limits come from a survey of honest routes (``python -m bench.plausibility``; see
``bench/PLAUSIBILITY.md``): the default scenario's legs and random pairs of real ports and
towns pass them. Lines drawn from tracks (what was observed), air legs and ``path: direct``
legs (great circles) are not reviewed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from logimap.errors import Problem
from logimap.geo.geodesy import Point, geodesic_line
from logimap.route.geometry import great_circle_km, stop_points

if TYPE_CHECKING:
    import numpy as np

    from logimap.model import Leg, Scenario
    from logimap.route.geometry import LegGeometry

# A leg longer than this many times the great circle through its stops is flagged.
RATIO_LIMITS = {"rail": 2.0, "road": 1.8, "sea": 4.0}
# A line that runs back over itself for more than this (km) is flagged ...
SPUR_KM = 5.0
# ... where it comes back within this of where it went (km), turning by more than this.
SPUR_TOLERANCE_KM = 0.5
SPUR_TURN_DEG = 150.0
# A sea route is flagged when a way through a restricted passage would be this much shorter.
RESTRICTED_SHORTER = 0.2
KM_PER_DEG = 111.2
NOUNS = {"rail": "railway", "road": "road"}


def route_warnings(scenario: Scenario, geometries: dict[str, LegGeometry]) -> list[Problem]:
    """Every warning about the drawn lines of ``scenario`` (``geometries``, by leg id), in
    the order of the legs: too long, doubling back, the long way round a restricted
    passage."""
    found = []
    for leg in scenario.legs:
        geometry = geometries.get(leg.id)
        if geometry is None or leg.track or leg.mode not in RATIO_LIMITS or (
                leg.path == "direct"):
            continue
        found += [*_too_long(scenario, leg, geometry), *_doubling_back(scenario, leg, geometry),
                  *_round_restricted(scenario, leg, geometry)]
    return found


def _at(leg: Leg, message: str, hint: str) -> Problem:
    return Problem(leg.where.path, leg.where.where, message, hint)


def _place(point: Point) -> str:
    lon = (point[0] + 180.0) % 360.0 - 180.0
    return f"{point[1]:.3f}, {lon:.3f} (lat, lon)"


def _network_hint(leg: Leg) -> str:
    """What to do about a line that goes round: name the way, or mend the network."""
    if leg.mode == "sea":
        return ("if ships went another way, name the passages or ports they took in 'via'; "
                "a river or canal logimap does not know goes in geodata/networks/waterway.csv")
    return (f"the bundled network may lack a {NOUNS[leg.mode]} there: if one runs nearer, add "
            f"nodes on it and edges between them to geodata/networks/{leg.mode}.csv; if the "
            "source says the route went that way, add a 'via' node there")


def _too_long(scenario: Scenario, leg: Leg, geometry: LegGeometry) -> Iterator[Problem]:
    """The leg, when it is longer than ``RATIO_LIMITS`` times its great circle (and names no
    passage in 'via': then the way is asked for)."""
    if leg.via_passages:
        return
    circle = great_circle_km(scenario, leg)
    limit = RATIO_LIMITS[leg.mode]
    if circle <= 0 or geometry.length_km <= limit * circle:
        return
    far = _farthest(geometry.coords, geodesic_line(stop_points(scenario, leg)))
    yield _at(leg, f"{leg.mode} leg {leg.id!r} is drawn {geometry.length_km:,.0f} km long, "
              f"{geometry.length_km / circle:.1f} times the great circle through its stops "
              f"({circle:,.0f} km; {leg.mode} legs over {limit:g} times are flagged); it "
              f"strays farthest near {_place(far)}", _network_hint(leg))


def _farthest(line: Sequence[Point], circle: Sequence[Point]) -> Point:
    """The point of ``line`` farthest from ``circle`` (both unwrapped, compared in degrees
    scaled to km where they are)."""
    import numpy as np
    import shapely

    points, path = _flat(line), _flat(circle)
    path[:, 0] += 360.0 * KM_PER_DEG * np.round((points[0, 0] - path[0, 0])
                                                / (360.0 * KM_PER_DEG))
    distances = shapely.distance(shapely.points(points), shapely.LineString(path))
    return tuple(line[int(np.argmax(distances))])


def _flat(line: Sequence[Point]) -> np.ndarray:
    """Points as km east and north (longitude scaled at each point's latitude): near
    points keep their distances."""
    import numpy as np

    points = np.asarray(line, dtype=float).reshape(-1, 2)
    return np.stack([points[:, 0] * KM_PER_DEG * np.cos(np.radians(points[:, 1])),
                     points[:, 1] * KM_PER_DEG], axis=1)


def spurs(line: Sequence[Point]) -> list[tuple[int, int, float]]:
    """Where ``line`` turns back (by more than ``SPUR_TURN_DEG``) and runs back over itself
    (within ``SPUR_TOLERANCE_KM`` of where it went): (the point it turns at, the last point
    of its way back, the km it runs back), in order."""
    import numpy as np

    points = _flat(line)
    steps = np.diff(points, axis=0)
    lengths = np.hypot(steps[:, 0], steps[:, 1])
    moving = np.flatnonzero(lengths > 1e-6)
    if len(moving) < 2:
        return []
    unit = steps[moving] / lengths[moving, None]
    turn = math.cos(math.radians(SPUR_TURN_DEG))
    apexes = moving[1:][(unit[:-1] * unit[1:]).sum(axis=1) < turn]  # points where it turns
    if not len(apexes):
        return []
    import shapely

    found, reached = [], -1
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    for apex in apexes.tolist():
        if apex <= reached:
            continue
        tree = shapely.STRtree(shapely.linestrings(np.stack([points[:apex],
                                                             points[1:apex + 1]], axis=1)))
        back = shapely.points(points[apex:])
        near, _ = tree.query(back, predicate="dwithin", distance=SPUR_TOLERANCE_KM)
        close = np.zeros(len(back), dtype=bool)
        close[near] = True
        end = apex + (int(np.argmin(close)) - 1 if not close.all() else len(back) - 1)
        if end > apex:
            found.append((apex, end, float(along[end] - along[apex])))
            reached = end
    return found


def _doubling_back(scenario: Scenario, leg: Leg, geometry: LegGeometry) -> Iterator[Problem]:
    """The leg, where its line runs back over itself for more than ``SPUR_KM`` (at a via
    stop, more than that beyond how far the stop may lie from the network; a sea leg calling
    at a port goes in and out the same way, so there it is not flagged)."""
    from logimap.route.graph import join_km

    nodes = scenario.node_by_id
    via = [nodes[stop] for stop in leg.via if stop in nodes]
    for apex, end, km in spurs(geometry.coords):
        point = geometry.coords[apex]
        at_stop = next((node for node in via
                        if _km(point, (node.lon, node.lat)) < SPUR_TOLERANCE_KM), None)
        if at_stop is not None and leg.mode == "sea":
            continue
        allowed = SPUR_KM + (join_km(at_stop) if at_stop is not None else 0.0)
        if km <= allowed:
            continue
        where = (f"at via stop {at_stop.id!r}" if at_stop is not None
                 else f"near {_place(point)}")
        if at_stop is None:
            hint = _network_hint(leg)
        else:
            hint = (f"the line reaches {at_stop.id!r} from beyond it and goes back: the bundled "
                    f"network may lack the {NOUNS[leg.mode]} that reaches it the way the leg "
                    f"comes; add it (nodes and edges) to geodata/networks/{leg.mode}.csv, or, if "
                    "the stop lies at the end of a branch, split the leg there")
        yield _at(leg, f"{leg.mode} leg {leg.id!r} doubles back: {where} its line turns and "
                  f"runs {km:,.0f} km back over itself, to {_place(geometry.coords[end])}",
                  hint)


def _km(a: Point, b: Point) -> float:
    from logimap.geo.geodesy import distance_km

    return distance_km(((a[0] + 180.0) % 360.0 - 180.0, a[1]), b)


def _round_restricted(scenario: Scenario, leg: Leg, geometry: LegGeometry
                      ) -> Iterator[Problem]:
    """A sea leg that names no passage in 'via', when the way over the sea lanes through a
    restricted passage it avoided (neither asked for nor allowed) is ``RESTRICTED_SHORTER``
    shorter than its line."""
    from logimap.route.passages import passages, restricted

    avoided = frozenset(restricted()) - frozenset(scenario.allow)
    if leg.mode != "sea" or leg.via_passages or not avoided:
        return
    bound = (1.0 - RESTRICTED_SHORTER) * geometry.length_km
    if bound < great_circle_km(scenario, leg):
        return  # no way, however short, saves that much
    found = _through_restricted(tuple(stop_points(scenario, leg)), frozenset(leg.avoid),
                                avoided, bound)
    if found is None:
        return
    km, through = found
    names = passages()
    drawn = [p for p in geometry.passages if p.id]
    taken = "; ".join(p.name for p in drawn) or "no named passage"
    shorter = " and the ".join(names[p].name for p in through)
    example = next((p.id for p in drawn if p.kind == "canal"), drawn[0].id if drawn else "")
    named = (f"name a passage it took in 'via' (via: [{example}])" if example
             else "name a port it called at in 'via'")
    yield _at(leg, f"sea leg {leg.id!r} goes the long way round: {geometry.length_km:,.0f} km "
              f"through {taken}; over the sea lanes, the way through the {shorter} "
              f"(restricted: seasonal, in ice) is about {1.0 - km / geometry.length_km:.0%} "
              "shorter",
              f"if the source says ships went through the {shorter}, add via: "
              f"[{', '.join(through)}] to the leg (or list it under 'allow' in "
              f"routes/scenario.yaml); if it says they went the way drawn, {named}, and the "
              "route is asked for")


@lru_cache(maxsize=256)
def _through_restricted(points: tuple[Point, ...], avoid: frozenset[str],
                        restricted: frozenset[str], bound: float
                        ) -> tuple[float, list[str]] | None:
    """The shortest way over the sea lanes between the lane nodes nearest each stop, in
    order, through anything but ``avoid``, when it is shorter than ``bound`` km and goes
    through passages of ``restricted``: its length and those passages; else None. Each
    search stops at ``bound`` km."""
    from logimap.route.lanes import lanes, steered
    from logimap.route.passages import crossed

    graph = lanes()
    free = steered(avoid)
    total, line = 0.0, []
    for a, b in pairwise(_nearest_lane_node(point) for point in points):
        found = _lane_path(free, a, b, bound - total)
        if found is None:
            return None
        total += found[0]
        for node in found[1]:
            line.append(graph.point_near(node, line[-1][0] if line else graph.points[node][0]))
    through = list(dict.fromkeys(crossed(line, restricted)))
    return (total, through) if through else None


def _nearest_lane_node(point: Point) -> int:
    """The lane node nearest ``point`` (by the angle between them)."""
    import numpy as np

    from logimap.route.lanes import lanes

    nodes = lanes().points
    lon, lat = np.radians(nodes[:, 0] - point[0]), np.radians(nodes[:, 1])
    here = math.radians(point[1])
    cosine = (np.sin(here) * np.sin(lat) + np.cos(here) * np.cos(lat) * np.cos(lon))
    return int(np.argmax(cosine))


def _lane_path(graph: Any, a: int, b: int, limit: float) -> tuple[float, list[int]] | None:
    """The length (km) and nodes of the shortest path from lane node ``a`` to ``b``, when it
    is shorter than ``limit``."""
    from scipy.sparse.csgraph import dijkstra

    distances, previous = dijkstra(graph, directed=True, indices=a, return_predecessors=True,
                                   limit=max(limit, 0.0))
    if not distances[b] < limit:
        return None
    chain = [b]
    while chain[-1] != a:
        chain.append(int(previous[chain[-1]]))
    return float(distances[b]), chain[::-1]
