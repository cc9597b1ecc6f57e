"""What a page is sent of its observed legs: each track's line simplified, each point kept
with its exact time, and its dark periods.

A track of ten thousand fixes is drawn from a few hundred: the points are chosen as moving
objects' tracks are simplified (top-down, by the synchronised Euclidean distance of
Meratnia and de By, 2004), so that the line drawn, read at any fix's time, is within
``SIMPLIFY_M`` of where that fix put the vessel. Every point sent is a fix (or a leg's end)
with the time it was recorded. The ends of each dark period are always kept.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import numpy as np

from logimap.read.tracks.times import iso
from logimap.render.encoding import encode_integers, encode_line
from logimap.wording import dark_period, hours_text

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario

SIMPLIFY_M = 100.0
METRES_PER_DEGREE = 111_195.0  # on the mean earth sphere


def track_fields(scenario: Scenario, leg: Leg, line: list[tuple[float, float]]
                 ) -> dict[str, Any]:
    """For an observed leg drawn as ``line`` (its origin, the fixes drawn, its
    destination): the points of the simplified line (``points``), their times (``times``,
    whole seconds since 1970 as ``encode_integers`` writes them), its dark periods
    (``gaps``: the index of the point before each, its label and its times) and what the
    popup says of the track (``track_info``)."""
    observed = scenario.tracks[leg.id]
    if observed not in _MADE:  # a build's pages share the same tracks: made once each
        _MADE[observed] = _track_fields(observed, line)
    return _MADE[observed]


_MADE: WeakKeyDictionary[Any, dict[str, Any]] = WeakKeyDictionary()


def _track_fields(observed: Any, line: list[tuple[float, float]]) -> dict[str, Any]:
    drawn = observed.drawn
    fixes = observed.fixes
    seconds = fixes.times[drawn] // 1000
    times = np.concatenate(([seconds[0]], seconds, [seconds[-1]]))
    xy = np.asarray(line, dtype=float)
    position = {int(fix): i + 1 for i, fix in enumerate(drawn)}  # fix -> point of the line
    breaks = sorted({0, len(xy) - 1, *(position[g.before] for g in observed.gaps),
                     *(position[g.after] for g in observed.gaps)})
    kept = simplified(xy, times.astype(float), breaks, SIMPLIFY_M)
    index = {int(point): i for i, point in enumerate(kept)}
    gaps = [[index[position[g.before]], dark_period(observed, g), iso(g.start_ms), iso(g.end_ms)]
            for g in observed.gaps]
    counts = np.bincount(observed.status, minlength=3)
    first, last = observed.span()
    return {
        "points": kept,
        "times": encode_integers(times[kept]),
        "gaps": gaps,
        "track_info": {"file": fixes.path, "id": fixes.ident(0), "fixes": int(counts[0]),
                  "jumps": int(counts[1]), "outside": int(counts[2]), "first": iso(first),
                  "last": iso(last), "gap": hours_text(observed.gap_hours),
                  "sent": len(kept)},
    }


def simplified(xy: np.ndarray, times: np.ndarray, keep: list[int], tolerance_m: float
               ) -> np.ndarray:
    """Indices of the points of ``xy`` (lon, lat) to draw, in order: those in ``keep`` and
    enough others that no point is farther than ``tolerance_m`` from where the line through
    the kept points puts the object at that point's time."""
    lat0 = np.radians(np.mean(xy[:, 1])) if len(xy) else 0.0
    x = xy[:, 0] * METRES_PER_DEGREE * np.cos(lat0)
    y = xy[:, 1] * METRES_PER_DEGREE
    chosen = np.zeros(len(xy), dtype=bool)
    chosen[keep] = True
    stack = list(pairwise(keep))
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        inner = slice(first + 1, last)
        span = times[last] - times[first]
        f = (times[inner] - times[first]) / span if span > 0 else np.zeros(last - first - 1)
        ex = x[first] + (x[last] - x[first]) * f - x[inner]
        ey = y[first] + (y[last] - y[first]) * f - y[inner]
        errors = ex * ex + ey * ey
        worst = int(np.argmax(errors))
        if errors[worst] > tolerance_m * tolerance_m:
            middle = first + 1 + worst
            chosen[middle] = True
            stack += [(first, middle), (middle, last)]
    return np.flatnonzero(chosen)


def add_tracks(scenario: Scenario, legs: list[Leg], records: list[dict[str, Any]],
               lines: dict[str, list[tuple[float, float]]]) -> int:
    """Give the page's leg ``records`` (made from ``legs``, in order) their tracks: an
    observed leg's line simplified (``coords``) with ``times``, ``gaps`` and ``track``
    (``track_fields``), the other legs None for each. Returns how many legs are tracked."""
    tracked = 0
    for leg, record in zip(legs, records, strict=True):
        record.update(times=None, gaps=None, track_info=None)
        if leg.id in scenario.tracks:
            fields = dict(track_fields(scenario, leg, lines[leg.id]))
            record["coords"] = encode_line(np.asarray(lines[leg.id], dtype=float)
                                           [fields.pop("points")])
            record.update(fields)
            tracked += 1
    return tracked
