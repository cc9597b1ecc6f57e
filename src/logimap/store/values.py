"""Checks on what the route store gives back before it is used.

The store is a cache that anyone able to write its file can fill (a shared CI cache, a copied
folder), and a key is only a digest of public inputs. So a value read back is used only when it
has the type, shape and range of what logimap stores and agrees with the inputs its key names:
a leg's line starts at the leg's origin, passes its stops in order, ends at its destination and
is as long as the length stored with it; each of its schematic stretches ends at its stop and
is no longer than the project's ``off_network_km``, and a waypoint it passes beside, moved
onto the water, lies no farther away than that; the passages kept with a line lie on it. Each
check returns the value ready to use, or raises ``Unusable`` saying why not; the caller then
computes the value afresh.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from logimap.vocabulary import STRETCHES

MAX_LENGTH_KM = 1_000_000.0  # 25 times round the earth
MAX_CROSSINGS = 100_000
MAX_MESSAGE = 2_000  # characters of a stored problem's message or hint
ON_LINE_KM = 0.5  # a stored passage lies on its line and its gate within this
KM_PER_DEG = 111.2
LENGTH_TOLERANCE = 1e-9  # relative difference allowed between the stored and measured length
STOP_TOLERANCE_DEG = 1e-9  # a stop met by a line shifted a whole number of worlds
STRETCHES_KEPT = tuple(STRETCHES)  # a stretch's kind is kept as its index here


class Unusable(ValueError):
    """A stored value that is not used, and why."""


Line = tuple[tuple[float, float], ...]
Stretches = tuple[tuple[str, int, int, int], ...]  # kind, stop, first point, last point
Moves = tuple[tuple[int, int], ...]  # stop, point passed instead


def leg_line(value: object, stops: Sequence[Sequence[Any]], limit_km: float
             ) -> tuple[Line, float, Stretches, Moves]:
    """The (lon, lat) points, length (km), schematic stretches and moved waypoints of a stored
    leg line (``results.pack_line``, its marks as ``line_marks`` writes them) whose stops are
    ``stops`` (``[id, lon, lat, ...]`` each, as ``route_inputs`` gives) in a project whose
    ``off_network_km`` is ``limit_km``."""
    flat = _floats(value)
    if not all(math.isfinite(v) for v in flat):
        raise Unusable("it holds a number that is not finite")
    if len(flat) < 2 or not flat[1].is_integer() or not 0 <= flat[1] <= len(flat) - 2:
        raise Unusable("it does not say how many marks it holds")
    marks, flat = flat[2:2 + int(flat[1])], [flat[0], *flat[2 + int(flat[1]):]]
    if len(flat) < 5 or len(flat) % 2 == 0:
        raise Unusable(f"{len(flat)} numbers do not make a length and a line of two points")
    length, lons, lats = flat[0], flat[1::2], flat[2::2]
    if not 0.0 <= length <= MAX_LENGTH_KM:
        raise Unusable(f"its length {length:g} km is out of range")
    if any(abs(lat) > 90.0 for lat in lats) or any(abs(lon) > 540.0 for lon in lons):
        raise Unusable("a point is off the globe")
    if any(abs(b - a) > 180.0 for a, b in pairwise(lons)):
        raise Unusable("its longitudes are not unwrapped")
    coords = tuple(zip(lons, lats, strict=True))
    stretches, moves = _marks(marks, coords, stops, limit_km)
    _follows_stops(coords, stops, dict(moves))
    measured = _length_km(coords)
    if abs(measured - length) > LENGTH_TOLERANCE * max(measured, 1.0):
        raise Unusable(f"its stored length {length:g} km is not its measured {measured:g} km")
    return coords, length, stretches, moves


def line_marks(stretches: Stretches, moves: Moves) -> list[float]:
    """The numbers ``leg_line`` reads back as a line's stretches and moved waypoints."""
    return [len(stretches), len(moves),
            *(n for kind, *rest in stretches for n in (STRETCHES_KEPT.index(kind), *rest)),
            *(n for move in moves for n in move)]


