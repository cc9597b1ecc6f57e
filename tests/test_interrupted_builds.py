"""Builds that fail, are killed part-way or run twice at once never leave a broken output folder.

Two versions of the starter scenario differ in every output file. After a build of version A,
a build of version B that fails leaves A's files byte for byte; one killed at any moment leaves
each file as A or B wrote it; two at once both finish and leave one complete build.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import logimap
import logimap.publish.folder
from logimap.pipeline import build
from logimap.publish.lock import LOCK_NAME
from logimap.publish.manifest import MANIFEST_NAME
from logimap.read.starter import write_starter
from tests.conftest import replace_in, run

LOGIMAP = os.path.join(os.path.dirname(sys.executable), "logimap")
STAGING = ".logimap-build-"
# What a build makes aside and removes when it ends: its staging folder and, while it
# publishes, a folder keeping the previous files.
ASIDE = (STAGING, ".logimap-backup-")
KILLS = 6


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every published file: the lock and folders made aside left out."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (LOCK_NAME, MANIFEST_NAME)
            and not any(part.startswith(ASIDE) for part in p.relative_to(folder).parts)}


def stray_files(folder: Path) -> list[str]:
    """Temporary files and folders outside the folders made aside: dot-names (the lock and
    the manifest aside) and names holding '.tmp'."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(ASIDE) for part in rel.parts):
            continue
        bookkeeping = path.name in (LOCK_NAME, MANIFEST_NAME)
        if (path.name.startswith(".") and not bookkeeping) or ".tmp" in path.name:
            found.append(str(rel))
    return sorted(found)


def staging_folders(folder: Path) -> list[str]:
    """Folders a build made aside (staging, backup) that are still there."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(ASIDE))


def make_version_b(project: Path) -> None:
    """Change text that every output carries: titles, a claim, every leg's basis note, the
    munitions legs' period."""
    replace_in(project / "routes/scenario.yaml", "title: A starter scenario",
               "title: A starter scenario, second version")
    replace_in(project / "routes/munitions.yaml", "period: 2023-09/2025-03",
               "period: 2023-10/2025-03")
    replace_in(project / "routes/munitions.yaml", "what: artillery shells sent",
               "what: shells sent")
    for note in ("logimap routes the path at sea", "the actual routing is not public"):
        replace_in(project / "routes/munitions.yaml", note, f"{note} (v2)")
    replace_in(project / "routes/arms-by-air.yaml", "their airports and route are not",
               "their airports and route are not (v2)")


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Projects A and B and a reference build of each."""
    root = tmp_path_factory.mktemp("versions")
    write_starter(root / "a")
    write_starter(root / "b")
    make_version_b(root / "b")
    for name in ("a", "b"):
        build(logimap.load(root / name), root / f"built-{name}")
    return {"a": root / "a", "b": root / "b", "built-a": root / "built-a",
            "built-b": root / "built-b"}


@pytest.fixture
def previous(versions: dict[str, Path], tmp_path: Path) -> Path:
    """An output folder holding version A's build."""
    out = tmp_path / "out"
    shutil.copytree(versions["built-a"], out)
    return out


def test_the_two_versions_differ_in_every_file(versions: dict[str, Path]):
    a, b = digests(versions["built-a"]), digests(versions["built-b"])

    assert set(a) == set(b) and len(a) >= 9
    assert [name for name in a if a[name] == b[name]] == []


# -- failures --------------------------------------------------------------------------------

FAILURES = {
    "bad data found on loading": ("routes/arms-by-air.yaml", "mode: air", "mode: plane"),
    "a sea leg no ship can sail found while drawing": (
        "geodata/nodes.csv", "42.7333,133.0667", "43.9000,132.9000"),
}


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_a_build_that_fails_on_bad_data_leaves_the_previous_outputs(
        versions: dict[str, Path], previous: Path, tmp_path: Path, failure: tuple[str, str, str]):
    project = tmp_path / "project"
    shutil.copytree(versions["b"], project)
    file, old, new = failure
    replace_in(project / file, old, new)
    before = digests(previous)

    result = run("build", "--project", str(project), "--out", str(previous))

    assert result.exit_code == 1, result.output
    assert digests(previous) == before
    assert stray_files(previous) == [] and staging_folders(previous) == []


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    """Make every file write after the first ``after`` fail as on a full disk (the writes
    make their temporary file with ``tempfile.mkstemp``)."""
    real = tempfile.mkstemp
    made = []

    def mkstemp(*args, **kwargs):
        made.append(args or kwargs)
        if len(made) > after:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("after", [0, 2, 5])
