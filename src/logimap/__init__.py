"""logimap: sourced logistics reporting turned into maps and GIS layers analysts can trust.

>>> import logimap
>>> scenario = logimap.load()          # the bundled default scenario  # doctest: +SKIP
>>> len(scenario.flows) > 0            # doctest: +SKIP
True
"""

from __future__ import annotations

from pathlib import Path

from logimap.errors import DataError, LogimapError, Problem, UsageError
from logimap.model import Scenario

__all__ = ["DataError", "LogimapError", "Problem", "Scenario", "UsageError", "load"]
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
