"""``logimap track extract``: one vessel's or aircraft's fixes pulled out of a large AIS or
ADS-B dump (CSV or Parquet, hundreds of millions of rows) with DuckDB, which reads the dump
in pieces and never holds it in memory, into a track file logimap reads.

The dump's columns are found as a track CSV's are (``table.DIALECTS``: MarineTraffic,
MarineCadastre, Global Fishing Watch, OpenSky or logimap's own names), its speeds converted
to knots and its times written in UTC. The output is logimap's CSV: ``time,lat,lon,id,speed,
course``, in time order.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from logimap.errors import UsageError
from logimap.periods import parse_partial_date
from logimap.read.tracks.tabular import dialect_of

MEMORY_LIMIT = "512MB"  # DuckDB spills to disk past this
PROGRESS_EVERY_S = 1.0
OUTPUT_COLUMNS = ("time", "lat", "lon", "id", "speed", "course")


@dataclass(frozen=True)
class Extracted:
    """What an extract wrote: how many fixes, where, and how long it took."""

    fixes: int
    path: Path
    seconds: float


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` in degrees; W greater than E means the box crosses ±180."""
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise UsageError(f"--bbox {text!r} is not W,S,E,N (four numbers, e.g. "
                         "129.5,41.5,133.5,43.5)") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south < north <= 90):
        raise UsageError(f"--bbox {text!r} is not a box on the globe: W and E within "
                         "-180..180, S below N within -90..90")
    return west, south, east, north


def parse_moment(text: str, *, last: bool) -> datetime:
    """A date (``2023``, ``2023-09``, ``2023-09-07``: its first or ``last`` moment) or an ISO
    time with a zone, in UTC."""
    from logimap.read.tracks.times import TimeError, parse_time

    try:
        day = parse_partial_date(text)
    except ValueError:
        try:
            return datetime.fromtimestamp(parse_time(text) / 1000, tz=UTC)
        except TimeError as exc:
            raise UsageError(f"{text!r} is not a date (2023-09-07) or a time with a zone "
                             f"({exc})") from None
    if last:
        end = parse_partial_date(text, last=True)
        return datetime(end.year, end.month, end.day, 23, 59, 59, 999000, tzinfo=UTC)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def extract(source: str, out: Path, ids: Sequence[str] = (),
            bbox: tuple[float, float, float, float] | None = None,
            start: datetime | None = None, end: datetime | None = None, *,
            utc: bool = False, progress: Callable[[float, float], None] | None = None
            ) -> Extracted:
    """Write the fixes of ``source`` (a CSV or Parquet file, or a glob of them) with one of
    ``ids``, in ``bbox`` and between ``start`` and ``end``, to ``out`` in time order.
    ``utc`` says that times written without a zone are UTC. ``progress(percent, seconds)``
    is called about every second while DuckDB works. Nothing is written unless some fix
    matched."""
    import duckdb

    if not ids and bbox is None:
        raise UsageError("give --id (the vessel or aircraft) or --bbox, or both: an extract of "
                         "everything is the dump itself")
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET temp_directory = '{_sql(tempfile.gettempdir())}'")
    relation = _relation(source)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    except duckdb.Error as exc:
        raise UsageError(f"cannot read {source!r}: {str(exc).splitlines()[0]}") from None
    types = {name.strip().lower(): (name, kind.upper()) for name, kind, *_ in described}
    dialect = dialect_of(list(types))
    column = {field: next((types[n][0] for n in names if n in types), None)
              for field, names in dialect.columns.items()}
    missing = [f for f in ("time", "lat", "lon") if column[f] is None]
    if missing or (ids and column["id"] is None):
        what = missing[0] if missing else "id"
        raise UsageError(f"{source!r} has no {what} column (looked for "
                         f"{', '.join(dialect.columns[what])}; it has "
                         f"{', '.join(name for name, _ in types.values())})")
    time_sql = _time_sql(column["time"], types[column["time"].lower()][1],
                         utc or dialect.utc_if_bare)
    where = []
    if ids:
        where.append(f"CAST({_q(column['id'])} AS VARCHAR) IN "
                     f"({', '.join(_literal(i) for i in ids)})")
    if bbox is not None:
        west, south, east, north = bbox
        lon = _q(column["lon"])
        lons = (f"{lon} BETWEEN {west!r} AND {east!r}" if west <= east
                else f"({lon} >= {west!r} OR {lon} <= {east!r})")
        where.append(f"{_q(column['lat'])} BETWEEN {south!r} AND {north!r} AND {lons}")
    if start is not None:
        where.append(f"{time_sql} >= {_literal(start.isoformat())}::TIMESTAMPTZ")
    if end is not None:
        where.append(f"{time_sql} <= {_literal(end.isoformat())}::TIMESTAMPTZ")
    speed = (f"{_q(column['speed'])} * {dialect.knots_per_unit!r}" if column["speed"]
             else "NULL")
    select = (f"SELECT strftime({time_sql}, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, "
              f"{_q(column['lat'])} AS lat, {_q(column['lon'])} AS lon, "
              f"{'CAST(' + _q(column['id']) + ' AS VARCHAR)' if column['id'] else 'NULL'} AS id, "
              f"{speed} AS speed, {_q(column['course']) if column['course'] else 'NULL'} "
              f"AS course FROM {relation} WHERE {' AND '.join(where) or 'true'} "
              f"ORDER BY {time_sql}")
    out = Path(out)
    if not out.parent.is_dir():
        raise UsageError(f"folder {str(out.parent)!r} does not exist; create it first")
    handle, staged = tempfile.mkstemp(prefix=".logimap-extract-", suffix=".csv",
                                      dir=out.parent)
    os.close(handle)
    try:
        count = _run(con, f"COPY ({select}) TO '{_sql(staged)}' (HEADER, DELIMITER ',')",
                     progress, started)
        if count == 0:
            raise UsageError("no fix matched: check --id, --bbox, --from and --to")
        os.replace(staged, out)
    finally:
        if os.path.exists(staged):
            os.unlink(staged)
    return Extracted(count, out, time.perf_counter() - started)


