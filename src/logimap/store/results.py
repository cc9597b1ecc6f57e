"""Routed lines, land checks and basemaps kept between builds, so a rebuild after an edit
computes only what the edit changed.

Routing is most of a build's own work: a sea leg is routed on water (the bundled sea lanes
and Natural Earth 1:10m sea) and checked against its land, a rail or road leg is a shortest
path on the bundled network, and the basemap is clipped and simplified from Natural Earth.
Each result is stored under a key made of everything it depends on: its inputs (a leg's mode
and stops with their coordinates and kinds, the network it is routed on; a line and its
ports; an extent) and a fingerprint of the code and data that compute it (logimap's version
and routing sources, the bundled data they read (Natural Earth, OpenStreetMap, sea lanes,
passages, the gazetteer's border crossings), the versions of the libraries used).
Changed inputs make another key, so a stored result is never stale, and results stored
under another fingerprint are dropped when the store opens.
A result read back is the one computed (lines are kept as float64 bytes, other results as
JSON text), so a build from the store is byte-identical to one without it.

The store is a cache, not a source of truth: anyone who can write its file can put anything
under a key. Every value read back is checked (``logimap.store.values``: type, shape, range, and
agreement with its key's inputs) and one that fails is a miss: computed again and overwritten.
Misses, and a store left aside, are logged to the ``logimap.store.results`` logger at INFO level
(``-v`` on the command line shows them).

The store is one SQLite file, ``routes.sqlite3``, in ``$LOGIMAP_CACHE_DIR`` if that is set,
else in ``$XDG_CACHE_HOME/logimap`` (by default ``~/.cache/logimap``). An empty
``LOGIMAP_CACHE_DIR`` turns the store off. A store that cannot be opened, read or written, is
locked by another process for longer than ``LOCK_TIMEOUT_S``, or is not a table of logimap's,
is left alone: it never fails a build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

ENV_DIR = "LOGIMAP_CACHE_DIR"
FILE_NAME = "routes.sqlite3"
# What a stored result depends on besides its inputs: these sources and data, these libraries.
SOURCES = ("route", "geo", "bundled", "check/places.py", "render/basemap.py", "store")
DATA = ("data/gazetteer", "data/iso3166", "data/naturalearth", "data/osm", "data/passages",
        "data/sealanes")
LIBRARIES = ("logimap", "numpy", "pyogrio", "pyproj", "scipy", "shapely")
QUERY_KEYS = 500  # keys per SELECT (SQLite allows at most 999 parameters in old versions)
LOCK_TIMEOUT_S = 0.5  # how long to wait for a store another process holds locked
MAX_VALUE_BYTES = 64 * 1024 * 1024  # a larger value is never read: a miss
COLUMNS = ["key", "fingerprint", "value"]
log = logging.getLogger(__name__)


def note_miss(what: str, reason: str) -> None:
    """Log (shown with ``-v``) that a stored value was not used, and why."""
    log.info("route store: the stored %s is not used (%s); computed again", what, reason)


def default_dir() -> Path | None:
    """Where the store lives: ``$LOGIMAP_CACHE_DIR``, else the user's cache folder; None
    when ``LOGIMAP_CACHE_DIR`` is set but empty."""
    chosen = os.environ.get(ENV_DIR)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "logimap"


def fingerprint() -> str:
    """A digest of the code, data and library versions that routed results depend on."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in SOURCES:
        path = package / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.relative_to(package).as_posix().encode())
            digest.update(source.read_bytes())
    for folder in DATA:
        for data in sorted((package / folder).iterdir()):
            digest.update(f"{folder}/{data.name} {data.stat().st_size}".encode())
            if data.name == "PROVENANCE.md":  # holds each file's sha256
                digest.update(data.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library} {version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library} -".encode())
    return digest.hexdigest()


