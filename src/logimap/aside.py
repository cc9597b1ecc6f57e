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
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from logimap.errors import StepFailed


class Aside:
    """``Aside(work)`` starts ``work`` in a forked child where that is safe (and ``fork`` is
    true); ``result()`` waits for it, or runs it here, and returns what it returned (or
    raises what it raised) with the seconds it took. ``forked`` tells which. A child that
    dies without a result raises ``StepFailed`` naming the step (``name``)."""

    def __init__(self, work: Callable[[], Any], fork: bool = True, name: str = "a build step"):
        self._work = work
        self._name = name
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
                raise StepFailed(f"{self._name}, run in process {pid}, ended without a result "
                                 f"({_ending(status)}); nothing was published: run the build "
                                 f"again")
            try:
                ok, value, seconds = pickle.loads(data)
            except Exception as exc:  # an error that does not unpickle: say what it was
                raise StepFailed(f"{self._name}, run in process {pid}, failed: {exc!r}") from None
        if not ok:
            raise value
        return value, seconds


def _ending(status: int) -> str:
    """How a child ended, from its wait status."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return f"killed by signal {number}, {signal.Signals(number).name}"
        except ValueError:
            return f"killed by signal {number}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _outcome(work: Callable[[], Any]) -> tuple[bool, Any, float]:
    start = time.perf_counter()
    try:
        return True, work(), time.perf_counter() - start
    except BaseException as exc:
        return False, exc, time.perf_counter() - start
