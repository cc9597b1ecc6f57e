"""Sea legs: routed on water between consecutive stops, never over land.

Between two stops the line is, in order of preference:

* the straight (densified geodesic) line, when it stays off land;
* else the shortest of two searches, pulled straight wherever a straight hop stays off land:
  the bundled sea lanes (``lanes``), joined to each stop by a path on the water around it
  (``water``: 1:10m sea and waterway corridors, in windows that grow until a lane is
  reached), and, for stops close together, a path on the water around both.

A stop that is a port (any node kind but ``waypoint``) may lie some way from the water that
Natural Earth maps at 1:10m (a quay, a river port drawn on the bank, a town's coordinate, a
coast generalised at that scale): up to ``PORT_REACH_KM`` for the precision of its
coordinate, or farther, up to the project's ``off_network_km`` (the warnings say so). The
line joins it straight to the nearest water it uses: that **approach** is a ``Stretch`` of
the leg's geometry, drawn as schematic, and the line on the water never crosses land. A
waypoint a little off the water is moved onto the nearest water within ``move_km`` of its
precision (the line passes there, a ``Moved`` of the geometry); one farther is a problem.
Waterways count as water: Natural Earth's 1:10m river and lake centre lines, the inland
stretches of the sea lanes (canals, rivers and lakes the lanes follow) and the project's own
``geodata/networks/waterway.csv``, each with a corridor of ``WATERWAY_HALF_WIDTH_KM`` either
side. So a sea leg may end at a river port.

When no route exists, the leg is a problem that says why; a line is never drawn straight over
land instead. ``land_crossings`` checks any line (a stored one, say) the same way.

Named passages steer a route (``Steer``): a leg's ``via`` may name passages it goes through
(in order, between two stops), and its ``avoid`` passages it must not; the restricted ones
(the Northern Sea Route and the Northwest Passage, seasonal) are avoided unless the leg names
them in ``via`` or the project allows them (``allow`` in ``routes/scenario.yaml``). A route
avoids a passage by never crossing its gates: the lane edges across them are left out and the
water searched near a stop is cut along them; a route through passages follows the lanes
through them in order (``lanes.steered``), and every line found is checked again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from logimap.errors import GeometryError
from logimap.geo.geodesy import Point, distance_km, geodesic_line, join, length_km
from logimap.model import OFF_NETWORK_KM
from logimap.route.geometry import (
    APPROACH,
    LegGeometry,
    Moved,
    RouteCache,
    Stretch,
    joined,
    stop_points,
)
from logimap.route.water import (
    CLEARANCE_KM,
    WATERWAY_CHECK_KM,
    WATERWAY_HALF_WIDTH_KM,
    Approach,
    Waterways,
    km_to_deg,
)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from logimap.model import Leg, Scenario

# How far a port may lie from the water, by the precision of its coordinate, before a warning
PORT_REACH_KM = {"site": 5.0, "town": 10.0, "approximate": 10.0, "approximate-low": 30.0}
DEFAULT_REACH_KM = 10.0  # a port whose precision is none of the above
WAYPOINT_MOVE_KM = 3.0  # how far a waypoint of precision 'waypoint' is moved onto the water
QUIET_MOVE_KM = 0.25  # a waypoint moved less than this is taken as on the water: no warning
APPROACH_DEG = (1.0, 2.0, 4.0, 8.0)  # half-heights of the windows searched round a stop
NEAR_DEG = 4.0  # stops this close (either way) are also joined on one window round both
MARGIN_DEG = 0.5  # land is fetched over the line's bounding box plus this margin
MAX_LAT = 89.0  # water is searched this far north and south of the equator, no further
# Land around all of a build's sea stops is fetched once when they lie within this many
# degrees each way: one read and clip instead of one per line, and tests stay quick.
PREFETCH_MAX_DEG = 40.0
WATERWAY_NETWORK = "waterway"
WATERWAY_TILE_DEG = 10.0  # waterway lines are indexed by tiles this wide
REACH_MARGIN_KM = 0.1  # a port beyond its reach may reach this much past the nearest water
ON_WATER_KM = 1.0  # a point this near the water a sea leg follows lies on it (``on_water``)
SAMPLE_KM = 2.0  # a line is first tested for land at points this far apart,
MAX_SAMPLES = 500  # ... and at this many at most


def route(scenario: Scenario, leg: Leg, cache: RouteCache) -> LegGeometry:
    """Draw a sea leg through its stops on water (see the module's docstring)."""
    stops = leg_stops(scenario, leg)
    waterways = project_waterways(scenario)
    limit = scenario.off_network_km
    steers = leg_steers(scenario, leg)
    key = ("sea", tuple(stops), waterways, limit, steers)
    if not cache.land_prefetched:
        _prefetch_land(scenario, cache)
    if key not in cache.lines:
        try:
            _within_reach(stops)
            line = sea_path(stops, cache, waterways=waterways, limit_km=limit, steers=steers)
        except GeometryError as error:
            raise GeometryError(f"{leg.where}: sea leg {leg.id!r}: {error}", error.hint) from None
        cache.lines[key] = LegGeometry(tuple(line.coords), length_km(line.coords),
                                       line.approaches, line.moved)
    return cache.lines[key]


def _restricted() -> frozenset[str]:
    from logimap.route.passages import restricted

    return frozenset(restricted())


@dataclass(frozen=True)
class Steer:
    """The named passages a route between two stops goes through (``through``, in order) and
    those it must not go through (``avoid``; by default the restricted ones)."""

    through: tuple[str, ...] = ()
    avoid: frozenset[str] = field(default_factory=_restricted)

    @property
    def steered(self) -> frozenset[str]:
        """Every passage whose gates the route may not cross freely."""
        return self.avoid | frozenset(self.through)

    def obeyed(self, line: Sequence[Point]) -> bool:
        """Whether ``line`` goes through ``through`` in order and through nothing avoided."""
        from logimap.route.passages import crossed

        return crossed(line, self.steered) == list(self.through)

    def crossing(self, hop: Sequence[Point]) -> bool:
        """Whether a straight (geodesic) ``hop`` crosses a gate of a steered passage (tested
        only when its bounding box meets one of theirs)."""
        from logimap.route.passages import crossed

        line = geodesic_line(hop) if len(hop) == 2 else hop
        xs, ys = [x for x, _ in line], [y for _, y in line]
        west, south, east, north = min(xs), min(ys), max(xs), max(ys)
        if not any(w <= east and e >= west and s <= north and n >= south
                   for w, s, e, n in _gate_boxes(self.steered)):
            return False
        return bool(crossed(line, self.steered))

    def words(self) -> str:
        """The steering in words, for a message: " through the Suez Canal, avoiding ..."."""
        from logimap.route.passages import passages

        named = passages()
        parts = []
        if self.through:
            parts.append("through the " + " then the ".join(named[p].name
                                                            for p in self.through))
        avoided = sorted(self.avoid - _restricted())
        if avoided:
            parts.append("avoiding the " + ", the ".join(named[p].name for p in avoided))
        return " " + ", ".join(parts) if parts else ""


@lru_cache(maxsize=64)
def _gate_boxes(steered: frozenset[str]) -> tuple[tuple[float, float, float, float], ...]:
    """The bounding boxes of the gates of ``steered`` passages in three world copies, grown
    by a degree."""
    from logimap.route.passages import passages

    boxes = []
    for passage in sorted(steered):
        for gate in passages()[passage].gates:
            xs, ys = [x for x, _ in gate.coords], [y for _, y in gate.coords]
            boxes += [(min(xs) + shift - 1.0, min(ys) - 1.0, max(xs) + shift + 1.0,
                       max(ys) + 1.0) for shift in (-360.0, 0.0, 360.0)]
    return tuple(boxes)


def leg_steers(scenario: Scenario, leg: Leg) -> tuple[Steer, ...]:
    """How each stretch of a sea leg (stop i to stop i + 1) is steered: the passages its
    ``via`` names there, and the passages it avoids (its ``avoid``, and the restricted ones
    that neither its ``via`` names nor the project allows). Names that are no passage's (the
    checks report them) are left out."""
    from logimap.route.passages import passages

    known = passages()
    named = {passage for _, passage in leg.via_passages if passage in known}
    avoid = frozenset(p for p in leg.avoid if p in known) | (
        _restricted() - named - frozenset(scenario.allow))
    return tuple(Steer(tuple(p for at, p in leg.via_passages if at == stretch and p in known),
                       avoid) for stretch in range(len(leg.stops) - 1))


@dataclass(frozen=True)
class Stop:
    """A stop of a sea leg: its point, its id (for messages) and, for a port, how far it may
    lie from the water (0 for a waypoint)."""

    point: Point
    name: str = "stop"
    reach_km: float = 0.0
    move_km: float = 0.0  # a waypoint: how far it may be moved onto the water

    @property
    def port(self) -> bool:
        return self.reach_km > 0

    @property
    def attach_km(self) -> float:
        """How far from the water searched the stop may be joined to it: a port's reach; a
        waypoint only the clearance kept off the coast."""
        return self.reach_km if self.port else 2.5 * CLEARANCE_KM

    def describe(self) -> str:
        what = "port" if self.port else "waypoint"
        return f"{what} {self.name!r} ({self.point[1]:.4f}, {_wrap(self.point[0]):.4f})"


def _within_reach(stops: Sequence[Stop]) -> None:
    """Raise a ``GeometryError`` naming the first stop nearer a pole than ``MAX_LAT``."""
    for stop in stops:
        if abs(stop.point[1]) > MAX_LAT:
            side = "N" if stop.point[1] > 0 else "S"
            raise GeometryError(f"{stop.describe()} lies beyond latitude {MAX_LAT:g}° {side}, "
                                "where logimap's search of the water ends",
                                f"move it within {MAX_LAT:g}° of the equator, or draw the leg "
                                "from a track")


def leg_stops(scenario: Scenario, leg: Leg) -> list[Stop]:
    """The leg's stops in order: ports with their reach, waypoints with how far they may be
    moved onto the water."""
    points = stop_points(scenario, leg)
    nodes = scenario.node_by_id
    return [Stop(point, ident, port_reach_km(nodes[ident].kind, nodes[ident].precision),
                 move_km(nodes[ident].kind, nodes[ident].precision))
            for ident, point in zip(leg.stops, points, strict=True)]


def port_reach_km(kind: str, precision: str) -> float:
    """How far a stop of this kind and precision may lie from the water (0: a waypoint)."""
    return 0.0 if kind == "waypoint" else PORT_REACH_KM.get(precision, DEFAULT_REACH_KM)


def move_km(kind: str, precision: str) -> float:
    """How far a waypoint of this precision may be moved onto the water (0: a port)."""
    return PORT_REACH_KM.get(precision, WAYPOINT_MOVE_KM) if kind == "waypoint" else 0.0


def project_waterways(scenario: Scenario) -> Waterways:
    """The lines of the project's ``geodata/networks/waterway.csv``, (lon, lat) pairs, with
    a mouth joining each end near the sea to it (``water.mouths``)."""
    from logimap.route.water import mouths

    nodes = scenario.node_by_id
    edges = tuple(((nodes[e.a].lon, nodes[e.a].lat), (nodes[e.b].lon, nodes[e.b].lat))
                  for e in scenario.network(WATERWAY_NETWORK) if e.a in nodes and e.b in nodes)
    return edges + mouths(edges) if edges else ()


def _prefetch_land(scenario: Scenario, cache: RouteCache) -> None:
    """Fetch land once around every sea stop of the scenario, when they lie close together."""
    stops = [(node.lon, node.lat) for leg in scenario.legs if leg.mode == "sea"
             for node in (scenario.node_by_id.get(stop) for stop in leg.stops) if node]
    cache.land_prefetched = True
    spans = [max(values) - min(values) for values in zip(*stops, strict=True)]
    if stops and max(spans) <= PREFETCH_MAX_DEG:
        land_for(stops, cache)


@dataclass(frozen=True)
class SeaLine:
    """A sea leg's unwrapped line through its stops, its approaches (the stretches from a port
    off the water to the water) and its waypoints moved onto the water."""

    coords: list[Point]
    approaches: tuple[Stretch, ...]
    moved: tuple[Moved, ...]


def sea_path(stops: Sequence[Stop], cache: RouteCache | None = None, *,
             waterways: Waterways = (), limit_km: float = OFF_NETWORK_KM,
             steers: Sequence[Steer] | None = None) -> SeaLine:
    """The line on water through ``stops`` (see the module's docstring), each port off the
    water joined to it by an approach, each stretch steered by ``steers`` (default: through
    no passage in particular, avoiding the restricted ones); raises ``GeometryError`` saying
    why when no route exists between two of them."""
    cache = RouteCache() if cache is None else cache
    steers = [Steer()] * (len(stops) - 1) if steers is None else steers
    afloat = []
    for number, stop in enumerate(stops):
        key = (stop, waterways, limit_km, 0 < number < len(stops) - 1)
        if key not in cache.sea_afloat:
            cache.sea_afloat[key] = _afloat(*key)
        afloat.append(cache.sea_afloat[key])
    pieces: list[list[Point]] = []
    ends: list[int | None] = []  # the stop each piece is the approach of
    first_piece = []
    for number, ((a, b), steer) in enumerate(zip(pairwise(afloat), steers, strict=True)):
        key = (a, b, waterways, steer)
        if key not in cache.sea_stretches:
            cache.sea_stretches[key] = _Pair(a, b, waterways, cache, steer).path()
        first_piece.append(len(pieces))
        lead, middle, tail = cache.sea_stretches[key]
        for points, stop in ((lead, number), (middle, None), (tail, number + 1)):
            if len(points) > 1:
                pieces.append(points)
                ends.append(stop)
    coords, starts = joined(pieces)
    approaches = tuple(Stretch(APPROACH, stop, starts[k], starts[k] + len(pieces[k]) - 1)
                       for k, stop in enumerate(ends) if stop is not None)
    stop_at = [starts[k] for k in first_piece] + [len(coords) - 1]
    moved = tuple(Moved(number, stop_at[number])
                  for number, (stop, routed) in enumerate(zip(stops, afloat, strict=True))
                  if routed.point != stop.point)
    return SeaLine(coords, approaches, moved)


def _afloat(stop: Stop, waterways: Waterways, limit_km: float, via: bool = False) -> Stop:
    """``stop`` as it is routed: a waypoint off the water moved onto the nearest water within
    its ``move_km``; a port farther from the water than its reach, but within ``limit_km``,
    and a ``via`` port off the water, given the reach of the nearest water (so that the
    lines to and from a port of call leave the water at one point). Any other as it is (a
    stop no water reaches is reported by the route's search)."""
    from dataclasses import replace

    allowance = stop.reach_km if stop.port else stop.move_km
    if allowance <= 0 or _at_home(stop.point, waterways):
        return stop  # on the water, or a waypoint that may not move
    shore = _nearest_water(stop.point, allowance, waterways)
    if shore is None and stop.port and limit_km > allowance:  # farther than its precision
        shore = _nearest_water(stop.point, limit_km, waterways)
    if shore is None:
        return stop
    if not stop.port:
        return replace(stop, point=shore)
    away = distance_km(stop.point, shore)
    if away <= stop.reach_km and not via:
        return stop
    return replace(stop, reach_km=away + REACH_MARGIN_KM)


def on_water(point: Point, waterways: Waterways = ()) -> bool:
    """Whether ``point`` lies on the water a sea leg follows, or within ``ON_WATER_KM`` of it
    (a town on a river bank); never nearer a pole than ``MAX_LAT``, where the search of the
    water ends."""
    return abs(point[1]) <= MAX_LAT and _nearest_water(point, ON_WATER_KM, waterways) is not None


@lru_cache(maxsize=1 << 16)
def _at_home(point: Point, waterways: Waterways) -> bool:
    """Whether ``point`` lies on the water around it (``_home`` with no reach); kept for
    each point, as stops recur from leg to leg."""
    from logimap.route import water

    return water.on_water(_around(point, APPROACH_DEG[0]), point, waterways)


def _home(point: Point, reach_km: float, waterways: Waterways) -> Any:
    """The water around ``point`` that a stop joins within ``reach_km`` (``water.mesh``)."""
    from logimap.route import water

    return water.mesh(_around(point, max(APPROACH_DEG[0], reach_km / 100.0)), waterways)


def _nearest_water(point: Point, reach_km: float, waterways: Waterways) -> Point | None:
    """The nearest point of the water within ``reach_km`` of ``point`` (``point`` itself on
    the water), None when there is none."""
    shores = [a.path[-1] for a in _home(point, reach_km, waterways).attach(point, reach_km)]
    if not shores:
        return None
    lon, lat = min(shores, key=lambda shore: distance_km(point, shore))
    return (float(lon), float(lat))


class _Pair:
    """The route between two consecutive stops (see the module's docstring)."""

    def __init__(self, a: Stop, b: Stop, waterways: Waterways, cache: RouteCache,
                 steer: Steer | None = None):
        shift = 360.0 * round((a.point[0] - b.point[0]) / 360.0)
        self.a = a
        self.b = Stop((b.point[0] + shift, b.point[1]), b.name, b.reach_km, b.move_km)
        self.end = b.point  # as given: the line ends there exactly, give or take whole turns
        self.waterways = waterways
        self.cache = cache
        self.steer = Steer() if steer is None else steer

    def clear(self, line: Sequence[Point], corridor_km: float = WATERWAY_CHECK_KM) -> bool:
        """True when the geodesic through ``line``'s points stays off land, away from
        waterways (within ``corridor_km`` of their lines)."""
        drawn = geodesic_line(line) if len(line) == 2 else list(line)
        return not land_crossings(drawn, land=land_for(drawn, self.cache),
                                  waterways=self.waterways, first=True, corridor_km=corridor_km)

    def shortcut_clear(self, hop: Sequence[Point]) -> bool:
        """``clear`` within the corridors that routes keep to along waterways (narrower
        than the land check's), so that a pulled line never runs along the check's edge;
        and across no gate of a steered passage (the path's own steps cross those)."""
        return self.clear(hop, WATERWAY_HALF_WIDTH_KM) and not self.steer.crossing(hop)

    def path(self) -> tuple[list[Point], list[Point], list[Point]]:
        """The approach from ``a`` to the water (empty when ``a`` lies on it), the line on the
        water, and the approach from the water to ``b``, the last of them ending at ``b``'s
        point exactly (shifted by whole turns when the line runs that way round)."""
        lead, line, tail = self._path()
        last = tail if tail else line
        turns = round((last[-1][0] - self.end[0]) / 360.0)
        last[-1] = (self.end[0] + 360.0 * turns, self.end[1])
        return lead, line, tail

    def _path(self) -> tuple[list[Point], list[Point], list[Point]]:
        ashore = [stop.port and not self._on_water(stop) for stop in (self.a, self.b)]
        landfalls = [self._landfall(stop) if off else stop.point
                     for stop, off in zip((self.a, self.b), ashore, strict=True)]
        if landfalls[0] == landfalls[1]:  # two ports joining the water at one point
            return self._framed([landfalls[0]], ashore)
        straight = geodesic_line(landfalls)
        if self.clear(straight) and self.steer.obeyed(straight):
            return self._framed(straight, ashore)
        candidates = [c for c in (self._near(), self._over_lanes()) if c is not None]
        if not candidates:
            raise GeometryError(*self._why_none())
        _, found, joined_from = min(candidates, key=lambda c: c[0])
        # the search starts at a and ends at b; a port off the water joins it by one hop
        ashore = [stop.port and off for stop, off in zip((self.a, self.b), joined_from,
                                                         strict=True)]
        found = found[1 if ashore[0] else 0:len(found) - 1 if ashore[1] else len(found)]
        coarse = _corners(found) if len(found) > 1 else found
        both = [*coarse, self.a.point, self.b.point]
        if max(x for x, _ in both) - min(x for x, _ in both) < 300:
            land_for(both, self.cache)  # one fetch covers what follows
        from logimap.route.water import taut

        line = geodesic_line(taut(coarse, self.shortcut_clear)) if len(coarse) > 1 else coarse
        if not (self.clear(line) and self.steer.obeyed(line)):
            # the pulled line should never fail; the search's may not
            line = geodesic_line(coarse)
        if not (self.clear(line) and self.steer.obeyed(line)):
            raise GeometryError(*self._why_none())
        return self._framed(line, ashore)

    def _framed(self, line: list[Point], ashore: list[bool]
                ) -> tuple[list[Point], list[Point], list[Point]]:
        """The line on the water with the approaches that join the stops off it."""
        lead = geodesic_line([self.a.point, line[0]]) if (
            ashore[0] and line[0] != self.a.point) else []
        tail = geodesic_line([line[-1], self.b.point]) if (
            ashore[1] and line[-1] != self.b.point) else []
        return lead, line, tail

    def _on_water(self, stop: Stop) -> bool:
        return _at_home(stop.point, self.waterways)

    def _landfall(self, stop: Stop) -> Point:
        """The nearest water within the stop's reach (the stop itself when none: the
        searches then say why)."""
        return _nearest_water(stop.point, stop.attach_km, self.waterways) or stop.point

    def _cuts(self, box: tuple[float, float, float, float], through: bool = True) -> Waterways:
        """The gates of the steered passages (with ``through``, else only of the avoided
        ones) that reach into ``box``, moved by whole turns into its longitudes: lines the
        water searched there is cut along."""
        from logimap.route.passages import passages

        steered = self.steer.steered if through else self.steer.avoid
        west, south, east, north = box
        found = []
        for passage in sorted(steered):
            for gate in passages()[passage].gates:
                xs, ys = [x for x, _ in gate.coords], [y for _, y in gate.coords]
                for shift in (-360.0, 0.0, 360.0):
                    if (min(xs) + shift <= east and max(xs) + shift >= west
                            and min(ys) <= north and max(ys) >= south):
                        found.append(tuple((x + shift, y) for x, y in gate.coords))
        return tuple(found)

    def _near(self) -> Found | None:
        """The shortest path on one window round both stops, when they are close."""
        from logimap.route import water

        (ax, ay), (bx, by) = self.a.point, self.b.point
        squeeze = max(math.cos(math.radians((ay + by) / 2.0)), 0.1)
        if abs(ay - by) > NEAR_DEG or abs(ax - bx) * squeeze > NEAR_DEG:
            return None
        pad = 1.0
        box = _window(min(ax, bx) - pad / squeeze, min(ay, by) - pad,
                      max(ax, bx) + pad / squeeze, max(ay, by) + pad)
        mesh = water.mesh(box, self.waterways, cuts=self._cuts(box, through=False))
        start, end = mesh.attach(self.a.point, self.a.attach_km), mesh.attach(
            self.b.point, self.b.attach_km)
        if not start or not end:
            return None
        costs, path = water.search(mesh, start, [end])
        if not math.isfinite(costs[0]):
            return None
        found = path(0)
        if not self.steer.obeyed(found):
            return None
        return costs[0], found, (_joined_ashore(start), _joined_ashore(end))

    def _over_lanes(self) -> Found | None:
        """The shortest path over the sea lanes, each stop joined to them on water."""
        import numpy as np
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        from logimap.route.lanes import lanes, steered

        start, end = self._approach(self.a), self._approach(self.b)
        if start is None or end is None:
            return None
        graph = lanes()
        size = len(graph.points)
        final_copy = size * len(self.steer.through)  # the number of its first node
        whole = steered(self.steer.avoid, self.steer.through).copy()
        count = whole.shape[0]
        source, target = count, count + 1
        rows = np.concatenate([np.full(len(start.nodes), source),
                               np.asarray(end.nodes, dtype=int) + final_copy])
        cols = np.concatenate([start.nodes, np.full(len(end.nodes), target)])
        costs = np.maximum(np.concatenate([start.costs, end.costs]), 1e-9)
        links = csr_matrix((costs, (rows, cols)), shape=(count + 2, count + 2))
        whole.resize((count + 2, count + 2))
        distances, previous = dijkstra(whole + links, directed=True, indices=source,
                                       return_predecessors=True)
        if not math.isfinite(distances[target]):
            return None
        chain = []
        node = previous[target]
        while node != source:
            chain.append(int(node) % size)
            node = previous[node]
        chain.reverse()
        first = start.path(start.nodes.index(chain[0]))
        last = end.path(end.nodes.index(chain[-1]))
        middle = [graph.point_near(chain[0], first[-1][0])]
        for node in chain[1:]:
            middle.append(graph.point_near(node, middle[-1][0]))
        return (float(distances[target]), join([first, middle, list(reversed(last))]),
                (start.ashore, end.ashore))

    def _approach(self, stop: Stop) -> Approach | None:
        """The stop joined to the lanes inside the smallest window where it reaches one,
        crossing no gate of a steered passage."""
        key = (stop, self.waterways, self.steer.steered)
        if key not in self.cache.sea_approaches:
            self.cache.sea_approaches[key] = self._search_approach(stop)
        return self.cache.sea_approaches[key]

    def _search_approach(self, stop: Stop) -> Approach | None:
        from logimap.route import water
        from logimap.route.lanes import lanes

        graph = lanes()
        lon = stop.point[0]
        for half in APPROACH_DEG:
            box = _around(stop.point, half)
            mesh = water.mesh(box, self.waterways, cuts=self._cuts(box))
            start = mesh.attach(stop.point, stop.attach_km)
            if not start:
                return None
            inner = _around(stop.point, half * 0.9)
            nodes = [int(n) for n in graph.within(inner)]
            targets = [mesh.attach(graph.point_near(n, lon), 2.5 * CLEARANCE_KM) for n in nodes]
            costs, path = water.search(mesh, start, targets)
            reached = [i for i, c in enumerate(costs) if math.isfinite(c)]
            if reached:
                return Approach([nodes[i] for i in reached], [costs[i] for i in reached],
                                _joined_ashore(start),
                                lambda k, reached=reached, path=path: path(reached[k]))
        return None

    def _why_none(self) -> tuple[str, str]:
        """Why no route joins the pair, naming the stop at fault when there is one, and how
        to fix it."""
        from logimap.route import water

        network = f"geodata/networks/{WATERWAY_NETWORK}.csv"
        for stop in (self.a, self.b):
            mesh = water.mesh(_around(stop.point, APPROACH_DEG[0]), self.waterways)
            if mesh.attach(stop.point, stop.attach_km):
                continue
            away = _distance_to(mesh.water, stop.point)
            where = f"lies {away:.0f} km from" if away is not None else "lies far from"
            if stop.port:
                return (f"{stop.describe()} {where} the sea and from any waterway (Natural "
                        "Earth 1:10m land and river centre lines), so no ship reaches it",
                        f"check its coordinate, add the waterway that reaches it to {network}, "
                        "or raise off_network_km in routes/scenario.yaml (a port that near "
                        "the water is joined to it by a schematic approach)")
            return (f"{stop.describe()} lies on land (Natural Earth 1:10m)",
                    "move the waypoint onto the water")
        for stop in (self.a, self.b):
            if self._approach(stop) is None and self.steer == Steer():
                reach = APPROACH_DEG[-1] * 111
                return (f"the water at {stop.describe()} does not reach the open sea within "
                        f"about {reach:.0f} km (a lake or an enclosed sea?), and no path on water "
                        "joins the two stops",
                        f"check the coordinate, or add the waterway that links them to {network}")
        if self.steer != Steer():
            from logimap.route.passages import restricted

            return (f"no path on water joins {self.a.describe()} to {self.b.describe()}"
                    f"{self.steer.words()}",
                    "check the passages in 'via' and 'avoid'; a passage no sea lane goes "
                    "through (the Kiel Canal) is reached only along a waterway of "
                    f"{network}, between stops near it; the restricted passages "
                    f"({', '.join(restricted())}) are used only when 'via' names them or "
                    "'allow' in routes/scenario.yaml lists them")
        return (f"no path on water joins {self.a.describe()} to {self.b.describe()}",
                "add a sea waypoint to 'via' that shows which way ships go")


# a path found on the water, its cost (km) and whether each end joined it from the shore
Found = tuple[float, list[Point], tuple[bool, bool]]


def _joined_ashore(attachments: list[Any]) -> bool:
    """Whether a stop joined the water from off it (``water.Mesh.attach``: its path is the
    stop, then the nearest shore)."""
    return len(attachments[0].path) > 1


def _around(point: Point, half: float) -> tuple[float, float, float, float]:
    """A window reaching ``half`` degrees of latitude (and as many km east and west) from
    ``point``, rounded out to whole degrees (so windows are shared between stops)."""
    lon, lat = point
    wide = min(half / max(math.cos(math.radians(lat)), 0.1), 179.0)
    return _window(lon - wide, lat - half, lon + wide, lat + half)


def _window(west: float, south: float, east: float, north: float
            ) -> tuple[float, float, float, float]:
    return (float(math.floor(west)), float(max(math.floor(south), -MAX_LAT)),
            float(math.ceil(east)), float(min(math.ceil(north), MAX_LAT)))


def _distance_to(geometry: BaseGeometry, point: Point) -> float | None:
    """The geodesic km from ``point`` to the nearest point of ``geometry`` (None if empty)."""
    import shapely

    if geometry.is_empty:
        return None
    nearest = shapely.get_coordinates(shapely.shortest_line(shapely.Point(point), geometry))[-1]
    return distance_km(point, (float(nearest[0]), float(nearest[1])))


def _corners(line: Sequence[Point]) -> list[Point]:
    """``line`` without the points that only continue a straight stretch (as densified
    geodesics and lanes have many)."""
    import shapely

    simple = shapely.LineString(line).simplify(km_to_deg(0.01), preserve_topology=False)
    return [(float(x), float(y)) for x, y in shapely.get_coordinates(simple)]


def land_crossings(coords: Sequence[Point], *, land: BaseGeometry | None = None,
                   waterways: Waterways = (), corridor_km: float = WATERWAY_CHECK_KM,
                   first: bool = False) -> list[Point]:
    """A representative (lon, lat) of each stretch of the line over land, in line order.

    Stretches within ``corridor_km`` of a waterway (the bundled rivers and inland lanes, and
    ``waterways``) are ignored. ``land`` defaults to
    Natural Earth 1:10m land over the line's bounding box; longitudes of the line may be
    unwrapped (past ±180), the points returned are in [-180, 180]. With ``first``, the
    search stops at the first stretch found (enough to tell a clear line).
    """
    import shapely
    from shapely.geometry import LineString

    line = LineString(coords)
    land = land_for(coords) if land is None else land
    shapely.prepare(land)
    if not land.intersects(line):
        return []
    if first:
        inland = _sampled_crossing(line, land, waterways, corridor_km)
        if inland is not None:
            return [inland]
    over = _lines(line.intersection(_land_along(land, line)))
    middles = []
    for stretch in shapely.get_parts(shapely.line_merge(over)):
        if stretch.length == 0:
            continue
        middle = stretch.interpolate(0.5, normalized=True)
        if _near_waterway(middle, waterways, corridor_km):
            rest = _off_waterways(stretch, waterways, corridor_km)
            pieces = [g for g in shapely.get_parts(shapely.line_merge(rest)) if g.length > 0]
            middles.extend(g.interpolate(0.5, normalized=True) for g in pieces)
        else:
            middles.append(middle)
        if first and middles:
            break
    ordered = sorted((line.project(m), m) for m in middles)
    return [(_wrap(m.x), m.y) for _, m in ordered]


def _sampled_crossing(line: BaseGeometry, land: BaseGeometry, waterways: Waterways,
                      corridor_km: float) -> Point | None:
    """A point of ``line`` about every ``SAMPLE_KM`` that lies on land away from every
    waterway, if there is one: a quick proof that the line crosses land (None proves
    nothing)."""
    import numpy as np
    import shapely

    points = []
    for part in shapely.get_parts(line):
        steps = min(max(int(part.length / km_to_deg(SAMPLE_KM)), 1), MAX_SAMPLES)
        points.extend(shapely.line_interpolate_point(part, np.linspace(0.0, 1.0, steps + 1),
                                                     normalized=True))
    points = np.array(points, dtype=object)
    on_land = points[shapely.contains(land, points)]
    for point in on_land:
        if not _near_waterway(point, waterways, corridor_km):
            return (_wrap(point.x), point.y)
    return None


def _land_along(land: BaseGeometry, line: BaseGeometry) -> BaseGeometry:
    """The pieces of ``land`` that ``line`` may cross: its polygons that the line's box
    meets, cut to that box (a continent's whole outline makes an intersection slow)."""
    import shapely

    west, south, east, north = line.bounds
    pad = km_to_deg(1.0)
    box = (west - pad, south - pad, east + pad, north + pad)
    parts, tree = _land_index(land)
    clipped = shapely.get_parts(shapely.clip_by_rect(parts[tree.query(shapely.box(*box))], *box))
    # land's polygons do not overlap, so their pieces make a valid MultiPolygon as they are
    return shapely.MultiPolygon([p for p in clipped if p.geom_type == "Polygon"
                                 and not p.is_empty])


_INDEXES: dict[int, tuple[Any, Any, Any]] = {}


def _land_index(land: BaseGeometry) -> tuple[Any, Any]:
    """``land``'s polygons and an index of them, kept for the last few land geometries."""
    import shapely

    kept = _INDEXES.get(id(land))
    if kept is None or kept[0] is not land:
        parts = shapely.get_parts(land)
        kept = (land, parts, shapely.STRtree(parts))
        if len(_INDEXES) >= 16:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[id(land)] = kept
    return kept[1], kept[2]


def _near_waterway(point: Any, waterways: Waterways, corridor_km: float) -> bool:
    """Whether ``point`` may lie in a waterway's corridor (a quick test on the lines of
    its tile; it errs towards yes, which ``_off_waterways`` then settles)."""

    west = math.floor(point.x / WATERWAY_TILE_DEG) * WATERWAY_TILE_DEG
    south = math.floor(point.y / WATERWAY_TILE_DEG) * WATERWAY_TILE_DEG
    tree = _waterway_tree((west, south, west + WATERWAY_TILE_DEG, south + WATERWAY_TILE_DEG),
                          waterways)
    reach = km_to_deg(corridor_km) / max(math.cos(math.radians(point.y)), 0.05)
    return len(tree.query(point, predicate="dwithin", distance=reach)) > 0


@lru_cache(maxsize=256)
def _waterway_tree(tile: tuple[float, float, float, float], waterways: Waterways) -> Any:
    """An index of the waterway lines in ``tile`` grown by a degree each way."""
    import shapely

    box = (tile[0] - 1.0, max(tile[1] - 1.0, -90.0), tile[2] + 1.0, min(tile[3] + 1.0, 90.0))
    return shapely.STRtree(_waterway_lines(box, waterways))


def _off_waterways(over: BaseGeometry, waterways: Waterways, corridor_km: float
                   ) -> BaseGeometry:
    """The parts of ``over`` (lines over land) outside every waterway's corridor."""
    west, south, east, north = over.bounds
    box = _window(west - MARGIN_DEG, south - MARGIN_DEG, east + MARGIN_DEG, north + MARGIN_DEG)
    corridors = _corridors(box, waterways, corridor_km)
    return _lines(over.difference(corridors)) if not corridors.is_empty else over


def _waterway_lines(box: tuple[float, float, float, float], waterways: Waterways) -> list[Any]:
    """Every waterway line within ``box``: bundled rivers, inland lanes and ``waterways``."""
    import shapely

    from logimap.bundled.naturalearth import rivers
    from logimap.route.lanes import lanes

    middle = (box[0] + box[2]) / 2.0
    extra = [shapely.LineString([(x + 360.0 * round((middle - x) / 360.0), y) for x, y in line])
             for line in waterways]
    bundled = [*shapely.get_parts(rivers(box)), *shapely.get_parts(lanes().inland_lines(box))]
    return [*bundled, *extra]


@lru_cache(maxsize=64)
def _corridors(box: tuple[float, float, float, float], waterways: Waterways,
               corridor_km: float) -> Any:
    import shapely

    from logimap.route.water import waterway_corridors

    lines = _waterway_lines(box, waterways)
    if not lines:
        return shapely.GeometryCollection()
    corridors = waterway_corridors(shapely.MultiLineString(lines), (box[1] + box[3]) / 2.0,
                                   corridor_km)
    shapely.prepare(corridors)
    return corridors


def land_for(coords: Sequence[Point], cache: RouteCache | None = None) -> BaseGeometry:
    """Natural Earth 1:10m land covering the bounding box of ``coords``.

    The box is grown by ``MARGIN_DEG`` and rounded out to whole degrees; with a ``cache``, land
    already fetched for a box that covers it is reused.
    """
    from logimap.bundled.naturalearth import land

    lons = [lon for lon, _ in coords]
    lats = [lat for _, lat in coords]
    bbox = (
        math.floor(min(lons) - MARGIN_DEG), max(math.floor(min(lats) - MARGIN_DEG), -90),
        math.ceil(max(lons) + MARGIN_DEG), min(math.ceil(max(lats) + MARGIN_DEG), 90),
    )
    if bbox[2] - bbox[0] > 360:
        raise GeometryError(f"a sea line spans more than 360 degrees of longitude: {bbox}")
    if cache is None:
        return land(bbox)
    fetched = cache.land
    for (west, south, east, north), geometry in fetched.items():
        if west <= bbox[0] and south <= bbox[1] and bbox[2] <= east and bbox[3] <= north:
            return geometry
    fetched[bbox] = land(bbox)
    return fetched[bbox]


def _lines(geometry: BaseGeometry) -> Any:
    """The line parts of an intersection result (points where the line only touches dropped)."""
    import shapely
    from shapely.geometry import MultiLineString

    parts = [g for g in shapely.get_parts(geometry)
             if g.geom_type == "LineString" and not g.is_empty]
    return MultiLineString(parts)


def _wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0
