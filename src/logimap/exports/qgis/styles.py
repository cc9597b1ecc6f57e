"""QGIS default styles for the legs, their schematic stretches and places: QML (QGIS's own
format) and SLD.

The look is the web map's: each flow in the colour the map gives it (``style.flow_colours``)
and as wide as the map draws it (``style.flow_widths``), an arrow in the direction of travel,
dashed where a leg is schematic, fainter where the flow's headline figure is disputed or
corrected; places coloured and sized by kind and labelled with their short name, waypoints
hidden; the legs' schematic stretches (approaches, stops off the network) thin, grey and in
short dashes, whatever their leg. The legs' QML also sets their time for QGIS's Temporal
Controller: ``period_start`` to ``period_end``, a missing value meaning open.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from logimap.exports.qgis.qml import (
    add_categories,
    add_data_defined,
    add_symbol,
    add_symbol_layer,
    add_temporal,
    number,
    qml_root,
    qml_text,
    rgba,
)
from logimap.exports.xml import xml_text
from logimap.tables import style
from logimap.vocabulary import NODE_KINDS

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables

SCHEMATIC = "\"basis\" = 'schematic'"
LABEL_FONT = "Sans Serif"
STRETCH_COLOUR = "#606060"
STRETCH_WIDTH = 1.5  # pixels


@dataclass(frozen=True)
class FlowLook:
    """How a flow's legs are drawn: colour, width in pixels, opacity."""

    flow: str
    name: str
    colour: str
    width: float
    opacity: float


@dataclass(frozen=True)
class KindLook:
    """How places of one kind are drawn: fill colour, diameter in pixels, shown or not."""

    kind: str
    label: str
    colour: str
    size: float
    shown: bool


def flow_looks(scenario: Scenario) -> list[FlowLook]:
    """Each flow's look, as every map page draws it."""
    colours = style.flow_colours([flow.id for flow in scenario.flows])
    widths = style.flow_widths(scenario)
    return [FlowLook(flow.id, flow.name, colours[flow.id],
                     widths.get(flow.id, style.DEFAULT_WIDTH),
                     style.FADED_OPACITY if style.faded(scenario, flow) else style.LINE_OPACITY)
            for flow in scenario.flows]


def kind_looks(tables: Tables) -> list[KindLook]:
    """The look of each kind of place the scenario has, in the vocabulary's order; the map's
    circle radius becomes a diameter. Waypoints are not shown."""
    present = set(tables.nodes["kind"])
    looks = []
    for kind in [*NODE_KINDS, *sorted(present - set(NODE_KINDS))]:
        if kind in present:
            colour, radius = style.KIND_STYLES.get(kind, style.OTHER_KIND)
            looks.append(KindLook(kind, NODE_KINDS.get(kind, kind), colour, 2.0 * radius,
                                  kind != "waypoint"))
    return looks


# -- QML ----------------------------------------------------------------------------------


def legs_qml(looks: list[FlowLook]) -> str:
    """The legs' QML: categorised by flow, with the layer's time from its period fields."""
    root = qml_root("legs", labels=False)
    add_temporal(root, "2", "period_start", "period_end", unit="d")
    categories, symbols = add_categories(root, "flow")
    for index, look in enumerate(looks):
        ET.SubElement(categories, "category", {
            "render": "true", "value": look.flow, "symbol": str(index), "label": look.name})
        symbol = add_symbol(symbols, "line", str(index), look.opacity)
        line = add_symbol_layer(symbol, "SimpleLine", {
            "line_color": rgba(look.colour), "line_width": number(look.width),
            "line_width_unit": "Pixel", "line_style": "solid", "capstyle": "round",
            "joinstyle": "round", "use_custom_dash": "0",
            "customdash": ";".join(map(str, style.SCHEMATIC_DASH)), "customdash_unit": "Pixel"})
        add_data_defined(line, {"customDash": (
            f"CASE WHEN {SCHEMATIC} THEN '{';'.join(map(str, style.SCHEMATIC_DASH))}' END")})
        arrow = add_symbol_layer(symbol, "MarkerLine", {
            "placement": "centralpoint", "rotate": "1", "interval": "3", "offset": "0"})
        marker = add_symbol(arrow, "marker", f"@{index}@1", 1.0)
        add_symbol_layer(marker, "SimpleMarker", {
            "name": "filled_arrowhead", "color": rgba(look.colour),
            "outline_style": "no", "size": number(max(7.0, 2.5 * look.width)),
            "size_unit": "Pixel", "angle": "0", "horizontal_anchor_point": "1",
            "vertical_anchor_point": "1"})
    ET.SubElement(root, "previewExpression").text = '"id"'
    ET.SubElement(root, "layerGeometryType").text = "1"
    return qml_text(root)


