"""Writing output files so that a reader never sees a half-written one.

Each file is written to a temporary name in its own folder, then renamed into place: a
failure leaves the previous file as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WrittenFile:
    """A file an output step wrote, with its size in bytes."""

    path: Path
    size: int


def write_bytes(path: Path, data: bytes) -> WrittenFile:
    """Write ``data`` to ``path`` atomically, creating its folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return WrittenFile(path, len(data))


def write_text(path: Path, text: str) -> WrittenFile:
    """Write UTF-8 text with ``\\n`` line endings atomically."""
    return write_bytes(path, text.encode("utf-8"))