class RouteStore:
    """Stored results by key. ``key(inputs)`` names a result by the JSON value of what it
    depends on; ``get(keys)`` returns the values (bytes) stored under those of the keys that
    have one; ``put(key, value)`` keeps a value and ``save()`` writes what was kept, in one
    transaction. ``RouteStore(None)`` stores nothing.
    """

    def __init__(self, folder: Path | None):
        self._db: Any = None
        self._folder = None if folder is None else Path(folder)
        self._pending: dict[str, bytes] = {}
        self._print = ""
        if self._folder is not None:
            self._open(self._folder)

    @classmethod
    def default(cls) -> RouteStore:
        """The user's store (see the module's docstring)."""
        return cls(default_dir())

    @property
    def folder(self) -> Path | None:
        """The folder of an active store (a child process opens its own connection there),
        None when results are not kept."""
        return self._folder if self.active else None

    @property
    def active(self) -> bool:
        """Whether results are read and kept."""
        return self._db is not None

    def _open(self, folder: Path) -> None:
        import sqlite3

        path = folder / FILE_NAME
        db = None
        try:
            self._print = fingerprint()
            folder.mkdir(parents=True, exist_ok=True)
            if path.exists() and not stat.S_ISREG(path.stat().st_mode):
                raise OSError(f"{FILE_NAME} is not a regular file")
            db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)
            db.execute("PRAGMA trusted_schema = OFF")  # no functions run from a stored schema
            db.execute("CREATE TABLE IF NOT EXISTS results "
                       "(key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value BLOB NOT NULL)")
            _check_schema(db)
            with db:
                db.execute("DELETE FROM results WHERE fingerprint != ?", (self._print,))
        except (OSError, sqlite3.Error) as exc:
            log.info("route store: %s left aside (%s)", path, exc)
            if db is not None:
                db.close()
            return
        self._db = db

    @property
    def empty(self) -> bool:
        """Whether nothing is kept yet (a first build, or the first since the code or the
        bundled data changed): every result will be computed."""
        import sqlite3

        if self._db is None:
            return True
        try:
            return not self._pending and self._db.execute(
                "SELECT 1 FROM results LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def key(self, inputs: object) -> str:
        """The key of the result computed from ``inputs`` (a JSON value) by this code."""
        text = json.dumps([self._print, inputs], sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored values of those ``keys`` that have one."""
        import sqlite3

        if self._db is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        found = {key: self._pending[key] for key in wanted if key in self._pending}
        for start in range(0, len(wanted), QUERY_KEYS):
            chunk = wanted[start:start + QUERY_KEYS]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    "SELECT key, typeof(value), length(value), CASE WHEN typeof(value) = 'blob' "
                    f"AND length(value) <= ? THEN value END FROM results WHERE key IN ({marks})",
                    [MAX_VALUE_BYTES, *chunk]).fetchall()
            except sqlite3.Error as exc:
                log.info("route store: cannot be read (%s)", exc)
                return found
            for key, kind, size, value in rows:
                if isinstance(value, bytes):
                    found[key] = value
                else:
                    note_miss(f"value under key {str(key)[:12]}", f"{kind} of {size} bytes")
        return found

    def put(self, key: str, value: bytes) -> None:
        """Keep ``value`` under ``key`` (written by ``save``)."""
        if self._db is not None:
            self._pending[key] = value

    def save(self) -> None:
        """Write what was put, in one transaction."""
        import sqlite3

        if self._db is None or not self._pending:
            return
        rows = [(key, self._print, value) for key, value in self._pending.items()]
        self._pending = {}
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
        except sqlite3.Error as exc:
            log.info("route store: results not kept (%s)", exc)


def _check_schema(db: Any) -> None:
    """Raise ``sqlite3.DatabaseError`` unless the store holds only logimap's table of results
    (no other table, view or trigger, and the three columns logimap writes)."""
    import sqlite3

    objects = db.execute("SELECT type, name FROM sqlite_master").fetchall()
    columns = [row[1] for row in db.execute("PRAGMA table_info(results)")]
    if columns != COLUMNS or any(kind not in ("table", "index") for kind, _ in objects) or [
            name for kind, name in objects if kind == "table"] != ["results"]:
        raise sqlite3.DatabaseError("it is not a logimap route store")


def pack_line(coords: Iterable[tuple[float, float]], length_km: float = 0.0,
              marks: Sequence[float] = ()) -> bytes:
    """A line's length, ``marks`` (numbers that say which parts of it are schematic, read by
    ``store.values.leg_line``) and (lon, lat) points as float64 bytes: the length, the count
    of marks, the marks, the points. Exactly the numbers computed, in this machine's byte
    order (a store is not shared between machines)."""
    flat = array("d", [length_km, len(marks), *marks])
    flat.extend(chain.from_iterable(coords))
    return flat.tobytes()


def unpack_line(data: bytes) -> tuple[tuple[tuple[float, float], ...], float]:
    """The (lon, lat) points and the length that ``pack_line`` packed."""
    flat = array("d")
    flat.frombytes(data)
    values = flat.tolist()
    points = values[2 + int(values[1]):]
    return tuple(zip(points[0::2], points[1::2], strict=True)), values[0]


def line_digest(coords: Iterable[tuple[float, float]]) -> str:
    """A short name for a line's exact points, to key results computed from it."""
    return hashlib.sha256(pack_line(coords)).hexdigest()
