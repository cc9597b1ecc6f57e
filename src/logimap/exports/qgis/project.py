"""``logimap.qgz``: a QGIS project beside the GeoPackage, laid out like the web map.

The legs are shown as the map's layer control lists them: a group per layer group, a layer
per map layer (the legs table filtered through ``leg_layers``), then the legs in no layer,
the legs' schematic stretches ("Schematic stretches": approaches to the water, stops off the
network) and the places on top. The attribute tables sit in a closed group "Tables", beside
every leg ("legs"). Relations join them through the link tables, so a leg's form lists its claims
and sources, a place's its claims, a claim's its legs and places. Each legs layer keeps its
time in ``period_start`` and ``period_end`` for the Temporal Controller, whose range is the
map's time filter's, one month a step. Every layer's metadata ("About") names the scenario
and the sources it draws on.

QGIS shows some of this as HTML, script enabled: a feature's map tip, and a layer's name and
metadata on its Information page. Each layer has a map tip that escapes every value
(``tips``); a layer's metadata is written with every ``<`` escaped and its links http(s)
only; a ``<`` in a layer's name (a layer title from the data) is followed by an invisible
word joiner, so that it opens no markup there and still reads as written in the layer tree.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from logimap.exports.qgis.layout import add_layout
from logimap.exports.qgis.qml import QGIS_VERSION, QML_DOCTYPE
from logimap.exports.qgis.tips import map_tip
from logimap.exports.values import is_web_link
from logimap.exports.xml import xml_text, xml_text_of_children
from logimap.tables import LINKS, map_layers
from logimap.tables.credits import credit_line, follows_osm

if TYPE_CHECKING:
    from logimap.exports.gpkg import LayerStyle
    from logimap.model import Scenario, Source
    from logimap.tables import Tables

GPKG = "./logimap.gpkg"
PROJECT_CRS = "EPSG:3857"  # the web map's
# QGIS's own ids (srs.db) of the two systems used here, and whether they are geographic.
CRS_IDS = {"EPSG:4326": (3452, True), "EPSG:3857": (3857, False)}
TABLES_GROUP = "Tables"
# The base map, under everything: Natural Earth's land, coastlines and borders.
BASEMAP_GROUP = "Base map"
BASEMAP_LAYERS = {"basemap_borders": "Borders", "basemap_coast": "Coastlines",
                  "basemap_land": "Land"}
TRACKS_GROUP = "Tracks"  # the observed legs' fixes and dark periods, when there are any
# Layer ids: QGIS keeps an id only when it is longer than 10 characters.
ID_PREFIX = "logimap-"
# The start of an address QGIS makes into a link (``ftp://``, ``file:/``, ``x://``) that is
# not a web address.
NOT_WEB_ADDRESS = re.compile(r"\b(?!https?:)([\w-]+):/", re.IGNORECASE)
# What a form calls the rows of a table that it lists.
TITLES = {"legs": "Legs", "nodes": "Places", "claims": "Claims", "sources": "Sources",
          "layers": "Layers", "flows": "Flows"}
# How the attribute tables name a row in forms and lists (QGIS display expressions).
DISPLAY = {
    "stretches": "\"kind\" || ' ' || \"node_id\" || ', leg ' || \"leg_id\"",
    "legs": '"id"', "nodes": '"name"', "flows": '"name"', "layers": '"title"',
    "claims": "\"id\" || ': ' || coalesce(\"quantity\", \"what\")",
    "sources": "\"publisher\" || coalesce(', ' || \"date\", '')",
    "basemap_land": "'land'", "basemap_coast": "'coastline'", "basemap_borders": "'border'",
}


@dataclass
class _Layer:
    """A layer of the project: its id, name, table and filter, and its XML parts."""

    id: str
    name: str
    table: str
    subset: str = ""
    style: ET.Element | None = None  # its style: a QML document's root
    checked: bool = True
    widgets: dict[str, str] = field(default_factory=dict)  # relation id -> its n:m partner
    sources: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        uri = f"{GPKG}|layername={self.table}"
        return f"{uri}|subset={self.subset}" if self.subset else uri


def project_bytes(scenario: Scenario, tables: Tables, styles: list[LayerStyle],
                  lines: dict[str, list[list[list[float]]]], last_change: str) -> bytes:
    """``logimap.qgz``: the project as ``logimap.qgs`` in a zip, its date ``last_change``;
    ``lines`` are the legs' lines as the GeoPackage has them (``exports.values.line_parts``)."""
    text = project_text(scenario, tables, styles, lines)
    moment = tuple(int(part) for part in (last_change[:4], last_change[5:7], last_change[8:10]))
    # a zip entry's date lies between 1980 and 2107 (MS-DOS time): one outside is held to it
    within = min(max(moment, (1980, 1, 1)), (2107, 12, 31))
    info = zipfile.ZipInfo("logimap.qgs", date_time=(*within, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def project_text(scenario: Scenario, tables: Tables, styles: list[LayerStyle],
                 lines: dict[str, list[list[list[float]]]]) -> str:
    """The project's XML (``.qgs``)."""
    # Each style read once; its elements are shared by every layer drawn with it.
    style_of = {style.table: ET.fromstring(style.qml.split("\n", 1)[1]) for style in styles}
    all_sources = [source.id for source in scenario.sources]
    places = _Layer(f"{ID_PREFIX}places", "Places", "nodes", style=style_of.get("nodes"),
                    sources=all_sources)
    groups: dict[str, list[_Layer]] = {}
    for index, spec in enumerate(map_layers(scenario, tables)):
        layer = _Layer(f"{ID_PREFIX}map-{index}-{spec['id']}", opening_no_tag(spec["title"]),
                       "legs",
                       _subset(spec["id"] if index < len(scenario.layers) else None),
                       style_of.get("legs"),
                       sources=_cited(scenario, spec["leg_ids"]))
        groups.setdefault(spec["group"], []).append(layer)
    legs = [layer for members in groups.values() for layer in members]
    stretches = _Layer(f"{ID_PREFIX}stretches", "Schematic stretches", "stretches",
                       style=style_of.get("stretches"), sources=all_sources)
    every_leg = _Layer(f"{ID_PREFIX}legs", "legs", "legs", style=style_of.get("legs"),
                       checked=False, sources=all_sources)
    table_layers = [every_leg, *(_Layer(f"{ID_PREFIX}{name}", name, name, sources=all_sources)
                                 for name in ("flows", "claims", "sources", "layers", *LINKS))]
    by_table = {layer.table: layer for layer in table_layers}
    by_table["nodes"] = places
    relations = _relations([*legs, every_leg], by_table)

    root = ET.Element("qgis", {"projectname": scenario.title, "version": QGIS_VERSION})
    ET.SubElement(root, "homePath", {"path": ""})
    ET.SubElement(root, "title").text = scenario.title
    _crs(ET.SubElement(root, "projectCrs"), PROJECT_CRS)
    tree = ET.SubElement(root, "layer-tree-group")
    ET.SubElement(tree, "customproperties")
    _tree_layer(tree, places)
    for group, members in groups.items():
        parent = _tree_group(tree, group, expanded=True) if group else tree
        for layer in members:
            _tree_layer(parent, layer)
    _tree_layer(tree, stretches)
    track_layers = [] if tables.tracks is None else [
        _Layer(f"{ID_PREFIX}track-gaps", "Dark periods", "track_gaps",
               style=style_of.get("track_gaps"), sources=all_sources),
        _Layer(f"{ID_PREFIX}track-points", "Fixes", "track_points",
               style=style_of.get("track_points"), sources=all_sources)]
    if track_layers:
        tracks_group = _tree_group(tree, TRACKS_GROUP, expanded=True)
        for layer in track_layers:
            _tree_layer(tracks_group, layer)
    basemap = [_Layer(f"{ID_PREFIX}{table}", name, table, style=style_of.get(table))
               for table, name in BASEMAP_LAYERS.items()]
    basemap_group = _tree_group(tree, BASEMAP_GROUP, expanded=False)
    for layer in basemap:
        _tree_layer(basemap_group, layer)
    tables_group = _tree_group(tree, TABLES_GROUP, expanded=False)
    for layer in table_layers:
        _tree_layer(tables_group, layer)
    _relations_xml(ET.SubElement(root, "relations"), relations)
    canvas = ET.SubElement(root, "mapcanvas", {"name": "theMapCanvas", "annotationsVisible": "1"})
    ET.SubElement(canvas, "units").text = "meters"
    extent = _extent_of(lines, tables)
    _extent(ET.SubElement(canvas, "extent"), extent)
    ET.SubElement(canvas, "rotation").text = "0"
    _crs(ET.SubElement(canvas, "destinationsrs"), PROJECT_CRS)
    project_layers = ET.SubElement(root, "projectlayers")
    for layer in [places, *legs, stretches, *track_layers, *basemap, *table_layers]:
        _map_layer(project_layers, layer, scenario)
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", {"type": "bool"}).text = "false"
    systems = ET.SubElement(properties, "SpatialRefSys")  # else QGIS ignores projectCrs
    ET.SubElement(systems, "ProjectionsEnabled", {"type": "int"}).text = "1"
    _metadata(root, "projectMetadata", scenario.title, about_text(scenario, all_sources),
              _links(scenario, all_sources))
    _time_settings(root, scenario)
    add_layout(root, scenario.title, f"Data as of {scenario.as_of}" if scenario.as_of else "",
               credit_line(tables, set(tables.flows["id"]), any(map(follows_osm, scenario.legs))),
               extent)
    text = xml_text(root)
    for table, style in style_of.items():
        text = text.replace(_placeholder(table), _style_text(style))
    return f"{QML_DOCTYPE}\n{text}\n"


# A style's elements in a map layer (the project's third level): written out once and put in
# place of a placeholder in each layer drawn with it, since a scenario's many map layers of
# legs share one large style.
STYLE_LEVEL = 3
STYLE_INDENT = "\n" + "  " * STYLE_LEVEL


def _placeholder(table: str) -> str:
    """The text of the placeholder element of ``table``'s style, and the indent after it."""
    return f"<logimap-style-{table} />{STYLE_INDENT}"


def _style_elements(style: ET.Element) -> list[ET.Element]:
    return [child for child in style if child.tag != "previewExpression"]


def _style_text(style: ET.Element) -> str:
    """The elements of ``style`` a map layer holds, as ``xml_text`` writes them there, with
    the indent that follows them."""
    wrapper = ET.Element("style")
    wrapper.extend(_style_elements(style))
    ET.SubElement(wrapper, "end")  # so that the last element is followed as in a map layer
    return xml_text_of_children(wrapper, STYLE_LEVEL - 1)


def _subset(layer_id: str | None) -> str:
    """The filter that keeps a map layer's legs, through the link table ``leg_layers``: the
    legs of one of the scenario's layers, or (None) those in none."""
    if layer_id is None:
        return '"id" NOT IN (SELECT "leg_id" FROM "leg_layers")'
    return f'"id" IN (SELECT "leg_id" FROM "leg_layers" WHERE "layer_id" = {_sql_text(layer_id)})'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _cited(scenario: Scenario, leg_ids: list[str]) -> list[str]:
    """The sources that the legs and their claims cite, in the registry's order."""
    cited: set[str] = set()
    for leg_id in leg_ids:
        leg = scenario.leg_by_id[leg_id]
        cited.update(leg.sources)
        for claim in scenario.claims_for_leg(leg):
            cited.update([claim.source, *claim.note_sources])
    return [source.id for source in scenario.sources if source.id in cited]


# -- relations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Relation:
    id: str
    name: str
    referencing: str  # layer id holding the foreign key
    referencing_field: str
    referenced: str  # layer id holding the key
    referenced_field: str


def _relations(leg_layers: list[_Layer], by_table: dict[str, _Layer]) -> list[_Relation]:
    """Each link table joined to the layers of both tables its ids come from, each join shown
    n:m in the forms (a leg's form lists its claims, not the link table's rows), and the
    tables' own keys (a source's claims, a flow's legs and claims)."""
    relations = []
    for name, (columns, _) in LINKS.items():
        link = by_table[name]
        (left_column, left_table), (right_column, right_table) = columns
        for column, table, far_table in ((left_column, left_table, right_table),
                                         (right_column, right_table, left_table)):
            for layer in leg_layers if table == "legs" else [by_table[table]]:
                relation = _Relation(f"{name}-{layer.id}", TITLES[far_table], link.id, column,
                                     layer.id, "id")
                relations.append(relation)
                layer.widgets[relation.id] = f"{name}-{by_table[far_table].id}"
    for table, column, referenced in (("claims", "source", "sources"), ("legs", "flow", "flows"),
                                      ("claims", "flow", "flows")):
        relations.append(_Relation(f"{table}-{column}", TITLES[table], by_table[table].id,
                                   column, by_table[referenced].id, "id"))
    return relations


def _relations_xml(parent: ET.Element, relations: list[_Relation]) -> None:
    for relation in relations:
        element = ET.SubElement(parent, "relation", {
            "id": relation.id, "name": relation.name, "referencingLayer": relation.referencing,
            "referencedLayer": relation.referenced, "strength": "Association"})
        ET.SubElement(element, "fieldRef", {"referencingField": relation.referencing_field,
                                            "referencedField": relation.referenced_field})


# -- layers -------------------------------------------------------------------------------


def _tree_group(parent: ET.Element, name: str, expanded: bool) -> ET.Element:
    group = ET.SubElement(parent, "layer-tree-group", {
        "name": name, "checked": "Qt::Checked", "expanded": "1" if expanded else "0"})
    ET.SubElement(group, "customproperties")
    return group


def _tree_layer(parent: ET.Element, layer: _Layer) -> None:
    node = ET.SubElement(parent, "layer-tree-layer", {
        "id": layer.id, "name": layer.name, "source": layer.source, "providerKey": "ogr",
        "checked": "Qt::Checked" if layer.checked else "Qt::Unchecked", "expanded": "1",
        "legend_exp": "", "legend_split_behavior": "0", "patch_size": "-1,-1"})
    ET.SubElement(node, "customproperties")


def _map_layer(parent: ET.Element, layer: _Layer, scenario: Scenario) -> None:
    geometry = {"nodes": ("Point", "Point"), "legs": ("Line", "MultiLineString"),
                "stretches": ("Line", "MultiLineString"), "track_points": ("Point", "Point"),
                "track_gaps": ("Line", "MultiLineString"),
                "basemap_land": ("Polygon", "MultiPolygon"),
                "basemap_coast": ("Line", "MultiLineString"),
                "basemap_borders": ("Line", "MultiLineString")}.get(
        layer.table, ("No geometry", "NoGeometry"))
    element = ET.SubElement(parent, "maplayer", {
        "type": "vector", "geometry": geometry[0], "wkbType": geometry[1],
        "styleCategories": "AllStyleCategories", "readOnly": "1"})
    ET.SubElement(element, "id").text = layer.id
    ET.SubElement(element, "datasource").text = layer.source
    ET.SubElement(element, "layername").text = layer.name
    if layer.table in ("nodes", "legs", "stretches", "track_points", "track_gaps",
                       *BASEMAP_LAYERS):
        _crs(ET.SubElement(element, "srs"), "EPSG:4326")
    _metadata(element, "resourceMetadata", *map(as_metadata_html, (
        layer.name, about_text(scenario, layer.sources))), _links(scenario, layer.sources, True))
    ET.SubElement(element, "provider", {"encoding": "UTF-8"}).text = "ogr"
    if layer.style is not None:
        element.set("labelsEnabled", layer.style.get("labelsEnabled", "0"))
        ET.SubElement(element, f"logimap-style-{layer.table}")  # see _style_text; its map tip
    else:
        ET.SubElement(element, "mapTip").text = map_tip(layer.table)
    widgets = ET.SubElement(element, "widgets")
    for relation_id, partner in layer.widgets.items():
        widget = ET.SubElement(widgets, "widget", {"name": relation_id})
        config = ET.SubElement(widget, "config", {"type": "Map"})
        ET.SubElement(config, "Option", {"type": "QString", "name": "nm-rel", "value": partner})
    ET.SubElement(element, "previewExpression").text = DISPLAY.get(layer.table, '"id"')


def _extent_of(lines: dict[str, list[list[list[float]]]], tables: Tables
               ) -> tuple[float, float, float, float]:
    """The data's extent in the project's system, the lines split at ±180 as the GeoPackage
    has them."""
    import numpy as np
    import pyproj

    points = np.array([point for parts in lines.values() for part in parts for point in part]
                      + list(zip(tables.nodes["lon"], tables.nodes["lat"], strict=True))
                      or [(0.0, 0.0)], dtype=float).reshape(-1, 2)
    lons, lats = points[:, 0], np.clip(points[:, 1], -85.0, 85.0)
    project = pyproj.Transformer.from_crs("EPSG:4326", PROJECT_CRS, always_xy=True)
    xmin, ymin = project.transform(lons.min(), lats.min())
    xmax, ymax = project.transform(lons.max(), lats.max())
    margin = 0.05 * max(xmax - xmin, ymax - ymin, 1.0)
    return (xmin - margin, ymin - margin, xmax + margin, ymax + margin)


def _extent(parent: ET.Element, box: tuple[float, float, float, float]) -> None:
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), box, strict=True):
        ET.SubElement(parent, name).text = f"{value:.2f}"


