"""QGIS styles of the observed legs' fixes and dark periods: each fix a small dot coloured by
its status, drawn by the Temporal Controller at its own time; each dark period a dotted grey
line labelled as the map labels it, drawn while it lasts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from logimap.exports.qgis.qml import (
    add_categories,
    add_symbol,
    add_symbol_layer,
    add_temporal,
    qml_root,
    qml_text,
    rgba,
)

# A fix's colour by status (track_points.status): drawn, jump, outside period.
STATUS_COLOURS = {"drawn": "#1f77b4", "jump": "#d62728", "outside period": "#aaaaaa"}
GAP_COLOUR = "#505050"


def points_qml() -> str:
    """track_points: a dot per fix by status; in time, each fix at its own instant."""
    root = qml_root(labels=False)
    add_temporal(root, "1", "time")  # a feature's instant from one field
    categories, symbols = add_categories(root, "status")
    for index, (status, colour) in enumerate(STATUS_COLOURS.items()):
        ET.SubElement(categories, "category", {
            "render": "true", "value": status, "symbol": str(index), "label": status})
        symbol = add_symbol(symbols, "marker", str(index), 1.0)
        add_symbol_layer(symbol, "SimpleMarker", {
            "name": "circle", "color": rgba(colour), "outline_style": "no",
            "size": "2", "size_unit": "Pixel", "angle": "0"})
    ET.SubElement(root, "previewExpression").text = '"leg_id" || \' \' || "time"'
    ET.SubElement(root, "layerGeometryType").text = "0"
    return qml_text(root)


def gaps_qml() -> str:
    """track_gaps: a dotted grey line labelled with its length; in time, from start to end."""
    root = qml_root(labels=True)
    add_temporal(root, "2", "start", "end")  # from one field to another
    renderer = ET.SubElement(root, "renderer-v2", {
        "type": "singleSymbol", "symbollevels": "0", "forceraster": "0",
        "enableorderby": "0", "referencescale": "-1"})
    symbols = ET.SubElement(renderer, "symbols")
    symbol = add_symbol(symbols, "line", "0", 0.9)
    add_symbol_layer(symbol, "SimpleLine", {
        "line_color": rgba(GAP_COLOUR), "line_width": "2", "line_width_unit": "Pixel",
        "line_style": "dot", "capstyle": "round", "joinstyle": "round"})
    labeling = ET.SubElement(root, "labeling", {"type": "simple"})
    settings = ET.SubElement(labeling, "settings", {"calloutType": "simple"})
    text = ET.SubElement(settings, "text-style", {
        "fieldName": "label", "isExpression": "0", "fontFamily": "Sans Serif",
        "fontSize": "8", "fontSizeUnit": "Point", "textColor": "51,51,51,255",
        "textOpacity": "1", "namedStyle": "Italic", "fontWeight": "50", "fontItalic": "1"})
    ET.SubElement(text, "text-buffer", {
        "bufferDraw": "1", "bufferSize": "1", "bufferSizeUnits": "MM",
        "bufferColor": "255,255,255,255", "bufferOpacity": "0.8", "bufferJoinStyle": "128"})
    ET.SubElement(settings, "placement", {"placement": "2", "dist": "1", "distUnits": "MM",
                                          "priority": "5"})
    ET.SubElement(root, "previewExpression").text = '"label"'
    ET.SubElement(root, "layerGeometryType").text = "1"
    return qml_text(root)
