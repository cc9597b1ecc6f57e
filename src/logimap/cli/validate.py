"""``logimap validate``: load and check a project, print a summary or every problem."""

from __future__ import annotations

import click

from logimap.cli.options import (
    PROBLEMS_SHOWN,
    all_option,
    cache_option,
    drawing_warnings,
    echo_warnings,
    project_option,
    route_store,
    scenario_warnings,
    strict_option,
    verbose_option,
)


@click.command("validate")
@project_option
@cache_option
@strict_option
@all_option
@verbose_option
def validate_command(project: str | None, no_cache: bool, strict: bool) -> None:
    """Check every file of a project; print a summary, or every problem with its place.

    Besides the data itself, every leg is drawn: a leg with a stop farther from the water or
    the network than off_network_km (routes/scenario.yaml, 50 km by default), or no route
    (inside its 'within' countries), is a problem, and so is a sea leg that crosses Natural
    Earth land (1:10m) outside its approaches, or a place that lies outside its country.

    Warnings (evidence that could mislead a reader: a headline figure whose period misses a
    leg it sizes, a source nobody cites, a note older than the event it describes, a
    precision finer than its basis, a modelled leg without dated sources, an observed leg
    without a track, a quote fragment from an unstored source; and about the drawn lines: lines
    drawn as schematic where a stop lies off the water or the network, a waypoint moved onto
    the water, a leg much longer than its great circle, a line that doubles back, a sea route
    the long way round a restricted passage) are printed to stderr and leave the exit status
    at 0; --strict makes them problems.

    Of many problems (or warnings), the first ones are printed, then how many more; --all
    prints them all.

    Exit status: 0 when the data is sound, 1 when it has problems, 2 on usage errors.
    """
    import logimap
    from logimap.check.rules import summarise
    from logimap.messages import printable
    from logimap.pipeline import drawn_warnings, load_checked, route

    store = route_store(no_cache)
    scenario = load_checked(project, store)
    geometries, problems, _ = route(scenario, store)
    if problems:
        raise logimap.DataError(problems)
    found = scenario_warnings(scenario, strict)
    drawing_warnings(strict, found)(drawn_warnings(scenario, geometries))
    sea = sum(1 for leg in scenario.legs if leg.mode == "sea" and not leg.track)
    click.echo(printable(f"{scenario.root}: ok"))
    click.echo(f"{summarise(scenario)}; {sea} sea legs checked against land")
    echo_warnings(found, PROBLEMS_SHOWN)
