"""logimap: sourced logistics reporting turned into maps and GIS layers analysts can trust.

    import logimap
    scenario = logimap.load("my-project")     # read and check; default: the bundled scenario
    m = logimap.make_map(scenario)            # a folium.Map; displays in Jupyter
    m.save("map.html")
    logimap.export(scenario, "out")           # GeoJSON, GeoPackage and QGIS project, KML, CSV
    logimap.build(scenario, "maps")           # the maps and every export, safely
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from logimap.errors import DataError, LogimapError, Problem, UsageError
from logimap.model import Scenario

if TYPE_CHECKING:
    import folium

    from logimap.output import WrittenFile
    from logimap.routecache import RouteStore

__all__ = [
    "DataError", "LogimapError", "Problem", "Scenario", "UsageError",
    "build", "export", "load", "make_map",
]
__version__ = "0.1.0"


def load(project: str | Path | None = None) -> Scenario:
    """Read and check a project folder (default: the bundled scenario).

    Raises ``DataError`` listing every problem, each with its file and line or row.
    """
    from logimap.project import resolve_project
    from logimap.reader import read_project
    from logimap.validate import check

    scenario, problems = read_project(resolve_project(project))
    problems += check(scenario)
    if problems:
        raise DataError(problems)
    return scenario


def make_map(scenario: Scenario, layers: list[str] | None = None) -> folium.Map:
    """The scenario's map as a ``folium.Map`` (all layers, or only those named)."""
    from logimap.render import make_map as _make_map

    return _make_map(scenario, layers)


def export(scenario: Scenario, out: str | Path, formats: Sequence[str] | None = None,
           layers: list[str] | None = None) -> list[WrittenFile]:
    """Write GIS exports (default: GeoJSON, GeoPackage with its QGIS project, KML and CSV)
    into ``out``, as ``logimap export`` does: all at once, never through a link, and removing
    the files of these formats that an earlier export or build wrote there and this one does
    not."""
    from logimap.exports import FORMATS
    from logimap.exports import export as _export
    from logimap.pipeline import check_output, publish_all

    chosen = [formats] if isinstance(formats, str) else list(formats or FORMATS)
    return publish_all(check_output(Path(out)),
                       lambda staging: _export(scenario, staging, chosen, layers), kinds=chosen)


def build(scenario: Scenario, out: str | Path, layers: list[str] | None = None,
          store: RouteStore | None = None) -> list[WrittenFile]:
    """Write the maps and every export into ``out``; see ``logimap build``. With a ``store``
    (``logimap.routecache.RouteStore.default()``, as the command uses), routes an earlier
    build kept are read back."""
    from logimap.pipeline import build as _build

    return _build(scenario, Path(out), layers, store=store)
