"""The GeoPackage export: typed columns, link tables and QGIS default styles.

GDAL (through pyogrio) writes every table with the types of ``tables.COLUMN_TYPES``: DATETIME
(UTC) for a period's first day from 00:00:00.000 and its last day to 23:59:59.999, REAL
numbers, a BOOLEAN, TEXT; a missing value is NULL. ``layer_styles`` holds QGIS's default
styles, in the table QGIS itself reads and writes them to.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logimap.errors import UsageError
from logimap.exports.basemap import BASEMAP_TABLES, basemap_geometries
from logimap.exports.values import DECIMALS, LineParts, line_parts, stretch_lines
from logimap.periods import parse_partial_date
from logimap.tables import COLUMN_TYPES, DAY_TIMES, LINKS, SCHEMA
from logimap.tables.tracks import TRACK_SCHEMA, TRACK_TYPES

if TYPE_CHECKING:
    import numpy as np

    from logimap.model import Scenario
    from logimap.tables import Tables
    from logimap.tables.tracks import TrackTables

# ``gpkg_contents.last_change`` when the caller gives none: GDAL would otherwise write the
# wall clock, the only byte that differs between two exports of the same data.
GPKG_DATE = "2000-01-01T00:00:00.000Z"
# The tables, in the order written (and listed by GDAL and QGIS).
TABLES = ("nodes", "legs", "stretches", "flows", "claims", "sources", "layers", *LINKS,
          "leg_passages")
GEOMETRY_TYPES = {"nodes": "Point", "legs": "MultiLineString", "stretches": "MultiLineString"}


@dataclass(frozen=True)
class LayerStyle:
    """A QGIS default style for one table: QML (QGIS's own) and SLD (for other tools)."""

    table: str
    name: str
    qml: str
    sld: str
    description: str


def gpkg_bytes(tables: Tables, lines: dict[str, LineParts],
               last_change: str = GPKG_DATE, styles: Sequence[LayerStyle] = ()) -> bytes:
    """A GeoPackage with layers nodes, legs and stretches (the legs' schematic stretches),
    attribute tables flows, claims, sources and layers, the link tables of ``LINKS`` and
    ``leg_passages``, the base map's layers (``exports.basemap``), and ``styles`` in
    ``layer_styles``.

    Legs and stretches are MultiLineStrings split at ±180 (``lines``: each leg's parts, as
    ``exports.values.line_parts`` makes them). ``last_change`` is written as it is given, in the
    form GeoPackage asks for (``2025-05-30T00:00:00.000Z``), also as the styles' update time.
    The file is made by GDAL in a private temporary folder; with ``OGR_CURRENT_DATE`` fixed
    its bytes depend on the data and the GDAL/SQLite versions only.
    """
    import numpy as np
    import pyogrio.raw
    import shapely

    geometries = {
        "nodes": shapely.points(tables.nodes["lon"].to_numpy(float),
                                tables.nodes["lat"].to_numpy(float)),
        "legs": [shapely.MultiLineString(lines[leg_id]) for leg_id in tables.legs["id"]],
        "stretches": [shapely.MultiLineString(parts) for parts in stretch_lines(tables)],
    }
    config = {"OGR_CURRENT_DATE": last_change, "OGR_SQLITE_JOURNAL": "OFF"}
    with _gdal_config(config), tempfile.TemporaryDirectory(prefix="logimap-gpkg-") as tmp:
        staged = str(Path(tmp) / "logimap.gpkg")
        for index, name in enumerate(TABLES):
            columns = [c for c in SCHEMA[name] if c != "geometry"]
            records = tables.records(name)
            kinds = COLUMN_TYPES.get(name, {})
            data, masks, zones = [], [], {}
            for column in columns:
                kind = kinds.get(column, "text")
                values, mask = _column_array(kind, [row[column] for row in records])
                data.append(values)
                masks.append(mask)
                if kind in DAY_TIMES:
                    zones[column] = _utc(len(records))
            geometry = geometries.get(name)
            pyogrio.raw.write(
                staged, None if geometry is None else shapely.to_wkb(
                    np.array(geometry, dtype=object)), data, columns,
                field_mask=masks, layer=name, driver="GPKG",
                geometry_type=GEOMETRY_TYPES.get(name), crs="EPSG:4326" if geometry is not None
                else None, gdal_tz_offsets=zones, append=index > 0,
                # GeoPackage 1.2: readable by older GDAL (Debian's ogrinfo) and QGIS releases.
                dataset_options={"VERSION": "1.2"} if index == 0 else None)
        if tables.tracks is not None:  # the observed legs' fixes and dark periods
            _write_tracks(staged, tables.tracks)
        _write_basemap(staged, tables)
        if styles:
            _write_styles(staged, styles, last_change)
        return Path(staged).read_bytes()


def _write_tracks(path: str, tables: TrackTables) -> None:
    """Append ``track_points`` (Points) and ``track_gaps`` (MultiLineStrings split at ±180)
    to the GeoPackage at ``path``, column by column: times as DATETIME in UTC, numbers as
    REAL, a missing value NULL."""
    import numpy as np
    import pyogrio.raw
    import shapely

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


def _write_basemap(path: str, tables: Tables) -> None:
    """Append the base map's layers (``exports.basemap``) to the GeoPackage at ``path``:
    geometries only."""
    import numpy as np
    import pyogrio.raw
    import shapely

    for name, geometries in basemap_geometries(tables).items():
        pyogrio.raw.write(path, shapely.to_wkb(np.array(geometries, dtype=object)), [], [],
                          layer=name, driver="GPKG", geometry_type=BASEMAP_TABLES[name],
                          crs="EPSG:4326", append=True)


def gpkg_date(scenario: Scenario) -> str:
    """``last_change`` for the GeoPackage, as GeoPackage writes a time
    (``2025-05-30T00:00:00.000Z``): SOURCE_DATE_EPOCH, else the data's ``as_of``, else
    ``GPKG_DATE``; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds "
                             "since 1970-01-01; unset it or give one") from None
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if scenario.as_of:
        try:
            return f"{parse_partial_date(scenario.as_of).isoformat()}T00:00:00.000Z"
        except ValueError:
            pass
    return GPKG_DATE


def _column_array(kind: str, values: list[Any]) -> tuple[np.ndarray, np.ndarray | None]:
    """A column's values as the array GDAL writes with its type, and the mask of missing
    values (None when the array marks them itself: NaN, NaT, None)."""
    import numpy as np

    if kind in DAY_TIMES:
        return np.array([f"{v}T{DAY_TIMES[kind]}" if v else "NaT" for v in values],
                        dtype="datetime64[ms]"), None
    if kind == "real":
        return np.array([np.nan if v is None else v for v in values], dtype=float), None
    if kind == "integer":
        return np.array([0 if v is None else v for v in values], dtype=np.int64), np.array(
            [v is None for v in values], dtype=bool)
    if kind == "boolean":
        return np.array([bool(v) for v in values], dtype=bool), np.array(
            [v is None for v in values], dtype=bool)
    return np.array(values, dtype=object), None


def _utc(count: int) -> np.ndarray:
    """GDAL's time zone flag for UTC (100), once per row."""
    import numpy as np

    return np.full(count, 100, dtype=np.int16)


def _write_styles(path: str, styles: Sequence[LayerStyle], last_change: str) -> None:
    """The ``layer_styles`` table as QGIS makes it, one default style per table (an empty
    catalog, schema and owner, as QGIS writes them for a GeoPackage)."""
    import numpy as np
    import pyogrio.raw

    columns = {
        "f_table_catalog": [""] * len(styles), "f_table_schema": [""] * len(styles),
        "f_table_name": [s.table for s in styles],
        "f_geometry_column": ["geom" if s.table in GEOMETRY_TYPES or s.table in BASEMAP_TABLES
                              else "" for s in styles],
        "styleName": [s.name for s in styles], "styleQML": [s.qml for s in styles],
        "styleSLD": [s.sld or None for s in styles], "useAsDefault": [True] * len(styles),
        "description": [s.description for s in styles], "owner": [""] * len(styles),
        "ui": [None] * len(styles),
    }
    data = [np.array(values, dtype=bool if name == "useAsDefault" else object)
            for name, values in columns.items()]
    moment = np.datetime64(last_change.removesuffix("Z"), "ms")
    data.append(np.full(len(styles), moment))
    pyogrio.raw.write(path, None, data, [*columns, "update_time"], layer="layer_styles",
                      driver="GPKG", append=True, layer_options={"FID": "id"},
                      gdal_tz_offsets={"update_time": _utc(len(styles))})


@contextmanager
def _gdal_config(options: dict[str, str]) -> Iterator[None]:
    """Set GDAL config options for the duration of a block, then restore the previous ones."""
    import pyogrio

    previous = {key: pyogrio.get_gdal_config_option(key) for key in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)
