"""What an observed leg makes of its track: the fixes in the leg's period, the jumps too fast
to be real (reported, not drawn) and the dark periods (gaps between fixes longer than the
leg's ``gap``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from logimap.tracks.times import EPOCH

if TYPE_CHECKING:
    from logimap.periods import Period
    from logimap.tracks import Fixes

KNOT_KMH = 1.852
# The fastest a leg of each mode plausibly goes over the ground, km/h: a fix farther from the
# last one drawn than this allows (plus JUMP_SLACK_KM) is a jump, not drawn.
MAX_SPEED_KMH = {"sea": 50 * KNOT_KMH, "air": 1200.0, "rail": 350.0, "road": 250.0}
DEFAULT_MAX_SPEED_KMH = 1200.0
JUMP_SLACK_KM = 2.0  # positions may be off by this much whatever the time between them
DEFAULT_GAP_HOURS = 6.0
# How a dark period is labelled on the map, by mode: what stopped being received.
GAP_WORDS = {"sea": "AIS off", "air": "ADS-B off"}
DEFAULT_GAP_WORD = "no fixes"
DAY_MS = 86_400_000

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
        return np.flatnonzero(self.status == DRAWN)

    def label(self, gap: Gap) -> str:
        """A dark period as the map labels it: ``AIS off 31 h``."""
        return f"{self.word} {hours_text(gap.hours)}"

    def span(self) -> tuple[int, int]:
        """The times of the first and last fix drawn (ms since 1970)."""
        times = self.fixes.times[self.drawn]
        return int(times[0]), int(times[-1])


def hours_text(hours: float) -> str:
    """``31 h``, ``6.5 h``; days too past three: ``80 h (3.3 days)``."""
    text = f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h".replace(".0 h", " h")
    return f"{text} ({hours / 24:.1f} days)" if hours >= 72 else text


def period_ms(period: Period | None) -> tuple[int | None, int | None]:
    """A period's first and last millisecond (UTC), None where it is open or not given."""
    if period is None:
        return None, None
    start = _day_ms(period.start)
    return start, (_day_ms(period.end) + DAY_MS - 1 if period.end else None)


def _day_ms(day: date) -> int:
    return (day - EPOCH.date()).days * DAY_MS


def observe(fixes: Fixes, period: Period | None, gap_hours: float, max_speed_kmh: float,
            word: str) -> ObservedTrack:
    """Clip ``fixes`` (in time order) to ``period``, leave out the jumps faster than
    ``max_speed_kmh`` and find the gaps longer than ``gap_hours`` between those drawn."""
    first, last = period_ms(period)
    times = fixes.times
    inside = np.ones(len(times), dtype=bool)
    if first is not None:
        inside &= times >= first
    if last is not None:
        inside &= times <= last
    status = np.where(inside, DRAWN, OUTSIDE).astype(np.int8)
    candidates = np.flatnonzero(inside)
    jumps = _jumps(fixes, candidates, max_speed_kmh)
    for jump in jumps:
        status[jump.index] = JUMP
    drawn = np.flatnonzero(status == DRAWN)
    limit = round(gap_hours * 3_600_000)
    steps = np.diff(times[drawn])
    gaps = tuple(Gap(int(drawn[i]), int(drawn[i + 1]), int(times[drawn[i]]),
                     int(times[drawn[i + 1]])) for i in np.flatnonzero(steps > limit))
    return ObservedTrack(fixes, status, tuple(jumps), gaps, gap_hours, max_speed_kmh, word)


def distances_km(lons1: np.ndarray, lats1: np.ndarray, lons2: np.ndarray, lats2: np.ndarray
                 ) -> np.ndarray:
    """Geodesic distances (WGS84, pyproj) between points, km."""
    from logimap.geometry.geodesy import GEOD

    return np.asarray(GEOD.inv(lons1, lats1, lons2, lats2)[2]) / 1000.0


def _jumps(fixes: Fixes, candidates: np.ndarray, max_speed_kmh: float) -> list[Jump]:
    """The fixes farther from the last fix kept than ``max_speed_kmh`` allows in the time
    between them (plus ``JUMP_SLACK_KM``). Each fix is compared with the last one kept, so
    one stray fix does not hide the fixes after it."""
    if len(candidates) < 2:
        return []
    lons, lats, times = (fixes.lons[candidates], fixes.lats[candidates],
                         fixes.times[candidates])
    hours = np.diff(times) / 3_600_000
    steps = distances_km(lons[:-1], lats[:-1], lons[1:], lats[1:])
    if not np.any(steps > max_speed_kmh * hours + JUMP_SLACK_KM):
        return []
    jumps, kept = [], 0
    for i in range(1, len(candidates)):
        span = (times[i] - times[kept]) / 3_600_000
        distance = float(distances_km(lons[kept], lats[kept], lons[i], lats[i]))
        if distance > max_speed_kmh * span + JUMP_SLACK_KM:
            jumps.append(Jump(int(candidates[i]), int(candidates[kept]), distance, float(span)))
        else:
            kept = i
    return jumps
