"""GIS exports from the scenario's tables: GeoJSON (RFC 7946), GeoPackage with its QGIS
project, KML and CSV.

Every export is deterministic (same data, same bytes). Coordinates are rounded to
``DECIMALS`` places (about 1 m); lines that cross ±180 are split there into MultiLineStrings,
as RFC 7946 section 3.1.9 asks (GeoPackage and KML lines are split the same way). Columns are
typed as ``tables.COLUMN_TYPES`` says, and a missing value is null, never ``""``.

All files are made in memory first and only then written, each to a temporary name in its
own folder renamed into place: an export that fails while making any file leaves every
previous file untouched, and no temporary file is left behind.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logimap.errors import UsageError
from logimap.geometry.antimeridian import split_at_antimeridian
from logimap.model import Scenario
from logimap.output import WrittenFile, write_bytes
from logimap.tables import COLUMN_TYPES, DAY_TIMES, ISOLATE
from logimap.vocabulary import EXPORT_FORMATS

if TYPE_CHECKING:
    from logimap.tables import Tables

FORMATS = tuple(EXPORT_FORMATS)
DECIMALS = 5
# GeoJSON properties and GeoPackage columns of legs and nodes, in this order.
LEG_PROPERTIES = ("id", "flow", "direction", "cargo", "mode", "from_node", "to_node", "via",
                  "basis", "basis_note", "period_start", "period_end", "length_km", "headline",
                  "headline_value", "headline_unit", "claim_ids", "source_ids", "source_notes",
                  "layer_ids")
NODE_PROPERTIES = ("id", "name", "label", "kind", "country", "precision", "basis", "note",
                   "claim_ids")
# KML colours are aabbggrr. The colour says the mode; opacity and width say the basis, so a
# modelled or schematic line never passes for an observed track.
KML_COLOURS = {"sea": "b4771f", "rail": "3c3c3c", "air": "bd6794", "road": "2c8c44"}
KML_OTHER_COLOUR = "7f7f7f"
KML_BASIS_LOOK = {"observed": ("ff", 4), "modelled": ("e6", 3), "schematic": ("8c", 2)}
CSV_COLUMNS = ("id", "flow", "leg_ids", "node_ids", "what", "value_low", "value_high", "unit",
               "qualifier", "quantity", "period_start", "period_end", "status", "note",
               "note_source_ids", "quote", "source", "source_publisher", "source_date",
               "source_url")


def export(scenario: Scenario, out: Path, formats: Sequence[str] = FORMATS,
           layers: Sequence[str] | None = None, tables: Tables | None = None
           ) -> list[WrittenFile]:
    """Write the chosen formats under ``out`` and return the files written, in order.

    ``layers`` (default: all, and a KML folder for the legs in none) chooses the
    ``geojson/<layer>.geojson`` files and the KML folders; ``geojson/all.geojson``, the
    GeoPackage with its QGIS project ``logimap.qgz`` and ``claims.csv`` always hold the whole
    scenario. Unknown formats or layers raise ``UsageError`` naming the known ones.
    ``tables`` (from ``make_tables``) saves routing the legs again.
    """
    files = render_exports(scenario, formats, layers, tables)
    out = Path(out)
    return [write_bytes(out / name, data) for name, data in files]


def render_exports(scenario: Scenario, formats: Sequence[str] = FORMATS,
                   layers: Sequence[str] | None = None, tables: Tables | None = None
                   ) -> list[tuple[str, bytes]]:
    """Every export file as (path relative to the output folder, bytes); nothing is written."""
    from logimap.tables import make_tables

    chosen_formats = _check_formats(formats)
    chosen = _check_layers(scenario, layers)
    tables = tables if tables is not None else make_tables(scenario)
    lines = _leg_lines(tables)
    files: list[tuple[str, bytes]] = []
    if "geojson" in chosen_formats:
        files += [(f"geojson/{name}", text.encode("utf-8"))
                  for name, text in geojson_files(tables, chosen, lines)]
        if tables.tracks is not None:  # the observed legs' fixes and dark periods
            from logimap.tracks.exports import geojson_files as track_geojson

            files += [(f"geojson/{name}", text.encode("utf-8"))
                      for name, text in track_geojson(tables.tracks)]
    if "gpkg" in chosen_formats:
        from logimap.gpkg import gpkg_bytes
        from logimap.qgis import layer_styles, project_bytes

        date = _gpkg_date(scenario)
        styles = layer_styles(scenario, tables)
        files.append(("logimap.gpkg", gpkg_bytes(tables, lines, date, styles)))
        files.append(("logimap.qgz", project_bytes(scenario, tables, styles, lines, date)))
    if "kml" in chosen_formats:
        document = kml_document(scenario, tables, chosen, lines, other_legs=not layers)
        files.append(("logimap.kml", document.encode("utf-8")))
    if "csv" in chosen_formats:
        files.append(("claims.csv", claims_csv(scenario, tables).encode("utf-8")))
    return files


def _check_formats(formats: Sequence[str]) -> list[str]:
    if isinstance(formats, str):
        formats = [formats]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown export format {unknown[0]!r}; the formats are: "
                         f"{', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def _check_layers(scenario: Scenario, layers: Sequence[str] | None) -> list[str]:
    known = [layer.id for layer in scenario.layers]
    if not layers:
        return known
    if isinstance(layers, str):
        layers = [layers]
    unknown = [name for name in layers if name not in known]
    if unknown:
        raise UsageError(f"unknown layer {unknown[0]!r}; the layers are: {', '.join(known)}")
    return list(dict.fromkeys(layers))


# -- coordinates --------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(float(value), DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def line_parts(coords: Sequence[tuple[float, float]]) -> list[list[list[float]]]:
    """A leg's unwrapped line as parts within [-180, 180] cut at ±180, coordinates rounded
    (as ``_round`` does: + 0.0 turns -0.0 into 0.0)."""
    return [[[round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0] for x, y in part]
            for part in split_at_antimeridian(list(coords))]


def _leg_lines(tables: Tables) -> dict[str, list[list[list[float]]]]:
    """Each leg's line parts (``line_parts``) by leg id: computed once for every format."""
    return {leg_id: line_parts(line) for leg_id, line in tables.leg_lines.items()}


