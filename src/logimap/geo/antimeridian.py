"""Split an unwrapped line at the antimeridian, as RFC 7946 section 3.1.9 asks of GeoJSON.

A line is cut exactly at ±180: the part ending at the cut gets longitude 180 (or -180) and
the next part starts on the other side, at the latitude where the segment's great circle
meets the antimeridian (lines are densified, so this is within metres of the geodesic).
Pure Python: exports import this without the geometry stack.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

Point = tuple[float, float]


def split_at_antimeridian(coords: Sequence[Point]) -> list[list[Point]]:
    """Parts of an unwrapped (lon, lat) line, each with every longitude in [-180, 180].

    >>> split_at_antimeridian([(179.0, -1.0), (181.0, 1.0)])
    [[(179.0, -1.0), (180.0, 0.0)], [(-180.0, 0.0), (-179.0, 1.0)]]
    >>> split_at_antimeridian([(10.0, 0.0), (20.0, 1.0)])
    [[(10.0, 0.0), (20.0, 1.0)]]
    """
    parts: list[list[Point]] = []
    part: list[Point] = []
    world: int | None = None  # the current part's longitudes are lon - 360 * world
    points = [p for i, p in enumerate(coords) if i == 0 or p != coords[i - 1]]
    if len(points) == 1:  # a degenerate line: one part, its point repeated
        point = _shift(points[0], _world_of(points[0][0]))
        return [[point, point]]
    if min(x for x, _ in points) >= -180.0 and max(x for x, _ in points) <= 180.0:
        return [points]  # the usual case: nothing to cut
    for a, b in pairwise(points):
        for start, end in _pieces(a, b):
            if world is None or not (_fits(start[0], world) and _fits(end[0], world)):
                if part:
                    parts.append(part)
                world = _world_for(start[0], end[0])
                part = [_shift(start, world)]
            part.append(_shift(end, world))
    if part:
        parts.append(part)
    return parts


def _pieces(a: Point, b: Point) -> list[tuple[Point, Point]]:
    """The segment a-b cut at every odd multiple of 180 strictly between its longitudes."""
    lon_a, lon_b = a[0], b[0]
    low, high = sorted((lon_a, lon_b))
    first, last = math.floor((low - 180.0) / 360.0), math.ceil((high - 180.0) / 360.0)
    cuts = [c for k in range(first, last + 1) if low < (c := 180.0 + 360.0 * k) < high]
    if lon_b < lon_a:
        cuts.reverse()
    points = [a]
    for cut in cuts:
        points.append((cut, _latitude_at(a, b, cut)))
    points.append(b)
    return list(pairwise(points))


def _world_of(lon: float) -> int:
    """The k with lon - 360k in [-180, 180] (the copy of the world ``lon`` lies in)."""
    return round(lon / 360.0)


def _latitude_at(a: Point, b: Point, lon: float) -> float:
    """The latitude where the great circle through a and b meets meridian ``lon``."""
    (lon_a, lat_a), (lon_b, lat_b) = a, b
    span = math.sin(math.radians(lon_b - lon_a))
    if abs(span) < 1e-12 or 90.0 in (abs(lat_a), abs(lat_b)):  # through a pole: interpolate
        return lat_a + (lon - lon_a) / (lon_b - lon_a) * (lat_b - lat_a)
    tangent = (math.tan(math.radians(lat_a)) * math.sin(math.radians(lon_b - lon))
               + math.tan(math.radians(lat_b)) * math.sin(math.radians(lon - lon_a))) / span
    return math.degrees(math.atan(tangent))


def _world_for(west: float, east: float) -> int:
    """The world both ends of a piece fit in (the piece crosses no antimeridian)."""
    middle = _world_of((west + east) / 2.0)
    for world in (middle, middle + 1, middle - 1):
        if _fits(west, world) and _fits(east, world):
            return world
    return middle


def _fits(lon: float, world: int) -> bool:
    return -180.0 <= lon - 360.0 * world <= 180.0


def _shift(point: Point, world: int) -> Point:
    lon = point[0] - 360.0 * world
    return (min(max(lon, -180.0), 180.0), point[1])
