"""The GeoJSON export (RFC 7946): ``<layer>.geojson`` per layer, ``all.geojson`` with every
leg and place, and with tracks ``track_points.geojson`` and ``track_gaps.geojson``. A leg's
schematic stretches (an approach from a port to the water, a stop off the network) follow it
as features of their own (``feature``: ``approach`` or ``off_network``, with its ``leg_id``).

Legs and places carry the map's look in the simplestyle convention that GitHub, geojson.io
and Mapbox read: a leg its flow's ``stroke`` colour, ``stroke-width`` and ``stroke-opacity``,
a place the ``marker-color`` of its kind.

Lines that cross ±180 are split there into MultiLineStrings; properties are typed as
``tables.COLUMN_TYPES`` says (a period's days as moments in UTC), and a missing value is
null, never ``""``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from logimap.exports.values import (
    LineParts,
    iso_times,
    leg_lines,
    line_parts,
    rounded,
    rounded_values,
    stretch_lines,
)
from logimap.tables import COLUMN_TYPES, DAY_TIMES, legs_in_layer, style
from logimap.tables.tracks import TRACK_SCHEMA, TRACK_TYPES

if TYPE_CHECKING:
    from logimap.tables import Tables
    from logimap.tables.tracks import TrackTables

# GeoJSON properties of legs and nodes, in this order.
LEG_PROPERTIES = ("id", "flow", "direction", "cargo", "mode", "from_node", "to_node", "via",
                  "basis", "basis_note", "period_start", "period_end", "length_km",
                  "great_circle_km", "passages", "headline", "headline_value", "headline_unit",
                  "claim_ids", "source_ids", "source_notes", "layer_ids")
NODE_PROPERTIES = ("id", "name", "label", "kind", "country", "precision", "basis", "note",
                   "claim_ids")
STRETCH_PROPERTIES = ("id", "leg_id", "kind", "node_id", "length_km")


def _line_geometry(parts: LineParts) -> dict[str, Any]:
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


def _leg_features(tables: Tables, lines: dict[str, LineParts]
                  ) -> dict[str, dict[str, Any]]:
    """Each leg as a GeoJSON Feature, by leg id, drawn as its flow is."""
    looks = {row["id"]: {"stroke": row["colour"], "stroke-width": float(row["width"]),
                         "stroke-opacity": float(row["opacity"])}
             for row in tables.records("flows")}
    return {row["id"]: {"type": "Feature", "id": row["id"],
                        "properties": {"feature": "leg",
                                       **_properties("legs", row, LEG_PROPERTIES),
                                       **looks[row["flow"]]},
                        "geometry": _line_geometry(lines[row["id"]])}
            for row in tables.records("legs")}


def _stretch_features(tables: Tables) -> dict[str, list[dict[str, Any]]]:
    """Each leg's schematic stretches as GeoJSON Features, by leg id."""
    found: dict[str, list[dict[str, Any]]] = {}
    for row, parts in zip(tables.records("stretches"), stretch_lines(tables), strict=True):
        found.setdefault(row["leg_id"], []).append(
            {"type": "Feature", "id": row["id"],
             "properties": {"feature": row["kind"],
                            **_properties("stretches", row, STRETCH_PROPERTIES)},
             "geometry": _line_geometry(parts)})
    return found


def _node_features(tables: Tables) -> list[dict[str, Any]]:
    return [{"type": "Feature", "id": row["id"],
             "properties": {"feature": "node", **_properties("nodes", row, NODE_PROPERTIES),
                            "marker-color": style.KIND_STYLES.get(row["kind"],
                                                                  style.OTHER_KIND)[0]},
             "geometry": {"type": "Point",
                          "coordinates": [rounded(row["lon"]), rounded(row["lat"])]}}
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
                  lines: dict[str, LineParts] | None = None
                  ) -> list[tuple[str, str]]:
    """``<layer>.geojson`` per layer (its legs, each followed by its schematic stretches) and
    ``all.geojson`` (every leg with its stretches, and every node)."""
    legs = _leg_features(tables, leg_lines(tables) if lines is None else lines)
    stretches = _stretch_features(tables)

    def features(leg_ids: Sequence[str]) -> list[dict[str, Any]]:
        return [f for leg_id in leg_ids for f in (legs[leg_id], *stretches.get(leg_id, ()))]

    collection = _Collection()
    files = [(f"{layer_id}.geojson", collection.text(features(legs_in_layer(tables, layer_id))))
             for layer_id in layers]
    files.append(("all.geojson", collection.text([*features(list(legs)),
                                                  *_node_features(tables)])))
    return files


# -- tracks -----------------------------------------------------------------------------


def track_geojson_files(tables: TrackTables) -> list[tuple[str, str]]:
    """``track_points.geojson`` (a Point per fix, with its time) and
    ``track_gaps.geojson`` (a line per dark period, with its start and end)."""
    points, names = tables.points, list(TRACK_SCHEMA["track_points"])[:-1]
    columns: dict[str, list[str]] = {}
    for name in names:  # each value as JSON text; a text column's values are few
        kind = TRACK_TYPES["track_points"].get(name)
        if kind == "time":
            columns[name] = ['"' + t + '"' for t in iso_times(points[name]).tolist()]
        elif kind == "real":
            values = points[name]
            shown = rounded_values(values) if name in ("lon", "lat") else values.tolist()
            columns[name] = ["null" if v is None or v != v else repr(v) for v in shown]
        else:
            texts: dict[Any, str] = {}
            columns[name] = [texts[v] if v in texts else texts.setdefault(v, _json(v))
                             for v in points[name].tolist()]
    keys = [f'"{name}":' for name in names]
    lon, lat = columns["lon"], columns["lat"]
    features = [
        '{"type":"Feature","properties":{'
        + ",".join(key + value for key, value in zip(keys, row, strict=True))
        + '},"geometry":{"type":"Point","coordinates":[' + x + "," + y + "]}}"
        for row, x, y in zip(zip(*(columns[name] for name in names), strict=True), lon, lat,
                             strict=True)]
    gaps, gap_names = tables.gaps, list(TRACK_SCHEMA["track_gaps"])[:-1]
    gap_columns = {name: gaps[name].tolist() for name in gap_names}
    for name in ("start", "end"):
        gap_columns[name] = iso_times(gaps[name]).tolist()
    gap_features = []
    for row, line in zip(zip(*(gap_columns[n] for n in gap_names), strict=True),
                         tables.gap_lines, strict=True):
        gap_features.append(_json({"type": "Feature",
                                   "properties": dict(zip(gap_names, row, strict=True)),
                                   "geometry": _line_geometry(line_parts(line))}))
    return [("track_points.geojson", _collection(features)),
            ("track_gaps.geojson", _collection(gap_features))]


def _collection(features: list[str]) -> str:
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}\n"
