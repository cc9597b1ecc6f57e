"""Mutation testing of logimap's core modules with mutmut: how many small changes to a module
(a ``<`` made ``<=``, a string emptied, a branch dropped) its own tests catch.

Each module is mutated alone, in a copy of the repository made in a temporary folder, and its
mutants run against the tests listed for it below (mutmut runs, of those, the tests that
execute the mutated function). The copy's ``src/`` mutants come first on ``PYTHONPATH``, so the
commands the tests start in subprocesses run the mutant too. The build steps run in the tests'
own process, not in forked children, so that mutmut sees what they call.

    python -m pip install mutmut==3.8.1
    python scripts/mutation.py                      # every module below
    python scripts/mutation.py quotes periods -j 2  # some of them, two mutants at a time

It prints each module's score (killed / mutants) and every surviving mutant as a diff, and
writes the scores to ``bench/MUTATION.md`` (``--out``) below its hand-written notes on the
survivors that are equivalent mutants. Not run by CI: a run takes tens of minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Each module and its own tests.
MODULES = {
    "quotes": ["tests/test_quotes.py", "tests/test_article_claims.py"],
    "periods": ["tests/test_periods.py"],
    "antimeridian": ["tests/test_antimeridian.py"],
    "validate": ["tests/test_validate.py"],
    "exports": ["tests/test_export.py", "tests/test_export_text.py", "tests/test_gis_types.py",
                "tests/test_track_exports.py"],
    "evidence": ["tests/test_evidence.py"],
    "track-times": ["tests/test_track_times.py", "tests/test_track_problems.py"],
    "track-csv": ["tests/test_track_readers.py", "tests/test_track_problems.py",
                  "tests/test_tracks.py"],
    # (not test_hostile_tracks.py: its children run outside the copy, where mutants cannot)
    "tracks": ["tests/test_track_readers.py", "tests/test_track_times.py",
               "tests/test_track_problems.py",
               "tests/test_tracks.py", "tests/test_track_extract.py",
               "tests/test_shared_tracks.py"],
}
PATHS = {"quotes": "src/logimap/check/quotes.py", "periods": "src/logimap/periods.py",
         "antimeridian": "src/logimap/geo/antimeridian.py",
         "validate": "src/logimap/check/rules.py", "exports": "src/logimap/exports/formats.py",
         "evidence": "src/logimap/check/evidence.py",
         "track-times": "src/logimap/read/tracks/times.py",
         "track-csv": "src/logimap/read/tracks/tabular.py",
         "tracks": "src/logimap/read/tracks"}
COPIED = ("src", "tests", "bench", "seeds", "routes", "geodata", "maps", "pyproject.toml",
          "README.md")
RESULTS_MARK = "<!-- scores: written by scripts/mutation.py -->"
# A pytest plugin put in the copy: mutmut sees the calls made in its own process only, so the
# build steps a test runs are run there rather than in forked children.
IN_TURN = """import logimap.pipeline

logimap.pipeline.ROUTE_ASIDE = logimap.pipeline.EXPORTS_ASIDE = False
logimap.pipeline.NETWORK_ASIDE = False
"""


def module_path(name: str) -> str:
    """The module mutated (a file), or the folder whose modules are."""
    return PATHS[name]


def mutated(name: str) -> str:
    """``module_path`` as mutmut's ``only_mutate`` takes it: a file, or a folder's files."""
    path = module_path(name)
    return path if path.endswith(".py") else f"{path}/*"


def run_module(name: str, children: int) -> dict:
    """Mutate one module in a copy of the repository; its counts and surviving mutants."""
    with tempfile.TemporaryDirectory(prefix=f"logimap-mutation-{name}-") as tmp:
        copy = Path(tmp)
        for item in COPIED:
            source = ROOT / item
            if source.is_dir():
                shutil.copytree(source, copy / item,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif source.exists():
                shutil.copy2(source, copy / item)
        tests = "\n    ".join(MODULES[name])
        also = "\n    ".join(item for item in COPIED if item not in ("src", "tests"))
        (copy / "pyproject.toml").write_text(
            re.sub(r"\[tool\.mutmut\].*?(?=\n\[|\Z)", "", (copy / "pyproject.toml").read_text(),
                   flags=re.S), encoding="utf-8")
        (copy / "tests" / "mutation_in_turn.py").write_text(IN_TURN, encoding="utf-8")
        (copy / "setup.cfg").write_text(
            f"[mutmut]\nsource_paths = src\nonly_mutate = {mutated(name)}\n"
            f"pytest_add_cli_args =\n    -p\n    tests.mutation_in_turn\n"
            f"pytest_add_cli_args_test_selection =\n    {tests}\n"
            f"also_copy =\n    {also}\n",
            encoding="utf-8")
        # Made before Python starts: a path entry that does not exist yet would be cached as
        # having nothing to import.
        (copy / "mutants" / "src").mkdir(parents=True)
        env = {**os.environ, "PYTHONPATH": str(copy / "mutants" / "src"),
               "LOGIMAP_CACHE_DIR": ""}
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)]
        subprocess.run(command, cwd=copy, env=env, check=False, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=copy, env=env,
                       check=True, capture_output=True)
        stats = json.loads((copy / "mutants" / "mutmut-cicd-stats.json").read_text())
        listed = subprocess.run([sys.executable, "-m", "mutmut", "results"], cwd=copy, env=env,
                                check=True, capture_output=True, text=True).stdout
        survivors = {}
        for line in listed.splitlines():
            mutant, _, status = line.strip().partition(": ")
            if status in ("survived", "no tests"):
                survivors[mutant] = subprocess.run(
                    [sys.executable, "-m", "mutmut", "show", mutant], cwd=copy, env=env,
                    check=False, capture_output=True, text=True).stdout
        return {"stats": stats, "survivors": survivors}


def score_line(name: str, stats: dict) -> str:
    total = stats["total"] - stats.get("skipped", 0)
    killed = stats["killed"] + stats.get("timeout", 0) + stats.get("suspicious", 0)
    return (f"| {name} | {total} | {killed} | {stats['survived']} | {stats['no_tests']} | "
            f"{100 * killed / total:.0f}% |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)}")
    parser.add_argument("-j", "--children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "MUTATION.md")
    args = parser.parse_args()
    unknown = [name for name in args.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}; the modules are: {', '.join(MODULES)}")
    rows = {}
    for name in args.modules or list(MODULES):
        print(f"== {name}: mutating {module_path(name)} against {', '.join(MODULES[name])}",
              flush=True)
        found = run_module(name, args.children)
        rows[name] = score_line(name, found["stats"])
        print(rows[name], flush=True)
        for mutant, diff in found["survivors"].items():
            print(f"-- survived: {mutant}\n{diff}", flush=True)
    text = args.out.read_text(encoding="utf-8") if args.out.exists() else RESULTS_MARK
    notes, _, previous = text.partition(RESULTS_MARK)
    kept = {line.split("|")[1].strip(): line for line in previous.splitlines()
            if line.startswith("| ") and not line.startswith("| module")}
    kept.update(rows)
    table = "\n".join(["| module | mutants | killed | survived | no tests | score |",
                       "|---|---|---|---|---|---|", *(kept[name] for name in MODULES
                                                      if name in kept)])
    print(table)
    args.out.write_text(f"{notes}{RESULTS_MARK}\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
