"""QGIS's own style format (QML), element by element: what the styles of the legs, the places and
the tracks share."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from logimap.exports.qgis.tips import map_tip
from logimap.exports.xml import xml_text

# The QGIS release these styles and the project are written for and checked with; later
# releases read them.
QGIS_VERSION = "3.22.16-Białowieża"
QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"


def qml_root(table: str, labels: bool) -> ET.Element:
    """A style's root element, holding the map tip of ``table`` (see ``tips``)."""
    root = ET.Element("qgis", {"version": QGIS_VERSION, "styleCategories": "AllStyleCategories",
                               "labelsEnabled": "1" if labels else "0"})
    ET.SubElement(root, "mapTip").text = map_tip(table)
    return root


def add_categories(root: ET.Element, field: str) -> tuple[ET.Element, ET.Element]:
    renderer = ET.SubElement(root, "renderer-v2", {
        "type": "categorizedSymbol", "attr": field, "symbollevels": "0", "forceraster": "0",
        "enableorderby": "0", "referencescale": "-1"})
    return ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")


def add_symbol(parent: ET.Element, kind: str, name: str, opacity: float) -> ET.Element:
    return ET.SubElement(parent, "symbol", {
        "type": kind, "name": name, "alpha": number(opacity), "clip_to_extent": "1",
        "force_rhr": "0"})


def add_symbol_layer(symbol: ET.Element, kind: str, options: dict[str, str]) -> ET.Element:
    layer = ET.SubElement(symbol, "layer", {
        "class": kind, "enabled": "1", "locked": "0", "pass": "0"})
    add_options(layer, options)
    return layer


def add_options(parent: ET.Element, options: dict[str, str], name: str | None = None
                ) -> ET.Element:
    """QGIS's ``<Option type="Map">`` of text values."""
    attributes = {"type": "Map"} if name is None else {"type": "Map", "name": name}
    option = ET.SubElement(parent, "Option", attributes)
    for key, value in options.items():
        ET.SubElement(option, "Option", {"type": "QString", "name": key, "value": value})
    return option


def add_data_defined(parent: ET.Element, expressions: dict[str, str]) -> None:
    """Properties computed per feature by QGIS expressions."""
    holder = ET.SubElement(parent, "data_defined_properties")
    collection = ET.SubElement(holder, "Option", {"type": "Map"})
    ET.SubElement(collection, "Option", {"type": "QString", "name": "name", "value": ""})
    properties = ET.SubElement(collection, "Option", {"type": "Map", "name": "properties"})
    for key, expression in expressions.items():
        prop = ET.SubElement(properties, "Option", {"type": "Map", "name": key})
        ET.SubElement(prop, "Option", {"type": "bool", "name": "active", "value": "true"})
        ET.SubElement(prop, "Option", {"type": "QString", "name": "expression",
                                       "value": expression})
        ET.SubElement(prop, "Option", {"type": "int", "name": "type", "value": "3"})
    ET.SubElement(collection, "Option", {"type": "QString", "name": "type",
                                         "value": "collection"})


def add_temporal(root: ET.Element, mode: str, start: str, end: str = "",
             unit: str = "min") -> None:
    """The layer's time for the Temporal Controller: ``mode`` 1 is an instant from the field
    ``start``, 2 a span from ``start`` to ``end``."""
    element = ET.SubElement(root, "temporal", {
        "enabled": "1", "mode": mode, "startField": start, "endField": end, "limitMode": "0",
        "accumulate": "0", "durationField": "", "durationUnit": unit, "fixedDuration": "0",
        "startExpression": "", "endExpression": ""})
    fixed = ET.SubElement(element, "fixedRange")
    ET.SubElement(fixed, "start")
    ET.SubElement(fixed, "end")


def qml_text(root: ET.Element) -> str:
    return f"{QML_DOCTYPE}\n{xml_text(root)}\n"


def rgba(colour: str, opacity: float = 1.0) -> str:
    """``#c0392b`` as QGIS writes a colour: ``192,57,43,255``."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def number(value: float) -> str:
    """A number as short text: ``3`` not ``3.0``."""
    return f"{value:g}"
