"""Project folders as an attacker would ship them (a zip, a repository): the starter scenario
with one hostile change, beside a victim's folder holding secrets and earlier maps.

For every case, run in a subprocess with a secret in its environment: the exit status and the
message, no secret in anything printed, every file outside ``--out`` (the victim's, the
project's) byte-identical afterwards, and the run's time and peak memory within caps
(``tests/hostile.py``: 60 s, 1 GiB; the YAML alias bomb used to take more than a minute and
4.9 GB).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import pytest

from logimap.errors import Problem
from logimap.publish.manifest import MANIFEST_NAME
from tests.hostile import MEMORY_CAP_MB, SECRET, TIME_CAP_S, Outcome, logimap, snapshot

ARTICLE = "seeds/korea-daily-2025-05-30-msmt-report.txt"
CREDENTIALS = f"https://deploy:{SECRET}@git.example.org/team/repo.git\n"
# Erase the line, retitle the window, write the clipboard (OSC 52), a C1 control sequence.
ESCAPES = '\\x1b[2K\\x1b]0;t\\x07\\x1b]52;c;eA==\\x07\\x9b1m'  # as YAML writes them
FILE_NAME = "\x1b]0;owned\x07.yaml"

Ship = Callable[[Path, Path], None]  # (project, victim): make the project hostile


@dataclass(frozen=True)
class Attack:
    ship: Ship
    command: str  # "validate", "build" or "list flows"
    code: int  # the exit status
    says: str  # words the output must hold


def link(rel: str, target: Callable[[Path], Path | str]) -> Ship:
    """Replace the project's ``rel`` with a symbolic link to ``target(victim)``."""
    def ship(project: Path, victim: Path) -> None:
        path = project / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target(victim))
    return ship


