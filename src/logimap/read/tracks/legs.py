"""A leg drawn from a track: its fields (``track``, ``track_id``, ``gap``, ``max_speed``)
read and checked, its track file read once however many legs use it, its vessel's fixes
chosen and put in time order, then clipped to the leg's period (``observe``)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from logimap.errors import Problem
from logimap.messages import excerpt
from logimap.model.tracks import Fixes, ObservedTrack
from logimap.periods import Period
from logimap.read.files import Refused, read_file
from logimap.read.tracks.collect import MAX_PROBLEMS, Reading
from logimap.read.tracks.formats import LOGGED_READERS, read_data, reader_for
from logimap.read.tracks.observe import (
    DEFAULT_GAP_HOURS,
    DEFAULT_GAP_WORD,
    DEFAULT_MAX_SPEED_KMH,
    GAP_WORDS,
    KNOT_KMH,
    MAX_SPEED_KMH,
    observe,
)
from logimap.read.tracks.times import EPOCH, iso

if TYPE_CHECKING:
    from logimap.read.fields import Record

FIELDS = ("track", "track_id", "gap", "max_speed")
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(h|hours?|min|minutes?|d|days?)?")
_SPEED = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(kn|knots?|km/h|kmh|m/s)")
HOURS_PER = {"h": 1.0, "min": 1 / 60, "d": 24.0}
KMH_PER = {"kn": KNOT_KMH, "km/h": 1.0, "m/s": 3.6}


@dataclass
class TrackFiles:
    """The track files a project's legs use, each read once, and the fixes of each vessel
    in them, chosen and sorted once; the notes found reading them."""

    root: Path
    problems: list[Problem]
    notes: list[Problem] = field(default_factory=list)
    _read: dict[str, Reading] = field(default_factory=dict)
    _vessels: dict[tuple[str, str], Fixes | None] = field(default_factory=dict)

    def reading(self, rel: str, rec: Record) -> Reading | None:
        if rel not in self._read:
            try:
                data = read_file(self.root, rel)
            except Refused as exc:
                rec.problem(f"track file {excerpt(rel)} {exc.message}", exc.hint, "track")
                self._read[rel] = Reading(None)
                return None
            if data is None:
                rec.problem(f"track file {excerpt(rel)} not found",
                            "copy the track into the project (tracks/) or fix 'track'", "track")
                self._read[rel] = Reading(None)
                return None
            found = read_data(data, rel)
            self.problems.extend(found.problems)
            self.notes.extend(found.notes)
            self._read[rel] = found
        return self._read[rel] if self._read[rel].fixes is not None else None

    def vessel(self, rec: Record, fixes: Fixes) -> Fixes | None:
        """The fixes of the vessel or aircraft the leg in ``rec`` draws (``_chosen``), in
        time order: worked out once per file and id, so that every leg drawn from them shares
        one copy (and each problem or note about them is said once)."""
        wanted = rec.text("track_id")
        if wanted and wanted not in fixes.id_values:
            _chosen(self, rec, fixes)  # says so, on the leg
            return None
        key = (fixes.path, wanted)
        if key not in self._vessels:
            chosen = _chosen(self, rec, fixes)
            if chosen is not None:
                chosen = _in_time_order(self, chosen)
                if len(chosen) < 2:
                    self.problems.append(Problem(
                        fixes.path, "", f"holds {len(chosen)} fix(es) of its vessel or "
                        "aircraft; a track needs at least two",
                        "add the fixes, or draw the leg another way"))
                    chosen = None
            self._vessels[key] = chosen
        return self._vessels[key]


def leg_track(files: TrackFiles, rec: Record, mode: str, basis: str, via: tuple[str, ...],
              period: Period | None) -> tuple[ObservedTrack | None, Period | None]:
    """The observed track of the leg in ``rec`` (None when it has no ``track`` or the track
    cannot be used; each reason is a problem) and the leg's period: ``period`` when the leg
    gives one, else from its first to its last fix."""
    file = rec.text("track")
    if not file:
        for name in FIELDS[1:]:
            if name in rec.data:
                rec.problem(f"{name!r} is for a leg drawn from a track",
                            "add track: tracks/FILE, or remove it", name)
        return None, period
    if basis and basis != "observed":
        rec.problem(f"a leg drawn from a track has basis 'observed', not {excerpt(basis)}",
                    "set basis: observed", "basis")
    if via:
        rec.problem("a leg drawn from a track takes no 'via': the track is its path",
                    "remove 'via'", "via")
    rel = _project_path(rec, file)
    gap = _duration(rec, "gap", DEFAULT_GAP_HOURS)
    speed = _speed(rec, "max_speed", MAX_SPEED_KMH.get(mode, DEFAULT_MAX_SPEED_KMH))
    reading = files.reading(rel, rec) if rel else None
    if reading is None or gap is None or speed is None:
        return None, period
    fixes = files.vessel(rec, reading.fixes)
    if fixes is None:
        return None, period
    logged = reader_for(str(rel)) in LOGGED_READERS
    word = DEFAULT_GAP_WORD if logged else GAP_WORDS.get(mode, DEFAULT_GAP_WORD)
    observed = observe(fixes, period, gap, speed, word)
    if len(observed.drawn) < 2:
        rec.problem(f"only {len(observed.drawn)} fix(es) of {rel} fall in the leg's period "
                    f"{period.text if period else ''} (the track runs {iso(int(fixes.times[0]))} "
                    f"to {iso(int(fixes.times[-1]))})",
                    "check the leg's period, or leave it out to use the track's", "period")
        return None, period
    _note_jumps(files, observed, mode)
    if period is None:
        first, last = (EPOCH + timedelta(milliseconds=t) for t in observed.span())
        period = Period(first.date(), last.date(),
                        f"{first.date().isoformat()}/{last.date().isoformat()}")
    return observed, period


def _project_path(rec: Record, file: str) -> str | None:
    rel = posixpath.normpath(file)
    if any(ord(ch) < 32 for ch in file) or file.startswith("/") or rel.startswith(".."):
        rec.problem(f"track {excerpt(file)} is not a file inside the project",
                    "give a path inside the project folder, such as tracks/angara.csv", "track")
        return None
    return rel


def _duration(rec: Record, key: str, default: float) -> float | None:
    """Hours: a number, or a number with h, min or d."""
    value = rec.data.get(key)
    if value is None:
        return default
    found = _DURATION.fullmatch(str(value).strip()) if not isinstance(value, bool) else None
    if not found or float(found[1]) <= 0:
        rec.problem(f"{key} {excerpt(value)} is not a duration", "write hours (12) or a "
                    "number with its unit: 12 h, 90 min, 2 d", key)
        return None
    unit = found[2] or "h"
    return float(found[1]) * HOURS_PER["min" if unit.startswith("min") else unit[0]]


def _speed(rec: Record, key: str, default: float) -> float | None:
    """km/h, from a number with its unit: kn, km/h or m/s."""
    value = rec.data.get(key)
    if value is None:
        return default
    found = _SPEED.fullmatch(str(value).strip()) if not isinstance(value, bool) else None
    if not found or float(found[1]) <= 0:
        rec.problem(f"{key} {excerpt(value)} is not a speed",
                    "write a number with its unit: 40 kn, 900 km/h or 250 m/s", key)
        return None
    unit = {"knot": "kn", "knots": "kn", "kmh": "km/h"}.get(found[2], found[2])
    return float(found[1]) * KMH_PER[unit]


def _chosen(files: TrackFiles, rec: Record, fixes: Fixes) -> Fixes | None:
    """The fixes of the vessel or aircraft the leg names (``track_id``), or of the only one
    in the file; a file of several with none named is a problem."""
    wanted = rec.text("track_id")
    values = fixes.id_values
    if wanted:
        if wanted not in values:
            shown = ", ".join(v for v in values[:5] if v) or "none"
            rec.problem(f"track_id {excerpt(wanted)} is not among the ids in {fixes.path} "
                        f"({shown}{', ...' if len(values) > 5 else ''})",
                        "copy the id as the file writes it", "track_id")
            return None
        return fixes.take(fixes.ids == values.index(wanted))
    if len(values) > 1:
        other = int(np.flatnonzero(fixes.ids != fixes.ids[0])[0])
        files.problems.append(Problem(
            fixes.path, fixes.where(other),
            f"mixed ids in one file: {excerpt(fixes.ident(other))} here, "
            f"{excerpt(fixes.ident(0))} at{fixes.where(0)} ({len(values)} ids in all)",
            f"keep one vessel or aircraft per file, or name the one to draw with track_id on "
            f"the leg at {rec.location()}"))
        return None
    return fixes


def _in_time_order(files: TrackFiles, fixes: Fixes) -> Fixes:
    """The fixes sorted by time (a note says where they were not), exact repeats dropped."""
    steps = np.diff(fixes.times)
    if np.any(steps < 0):
        back = int(np.flatnonzero(steps < 0)[0]) + 1
        files.notes.append(Problem(
            fixes.path, fixes.where(back),
            f"fixes out of time order ({int(np.sum(steps < 0))} step(s) back in time; here "
            f"{iso(int(fixes.times[back]))} after {iso(int(fixes.times[back - 1]))}): "
            "read sorted by time"))
        fixes = fixes.take(np.argsort(fixes.times, kind="stable"))
    same = np.flatnonzero((np.diff(fixes.times) == 0) & (np.diff(fixes.lons) == 0)
                          & (np.diff(fixes.lats) == 0)) + 1
    if len(same):
        files.notes.append(Problem(fixes.path, fixes.where(int(same[0])),
                                   f"{len(same)} fix(es) repeat the one before (same time and "
                                   "position): read once"))
        fixes = fixes.take(np.setdiff1d(np.arange(len(fixes)), same))
    return fixes


def _note_jumps(files: TrackFiles, observed: ObservedTrack, mode: str) -> None:
    fixes = observed.fixes
    for jump in observed.jumps[:MAX_PROBLEMS]:
        files.notes.append(Problem(
            fixes.path, fixes.where(jump.index),
            f"fix at {iso(int(fixes.times[jump.index]))} is {jump.distance_km:,.0f} km from the "
            f"one drawn before it ({fixes.where(jump.after).strip()}) {jump.hours:.2f} h "
            f"earlier: {jump.speed_kmh:,.0f} km/h, faster than {observed.max_speed_kmh:,.0f} "
            f"km/h; not drawn",
            f"check the fix, or set max_speed on the {mode} leg if it really went that fast"))
    if len(observed.jumps) > MAX_PROBLEMS:
        files.notes.append(Problem(fixes.path, "", f"and {len(observed.jumps) - MAX_PROBLEMS} "
                                   "more jump(s) not drawn"))