def _crs(parent: ET.Element, authid: str) -> None:
    """A coordinate system as QGIS stores one: found by its id, described by its WKT."""
    import pyproj

    crs = pyproj.CRS(authid)
    srs_id, geographic = CRS_IDS[authid]
    system = ET.SubElement(parent, "spatialrefsys")
    for name, value in (("wkt", crs.to_wkt()), ("srsid", str(srs_id)),
                        ("srid", authid.split(":")[1]), ("authid", authid),
                        ("description", crs.name),
                        ("geographicflag", "true" if geographic else "false")):
        ET.SubElement(system, name).text = value


# -- metadata and time --------------------------------------------------------------------


def about_text(scenario: Scenario, source_ids: list[str]) -> str:
    """What the data is and where it comes from: the scenario, its date, and the sources."""
    parts = [scenario.title]
    if scenario.description:
        parts.append(scenario.description)
    if scenario.as_of:
        parts.append(f"Data as of {scenario.as_of}.")
    parts.append("Every figure is a claim that quotes its source word for word (table "
                 "claims); a line's basis says how much of its path is known (observed, "
                 "modelled or schematic).")
    if source_ids:
        lines = [f"{number}. {_source_text(scenario.source_by_id[source_id])}"
                 for number, source_id in enumerate(source_ids, start=1)]
        parts.append("Sources:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _source_text(source: Source) -> str:
    copy = f"copy read at {source.copy_url}" if source.copy_url else ""
    if copy and source.accessed:
        copy += f" on {source.accessed}"
    words = [source.publisher, f"“{source.title}”" if source.title else "",
             f"by {source.author}" if source.author else "", source.date, source.url, copy]
    text = ", ".join(word for word in words if word)
    return f"{text} ({source.note})" if source.note else text


def opening_no_tag(name: str) -> str:
    """A layer's name with a word joiner (U+2060, invisible) after each ``<``: QGIS writes a
    layer's name into its Information page as HTML, where ``<`` followed by anything but a
    letter, ``/``, ``!`` or ``?`` is text.

    >>> opening_no_tag("<img src=x> & <b>") == "<\u2060img src=x> & <\u2060b>"
    True
    """
    return name.replace("<", "<\u2060")


def as_metadata_html(text: str) -> str:
    """Text from the data as a layer's metadata holds it. QGIS writes a layer's metadata into
    its Information page as HTML, and makes what looks like an address in it into a link:
    every ``<`` is written ``&lt;`` (nothing opens markup), and the ``:`` of an address that
    is not http(s) and the ``@`` of an e-mail address as character references (shown as
    written, linked nowhere). ``&`` and ``"`` are kept, so that the http(s) links QGIS makes
    keep their query strings (an ``&`` can only make text there).

    >>> as_metadata_html('<img src=x onerror="go()"> R&D file:///etc/a@b.org https://a.org')
    '&lt;img src=x onerror="go()"> R&D file&#58;///etc/a&#64;b.org https://a.org'
    """
    return NOT_WEB_ADDRESS.sub(r"\1&#58;/", text.replace("<", "&lt;")).replace("@", "&#64;")


@dataclass(frozen=True)
class _Link:
    """A web link of a metadata's links: its name, address and description."""

    name: str
    url: str
    description: str


def _links(scenario: Scenario, source_ids: list[str], as_html: bool = False) -> list[_Link]:
    """The sources' web links (http or https only: a ``javascript:`` or ``file:`` address is
    left out); for a layer's metadata (``as_html``) as its Information page shows them, where
    QGIS puts the address in an ``href="..."`` as it is."""
    found = []
    for source_id in source_ids:
        source = scenario.source_by_id[source_id]
        for name, url in ((source.publisher, source.url),
                          (f"{source.publisher} (copy)", source.copy_url)):
            if not is_web_link(url):
                continue
            link = _Link(name, url, source.title)
            if as_html:
                link = _Link(as_metadata_html(link.name),
                             as_metadata_html(link.url).replace('"', "&quot;"),
                             as_metadata_html(link.description))
            found.append(link)
    return found


def _metadata(parent: ET.Element, tag: str, title: str, abstract: str, links: list[_Link]
              ) -> None:
    element = ET.SubElement(parent, tag)
    ET.SubElement(element, "identifier").text = ""
    ET.SubElement(element, "parentidentifier").text = ""
    ET.SubElement(element, "language").text = "en"
    ET.SubElement(element, "type").text = "dataset"
    ET.SubElement(element, "title").text = title
    ET.SubElement(element, "abstract").text = abstract
    listed = ET.SubElement(element, "links")
    for link in links:
        ET.SubElement(listed, "link", {
            "name": link.name, "type": "WWW:LINK", "url": link.url,
            "description": link.description, "format": "", "mimeType": "", "size": ""})


def _time_settings(root: ET.Element, scenario: Scenario) -> None:
    """The Temporal Controller's range (the map's time filter's) and a step of one month."""
    from logimap.tables import time_range

    span = time_range(scenario, list(scenario.legs))
    settings = ET.SubElement(root, "ProjectTimeSettings", {
        "timeStep": "1", "timeStepUnit": "mon", "frameRate": "1",
        "cumulativeTemporalRange": "0"})
    if span is not None:
        temporal = ET.SubElement(settings, "TemporalRange")
        ET.SubElement(temporal, "start").text = f"{span['first']}T00:00:00Z"
        ET.SubElement(temporal, "end").text = f"{span['last']}T23:59:59Z"