# -- GeoJSON ------------------------------------------------------------------------------


def _line_geometry(parts: list[list[list[float]]]) -> dict[str, Any]:
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _json_value(kind: str, value: Any) -> Any:
    """A table value as GeoJSON gives it, typed as ``COLUMN_TYPES`` says: a period's first
    day as ``2024-12-01T00:00:00.000Z``, its last as ``2024-12-31T23:59:59.999Z``, a real
    number always with a decimal point (GDAL types ``9000000`` as an integer), None as
    null."""
    if value is None:
        return None
    if kind in DAY_TIMES:
        return f"{value}T{DAY_TIMES[kind]}Z"
    if kind == "real":
        return float(value)
    return value


def _properties(table: str, row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    kinds = COLUMN_TYPES.get(table, {})
    return {key: _json_value(kinds.get(key, "text"), row[key]) for key in columns}


def _leg_features(tables: Tables, lines: dict[str, list[list[list[float]]]]
                  ) -> dict[str, dict[str, Any]]:
    """Each leg as a GeoJSON Feature, by leg id."""
    return {row["id"]: {"type": "Feature", "id": row["id"],
                        "properties": {"feature": "leg",
                                       **_properties("legs", row, LEG_PROPERTIES)},
                        "geometry": _line_geometry(lines[row["id"]])}
            for row in tables.records("legs")}


def _node_features(tables: Tables) -> list[dict[str, Any]]:
    return [{"type": "Feature", "id": row["id"],
             "properties": {"feature": "node", **_properties("nodes", row, NODE_PROPERTIES)},
             "geometry": {"type": "Point",
                          "coordinates": [_round(row["lon"]), _round(row["lat"])]}}
            for row in tables.records("nodes")]


def _json(value: Any) -> str:
    # Keys keep a fixed order (properties in table order, which GIS tools show as columns).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class _Collection:
    """Features written once as text, put together into FeatureCollections."""

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}

    def text(self, features: list[dict[str, Any]]) -> str:
        """A FeatureCollection of ``features``. A number or date property that is null in
        every feature of it is left out: GDAL would read it as text, unlike the same
        property in another file (a missing property reads as null)."""
        kinds = COLUMN_TYPES["legs"]
        unset = [key for key in kinds
                 if all(f["properties"].get(key) is None for f in features)]
        texts = []
        for feature in features:
            if any(key in feature["properties"] for key in unset):
                properties = {key: value for key, value in feature["properties"].items()
                              if key not in unset}
                texts.append(_json({**feature, "properties": properties}))
            else:
                if id(feature) not in self._texts:
                    self._texts[id(feature)] = _json(feature)
                texts.append(self._texts[id(feature)])
        return '{"type":"FeatureCollection","features":[' + ",".join(texts) + "]}\n"


