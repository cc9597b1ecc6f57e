"""What a page is sent of its observed legs: each track's line simplified, each point kept
with its exact time, and its dark periods.

A track of ten thousand fixes is drawn from a few hundred: the points are chosen as moving
objects' tracks are simplified (top-down, by the synchronised Euclidean distance of
Meratnia and de By, 2004), so that the line drawn, read at any fix's time, is within
``SIMPLIFY_M`` of where that fix put the vessel. Every point sent is a fix (or a leg's end)
with the time it was recorded. The ends of each dark period are always kept. A page is sent
at most ``MAX_PAGE_POINTS`` points of tracks: past that, each line is thinned evenly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import numpy as np

from logimap.read.tracks.times import iso
from logimap.render.encoding import encode_integers, encode_line
from logimap.wording import dark_period, hours_text

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario
    from logimap.model.tracks import ObservedTrack

SIMPLIFY_M = 100.0
METRES_PER_DEGREE = 111_195.0  # on the mean earth sphere
# The most track points a page is sent: past it, each track's simplified line is thinned to
# its share of them, evenly along it (its ends and its dark periods' ends always kept).
MAX_PAGE_POINTS = 100_000


@dataclass(frozen=True, eq=False)
class SimpleLine:
    """An observed leg's line simplified: the points kept (``kept``, indices into the line),
    those sent whatever the cap (``ends``: the line's ends and its dark periods'), the time
    of every point of the line (whole seconds since 1970) and the point before each dark
    period (``gap_points``)."""

    kept: np.ndarray
    ends: np.ndarray
    times: np.ndarray
    gap_points: np.ndarray


def simple_line(observed: ObservedTrack, line: list[tuple[float, float]]) -> SimpleLine:
    """The simplified line of an observed leg drawn as ``line`` (its origin, the fixes drawn,
    its destination); made once per track, however many pages show it."""
    if observed not in _MADE:
        _MADE[observed] = _simple_line(observed, line)
    return _MADE[observed]


_MADE: WeakKeyDictionary[ObservedTrack, SimpleLine] = WeakKeyDictionary()


def _simple_line(observed: ObservedTrack, line: list[tuple[float, float]]) -> SimpleLine:
    drawn = observed.drawn
    seconds = observed.fixes.times[drawn] // 1000
    times = np.concatenate(([seconds[0]], seconds, [seconds[-1]]))
    xy = np.asarray(line, dtype=float)
    befores = np.searchsorted(drawn, [g.before for g in observed.gaps]).astype(np.int64) + 1
    afters = np.searchsorted(drawn, [g.after for g in observed.gaps]).astype(np.int64) + 1
    ends = np.union1d([0, len(xy) - 1], np.concatenate((befores, afters)))
    kept = simplified(xy, times.astype(float), ends.tolist(), SIMPLIFY_M)
    return SimpleLine(kept, ends, times, befores)


def thinned(kept: np.ndarray, ends: np.ndarray, budget: int) -> np.ndarray:
    """``kept`` cut to about ``budget`` points evenly spaced along it, with all of ``ends``.

    >>> thinned(np.arange(0, 100, 2), np.array([0, 50, 98]), 7).tolist()
    [0, 32, 50, 66, 98]
    """
    if len(kept) <= budget:
        return kept
    every = np.linspace(0, len(kept) - 1, max(budget - len(ends), 2)).round().astype(np.int64)
    return np.union1d(kept[every], ends)


def track_fields(observed: ObservedTrack, simple: SimpleLine, kept: np.ndarray
                 ) -> dict[str, Any]:
    """For an observed leg whose simplified line sends the points ``kept``: their times
    (``times``, whole seconds since 1970 as ``encode_integers`` writes them), its dark
    periods (``gaps``: the index of the point before each, its label and its times) and what
    the popup says of the track (``track_info``)."""
    fixes = observed.fixes
    before = np.searchsorted(kept, simple.gap_points)
    gaps = [[int(at), dark_period(observed, g), iso(g.start_ms), iso(g.end_ms)]
            for at, g in zip(before, observed.gaps, strict=True)]
    counts = np.bincount(observed.status, minlength=3)
    first, last = observed.span()
    return {
        "times": encode_integers(simple.times[kept]),
        "gaps": gaps,
        "track_info": {"file": fixes.path, "id": fixes.ident(0), "fixes": int(counts[0]),
                       "jumps": int(counts[1]), "outside": int(counts[2]),
                       "first": iso(first), "last": iso(last),
                       "gap": hours_text(observed.gap_hours), "sent": len(kept)},
    }


def simplified(xy: np.ndarray, times: np.ndarray, keep: list[int], tolerance_m: float
               ) -> np.ndarray:
    """Indices of the points of ``xy`` (lon, lat) to draw, in order: those in ``keep`` and
    enough others that no point is farther than ``tolerance_m`` from where the line through
    the kept points puts the object at that point's time.

    Every stretch between kept points is split at its worst point, all stretches at once, a
    round at a time. A stretch of more than ``BALANCED_FROM`` points whose worst point lies in
    its first or last eighth is split at its middle point too, so that no more than about
    log(n) + ``BALANCED_FROM`` rounds of n points are needed (a zig-zag track would otherwise
    shed one point a round)."""
    lat0 = np.radians(np.mean(xy[:, 1])) if len(xy) else 0.0
    x = xy[:, 0] * METRES_PER_DEGREE * np.cos(lat0)
    y = xy[:, 1] * METRES_PER_DEGREE
    chosen = np.zeros(len(xy), dtype=bool)
    chosen[keep] = True
    firsts = np.array(keep[:-1], dtype=np.int64)
    lasts = np.array(keep[1:], dtype=np.int64)
    while True:
        wide = lasts - firsts >= 2
        firsts, lasts = firsts[wide], lasts[wide]
        if not len(firsts):
            return np.flatnonzero(chosen)
        worst, error = _worst_points(x, y, times, firsts, lasts)
        split = error > tolerance_m * tolerance_m
        firsts, lasts, worst = firsts[split], lasts[split], worst[split]
        middle = (firsts + lasts) // 2
        eighth = (lasts - firsts) // 8
        lopsided = ((lasts - firsts > BALANCED_FROM)
                    & ((worst - firsts < eighth) | (lasts - worst < eighth)))
        other = np.where(lopsided, middle, worst)
        low, high = np.minimum(worst, other), np.maximum(worst, other)
        chosen[low] = chosen[high] = True
        firsts, lasts = (np.concatenate((firsts, low, high)),
                         np.concatenate((low, high, lasts)))


BALANCED_FROM = 64


def _worst_points(x: np.ndarray, y: np.ndarray, times: np.ndarray, firsts: np.ndarray,
                  lasts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each stretch from ``firsts[i]`` to ``lasts[i]`` (at least one point inside), the
    first inner point farthest from where the straight line puts the object at its time,
    and that distance squared (m²)."""
    counts = lasts - firsts - 1
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    stretch = np.repeat(np.arange(len(firsts)), counts)
    inner = np.arange(int(counts.sum())) - starts[stretch] + firsts[stretch] + 1
    first, last = firsts[stretch], lasts[stretch]
    span = times[last] - times[first]
    f = np.divide(times[inner] - times[first], span, out=np.zeros(len(inner)), where=span > 0)
    ex = x[first] + (x[last] - x[first]) * f - x[inner]
    ey = y[first] + (y[last] - y[first]) * f - y[inner]
    errors = ex * ex + ey * ey
    largest = np.maximum.reduceat(errors, starts)
    at = np.flatnonzero(errors == largest[stretch])  # in order, stretch by stretch
    owner = stretch[at]
    first_at = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    return inner[at[first_at]], largest


def add_tracks(scenario: Scenario, legs: list[Leg], records: list[dict[str, Any]],
               lines: dict[str, list[tuple[float, float]]]) -> int:
    """Give the page's leg ``records`` (made from ``legs``, in order) their tracks: an
    observed leg's line simplified (``coords``, thinned to its share of ``MAX_PAGE_POINTS``
    when the page's tracks have more) with ``times``, ``gaps`` and ``track_info``
    (``track_fields``), the other legs None for each. Returns how many legs are tracked."""
    simple = {leg.id: simple_line(scenario.tracks[leg.id], lines[leg.id])
              for leg in legs if leg.id in scenario.tracks}
    total = sum(len(line.kept) for line in simple.values())
    for leg, record in zip(legs, records, strict=True):
        record.update(times=None, gaps=None, track_info=None)
        if leg.id in simple:
            line = simple[leg.id]
            kept = line.kept
            if total > MAX_PAGE_POINTS:
                kept = thinned(kept, line.ends, MAX_PAGE_POINTS * len(kept) // total)
            record["coords"] = encode_line(np.asarray(lines[leg.id], dtype=float)[kept])
            record.update(track_fields(scenario.tracks[leg.id], line, kept))
    return len(simple)