def nodes_qml(looks: list[KindLook]) -> str:
    """The places' QML: categorised by kind, labelled by their short name (``label``);
    waypoints not drawn."""
    root = qml_root("nodes", labels=True)
    categories, symbols = add_categories(root, "kind")
    for index, look in enumerate(looks):
        ET.SubElement(categories, "category", {
            "render": "true" if look.shown else "false", "value": look.kind,
            "symbol": str(index), "label": look.label})
        symbol = add_symbol(symbols, "marker", str(index), 1.0)
        add_symbol_layer(symbol, "SimpleMarker", {
            "name": "circle", "color": rgba(look.colour, 0.95),
            "outline_color": rgba("#222222"), "outline_style": "solid",
            "outline_width": "1", "outline_width_unit": "Pixel",
            "size": number(look.size), "size_unit": "Pixel", "angle": "0"})
    _labels(root)
    ET.SubElement(root, "previewExpression").text = '"name"'
    ET.SubElement(root, "layerGeometryType").text = "0"
    return qml_text(root)


def _labels(root: ET.Element) -> None:
    """Place names, haloed, around the point; none for waypoints."""
    labeling = ET.SubElement(root, "labeling", {"type": "simple"})
    settings = ET.SubElement(labeling, "settings", {"calloutType": "simple"})
    text = ET.SubElement(settings, "text-style", {
        "fieldName": "label", "isExpression": "0", "fontFamily": LABEL_FONT, "fontSize": "8",
        "fontSizeUnit": "Point", "textColor": "34,34,34,255", "textOpacity": "1",
        "namedStyle": "Regular", "fontWeight": "50", "fontItalic": "0"})
    ET.SubElement(text, "text-buffer", {
        "bufferDraw": "1", "bufferSize": "1", "bufferSizeUnits": "MM",
        "bufferColor": "255,255,255,255", "bufferOpacity": "0.8", "bufferJoinStyle": "128"})
    ET.SubElement(settings, "placement", {
        "placement": "6", "dist": "1", "distUnits": "MM", "priority": "5"})
    ET.SubElement(settings, "rendering", {"obstacle": "1", "displayAll": "0"})
    add_data_defined(settings, {"Show": "\"kind\" <> 'waypoint'"})


# -- SLD ----------------------------------------------------------------------------------

SLD_NAMESPACES = {
    "xmlns": "http://www.opengis.net/sld", "xmlns:se": "http://www.opengis.net/se",
    "xmlns:ogc": "http://www.opengis.net/ogc", "xmlns:xlink": "http://www.w3.org/1999/xlink",
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:schemaLocation": "http://www.opengis.net/sld "
                          "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd",
}


def legs_sld(looks: list[FlowLook], tables: Tables) -> str:
    """The legs' SLD 1.1: a rule per flow (and per flow's schematic legs, dashed)."""
    root, rules = _sld_rules("legs")
    schematic_flows = set(tables.legs.loc[tables.legs["basis"] == "schematic", "flow"])
    drawn_flows = set(tables.legs.loc[tables.legs["basis"] != "schematic", "flow"])
    for look in looks:
        for dashed in (False, True):
            if look.flow not in (schematic_flows if dashed else drawn_flows):
                continue
            title = f"{look.name} (schematic)" if dashed else look.name
            rule = _sld_rule(rules, title)
            condition = _sld_filter(rule, "ogc:And")
            _sld_compare(condition, "ogc:PropertyIsEqualTo", "flow", look.flow)
            _sld_compare(condition, "ogc:PropertyIsEqualTo" if dashed
                         else "ogc:PropertyIsNotEqualTo", "basis", "schematic")
            stroke = ET.SubElement(ET.SubElement(rule, "se:LineSymbolizer"), "se:Stroke")
            _sld_parameters(stroke, {
                "stroke": look.colour, "stroke-width": number(look.width),
                "stroke-opacity": number(look.opacity), "stroke-linejoin": "round",
                "stroke-linecap": "round"})
            if dashed:
                _sld_parameters(stroke, {
                    "stroke-dasharray": " ".join(map(str, style.SCHEMATIC_DASH))})
    return _sld_text(root)


