"""CSV tracks: one fix per row, under a header naming the columns.

logimap's own header is ``time, lat, lon`` and optionally ``id`` (an MMSI, an ICAO hex
address...), ``speed`` (knots) and ``course`` (degrees); names are matched without regard to
case, extra columns are left alone. Exports of the main trackers are read as they come, each
recognised by its header, with the units and time zone its maker documents (``DIALECTS``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

from logimap.read.tracks.collect import KNOTS_PER_MS, Collector, Reading, decoded
from logimap.read.tracks.times import parse_times


@dataclass(frozen=True)
class Dialect:
    """How one maker's CSV names the columns (lower case), the units of its speed, and
    whether its times are UTC without saying so."""

    name: str
    marks: frozenset[str]  # the dialect is recognised when the header has all of these
    columns: dict[str, tuple[str, ...]]  # field -> the header names it may have, in order
    knots_per_unit: float = 1.0  # speed in knots = speed as written x this
    utc_if_bare: bool = False


_TIME = ("time", "timestamp", "datetime", "date_time")
_LAT = ("lat", "latitude")
_LON = ("lon", "lng", "long", "longitude")
DIALECTS = (
    # OpenSky Network state vectors (Impala/Trino): seconds since 1970, velocity in m/s,
    # heading = the track angle over ground.
    Dialect("OpenSky", frozenset({"icao24", "velocity"}),
            {"time": ("time",), "lat": ("lat",), "lon": ("lon",), "id": ("icao24",),
             "speed": ("velocity",), "course": ("heading",)}, knots_per_unit=KNOTS_PER_MS),
    # MarineTraffic vessel track exports: SPEED in tenths of a knot, TIMESTAMP in UTC.
    Dialect("MarineTraffic", frozenset({"ship_id", "mmsi", "timestamp", "speed", "lat", "lon"}),
            {"time": ("timestamp",), "lat": ("lat",), "lon": ("lon",), "id": ("mmsi",),
             "speed": ("speed",), "course": ("course",)}, knots_per_unit=0.1,
            utc_if_bare=True),
    # NOAA / BOEM MarineCadastre AIS: BaseDateTime in UTC, SOG in knots.
    Dialect("MarineCadastre", frozenset({"basedatetime", "mmsi"}),
            {"time": ("basedatetime",), "lat": ("lat",), "lon": ("lon",), "id": ("mmsi",),
             "speed": ("sog",), "course": ("cog",)}, utc_if_bare=True),
    # Global Fishing Watch AIS positions: ssvid (the MMSI), speed_knots.
    Dialect("Global Fishing Watch", frozenset({"ssvid"}),
            {"time": _TIME, "lat": _LAT, "lon": _LON, "id": ("ssvid",),
             "speed": ("speed_knots", "speed"), "course": ("course",)}),
    Dialect("logimap", frozenset(),
            {"time": _TIME, "lat": _LAT, "lon": _LON,
             "id": ("id", "mmsi", "icao24", "icao", "hex"),
             "speed": ("speed", "sog", "speed_knots"), "course": ("course", "cog")}),
)
REQUIRED = ("time", "lat", "lon")


def dialect_of(header: list[str]) -> Dialect:
    """The dialect whose marks the header (lower case) has; logimap's own otherwise."""
    names = set(header)
    return next(d for d in DIALECTS if d.marks <= names)


def read(data: bytes, path: str) -> Reading:
    """The fixes of a CSV track."""
    text, problems = decoded(data, path)
    if text is None:
        return Reading(None, problems)
    found = Collector(path, "row")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lstrip("#").strip().lower() for name in next(rows, [])]
    except csv.Error as exc:
        found.problem(" row 1", f"malformed CSV: {exc}", "check the quotes")
        return found.reading()
    dialect = dialect_of(header)
    column = {field: next((header.index(n) for n in names if n in header), None)
              for field, names in dialect.columns.items()}
    missing = [field for field in REQUIRED if column[field] is None]
    if missing:
        wanted = " or ".join(repr(n) for n in dialect.columns[missing[0]])
        found.problem(" row 1", f"the header has no {missing[0]} column ({wanted})",
                      "start the file with a header such as: time,lat,lon,id,speed,course")
        return found.reading()
    texts, cells = [], []
    try:
        for cells_of_row in rows:
            if not any(cell.strip() for cell in cells_of_row):
                continue
            if len(cells_of_row) < len(header):
                found.problem(found.where(rows.line_num), f"{len(cells_of_row)} cells where "
                              f"the header has {len(header)}", "quote cells that hold commas")
                continue
            texts.append(cells_of_row[column["time"]])
            cells.append((rows.line_num, cells_of_row))
    except csv.Error as exc:
        found.problem(found.where(rows.line_num), f"malformed CSV: {exc}", "check the quotes")
        return found.reading()
    times, errors = parse_times(texts, utc_if_bare=dialect.utc_if_bare)
    for index, message in errors:
        found.problem(found.where(cells[index][0]), message,
                      "write times as ISO 8601 with a zone (2023-09-07T04:00:00Z) or as "
                      "seconds since 1970")
    if not errors and _in_bulk(found, dialect, column, cells, times):
        return found.reading()
    for row, values in cells:  # a row's numbers are read one by one to say what is wrong
        where = found.where(row)
        lat = _number(found, where, values, column["lat"], "lat")
        lon = _number(found, where, values, column["lon"], "lon")
        _number(found, where, values, column["speed"], "speed", optional=True)
        _number(found, where, values, column["course"], "course", optional=True)
        if lat is not None and lon is not None:
            found.position(where, lat, lon)
    return found.reading()


_PLAIN_NUMBERS = re.compile(r"[0-9.eE+\-\n]*")


def _in_bulk(found: Collector, dialect: Dialect, column: dict[str, int | None],
             cells: list[tuple[int, list[str]]], times: list) -> bool:
    """Add every row at once when every number is plainly written and every position on the
    globe; False, adding nothing, when a row is not (``read`` then finds and reports what is
    wrong with it: a number that is no plain decimal is not a finite one)."""
    import numpy as np

    numbers = {}
    for name in ("lat", "lon", "speed", "course"):
        if column[name] is None:
            numbers[name] = np.full(len(cells), math.nan)
            continue
        texts = [values[column[name]].strip() for _, values in cells]
        if not _PLAIN_NUMBERS.fullmatch("\n".join(texts)):
            return False
        if name in ("speed", "course"):  # optional: an empty cell is a missing value
            texts = [t or "nan" for t in texts]
        try:
            numbers[name] = np.array(texts, dtype=float)
        except ValueError:
            return False
    lats, lons = numbers["lat"], numbers["lon"]
    if not (np.all(np.abs(lats) <= 90.0) and np.all(np.abs(lons) <= 180.0)):
        return False
    for name in ("speed", "course"):
        values = numbers[name]
        if np.any(np.isinf(values)):
            return False
    idents = ([values[column["id"]].strip() for _, values in cells]
              if column["id"] is not None else [""] * len(cells))
    found.add_many([row for row, _ in cells], times, lons, lats,
                   numbers["speed"] * dialect.knots_per_unit, numbers["course"], idents)
    return True


def _number(found: Collector, where: str, values: list[str], index: int | None, name: str,
            optional: bool = False) -> float | None:
    """The finite number in a cell; NaN for an empty optional one; None (and a problem) when
    it is not a finite number (``nan``, ``inf`` and numbers beyond a float's range are not)."""
    text = values[index].strip() if index is not None else ""
    if not text and optional:
        return math.nan
    return found.number(where, text, name)
