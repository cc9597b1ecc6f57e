"""The fixes and dark periods of the observed legs as two tables, ``track_points`` and
``track_gaps``, kept as numpy columns (a year of traffic is millions of fixes): every fix
with its time, its status and where it was read, every dark period with its start, end,
length and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from logimap.model.tracks import STATUS_NAMES
from logimap.wording import dark_period

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.model.tracks import ObservedTrack

TRACK_SCHEMA: dict[str, dict[str, str]] = {
    "track_points": {
        "leg_id": "id of the observed leg (the legs, separated by '; ', when several legs "
        "drawn from one track give the fix the same status)", "time": "time of the fix, UTC",
        "vessel_id": "the id the file gives (MMSI, ICAO address...), null when none",
        "lon": "longitude", "lat": "latitude", "speed_kn": "speed over ground, knots",
        "course": "course over ground, degrees", "status": "drawn, jump (too far from the "
        "fix before for the time between them: not drawn) or outside period (not drawn); for "
        "a track several legs are drawn from, the first of these any of them gives it",
        "source_file": "the track file", "source_place": "where the fix is in it (row 12, "
        "line 12, feature 3)", "geometry": "Point (lon, lat)",
    },
    "track_gaps": {
        "leg_id": "id of the observed leg", "start": "time of the last fix before it, UTC",
        "end": "time of the first fix after it, UTC", "hours": "its length, hours",
        "label": "as the map labels it", "source_file": "the track file",
        "geometry": "the straight line from the fix before to the fix after: in GeoJSON a "
                    "LineString (a MultiLineString split at ±180 when it crosses there), in "
                    "the GeoPackage a MultiLineString (of one part unless split at ±180)",
    },
}
# How the exports type the columns (see tables.COLUMN_TYPES): "time" is a moment in UTC.
TRACK_TYPES: dict[str, dict[str, str]] = {
    "track_points": {"time": "time", "lon": "real", "lat": "real", "speed_kn": "real",
                     "course": "real"},
    "track_gaps": {"start": "time", "end": "time", "hours": "real"},
}


@dataclass(frozen=True)
class TrackTables:
    """``track_points`` and ``track_gaps`` as columns (numpy arrays; times as int64 ms since
    1970, missing numbers NaN, missing text None); ``gap_lines`` holds each gap's two points,
    unwrapped."""

    points: dict[str, np.ndarray]
    gaps: dict[str, np.ndarray]
    gap_lines: list[list[tuple[float, float]]]

    def count(self, table: str) -> int:
        return len(self.points["leg_id"] if table == "track_points" else self.gaps["leg_id"])


def track_tables(scenario: Scenario) -> TrackTables | None:
    """The tables of the scenario's observed legs, in leg order; None when it has none.
    The fixes of a track several legs are drawn from are listed once (``_track_points``)."""
    from logimap.geo.geodesy import unwrap

    observed = [(leg.id, scenario.tracks[leg.id]) for leg in scenario.legs
                if leg.id in scenario.tracks]
    if not observed:
        return None
    points: dict[str, list[Any]] = {name: [] for name in TRACK_SCHEMA["track_points"]}
    gaps: dict[str, list[Any]] = {name: [] for name in TRACK_SCHEMA["track_gaps"]}
    lines = []
    by_fixes: dict[int, list[tuple[str, ObservedTrack]]] = {}  # legs sharing one track
    for leg_id, track in observed:
        by_fixes.setdefault(id(track.fixes), []).append((leg_id, track))
    for legs in by_fixes.values():
        _track_points(points, legs)
    for leg_id, track in observed:
        fixes = track.fixes
        for gap in track.gaps:
            gaps["leg_id"].append(leg_id)
            gaps["start"].append(gap.start_ms)
            gaps["end"].append(gap.end_ms)
            gaps["hours"].append(gap.hours)
            gaps["label"].append(dark_period(track, gap))
            gaps["source_file"].append(fixes.path)
            lines.append(unwrap([(float(fixes.lons[gap.before]), float(fixes.lats[gap.before])),
                                 (float(fixes.lons[gap.after]), float(fixes.lats[gap.after]))]))
    points.pop("geometry")
    gaps.pop("geometry")
    return TrackTables(
        {name: np.concatenate(parts) for name, parts in points.items()},
        {name: np.array(values, dtype=_dtype(TRACK_TYPES["track_gaps"].get(name)))
         for name, values in gaps.items()},
        lines)


def _track_points(points: dict[str, list[Any]], legs: list[tuple[str, ObservedTrack]]
                  ) -> None:
    """Add the fixes of one track, each once, to the columns of ``points``: its status the
    first of drawn, jump and outside period that any of ``legs`` gives it, its ``leg_id``
    the legs that give it that status."""
    fixes, count = legs[0][1].fixes, len(legs[0][1].fixes)
    statuses = np.stack([track.status for _, track in legs])  # a row per leg
    status = statuses.min(axis=0)  # DRAWN < JUMP < OUTSIDE
    giving = np.packbits(statuses == status, axis=0, bitorder="little")  # which legs, as bits
    patterns, which = np.unique(giving.T, axis=0, return_inverse=True)
    names = np.array(["; ".join(leg_id for k, (leg_id, _) in enumerate(legs)
                                if pattern[k // 8] >> (k % 8) & 1) for pattern in patterns],
                     dtype=object)
    ident = fixes.ident(0) or None
    points["leg_id"].append(names[which.ravel()])
    points["time"].append(fixes.times)
    points["vessel_id"].append(np.full(count, ident, dtype=object))
    points["lon"].append(fixes.lons)
    points["lat"].append(fixes.lats)
    points["speed_kn"].append(fixes.speeds)
    points["course"].append(fixes.courses)
    points["status"].append(np.array(STATUS_NAMES, dtype=object)[status])
    points["source_file"].append(np.full(count, fixes.path, dtype=object))
    points["source_place"].append(np.array([fixes.place(i) for i in range(count)],
                                           dtype=object))


def _dtype(kind: str | None) -> Any:
    return {"time": np.int64, "real": float}.get(kind or "", object)
