"""Routing figures: the first route of a long rail or road leg in a fresh process, and the
default build, beside the code before the bundled networks (``BASELINE_REF``).

The current code routes Vladivostok -> Moscow (GeoNames 2013348 and 524901) over the bundled
railways with ``within: [RU]`` and over the bundled roads; the first route of a process
includes loading the network. The code before routed rail legs over the scenario's hand-made
network (the default's longest, Dunai -> Tikhoretsk over 49 edges) and drew road legs
straight. That code is taken from git (``git archive``), so these figures need the
repository's history; without it they are left out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.timing import PYTHON, Stats, run

ROOT = Path(__file__).resolve().parents[1]
BASELINE_REF = "c5f7dbe"  # the last commit before the bundled networks
FIRST_ROUTE = """
import sys, time
start = time.perf_counter()
import logimap
from logimap.geometry import leg_geometry
scenario = logimap.load(sys.argv[1])
loaded = time.perf_counter()
geometry = leg_geometry(scenario, scenario.leg_by_id[sys.argv[2]], {})
print(f"{time.perf_counter() - loaded:.4f} {geometry.length_km:.0f} {len(geometry.coords)}")
"""
PLACES = """id,name,kind,country,lat,lon,precision,basis,note
vladivostok,Vladivostok,city,RU,43.10562,131.87353,town,GeoNames 2013348,
moscow,Moscow,city,RU,55.75204,37.61781,town,GeoNames 524901,
"""
LEGS = """id: long
name: Long legs
cargo: test
direction: east to west
legs:
  - {id: rail, mode: rail, from: vladivostok, to: moscow, within: [RU], basis: modelled}
  - {id: road, mode: road, from: vladivostok, to: moscow, basis: modelled}
claims:
  - {id: said, what: a test, source: note, quote: Long legs.}
"""


@dataclass(frozen=True)
class FirstRoute:
    """Seconds to route one leg first in a process (after loading the scenario), with the
    drawn line's length and points."""

    label: str
    seconds: Stats
    km: str
    points: str


def _project(folder: Path) -> Path:
    for name, text in {
        "seeds/sources.yaml": "sources:\n  - {id: note, publisher: bench, file: note.txt}\n",
        "seeds/note.txt": "Long legs.\n",
        "geodata/nodes.csv": PLACES,
        "routes/scenario.yaml": "title: Long legs\nas_of: 2025\nunits: {legs: legs}\n",
        "routes/long.yaml": LEGS,
    }.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def baseline_tree(work: Path) -> Path | None:
    """The repository at ``BASELINE_REF``, unpacked into ``work``; None without git history."""
    target = work / "baseline-tree"
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE_REF],
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.TemporaryFile() as stream:
        stream.write(archive)
        stream.seek(0)
        with tarfile.open(fileobj=stream) as tar:
            tar.extractall(target, filter="data")
    return target


def _first_route(label: str, project: Path, leg: str, times: int, src: Path | None,
                 work: Path) -> FirstRoute:
    env = {**os.environ, "LOGIMAP_CACHE_DIR": ""}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    seconds, out = [], ""
    for _ in range(times):
        done = subprocess.run([PYTHON, "-c", FIRST_ROUTE, str(project), leg], cwd=work,
                              env=env, capture_output=True, text=True, check=True)
        out = done.stdout.split()
        seconds.append(float(out[0]))
    return FirstRoute(label, Stats(tuple(seconds)), out[1], out[2])


def measure_routing(times: int, work: Path) -> tuple[list[FirstRoute], dict[str, Stats]]:
    """First routes of long legs, now and before, and the default build by both."""
    src = ROOT / "src"
    project = _project(work / "long-legs")
    routes = [
        _first_route("rail Vladivostok → Moscow, within RU (bundled railways)", project, "rail",
                     times, src, work),
        _first_route("road Vladivostok → Moscow (bundled roads)", project, "road",
                     times, src, work),
    ]
    old = baseline_tree(work)
    if old is not None:
        routes.append(_first_route(
            f"rail Dunai → Tikhoretsk over 49 hand-made edges ({BASELINE_REF})", old,
            "munitions-rail-dunay-tikhoretsk", times, old / "src", work))
    trees = {"now": (ROOT, src)}
    if old is not None:
        trees[f"before ({BASELINE_REF})"] = (old, old / "src")
    results: dict[str, list[float]] = {label: [] for label in trees}
    for i in range(times):  # interleaved, so drift affects both alike
        for label, (tree, path) in trees.items():
            store = Path(tempfile.mkdtemp(prefix="store-", dir=work))
            cmd = [PYTHON, "-m", "logimap", "build", "--project", str(tree),
                   "--out", str(work / f"build-{i}")]
            results[label].append(run(cmd, work, store, {"PYTHONPATH": str(path)}).seconds)
    return routes, {label: Stats(tuple(values)) for label, values in results.items()}


def section(routes: list[FirstRoute], builds: dict[str, Stats]) -> list[str]:
    """The routing figures as Markdown."""
    lines = ["## Routing: long legs and the default build, now and before", "",
             "First route of a leg in a fresh process, after the scenario is loaded (it "
             "includes loading the bundled network), and `python -m logimap build` of the "
             "default scenario from an empty route store, by the current code and by the code "
             f"before the bundled networks (`{BASELINE_REF}`, from git). Median (min–max).", "",
             "| leg | first route, s | drawn km | points |", "|---|---|---|---|"]
    lines += [f"| {r.label} | {r.seconds.text('{:.3f}')} | {r.km} | {r.points} |"
              for r in routes]
    lines += ["", "| default build | wall s |", "|---|---|"]
    lines += [f"| {label} | {stats.text('{:.2f}')} |" for label, stats in builds.items()]
    return [*lines, ""]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print("\n".join(section(*measure_routing(int(sys.argv[1]) if len(sys.argv) > 1 else 3,
                                                 Path(folder)))))
