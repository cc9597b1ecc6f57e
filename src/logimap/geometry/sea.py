"""Sea legs: routed at sea between consecutive stops, checked against Natural Earth land.

For each pair of consecutive stops the candidates are the straight (densified geodesic)
segment and the ``searoute`` path (its own offline network: coarse, and some last-mile edges
cross land), joined to the exact stop coordinates and straightened wherever a direct geodesic
between two of its vertices stays at sea. The shortest candidate that does not cross land is
kept; when none is clear the shortest is kept and ``land_crossings`` reports it.

Near a *port stop* (any stop whose node kind is not ``waypoint``) a line may touch land: the
parts within ``tolerance_km`` of a port are not counted as crossings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from logimap.errors import GeometryError
from logimap.geometry import Cache, LegGeometry, stop_points
from logimap.geometry.geodesy import (
    GEOD,
    Point,
    distance_km,
    geodesic_line,
    join,
    length_km,
    unwrap,
)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from logimap.model import Leg, Scenario

TOLERANCE_KM = 3.0
SNAP_KM = 1.0  # a searoute end vertex this close to its stop is replaced by the stop
MARGIN_DEG = 0.5  # land is fetched over the line's bounding box plus this margin
# Land around all of a build's sea stops is fetched once when they lie within this many
# degrees each way: one read and clip instead of one per line, and tests stay quick.
PREFETCH_MAX_DEG = 40.0


def route(scenario: Scenario, leg: Leg, cache: Cache) -> LegGeometry:
    """Draw a sea leg through its stops, avoiding land where a candidate allows it."""
    points = stop_points(scenario, leg)
    ports = [scenario.node_by_id[stop].kind != "waypoint" for stop in leg.stops]
    key = ("sea", tuple(zip(points, ports, strict=True)))
    if "land" not in cache:
        _prefetch_land(scenario, cache)
    if key not in cache:
        coords = sea_path(points, ports, cache)
        cache[key] = LegGeometry(tuple(coords), length_km(coords))
    return cache[key]


def _prefetch_land(scenario: Scenario, cache: Cache) -> None:
    """Fetch land once around every sea stop of the scenario, when they lie close together."""
    stops = [(node.lon, node.lat) for leg in scenario.legs if leg.mode == "sea"
             for node in (scenario.node_by_id.get(stop) for stop in leg.stops) if node]
    cache["land"] = {}
    spans = [max(values) - min(values) for values in zip(*stops, strict=True)]
    if stops and max(spans) <= PREFETCH_MAX_DEG:
        land_for(stops, cache)


def port_points(scenario: Scenario, leg: Leg) -> list[Point]:
    """The (lon, lat) of the leg's stops that are ports (any node kind but ``waypoint``)."""
    nodes = scenario.node_by_id
    return [(nodes[s].lon, nodes[s].lat) for s in leg.stops if nodes[s].kind != "waypoint"]


def sea_path(points: Sequence[Point], ports: Sequence[bool], cache: Cache | None = None
             ) -> list[Point]:
    """An unwrapped line through ``points``; ``ports[i]`` tells whether stop i is a port."""
    cache = {} if cache is None else cache
    parts = []
    for (a, b), (a_port, b_port) in zip(pairwise(points), pairwise(ports), strict=True):
        harbours = tuple(p for p, is_port in ((a, a_port), (b, b_port)) if is_port)
        key = ("sea-pair", a, b, harbours)
        if key not in cache:
            cache[key] = _pair_path(a, b, harbours, cache)
        parts.append(cache[key])
    return join(parts)


def land_crossings(coords: Sequence[Point], port_points: Sequence[Point],
                   tolerance_km: float = TOLERANCE_KM, *, land: BaseGeometry | None = None
                   ) -> list[Point]:
    """A representative (lon, lat) of each stretch of the line over land, in line order.

    Stretches within ``tolerance_km`` of a port point are ignored. ``land`` defaults to
    Natural Earth 1:10m land over the line's bounding box; longitudes of the line may be
    unwrapped (past ±180), the points returned are in [-180, 180].
    """
    import shapely
    from shapely.geometry import LineString

    line = LineString(coords)
    land = land_for(coords) if land is None else land
    at_sea = _away_from_ports(line, port_points, tolerance_km)
    shapely.prepare(land)
    if not land.intersects(at_sea):
        return []
    over = _lines(at_sea.intersection(land))
    stretches = [g for g in shapely.get_parts(shapely.line_merge(over)) if g.length > 0]
    middles = sorted((line.project(m), m) for m in
                     (s.interpolate(0.5, normalized=True) for s in stretches))
    return [(_wrap(m.x), m.y) for _, m in middles]


