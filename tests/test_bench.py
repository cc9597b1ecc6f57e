"""Smoke tests for the benchmarks (bench/), so the runner cannot rot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bench import synth

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_synthetic_project_is_deterministic(tmp_path: Path):
    first = synth.generate(tmp_path / "a", 40)
    second = synth.generate(tmp_path / "b", 40)

    assert _files(first) == _files(second)
    modes = [line for path in (first / "routes").glob("flow-*.yaml")
             for line in path.read_text(encoding="utf-8").splitlines()
             if line.startswith("  mode: ")]
    assert len(modes) == 40


@pytest.mark.browser
@pytest.mark.slow
def test_the_runner_writes_results_at_a_tiny_size(tmp_path: Path):
    out = tmp_path / "RESULTS.md"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--sizes", "20", "--repeat", "1",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text in done.stdout
    for expected in ("## Machine and versions", "`logimap --help`", "`logimap build`",
                     "### 20 legs", "build, wall s", "index.html MB", "## Targets"):
        assert expected in text
    if browser or os.environ.get("CI"):
        assert "Chromium: load to idle, ms" in text
        assert "Chromium load ≤ 1/2 of baseline" in text


@pytest.mark.slow
def test_the_quote_bench_runs_at_a_tiny_size():
    done = subprocess.run(
        [sys.executable, "-m", "bench.quotes", "--megabytes", "0.05", "--claims", "5",
         "--repeat", "1"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("| 0.1 MB source, 9 claims, 5 not found | read ")
    assert "(median of 1) |" in done.stdout


def test_the_mutation_script_names_modules_and_tests_that_exist():
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutation", ROOT / "scripts" / "mutation.py")
    mutation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutation)

    for name, tests in mutation.MODULES.items():
        path = ROOT / mutation.module_path(name)
        assert path.is_file() or (path.is_dir() and any(path.glob("*.py"))), name
        assert tests and all((ROOT / test).is_file() for test in tests), name


@pytest.mark.slow
def test_the_track_bench_runs_at_a_tiny_size(tmp_path: Path):
    out = tmp_path / "TRACKS.md"

    done = subprocess.run(
        [sys.executable, "-m", "bench.tracks", "--tracks", "2", "--fixes", "300",
         "--rows", "20000", "--repeat", "1", "--no-browser", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)

    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    for expected in ("## 2 tracks of 300 fixes (600 fixes)", "index.html MB",
                     "## track extract over 20,000 rows of AIS", "peak RSS MB",
                     "index.html ≤ 1/5 of folium's", "track extract peak memory ≤ 1 GB"):
        assert expected in text
