"""GPX tracks (1.1, and 1.0): every ``trkpt`` of every track segment, in file order, read in
one pass of expat (``xmlscan``). GPX gives times in UTC (its specification says so), so a
time without a zone is read as UTC; speed (GPX 1.0, in m/s) and course are kept when given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from logimap.messages import excerpt
from logimap.read.tracks.collect import KNOTS_PER_MS, Collector, Reading, decoded
from logimap.read.tracks.times import TimeError, parse_time
from logimap.read.tracks.xmlscan import Refused, refused_problem, scan

# The children of a trkpt that logimap reads; their text is gathered in pieces.
READ_CHILDREN = ("time", "speed", "course")
NUMBER_HINT = "write a decimal number with the digits 0-9 and '.'"


@dataclass
class _Point:
    """One trkpt as written: its line, attributes and the text of the children read."""

    line: int
    attrs: dict[str, str]
    texts: dict[str, list[str]] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        parts = self.texts.get(name)
        return "".join(parts) if parts is not None else None


def read(data: bytes, path: str) -> Reading:
    """The fixes of a GPX file."""
    text, problems = decoded(data, path)
    if text is None:
        return Reading(None, problems)
    points: list[_Point] = []
    inside: list[str] = []
    roots: list[str] = []

    def start(name: str, attrs: dict[str, str], line: int) -> None:
        if not inside:
            roots.append(name)
        inside.append(name)
        if name == "trkpt":
            points.append(_Point(line, attrs))
        elif name in READ_CHILDREN and inside[-2:-1] == ["trkpt"]:
            points[-1].texts[name] = []

    def end(name: str) -> None:
        inside.pop()

    def chars(part: str) -> None:
        if inside[-2:-1] == ["trkpt"] and inside[-1] in READ_CHILDREN:
            points[-1].texts[inside[-1]].append(part)

    try:
        scan(text, start, end, chars)
    except Refused as exc:
        return Reading(None, [refused_problem(path, exc)])
    found = Collector(path, "line")
    if roots != ["gpx"]:
        found.problem("", f"is not GPX: its root element is {excerpt(roots[0])}, not gpx",
                      "check that the file is GPX 1.1 with <trk> tracks")
    for point in points:
        _fix(found, point)
    return found.reading()


def _fix(found: Collector, point: _Point) -> None:
    """The fix of one trkpt, or a problem saying what is wrong with it."""
    where = found.where(point.line)
    time_text = point.text("time")
    if time_text is None or not time_text.strip():
        found.problem(where, "the track point has no <time>",
                      "give every trkpt its <time>, or draw the leg another way")
        return
    try:
        time_ms = parse_time(time_text, utc_if_bare=True)
    except TimeError as exc:
        found.problem(where, str(exc), "write <time>2023-09-07T04:00:00Z</time>")
        return
    lat = _number(found, where, point.attrs.get("lat"), "lat")
    lon = _number(found, where, point.attrs.get("lon"), "lon")
    speed = _number(found, where, point.text("speed"), "<speed>", optional=True)
    course = _number(found, where, point.text("course"), "<course>", optional=True)
    if None in (lat, lon, speed, course) or not found.position(where, lat, lon):
        return
    found.add(point.line, time_ms, lon, lat, speed * KNOTS_PER_MS, course)


def _number(found: Collector, where: str, text: str | None, name: str,
            optional: bool = False) -> float | None:
    """The finite number in an attribute or element; NaN for an optional one not given or
    empty; None (and a problem) when it is missing or not a finite number."""
    if optional and (text is None or not text.strip()):
        return math.nan
    if text is None:
        found.problem(where, f"the track point has no {name}", NUMBER_HINT)
        return None
    return found.number(where, text, name)
