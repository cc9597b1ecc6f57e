"""``logimap build``: every output in one go, reproducible, and safe to interrupt."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import logimap
from logimap.pipeline import build
from logimap.publish.lock import LOCK_NAME
from logimap.publish.manifest import MANIFEST_NAME
from tests.conftest import replace_in, run

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "maps"


BOOKKEEPING = (LOCK_NAME, MANIFEST_NAME)  # the build's lock and its record of what it wrote


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every output file (the bookkeeping files left out)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in BOOKKEEPING}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build(logimap.load(), out)
    return out


def test_build_writes_the_maps_and_every_export(built: Path):
    scenario = logimap.load()
    names = set(digests(built))

    assert "index.html" in names
    assert {f"{layer.id}.html" for layer in scenario.layers} <= names
    assert {"logimap.gpkg", "logimap.kml", "claims.csv", "geojson/all.geojson"} <= names
    assert not [p for p in built.rglob("*") if p.name.startswith(".logimap-build")]


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path):
    logimap.build(logimap.load(), str(tmp_path / "again"))  # the public API takes a str too

    assert digests(tmp_path / "again") == digests(built)


def test_the_committed_maps_are_up_to_date(built: Path):
    assert digests(COMMITTED) == digests(built), (
        "maps/ is stale: run 'logimap build' at the top of the repository and commit maps/")


def test_the_cli_reports_each_step_and_the_files_written(tmp_path: Path):
    result = run("build", "--out", str(tmp_path))

    assert result.exit_code == 0, result.output
    for step in ("load + validate", "geometry", "sea check", "place check", "tables", "maps",
                 "exports"):
        assert step in result.stdout
    assert "index.html" in result.stdout and " B " in result.stdout


def test_a_failed_build_leaves_the_previous_outputs_intact(project: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--project", str(project), "--out", str(out)).exit_code == 0
    before = digests(out)
    replace_in(project / "routes/workers.yaml", "mode: air", "mode: plane")

    result = run("build", "--project", str(project), "--out", str(out))

    assert result.exit_code == 1
    assert digests(out) == before
    assert sorted(os.listdir(out)) == sorted({*before, "geojson", *BOOKKEEPING} - {
        k for k in before if "/" in k})


def test_an_unknown_layer_is_a_usage_error_naming_the_layers(tmp_path: Path):
    result = run("build", "--out", str(tmp_path), "--layer", "nope")

    assert result.exit_code == 2
    assert "unknown layer 'nope'" in result.stderr and "dprk-russia-sea" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_path_that_is_a_file_is_a_usage_error(tmp_path: Path):
    target = tmp_path / "file.txt"
    target.write_text("keep", encoding="utf-8")

    result = run("build", "--out", str(target))

    assert result.exit_code == 2
    assert "is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"
