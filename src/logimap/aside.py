"""Run one step of a build in a forked process while this one does another.

Used by builds on machines with two or more cores: the legs are routed by a child while the
parent loads libraries, and the exports are written by a child while the parent renders the
maps. When not asked to fork, where ``fork`` is unavailable, on one core, or when other
threads run in this process (forking them is unsafe), the step runs here instead, when its
result is asked for.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
import time
from collections.abc import Callable
from typing import Any


class Aside:
    """``Aside(work)`` starts ``work`` in a forked child where that is safe (and ``fork`` is
    true); ``result()`` waits for it, or runs it here, and returns what it returned (or
    raises what it raised) with the seconds it took. ``forked`` tells which."""

    def __init__(self, work: Callable[[], Any], fork: bool = True):
        self._work = work
        self._pid = 0
        self._read = -1
        self.forked = (fork and hasattr(os, "fork") and (os.cpu_count() or 1) > 1
                       and threading.active_count() == 1)
        if self.forked:
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        # What exists now is shared with the child: frozen, the collector leaves it alone in
        # both processes (no copy-on-write of pages it would touch, and shorter collections),
        # as the gc module's documentation advises before a fork. result() unfreezes it.
        gc.freeze()
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            raise
        if pid == 0:  # the child: run the step, send the outcome, never return
            os.close(read)
            outcome = _outcome(self._work)
            try:
                data = pickle.dumps(outcome)
            except Exception as exc:  # an exception that cannot be pickled
                data = pickle.dumps((False, RuntimeError(f"{exc!r}"), outcome[2]))
            with os.fdopen(write, "wb") as stream:
                stream.write(data)
            os._exit(0)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> tuple[Any, float]:
        """The step's return value and its duration in seconds; raises what it raised."""
        if not self.forked:
            ok, value, seconds = _outcome(self._work)
        else:
            with os.fdopen(self._read, "rb") as stream:
                data = stream.read()
            pid, self._pid = self._pid, 0
            _, status = os.waitpid(pid, 0)
            gc.unfreeze()
            if not data:
                raise RuntimeError(f"a build step in process {pid} ended without a result "
                                   f"(wait status {status})")
            try:
                ok, value, seconds = pickle.loads(data)
            except Exception as exc:  # an error that does not unpickle: say what it was
                raise RuntimeError(f"a build step in process {pid} failed: {exc!r}") from None
        if not ok:
            raise value
        return value, seconds


def _outcome(work: Callable[[], Any]) -> tuple[bool, Any, float]:
    start = time.perf_counter()
    try:
        return True, work(), time.perf_counter() - start
    except BaseException as exc:
        return False, exc, time.perf_counter() - start