def edit(rel: str, old: str, new: str) -> Ship:
    def ship(project: Path, victim: Path) -> None:
        text = (project / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        (project / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return ship


def write(rel: str, data: str | bytes) -> Ship:
    def ship(project: Path, victim: Path) -> None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return ship


def replaced_by(rel: str, make: Callable[[Path], None]) -> Ship:
    def ship(project: Path, victim: Path) -> None:
        (project / rel).unlink()
        make(project / rel)
    return ship


def alias_bomb(levels: int, as_key: bool) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    use = f"? *l{levels}\n: bomb" if as_key else f"cargo: *l{levels}"
    return "\n".join([*lines, use]) + "\n"


BOMB_FLOW = "id: bomb\nname: Bomb\ndirection: DPRK to Russia\nlegs: []\n"

ATTACKS: dict[str, Attack] = {
    # Inputs that lead out of the project
    "nodes file linking to the process environment": Attack(
        link("geodata/nodes.csv", lambda victim: "/proc/self/environ"), "validate", 1,
        "geodata/nodes.csv: leads outside the project folder"),
    "rail network linking to a credentials file": Attack(
        link("geodata/networks/rail.csv", lambda victim: victim / "credentials"), "validate", 1,
        "geodata/networks/rail.csv: leads outside the project folder"),
    "seeds folder linking outside": Attack(
        link("seeds", lambda victim: victim / "seeds"), "validate", 1,
        "seeds/sources.yaml: leads outside the project folder"),
    "stored source linking to a credentials file": Attack(
        link(ARTICLE, lambda victim: victim / "credentials"), "validate", 1,
        f"stored source file '{ARTICLE}' leads outside the project folder"),
    "routes folder linking outside": Attack(
        link("routes", lambda victim: victim / "routes"), "validate", 1,
        "routes/scenario.yaml: leads outside the project folder"),
    "flow file linking to a credentials file": Attack(
        link("routes/stolen.yaml", lambda victim: victim / "credentials"), "validate", 1,
        "routes/stolen.yaml: leads outside the project folder"),
    # Inputs that are not regular files
    "stored source that is a symbolic link loop": Attack(
        link(ARTICLE, lambda victim: Path(ARTICLE).name), "validate", 1,
        "is a symbolic link that leads back to itself (a loop)"),
    "stored source that is a named pipe": Attack(
        replaced_by(ARTICLE, os.mkfifo), "validate", 1, "is a named pipe (FIFO), not a file"),
    "stored source that is a folder": Attack(
        replaced_by(ARTICLE, Path.mkdir), "validate", 1, "is a folder, not a file"),
    "nodes file that is a named pipe": Attack(
        replaced_by("geodata/nodes.csv", os.mkfifo), "validate", 1,
        "geodata/nodes.csv: is a named pipe (FIFO), not a file"),
    "stored source with a name too long": Attack(
        edit("seeds/sources.yaml", "file: korea-daily-2025-05-30-msmt-report.txt",
             "file: " + "a" * 300 + ".txt"), "validate", 1, "has a name too long"),
    "stored source over 64 MB": Attack(
        write(ARTICLE, b"word " * (13 * 2**20 + 1)), "validate", 1,
        "is larger than 64 MB, the most logimap reads"),
    # Files that hold something other than they should
    "nodes file holding a credentials line": Attack(
        write("geodata/nodes.csv", CREDENTIALS), "validate", 1,
        "geodata/nodes.csv row 1: the first row names none of the columns"),
    "nodes header with a long unknown column": Attack(
        edit("geodata/nodes.csv", ",note\n", f",note,Authorization: Bearer {'0' * 80}{SECRET}\n"),
        "validate", 1, "unknown column 'Authorization: Bearer 000"),
    "YAML alias bomb as a value": Attack(
        write("routes/bomb.yaml", alias_bomb(9, as_key=False) + BOMB_FLOW), "validate", 1,
        "routes/bomb.yaml:2: aliases expand this file to"),
    "YAML alias bomb as a key": Attack(
        write("routes/bomb.yaml", alias_bomb(9, as_key=True) + BOMB_FLOW), "validate", 1,
        "routes/bomb.yaml:2: aliases expand this file to"),
    # Text that would drive a terminal
    "escape sequences in a flow's direction, listed": Attack(
        edit("routes/munitions.yaml", "direction: DPRK to Russia",
             f'direction: "DPRK{ESCAPES} RU"'), "list flows", 0,
        "DPRK\\x1b[2K\\x1b]0;t\\x07\\x1b]52;c;eA==\\x07\\x9b1m RU"),
    "escape sequences in a flow file's name": Attack(
        write(f"routes/{FILE_NAME}", "id: [unclosed\n"), "validate", 1,
        "routes/\\x1b]0;owned\\x07.yaml:"),
    # Outputs that lead out of the output folder
    "maps folder linking to the victim's maps": Attack(
        link("maps", lambda victim: victim / "maps"), "build", 2,
        "maps' is a symbolic link; logimap never writes through a symbolic link"),
    "maps/geojson linking to the victim's folder": Attack(
        link("maps/geojson", lambda victim: victim / "maps" / "geojson"), "build", 2,
        "maps/geojson' is a symbolic link"),
    "build lock linking to a file to create": Attack(
        link("maps/.logimap.lock", lambda victim: victim / "nologin"), "build", 2,
        "maps/.logimap.lock' is a symbolic link"),
    "index.html linking to the victim's page": Attack(
        link("maps/index.html", lambda victim: victim / "maps" / "index.html"), "build", 2,
        "maps/index.html' is a symbolic link"),
    "build lock that is a named pipe": Attack(
        lambda project, victim: ((project / "maps").mkdir(),
                                 os.mkfifo(project / "maps/.logimap.lock")),
        "build", 2, "maps/.logimap.lock' is not a regular file"),
    "manifest that is a folder": Attack(
        lambda project, victim: (project / "maps" / MANIFEST_NAME).mkdir(parents=True),
        "build", 2, f"maps/{MANIFEST_NAME}' is not a regular file; remove it"),
    "manifest linking to the victim's credentials": Attack(
        link(f"maps/{MANIFEST_NAME}", lambda victim: victim / "credentials"), "build", 2,
        f"maps/{MANIFEST_NAME}' is a symbolic link"),
}


@pytest.fixture
def scene(tmp_path: Path, starter_project: Path) -> tuple[Path, Path]:
    """A copy of the starter (``project``) beside a victim's folder: a credentials file, a
    copy of the project's folders and earlier maps."""
    project, victim = tmp_path / "project", tmp_path / "victim"
    shutil.copytree(starter_project, project)
    (victim / "maps" / "geojson").mkdir(parents=True)
    (victim / "credentials").write_text(CREDENTIALS, encoding="utf-8")
    (victim / "maps" / "index.html").write_text(f"the victim's page {SECRET}\n", encoding="utf-8")
    (victim / "maps" / "geojson" / "all.geojson").write_text("{}\n", encoding="utf-8")
    for name in ("seeds", "routes"):
        shutil.copytree(starter_project / name, victim / name)
    (victim / "routes" / "scenario.yaml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    return project, victim


def attack(command: str, project: Path) -> Outcome:
    words = command.split()
    return logimap(*words, "--project", str(project), cwd=project.parent)


@pytest.mark.parametrize("case", [pytest.param(a, id=name) for name, a in ATTACKS.items()])
@pytest.mark.slow
def test_a_hostile_project_is_refused_and_touches_nothing_outside_the_output_folder(
        scene: tuple[Path, Path], case: Attack):
    project, victim = scene
    case.ship(project, victim)
    before = snapshot(project.parent, leave_out=project / "maps")

    ran = attack(case.command, project)

    assert ran.code == case.code, ran.output
    assert case.says in ran.output, ran.output
    assert "Traceback" not in ran.output
    assert SECRET not in ran.output, "a secret was printed"
    assert not any(ch in ran.output for ch in "\x1b\x07\x9b"), "a control character was printed"
    assert snapshot(project.parent, leave_out=project / "maps") == before
    assert not (victim / "nologin").exists()
    assert ran.seconds < TIME_CAP_S and ran.peak_mb < MEMORY_CAP_MB, (ran.seconds, ran.peak_mb)


def test_an_unknown_column_is_shown_as_a_short_excerpt(scene: tuple[Path, Path]):
    project, victim = scene
    ATTACKS["nodes header with a long unknown column"].ship(project, victim)

    ran = attack("validate", project)

    line = next(line for line in ran.stderr.splitlines() if "unknown column" in line)
    shown = line.split("unknown column ", 1)[1].split(" (hint", 1)[0]
    assert len(shown) <= 60 and shown.endswith("…'"), shown


# -- values megabytes long, and a great many problems -----------------------------------------

BIG = "X" * (5 * 2**20)  # 5 MB
LONG_LINE = 2100  # the most a printed line may hold: a message and a hint of 1,000 at most
MUNITIONS = "routes/munitions.yaml"
LONG_VALUES: dict[str, tuple[Ship, str]] = {
    "country code in 'within'": (edit(MUNITIONS, "within: [RU]", f"within: [{BIG}]"),
                                 "unknown country code 'XXXX"),
    "node of a leg": (edit(MUNITIONS, "from: vostochny_port", f"from: {BIG}"),
                      "unknown node 'XXXX"),
    "mode": (edit(MUNITIONS, "mode: rail", f"mode: {BIG}"), "unknown mode 'XXXX"),
    "unit": (edit(MUNITIONS, "unit: shells", f"unit: {BIG}"), "unknown unit 'XXXX"),
    "source of a claim": (edit(MUNITIONS, "source: korea-daily-2025-05-30", f"source: {BIG}"),
                          "unknown source 'XXXX"),
    "headline": (edit(MUNITIONS, "headline: shells-2024", f"headline: {BIG}"),
                 "headline 'XXXX"),
    "integer of 100,000 digits": (edit(MUNITIONS, "value: 9000000", f"value: 9{'0' * 99_999}"),
                                  "is implausibly large (100,000 digits)"),
}


@pytest.mark.parametrize("case", LONG_VALUES.values(), ids=LONG_VALUES.keys())
@pytest.mark.slow
def test_a_value_megabytes_long_is_printed_cut_short(scene: tuple[Path, Path],
                                                    case: tuple[Ship, str]):
    project, victim = scene
    ship, says = case
    ship(project, victim)
    before = snapshot(project.parent)

    ran = attack("validate", project)

    assert ran.code == 1 and says in ran.output, ran.output[:3000]
    assert "Traceback" not in ran.output
    assert max(map(len, ran.output.splitlines())) <= LONG_LINE
    assert len(ran.output) < 10_000, len(ran.output)
    assert snapshot(project.parent) == before
    assert ran.seconds < TIME_CAP_S and ran.peak_mb < MEMORY_CAP_MB, (ran.seconds, ran.peak_mb)


def test_a_problem_quoting_a_value_in_full_still_prints_short():
    """Whatever a message quotes, a problem prints its message and hint cut short."""
    shown = str(Problem("routes/a.yaml", ":3", f"unknown thing {BIG!r}", f"not {BIG!r}"))

    assert len(shown) <= LONG_LINE and shown.startswith("routes/a.yaml:3: unknown thing 'XXX")
    assert shown.count(" characters …]XXX") == 2 and shown.endswith("XXX')")


def test_a_country_code_on_the_command_line_is_printed_cut_short(tmp_path: Path):
    ran = logimap("place", "Vladivostok", "--country", "Q" * 100_000, cwd=tmp_path)

    assert ran.code == 2 and "error: unknown country code 'QQQQ" in ran.stderr
    assert len(ran.output) < 300, ran.output


MANY = 100_000  # places in an unknown country: a problem each


@pytest.mark.slow
def test_a_great_many_problems_are_printed_first_fifty_then_a_count(scene: tuple[Path, Path]):
    project, _ = scene
    with open(project / "geodata/nodes.csv", "a", encoding="utf-8") as nodes:
        nodes.writelines(f"n{i},Place {i},,town,ZZ,10.0,10.0,town,a test,\n" for i in range(MANY))
    before = snapshot(project.parent)

    ran = attack("validate", project)
    every = attack("validate --all", project)

    lines = ran.stderr.splitlines()
    assert ran.code == 1 and lines[0] == f"error: {MANY} problem(s) found", lines[:2]
    assert len(lines) == 52 and all("unknown country code 'ZZ'" in line for line in lines[1:51])
    assert lines[51] == f"error: ... and {MANY - 50:,} more; add --all to list them all"
    assert every.code == 1 and len(every.stderr.splitlines()) == MANY + 1
    assert snapshot(project.parent) == before
    assert ran.seconds < TIME_CAP_S and ran.peak_mb < MEMORY_CAP_MB, (ran.seconds, ran.peak_mb)


@pytest.mark.slow
def test_the_alias_bomb_costs_no_more_than_the_project_without_it(scene: tuple[Path, Path]):
    """The bomb stands for 9**10 values: expanded, it took minutes and gigabytes. Refused, it
    costs about what validating the rest of the project costs (measured beside it, so that a
    busy machine slows both alike)."""
    project, victim = scene
    plain = attack("validate", project)
    ATTACKS["YAML alias bomb as a value"].ship(project, victim)

    ran = attack("validate", project)

    assert plain.code == 0 and ran.code == 1 and "3,486,784,401" not in ran.stderr
    assert ran.seconds < 2 * plain.seconds + 5.0 and ran.peak_mb < plain.peak_mb + 100.0, (
        (ran.seconds, ran.peak_mb), (plain.seconds, plain.peak_mb))


# -- what the output folder holds besides this build's files -----------------------------------


def built(project: Path) -> Outcome:
    ran = logimap("build", "--project", str(project), cwd=project.parent)
    assert ran.code == 0, ran.output
    return ran


@pytest.mark.slow
def test_folders_named_like_a_builds_but_not_made_by_one_are_kept(scene: tuple[Path, Path]):
    project, _ = scene
    planted = [project / "maps" / name for name in (".logimap-build-planted",
                                                    ".logimap-backup-planted")]
    for folder in planted:
        folder.mkdir(parents=True)
        (folder / "keep.txt").write_text("mine\n", encoding="utf-8")

    built(project)

    assert all((folder / "keep.txt").read_text(encoding="utf-8") == "mine\n"
               for folder in planted)


@pytest.mark.slow
def test_a_crafted_manifest_removes_nothing_outside_or_not_written(scene: tuple[Path, Path]):
    project, _ = scene
    maps = project / "maps"
    maps.mkdir()
    (maps / "notes.html").write_text("my notes\n", encoding="utf-8")
    listed = {"../victim/maps/index.html": "0" * 64, "geojson/../../../victim/credentials":
              "0" * 64, "notes.html": "0" * 64, "/etc/hostname": "0" * 64}
    (maps / MANIFEST_NAME).write_text(json.dumps({"files": listed, "aside": [
        "../victim", ".logimap-build-x/../../victim"]}), encoding="utf-8")
    before = snapshot(project.parent, leave_out=maps)

    built(project)

    assert snapshot(project.parent, leave_out=maps) == before
    assert (maps / "notes.html").read_text(encoding="utf-8") == "my notes\n"


# A stranger's manifest, in two styles of record: digests alone (as logimap used to write
# them), or with the identities the files had on the stranger's disk.
def _stranger_record(path: Path, elsewhere: Path) -> dict[str, object]:
    """How a build on another disk records a file holding what ``path`` holds."""
    shutil.copyfile(path, elsewhere / path.name)
    status = os.stat(elsewhere / path.name)
    return {"sha256": sha256(path.read_bytes()).hexdigest(), "inode": status.st_ino,
            "changed_ns": status.st_ctime_ns}


MANIFEST_STYLES = {
    "digests only": lambda path, elsewhere: sha256(path.read_bytes()).hexdigest(),
    "identities from another disk": _stranger_record,
}


@pytest.mark.parametrize("style", MANIFEST_STYLES)
@pytest.mark.slow
def test_a_crafted_manifest_deletes_none_of_the_files_it_lists_with_their_hash(
        scene: tuple[Path, Path], tmp_path: Path, style: str):
    project, _ = scene
    maps, elsewhere = project / "maps", tmp_path / "elsewhere"
    elsewhere.mkdir()
    for rel, text in (("mine.html", "my notes\n"), ("geojson/mine.geojson", "{}\n"),
                      (".logimap-backup-userstuff/keep.txt", "mine\n"),
                      (".logimap-build-0123456789ab/keep.txt", "mine too\n")):
        (maps / rel).parent.mkdir(parents=True, exist_ok=True)
        (maps / rel).write_text(text, encoding="utf-8")
    record = MANIFEST_STYLES[style]
    files = {rel: record(maps / rel, elsewhere) for rel in ("mine.html", "geojson/mine.geojson")}
    aside = [".logimap-backup-userstuff", ".logimap-build-0123456789ab"]
    (maps / MANIFEST_NAME).write_text(json.dumps({"files": files, "aside": aside if style ==
                                                  "digests only" else dict.fromkeys(aside)}))
    before = snapshot(project.parent, leave_out=maps)
    users = {rel: text for rel, text in snapshot(maps).items() if "keep" in rel or "mine" in rel}

    built(project)

    assert snapshot(project.parent, leave_out=maps) == before
    assert {rel: text for rel, text in snapshot(maps).items() if rel in users} == users


@pytest.mark.slow
def test_outputs_copied_with_their_manifest_are_not_removed_by_it(scene: tuple[Path, Path]):
    """A folder of outputs copied (or unpacked) elsewhere holds the same manifest; its files
    are not the ones written, so a build there removes none of them."""
    project, _ = scene
    built(project)
    copy = project.parent / "copy-of-maps"
    shutil.copytree(project / "maps", copy)
    scenario = project / "routes" / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("id: sea", "id: by-sea"),
                        encoding="utf-8")

    ran = logimap("build", "--project", str(project), "--out", str(copy), cwd=project.parent)

    assert ran.code == 0, ran.output
    assert (copy / "by-sea.html").is_file()
    assert (copy / "sea.html").is_file() and (copy / "geojson" / "sea.geojson").is_file()


@pytest.mark.slow
def test_a_build_removes_the_outputs_an_earlier_build_wrote_and_no_longer_writes(
        scene: tuple[Path, Path]):
    project, _ = scene
    maps = project / "maps"
    built(project)
    (maps / "mine.html").write_text("not logimap's\n", encoding="utf-8")
    scenario = project / "routes" / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("id: sea", "id: by-sea"),
                        encoding="utf-8")

    built(project)

    names = sorted(str(p.relative_to(maps)) for p in maps.rglob("*") if p.is_file())
    assert names == sorted([".logimap-manifest.json", ".logimap.lock", "by-sea.html",
                            "claims.csv", "geojson/all.geojson", "geojson/by-sea.geojson",
                            "geojson/land-and-air.geojson", "index.html", "land-and-air.html",
                            "legs.csv", "logimap.gpkg", "logimap.kml", "logimap.qgz", "mine.html"])


@pytest.mark.slow
def test_an_output_changed_since_it_was_written_is_not_removed(scene: tuple[Path, Path]):
    project, _ = scene
    maps = project / "maps"
    built(project)
    (maps / "sea.html").write_text("edited by hand\n", encoding="utf-8")
    scenario = project / "routes" / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("id: sea", "id: by-sea"),
                        encoding="utf-8")

    built(project)

    assert (maps / "sea.html").read_text(encoding="utf-8") == "edited by hand\n"
    assert not (maps / "geojson" / "sea.geojson").exists()


@pytest.mark.slow
def test_an_export_removes_only_stale_files_of_the_formats_it_writes(scene: tuple[Path, Path]):
    project, _ = scene
    maps = project / "maps"
    built(project)
    scenario = project / "routes" / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("id: sea", "id: by-sea"),
                        encoding="utf-8")

    ran = logimap("export", "--project", str(project), "--format", "geojson", cwd=project.parent)

    assert ran.code == 0, ran.output
    assert not (maps / "geojson" / "sea.geojson").exists()
    assert (maps / "geojson" / "by-sea.geojson").is_file()
    assert (maps / "sea.html").is_file()  # a page: not a format this export writes
