"""``logimap init``: write a small working scenario to start from."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init_command(directory: Path) -> None:
    """Write a small scenario into DIRECTORY (new or empty) that validates as is.

    It holds one stored source (a news article), seven places, two flows (munitions by sea
    and rail, arms by air) whose claims quote the article, and a synthetic track for the
    tutorial. Its rail leg follows the bundled OpenStreetMap railways, so it has no network
    of its own: add geodata/networks/rail.csv only for lines those lack. The README's
    tutorial starts from it, and says which files to keep for a chain of your own.
    """
    from logimap.messages import printable
    from logimap.read.starter import write_starter

    written = write_starter(directory)
    click.echo(printable(f"wrote {len(written)} files to {directory}:"))
    for path in written:
        click.echo(f"  {path}")
    click.echo(printable(f"next: logimap validate --project {directory}"))
