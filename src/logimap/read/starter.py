"""The starter scenario that ``logimap init`` copies into a new project folder."""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from logimap.errors import UsageError


def starter_files() -> Path:
    """The folder holding the starter scenario inside the installed package."""
    return Path(str(resources.files("logimap"))) / "data" / "starter"


def write_starter(directory: Path) -> list[str]:
    """Copy the starter scenario into ``directory`` (which must be new or empty).

    The files appear all at once: they are written to a temporary folder beside it first.
    Returns the written paths, relative to ``directory``.
    """
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{str(directory)!r} exists and is not an empty folder; "
                         "choose a new folder name")
    parent = directory.absolute().parent
    if not parent.is_dir():
        raise UsageError(f"folder {str(parent)!r} does not exist; create it first")
    source = starter_files()
    with tempfile.TemporaryDirectory(dir=parent, prefix=".logimap-init-") as tmp:
        staged = Path(tmp) / "project"
        shutil.copytree(source, staged, ignore=shutil.ignore_patterns("__pycache__"))
        if directory.exists():
            directory.rmdir()
        staged.rename(directory)
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())
