"""Where a project lives: the folder given, the current folder, or the bundled default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from logimap.errors import UsageError

MARKER = "routes"


def default_scenario() -> Path:
    """The scenario shipped with logimap (inside the wheel, or at the top of a checkout)."""
    bundled = Path(str(resources.files("logimap"))) / "scenario"
    if (bundled / MARKER).is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / MARKER).is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    raise UsageError("the default scenario is not installed; pass --project DIR")


def is_bundled(project: Path) -> bool:
    """True when ``project`` is the scenario installed inside the package."""
    bundled = Path(str(resources.files("logimap"))) / "scenario"
    return Path(project).resolve() == bundled.resolve()


def resolve_project(project: str | Path | None) -> Path:
    """The project folder to use: ``project`` if given, the current folder if it holds
    ``routes/``, else the default scenario."""
    if project is None:
        here = Path.cwd()
        return here if (here / MARKER).is_dir() else default_scenario()
    path = Path(project)
    if not path.is_dir():
        raise UsageError(f"project folder {str(path)!r} does not exist")
    if not (path / MARKER).is_dir():
        raise UsageError(
            f"{str(path)!r} is not a logimap project: it has no {MARKER}/ folder "
            "(create one with 'logimap init DIR')"
        )
    return path
