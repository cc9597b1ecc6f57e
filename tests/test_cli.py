"""The command line: exit codes, messages, project discovery, init, list and start-up cost."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from logimap.cli import main
from tests.conftest import run

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("geopandas", "folium", "searoute", "networkx", "shapely", "pyproj", "pandas", "scipy",
         "numpy")


def test_validate_prints_a_summary_of_the_default_scenario(default_project: Path):
    result = run("validate", "--project", str(default_project))

    assert result.exit_code == 0, result.output
    assert "9 flows" in result.stdout and "22 legs" in result.stdout
    # 33 claims in routes/*.yaml, 29 of them quoting the one stored source in seeds/
    assert "33 claims" in result.stdout
    assert "quotes verified: 29 of 33 (4 from external sources, not stored)" in result.stdout


def test_the_default_scenario_has_no_warnings_even_when_strict(default_project: Path):
    result = run("validate", "--project", str(default_project))
    strict = run("validate", "--strict", "--project", str(default_project))

    assert result.exit_code == 0 and "warning" not in result.stderr
    assert strict.exit_code == 0, strict.stderr


def test_a_headline_counting_another_period_than_a_leg_it_sizes_is_a_warning(
        project: Path, tmp_path: Path):
    from tests.conftest import line_of, replace_in

    flow = project / "routes" / "artillery-munitions.yaml"
    replace_in(flow, "period: 2023-10/2024-09", "period: 2023-10/2023-12")
    line = line_of(flow, "- id: munitions-rail-vostochny-toropets")

    checked = run("validate", "--project", str(project))
    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"))

    warning = (f"warning: routes/artillery-munitions.yaml:{line}: headline 'shells-2024' of "
               "flow 'artillery-munitions' counts 2024, which does not overlap leg "
               "'munitions-rail-vostochny-toropets' (2023-10/2023-12) that it sizes")
    assert checked.exit_code == 0 and built.exit_code == 0
    assert checked.stderr.splitlines()[0].startswith(warning)
    assert len(checked.stderr.splitlines()) == 1
    assert warning in built.stderr and "wrote" in built.stdout


def test_without_project_the_current_folder_is_used_when_it_has_routes(
    project: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(project)

    result = run("validate")

    assert result.exit_code == 0
    assert str(project) in result.stdout


def test_without_project_elsewhere_the_bundled_scenario_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default_project: Path
):
    monkeypatch.chdir(tmp_path)

    result = run("validate")

    assert result.exit_code == 0
    assert str(default_project) in result.stdout


def test_a_missing_project_folder_is_a_usage_error(tmp_path: Path):
    result = run("validate", "--project", str(tmp_path / "nowhere"))

    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_folder_without_routes_is_a_usage_error(tmp_path: Path):
    result = run("validate", "--project", str(tmp_path))

    assert result.exit_code == 2
    assert "is not a logimap project" in result.stderr
    assert "logimap init" in result.stderr


def test_unknown_commands_and_options_are_usage_errors():
    assert run("frobnicate").exit_code == 2
    assert run("validate", "--no-such-option").exit_code == 2
    assert run("list", "ships").exit_code == 2


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("nodes", "tikhoretsk_depot"), ("flows", "about 9,000,000 shells"),
     ("legs", "munitions-sea-rajin-dunay"), ("claims", "shells-2024"),
     ("sources", "korea-daily-2025-05-30")],
)
def test_list_prints_a_table(default_project: Path, kind: str, expected: str):
    result = run("list", kind, "--project", str(default_project))

    assert result.exit_code == 0
    header, rule = result.stdout.splitlines()[:2]
    assert header.startswith("id") and set(rule) <= {"-", " "}
    assert expected in result.stdout


def test_init_writes_a_starter_that_validates(tmp_path: Path):
    target = tmp_path / "starter"

    result = run("init", str(target))

    assert result.exit_code == 0, result.output
    for name in ("seeds/sources.yaml", "geodata/nodes.csv", "routes/scenario.yaml"):
        assert (target / name).is_file()
    check = run("validate", "--strict", "--project", str(target))
    assert check.exit_code == 0, check.stderr
    assert "2 flows, 3 legs" in check.stdout
    assert check.stderr == ""  # no warning either


def test_init_writes_what_its_help_says(tmp_path: Path):
    import logimap

    help_text = " ".join(run("init", "--help").stdout.split())
    run("init", str(tmp_path / "s"))
    scenario = logimap.load(tmp_path / "s")

    assert "one stored source" in help_text and [s.stored for s in scenario.sources] == [True]
    assert "seven places" in help_text and len(scenario.nodes) == 7
    assert "two flows" in help_text and len(scenario.flows) == 2
    assert "a synthetic track" in help_text
    assert [p.name for p in (tmp_path / "s/tracks").glob("*.csv")] == [
        "synthetic-rajin-vostochny.csv"]
    assert "no network of its own" in help_text and not scenario.edges
    assert not (tmp_path / "s/geodata/networks").exists()


def test_init_starter_has_a_sea_a_rail_and_an_air_leg(tmp_path: Path):
    import logimap

    run("init", str(tmp_path / "s"))
    scenario = logimap.load(tmp_path / "s")

    assert sorted(leg.mode for leg in scenario.legs) == ["air", "rail", "sea"]
    assert all(claim.quote for claim in scenario.claims)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")

    result = run("init", str(tmp_path))

    assert result.exit_code == 2
    assert "not an empty folder" in result.stderr
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_help_imports_no_heavy_library():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "logimap", "--help"],
        capture_output=True, text=True, check=True,
    )

    lines = result.stderr.splitlines()
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in lines}
    assert not imported & set(HEAVY), imported & set(HEAVY)
    assert "validate" in result.stdout


def test_every_command_has_help_and_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help text"
        assert f"logimap {name}" in readme, f"README does not document 'logimap {name}'"


def test_the_installed_command_runs_from_any_folder(tmp_path: Path):
    # The console script pip installed beside this interpreter (a virtual environment's bin/,
    # whether or not it is on PATH), else the one on PATH.
    beside = Path(sys.executable).parent / "logimap"
    exe = str(beside) if beside.is_file() else shutil.which("logimap")
    assert exe, "the logimap command is not installed: pip install ."

    result = subprocess.run([exe, "validate"], cwd=tmp_path, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "9 flows" in result.stdout
