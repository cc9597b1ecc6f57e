"""QGIS styles of the observed legs' fixes and dark periods: each fix a small dot coloured by
its status, drawn by the Temporal Controller at its own time; each dark period a dotted grey
line labelled as the map labels it, drawn while it lasts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from logimap.qgis.styles import (
    _categorized,
    _qml_root,
    _qml_text,
    _rgba,
    _symbol,
    _symbol_layer,
)

# A fix's colour by status (track_points.status): drawn, jump, outside period.
STATUS_COLOURS = {"drawn": "#1f77b4", "jump": "#d62728", "outside period": "#aaaaaa"}
GAP_COLOUR = "#505050"


def _temporal(root: ET.Element, mode: str, start: str, end: str = "") -> None:
    temporal = ET.SubElement(root, "temporal", {
        "enabled": "1", "mode": mode, "startField": start, "endField": end, "limitMode": "0",
        "accumulate": "0", "durationField": "", "durationUnit": "min", "fixedDuration": "0",
        "startExpression": "", "endExpression": ""})
    fixed = ET.SubElement(temporal, "fixedRange")
    ET.SubElement(fixed, "start")
    ET.SubElement(fixed, "end")


def points_qml() -> str:
    """track_points: a dot per fix by status; in time, each fix at its own instant."""
    root = _qml_root(labels=False)
    _temporal(root, "1", "time")  # a feature's instant from one field
    categories, symbols = _categorized(root, "status")
    for index, (status, colour) in enumerate(STATUS_COLOURS.items()):
        ET.SubElement(categories, "category", {
            "render": "true", "value": status, "symbol": str(index), "label": status})
        symbol = _symbol(symbols, "marker", str(index), 1.0)
        _symbol_layer(symbol, "SimpleMarker", {
            "name": "circle", "color": _rgba(colour), "outline_style": "no",
            "size": "2", "size_unit": "Pixel", "angle": "0"})
    ET.SubElement(root, "previewExpression").text = '"leg_id" || \' \' || "time"'
    ET.SubElement(root, "layerGeometryType").text = "0"
    return _qml_text(root)


def gaps_qml() -> str:
    """track_gaps: a dotted grey line labelled with its length; in time, from start to end."""
    root = _qml_root(labels=True)
    _temporal(root, "2", "start", "end")  # from one field to another
    renderer = ET.SubElement(root, "renderer-v2", {
        "type": "singleSymbol", "symbollevels": "0", "forceraster": "0",
        "enableorderby": "0", "referencescale": "-1"})
    symbols = ET.SubElement(renderer, "symbols")
    symbol = _symbol(symbols, "line", "0", 0.9)
    _symbol_layer(symbol, "SimpleLine", {
        "line_color": _rgba(GAP_COLOUR), "line_width": "2", "line_width_unit": "Pixel",
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
    return _qml_text(root)
