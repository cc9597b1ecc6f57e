"""The KML export, for Google Earth: a folder per layer (and "Other legs" for the legs in
none) of leg placemarks with their time spans and a balloon of claims, quotes and sources,
each followed by its schematic stretches (an approach to the water, a stop off the network)
in a style of their own; a folder of places; with tracks, a folder "Observed tracks" (a
``gx:Track`` per observed leg, which Google Earth plays) and one of "Dark periods".

Each placemark is an ElementTree element written on a line of its own, so the document is
made piece by piece. The colour says the flow, as on the map; opacity and width say the
basis, so that a modelled or schematic line never passes for an observed track.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from logimap.exports.balloons import isolated, leg_balloon, node_balloon
from logimap.exports.values import (
    DECIMALS,
    LineParts,
    iso_times,
    leg_lines,
    line_parts,
    rounded,
    stretch_lines,
    stretch_name,
)
from logimap.exports.xml import clean, serialised
from logimap.tables import ISOLATE, map_layers

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables
    from logimap.tables.tracks import TrackTables

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
GX_NAMESPACE = "http://www.google.com/kml/ext/2.2"
# A line's opacity (alpha, as KML writes it) and width in pixels, by basis.
KML_BASIS_LOOK = {"observed": ("ff", 4), "modelled": ("e6", 3), "schematic": ("8c", 2)}
# A track in blue; a dark period in grey, thin, fainter than the track.
# (id, colour, width, icon scale)
TRACK_STYLE = ("observed-track", "ff1f77b4", 3, "0.5")
GAP_STYLE = ("dark-period", "b0505050", 2, None)
# A schematic stretch: thin and grey, whatever its leg's mode, so it never passes for a route.
STRETCH_STYLES = {"approach": ("approach", "c0808080", 1), "off_network": ("off-network",
                                                                           "c0606060", 1)}


def kml_document(scenario: Scenario, tables: Tables, layers: Sequence[str],
                 lines: dict[str, LineParts] | None = None, other_legs: bool = True) -> str:
    """A KML document: a folder per layer (leg placemarks with time spans and the claims in
    each balloon), with ``other_legs`` one more for the legs in no layer ("Other legs"),
    styles per flow and basis, and a folder of places."""
    return "".join(f"{line}\n" for line in kml_lines(scenario, tables, layers, lines,
                                                     other_legs))


def kml_lines(scenario: Scenario, tables: Tables, layers: Sequence[str],
              lines: dict[str, LineParts] | None = None, other_legs: bool = True
              ) -> Iterator[str]:
    """The lines of ``kml_document``, one after another."""
    lines = leg_lines(tables) if lines is None else lines
    rows = {row["id"]: row for row in tables.records("legs")}
    flows = {row["id"]: row for row in tables.records("flows")}
    names = dict(zip(tables.nodes["id"], tables.nodes["name"], strict=True))
    tracks = tables.tracks
    namespaces = f' xmlns:gx="{GX_NAMESPACE}"' if tracks is not None else ""
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield f'<kml xmlns="{KML_NAMESPACE}"{namespaces}>'
    yield "<Document>"
    yield _text(_element("name", scenario.title))
    yield from (_text(style) for style in _styles(tables))
    stretches = _stretch_placemarks(tables, names)
    yield from (_text(_line_style(*STRETCH_STYLES[kind])) for kind in STRETCH_STYLES
                if any(row["kind"] == kind for row in tables.records("stretches")))
    if tracks is not None:
        yield from (_text(_line_style(*look)) for look in (TRACK_STYLE, GAP_STYLE))
    specs = map_layers(scenario, tables)
    own = {spec["id"]: spec for spec in specs[:len(scenario.layers)]}
    folders = [own[layer_id] for layer_id in layers]
    if other_legs and len(specs) > len(scenario.layers):  # the legs in no layer
        folders.append({**specs[-1], "group": ""})
    placemarks: dict[str, str] = {}
    for spec in folders:
        title = f"{spec['group']}: {spec['title']}" if spec["group"] else spec["title"]
        yield "<Folder>" + _text(_element("name", title))
        for leg_id in spec["leg_ids"]:
            if leg_id not in placemarks:
                placemarks[leg_id] = _text(_leg_placemark(scenario, rows[leg_id], flows, names,
                                                          lines[leg_id]))
            yield placemarks[leg_id]
            yield from stretches.get(leg_id, ())
        yield "</Folder>"
    if tracks is not None:
        yield from _track_folders(tracks, {leg_id: _leg_name(row, flows, names)
                                           for leg_id, row in rows.items()})
    yield "<Folder>" + _text(_element("name", "Places"))
    for node in tables.records("nodes"):
        yield _text(_node_placemark(scenario, node))
    yield "</Folder>"
    yield "</Document>"
    yield "</kml>"


def _text(element: ET.Element) -> str:
    return clean(serialised(element, short_empty_elements=False))


def _element(tag: str, text: str, parent: ET.Element | None = None,
             attributes: dict[str, str] | None = None) -> ET.Element:
    """An element holding ``text`` (under ``parent`` when given)."""
    element = (ET.Element(tag, attributes or {}) if parent is None
               else ET.SubElement(parent, tag, attributes or {}))
    element.text = text
    return element


def _styles(tables: Tables) -> list[ET.Element]:
    """A line style per flow and basis present (the flow's colour, the basis's opacity and
    width), and one for places. Balloons show only the (escaped) description, so no name is
    ever inserted into the balloon's HTML unescaped."""
    colours = dict(zip(tables.flows["id"], tables.flows["colour"], strict=True))
    pairs = dict.fromkeys(zip(tables.legs["flow"], tables.legs["basis"], strict=True))
    styles = []
    for flow, basis in sorted(pairs):
        alpha, width = KML_BASIS_LOOK.get(basis, ("ff", 3))
        style = _line_style(_style_id(flow, basis), alpha + kml_colour(colours[flow]), width)
        _balloon(style)
        styles.append(style)
    place = ET.Element("Style", {"id": "place"})
    _element("scale", "0.6", ET.SubElement(place, "IconStyle"))
    _balloon(place)
    return [*styles, place]


