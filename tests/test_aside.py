"""Running a build step in a forked child: same result, same errors, nothing left behind."""

from __future__ import annotations

import errno
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import logimap
import logimap.exports.formats
import logimap.pipeline
from logimap.errors import DataError, Problem
from logimap.parallel import Aside
from logimap.publish.manifest import BACKUP_PREFIX, STAGING_PREFIX
from tests.conftest import line_of, replace_in
from tests.test_build import digests

IN_A_FRESH_INTERPRETER = """
import errno, os
from logimap.parallel import Aside
from logimap.errors import Problem

child, seconds = Aside(os.getpid).result()
assert child != os.getpid() and seconds >= 0, "the step ran in this process"

def fail():
    raise OSError(errno.ENOSPC, "No space left on device")

try:
    Aside(fail).result()
except OSError as exc:
    assert exc.errno == errno.ENOSPC
else:
    raise AssertionError("the child's error was not raised")
print("ok")
"""


def test_a_step_runs_in_a_child_and_its_result_or_error_comes_back():
    done = subprocess.run([sys.executable, "-c", IN_A_FRESH_INTERPRETER],
                          capture_output=True, text=True, timeout=60, check=False)

    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


KILLED_IN_A_FRESH_INTERPRETER = """
import os, signal
from logimap.parallel import Aside
from logimap.errors import StepFailed

try:
    Aside(lambda: os.kill(os.getpid(), signal.SIGKILL), name="the test step").result()
except StepFailed as exc:
    print(exc)
"""


