"""``logimap build``: validate, then regenerate the maps and every export."""

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
from logimap.vocabulary import BUILD_FORMATS, EXPORT_FORMATS, IMAGE_FORMATS


@click.command("build")
@project_option
@out_option
@format_option(BUILD_FORMATS, ("html", *EXPORT_FORMATS, *IMAGE_FORMATS))
@layer_option
@image_options
@cache_option
@strict_option
@all_option
@verbose_option
def build_command(project: str | None, out: Path | None, formats: tuple[str, ...],
                  layers: tuple[str, ...], sizes: tuple[str, ...], dpi: int | None,
                  flows: tuple[str, ...], greyscale: bool, no_cache: bool,
                  strict: bool) -> None:
    """Validate the project, then write the maps (index.html and one page per layer) and the
    GIS exports (GeoJSON, GeoPackage, KML, CSV), showing each step with its time; images of
    the maps (SVG, PDF, PNG) when --format names them."""
    from logimap.messages import printable
    from logimap.pipeline import build, load_checked
    from logimap.publish import check_output
    from logimap.tables import check_layers

    started = time.perf_counter()
    step = time.perf_counter()
    store = route_store(no_cache)
    scenario = load_checked(project, store)
    click.echo(printable(f"load + validate  {time.perf_counter() - step:6.2f} s  {scenario.root}"))
    found = scenario_warnings(scenario, strict)
    check_layers(scenario, list(layers))
    target = check_output(output_folder(out, scenario.root))

    def progress(name: str, seconds: float) -> None:
        click.echo(f"{name:<15}  {seconds:6.2f} s")

    written = build(scenario, target, list(layers) or None, progress, store,
                    drawing_warnings(strict, found), formats,
                    image_settings(sizes, dpi, flows, greyscale))
    echo_written(written, time.perf_counter() - started)
    echo_warnings(found, WARNINGS_SHOWN)
