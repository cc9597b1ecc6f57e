"""Options shared by several commands."""

from __future__ import annotations

import click

project_option = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False),
    default=None,
    help="Project folder (default: the current folder if it has routes/, else the bundled "
    "default scenario).",
)
