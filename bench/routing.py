"""Routing figures: the first route of one leg in a fresh process, and the default build,
each beside logimap at another git revision (``--compare REF``).

Each case is a project of one leg between real places (``tests/data``: Natural Earth ports and
GeoNames towns, each at its town's precision). ``route_leg`` runs a fresh Python that loads the
project and routes it with ``logimap.pipeline.route`` and no route store, the way ``logimap
validate --no-cache`` does, and reports the process's wall time, the routing step's own time
(which includes loading the bundled networks and finding the passages or borders each line
goes through), the review of the drawn lines that ``validate`` warns from
(``logimap.route.plausibility``, where the code has it), the drawn length and the problems
found. With a revision to compare, the same runs are made with logimap's code at that
revision, taken from git (``git archive``), and the default scenario of each is built from an
empty route store.

``python -m bench.routing [--repeat N] [--compare REF] [--case TEXT]`` prints the figures
(``--case`` keeps the cases whose label holds TEXT, and skips the default build).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.timing import PYTHON, Stats, run

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

# (label, mode, origin, destination, more leg fields): places from tests/data
CASES = (
    ("long sea leg: Rotterdam → Singapore", "sea", "Rotterdam", "Singapore", ""),
    ("long sea leg past a restricted passage: Shanghai → St Petersburg", "sea", "Shanghai",
     "Sankt-Peterburg", ""),
    ("sea leg to a river port: Bandar-e Anzali → Astrakhan", "sea", "bandar-e-anzali",
     "astrakhan", ""),
    ("short sea leg round a cape: Rajin → Vladivostok", "sea", "rajin", "vladivostok", ""),
    ("Pacific sea leg across ±180: Vladivostok → Seattle", "sea", "vladivostok", "Seattle", ""),
    ("long rail leg: Vladivostok → Moscow, within RU", "rail", "vladivostok", "moscow",
     "    within: [RU]\n"),
    ("long road leg: Vladivostok → Moscow", "road", "vladivostok", "moscow", ""),
)
# the case whose first route has a target of its own
LONG_RAIL = "long rail leg: Vladivostok → Moscow, within RU"

ROUTE = """
import json, sys, time
import logimap
import logimap.pipeline
from logimap.pipeline import route
# every leg routed in this process, so that finding its passages or borders is timed here
logimap.pipeline.NETWORK_ASIDE = False
passages_s = None
try:
    from logimap.route import crossings
except ImportError:  # a revision without passages
    pass
else:
    passages_s, found = 0.0, crossings.leg_passages

    def timed(*args):
        global passages_s
        begun = time.perf_counter()
        try:
            return found(*args)
        finally:
            passages_s += time.perf_counter() - begun

    crossings.leg_passages = timed
scenario = logimap.load(sys.argv[1])
start = time.perf_counter()
geometries, problems, _ = route(scenario)
seconds = time.perf_counter() - start
try:
    from logimap.route.plausibility import route_warnings
except ImportError:  # a revision without the review
    review = None
else:
    start = time.perf_counter()
    route_warnings(scenario, geometries)
    review = time.perf_counter() - start
print(json.dumps({"route_s": seconds, "review_s": review, "passages_s": passages_s,
                  "km": [g.length_km for g in geometries.values()],
                  "problems": [str(p) for p in problems]}))
"""


@dataclass(frozen=True)
class Routed:
    """One routing run: the process's wall time, the routing step's, and what it found."""

    wall_s: float
    route_s: float
    km: float | None
    problem: str
    review_s: float | None = None
    passages_s: float | None = None

    @property
    def added(self) -> float | None:
        """What finding the passages and reviewing the line add to routing it, as a
        fraction of routing it without them."""
        if self.review_s is None or self.passages_s is None:
            return None
        return (self.passages_s + self.review_s) / (self.route_s - self.passages_s)


@dataclass
class Routing:
    """Every case routed by this code and by the revision compared, and the default build."""

    compare: str | None
    routed: dict[str, dict[str, list[Routed]]]
    builds: dict[str, Stats]

    @property
    def long_rail_s(self) -> float:
        """The median routing time of the long rail leg by this code."""
        return Stats(tuple(r.route_s for r in self.routed[LONG_RAIL]["this code"])).median


def places() -> dict[str, tuple[float, float, str, str]]:
    """Every place the cases may name: (lon, lat, country, basis)."""
    found = {}
    with open(DATA / "ne-ports.csv", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            found[row["name"]] = (float(row["lon"]), float(row["lat"]), "",
                                  "Natural Earth ports")
    with open(DATA / "geonames-places.csv", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            found[row["id"]] = (float(row["lon"]), float(row["lat"]), row["country"],
                                f"GeoNames {row['geonameid']}")
    return found


def _node(name: str) -> str:
    return name.lower().replace(" ", "-")


def write_case(folder: Path, mode: str, origin: str, destination: str, fields: str = ""
               ) -> Path:
    """A project of one leg from ``origin`` to ``destination``."""
    known = places()
    for sub in ("seeds", "geodata", "routes"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "seeds/sources.yaml").write_text(
        "sources:\n  - id: bench\n    publisher: bench\n    url: https://example.org\n",
        encoding="utf-8")
    kind = "port" if mode == "sea" else "city"
    rows = ["id,name,kind,country,lat,lon,precision,basis,note"]
    for ident in (origin, destination):
        lon, lat, country, basis = known[ident]
        rows.append(f"{_node(ident)},{ident},{kind},{country},{lat},{lon},town,{basis},")
    (folder / "geodata/nodes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "routes/scenario.yaml").write_text(
        "title: bench\nas_of: 2025-01-01\nunits: {boxes: boxes}\n", encoding="utf-8")
    (folder / "routes/leg.yaml").write_text(
        "id: leg\nname: Leg\ncargo: goods\ndirection: A to B\nlegs:\n"
        f"  - id: leg\n    mode: {mode}\n    from: {_node(origin)}\n"
        f"    to: {_node(destination)}\n    basis: modelled\n{fields}", encoding="utf-8")
    return folder


def checkout(ref: str, work: Path) -> Path:
    """The repository at git revision ``ref``, unpacked under ``work``."""
    target = work / f"logimap-{ref}"
    if not target.exists():
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref],
                                 capture_output=True, check=True).stdout
        target.mkdir(parents=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def route_leg(project: Path, source: Path | None = None) -> Routed:
    """Route the project's legs in a fresh process (logimap from ``source``, else this one)."""
    env = {**os.environ, "LOGIMAP_CACHE_DIR": ""}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", ROUTE, str(project)], capture_output=True, text=True,
                          env=env, cwd=project)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return Routed(wall, float("nan"), None, last[:160])
    found = json.loads(done.stdout.strip().splitlines()[-1])
    km = found["km"][0] if found["km"] else None
    return Routed(wall, found["route_s"], km, "; ".join(found["problems"])[:160],
                  found.get("review_s"), found.get("passages_s"))


