"""Options shared by several commands, and the output folder they default to."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from logimap.errors import Problem
    from logimap.model import Scenario
    from logimap.route.geometry import LegGeometry
    from logimap.store.results import RouteStore

project_option = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False),
    default=None,
    help="Project folder (default: the current folder if it has routes/, else the bundled "
    "default scenario).",
)

out_option = click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder (default: maps/ in the project folder; for the bundled scenario, "
    "maps/ in the current folder).",
)

layer_option = click.option(
    "--layer",
    "layers",
    multiple=True,
    metavar="NAME",
    help="Only this layer (repeat for several; default: every layer).",
)


cache_option = click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Route every leg afresh, neither reading nor keeping routed lines "
    "(kept in $LOGIMAP_CACHE_DIR, default ~/.cache/logimap; see the README).",
)


def _verbose(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """With ``-v``, show what logimap logs (the route store's misses) on stderr, each line
    as ``note: ...`` with control characters escaped, for the duration of the command."""
    if value:
        import logging
        import sys

        from logimap.messages import printable

        class Printable(logging.Formatter):
            def format(self, record: logging.LogRecord) -> str:
                return "note: " + printable(super().format(record))

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(Printable())
        logger = logging.getLogger("logimap")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)

        def stop() -> None:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)

        ctx.call_on_close(stop)
    return value


verbose_option = click.option(
    "-v", "--verbose", is_flag=True, expose_value=False, callback=_verbose,
    help="Also say what the route store could not be used for, and why.",
)


def route_store(no_cache: bool) -> RouteStore:
    """The user's route store, or one that stores nothing with ``--no-cache``."""
    from logimap.store.results import RouteStore

    return RouteStore(None) if no_cache else RouteStore.default()


def output_folder(out: Path | None, project_root: Path) -> Path:
    """``--out`` if given, else ``maps/`` beside the project's ``routes/``, unless the project
    is the bundled scenario, whose maps go to ``maps/`` in the current folder."""
    from logimap.read.folder import is_bundled

    if out is not None:
        return out
    return Path("maps") if is_bundled(project_root) else project_root / "maps"


def echo_written(written: list, elapsed: float) -> None:
    """Print the files written with their sizes, and the total."""
    from logimap.messages import printable

    total = sum(item.size for item in written)
    for item in written:
        click.echo(printable(f"  {item.size:>10,} B  {item.path}"))
    click.echo(f"wrote {len(written)} files, {total:,} bytes, in {elapsed:.2f} s")


strict_option = click.option(
    "--strict",
    "strict",
    is_flag=True,
    help="Treat warnings as problems: report them as errors, write nothing and exit with "
    "status 1 when there is any.",
)


def scenario_warnings(scenario: Scenario, strict: bool) -> list[Problem]:
    """What reading the data left out or put right (``Scenario.notes``: fixes read in time
    order, jumps not drawn...) and what could mislead a reader (``evidence.warnings``);
    with ``strict``, a ``DataError`` listing them instead."""
    from logimap.check.evidence import warnings
    from logimap.errors import DataError

    found = [*scenario.notes, *warnings(scenario)]
    if strict and found:
        raise DataError(found)
    return found


def drawn_warnings(scenario: Scenario, geometries: dict[str, LegGeometry], strict: bool
                   ) -> list[Problem]:
    """The warnings about the legs' drawn lines (``route.plausibility``: too long, doubling
    back, the long way round a restricted passage); with ``strict``, a ``DataError`` listing
    them instead."""
    from logimap.errors import DataError
    from logimap.route.plausibility import route_warnings

    found = route_warnings(scenario, geometries)
    if strict and found:
        raise DataError(found)
    return found


WARNINGS_SHOWN = 20  # by build and export, which point to validate for the rest


def echo_warnings(found: list[Problem], most: int | None = None) -> None:
    """Print warnings to stderr, one per line as ``warning: file:line: ...``: all of them,
    or the first ``most`` and how many more ``logimap validate`` lists."""
    from logimap.messages import printable

    shown = found if most is None or len(found) <= most else found[:most]
    for problem in shown:
        click.echo(printable(f"warning: {problem}"), err=True)
    if len(shown) < len(found):
        click.echo(f"warning: ... and {len(found) - len(shown):,} more; `logimap validate` "
                   "lists them all", err=True)
