"""The README's tutorial step on tracks, done as written on a fresh ``logimap init``, and
the README's record of the track fields, formats and export columns."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import run
from tests.gis import gdal_read

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TRACK = "tracks/synthetic-rajin-vostochny.csv"


def _tutorial_leg() -> str:
    step = README[README.index("10. Attach a track to a leg"):]
    return re.search(r"```yaml\n(.+?)\n\s*```", step, re.S).group(1)


@pytest.mark.gis
def test_the_tutorials_track_step_draws_the_dark_period(tmp_path: Path):
    project = tmp_path / "my-chain"
    assert run("init", str(project)).exit_code == 0
    flow = project / "routes/munitions.yaml"
    text = flow.read_text(encoding="utf-8")
    old = re.search(r"  - id: sea-rajin-vostochny\n(?:    .+\n)+", text).group(0)
    snippet = "\n".join(line[4:] for line in _tutorial_leg().splitlines())
    flow.write_text(text.replace(old, snippet + "\n"), encoding="utf-8")

    result = run("build", "--project", str(project), "--no-cache")

    assert result.exit_code == 0, result.stderr
    with open(project / TRACK, encoding="utf-8", newline="") as handle:
        times = [datetime.fromisoformat(row["time"]) for row in csv.DictReader(handle)]
    steps = [(b - a).total_seconds() / 3600 for a, b in pairwise(times)]
    dark = [hours for hours in steps if hours > 6]
    assert len(dark) == 1 and round(dark[0]) == 31
    gaps = gdal_read(project / "maps/logimap.gpkg")["layers"]["track_gaps"]["rows"]
    assert [(row["leg_id"], row["label"]) for row in gaps] == [
        ("sea-rajin-vostochny", "no AIS received for 31 h")]
    assert abs(gaps[0]["hours"] - dark[0]) < 1e-6
    page = (project / "maps/index.html").read_text(encoding="utf-8")
    assert "no AIS received for 31 h" in page


def test_the_starter_track_says_it_is_synthetic(tmp_path: Path):
    run("init", str(tmp_path / "s"))
    with open(tmp_path / "s" / TRACK, encoding="utf-8", newline="") as handle:
        ids = {row["id"] for row in csv.DictReader(handle)}
    provenance = (tmp_path / "s/tracks/PROVENANCE.md").read_text(encoding="utf-8")

    assert ids == {"SYNTHETIC"}
    assert "invented" in provenance and "not the position of any ship" in provenance


def test_the_readme_documents_the_track_tables_columns():
    from logimap.tables.tracks import TRACK_SCHEMA

    for table, columns in TRACK_SCHEMA.items():
        line = next(line for line in README.splitlines() if line.startswith(f"**{table}**"))
        for column, meaning in columns.items():
            assert f"`{column}` ({meaning}" in line, (table, column)


def test_the_readme_names_every_track_format_and_the_extract_command():
    from logimap.read.tracks import READERS

    for suffix in READERS:
        assert f"`{suffix}`" in README, suffix
    assert "logimap track extract" in README
