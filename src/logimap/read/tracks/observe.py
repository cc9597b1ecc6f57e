"""What an observed leg makes of its track: the fixes in the leg's period, the jumps too fast
to be real (reported, not drawn) and the dark periods (gaps between fixes longer than the
leg's ``gap``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from logimap.model.tracks import DRAWN, JUMP, OUTSIDE, Gap, Jump, ObservedTrack
from logimap.read.tracks.times import EPOCH

if TYPE_CHECKING:
    from logimap.model.tracks import Fixes
    from logimap.periods import Period

KNOT_KMH = 1.852
# The fastest a leg of each mode plausibly goes over the ground, km/h: a fix farther from the
# last one drawn than this allows (plus JUMP_SLACK_KM) is a jump, not drawn.
MAX_SPEED_KMH = {"sea": 50 * KNOT_KMH, "air": 1200.0, "rail": 350.0, "road": 250.0}
DEFAULT_MAX_SPEED_KMH = 1200.0
JUMP_SLACK_KM = 2.0  # positions may be off by this much whatever the time between them
DEFAULT_GAP_HOURS = 6.0
# How a dark period is labelled on the map, by mode: what was not received. Only that is
# known: a gap may be a transponder switched off or positions not picked up, so the label
# says neither.
GAP_WORDS = {"sea": "no AIS received for", "air": "no ADS-B received for"}
DEFAULT_GAP_WORD = "no positions for"
DAY_MS = 86_400_000


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
    from logimap.geo.geodesy import GEOD

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