def test_a_build_that_fails_while_writing_leaves_the_previous_outputs(
        versions: dict[str, Path], previous: Path, monkeypatch: pytest.MonkeyPatch, after: int):
    scenario = logimap.load(versions["b"])
    fill_the_disk(monkeypatch, after)
    before = digests(previous)

    with pytest.raises(OSError, match="No space left"):
        build(scenario, previous)

    assert digests(previous) == before
    assert stray_files(previous) == [] and staging_folders(previous) == []


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_run_that_fails_while_writing_leaves_no_new_output_folder(
        versions: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: str):
    fill_the_disk(monkeypatch, 2)
    out = tmp_path / "new" / "maps"

    result = run(command, "--project", str(versions["b"]), "--out", str(out))

    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_disk_full_build_is_reported_without_a_traceback(
        versions: dict[str, Path], previous: Path, monkeypatch: pytest.MonkeyPatch):
    fill_the_disk(monkeypatch, 3)
    before = digests(previous)

    result = run("build", "--project", str(versions["b"]), "--out", str(previous))

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and "No space left on device" in result.stderr
    assert digests(previous) == before


def test_a_build_that_fails_while_publishing_leaves_the_previous_outputs(
        versions: dict[str, Path], previous: Path, monkeypatch: pytest.MonkeyPatch):
    import logimap.pipeline

    real_publish, real_replace = logimap.publish.folder.move_into_place, os.replace

    def publish_then_fail(staged, staging, out, manifest):
        calls = []

        def replace(src, dst, *args, **kwargs):
            calls.append(dst)
            if len(calls) == 3:  # the third file fails to move; any later call succeeds
                raise OSError(5, "Input/output error")
            return real_replace(src, dst, *args, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", replace)
            return real_publish(staged, staging, out, manifest)

    monkeypatch.setattr(logimap.publish.folder, "move_into_place", publish_then_fail)
    before = digests(previous)

    with pytest.raises(OSError):
        build(logimap.load(versions["b"]), previous)

    assert digests(previous) == before
    assert stray_files(previous) == [] and staging_folders(previous) == []


# -- killed builds -----------------------------------------------------------------------------


def start_build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([LOGIMAP, "build", "--project", str(project), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def build_seconds(versions: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long one ``logimap build`` of version B takes here, start-up included."""
    out = tmp_path_factory.mktemp("timed")
    started = time.perf_counter()
    process = start_build(versions["b"], out)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()
    assert digests(out) == digests(versions["built-b"])
    return time.perf_counter() - started


@pytest.mark.slow
def test_a_killed_build_leaves_each_file_old_or_new(
        versions: dict[str, Path], build_seconds: float, tmp_path: Path):
    old, new = digests(versions["built-a"]), digests(versions["built-b"])
    rng = random.Random()
    # spread over the whole build, start-up to publishing, each delay a little random
    delays = [build_seconds * (i + rng.random()) / KILLS for i in range(KILLS)]
    leftovers = {}
    for number, delay in enumerate(delays):
        out = tmp_path / f"out-{number}"
        shutil.copytree(versions["built-a"], out)
        process = start_build(versions["b"], out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)

        now = digests(out)
        assert set(now) == set(old), f"killed after {delay:.2f} s: files {set(now) ^ set(old)}"
        mixed = [name for name in now if now[name] not in (old[name], new[name])]
        assert mixed == [], f"killed after {delay:.2f} s: neither old nor new: {mixed}"
        assert stray_files(out) == [], f"killed after {delay:.2f} s"
        # killed while publishing, a build leaves its staging and its backup folder
        assert len(staging_folders(out)) <= 2
        assert len({name.rsplit("-", 1)[0] for name in staging_folders(out)}) == len(
            staging_folders(out)), "one staging and one backup folder at most"
        leftovers[f"{delay:.2f} s"] = staging_folders(out)

        again = run("build", "--project", str(versions["b"]), "--out", str(out))
        assert again.exit_code == 0, again.output
        assert digests(out) == new
        assert stray_files(out) == [] and staging_folders(out) == []
    print("staging folders left by each kill:", leftovers)


def test_the_next_build_clears_what_a_killed_build_left_and_nothing_else(
        versions: dict[str, Path], previous: Path):
    left: list[str] = []
    for _ in range(5):  # a build may publish between seeing its staging folder and the kill
        killed = start_build(versions["b"], previous)
        while not staging_folders(previous) and killed.poll() is None:
            time.sleep(0.005)
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=60)
        left = staging_folders(previous)
        if left:
            break
    not_ours = previous / f"{STAGING}not-made-by-a-build"
    shutil.copytree(versions["built-b"], not_ours)

    result = run("build", "--project", str(versions["b"]), "--out", str(previous))

    assert result.exit_code == 0, result.output
    assert left and all(name.startswith(ASIDE) for name in left), left
    assert staging_folders(previous) == [not_ours.name], (left, staging_folders(previous))
    assert digests(not_ours) == digests(versions["built-b"])


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, as /proc lists them."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` still runs: listed, and not ended awaiting its parent (a zombie)."""
    try:
        return not Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return False


def held_by_another(lock: Path) -> bool:
    """Whether a process holds the build lock now (tried without waiting, and let go)."""
    import fcntl

    with open(lock, "rb") as stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(stream, fcntl.LOCK_UN)
        return False


SYNTHETIC_LEGS = 4000  # a project whose exports take some seconds


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="reads /proc; the exports run aside on two cores or more")
def test_a_build_killed_while_exporting_takes_its_child_along_and_the_next_lock_is_kept(
        tmp_path: Path):
    from bench.synth import generate

    project, out = generate(tmp_path / "project", SYNTHETIC_LEGS, seed=1), tmp_path / "maps"
    env = {**os.environ, "LOGIMAP_CACHE_DIR": str(tmp_path / "store")}
    command = [LOGIMAP, "build", "--project", str(project), "--out", str(out)]
    killed = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    # The exports are written by the child forked once the staging folder is made.
    while not (out.is_dir() and staging_folders(out)) or not children(killed.pid):
        assert killed.poll() is None, "the build ended before its exports were under way"
        time.sleep(0.01)
    exporting = children(killed.pid)
    time.sleep(0.5)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    started = time.perf_counter()
    while any(map(running, exporting)) and time.perf_counter() - started < 10:
        time.sleep(0.01)
    gone_after = time.perf_counter() - started

    # The lock file, kept open here: were it removed, its link count would drop to 0 (and its
    # inode could not be reused by a new file at its path).
    lock, kept, held = out / LOCK_NAME, [], 0
    with open(out / LOCK_NAME, "rb") as watched, tempfile.TemporaryFile() as said:
        second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=said)
        while second.poll() is None:
            status = os.fstat(watched.fileno())
            kept.append(status.st_nlink == 1 and lock.exists()
                        and os.path.samestat(status, os.lstat(lock)))
            held += kept[-1] and held_by_another(lock)
            time.sleep(0.01)
        kept.append(os.path.samestat(os.fstat(watched.fileno()), os.lstat(lock)))
        said.seek(0)
        stderr = said.read().decode()

    assert gone_after < 2.0, f"the exports' child outlived its killed parent by {gone_after:.1f} s"
    assert second.returncode == 0, stderr
    assert all(kept), "the lock file was removed or replaced while a build ran"
    assert held > 0, "the second build was never seen holding the lock"
    assert staging_folders(out) == []


@pytest.mark.slow
def test_two_builds_at_once_both_finish_and_leave_one_complete_build(
        versions: dict[str, Path], tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()

    first = start_build(versions["a"], out)
    second = start_build(versions["b"], out)
    results = [process.communicate(timeout=180) for process in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], [r[1].decode() for r in results]
    assert digests(out) in (digests(versions["built-a"]), digests(versions["built-b"]))
    assert stray_files(out) == [] and staging_folders(out) == []