def _marks(marks: list[float], coords: Line, stops: Sequence[Sequence[Any]], limit_km: float
           ) -> tuple[Stretches, Moves]:
    if not marks:
        return (), ()
    if not all(m.is_integer() and m >= 0 for m in marks) or len(marks) != (
            2 + 4 * int(marks[0]) + 2 * int(marks[1])):
        raise Unusable("its marks are not whole numbers in groups of four and two")
    numbers = [int(m) for m in marks]
    count = numbers[0]
    groups = numbers[2:2 + 4 * count]
    stretches = tuple((STRETCHES_KEPT[k] if k < len(STRETCHES_KEPT) else "", stop, first, last)
                      for k, stop, first, last in zip(*[iter(groups)] * 4, strict=True))
    moves = tuple(zip(*[iter(numbers[2 + 4 * count:])] * 2, strict=True))
    for kind, stop, first, last in stretches:
        if not kind or stop >= len(stops) or not first < last < len(coords):
            raise Unusable("a schematic stretch is not a stretch of its line")
        point = _stop_point(stops[stop])
        if not (_same_place(coords[first], point) or _same_place(coords[last], point)):
            raise Unusable(f"a schematic stretch does not end at its stop {stops[stop][0]!r}")
        if _length_km(coords[first:last + 1]) > limit_km * (1 + LENGTH_TOLERANCE) + 1.0:
            raise Unusable("a schematic stretch is longer than the project allows")
    for stop, at in moves:
        if stop >= len(stops) or at >= len(coords):
            raise Unusable("a moved waypoint is not one of its stops")
        if _length_km([_stop_point(stops[stop]), coords[at]]) > limit_km:
            raise Unusable(f"the waypoint {stops[stop][0]!r} is moved too far")
    return stretches, moves


def _stop_point(stop: Sequence[Any]) -> tuple[float, float]:
    if len(stop) < 3:
        raise Unusable(f"the leg's stop {stop[0]!r} is not a known place")
    return float(stop[1]), float(stop[2])


def _floats(value: object) -> list[float]:
    if not isinstance(value, bytes):
        raise Unusable(f"it is {type(value).__name__}, not bytes")
    if len(value) % 8:
        raise Unusable(f"{len(value)} bytes are not a whole number of float64 values")
    numbers = array("d")
    numbers.frombytes(value)
    return numbers.tolist()


def _follows_stops(coords: Sequence[tuple[float, float]], stops: Sequence[Sequence[Any]],
                   moved: dict[int, int]) -> None:
    """Raise ``Unusable`` unless the line starts at the first stop exactly, meets every stop
    in order (its longitude possibly shifted by whole turns) and ends at the last; a stop in
    ``moved`` is met at the point that dict gives instead."""
    points = [coords[moved[n]] if n in moved else _stop_point(stop)
              for n, stop in enumerate(stops)]
    if not points or coords[0] != points[0]:
        raise Unusable("it does not start at the leg's origin")
    if not _same_place(coords[-1], points[-1]):
        raise Unusable("it does not end at the leg's destination")
    at = 0
    for number, point in enumerate(points):
        while at < len(coords) and not _same_place(coords[at], point):
            at += 1
        if at == len(coords):
            raise Unusable(f"it does not pass the leg's stop {stops[number][0]!r} in order")


def _same_place(a: tuple[float, float], b: tuple[float, float]) -> bool:
    turns = (a[0] - b[0]) / 360.0
    return a[1] == b[1] and abs(turns - round(turns)) * 360.0 <= STOP_TOLERANCE_DEG


def _length_km(coords: Sequence[tuple[float, float]]) -> float:
    from logimap.geo.geodesy import length_km

    return length_km(coords)


def crossings(value: object) -> list[tuple[float, float]]:
    """The (lon, lat) points of a stored land check: a JSON list of pairs within ±180/±90."""
    found = _json(value)
    if not isinstance(found, list) or len(found) > MAX_CROSSINGS:
        raise Unusable("it is not a list of points")
    points = []
    for item in found:
        if not (isinstance(item, list) and len(item) == 2 and all(_finite(v) for v in item)):
            raise Unusable("an item is not a (lon, lat) pair of numbers")
        lon, lat = item
        if abs(lon) > 180.0 or abs(lat) > 90.0:
            raise Unusable("a point is off the globe")
        points.append((float(lon), float(lat)))
    return points


Passed = tuple[str, float, float, str, tuple[str, ...], str, str, float | None]


