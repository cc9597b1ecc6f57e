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
import stat
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
# A time written as text with its zone (a regular expression for DuckDB): a time of day, then
# Z, UTC, GMT or an offset. Text times without one are an error unless --utc.
ZONED = r"[T ][0-9]{2}(:?[0-9]{2}){0,2}([.,][0-9]+)?\s*(Z|z|UTC|GMT|[+-][0-9]{2}(:?[0-9]{2})?)$"


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
    con.execute("SET enable_progress_bar = true")  # else DuckDB keeps no progress to report
    con.execute("SET enable_progress_bar_print = false")
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
    time_kind = types[column["time"].lower()][1]
    if "WITH TIME ZONE" in time_kind and relation.startswith("read_csv"):
        # DuckDB's guess for a CSV column of times with a zone takes any without one as UTC:
        # read as text, each is checked for its zone.
        relation, time_kind = _relation(source, column["time"]), "VARCHAR"
    time_sql = _time_sql(column["time"], time_kind, utc or dialect.utc_if_bare)
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
    out = writable(Path(out))
    try:
        handle, staged = tempfile.mkstemp(prefix=".logimap-extract-", suffix=".csv",
                                          dir=out.parent)
    except OSError as exc:
        raise UsageError(f"cannot write {str(out)!r}: {exc.strerror}") from None
    os.close(handle)
    try:
        count = _run(con, f"COPY ({select}) TO '{_sql(staged)}' (HEADER, DELIMITER ',')",
                     progress, started, {staged: str(out)})
        if count == 0:
            raise UsageError("no fix matched: check --id, --bbox, --from and --to")
        os.replace(staged, out)
    finally:
        if os.path.exists(staged):
            os.unlink(staged)
    return Extracted(count, out, time.perf_counter() - started)


def writable(out: Path) -> Path:
    """``out`` if an extract may write it: a new name in a folder that exists, or a regular
    file (replaced); never a link, a folder, a device or a pipe."""
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        if not out.parent.is_dir():
            raise UsageError(f"folder {str(out.parent)!r} does not exist; create it first"
                             ) from None
        return out
    except OSError as exc:
        raise UsageError(f"-o {str(out)!r}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        what = ("a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode)
                else "not a regular file")
        raise UsageError(f"-o {str(out)!r} is {what}; give a new file name, or a regular file "
                         "to replace")
    return out


def _run(con: object, sql: str, progress: Callable[[float, float], None] | None,
         started: float, names: dict[str, str]) -> int:
    """Run ``sql``; meanwhile report DuckDB's progress (the most it has said so far).
    Returns the rows written. In an
    error, each of ``names`` (the temporary file) is said as the user knows it."""
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
    shown = 0.0  # DuckDB starts each stage of a query from 0 again: shown never goes back
    while not done.wait(PROGRESS_EVERY_S):
        if progress is not None:
            shown = max(shown, con.query_progress())
            progress(shown, time.perf_counter() - started)
    worker.join()
    if failure:
        said = str(failure[0]).splitlines()[0]
        for name, known in names.items():
            said = said.replace(name, known)
        raise UsageError(f"the extract failed: {said}")
    return int(result[0][0]) if result and result[0] else 0


def _relation(source: str, text: str | None = None) -> str:
    """SQL reading ``source``; a CSV's column ``text`` is read as text, as written."""
    lower = source.lower()
    if lower.endswith(".parquet") or lower.endswith(".pq"):
        return f"read_parquet({_literal(source)})"
    if re.search(r"\.(csv|tsv|txt)(\.gz|\.zst)?$", lower):
        types = f", types = {{{_literal(text)}: 'VARCHAR'}}" if text else ""
        return f"read_csv({_literal(source)}, header = true{types})"
    raise UsageError(f"{source!r} is neither CSV (.csv, .csv.gz) nor Parquet (.parquet)")


def _time_sql(name: str, kind: str, utc: bool) -> str:
    """SQL giving the time column as TIMESTAMPTZ: a zoned time as it is, a zone-less one as
    UTC when ``utc``, a number as seconds since 1970 (milliseconds past 10^11), text parsed
    (text without a zone stops the extract with an error, unless ``utc``)."""
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
    text = f"trim(CAST({column} AS VARCHAR))"
    moment = f"CAST(replace({text}, ' UTC', '+00:00') AS TIMESTAMPTZ)"
    if utc:
        return moment
    return (f"CASE WHEN regexp_matches({text}, {_literal(ZONED)}) THEN {moment} ELSE "
            f"error('time ' || left({text}, 40) || ' in column ' || {_literal(repr(name))} || "
            f"' has no zone; if the times without one are UTC, say so with --utc') END")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql(text: str) -> str:
    return text.replace("'", "''")
