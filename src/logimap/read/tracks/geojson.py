"""GeoJSON tracks: Point features with a time property, or LineStrings (and
MultiLineStrings) with a time per vertex, in a FeatureCollection, a Feature or a list of
features.

A point's time is its property ``time`` (or ``timestamp``, ``datetime``, ``when``); a line's
times are ``times`` or ``coordTimes`` (as togeojson writes them) or
``coordinateProperties.times``, one per vertex. Optional properties: ``id`` (or ``mmsi``,
``icao24``), ``speed`` (knots) and ``course`` (degrees).
"""

from __future__ import annotations

import json
import math
from typing import Any

from logimap.messages import excerpt
from logimap.read.tracks.collect import Collector, Reading, decoded
from logimap.read.tracks.times import TimeError, parse_time

TIME_KEYS = ("time", "timestamp", "datetime", "when")
TIMES_KEYS = ("times", "coordTimes")
ID_KEYS = ("id", "mmsi", "icao24")
HINT = ("give each Point feature a 'time' property, or a LineString a 'times' list with one "
        "time per vertex")


def read(data: bytes, path: str) -> Reading:
    """The fixes of a GeoJSON file."""
    text, problems = decoded(data, path)
    if text is None:
        return Reading(None, problems)
    found = Collector(path, "feature")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", 0)
        found.problem(f":{line}" if line else "", f"is not JSON ({getattr(exc, 'msg', exc)})",
                      "check the file is GeoJSON")
        return found.reading()
    for number, feature in enumerate(_features(document), start=1):
        _feature(found, number, feature)
    return found.reading()


def _features(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features")
        return features if isinstance(features, list) else []
    return [document]


def _feature(found: Collector, number: int, feature: Any) -> None:
    where = found.where(number)
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        found.problem(where, "is not a GeoJSON Feature", HINT)
        return
    properties = feature.get("properties") or {}
    geometry = feature.get("geometry") or {}
    if not isinstance(properties, dict) or not isinstance(geometry, dict):
        found.problem(where, "has properties or a geometry that is not an object", HINT)
        return
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    ident = next((str(properties[k]) for k in ID_KEYS if properties.get(k) not in (None, "")),
                 "")
    speed = _optional(found, where, properties, "speed")
    course = _optional(found, where, properties, "course")
    if speed is None or course is None:
        return
    if kind == "Point":
        time_text = next((properties[k] for k in TIME_KEYS if k in properties), None)
        if time_text is None:
            found.problem(where, "the point has no 'time' property", HINT)
            return
        _fix(found, number, 0, time_text, coordinates, speed, course, ident)
    elif kind in ("LineString", "MultiLineString"):
        lines = coordinates if kind == "MultiLineString" else [coordinates]
        vertices = [v for line in lines if isinstance(line, list) for v in line] if isinstance(
            lines, list) else []
        times = _line_times(properties, kind)
        if times is None:
            found.problem(where, f"the {kind} has no 'times' property", HINT)
        elif len(times) != len(vertices):
            found.problem(where, f"{len(times)} times for {len(vertices)} vertices",
                          "give exactly one time per vertex, in order")
        else:
            for vertex, (time_text, point) in enumerate(zip(times, vertices, strict=True), 1):
                _fix(found, number, vertex, time_text, point, math.nan, math.nan, ident)
    else:
        found.problem(where, f"has geometry {excerpt(kind)}", HINT)


def _line_times(properties: dict[str, Any], kind: str) -> list[Any] | None:
    times = next((properties[k] for k in TIMES_KEYS if k in properties), None)
    if times is None and isinstance(properties.get("coordinateProperties"), dict):
        times = properties["coordinateProperties"].get("times")
    if kind == "MultiLineString" and isinstance(times, list) and all(
            isinstance(t, list) for t in times):
        times = [t for part in times for t in part]
    return times if isinstance(times, list) else None


def _fix(found: Collector, number: int, vertex: int, time_text: Any, point: Any,
         speed: float, course: float, ident: str) -> None:
    where = found.where(number, vertex)
    try:
        if isinstance(time_text, bool) or not isinstance(time_text, str | int | float):
            raise TimeError(f"time {excerpt(time_text)} is not text or a number")
        moment = parse_time(str(time_text))
    except TimeError as exc:
        found.problem(where, str(exc), "write times as ISO 8601 with a zone "
                      "(2023-09-07T04:00:00Z) or as seconds since 1970")
        return
    if not (isinstance(point, list) and len(point) >= 2
            and all(_is_number(v) for v in point[:2])):
        found.problem(where, f"coordinates {excerpt(point)} are not [lon, lat]",
                      "write [lon, lat] in decimal degrees")
        return
    lon, lat = float(point[0]), float(point[1])
    if found.position(where, lat, lon):
        found.add(number, moment, lon, lat, speed, course, ident, vertex)


def _is_number(value: Any) -> bool:
    """True for a JSON number a float holds and that is finite (not NaN, Infinity or an
    integer of 400 digits)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer beyond a float's range
        return False


def _optional(found: Collector, where: str, properties: dict[str, Any], key: str
              ) -> float | None:
    """A property's number; NaN when it is not given (or null); None, and a problem, when
    it is not a finite number."""
    value = properties.get(key)
    if value is None:
        return math.nan
    if _is_number(value):
        return float(value)
    found.problem(where, f"{key} {excerpt(value)} is not a finite number",
                  f"write the {key} as a JSON number, such as 12.5, or leave it out")
    return None