def passages(value: object, line: Sequence[tuple[float, float]]) -> list[Passed]:
    """The passages and borders of a stored ``line``, in order: a JSON list of
    ``[kind, lon, lat, passage id, countries, crossing, code, crossing_km]``, each where it
    lies on the line (within ``ON_LINE_KM``). A passage has the kind and id of a bundled
    passage, no countries and no crossing, and lies on one of its gates too; a border has the
    kind ``border``, no id, two ISO country codes, and a crossing's name and code (texts of at
    most ``MAX_MESSAGE`` characters) with its distance, or none."""
    from logimap.bundled.countries import iso_codes
    from logimap.bundled.passages import passages as bundled

    found = _json(value)
    if not isinstance(found, list) or len(found) > MAX_CROSSINGS:
        raise Unusable("it is not a list of passages")
    known, codes, kept = bundled(), iso_codes(), []
    for item in found:
        if not (isinstance(item, list) and len(item) == 8):
            raise Unusable("an item is not a passage's eight fields")
        kind, lon, lat, ident, countries, crossing, code, km = item
        if not (_finite(lon) and _finite(lat) and abs(lon) <= 180.0 and abs(lat) <= 90.0):
            raise Unusable("a passage is off the globe")
        if not (isinstance(countries, list) and all(isinstance(c, str) for c in countries)
                and all(isinstance(t, str) and len(t) <= MAX_MESSAGE
                        for t in (kind, ident, crossing, code))):
            raise Unusable("a passage's names are not texts")
        if kind == "border":
            if ident or len(countries) != 2 or not all(c in codes for c in countries):
                raise Unusable("a border is not between two known countries")
            if not ((km is None and not crossing and not code)
                    or (_finite(km) and 0.0 <= km <= MAX_LENGTH_KM and crossing and code)):
                raise Unusable("a border's crossing is not a name, a code and a distance")
        elif ident not in known or known[ident].kind != kind or countries or crossing or code \
                or km is not None:
            raise Unusable(f"{ident!r} is not a passage of kind {kind!r}")
        elif not any(_near((lon, lat), gate.coords) for gate in known[ident].gates):
            raise Unusable(f"{ident!r} is not where its gates are")
        if not _near((lon, lat), line):
            raise Unusable("a passage is not on the line")
        kept.append((kind, float(lon), float(lat), ident, tuple(countries), crossing, code,
                     None if km is None else float(km)))
    return kept


def _near(point: tuple[float, float], line: Sequence[tuple[float, float]]) -> bool:
    """Whether ``point`` lies within ``ON_LINE_KM`` of ``line`` (whose longitudes may be
    unwrapped), measured in a plane at the point's latitude."""
    import numpy as np

    coords = np.asarray(line, dtype=float).reshape(-1, 2)
    if not len(coords):
        return False
    lon = point[0] + 360.0 * np.round((coords[:, 0].mean() - point[0]) / 360.0)
    scale = np.array([KM_PER_DEG * max(math.cos(math.radians(point[1])), 0.01), KM_PER_DEG])
    flat = (coords - [lon, point[1]]) * scale
    if len(flat) == 1:
        return bool(np.hypot(*flat[0]) <= ON_LINE_KM)
    a, b = flat[:-1], flat[1:]
    step = b - a
    along = np.clip(-(a * step).sum(axis=1) / np.maximum((step * step).sum(axis=1), 1e-12),
                    0.0, 1.0)
    nearest = a + step * along[:, None]
    return bool(np.hypot(nearest[:, 0], nearest[:, 1]).min() <= ON_LINE_KM)


def place_check(value: object) -> tuple[str, str] | None:
    """A stored place check: JSON null (the node lies in its country) or a [message, hint]
    pair of texts of at most ``MAX_MESSAGE`` characters each."""
    found = _json(value)
    if found is None:
        return None
    if not (isinstance(found, list) and len(found) == 2
            and all(isinstance(text, str) and len(text) <= MAX_MESSAGE for text in found)):
        raise Unusable("it is not a message and a hint")
    return found[0], found[1]


def basemap(value: object) -> dict[str, list]:
    """A stored basemap: ``{"land": [[ring, ...], ...], "borders": [line, ...]}`` where each
    ring or line is a flat [lon, lat, lon, lat, ...] list of numbers on the globe."""
    found = _json(value)
    if not isinstance(found, dict) or sorted(found) != ["borders", "land"]:
        raise Unusable("it is not a mapping of 'land' and 'borders'")
    land, borders = found["land"], found["borders"]
    if not isinstance(land, list) or not isinstance(borders, list):
        raise Unusable("its land or borders are not lists")
    for polygon in land:
        if not isinstance(polygon, list) or not polygon:
            raise Unusable("a land polygon is not a list of rings")
        for ring in polygon:
            _flat_line(ring, 3)
    for line in borders:
        _flat_line(line, 2)
    return found


def _flat_line(value: object, points: int) -> None:
    if not isinstance(value, list) or len(value) % 2 or len(value) < 2 * points:
        raise Unusable("a ring or line is not a flat list of (lon, lat) numbers")
    if not all(_finite(v) for v in value):
        raise Unusable("a ring or line holds something other than a finite number")
    if any(abs(lon) > 540.0 for lon in value[0::2]) or any(abs(lat) > 90.0
                                                           for lat in value[1::2]):
        raise Unusable("a point is off the globe")


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(
        value)


def _json(value: object) -> Any:
    if not isinstance(value, bytes):
        raise Unusable(f"it is {type(value).__name__}, not bytes")
    try:
        return json.loads(value.decode("utf-8"))
    except UnicodeDecodeError:
        raise Unusable("it is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise Unusable("it is not JSON") from None