def measure(times: int, work: Path, compare: str | None, case: str = "") -> Routing:
    """Each case (whose label holds ``case``) routed ``times`` times, and, for every case, the
    default scenario built as many times, by this code and, with ``compare``, by that
    revision (runs interleaved)."""
    trees: dict[str, Path] = {"this code": ROOT}
    if compare:
        trees[compare] = checkout(compare, work)
    routed: dict[str, dict[str, list[Routed]]] = {}
    for index, (label, mode, origin, destination, fields) in enumerate(CASES):
        if case not in label:
            continue
        project = write_case(work / f"route-{index}", mode, origin, destination, fields)
        routed[label] = {name: [] for name in trees}
        for i in range(times):
            for name, tree in trees.items():
                print(f"  routing {label}: {name} {i + 1}/{times} ...", file=sys.stderr,
                      flush=True)
                routed[label][name].append(route_leg(project, tree / "src"))
    builds: dict[str, list[float]] = {name: [] for name in trees}
    if compare and not case:
        for i in range(times):
            for name, tree in trees.items():
                print(f"  default build: {name} {i + 1}/{times} ...", file=sys.stderr,
                      flush=True)
                store = Path(tempfile.mkdtemp(prefix="store-", dir=work))
                cmd = [PYTHON, "-m", "logimap", "build", "--project", str(tree),
                       "--out", str(work / f"build-{i}")]
                builds[name].append(run(cmd, work, store, {"PYTHONPATH": str(tree / "src")})
                                    .seconds)
    return Routing(compare, routed,
                   {name: Stats(tuple(values)) for name, values in builds.items() if values})


def section(routing: Routing) -> list[str]:
    """The routing figures as Markdown."""
    names = ["this code", *([routing.compare] if routing.compare else [])]
    header = ["leg", *(f"{name}: {what}" for name in names
                       for what in ("process s", "routing s", "passages s", "review s",
                                    "added", "result"))]
    rows = []
    for label, by_name in routing.routed.items():
        row = [label]
        for name in names:
            runs = by_name[name]
            last = runs[-1]
            result = f"{last.km:,.0f} km" if last.km is not None else "no line"
            if last.problem:
                result += f"; problem: {last.problem}"
            reviews = tuple(r.review_s for r in runs if r.review_s is not None)
            passages = tuple(r.passages_s for r in runs if r.passages_s is not None)
            added = tuple(r.added for r in runs if r.added is not None)
            row += [Stats(tuple(r.wall_s for r in runs)).text(),
                    Stats(tuple(r.route_s for r in runs)).text(),
                    Stats(passages).text("{:.3f}") if passages else "-",
                    Stats(reviews).text("{:.3f}") if reviews else "-",
                    Stats(added).text("{:.0%}") if added else "-", result]
        rows.append(row)
    lines = ["## Routing: the first route of one leg", "",
             "A project of one leg between real places (`tests/data`), routed in a fresh "
             "process with no route store, as `logimap validate --no-cache` does: the "
             "process's wall time (start-up, imports, reading the project, routing) and the "
             "routing step's own (which loads the bundled networks the leg needs and finds "
             "the passages or borders its line goes through), of which finding them "
             "(passages), the review of the drawn line that validate warns from, and what "
             "the two add to routing without them (added), median (min–max)"
             + (f", beside logimap at `{routing.compare}`" if routing.compare else "")
             + ".", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    if routing.builds:
        lines += ["", "`python -m logimap build` of each one's default scenario, from an "
                  "empty route store:", "", "| default build | wall s |", "|---|---|"]
        lines += [f"| {name} | {stats.text('{:.2f}')} |" for name, stats in
                  routing.builds.items()]
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.routing",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--compare", metavar="REF", help="also run logimap at this revision")
    parser.add_argument("--case", default="", metavar="TEXT",
                        help="only the cases whose label holds TEXT (no default build)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="logimap-bench-routing-") as work:
        print("\n".join(section(measure(args.repeat, Path(work), args.compare, args.case))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