def _run(con: object, sql: str, progress: Callable[[float, float], None] | None,
         started: float) -> int:
    """Run ``sql``; meanwhile report DuckDB's progress. Returns the rows written."""
    import duckdb

    done = threading.Event()
    result: list = []
    failure: list = []

    def work() -> None:
        try:
            result.append(con.execute(sql).fetchone())
        except duckdb.Error as exc:
            failure.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while not done.wait(PROGRESS_EVERY_S):
        if progress is not None:
            percent = con.query_progress()
            progress(max(percent, 0.0), time.perf_counter() - started)
    worker.join()
    if failure:
        raise UsageError(f"the extract failed: {str(failure[0]).splitlines()[0]}")
    return int(result[0][0]) if result and result[0] else 0


def _relation(source: str) -> str:
    lower = source.lower()
    if lower.endswith(".parquet") or lower.endswith(".pq"):
        return f"read_parquet({_literal(source)})"
    if re.search(r"\.(csv|tsv|txt)(\.gz|\.zst)?$", lower):
        return f"read_csv({_literal(source)}, header = true)"
    raise UsageError(f"{source!r} is neither CSV (.csv, .csv.gz) nor Parquet (.parquet)")


def _time_sql(name: str, kind: str, utc: bool) -> str:
    """SQL giving the time column as TIMESTAMPTZ: a zoned time as it is, a zone-less one as
    UTC when ``utc``, a number as seconds since 1970 (milliseconds past 10^11), text parsed."""
    column = _q(name)
    if "WITH TIME ZONE" in kind:
        return column
    if kind.startswith("TIMESTAMP"):
        if not utc:
            raise UsageError(f"the times in column {name!r} have no zone; if they are UTC "
                             "(as MarineCadastre's and MarineTraffic's are), say so with --utc")
        return f"({column} AT TIME ZONE 'UTC')"
    if kind in ("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "HUGEINT", "DECIMAL") or kind.startswith(
            "DECIMAL"):
        return (f"to_timestamp(CASE WHEN abs({column}) >= 1e11 THEN {column} / 1000.0 "
                f"ELSE {column} END)")
    text = f"replace(CAST({column} AS VARCHAR), ' UTC', '+00:00')"
    return f"CAST({text} AS TIMESTAMPTZ)"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql(text: str) -> str:
    return text.replace("'", "''")
