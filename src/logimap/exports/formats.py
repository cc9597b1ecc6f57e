"""Which exports to write, and writing them: GeoJSON (RFC 7946), a GeoPackage with its QGIS
project, KML and CSV, all from the scenario's tables.

Every export is deterministic (same data, same bytes). All files are made in memory first and
only then written, each to a temporary name in its own folder renamed into place: an export
that fails while making any file leaves every previous file untouched, and no temporary file
is left behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from logimap.errors import UsageError
from logimap.exports.values import leg_lines
from logimap.publish.files import WrittenFile, write_bytes
from logimap.tables import check_layers
from logimap.vocabulary import EXPORT_FORMATS

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables

FORMATS = tuple(EXPORT_FORMATS)


def check_formats(formats: str | Sequence[str], known: Sequence[str] = FORMATS) -> list[str]:
    """The formats chosen, each once in the order given (a text may list them separated by
    commas); a usage error naming the ``known`` formats when one is unknown or none is
    given."""
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen = [name.strip() for name in formats if name.strip()]
    unknown = [name for name in chosen if name not in known]
    if unknown or not chosen:
        found = f"unknown export format {unknown[0]!r}" if unknown else "no export format given"
        raise UsageError(f"{found}; the formats are: {', '.join(known)}")
    return list(dict.fromkeys(chosen))


def write_exports(scenario: Scenario, tables: Tables, out: Path,
                  formats: Sequence[str] = FORMATS, layers: Sequence[str] | None = None
                  ) -> list[WrittenFile]:
    """Write the chosen formats under ``out`` and return the files written, in order.

    ``layers`` (default: all, and a KML folder for the legs in none) chooses the
    ``geojson/<layer>.geojson`` files and the KML folders; ``geojson/all.geojson``, the
    GeoPackage with its QGIS project ``logimap.qgz``, ``claims.csv`` and ``legs.csv`` always
    hold the whole scenario. Unknown formats or layers raise ``UsageError`` naming the known ones.
    """
    files = render_exports(scenario, tables, formats, layers)
    return [write_bytes(Path(out) / name, data) for name, data in files]


def render_exports(scenario: Scenario, tables: Tables, formats: Sequence[str] = FORMATS,
                   layers: Sequence[str] | None = None) -> list[tuple[str, bytes]]:
    """Every export file as (path relative to the output folder, bytes); nothing is written."""
    chosen_formats = check_formats(formats)
    chosen = check_layers(scenario, layers)
    lines = leg_lines(tables)
    files: list[tuple[str, bytes]] = []
    if "geojson" in chosen_formats:
        from logimap.exports.geojson import geojson_files, track_geojson_files

        files += [(f"geojson/{name}", text.encode("utf-8"))
                  for name, text in geojson_files(tables, chosen, lines)]
        if tables.tracks is not None:  # the observed legs' fixes and dark periods
            files += [(f"geojson/{name}", text.encode("utf-8"))
                      for name, text in track_geojson_files(tables.tracks)]
    if "gpkg" in chosen_formats:
        from logimap.exports.gpkg import gpkg_bytes, gpkg_date
        from logimap.exports.qgis import layer_styles, project_bytes

        date = gpkg_date(scenario)
        styles = layer_styles(scenario, tables)
        files.append(("logimap.gpkg", gpkg_bytes(tables, lines, date, styles)))
        files.append(("logimap.qgz", project_bytes(scenario, tables, styles, lines, date)))
    if "kml" in chosen_formats:
        from logimap.exports.kml import kml_document

        document = kml_document(scenario, tables, chosen, lines, other_legs=not layers)
        files.append(("logimap.kml", document.encode("utf-8")))
    if "csv" in chosen_formats:
        from logimap.exports.claims_csv import claims_csv
        from logimap.exports.legs_csv import legs_csv

        files.append(("claims.csv", claims_csv(scenario, tables).encode("utf-8")))
        files.append(("legs.csv", legs_csv(tables).encode("utf-8")))
    return files
