"""GPX tracks (1.1, and 1.0), read with gpxpy: every ``trkpt`` of every track segment, in
file order. GPX gives times in UTC (its specification says so), so a time without a zone is
read as UTC; speed (GPX 1.0, in m/s) and course are kept when given."""

from __future__ import annotations

import math
from datetime import UTC

from logimap.read.tracks.collect import KNOTS_PER_MS, Collector, Reading, decoded
from logimap.read.tracks.times import TimeError, parse_time, to_ms
from logimap.read.tracks.xmlscan import Refused, refused_problem, scan


def read(data: bytes, path: str) -> Reading:
    """The fixes of a GPX file."""
    import gpxpy
    import gpxpy.gpx

    text, problems = decoded(data, path)
    if text is None:
        return Reading(None, problems)
    points: list[tuple[int, str]] = []  # each trkpt's line and the text of its <time>
    inside: list[str] = []

    def start(name: str, attrs: dict[str, str], line: int) -> None:
        inside.append(name)
        if name == "trkpt":
            points.append((line, ""))

    def end(name: str) -> None:
        inside.pop()

    def chars(part: str) -> None:
        if inside[-2:] == ["trkpt", "time"]:
            line, before = points[-1]
            points[-1] = (line, before + part)

    try:
        scan(text, start, end, chars)
    except Refused as exc:
        return Reading(None, [refused_problem(path, exc)])
    try:
        gpx = gpxpy.parse(text)
    except gpxpy.gpx.GPXException as exc:
        return Reading(None, [_problem(path, f"is not a GPX file gpxpy reads ({exc})")])
    found = Collector(path, "line")
    parsed = [point for track in gpx.tracks for segment in track.segments
              for point in segment.points]
    if len(parsed) != len(points):  # gpxpy and expat disagree: no line to trust
        return Reading(None, [_problem(path, f"{len(points)} trkpt elements, but gpxpy read "
                                       f"{len(parsed)} track points")])
    for point, (line, time_text) in zip(parsed, points, strict=True):
        where = found.where(line)
        if point.time is not None:
            time_ms = to_ms(point.time if point.time.tzinfo else point.time.replace(tzinfo=UTC))
        else:
            try:  # gpxpy leaves out a time it cannot read: say what it was
                time_ms = parse_time(time_text, utc_if_bare=True) if time_text.strip() else None
            except TimeError as exc:
                found.problem(where, str(exc), "write <time>2023-09-07T04:00:00Z</time>")
                continue
            if time_ms is None:
                found.problem(where, "the track point has no <time>",
                              "give every trkpt its <time>, or draw the leg another way")
                continue
        if not found.position(where, point.latitude, point.longitude):
            continue
        speed = point.speed * KNOTS_PER_MS if point.speed is not None else math.nan
        course = point.course if point.course is not None else math.nan
        found.add(line, time_ms, point.longitude, point.latitude, speed, course)
    return found.reading()


def _problem(path: str, message: str):
    from logimap.errors import Problem

    return Problem(path, "", message, "check that the file is GPX 1.1 with <trk> tracks")
