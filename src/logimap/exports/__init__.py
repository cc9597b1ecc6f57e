"""GIS exports from the scenario's tables, one module per format: ``geojson``, ``gpkg`` (with
the QGIS project and styles in ``qgis``), ``kml`` (its balloons in ``balloons``),
``claims_csv`` and ``legs_csv``; ``formats`` chooses and writes them, ``values`` and ``xml``
hold what they share."""

from logimap.exports.formats import FORMATS, check_formats, render_exports, write_exports

__all__ = ["FORMATS", "check_formats", "render_exports", "write_exports"]
