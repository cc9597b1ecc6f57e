"""The QGIS project's print layout ("Print map"): an A4 landscape page with the scenario's
title, the date its data is as of, the map (the project's first view) with a scale bar, its
legend in four columns below it, and the credit line, so a GIS user prints or exports their
own map from QGIS.

Written as the XML QGIS 3.22 reads; QGIS fills in what is left out with its defaults. Item
ids are fixed (``uuid5`` of their names), so the project rebuilds byte for byte.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

LAYOUT_NAME = "Print map"
PAGE = (297.0, 210.0)  # A4 landscape, mm
# Where each item sits on the page: (x, y, width, height) in mm.
TITLE_BOX = (10.0, 7.0, 277.0, 11.0)
SUBTITLE_BOX = (10.0, 18.0, 277.0, 6.0)
MAP_BOX = (10.0, 26.0, 277.0, 112.0)
LEGEND_BOX = (10.0, 140.0, 277.0, 48.0)
SCALE_BOX = (13.0, 125.0, 60.0, 10.0)
CREDIT_BOX = (10.0, 196.0, 277.0, 8.0)
# QGIS's layout item types.
PAGE_ITEM, MAP_ITEM, LABEL_ITEM, LEGEND_ITEM, SCALE_BAR_ITEM = (
    "65638", "65639", "65641", "65642", "65646")
FONT = "Sans Serif"
NAMESPACE = uuid.UUID("7c1f1d2e-3a5b-4c6d-8e9f-0a1b2c3d4e5f")


def item_uuid(name: str) -> str:
    """A fixed id for the item ``name``, as QGIS writes one."""
    return "{" + str(uuid.uuid5(NAMESPACE, name)) + "}"


def add_layout(root: ET.Element, title: str, subtitle: str, credit: str,
               extent: tuple[float, float, float, float]) -> None:
    """Add the ``<Layouts>`` of the print layout to the project's ``root``; ``extent`` is
    the map's (xmin, ymin, xmax, ymax) in the project's system, widened here to the map's
    shape on the page."""
    layout = ET.SubElement(ET.SubElement(root, "Layouts"), "Layout", {
        "name": LAYOUT_NAME, "units": "mm", "printResolution": "300", "worldFileMap": ""})
    pages = ET.SubElement(layout, "PageCollection")
    _item(pages, PAGE_ITEM, "page", (0.0, 0.0, *PAGE), {"background": "true"})
    _label(layout, "title", TITLE_BOX, title, 18, bold=True)
    _label(layout, "subtitle", SUBTITLE_BOX, subtitle, 10)
    map_item = _item(layout, MAP_ITEM, "map", MAP_BOX, {
        "frame": "true", "background": "true", "keepLayerSet": "false",
        "drawCanvasItems": "true", "mapRotation": "0", "followPreset": "false",
        "followPresetName": "", "isTemporal": "0", "labelMargin": "0,mm", "mapFlags": "0"})
    xmin, ymin, xmax, ymax = _fitted(extent, MAP_BOX[2] / MAP_BOX[3])
    ET.SubElement(map_item, "Extent", {"xmin": _number(xmin), "ymin": _number(ymin),
                                       "xmax": _number(xmax), "ymax": _number(ymax)})
    ET.SubElement(map_item, "LayerSet")
    legend = _item(layout, LEGEND_ITEM, "legend", LEGEND_BOX, {
        "map_uuid": item_uuid("map"), "title": "", "resizeToContents": "0",
        "columnCount": "4", "splitLayer": "1", "equalColumnWidth": "0", "symbolWidth": "5",
        "symbolHeight": "3", "boxSpace": "1", "columnSpace": "2", "background": "true",
        "legendFilterByMap": "1"})
    styles = ET.SubElement(legend, "styles")
    for part, size in (("group", 8), ("subgroup", 7), ("symbolLabel", 6)):
        ET.SubElement(ET.SubElement(styles, "style", {"name": part, "marginTop": "1"}),
                      "text-style", {"fontFamily": FONT, "fontSize": str(size),
                                     "fontSizeUnit": "Point", "textColor": "34,34,34,255"})
    _item(layout, SCALE_BAR_ITEM, "scale bar", SCALE_BOX, {
        "mapUuid": item_uuid("map"), "style": "Single Box", "unitType": "kilometers",
        "unitLabel": "km", "numMapUnitsPerScaleBarUnit": "1000", "numSegments": "2",
        "numSegmentsLeft": "0", "segmentSizeMode": "1", "minBarWidth": "30",
        "maxBarWidth": "60", "numUnitsPerSegment": "100", "height": "2"})
    _label(layout, "credit", CREDIT_BOX, credit, 7)


def _item(parent: ET.Element, kind: str, name: str, box: tuple[float, float, float, float],
          attributes: dict[str, str]) -> ET.Element:
    x, y, width, height = box
    return ET.SubElement(parent, "LayoutItem", {
        "type": kind, "id": name, "uuid": item_uuid(name), "templateUuid": item_uuid(name),
        "position": f"{_number(x)},{_number(y)},mm",
        "positionOnPage": f"{_number(x)},{_number(y)},mm",
        "size": f"{_number(width)},{_number(height)},mm", "referencePoint": "0",
        "visibility": "1", "opacity": "1", "frame": "false", "background": "false",
        "zValue": "1", **attributes})


def _label(parent: ET.Element, name: str, box: tuple[float, float, float, float], text: str,
           size: int, bold: bool = False) -> None:
    """A label holding ``text`` as plain text (``htmlState`` 0: never read as markup)."""
    item = _item(parent, LABEL_ITEM, name, box, {
        "labelText": text, "htmlState": "0", "halign": "1", "valign": "32", "marginX": "0",
        "marginY": "0"})
    weight = "75" if bold else "50"
    ET.SubElement(item, "LabelFont", {
        "description": f"{FONT},{size},-1,5,{weight},0,0,0,0,0", "style": ""})
    ET.SubElement(item, "FontColor", {"red": "34", "green": "34", "blue": "34",
                                      "alpha": "255"})


def _fitted(extent: tuple[float, float, float, float], ratio: float
            ) -> tuple[float, float, float, float]:
    """``extent`` widened in one direction to the width-to-height ``ratio``."""
    xmin, ymin, xmax, ymax = extent
    width, height = xmax - xmin, ymax - ymin
    if width / height < ratio:
        grow = (height * ratio - width) / 2.0
        return xmin - grow, ymin, xmax + grow, ymax
    grow = (width / ratio - height) / 2.0
    return xmin, ymin - grow, xmax, ymax + grow


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