def geojson_files(tables: Tables, layers: Sequence[str],
                  lines: dict[str, list[list[list[float]]]] | None = None
                  ) -> list[tuple[str, str]]:
    """``<layer>.geojson`` per layer (its legs) and ``all.geojson`` (every leg and node)."""
    from logimap.tables import legs_in_layer

    legs = _leg_features(tables, _leg_lines(tables) if lines is None else lines)
    collection = _Collection()
    files = [(f"{layer_id}.geojson",
              collection.text([legs[leg_id] for leg_id in legs_in_layer(tables, layer_id)]))
             for layer_id in layers]
    files.append(("all.geojson", collection.text([*legs.values(), *_node_features(tables)])))
    return files


# -- GeoPackage ---------------------------------------------------------------------------


def _gpkg_date(scenario: Scenario) -> str:
    """``last_change`` for the GeoPackage, as GeoPackage writes a time
    (``2025-05-30T00:00:00.000Z``): SOURCE_DATE_EPOCH, else the data's ``as_of``, else
    ``gpkg.GPKG_DATE``; never the clock."""
    from logimap.gpkg import GPKG_DATE

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds "
                             "since 1970-01-01; unset it or give one") from None
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if scenario.as_of:
        from logimap.periods import parse_partial_date

        try:
            return f"{parse_partial_date(scenario.as_of).isoformat()}T00:00:00.000Z"
        except ValueError:
            pass
    return GPKG_DATE


# -- KML ----------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all (C0 controls but tab, LF and CR; lone surrogates).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: Any) -> str:
    """Text as XML character data: ``& < >`` escaped, CR kept as a reference (parsers would
    turn a raw CR into LF), characters XML cannot hold replaced by U+FFFD."""
    text = NOT_XML.sub("\ufffd", str(text))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _attr(text: Any) -> str:
    return _xml(text).replace('"', "&quot;")


def _h(text: Any) -> str:
    """Text as HTML (a KML balloon is HTML): markup in the data shows as text, never runs."""
    return html.escape(str(text), quote=True)


def _d(text: Any) -> str:
    """A text from the data in a balloon: escaped, and isolated in its own direction (a
    right-to-left field, or a stray direction mark in it, cannot reorder the text around
    it)."""
    return f"<bdi>{_h(text)}</bdi>"


def _link(url: str) -> str:
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{_h(url)}">{_h(url)}</a>'
    return _h(url)


def _kml_time(row: Any) -> str:
    start, end = row["period_start"], row["period_end"]
    if not start:
        return ""
    end_tag = f"<end>{end}</end>" if end else ""
    return f"<TimeSpan><begin>{start}</begin>{end_tag}</TimeSpan>"


def _kml_coords(points: Sequence[Sequence[float]]) -> str:
    """Points already rounded (``line_parts``) as KML coordinate text."""
    return " ".join(f"{x:.{DECIMALS}f}".rstrip("0").rstrip(".") + ","
                    + f"{y:.{DECIMALS}f}".rstrip("0").rstrip(".") for x, y in points)


def _kml_line(parts: list[list[list[float]]]) -> str:
    lines = "".join(f"<LineString><tessellate>1</tessellate><coordinates>{_kml_coords(part)}"
                    "</coordinates></LineString>" for part in parts)
    return f"<MultiGeometry>{lines}</MultiGeometry>"


def _kml_data(values: dict[str, Any]) -> str:
    """KML's extended data; a missing value has no ``Data`` element (KML has no null)."""
    cells = "".join(f'<Data name="{_attr(key)}"><value>{_xml(value)}</value></Data>'
                    for key, value in values.items() if value is not None)
    return f"<ExtendedData>{cells}</ExtendedData>"


def _period_text(start: str | None, end: str | None) -> str:
    if not start:
        return "undated"
    return f"{start} to {end}" if end else f"from {start}"


def _ids(joined: str | None) -> list[str]:
    """A ';'-joined list of ids (None when empty) as a list."""
    return joined.split(";") if joined else []


def _citation(scenario: Scenario, source_id: str) -> str:
    """A source as HTML: publisher, title, date, a web link, and its note."""
    source = scenario.source_by_id.get(source_id)
    if source is None:
        return _h(source_id)
    cited = ", ".join(_d(p) for p in (source.publisher, source.title, source.date) if p)
    link = f" {_link(source.url)}" if source.url else ""
    note = f" <i>(About this source: {_d(source.note)})</i>" if source.note else ""
    return f"{cited}{link}{note}"


