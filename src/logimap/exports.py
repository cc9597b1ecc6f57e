"""GIS exports from the scenario's tables: GeoJSON (RFC 7946), GeoPackage, KML and CSV.

Every export is deterministic (same data, same bytes) and written atomically. Coordinates are
rounded to ``DECIMALS`` places (about 1 m); lines that cross ±180 are split there into
MultiLineStrings, as RFC 7946 section 3.1.9 asks.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from logimap.geometry.antimeridian import split_at_antimeridian
from logimap.model import Scenario
from logimap.output import WrittenFile, write_bytes, write_text
from logimap.vocabulary import EXPORT_FORMATS

if TYPE_CHECKING:
    from logimap.tables import Tables

FORMATS = tuple(EXPORT_FORMATS)
DECIMALS = 5
GPKG_DATE = "2000-01-01T00:00:00Z"
LEG_PROPERTIES = ("id", "flow", "direction", "cargo", "mode", "from_node", "to_node", "via",
                  "basis", "basis_note", "period_start", "period_end", "length_km", "headline",
                  "headline_value", "headline_unit", "claim_ids", "source_ids", "layer_ids")
NODE_PROPERTIES = ("id", "name", "kind", "country", "precision", "basis", "note", "claim_ids")
KML_COLOURS = {"sea": "ffb4771f", "rail": "ff3c3c3c", "air": "ffbd6794", "road": "ff2c8c44"}


def export(scenario: Scenario, out: Path, formats: Sequence[str] = FORMATS,
           layers: list[str] | None = None, tables: Tables | None = None) -> list[WrittenFile]:
    """Write the chosen formats for the chosen layers (default: all) under ``out``."""
    from logimap.tables import make_tables

    tables = tables if tables is not None else make_tables(scenario)
    chosen = layers or [layer.id for layer in scenario.layers]
    out = Path(out)
    written: list[WrittenFile] = []
    if "geojson" in formats:
        written += write_geojson(scenario, tables, out / "geojson", chosen)
    if "gpkg" in formats:
        written.append(write_gpkg(tables, out / "logimap.gpkg"))
    if "kml" in formats:
        written.append(write_text(out / "logimap.kml", kml_document(scenario, tables, chosen)))
    if "csv" in formats:
        written.append(write_text(out / "claims.csv", claims_csv(scenario, tables)))
    return written


def _round(value: float) -> float:
    return round(value, DECIMALS) + 0.0


def _plain(value: Any) -> Any:
    """Table cells as JSON values: NaN and None become null, numpy numbers plain numbers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def line_parts(coords: Sequence[tuple[float, float]]) -> list[list[list[float]]]:
    """A leg's line as parts within [-180, 180], coordinates rounded."""
    return [[[_round(x), _round(y)] for x, y in part]
            for part in split_at_antimeridian(list(coords))]


def _line_geometry(coords: Sequence[tuple[float, float]]) -> dict[str, Any]:
    parts = line_parts(coords)
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _leg_features(tables: Tables, leg_ids: list[str] | None = None) -> list[dict[str, Any]]:
    rows = tables.legs
    features = []
    for _, row in rows.iterrows():
        if leg_ids is not None and row["id"] not in leg_ids:
            continue
        properties = {key: _plain(row[key]) for key in LEG_PROPERTIES}
        properties["feature"] = "leg"
        features.append({"type": "Feature", "id": row["id"], "properties": properties,
                         "geometry": _line_geometry(list(row.geometry.coords))})
    return features


def _node_features(tables: Tables) -> list[dict[str, Any]]:
    features = []
    for _, row in tables.nodes.iterrows():
        properties = {key: _plain(row[key]) for key in NODE_PROPERTIES}
        properties["feature"] = "node"
        features.append({"type": "Feature", "id": row["id"], "properties": properties,
                         "geometry": {"type": "Point",
                                      "coordinates": [_round(row["lon"]), _round(row["lat"])]}})
    return features


def _collection(features: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n"


def write_geojson(scenario: Scenario, tables: Tables, folder: Path, layers: list[str]
                  ) -> list[WrittenFile]:
    """``<layer>.geojson`` per layer and ``all.geojson`` (every leg and node)."""
    from logimap.tables import legs_in_layer

    written = []
    for layer_id in layers:
        features = _leg_features(tables, legs_in_layer(tables, layer_id))
        written.append(write_text(folder / f"{layer_id}.geojson", _collection(features)))
    everything = _leg_features(tables) + _node_features(tables)
    written.append(write_text(folder / "all.geojson", _collection(everything)))
    return written


def write_gpkg(tables: Tables, path: Path) -> WrittenFile:
    """A GeoPackage with tables nodes, legs, flows, claims and sources, joined by ids."""
    import geopandas as gpd
    import pyogrio
    from shapely import LineString, MultiLineString

    legs = tables.legs.copy()
    legs["geometry"] = [
        MultiLineString([LineString(part) for part in line_parts(list(g.coords))])
        for g in legs.geometry
    ]
    legs = gpd.GeoDataFrame(legs, geometry="geometry", crs="EPSG:4326")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE,
                                     "OGR_SQLITE_JOURNAL": "OFF"})
    with tempfile.TemporaryDirectory(dir=path.parent if path.parent.exists() else None) as tmp:
        staged = Path(tmp) / path.name
        # GeoPackage 1.2: readable by older GDAL (Debian's ogrinfo) and QGIS releases.
        pyogrio.write_dataframe(tables.nodes, staged, layer="nodes", driver="GPKG",
                                dataset_options={"VERSION": "1.2"})
        pyogrio.write_dataframe(legs, staged, layer="legs", driver="GPKG",
                                geometry_type="MultiLineString")
        for name in ("flows", "claims", "sources"):
            frame = getattr(tables, name)
            pyogrio.write_dataframe(frame, staged, layer=name, driver="GPKG")
        data = staged.read_bytes()
    return write_bytes(path, data)


