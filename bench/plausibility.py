"""``python -m bench.plausibility``: the survey behind the limits of the warnings about drawn
lines (``logimap.route.plausibility``).

Routes, with logimap's own routers and no route store:

- every leg of the default scenario;
- random pairs (seeded) of Natural Earth's ports (``tests/data/ne-ports.csv``, each at a
  town's precision) by sea;
- random pairs (seeded) of GeoNames places of 100,000 people or more in one country (the
  bundled gazetteer's ``cities1000``), 150 to 1,500 km apart, by rail and by road: legs a
  user would draw over land (a pair across a sea goes round it, which says nothing).

For each mode it prints how the drawn length compares with the great circle through the
stops (median, 90th, 95th and 99th percentiles, the largest, and the pairs above the limit),
how many lines double back (``spurs`` longer than the limit) and how many sea routes go the
long way round a restricted passage, with the pairs concerned, so that each can be judged
by hand: an honest route or a gap in the network. Writes the Markdown it prints to a file
with ``--out`` (``bench/PLAUSIBILITY.md``, whose last section, the reading, is written by
hand: keep it when the figures are made again).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

HERE = Path(__file__).resolve().parent
PORTS = HERE.parent / "tests" / "data" / "ne-ports.csv"
TOWN_FROM = 100_000
NEAREST_KM, FARTHEST_KM = 150.0, 1500.0


@dataclass
class Survey:
    """What the routes of one mode came to."""

    mode: str
    ratios: list[tuple[float, str]] = field(default_factory=list)
    by_pair: dict[str, float] = field(default_factory=dict)  # ratio by "origin → destination"
    spurs: list[tuple[float, str]] = field(default_factory=list)
    restricted: list[str] = field(default_factory=list)
    refused: int = 0
    seconds: float = 0.0


def _places() -> list[tuple[str, str, float, float]]:
    """GeoNames places of ``TOWN_FROM`` people or more: (name, country, lon, lat)."""
    data = (files("logimap") / "data" / "gazetteer" / "geonames-cities1000.tsv.gz").read_bytes()
    rows = [line.split("\t") for line in gzip.decompress(data).decode("utf-8").split("\n")[1:]
            if line]
    return [(row[1], row[2], float(row[4]), float(row[3])) for row in rows
            if int(row[5]) >= TOWN_FROM]


def _ports() -> list[tuple[str, float, float]]:
    with open(PORTS, encoding="utf-8") as stream:
        return [(row["name"], float(row["lon"]), float(row["lat"]))
                for row in csv.DictReader(stream)]


def _scenario(pairs: list[tuple[tuple, tuple]], mode: str):
    """A scenario of one leg per pair ((name, country, lon, lat) each), each stop at a
    town's precision."""
    from logimap.model import Flow, Leg, Location, Node, Scenario

    here = Location("survey.yaml", 1)
    nodes, legs = {}, []
    kind = "port" if mode == "sea" else "city"
    for index, ends in enumerate(pairs):
        ids = []
        for name, country, lon, lat in ends:
            ident = f"n{len(nodes)}"
            nodes[ident] = Node(ident, name, kind, country, lon, lat, "town", "survey", "",
                                here)
            ids.append(ident)
        legs.append(Leg(f"{mode}-{index}", "survey", mode, ids[0], ids[1], (), "modelled", "",
                        (), None, here))
    flow = Flow("survey", "Survey", "goods", "A to B", None, "", "", tuple(legs), (), here)
    return Scenario(Path("."), "survey", "", "2025-01-01", {}, (), tuple(nodes.values()), (),
                    (flow,), ())


def survey_mode(scenario, mode: str) -> Survey:
    """Route every leg of ``scenario`` and review its line."""
    from logimap.route.geometry import great_circle_km
    from logimap.route.legs import draw_legs
    from logimap.route.plausibility import RATIO_LIMITS, SPUR_KM, route_warnings, spurs

    found = Survey(mode)
    start = time.perf_counter()
    geometries, problems = draw_legs(scenario)
    found.seconds = time.perf_counter() - start
    found.refused = len(problems)
    nodes = scenario.node_by_id
    for leg in scenario.legs:
        drawn = geometries.get(leg.id)
        if drawn is None or leg.mode not in RATIO_LIMITS:
            continue
        circle = great_circle_km(scenario, leg)
        name = f"{nodes[leg.origin].name} → {nodes[leg.destination].name}"
        if circle > 0:
            found.ratios.append((drawn.length_km / circle, f"{name} ({leg.mode}, "
                                 f"{drawn.length_km:,.0f} km)"))
            found.by_pair[name] = drawn.length_km / circle
        longest = max((km for _, _, km in spurs(drawn.coords)), default=0.0)
        if longest > SPUR_KM:
            found.spurs.append((longest, f"{name} ({leg.mode})"))
    for warning in route_warnings(scenario, geometries):
        if "the long way" in warning.message:
            leg = next(leg for leg in scenario.legs if f"{leg.id!r}" in warning.message)
            found.restricted.append(f"{nodes[leg.origin].name} → {nodes[leg.destination].name}"
                                    f" ({geometries[leg.id].length_km:,.0f} km)")
    return found


