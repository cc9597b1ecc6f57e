"""KML tracks: every ``gx:Track`` (also inside a ``gx:MultiTrack``), its ``when`` times
paired in order with its ``gx:coord`` positions ("lon lat [alt]"), as Google Earth writes
them. Times need a zone (KML's ``when`` may be local time)."""

from __future__ import annotations

from logimap.messages import excerpt
from logimap.read.fields import DECIMAL
from logimap.read.tracks.collect import Collector, Reading, decoded
from logimap.read.tracks.times import TimeError, parse_time
from logimap.read.tracks.xmlscan import Refused, refused_problem, scan


def read(data: bytes, path: str) -> Reading:
    """The fixes of a KML file's tracks."""
    text, problems = decoded(data, path)
    if text is None:
        return Reading(None, problems)
    tracks: list[dict[str, list[tuple[int, list[str]]]]] = []  # per track: whens, coords
    starts: list[int] = []  # the line of each track
    stack: list[str] = []

    def start(name: str, attrs: dict[str, str], line: int) -> None:
        stack.append(name)
        if name == "Track":
            tracks.append({"when": [], "coord": []})
            starts.append(line)
        elif name in ("when", "coord") and len(stack) > 1 and stack[-2] == "Track" and tracks:
            tracks[-1][name].append((line, []))

    def end(name: str) -> None:
        stack.pop()

    def chars(part: str) -> None:
        if len(stack) > 1 and stack[-2] == "Track" and stack[-1] in ("when", "coord"):
            tracks[-1][stack[-1]][-1][1].append(part)  # joined once the file is read

    try:
        scan(text, start, end, chars)
    except Refused as exc:
        return Reading(None, [refused_problem(path, exc)])
    found = Collector(path, "line")
    if not tracks:
        found.problem("", "holds no gx:Track", "export the track from Google Earth as KML "
                      "with a gx:Track of when and gx:coord elements")
    for track, track_line in zip(tracks, starts, strict=True):
        whens, coords = track["when"], track["coord"]
        if len(whens) != len(coords):
            found.problem(found.where(track_line), f"the gx:Track has {len(whens)} "
                          f"<when> and {len(coords)} <gx:coord>", "give one time per position")
            continue
        for (line, when_parts), (coord_line, coord_parts) in zip(whens, coords, strict=True):
            when, coord = "".join(when_parts), "".join(coord_parts)
            try:
                moment = parse_time(when)
            except TimeError as exc:
                found.problem(found.where(line), str(exc),
                              "write <when>2023-09-07T04:00:00Z</when>")
                continue
            parts = coord.split()
            if len(parts) < 2 or not all(DECIMAL.fullmatch(p) for p in parts[:2]):
                found.problem(found.where(coord_line), f"gx:coord {excerpt(coord.strip())} "
                              "is not 'lon lat alt'", "write decimal degrees: 130.3 42.24 0")
                continue
            lon, lat = float(parts[0]), float(parts[1])
            if found.position(found.where(coord_line), lat, lon):
                found.add(line, moment, lon, lat)
    return found.reading()