def _claims_html(scenario: Scenario, claim_ids: str | None) -> list[str]:
    """One paragraph per claim: figure, status, verbatim quote, source (with its note), and
    the claim's note with the sources it rests on."""
    from logimap.formatting import quantity

    paragraphs = []
    for claim_id in _ids(claim_ids):
        claim = scenario.claim_by_id[claim_id]
        lines = [f"<b>{_d(quantity(claim) or claim.what)}</b> ({_h(claim.status)})",
                 f"“{_d(claim.quote)}”", f"— {_citation(scenario, claim.source)}"]
        if claim.note:
            lines.append(f"<i>Note:</i> {_d(claim.note)}")
            lines += [f"— {_citation(scenario, s)}" for s in claim.note_sources]
        paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    return paragraphs


def _leg_balloon(scenario: Scenario, row: Any, title: str) -> str:
    """The leg's balloon as HTML (``title``: its heading, HTML): how it is drawn and who
    reports the route, then its claims with quotes and sources."""
    drawn = f"{_h(row['mode'])} leg, {_h(row['basis'])}"
    facts = [f"{drawn}: {_d(row['basis_note'])}" if row["basis_note"] else drawn,
             f"Period: {_h(_period_text(row['period_start'], row['period_end']))}",
             f"Length: {_h(row['length_km'])} km"]
    parts = [f"<h3>{title}</h3>", f"<p>{'<br>'.join(facts)}</p>"]
    if row["source_ids"]:
        reported = "".join(f"<br>— {_citation(scenario, s)}" for s in _ids(row["source_ids"]))
        parts.append(f"<p>Route reported by:{reported}</p>")
    return "".join([*parts, *_claims_html(scenario, row["claim_ids"])])


def _node_balloon(scenario: Scenario, row: Any) -> str:
    place = ", ".join(p for p in (_h(row["kind"]), row["country"] and _d(row["country"])) if p)
    facts = [place, f"Precision {_h(row['precision'])}: {_d(row['basis'])}"]
    if row["note"]:
        facts.append(_d(row["note"]))
    parts = [f"<h3>{_d(row['name'])}</h3>", f"<p>{'<br>'.join(facts)}</p>"]
    if row["source_ids"]:
        cited = "".join(f"<br>— {_citation(scenario, s)}" for s in _ids(row["source_ids"]))
        parts.append(f"<p>Basis and note from:{cited}</p>")
    return "".join([*parts, *_claims_html(scenario, row["claim_ids"])])


def _kml_styles(tables: Tables) -> list[str]:
    """A line style per mode and basis present, and one for places. Balloons show only the
    (escaped) description, so no name is ever inserted into the balloon's HTML unescaped."""
    balloon = "<BalloonStyle><text>$[description]</text></BalloonStyle>"
    pairs = dict.fromkeys(zip(tables.legs["mode"], tables.legs["basis"], strict=True))
    styles = []
    for mode, basis in sorted(pairs):
        alpha, width = KML_BASIS_LOOK.get(basis, ("ff", 3))
        colour = alpha + KML_COLOURS.get(mode, KML_OTHER_COLOUR)
        styles.append(f'<Style id="{_attr(_style_id(mode, basis))}"><LineStyle><color>{colour}'
                      f"</color><width>{width}</width></LineStyle>{balloon}</Style>")
    styles.append(f'<Style id="place"><IconStyle><scale>0.6</scale></IconStyle>{balloon}'
                  "</Style>")
    return styles


def _style_id(mode: str, basis: str) -> str:
    return f"{mode}-{basis}"


