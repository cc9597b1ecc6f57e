"""Running commands and summarising repeated measurements."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PYTHON = sys.executable
# The console script beside the interpreter, not a pyenv shim (which adds ~0.3 s per call).
LOGIMAP = os.path.join(os.path.dirname(sys.executable), "logimap")
LIBRARIES = ("logimap", "folium", "geopandas", "shapely", "pyogrio", "playwright")


@dataclass(frozen=True)
class Run:
    """One finished command: wall time, peak resident memory and what it printed."""

    seconds: float
    max_rss_mb: float
    stdout: str


def run(cmd: list[str], cwd: Path | None = None, store: Path | None = None,
        env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; raise with its output if it fails. ``store`` is the folder
    of logimap's route store for the run (``LOGIMAP_CACHE_DIR``); none when not given.
    ``env`` adds to the environment.

    Wall time is taken from just before the fork to the child's exit; peak memory is the
    child's own ``ru_maxrss`` from ``wait4`` (not the running maximum over all children).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env={**os.environ, **(env or {}),
                                     "LOGIMAP_CACHE_DIR": str(store or "")})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n"
                               f"{stdout}{err.read().decode('utf-8', 'replace')}")
    return Run(seconds, usage.ru_maxrss / 1024.0, stdout)


@dataclass(frozen=True)
class Stats:
    """Median and spread of repeated measurements."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def text(self, fmt: str = "{:.2f}") -> str:
        """``median (min–max)``, or the single value."""
        median = fmt.format(self.median)
        if len(self.values) == 1:
            return median
        return f"{median} ({fmt.format(min(self.values))}–{fmt.format(max(self.values))})"


def machine() -> dict[str, str]:
    """CPU model, cores, memory and OS of this machine."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
                break
    except OSError:
        pass
    return {"CPU": cpu, "cores": str(os.cpu_count()), "memory": memory,
            "OS": platform.platform()}


def versions(chromium: str | None) -> dict[str, str]:
    """Python, the libraries measured and Chromium, by name."""
    found = {"Python": f"{platform.python_version()} ({PYTHON})"}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    if chromium:
        done = subprocess.run([chromium, "--version"], capture_output=True, text=True, check=False)
        found["chromium"] = done.stdout.strip() or "unknown"
    else:
        found["chromium"] = "not installed"
    return found
