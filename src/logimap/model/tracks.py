"""Observed tracks: the fixes (time, position) of one vessel or aircraft read from a track
file, and what an observed leg makes of them: the fixes drawn, the jumps too fast to be real
and the dark periods.

Fixes are kept in numpy arrays (a track may hold tens of thousands): times as whole
milliseconds since 1970 (UTC), positions in degrees (WGS84), speed in knots and course in
degrees (NaN when not given). Each fix remembers where it was read (``Fixes.where``) so that a
problem names the row or line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, eq=False)
class Fixes:
    """Fixes read from one file, with where each was read: ``places`` are rows (``kind``
    "row"), lines ("line") or features ("feature", with ``vertices`` for the points of a
    line). ``ids`` holds each fix's vessel or aircraft id as an index into ``id_values``."""

    path: str
    kind: str
    times: np.ndarray
    lons: np.ndarray
    lats: np.ndarray
    speeds: np.ndarray
    courses: np.ndarray
    places: np.ndarray
    vertices: np.ndarray
    ids: np.ndarray
    id_values: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.times)

    def where(self, index: int) -> str:
        """Where fix ``index`` is in its file, as a problem names it (`` row 12``, ``:12``,
        `` feature 3`` or `` feature 3 vertex 7``)."""
        return fix_place(self.kind, int(self.places[index]), int(self.vertices[index]))

    def place(self, index: int) -> str:
        """Where fix ``index`` is in its file, in words: ``row 12``, ``line 12``,
        ``feature 3 vertex 7``."""
        where = self.where(index)
        return f"line {where[1:]}" if self.kind == "line" else where.strip()

    def ident(self, index: int = 0) -> str:
        """The id of fix ``index`` ("" when the file gives none)."""
        return self.id_values[int(self.ids[index])] if len(self) else ""

    def take(self, chosen: np.ndarray) -> Fixes:
        """The fixes at ``chosen`` (indices or a mask), in that order."""
        return replace(self, **{name: getattr(self, name)[chosen] for name in ARRAYS})


ARRAYS = ("times", "lons", "lats", "speeds", "courses", "places", "vertices", "ids")


def fix_place(kind: str, place: int, vertex: int) -> str:
    """Where a fix is in its file, as a problem names it."""
    if kind == "line":
        return f":{place}"
    if kind == "row":
        return f" row {place}"
    return f" feature {place}" + (f" vertex {vertex}" if vertex else "")


# A fix's status, as track_points.status says it.
DRAWN, JUMP, OUTSIDE = 0, 1, 2
STATUS_NAMES = ("drawn", "jump", "outside period")


@dataclass(frozen=True)
class Gap:
    """A dark period: no fix between fix ``before`` and fix ``after`` (indices into the
    track's fixes) for longer than the leg's gap."""

    before: int
    after: int
    start_ms: int
    end_ms: int

    @property
    def hours(self) -> float:
        return (self.end_ms - self.start_ms) / 3_600_000


@dataclass(frozen=True)
class Jump:
    """A fix not drawn: ``distance_km`` from the last fix drawn (``after``) in ``hours``."""

    index: int
    after: int
    distance_km: float
    hours: float

    @property
    def speed_kmh(self) -> float:
        return self.distance_km / self.hours if self.hours > 0 else float("inf")


@dataclass(frozen=True, eq=False)
class ObservedTrack:
    """A leg's track: its fixes in time order, each fix's status (``DRAWN``, ``JUMP`` or
    ``OUTSIDE`` the leg's period), the jumps and the dark periods."""

    fixes: Fixes
    status: np.ndarray
    jumps: tuple[Jump, ...]
    gaps: tuple[Gap, ...]
    gap_hours: float
    max_speed_kmh: float
    word: str

    @cached_property
    def drawn(self) -> np.ndarray:
        """Indices of the fixes drawn, in time order."""
        import numpy as np

        return np.flatnonzero(self.status == DRAWN)

    def span(self) -> tuple[int, int]:
        """The times of the first and last fix drawn (ms since 1970)."""
        times = self.fixes.times[self.drawn]
        return int(times[0]), int(times[-1])
