"""Geodesic helpers shared by every mode: lengths, densified segments, unwrapped longitudes.

Lengths come from ``pyproj.Geod(ellps="WGS84")``. Lines are lists of (lon, lat) points whose
longitudes are *unwrapped*: each lies within 180 degrees of the previous one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import pairwise

from pyproj import Geod

Point = tuple[float, float]

GEOD = Geod(ellps="WGS84")
STEP_KM = 50.0


def distance_km(a: Point, b: Point) -> float:
    """Geodesic distance in km between two (lon, lat) points."""
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def length_km(coords: Sequence[Point]) -> float:
    """Geodesic length in km of a (lon, lat) polyline (longitudes may be unwrapped)."""
    if len(coords) < 2:
        return 0.0
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats) / 1000.0


def unwrap(coords: Iterable[Point]) -> list[Point]:
    """Shift longitudes by multiples of 360 so each is within 180 of the previous one.

    The first point is kept as it is.

    >>> unwrap([(179.0, 50.0), (-179.0, 51.0), (-170.0, 52.0)])
    [(179.0, 50.0), (181.0, 51.0), (190.0, 52.0)]
    """
    out: list[Point] = []
    for lon, lat in coords:
        if out:
            lon += 360.0 * round((out[-1][0] - lon) / 360.0)
        out.append((lon, lat))
    return out


def densify_segment(a: Point, b: Point, step_km: float = STEP_KM) -> list[Point]:
    """``a``, points on the geodesic to ``b`` about every ``step_km``, then ``b``.

    ``a`` is kept exactly; the others are unwrapped relative to it (``b`` exactly, or with its
    longitude shifted by a multiple of 360).
    """
    count = max(math.ceil(distance_km(a, b) / step_km) - 1, 0)
    inner = GEOD.npts(a[0], a[1], b[0], b[1], count) if count else []
    return unwrap([a, *inner, b])


def geodesic_line(points: Sequence[Point], step_km: float = STEP_KM) -> list[Point]:
    """An unwrapped polyline through ``points`` in order, each segment a densified geodesic.

    The first point is kept exactly; later ones may be shifted by multiples of 360.
    """
    if len(points) < 2:
        raise ValueError(f"a line needs at least two points, got {list(points)!r}")
    line: list[Point] = [points[0]]
    for _, b in pairwise(points):
        line.extend(densify_segment(line[-1], b, step_km)[1:])
    return line


def join(parts: Iterable[Sequence[Point]]) -> list[Point]:
    """Chain polylines into one unwrapped line, each part shifted to continue the previous.

    Each part starts where the previous one ends (the same point, or its longitude shifted by
    a multiple of 360); that repeated point is dropped.
    """
    line: list[Point] = []
    for part in parts:
        if not line:
            line.extend(unwrap(part))
            continue
        shift = 360.0 * round((line[-1][0] - part[0][0]) / 360.0)
        line.extend((lon + shift, lat) for lon, lat in unwrap(part)[1:])
    return line
