"""QGIS default styles of the base map's layers (``exports.basemap``): land filled in the
colour the images give it, coastlines and land borders as thin lines, borders dashed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from logimap.exports.gpkg import LayerStyle
from logimap.exports.qgis.qml import QGIS_VERSION, add_symbol, add_symbol_layer, qml_text, rgba
from logimap.tables import style

# (table, symbol type, symbol layer class, its options, the style's description)
LOOKS = (
    ("basemap_land", "fill", "SimpleFill",
     {"color": rgba(style.BASEMAP_LAND), "style": "solid", "outline_style": "no"},
     "Land (Natural Earth 1:50m)"),
    ("basemap_coast", "line", "SimpleLine",
     {"line_color": rgba(style.BASEMAP_LINE), "line_width": "0.3", "line_width_unit": "MM",
      "line_style": "solid"}, "Coastlines (Natural Earth 1:50m)"),
    ("basemap_borders", "line", "SimpleLine",
     {"line_color": rgba(style.BASEMAP_LINE), "line_width": "0.25", "line_width_unit": "MM",
      "line_style": "dash"}, "Land borders between countries (Natural Earth 1:50m)"),
)
# QGIS's geometry type numbers: lines 1, polygons 2.
GEOMETRY = {"fill": "2", "line": "1"}


def basemap_styles() -> list[LayerStyle]:
    """The default styles of the base map's tables, QML only."""
    styles = []
    for table, kind, symbol_class, options, description in LOOKS:
        root = ET.Element("qgis", {"version": QGIS_VERSION,
                                   "styleCategories": "AllStyleCategories",
                                   "labelsEnabled": "0"})
        ET.SubElement(root, "mapTip").text = description  # no value from the data
        renderer = ET.SubElement(root, "renderer-v2", {
            "type": "singleSymbol", "symbollevels": "0", "forceraster": "0",
            "enableorderby": "0", "referencescale": "-1"})
        symbol = add_symbol(ET.SubElement(renderer, "symbols"), kind, "0", 1.0)
        add_symbol_layer(symbol, symbol_class, options)
        ET.SubElement(root, "layerGeometryType").text = GEOMETRY[kind]
        styles.append(LayerStyle(table, "logimap", qml_text(root), "", description))
    return styles