def section(found: Survey, limit: float | None, other: Survey | None = None) -> list[str]:
    """The survey of one mode as Markdown; with ``other`` (the same pairs by another mode),
    each pair over the limit with its ratio by that mode."""
    ratios = sorted(found.ratios, reverse=True)
    values = [r for r, _ in ratios]
    lines = [f"## {found.mode}", "",
             f"{len(values)} routed, {found.refused} refused (no route), in "
             f"{found.seconds:.0f} s.", ""]
    if len(values) >= 2:
        q = statistics.quantiles(values, n=100)
        lines += [f"- drawn length ÷ great circle: median {statistics.median(values):.2f}, "
                  f"90th percentile {q[89]:.2f}, 95th {q[94]:.2f}, 99th {q[98]:.2f}, "
                  f"largest {values[0]:.2f}"]
    if limit is not None:
        above = [(r, name) for r, name in ratios if r > limit]
        lines.append(f"- over the limit of {limit:g}: {len(above)}")
        for r, name in above:
            pair = name.rsplit(" (", 1)[0]
            beside = (f" (by {other.mode}: {other.by_pair[pair]:.2f})"
                      if other is not None and pair in other.by_pair else "")
            lines.append(f"  - {r:.2f} {name}{beside}")
    lines.append("- the ten largest: " + "; ".join(f"{r:.2f} {name}" for r, name in ratios[:10]))
    lines.append(f"- lines that double back: {len(found.spurs)}")
    lines += [f"  - {km:,.0f} km: {name}" for km, name in sorted(found.spurs, reverse=True)]
    if found.mode in ("sea", "default scenario"):
        lines.append(f"- the long way round a restricted passage: {len(found.restricted)}")
        lines += [f"  - {name}" for name in found.restricted]
    return [*lines, ""]


def pairs_of(places: list, count: int, rng: random.Random, near: float, far: float,
             one_country: bool = False) -> list[tuple[tuple, tuple]]:
    """``count`` random pairs of ``places`` between ``near`` and ``far`` km apart (with
    ``one_country``, of one country)."""
    from logimap.geo.geodesy import distance_km

    chosen = []
    while len(chosen) < count:
        a, b = rng.sample(places, 2)
        if one_country and a[1] != b[1]:
            continue
        if near <= distance_km(a[2:], b[2:]) <= far:
            chosen.append((a, b))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.plausibility",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sea", type=int, default=150, help="port pairs (default 150)")
    parser.add_argument("--land", type=int, default=150,
                        help="town pairs by rail and by road, each (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the draw (default 1)")
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args(argv)

    import logimap
    from logimap.route.plausibility import RATIO_LIMITS

    rng = random.Random(args.seed)
    ports = [(name, "", lon, lat) for name, lon, lat in _ports()]
    towns = _places()
    lines = ["# Survey of drawn lines: the limits of `validate`'s warnings", "",
             f"`python -m bench.plausibility --sea {args.sea} --land {args.land} --seed "
             f"{args.seed}`. Limits: drawn length over "
             + ", ".join(f"{mode} {limit:g}" for mode, limit in RATIO_LIMITS.items())
             + " times the great circle through the stops.", ""]
    default = survey_mode(logimap.load(), "default scenario")
    lines += section(default, None)
    print("default scenario done", file=sys.stderr)
    sea = pairs_of(ports, args.sea, rng, 0.0, 40_000.0)
    lines += section(survey_mode(_scenario(sea, "sea"), "sea"), RATIO_LIMITS["sea"])
    print("sea done", file=sys.stderr)
    land = pairs_of(towns, args.land, rng, NEAREST_KM, FARTHEST_KM, one_country=True)
    rail, road = (survey_mode(_scenario(land, mode), mode) for mode in ("rail", "road"))
    lines += section(rail, RATIO_LIMITS["rail"], road) + section(road, RATIO_LIMITS["road"], rail)
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