def test_a_child_killed_before_its_result_is_reported_by_step_and_signal():
    done = subprocess.run([sys.executable, "-c", KILLED_IN_A_FRESH_INTERPRETER],
                          capture_output=True, text=True, timeout=60, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("the test step, run in process ")
    assert "ended without a result (killed by signal 9, SIGKILL)" in done.stdout


# `logimap build` in a fresh interpreter whose routing child is killed (as the kernel kills a
# process that runs out of memory); argv[1] is the output folder.
BUILD_WITH_ROUTING_KILLED = """
import os, signal, sys
import logimap.exports.formats
import logimap.pipeline
from logimap.cli import main

logimap.pipeline.ROUTE_ASIDE = True
logimap.pipeline.route = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
sys.argv = ["logimap", "build", "--out", sys.argv[1]]
main()
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="steps run aside on two cores or more")
@pytest.mark.slow
def test_a_build_whose_routing_child_is_killed_says_so_and_keeps_the_previous_outputs(
        tmp_path: Path):
    out = tmp_path / "maps"
    logimap.build(logimap.load(), out)
    before = digests(out)

    done = subprocess.run([sys.executable, "-c", BUILD_WITH_ROUTING_KILLED, str(out)],
                          capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: the routing step, run in process ")
    assert "SIGKILL" in done.stderr and "nothing was published" in done.stderr
    assert digests(out) == before


def test_with_other_threads_running_the_step_runs_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pid, _ = Aside(os.getpid).result()
    finally:
        stop.set()
        other.join()

    assert pid == os.getpid()


# Run in a fresh interpreter: this one may have other threads (a browser driver left by an
# earlier test), and then a step is not forked at all.
FROZEN_IN_A_FRESH_INTERPRETER = """
import gc, os
from logimap.parallel import Aside

aside = Aside(os.getpid)
aside.result()
print(aside.forked, gc.get_freeze_count())
"""


def test_nothing_stays_frozen_for_the_collector_after_the_step():
    done = subprocess.run([sys.executable, "-c", FROZEN_IN_A_FRESH_INTERPRETER],
                          capture_output=True, text=True, timeout=60, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "0"]


@pytest.fixture
def aside_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logimap.pipeline, "ROUTE_ASIDE", True)
    monkeypatch.setattr(logimap.pipeline, "EXPORTS_ASIDE", True)
    monkeypatch.setattr(logimap.pipeline, "NETWORK_ASIDE", True)


# A build with both steps aside, in a fresh interpreter (see above); argv[1] is the output,
# argv[2] how children are started: "fork" (Linux's default) or "spawn" (as on macOS and
# Windows: a new interpreter that is sent the step's work).
BUILD_ASIDE_IN_A_FRESH_INTERPRETER = """
import multiprocessing, sys
import logimap, logimap.pipeline

multiprocessing.set_start_method(sys.argv[2])
logimap.pipeline.ROUTE_ASIDE = logimap.pipeline.EXPORTS_ASIDE = True
logimap.pipeline.NETWORK_ASIDE = True
steps = []
logimap.pipeline.build(logimap.load(), sys.argv[1],
                       progress=lambda step, seconds: steps.append(step))
print(";".join(steps))
"""


@pytest.mark.slow
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_build_with_steps_aside_writes_the_same_bytes(start: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    done = subprocess.run([sys.executable, "-c", BUILD_ASIDE_IN_A_FRESH_INTERPRETER,
                           str(tmp_path / "aside"), start],
                          capture_output=True, text=True, timeout=300, check=False)
    monkeypatch.setattr(logimap.pipeline, "ROUTE_ASIDE", False)
    monkeypatch.setattr(logimap.pipeline, "EXPORTS_ASIDE", False)
    monkeypatch.setattr(logimap.pipeline, "NETWORK_ASIDE", False)
    logimap.build(logimap.load(), tmp_path / "in-turn")

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().split(";") == ["place check (aside)", "geometry (aside)",
                                              "sea check (aside)", "tables", "maps",
                                              "exports", "exports (aside)"]
    assert digests(tmp_path / "aside") == digests(tmp_path / "in-turn")


def test_a_leg_no_ship_can_sail_routed_aside_is_reported_at_the_leg(aside_always, project: Path,
                                                                     tmp_path: Path):
    # Dunai moved 80 km inland, into the hills north of Vladivostok
    replace_in(project / "geodata" / "nodes.csv", "42.8803,132.3375", "43.9000,132.9000")
    scenario = logimap.load(project)

    with pytest.raises(DataError) as raised:
        logimap.build(scenario, tmp_path / "maps")

    assert any("'dunay_port'" in str(problem) and "no ship reaches it" in str(problem)
               and problem.path.startswith("routes/") for problem in raised.value.problems)
    assert not (tmp_path / "maps").exists()



# A build of the project argv[1] into argv[2], its rail and road legs routed by a child of the
# routing step's, in a fresh interpreter (see above): the problems it raises, one per line.
BUILD_WITH_NETWORK_ASIDE = """
import sys
import logimap, logimap.pipeline
from logimap.errors import DataError

logimap.pipeline.ROUTE_ASIDE = logimap.pipeline.NETWORK_ASIDE = True
try:
    logimap.build(logimap.load(sys.argv[1]), sys.argv[2])
except DataError as error:
    print("\\n".join(str(problem) for problem in error.problems))
"""


@pytest.mark.slow
def test_a_station_no_railway_reaches_routed_aside_is_reported_at_its_leg(project: Path,
                                                                          tmp_path: Path):
    # Toropets moved 3,000 km east into the Evenk taiga, inside Russia, far from any railway
    replace_in(project / "geodata" / "nodes.csv", "56.49954,31.63920", "65.00000,100.00000")

    done = subprocess.run([sys.executable, "-c", BUILD_WITH_NETWORK_ASIDE, str(project),
                           str(tmp_path / "maps")],
                          capture_output=True, text=True, timeout=120, check=False)

    leg = "routes/artillery-munitions.yaml"
    at = f"{leg}:{line_of(project / leg, 'id: munitions-rail-vostochny-toropets')}: "
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if "'toropets'" in line
            and "from any railway" in line and line.startswith(at)]
    assert not (tmp_path / "maps").exists()

@pytest.mark.slow
def test_exports_failing_aside_leave_the_previous_outputs(aside_always, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "maps"
    logimap.build(logimap.load(), out)
    before = digests(out)
    real = logimap.exports.formats.write_bytes

    def full(path, data):  # the exports' writes fail as on a full disk; the maps' do not
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(logimap.exports.formats, "write_bytes", full)
    with pytest.raises(OSError, match="No space left"):
        logimap.build(logimap.load(), out)

    monkeypatch.setattr(logimap.exports.formats, "write_bytes", real)
    assert digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith((STAGING_PREFIX, BACKUP_PREFIX))]


def test_a_data_error_keeps_its_problems_across_processes():
    error = logimap.DataError([Problem("routes/a.yaml", ":3", "unknown node 'x'", "fix it")])

    copied = pickle.loads(pickle.dumps(error))

    assert copied.problems == error.problems and str(copied) == str(error)


# A parent that starts a step aside, says the child's pid, then waits; argv[1] is a file the
# step would write were it still running two seconds later.
PARENT_OF_A_SLOW_STEP = """
import sys, time
from pathlib import Path
from logimap.parallel import Aside

def slow(path):
    time.sleep(2)
    Path(path).write_text("the step outlived its parent")

aside = Aside(slow, sys.argv[1])
print(aside.forked, aside._process.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="steps run aside on two cores or more")
def test_a_child_dies_with_its_killed_parent(tmp_path: Path):
    import signal
    import time

    witness = tmp_path / "witness"
    parent = subprocess.Popen([sys.executable, "-c", PARENT_OF_A_SLOW_STEP, str(witness)],
                              stdout=subprocess.PIPE, text=True)
    with parent.stdout:
        forked, child = parent.stdout.readline().split()
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    time.sleep(3)

    assert forked == "True"
    assert not witness.exists()
    assert not _running(int(child))


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs: listed, and not ended awaiting its parent (a zombie)."""
    try:
        return not Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (OSError, IndexError):
        return False
