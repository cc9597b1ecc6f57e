"""Running logimap on a project as an attacker ships it: in a subprocess whose time and peak
memory are measured, with a secret in its environment and beside the project."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SECRET = "sk-live-7Hq2c0nf1dent1al-Token-0042"
TIME_CAP_S = 60.0  # a run that takes longer is killed and fails its test
MEMORY_CAP_MB = 1024.0  # peak resident memory of the logimap process and its children


@dataclass(frozen=True)
class Outcome:
    """How a logimap run in a subprocess ended."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def logimap(*args: str, cwd: Path, store: Path | None = None) -> Outcome:
    """Run ``python -m logimap ARGS`` with ``SECRET`` in its environment, its route store in
    ``store`` (none when not given); its peak memory comes from ``wait4``."""
    env = {**os.environ, "LOGIMAP_TEST_SECRET": SECRET,
           "LOGIMAP_CACHE_DIR": str(store) if store else ""}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "logimap", *args], cwd=cwd, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > TIME_CAP_S:
                process.kill()
                process.wait()
                pytest.fail(f"logimap {' '.join(args)} ran for more than {TIME_CAP_S:.0f} s")
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(process.returncode, out.read().decode(errors="replace"),
                       err.read().decode(errors="replace"), seconds, usage.ru_maxrss / 1024)


def snapshot(root: Path, leave_out: Path | None = None) -> dict[str, str]:
    """Every entry below ``root`` (``leave_out`` and what it holds aside): files by sha256,
    links by target, folders and other entries by kind; nothing is followed."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if leave_out is not None and (path == leave_out or leave_out in path.parents):
                continue
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = f"link to {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = "folder"
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = "other"
    return found
