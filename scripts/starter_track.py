"""Make the synthetic track that ``logimap init`` ships (tracks/ of the starter scenario).

    python scripts/starter_track.py

It is invented, not any ship's positions: an imaginary ship sails the line logimap routes at
sea from the starter's Rajin node to its Vostochny node, at 11 knots with a fix every 10
minutes, and sends no AIS for 31 hours after its first three hours at sea (a dark period),
drifting meanwhile. Positions are rounded to 5 decimals (about 1 m) and moved by at most
20 m (a seeded random jitter, as real fixes scatter). The id column says SYNTHETIC.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "src/logimap/data/starter"
OUT = STARTER / "tracks/synthetic-rajin-vostochny.csv"
LEG = "sea-rajin-vostochny"
START = datetime(2024, 3, 12, 6, 0, tzinfo=UTC)
KNOTS = 11.0
STEP = timedelta(minutes=10)
SAIL_BEFORE_DARK = timedelta(hours=3)
DARK = timedelta(hours=31)
DRIFT_KM = 4.0
JITTER_M = 20.0
SEED = 17


def main() -> None:
    from logimap.geo.geodesy import GEOD
    from logimap.read.scenario import read_project
    from logimap.route import leg_geometry

    scenario, problems = read_project(STARTER)
    assert not problems, problems
    line = leg_geometry(scenario, scenario.leg_by_id[LEG]).coords
    lons, lats = zip(*line, strict=True)
    # Points along the routed line every step sailed: GEOD.inv gives each stretch's length.
    lengths = [GEOD.inv(a[0], a[1], b[0], b[1])[2] for a, b in pairwise(line)]
    total = sum(lengths)
    step_m = KNOTS * 1852.0 * STEP.total_seconds() / 3600.0
    random.seed(SEED)
    rows, time, travelled = [], START, 0.0
    while travelled < total:
        lon, lat = _along(line, lengths, travelled)
        rows.append((time, *_jittered(lon, lat)))
        time += STEP
        travelled += step_m
        if time - START == SAIL_BEFORE_DARK:
            time += DARK
            travelled += DRIFT_KM * 1000.0
    rows.append((time, lons[-1], lats[-1]))
    text = "time,lat,lon,id,speed,course\n" + "".join(
        f"{t:%Y-%m-%dT%H:%M:%SZ},{lat:.5f},{lon:.5f},SYNTHETIC,{KNOTS:.1f},\n"
        for t, lon, lat in rows)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    print(f"wrote {len(rows)} fixes to {OUT.relative_to(ROOT)} (sha256 {digest})")


def _along(line: Sequence[tuple[float, float]], lengths: list[float], distance: float
           ) -> tuple[float, float]:
    """The point ``distance`` metres along ``line`` (whose stretches are ``lengths`` long)."""
    from logimap.geo.geodesy import GEOD

    for (a, b), length in zip(pairwise(line), lengths, strict=True):
        if distance <= length:
            azimuth = GEOD.inv(a[0], a[1], b[0], b[1])[0]
            lon, lat, _ = GEOD.fwd(a[0], a[1], azimuth, distance)
            return lon, lat
        distance -= length
    return line[-1]


def _jittered(lon: float, lat: float) -> tuple[float, float]:
    angle, metres = random.uniform(0, 2 * math.pi), random.uniform(0, JITTER_M)
    return (lon + metres * math.sin(angle) / (111_320.0 * math.cos(math.radians(lat))),
            lat + metres * math.cos(angle) / 110_574.0)


if __name__ == "__main__":
    main()
