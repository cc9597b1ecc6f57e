"""The first route of one leg, in a fresh process, beside the same leg routed by other code.

Each case is a project of one leg between real places (``tests/data``: Natural Earth ports and
GeoNames towns, each at its town's precision). ``route_leg`` runs a fresh Python that loads the
project and routes it with ``logimap.pipeline.route`` and no route store, the way ``logimap
validate --no-cache`` does, and reports the process's wall time, the routing step's own time,
the drawn length and the problems found. With ``--compare REF`` the same runs are made with
logimap's code at the git revision REF (checked out into the bench's folder), so a change to
routing is measured beside the code it replaces.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.timing import PYTHON, Stats

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

# (label, mode, origin, destination): places from tests/data
CASES = (
    ("long sea leg: Rotterdam → Singapore", "sea", "Rotterdam", "Singapore"),
    ("sea leg to a river port: Bandar-e Anzali → Astrakhan", "sea", "bandar-e-anzali",
     "astrakhan"),
    ("short sea leg round a cape: Rajin → Vladivostok", "sea", "rajin", "vladivostok"),
    ("Pacific sea leg across ±180: Vladivostok → Seattle", "sea", "vladivostok", "Seattle"),
)

ROUTE = """
import json, sys, time
import logimap
from logimap.pipeline import route
scenario = logimap.load(sys.argv[1])
start = time.perf_counter()
geometries, problems, _ = route(scenario)
seconds = time.perf_counter() - start
print(json.dumps({"route_s": seconds, "km": [g.length_km for g in geometries.values()],
                  "problems": [str(p) for p in problems]}))
"""


@dataclass(frozen=True)
class Routed:
    """One routing run: the process's wall time, the routing step's, and what it found."""

    wall_s: float
    route_s: float
    km: float | None
    problem: str


def places() -> dict[str, tuple[float, float, str]]:
    """Every place the cases may name: (lon, lat, basis)."""
    found = {}
    with open(DATA / "ne-ports.csv", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            found[row["name"]] = (float(row["lon"]), float(row["lat"]), "Natural Earth ports")
    with open(DATA / "geonames-places.csv", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            found[row["id"]] = (float(row["lon"]), float(row["lat"]),
                                f"GeoNames {row['geonameid']}")
    return found


def write_case(folder: Path, mode: str, origin: str, destination: str) -> Path:
    """A project of one leg from ``origin`` to ``destination``."""
    known = places()
    for sub in ("seeds", "geodata", "routes"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "seeds/sources.yaml").write_text(
        "sources:\n  - id: bench\n    publisher: bench\n    url: https://example.org\n",
        encoding="utf-8")
    rows = ["id,name,kind,country,lat,lon,precision,basis,note"]
    for ident in (origin, destination):
        lon, lat, basis = known[ident]
        node = ident.lower().replace(" ", "-")
        rows.append(f"{node},{ident},port,,{lat},{lon},town,{basis},")
    (folder / "geodata/nodes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "routes/scenario.yaml").write_text(
        "title: bench\nas_of: 2025-01-01\nunits: {boxes: boxes}\n", encoding="utf-8")
    (folder / "routes/leg.yaml").write_text(
        "id: leg\nname: Leg\ncargo: goods\ndirection: A to B\nlegs:\n"
        f"  - id: leg\n    mode: {mode}\n    from: {origin.lower().replace(' ', '-')}\n"
        f"    to: {destination.lower().replace(' ', '-')}\n    basis: modelled\n",
        encoding="utf-8")
    return folder


def checkout(ref: str, work: Path) -> Path:
    """The ``src`` folder of logimap at git revision ``ref``, checked out under ``work``."""
    target = work / f"logimap-{ref}"
    if not target.exists():
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"],
                                 capture_output=True, check=True).stdout
        target.mkdir(parents=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


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
    return Routed(wall, found["route_s"], km, "; ".join(found["problems"])[:160])


def measure(times: int, work: Path, compare: str | None) -> dict[str, dict[str, list[Routed]]]:
    """Each case routed ``times`` times by this code and, with ``compare``, by that revision."""
    sources: dict[str, Path | None] = {"this code": None}
    if compare:
        sources[compare] = checkout(compare, work)
    results: dict[str, dict[str, list[Routed]]] = {}
    for index, (label, mode, origin, destination) in enumerate(CASES):
        project = write_case(work / f"route-{index}", mode, origin, destination)
        results[label] = {name: [] for name in sources}
        for i in range(times):
            for name, source in sources.items():
                print(f"  routing {label}: {name} {i + 1}/{times} ...", file=sys.stderr,
                      flush=True)
                results[label][name].append(route_leg(project, source))
    return results


def section(results: dict[str, dict[str, list[Routed]]], compare: str | None) -> list[str]:
    """The routing results as Markdown."""
    names = ["this code", *([compare] if compare else [])]
    header = ["leg", *(f"{name}: {what}" for name in names
                       for what in ("process s", "routing s", "result"))]
    rows = []
    for label, by_name in results.items():
        row = [label]
        for name in names:
            runs = by_name[name]
            last = runs[-1]
            result = (f"{last.km:,.0f} km" if last.km is not None else "no line")
            if last.problem:
                result += f"; problem: {last.problem}"
            row += [Stats(tuple(r.wall_s for r in runs)).text(),
                    Stats(tuple(r.route_s for r in runs)).text(), result]
        rows.append(row)
    lines = ["## Routing: the first route of one leg", "",
             "A project of one leg between real places (`tests/data`), routed in a fresh "
             "process with no route store, as `logimap validate --no-cache` does: the "
             "process's wall time (start-up, imports, reading the project, routing) and the "
             "routing step's own, median (min–max)"
             + (f", beside logimap at `{compare}`" if compare else "") + ".", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]
