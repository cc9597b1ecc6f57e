"""``logimap validate``: load and check a project, print a summary or every problem."""

from __future__ import annotations

import click

from logimap.cli.options import project_option


@click.command("validate")
@project_option
def validate_command(project: str | None) -> None:
    """Check every file of a project; print a summary, or every problem with its place.

    Exit status: 0 when the data is sound, 1 when it has problems, 2 on usage errors.
    """
    import logimap
    from logimap.validate import summarise

    scenario = logimap.load(project)
    click.echo(f"{scenario.root}: ok")
    click.echo(str(summarise(scenario)))
