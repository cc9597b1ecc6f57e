"""``logimap export``: write the GIS exports (GeoJSON, GeoPackage and QGIS project, KML,
CSV)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from logimap.cli.options import (
    WARNINGS_SHOWN,
    cache_option,
    echo_warnings,
    echo_written,
    layer_option,
    out_option,
    output_folder,
    project_option,
    route_store,
    scenario_warnings,
    strict_option,
    verbose_option,
)
from logimap.vocabulary import EXPORT_FORMATS

FORMATS = tuple(EXPORT_FORMATS)


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"use a comma-separated list of: {', '.join(FORMATS)}")
    return chosen


@click.command("export")
@project_option
@out_option
@click.option("--format", "formats", default=",".join(FORMATS), callback=_formats,
              show_default=True, help="Comma-separated formats to write.")
@layer_option
@cache_option
@strict_option
@verbose_option
def export_command(project: str | None, out: Path | None, formats: tuple[str, ...],
                   layers: tuple[str, ...], no_cache: bool, strict: bool) -> None:
    """Write GeoJSON per layer, a GeoPackage with its QGIS project, a KML and claims.csv."""
    import logimap
    from logimap.exports import export
    from logimap.pipeline import check_layers, check_output, load_checked, publish_all, route
    from logimap.tables import make_tables

    started = time.perf_counter()
    store = route_store(no_cache)
    scenario = load_checked(project, store)
    found = scenario_warnings(scenario, strict)
    check_layers(scenario, list(layers))
    target = check_output(output_folder(out, scenario.root))
    geometries, problems, _ = route(scenario, store)
    if problems:
        raise logimap.DataError(problems)
    tables = make_tables(scenario, geometries)
    written = publish_all(target, lambda staging: export(
        scenario, staging, formats=formats, layers=list(layers) or None, tables=tables),
        kinds=formats)
    echo_written(written, time.perf_counter() - started)
    echo_warnings(found, WARNINGS_SHOWN)
