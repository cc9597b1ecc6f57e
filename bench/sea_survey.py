"""``python -m bench.sea_survey``: route random pairs of the world's ports and count what comes out.

Pairs are drawn (seeded) from Natural Earth's 1,081 ports (``tests/data/ne-ports.csv``), each
at a town's precision (10 km from the water at most). For every pair it records whether the
leg was routed or refused and why, how long the route took (in this process, after a warm-up
route, so imports are not counted), and the drawn length against the geodesic. A routed line
is checked again against land with the same check ``validate`` runs (its approaches, from a
port off the water to the water, are not sea). Prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import statistics
import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "ne-ports.csv"
TOWN_REACH_KM = 10.0


def ports() -> list[tuple[str, tuple[float, float]]]:
    with open(DATA, encoding="utf-8") as stream:
        return [(row["name"], (float(row["lon"]), float(row["lat"])))
                for row in csv.DictReader(stream)]


def reason(message: str) -> str:
    """A refusal's kind, without the names and figures that vary."""
    for pattern, kind in ((r"lies .* from the sea and from any waterway", "port far from water"),
                          (r"does not reach the open sea", "water reaches no sea lane"),
                          (r"lies on land", "waypoint on land"),
                          (r"no path on water joins", "no path on water")):
        if re.search(pattern, message):
            return kind
    return message[:60]


def survey(pairs: int, seed: int) -> str:
    from logimap.errors import GeometryError
    from logimap.geo.geodesy import distance_km, length_km
    from logimap.route.geometry import LegGeometry
    from logimap.route.sea import Stop, land_crossings, sea_path

    known = ports()
    rng = random.Random(seed)
    with suppress(GeometryError):  # warm-up: imports and lanes, which later routes reuse
        sea_path([Stop(known[0][1], "warm", TOWN_REACH_KM), Stop(known[1][1], "up", 10.0)])
    outcomes: Counter[str] = Counter()
    seconds, ratios, crossing = [], [], []
    for _ in range(pairs):
        (a, pa), (b, pb) = rng.sample(known, 2)
        stops = [Stop(pa, a, TOWN_REACH_KM), Stop(pb, b, TOWN_REACH_KM)]
        start = time.perf_counter()
        try:
            found = sea_path(stops)
        except GeometryError as error:
            seconds.append(time.perf_counter() - start)
            outcomes[f"refused: {reason(str(error))}"] += 1
            continue
        seconds.append(time.perf_counter() - start)
        outcomes["routed"] += 1
        ratios.append(length_km(found.coords) / max(distance_km(pa, pb), 1.0))
        drawn = LegGeometry(tuple(found.coords), 0.0, found.approaches)
        if any(land_crossings(part) for part in drawn.carried()):
            crossing.append(f"{a} -> {b}")
    quantiles = statistics.quantiles(seconds, n=20)
    lines = [f"# Sea routing survey: {pairs} random pairs of Natural Earth ports (seed {seed})",
             "", "| outcome | pairs |", "|---|---|"]
    lines += [f"| {outcome} | {count} |" for outcome, count in outcomes.most_common()]
    lines += ["", f"- route time, s: median {statistics.median(seconds):.2f}, 95th percentile "
              f"{quantiles[-1]:.2f}, max {max(seconds):.2f}",
              f"- routed length ÷ geodesic: median {statistics.median(ratios):.2f}, "
              f"max {max(ratios):.2f}" if ratios else "- nothing routed",
              f"- routed lines the land check refuses: {len(crossing)}"
              + (f" ({', '.join(crossing[:5])})" if crossing else "")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sea_survey",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200, help="pairs to route (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the draw (default 1)")
    args = parser.parse_args(argv)
    print(survey(args.pairs, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
