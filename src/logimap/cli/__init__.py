"""The ``logimap`` command. Each subcommand lives in its own module and imports heavy
libraries only when it runs, so ``logimap --help`` stays instant."""

from __future__ import annotations

import sys

import click

from logimap import __version__
from logimap.cli.build import build_command
from logimap.cli.export import export_command
from logimap.cli.init import init_command
from logimap.cli.listing import list_command
from logimap.cli.options import PROBLEMS_SHOWN, echo_capped
from logimap.cli.place import place_command
from logimap.cli.track import track_command
from logimap.cli.validate import validate_command
from logimap.errors import DataError, LogimapError, UsageError
from logimap.messages import printable, shortened

EXIT_DATA = 1
EXIT_USAGE = 2


class _Group(click.Group):
    """Turns logimap's own errors into messages and exit codes, never tracebacks; every
    message has its control characters escaped and is cut short, and of many problems the
    first ``PROBLEMS_SHOWN`` are printed (all with ``--all``), then how many more."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DataError as exc:
            click.echo(f"error: {len(exc.problems)} problem(s) found", err=True)
            echo_capped(exc.problems, PROBLEMS_SHOWN)
            sys.exit(EXIT_DATA)
        except UsageError as exc:
            click.echo(printable(f"error: {shortened(str(exc))}"), err=True)
            sys.exit(EXIT_USAGE)
        except LogimapError as exc:
            click.echo(printable(f"error: {shortened(str(exc))}"), err=True)
            sys.exit(EXIT_DATA)
        except OSError as exc:
            # a file's name, not a descriptor's number
            where = f" {exc.filename}:" if isinstance(exc.filename, str) else ""
            click.echo(printable(f"error:{where} {shortened(exc.strerror or str(exc))}"),
                       err=True)
            sys.exit(EXIT_DATA)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="logimap")
def main() -> None:
    """Turn sourced reporting about logistics into maps and GIS layers.

    A project folder holds seeds/ (source documents), geodata/ (places and networks) and
    routes/ (flows, legs and the claims on them). Without --project, commands use the current
    folder when it has a routes/ folder, else the bundled default scenario.
    """


main.add_command(validate_command)
main.add_command(build_command)
main.add_command(export_command)
main.add_command(list_command)
main.add_command(init_command)
main.add_command(place_command)
main.add_command(track_command)