def kml_colour(colour: str) -> str:
    """``#rrggbb`` in KML's order, ``bbggrr`` (the alpha goes before it)."""
    return colour[5:7] + colour[3:5] + colour[1:3]


def _line_style(style_id: str, colour: str, width: int, icon_scale: str | None = None
                ) -> ET.Element:
    style = ET.Element("Style", {"id": style_id})
    line = ET.SubElement(style, "LineStyle")
    _element("color", colour, line)
    _element("width", str(width), line)
    if icon_scale is not None:
        _element("scale", icon_scale, ET.SubElement(style, "IconStyle"))
    return style


def _balloon(style: ET.Element) -> None:
    _element("text", "$[description]", ET.SubElement(style, "BalloonStyle"))


def _style_id(flow: str, basis: str) -> str:
    return f"{flow}/{basis}"


def _time_span(parent: ET.Element, start: str | None, end: str | None) -> None:
    """A period as a KML time span; none for an undated one, no end for an open one."""
    if not start:
        return
    span = ET.SubElement(parent, "TimeSpan")
    _element("begin", start, span)
    if end:
        _element("end", end, span)


def _coordinates(points: Sequence[Sequence[float]]) -> str:
    """Points already rounded (``line_parts``) as KML coordinate text."""
    return " ".join(f"{x:.{DECIMALS}f}".rstrip("0").rstrip(".") + ","
                    + f"{y:.{DECIMALS}f}".rstrip("0").rstrip(".") for x, y in points)


def _lines(parent: ET.Element, parts: LineParts) -> None:
    geometry = ET.SubElement(parent, "MultiGeometry")
    for part in parts:
        line = ET.SubElement(geometry, "LineString")
        _element("tessellate", "1", line)
        _element("coordinates", _coordinates(part), line)


def _data(parent: ET.Element, values: dict[str, Any]) -> None:
    """KML's extended data; a missing value has no ``Data`` element (KML has no null)."""
    data = ET.SubElement(parent, "ExtendedData")
    for key, value in values.items():
        if value is not None:
            _element("value", str(value), ET.SubElement(data, "Data", {"name": key}))


def _leg_ends(row: dict[str, Any], flows: dict[str, Any], names: dict[str, str]
              ) -> tuple[str, str, str]:
    """A leg's flow name, origin name and destination name."""
    return (flows[row["flow"]]["name"], names.get(row["from_node"], row["from_node"]),
            names.get(row["to_node"], row["to_node"]))


def _leg_name(row: dict[str, Any], flows: dict[str, Any], names: dict[str, str]) -> str:
    """A leg as its placemark is named: ``flow: origin → destination``, each name isolated
    in its own direction."""
    return "{}: {} → {}".format(*(ISOLATE.format(n) for n in _leg_ends(row, flows, names)))