def nodes_sld(looks: list[KindLook]) -> str:
    """The places' SLD 1.1: a rule per kind shown (none for waypoints)."""
    root, rules = _sld_rules("nodes")
    for look in looks:
        if not look.shown:
            continue
        rule = _sld_rule(rules, look.label)
        _sld_compare(_sld_filter(rule, None), "ogc:PropertyIsEqualTo", "kind", look.kind)
        graphic = ET.SubElement(ET.SubElement(rule, "se:PointSymbolizer"), "se:Graphic")
        mark = ET.SubElement(graphic, "se:Mark")
        ET.SubElement(mark, "se:WellKnownName").text = "circle"
        _sld_parameters(ET.SubElement(mark, "se:Fill"), {
            "fill": look.colour, "fill-opacity": "0.95"})
        _sld_parameters(ET.SubElement(mark, "se:Stroke"), {
            "stroke": "#222222", "stroke-width": "1"})
        ET.SubElement(graphic, "se:Size").text = number(look.size)
    return _sld_text(root)


def stretches_qml() -> str:
    """The schematic stretches: a thin grey line in short dashes (``style.STRETCH_DASH``)."""
    root = qml_root("stretches", labels=False)
    renderer = ET.SubElement(root, "renderer-v2", {
        "type": "singleSymbol", "symbollevels": "0", "forceraster": "0",
        "enableorderby": "0", "referencescale": "-1"})
    symbol = add_symbol(ET.SubElement(renderer, "symbols"), "line", "0", 0.9)
    add_symbol_layer(symbol, "SimpleLine", {
        "line_color": rgba(STRETCH_COLOUR), "line_width": number(STRETCH_WIDTH),
        "line_width_unit": "Pixel", "line_style": "dash", "use_custom_dash": "1",
        "customdash": ";".join(map(str, style.STRETCH_DASH)), "customdash_unit": "Pixel",
        "capstyle": "flat", "joinstyle": "round"})
    ET.SubElement(root, "previewExpression").text = '"kind" || \' \' || "node_id"'
    ET.SubElement(root, "layerGeometryType").text = "1"
    return qml_text(root)


def stretches_sld() -> str:
    """The schematic stretches' SLD 1.1: one rule, as the QML draws them."""
    root, rules = _sld_rules("stretches")
    rule = _sld_rule(rules, "schematic stretch (approach, off network)")
    stroke = ET.SubElement(ET.SubElement(rule, "se:LineSymbolizer"), "se:Stroke")
    _sld_parameters(stroke, {
        "stroke": STRETCH_COLOUR, "stroke-width": number(STRETCH_WIDTH),
        "stroke-opacity": "0.9", "stroke-dasharray": " ".join(map(str, style.STRETCH_DASH))})
    return _sld_text(root)


def _sld_rules(name: str) -> tuple[ET.Element, ET.Element]:
    """An SLD document for one layer, and the element its rules go in."""
    root = ET.Element("StyledLayerDescriptor", {"version": "1.1.0", **SLD_NAMESPACES})
    layer = ET.SubElement(root, "NamedLayer")
    ET.SubElement(layer, "se:Name").text = name
    user = ET.SubElement(layer, "UserStyle")
    ET.SubElement(user, "se:Name").text = name
    return root, ET.SubElement(user, "se:FeatureTypeStyle")


def _sld_rule(rules: ET.Element, title: str) -> ET.Element:
    rule = ET.SubElement(rules, "se:Rule")
    ET.SubElement(rule, "se:Name").text = title
    ET.SubElement(ET.SubElement(rule, "se:Description"), "se:Title").text = title
    return rule


def _sld_filter(rule: ET.Element, operator: str | None) -> ET.Element:
    found = ET.SubElement(rule, "ogc:Filter")
    return found if operator is None else ET.SubElement(found, operator)


def _sld_compare(parent: ET.Element, operator: str, field: str, value: str) -> None:
    comparison = ET.SubElement(parent, operator)
    ET.SubElement(comparison, "ogc:PropertyName").text = field
    ET.SubElement(comparison, "ogc:Literal").text = value


def _sld_parameters(parent: ET.Element, values: dict[str, str]) -> None:
    for name, value in values.items():
        ET.SubElement(parent, "se:SvgParameter", {"name": name}).text = value


def _sld_text(root: ET.Element) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml_text(root)}\n'
