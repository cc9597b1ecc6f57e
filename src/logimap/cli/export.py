"""``logimap export``: write the GIS exports (GeoJSON, GeoPackage and QGIS project, KML,
CSV) or images (SVG, PDF, PNG)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from logimap.cli.options import (
    WARNINGS_SHOWN,
    all_option,
    cache_option,
    drawing_warnings,
    echo_warnings,
    echo_written,
    format_option,
    image_options,
    image_settings,
    layer_option,
    out_option,
    output_folder,
    project_option,
    route_store,
    scenario_warnings,
    strict_option,
    verbose_option,
)
from logimap.vocabulary import EXPORT_FORMATS, IMAGE_FORMATS


@click.command("export")
@project_option
@out_option
@format_option(tuple(EXPORT_FORMATS), (*EXPORT_FORMATS, *IMAGE_FORMATS))
@layer_option
@image_options
@cache_option
@strict_option
@all_option
@verbose_option
def export_command(project: str | None, out: Path | None, formats: tuple[str, ...],
                   layers: tuple[str, ...], sizes: tuple[str, ...], dpi: int | None,
                   flows: tuple[str, ...], greyscale: bool, no_cache: bool,
                   strict: bool) -> None:
    """Write GeoJSON per layer, a GeoPackage with its QGIS project, a KML, claims.csv and
    legs.csv; or, with --format svg,pdf,png, images of the maps for print and
    publication."""
    from logimap.pipeline import export, load_checked
    from logimap.publish import check_output
    from logimap.tables import check_layers

    started = time.perf_counter()
    store = route_store(no_cache)
    scenario = load_checked(project, store)
    found = scenario_warnings(scenario, strict)
    check_layers(scenario, list(layers))
    target = check_output(output_folder(out, scenario.root))
    written = export(scenario, target, formats, list(layers) or None, store,
                     warn=drawing_warnings(strict, found),
                     images=image_settings(sizes, dpi, flows, greyscale))
    echo_written(written, time.perf_counter() - started)
    echo_warnings(found, WARNINGS_SHOWN)
