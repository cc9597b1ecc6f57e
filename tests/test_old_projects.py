"""Projects written for earlier releases build with this one, their warnings saying exactly
what to change (``tests/data/old-projects``: the default scenario as earlier commits hold it,
with hand-drawn railways, hand-placed sea waypoints and a port 12 km inland)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run

OLD = Path(__file__).parent / "data" / "old-projects"


@pytest.mark.slow
@pytest.mark.parametrize("commit", ["ea1f1cd", "10d0bdd"])
def test_a_project_of_an_earlier_release_validates_and_builds(tmp_path: Path, commit: str):
    project = tmp_path / commit
    shutil.copytree(OLD / commit, project)

    validated = run("validate", "--project", str(project))
    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"))

    assert validated.exit_code == 0, validated.output
    assert built.exit_code == 0, built.output
    assert (tmp_path / "maps/index.html").is_file()


@pytest.mark.slow
def test_the_first_release_s_inland_port_is_joined_by_an_approach_with_a_warning_to_move_it(
        tmp_path: Path):
    """Hamhung is a city 12 km inland of its port, Hungnam: its troops leg sails from it,
    joined to the sea by an approach; the warning says where the water is, and a node moved
    there leaves no warning."""
    project = tmp_path / "ea1f1cd"
    shutil.copytree(OLD / "ea1f1cd", project)

    validated = run("validate", "--project", str(project))

    [warning] = [line for line in validated.stderr.splitlines() if "'hamhung'" in line]
    assert warning.startswith("warning: geodata/nodes.csv row 20: node 'hamhung' lies 12.")
    assert ("more than the 10 km its precision 'town' allows: sea leg "
            "'troops-sea-hamhung-vladivostok' joins it by a straight approach") in warning
    water = warning.split("the water is nearest at ")[1].split(" lat, lon")[0]
    lat, lon = (float(v) for v in water.split(", "))
    nodes = project / "geodata/nodes.csv"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace(
        "hamhung,Hamhung / Hungnam,city,KP,39.9167,127.5333,town",
        f"hamhung,Hamhung / Hungnam,city,KP,{lat},{lon},town"), encoding="utf-8")
    moved = run("validate", "--project", str(project))
    assert moved.exit_code == 0, moved.output
    assert "'hamhung'" not in moved.stderr
