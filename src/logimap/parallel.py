"""Run one step of a build in a child process while this one does another.

Used by builds on machines with two or more cores: the legs are routed by a child while the
parent loads libraries, and the exports are written by a child while the parent renders the
maps. The child is started by ``multiprocessing`` with the platform's start method (``fork``
on Linux, ``spawn`` on Windows and macOS; ``START_METHOD`` chooses another), so a step's
work and arguments must be picklable where the method is not ``fork``; a step that is not,
runs here. When not asked to go aside, on one core, or when forking while other threads run
(unsafe), the step runs here instead, when its result is asked for.

A child dies with its parent: it watches the parent and leaves at once when the parent is
gone (killed, say), rather than work on and touch what the next build holds.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from logimap.errors import StepFailed

START_METHOD: str | None = None  # None: the platform's default
_WATCHERS: set[threading.Thread] = set()  # this process's watcher of its parent, if any


class Aside:
    """``Aside(work, *args)`` starts ``work(*args)`` in a child where that is safe (and
    ``fork`` is true); ``result()`` waits for it, or runs it here, and returns what it
    returned (or raises what it raised) with the seconds it took. ``forked`` tells whether it
    runs in a child. A child that dies without a result raises ``StepFailed`` naming the step
    (``name``)."""

    def __init__(self, work: Callable[..., Any], *args: Any, fork: bool = True,
                 name: str = "a build step"):
        self._work = work
        self._args = args
        self._name = name
        self._process: Any = None
        self._receive: Any = None
        self._frozen = False
        self.forked = fork and (os.cpu_count() or 1) > 1
        if self.forked:
            self.forked = self._start(multiprocessing.get_context(START_METHOD))

    def _start(self, context: Any) -> bool:
        """Start the child; False when it cannot be (other threads would be forked, or the
        work cannot be sent to a spawned child)."""
        forking = context.get_start_method() == "fork"
        if forking and any(thread not in _WATCHERS for thread in threading.enumerate()
                           if thread is not threading.main_thread()):
            return False
        receive, send = context.Pipe(duplex=False)
        if forking:
            # What exists now is shared with the child: frozen, the collector leaves it alone
            # in both processes (no copy-on-write of pages it would touch, and shorter
            # collections), as the gc module's documentation advises before a fork.
            # result() unfreezes it.
            gc.freeze()
            self._frozen = True
        process = context.Process(target=_child, args=(send, self._work, self._args),
                                  name=self._name)
        try:
            process.start()
        except (pickle.PicklingError, AttributeError, TypeError):
            self._thaw()  # the work cannot be sent to a spawned child: it runs here
            receive.close()
            send.close()
            return False
        except BaseException:
            self._thaw()
            raise
        send.close()
        self._process, self._receive = process, receive
        return True

    def _thaw(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def result(self) -> tuple[Any, float]:
        """The step's return value and its duration in seconds; raises what it raised."""
        if not self.forked:
            ok, value, seconds = _outcome(self._work, self._args)
        else:
            process, self._process = self._process, None
            try:
                data = self._receive.recv_bytes()
            except EOFError:
                data = b""
            finally:
                self._receive.close()
                process.join()
                self._thaw()
            if not data:
                raise StepFailed(f"{self._name}, run in process {process.pid}, ended without a "
                                 f"result ({_ending(process.exitcode)}); nothing was "
                                 "published: run the build again")
            try:
                ok, value, seconds = pickle.loads(data)
            except Exception as exc:  # an error that does not unpickle: say what it was
                raise StepFailed(f"{self._name}, run in process {process.pid}, failed: "
                                 f"{exc!r}") from None
        if not ok:
            raise value
        return value, seconds


def _child(send: Any, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the child: run the step and send its outcome to the parent."""
    _leave_with_parent()
    outcome = _outcome(work, args)
    try:
        data = pickle.dumps(outcome)
    except Exception as exc:  # an exception that cannot be pickled
        data = pickle.dumps((False, RuntimeError(f"{exc!r}"), outcome[2]))
    try:
        send.send_bytes(data)
    except OSError:  # the parent is gone: nobody to tell
        pass
    finally:
        send.close()


def _leave_with_parent() -> None:
    """Leave this process as soon as its parent is gone: a thread waits on the parent's
    sentinel, which ``multiprocessing`` makes ready when the parent ends."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    watcher = threading.Thread(target=watch, name="logimap parent watcher", daemon=True)
    _WATCHERS.add(watcher)
    watcher.start()


def _ending(exitcode: int | None) -> str:
    """How a child ended, from its exit code (negative: the signal that killed it)."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by signal {-exitcode}, {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def _outcome(work: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any, float]:
    start = time.perf_counter()
    try:
        return True, work(*args), time.perf_counter() - start
    except BaseException as exc:
        return False, exc, time.perf_counter() - start