def _leg_placemark(scenario: Scenario, row: dict[str, Any], flows: dict[str, Any],
                   names: dict[str, str], parts: LineParts) -> ET.Element:
    flow, origin, destination = _leg_ends(row, flows, names)
    title = f"{isolated(flow)}: {isolated(origin)} → {isolated(destination)}"
    placemark = ET.Element("Placemark", {"id": row["id"]})
    _element("name", _leg_name(row, flows, names), placemark)
    _element("description", leg_balloon(scenario, row, title), placemark)
    _time_span(placemark, row["period_start"], row["period_end"])
    _element("styleUrl", f"#{_style_id(row['flow'], row['basis'])}", placemark)
    _data(placemark, {"leg_id": row["id"], "flow": row["flow"], "mode": row["mode"],
                      "basis": row["basis"], "passages": row["passages"],
                      "claim_ids": row["claim_ids"], "source_ids": row["source_ids"]})
    _lines(placemark, parts)
    return placemark


def _stretch_placemarks(tables: Tables, names: dict[str, str]) -> dict[str, list[str]]:
    """Each leg's schematic stretches as placemarks (text), by leg id."""
    from logimap.vocabulary import STRETCHES

    found: dict[str, list[str]] = {}
    for row, parts in zip(tables.records("stretches"), stretch_lines(tables), strict=True):
        placemark = ET.Element("Placemark", {"id": row["id"]})
        name = stretch_name(row, names)
        _element("name", name, placemark)
        _element("description", f"{name} (leg {row['leg_id']}): schematic, "
                 f"{STRETCHES[row['kind']]}", placemark)
        _element("styleUrl", f"#{STRETCH_STYLES[row['kind']][0]}", placemark)
        _data(placemark, {"stretch_id": row["id"], "leg_id": row["leg_id"], "kind": row["kind"],
                          "node_id": row["node_id"], "length_km": row["length_km"]})
        _lines(placemark, parts)
        found.setdefault(row["leg_id"], []).append(_text(placemark))
    return found


def _node_placemark(scenario: Scenario, node: dict[str, Any]) -> ET.Element:
    placemark = ET.Element("Placemark", {"id": node["id"]})
    _element("name", node["label"], placemark)
    _element("description", node_balloon(scenario, node), placemark)
    _element("styleUrl", "#place", placemark)
    _data(placemark, {"node_id": node["id"], "kind": node["kind"],
                      "precision": node["precision"], "claim_ids": node["claim_ids"]})
    point = ET.SubElement(placemark, "Point")
    _element("coordinates", _coordinates([(rounded(node["lon"]), rounded(node["lat"]))]), point)
    return placemark


# -- tracks -------------------------------------------------------------------------------


def _track_folders(tables: TrackTables, names: dict[str, str]) -> Iterator[str]:
    """Two folders: "Observed tracks", a ``gx:Track`` per observed leg of the fixes drawn,
    each with its time (``names``: the legs' placemark names by leg id); and "Dark
    periods", a line per gap with its time span, named as the map labels it."""
    import numpy as np

    points = tables.points
    drawn = points["status"] == "drawn"
    times = iso_times(points["time"][drawn])
    legs, lons, lats = points["leg_id"][drawn], points["lon"][drawn], points["lat"][drawn]
    yield "<Folder>" + _text(_element("name", "Observed tracks"))
    starts = np.flatnonzero(np.r_[True, legs[1:] != legs[:-1]]) if len(legs) else []
    ends = [*starts[1:], len(legs)]
    for start, end in zip(starts, ends, strict=True):
        leg_id = str(legs[start])
        placemark = ET.Element("Placemark")
        _element("name", f"{names.get(leg_id, leg_id)} (track)", placemark)
        _element("styleUrl", f"#{TRACK_STYLE[0]}", placemark)
        track = ET.SubElement(placemark, "gx:Track")
        for when in times[start:end].tolist():
            _element("when", when, track)
        for x, y in zip(lons[start:end].tolist(), lats[start:end].tolist(), strict=True):
            _element("gx:coord", f"{x:.{DECIMALS}f} {y:.{DECIMALS}f} 0", track)
        yield _text(placemark)
    yield "</Folder>"
    yield "<Folder>" + _text(_element("name", "Dark periods"))
    gaps = tables.gaps
    starts_text, ends_text = iso_times(gaps["start"]).tolist(), iso_times(gaps["end"]).tolist()
    for i, line in enumerate(tables.gap_lines):
        placemark = ET.Element("Placemark")
        _element("name", gaps["label"][i], placemark)
        _element("description", f"{gaps['label'][i]}: no fix from {starts_text[i]} to "
                 f"{ends_text[i]} ({gaps['hours'][i]:g} h); leg {gaps['leg_id'][i]}, "
                 f"{gaps['source_file'][i]}", placemark)
        _time_span(placemark, starts_text[i], ends_text[i])
        _element("styleUrl", f"#{GAP_STYLE[0]}", placemark)
        _lines(placemark, line_parts(line))
        yield _text(placemark)
    yield "</Folder>"
