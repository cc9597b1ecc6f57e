"""The build lock: one build at a time writes into an output folder.

A ``filelock`` lock (``fcntl`` on POSIX, ``msvcrt`` on Windows) on ``.logimap.lock`` in the
folder, held while a build publishes. The lock file is never a link and never removed by a
build (removing it while another build holds it would let a third one in); it is opened
without following a link where the platform allows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from logimap.errors import UsageError
from logimap.publish.manifest import refuse_link

LOCK_NAME = ".logimap.lock"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the duration of a block, waiting for
    another build that holds it. The lock file must be a regular file or absent."""
    from filelock import FileLock

    path = Path(out) / LOCK_NAME
    refuse_link(path)
    if path.exists() and not path.is_file():
        raise UsageError(f"{str(path)!r} is not a regular file; remove it (logimap keeps its "
                         "build lock there)")
    lock = FileLock(path, mode=0o644, thread_local=False, preserve_lock_file=True,
                    fallback_to_soft=False)
    try:
        lock.acquire()
    except IsADirectoryError:
        raise UsageError(f"{str(path)!r} is not a regular file; remove it (logimap keeps its "
                         "build lock there)") from None
    try:
        yield
    finally:
        lock.release()