def kml_document(scenario: Scenario, tables: Tables, layers: Sequence[str],
                 lines: dict[str, list[list[list[float]]]] | None = None,
                 other_legs: bool = True) -> str:
    """A KML document: a folder per layer (leg placemarks with time spans and the claims in
    each balloon), with ``other_legs`` one more for the legs in no layer ("Other legs"),
    styles per mode and basis, and a folder of places."""
    from logimap.tables import map_layers

    lines = _leg_lines(tables) if lines is None else lines
    rows = {row["id"]: row for row in tables.records("legs")}
    flows = {row["id"]: row for row in tables.records("flows")}
    placemarks: dict[str, str] = {}
    names = dict(zip(tables.nodes["id"], tables.nodes["name"], strict=True))
    tracks = tables.tracks
    if tracks is not None:
        from logimap.tracks import exports as track_exports
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<kml xmlns="http://www.opengis.net/kml/2.2"'
             + (f" {track_exports.KML_NAMESPACE}>" if tracks is not None else ">"),
             "<Document>", f"<name>{_xml(scenario.title)}</name>", *_kml_styles(tables)]
    if tracks is not None:
        parts += [track_exports.KML_TRACK_STYLE, track_exports.KML_GAP_STYLE]
    specs = map_layers(scenario, tables)
    own = {spec["id"]: spec for spec in specs[:len(scenario.layers)]}
    folders = [own[layer_id] for layer_id in layers]
    if other_legs and len(specs) > len(scenario.layers):  # the legs in no layer
        folders.append({**specs[-1], "group": ""})
    for spec in folders:
        title = f"{spec['group']}: {spec['title']}" if spec["group"] else spec["title"]
        parts.append(f"<Folder><name>{_xml(title)}</name>")
        for leg_id in spec["leg_ids"]:
            if leg_id not in placemarks:
                placemarks[leg_id] = _leg_placemark(scenario, rows[leg_id], flows, names,
                                                    lines[leg_id])
            parts.append(placemarks[leg_id])
        parts.append("</Folder>")
    if tracks is not None:
        parts += track_exports.kml_folders(
            tracks, {leg_id: _leg_name(row, flows, names) for leg_id, row in rows.items()})
    parts.append("<Folder><name>Places</name>")
    for node in tables.records("nodes"):
        point = _kml_coords([(_round(node["lon"]), _round(node["lat"]))])
        data = {"node_id": node["id"], "kind": node["kind"], "precision": node["precision"],
                "claim_ids": node["claim_ids"]}
        parts.append(
            f'<Placemark id="{_attr(node["id"])}"><name>{_xml(node["label"])}</name>'
            f"<description>{_xml(_node_balloon(scenario, node))}</description>"
            f"<styleUrl>#place</styleUrl>{_kml_data(data)}"
            f"<Point><coordinates>{point}</coordinates>"
            "</Point></Placemark>")
    parts += ["</Folder>", "</Document>", "</kml>"]
    return "\n".join(parts) + "\n"


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
                   names: dict[str, str], parts: list[list[list[float]]]) -> str:
    leg_id = row["id"]
    flow, origin, destination = _leg_ends(row, flows, names)
    name = _leg_name(row, flows, names)
    title = f"{_d(flow)}: {_d(origin)} → {_d(destination)}"
    data = {"leg_id": leg_id, "flow": row["flow"], "mode": row["mode"], "basis": row["basis"],
            "claim_ids": row["claim_ids"], "source_ids": row["source_ids"]}
    return (f'<Placemark id="{_attr(leg_id)}"><name>{_xml(name)}</name>'
            f"<description>{_xml(_leg_balloon(scenario, row, title))}</description>"
            f"{_kml_time(row)}<styleUrl>#{_attr(_style_id(row['mode'], row['basis']))}"
            f"</styleUrl>{_kml_data(data)}{_kml_line(parts)}</Placemark>")


# -- CSV ----------------------------------------------------------------------------------


# OWASP's rule against CSV injection: a text cell beginning with one of these is written with
# a leading ' so that a spreadsheet shows it as text instead of running it as a formula (a
# carriage return, also on OWASP's list, is removed with the other control characters).
FORMULA_STARTS = ("=", "+", "-", "@", "\t")
# Control characters a CSV cell loses: all but tab and line feed.
_CSV_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def claims_csv(scenario: Scenario, tables: Tables) -> str:
    """One row per claim: value, unit, qualifier, status, quote, source and what it annotates.

    UTF-8, comma-separated, ``\\n`` line ends, quoted only where needed; whole numbers are
    written without ``.0``. Text is made safe to open in a spreadsheet (``csv_text``); the
    GeoPackage and GeoJSON keep it exactly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in tables.records("claims"):
        source = scenario.source_by_id.get(row["source"])
        values = {**row,
                  "source_publisher": source.publisher if source else "",
                  "source_date": source.date if source else "",
                  "source_url": source.url if source else ""}
        writer.writerow(["" if values[c] is None else _csv_value(values[c])
                         for c in CSV_COLUMNS])
    return buffer.getvalue()


def csv_text(text: str) -> str:
    """A text cell as claims.csv writes it: control characters but tab and line feed left
    out, and a leading ``'`` when it would begin with ``=``, ``+``, ``-``, ``@`` or a tab.

    >>> csv_text("=HYPERLINK(A1)")
    "'=HYPERLINK(A1)"
    >>> csv_text("\x07-2+3")
    "'-2+3"
    """
    text = _CSV_CONTROL.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value: Any) -> Any:
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