def _pair_path(a: Point, b: Point, harbours: tuple[Point, ...], cache: Cache) -> list[Point]:
    """The shortest of the straight line and the searoute path that is clear of land, else
    the shortest (the straight line, which is never longer: when clear, it is taken)."""
    straight = geodesic_line([a, b])
    if _clear(straight, harbours, cache):
        return straight
    key = ("searoute", a, b)
    if key not in cache:
        cache[key] = _searoute(a, b)
    vertices = cache[key]
    if vertices is None:
        return straight
    both = [*straight, *vertices]
    if max(lon for lon, _ in both) - min(lon for lon, _ in both) < 300:
        land_for(both, cache)  # one fetch covers most of what follows
    routed = _shortcut(vertices, harbours, cache)
    return routed if _clear(routed, harbours, cache) else straight


def _searoute(a: Point, b: Point) -> list[Point] | None:
    """searoute's vertices from ``a`` to ``b``, joined to them exactly and unwrapped.

    An end vertex within ``SNAP_KM`` of its stop is replaced by the stop; otherwise the stop
    is joined to it by a last-mile segment.
    """
    import searoute

    try:
        found = searoute.searoute(list(a), list(b), P=_no_ports())
    except Exception:  # searoute raises plain exceptions when it finds no path
        return None
    vertices = [(float(lon), float(lat)) for lon, lat in found["geometry"]["coordinates"]]
    if vertices and distance_km(a, vertices[0]) <= SNAP_KM:
        vertices = vertices[1:]
    if vertices and distance_km(vertices[-1], b) <= SNAP_KM:
        vertices = vertices[:-1]
    path = unwrap([a, *vertices, b])
    path = [p for i, p in enumerate(path) if i == 0 or p != path[i - 1]]
    return path if len(path) > 1 else None


@lru_cache(maxsize=1)
def _no_ports() -> object:
    """An empty ports graph: searoute builds its world ports graph unless given one, and it is
    only used for ``include_ports``, which logimap does not ask for."""
    from searoute.classes.ports import Ports

    return Ports()


def _shortcut(vertices: list[Point], harbours: tuple[Point, ...], cache: Cache) -> list[Point]:
    """A densified line through ``vertices``, going straight to a later vertex wherever the
    geodesic to it stays clear of land (searoute's network is coarse and zigzags)."""
    line = [vertices[0]]
    at, last = 0, len(vertices) - 1
    while at < last:
        for to in range(last, at, -1):
            hop = geodesic_line([line[-1], vertices[to]])
            if to == at + 1 or _clear(hop, harbours, cache):
                break
        line.extend(hop[1:])
        at = to
    return line


def _clear(line: Sequence[Point], harbours: tuple[Point, ...], cache: Cache) -> bool:
    """True when the line stays off land away from the harbours (a quick ``land_crossings``;
    a line that only touches land at a point counts as crossing here)."""
    import shapely
    from shapely.geometry import LineString

    land = land_for(line, cache)
    shapely.prepare(land)
    return not land.intersects(_away_from_ports(LineString(line), harbours, TOLERANCE_KM))


def _away_from_ports(line: BaseGeometry, ports: Sequence[Point], radius_km: float
                     ) -> BaseGeometry:
    """The parts of ``line`` more than ``radius_km`` from every port."""
    if radius_km <= 0:
        return line
    for port in dict.fromkeys(ports):
        disc = _harbour(port, radius_km)
        if line.intersects(disc):
            line = line.difference(disc)
    return line


def land_for(coords: Sequence[Point], cache: Cache | None = None) -> BaseGeometry:
    """Natural Earth 1:10m land covering the bounding box of ``coords``.

    The box is grown by ``MARGIN_DEG`` and rounded out to whole degrees; with a ``cache``, land
    already fetched for a box that covers it is reused.
    """
    from logimap.naturalearth import land

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
    fetched = cache.setdefault("land", {})
    for (west, south, east, north), geometry in fetched.items():
        if west <= bbox[0] and south <= bbox[1] and bbox[2] <= east and bbox[3] <= north:
            return geometry
    fetched[bbox] = land(bbox)
    return fetched[bbox]


@lru_cache(maxsize=4096)
def _harbour(point: Point, radius_km: float) -> Any:
    """A geodesic disc around ``point``, repeated one world east and west (unwrapped lines),
    prepared for repeated tests."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    lon, lat = point
    azimuths = [i * 360.0 / 72 for i in range(72)]
    lons, lats, _ = GEOD.fwd([lon] * 72, [lat] * 72, azimuths, [radius_km * 1000.0] * 72)
    ring = unwrap(zip(lons, lats, strict=True))
    disc = MultiPolygon([Polygon([(x + shift, y) for x, y in ring])
                         for shift in (-360.0, 0.0, 360.0)])
    shapely.prepare(disc)
    return disc


def _lines(geometry: BaseGeometry) -> Any:
    """The line parts of an intersection result (points where the line only touches dropped)."""
    import shapely
    from shapely.geometry import MultiLineString

    parts = [g for g in shapely.get_parts(geometry)
             if g.geom_type == "LineString" and not g.is_empty]
    return MultiLineString(parts)


def _wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0
