"""Shared fixtures: a private copy of the default scenario that a test may break."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from logimap.cli import main
from logimap.read.folder import default_scenario

PROJECT_DIRS = ("seeds", "geodata", "routes")

# tests/js: the map runtime's JavaScript tests, run by node (npm test), not by pytest.
collect_ignore = ["js"]

# Commands run by the tests (and the processes they start) keep routed lines in a store of
# their own, never in the user's cache folder.
os.environ["LOGIMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="logimap-test-cache-")
atexit.register(shutil.rmtree, os.environ["LOGIMAP_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def default_project() -> Path:
    """The bundled default scenario (read-only: copy it before changing anything)."""
    return default_scenario()


@pytest.fixture(scope="session")
def scenario():
    """The bundled default scenario, loaded once (read-only)."""
    import logimap

    return logimap.load()


@pytest.fixture(scope="session")
def starter_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine starter project (``logimap init``), read-only: copy it before changing it."""
    from logimap.read.starter import write_starter

    folder = tmp_path_factory.mktemp("starter") / "project"
    write_starter(folder)
    return folder


@pytest.fixture
def project(tmp_path: Path, default_project: Path) -> Path:
    """A writable copy of the default scenario."""
    target = tmp_path / "project"
    for name in PROJECT_DIRS:
        shutil.copytree(default_project / name, target / name)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a project file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based number of the line holding the ``occurrence``-th ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not found {occurrence} time(s) in {path}"
    return found[occurrence - 1]


def run(*args: str) -> Result:
    """Run the CLI in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# The session's Chromium and the default scenario's maps, as fixtures:
from tests.browser import browser, default_maps  # noqa: E402, F401
from tests.markers import RUNNING  # noqa: E402


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    RUNNING[0] = item  # before its fixtures are set up: they may start Chromium, GDAL, QGIS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that opens pages in Chromium (the ``browser`` fixture) must be marked so."""
    unmarked = [item.nodeid for item in items
                if "browser" in getattr(item, "fixturenames", ())
                and item.get_closest_marker("browser") is None]
    if unmarked:
        raise pytest.UsageError(f"{unmarked[0]} uses the browser fixture but is not marked "
                                "browser: add @pytest.mark.browser")


def write_exports_of(scenario, out: Path, formats=None, layers=None, tables=None):
    """The scenario's exports written into ``out`` as a build writes them into its staging
    folder (no lock, no manifest): its legs routed first unless ``tables`` are given."""
    from logimap.exports import FORMATS, write_exports
    from logimap.pipeline import tables_of

    tables = tables if tables is not None else tables_of(scenario)
    return write_exports(scenario, tables, out, FORMATS if formats is None else formats, layers)