def _kml_time(row: Any) -> str:
    start, end = row["period_start"], row["period_end"]
    if not start:
        return ""
    end_tag = f"<end>{end}</end>" if end else ""
    return f"<TimeSpan><begin>{start}</begin>{end_tag}</TimeSpan>"


def _kml_line(coords: Sequence[tuple[float, float]]) -> str:
    lines = "".join(
        "<LineString><tessellate>1</tessellate><coordinates>"
        + " ".join(f"{x},{y}" for x, y in part) + "</coordinates></LineString>"
        for part in line_parts(coords))
    return f"<MultiGeometry>{lines}</MultiGeometry>"


def _kml_balloon(scenario: Scenario, leg_row: Any) -> str:
    """Plain text (escaped on output) listing the leg's claims, quotes and sources."""
    lines = [f"{leg_row['mode']} leg, {leg_row['basis']}: {leg_row['basis_note']}",
             f"Length: {leg_row['length_km']} km"]
    for claim_id in filter(None, leg_row["claim_ids"].split(";")):
        claim = scenario.claim_by_id[claim_id]
        source = scenario.source_by_id[claim.source]
        from logimap.formatting import quantity

        head = quantity(claim) or claim.what
        lines += ["", f"{head} ({claim.status})", f"“{claim.quote}”",
                  f"— {source.publisher}, {source.date} {source.url}".rstrip()]
        if claim.note:
            lines.append(f"Note: {claim.note}")
    return "\n".join(lines)


def kml_document(scenario: Scenario, tables: Tables, layers: list[str]) -> str:
    """A KML document: a folder per layer, styles per mode, claims in each balloon."""
    from logimap.tables import legs_in_layer

    rows = {row["id"]: row for _, row in tables.legs.iterrows()}
    flows = {row["id"]: row for _, row in tables.flows.iterrows()}
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<kml xmlns="http://www.opengis.net/kml/2.2">', "<Document>",
             f"<name>{escape(scenario.title)}</name>"]
    for mode, colour in KML_COLOURS.items():
        parts.append(f'<Style id="mode-{mode}"><LineStyle><color>{colour}</color>'
                     "<width>3</width></LineStyle></Style>")
    titles = {layer.id: layer for layer in scenario.layers}
    for layer_id in layers:
        layer = titles[layer_id]
        parts.append(f"<Folder><name>{escape(layer.group + ': ' if layer.group else '')}"
                     f"{escape(layer.title)}</name>")
        for leg_id in legs_in_layer(tables, layer_id):
            row = rows[leg_id]
            name = f"{flows[row['flow']]['name']}: {row['from_node']} → {row['to_node']}"
            parts.append(
                f'<Placemark id="{escape(leg_id)}"><name>{escape(name)}</name>'
                f"<description>{escape(_kml_balloon(scenario, row))}</description>"
                f"{_kml_time(row)}<styleUrl>#mode-{row['mode']}</styleUrl>"
                f"<ExtendedData><Data name=\"leg_id\"><value>{escape(leg_id)}</value></Data>"
                f"<Data name=\"claim_ids\"><value>{escape(row['claim_ids'])}</value></Data>"
                f"</ExtendedData>{_kml_line(list(row.geometry.coords))}</Placemark>")
        parts.append("</Folder>")
    parts.append("<Folder><name>Places</name>")
    for _, node in tables.nodes.iterrows():
        text = f"{node['kind']}; precision {node['precision']}: {node['basis']}"
        parts.append(
            f'<Placemark id="{escape(node["id"])}"><name>{escape(node["name"])}</name>'
            f"<description>{escape(text)}</description>"
            f"<Point><coordinates>{_round(node['lon'])},{_round(node['lat'])}</coordinates>"
            "</Point></Placemark>")
    parts += ["</Folder>", "</Document>", "</kml>"]
    return "\n".join(parts) + "\n"


CSV_COLUMNS = ("id", "flow", "leg_ids", "node_ids", "what", "value_low", "value_high", "unit",
               "qualifier", "quantity", "period_start", "period_end", "status", "note",
               "quote", "source", "source_publisher", "source_date", "source_url")


def claims_csv(scenario: Scenario, tables: Tables) -> str:
    """One row per claim: value, unit, qualifier, status, quote, source and what it annotates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for _, row in tables.claims.iterrows():
        source = scenario.source_by_id[row["source"]]
        values = {**{k: _plain(row[k]) for k in tables.claims.columns},
                  "source_publisher": source.publisher, "source_date": source.date,
                  "source_url": source.url}
        writer.writerow(["" if values[c] is None else _number(values[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
