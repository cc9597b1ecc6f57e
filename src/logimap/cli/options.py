"""Options shared by several commands, and the output folder they default to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Callable

    from logimap.errors import Problem
    from logimap.model import Scenario
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


def image_options(command: Callable) -> Callable:
    """The options of the images (``--format svg,pdf,png``): sizes, dpi, flows, greyscale."""
    for option in reversed((
        click.option("--size", "sizes", multiple=True, metavar="SIZE",
                     help="Image size: a4, letter, social (1200x675), square (1080x1080) or "
                          "WIDTHxHEIGHT in pixels (repeat for several; default: A4 for SVG "
                          "and PDF, social and square for PNG)."),
        click.option("--dpi", type=int, default=None,
                     help="Dots per inch of the PNGs (default: 200, twice a screen's 100)."),
        click.option("--flow", "flows", multiple=True, metavar="ID",
                     help="Only this flow in the images (repeat for several)."),
        click.option("--greyscale", is_flag=True,
                     help="Draw the images in greys, for print."),
    )):
        command = option(command)
    return command


def image_settings(sizes: tuple[str, ...], dpi: int | None, flows: tuple[str, ...],
                   greyscale: bool) -> dict:
    """The image options as ``pipeline.build`` and ``pipeline.export`` take them."""
    return {"sizes": sizes, "dpi": dpi, "flows": flows or None, "greyscale": greyscale}


def format_option(default: Sequence[str], known: Sequence[str]) -> Callable:
    """``--format``: comma-separated formats among ``known``."""
    def check(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        from logimap.errors import UsageError
        from logimap.exports import check_formats

        try:
            return tuple(check_formats(value, known))
        except UsageError:
            raise click.BadParameter(
                f"use a comma-separated list of: {', '.join(known)}") from None

    return click.option("--format", "formats", default=",".join(default), callback=check,
                        show_default=True, help="Comma-separated formats to write.")


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


def drawing_warnings(strict: bool, found: list[Problem]) -> Callable[[list[Problem]], None]:
    """What ``build`` and ``export`` give the warnings found drawing the legs: added to
    ``found``; with ``strict``, a ``DataError`` listing them instead."""
    from logimap.errors import DataError

    def warn(drawn: list[Problem]) -> None:
        if strict and drawn:
            raise DataError(drawn)
        found.extend(drawn)
    return warn


PROBLEMS_SHOWN = 50  # problems, and warnings of validate, printed without --all
WARNINGS_SHOWN = 20  # warnings printed by build and export, after their files, without --all
ALL_SHOWN = "logimap.all_shown"  # where --all is kept (click's context's meta)


def _all_shown(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[ALL_SHOWN] = value
    return value


all_option = click.option(
    "--all", "all_shown", is_flag=True, expose_value=False, callback=_all_shown,
    help=f"Print every problem and warning (else the first {PROBLEMS_SHOWN} problems, and "
    "then how many more).",
)


def shown_at_most(most: int) -> int | None:
    """How many problems or warnings to print: ``most``, or all (None) with ``--all``."""
    return None if click.get_current_context().meta.get(ALL_SHOWN) else most


def echo_capped(found: Sequence[Problem], most: int, warnings: bool = False) -> None:
    """Print problems (or ``warnings``, each after ``warning: ``) to stderr, one per line,
    control characters escaped: the first ``most`` (all of them with ``--all``), then how many
    more and, when the command takes ``--all``, that it lists them all."""
    from logimap.messages import printable

    limit = shown_at_most(most)
    shown = found if limit is None else found[:limit]
    for problem in shown:
        click.echo(printable(f"warning: {problem}" if warnings else str(problem)), err=True)
    if len(shown) < len(found):
        offered = ALL_SHOWN in click.get_current_context().meta
        click.echo(f"{'warning' if warnings else 'error'}: ... and "
                   f"{len(found) - len(shown):,} more"
                   f"{'; add --all to list them all' if offered else ''}", err=True)


def echo_warnings(found: list[Problem], most: int) -> None:
    """Print warnings to stderr, one per line as ``warning: file:line: ...``: the first
    ``most`` (all of them with ``--all``), then how many more."""
    echo_capped(found, most, warnings=True)
