"""What GDAL reads from an export: run by Debian's python3 with python3-gdal.

    /usr/bin/python3 tests/gdal_probe.py FILE

Prints, as JSON, each layer GDAL finds: its geometry type, its fields with the types GDAL
gives them, and every feature's values as GDAL reads them (a missing value as null; a date
as ISO text, a time with its zone as GDAL reports it). Imports only GDAL and the standard
library; ``tests/test_gis_types.py`` judges the figures.
"""

from __future__ import annotations

import json
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()


def field_type(definition: ogr.FieldDefn) -> str:
    name = ogr.GetFieldTypeName(definition.GetType())
    if definition.GetSubType() != ogr.OFSTNone:
        name += f"({ogr.GetFieldSubTypeName(definition.GetSubType())})"
    return name


def value(feature: ogr.Feature, index: int, kind: int):
    if not feature.IsFieldSetAndNotNull(index):
        return None
    if kind in (ogr.OFTDate, ogr.OFTDateTime):
        year, month, day, hour, minute, second, zone = feature.GetFieldAsDateTime(index)
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if kind == ogr.OFTDateTime:
            utc = {0: "", 1: " local", 100: "Z"}.get(zone, f" zone {zone}")
            text += f"T{hour:02d}:{minute:02d}:{second:06.3f}{utc}"
        return text
    if kind == ogr.OFTReal:
        return feature.GetFieldAsDouble(index)
    if kind in (ogr.OFTInteger, ogr.OFTInteger64):
        return feature.GetFieldAsInteger64(index)
    return feature.GetFieldAsString(index)


def main(path: str) -> dict:
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    layers = {}
    for number in range(dataset.GetLayerCount()):
        layer = dataset.GetLayer(number)
        definition = layer.GetLayerDefn()
        fields = [definition.GetFieldDefn(i) for i in range(definition.GetFieldCount())]
        layers[layer.GetName()] = {
            "geometry": ogr.GeometryTypeToName(layer.GetGeomType()),
            "fields": {field.GetName(): field_type(field) for field in fields},
            "rows": [{field.GetName(): value(feature, i, field.GetType())
                      for i, field in enumerate(fields)} for feature in layer],
        }
    return {"gdal": gdal.__version__, "layers": layers}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), ensure_ascii=False, sort_keys=True))
