"""The observed legs' fixes and dark periods in the GIS exports: GeoPackage tables
``track_points`` and ``track_gaps``, ``geojson/track_points.geojson`` and
``geojson/track_gaps.geojson``, and in the KML a folder of tracks (``gx:Track``, which Google
Earth plays) and one of dark periods. Times are UTC, to the millisecond."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from logimap.tracks.tables import TRACK_SCHEMA, TRACK_TYPES

if TYPE_CHECKING:
    from logimap.tracks.tables import TrackTables

DECIMALS = 5  # as the other exports
KML_NAMESPACE = 'xmlns:gx="http://www.google.com/kml/ext/2.2"'
# KML colours are aabbggrr: a dark period in grey, thin, fainter than the track.
KML_GAP_STYLE = ('<Style id="dark-period"><LineStyle><color>b0505050</color><width>2</width>'
                 "</LineStyle></Style>")
KML_TRACK_STYLE = ('<Style id="observed-track"><LineStyle><color>ff1f77b4</color><width>3'
                   "</width></LineStyle><IconStyle><scale>0.5</scale></IconStyle></Style>")


def iso_times(ms: np.ndarray) -> np.ndarray:
    """Times (int64 ms since 1970) as ``2023-09-07T04:00:00.000Z`` texts."""
    text = np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms")
    return np.char.add(text.astype(str), "Z")


def _rounded(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else round(v, DECIMALS) + 0.0 for v in values.tolist()]


# -- GeoJSON ------------------------------------------------------------------------------


def geojson_files(tables: TrackTables) -> list[tuple[str, str]]:
    """``track_points.geojson`` (a Point per fix, with its time) and
    ``track_gaps.geojson`` (a line per dark period, with its start and end)."""
    from logimap.exports import line_parts

    points, names = tables.points, list(TRACK_SCHEMA["track_points"])[:-1]
    columns: dict[str, list[str]] = {}
    for name in names:  # each value as JSON text; a text column's values are few
        kind = TRACK_TYPES["track_points"].get(name)
        if kind == "time":
            columns[name] = ['"' + t + '"' for t in iso_times(points[name]).tolist()]
        elif kind == "real":
            values = points[name]
            shown = _rounded(values) if name in ("lon", "lat") else values.tolist()
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
        parts = line_parts(line)
        geometry = ({"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                    else {"type": "MultiLineString", "coordinates": parts})
        gap_features.append(_json({"type": "Feature",
                                   "properties": dict(zip(gap_names, row, strict=True)),
                                   "geometry": geometry}))
    return [("track_points.geojson", _collection(features)),
            ("track_gaps.geojson", _collection(gap_features))]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _collection(features: list[str]) -> str:
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}\n"


# -- GeoPackage ---------------------------------------------------------------------------


def write_gpkg(path: str, tables: TrackTables) -> None:
    """Append ``track_points`` (Points) and ``track_gaps`` (MultiLineStrings split at ±180)
    to the GeoPackage at ``path``, column by column: times as DATETIME in UTC, numbers as
    REAL, a missing value NULL."""
    import pyogrio.raw
    import shapely

    from logimap.exports import line_parts

    points = tables.points
    geometries = {
        "track_points": shapely.to_wkb(shapely.points(np.round(points["lon"], DECIMALS) + 0.0,
                                                      np.round(points["lat"], DECIMALS) + 0.0)),
        "track_gaps": shapely.to_wkb([shapely.MultiLineString(line_parts(line))
                                      for line in tables.gap_lines])
        if tables.gap_lines else np.array([], dtype=object),
    }
    for name, source, kind in (("track_points", points, "Point"),
                               ("track_gaps", tables.gaps, "MultiLineString")):
        columns = [c for c in TRACK_SCHEMA[name] if c != "geometry"]
        types = TRACK_TYPES[name]
        data, zones = [], {}
        for column in columns:
            values = source[column]
            if types.get(column) == "time":
                data.append(values.astype("datetime64[ms]"))
                zones[column] = np.full(len(values), 100, dtype=np.int16)  # GDAL's UTC flag
            elif types.get(column) == "real":
                data.append(values.astype(float))
            else:
                data.append(values.astype(object))
        pyogrio.raw.write(path, geometries[name], data, columns, layer=name, driver="GPKG",
                          geometry_type=kind, crs="EPSG:4326", gdal_tz_offsets=zones,
                          append=True)


# -- KML ----------------------------------------------------------------------------------


def kml_folders(tables: TrackTables, names: dict[str, str]) -> list[str]:
    """Two KML folders: "Observed tracks", a ``gx:Track`` per observed leg of the fixes
    drawn, each with its time (``names``: the legs' placemark names by leg id); and "Dark
    periods", a line per gap with its time span, named as the map labels it."""
    from logimap.exports import _kml_line, _xml, line_parts

    points = tables.points
    drawn = points["status"] == "drawn"
    times = iso_times(points["time"][drawn])
    legs, lons, lats = points["leg_id"][drawn], points["lon"][drawn], points["lat"][drawn]
    parts = ["<Folder><name>Observed tracks</name>"]
    starts = np.flatnonzero(np.r_[True, legs[1:] != legs[:-1]]) if len(legs) else []
    ends = [*starts[1:], len(legs)]
    for start, end in zip(starts, ends, strict=True):
        leg_id = str(legs[start])
        whens = "".join(f"<when>{t}</when>" for t in times[start:end].tolist())
        coords = "".join(f"<gx:coord>{x:.{DECIMALS}f} {y:.{DECIMALS}f} 0</gx:coord>"
                         for x, y in zip(lons[start:end].tolist(), lats[start:end].tolist(),
                                         strict=True))
        parts.append(f"<Placemark><name>{_xml(names.get(leg_id, leg_id))} (track)</name>"
                     f"<styleUrl>#observed-track</styleUrl><gx:Track>{whens}{coords}"
                     "</gx:Track></Placemark>")
    parts += ["</Folder>", "<Folder><name>Dark periods</name>"]
    gaps = tables.gaps
    starts_text, ends_text = iso_times(gaps["start"]).tolist(), iso_times(gaps["end"]).tolist()
    for i, line in enumerate(tables.gap_lines):
        description = (f"{gaps['label'][i]}: no fix from {starts_text[i]} to {ends_text[i]} "
                       f"({gaps['hours'][i]:g} h); leg {gaps['leg_id'][i]}, "
                       f"{gaps['source_file'][i]}")
        parts.append(f"<Placemark><name>{_xml(gaps['label'][i])}</name>"
                     f"<description>{_xml(description)}</description>"
                     f"<TimeSpan><begin>{starts_text[i]}</begin><end>{ends_text[i]}</end>"
                     "</TimeSpan><styleUrl>#dark-period</styleUrl>"
                     f"{_kml_line(line_parts(line))}</Placemark>")
    parts.append("</Folder>")
    return parts
