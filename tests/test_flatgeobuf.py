"""The bundled FlatGeobuf reader reads what GDAL reads.

- Every bundled file comes back feature for feature as GDAL (through pyogrio) reads it: the
  same shapes to the byte (as WKB), the same properties, in the same order.
- With a bbox, it keeps exactly the features GDAL's spatial filter keeps, in GDAL's order:
  small and large windows, windows at ±180 and at the poles, and windows holding nothing.
- A file that is not FlatGeobuf, or a column the file lacks, is an error naming the file.
- Reading loads neither pyogrio nor pandas.
"""

from __future__ import annotations

import random
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pyogrio
import pyogrio.raw
import pytest
import shapely

from logimap.bundled import flatgeobuf

DATA = Path(str(files("logimap") / "data"))
BUNDLED = sorted(DATA.glob("*/*.fgb"))
WINDOWS = [(-180.0, -90.0, 180.0, 90.0), (130.0, 40.0, 132.0, 44.0), (179.0, 60.0, 180.0, 72.0),
           (-180.0, 60.0, -170.0, 72.0), (-10.0, -90.0, 10.0, -80.0), (0.0, 89.5, 1.0, 90.0),
           (-150.0, -50.0, -149.0, -49.5), (3.0, 51.0, 5.0, 52.5), (37.0, 55.0, 38.0, 56.0)]


def _random_windows(count: int, seed: int) -> list[tuple[float, float, float, float]]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        width = rng.choice([0.3, 1.0, 4.0, 16.0, 60.0])
        west, south = rng.uniform(-180.0, 180.0 - width), rng.uniform(-90.0, 90.0 - width / 2)
        found.append((west, south, west + width, south + width / 2))
    return found


def test_there_are_bundled_files_to_compare():
    assert {path.name for path in BUNDLED} >= {"land-10m.fgb", "countries-50m.fgb",
                                                "sealanes.fgb", "rivers-10m.fgb"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_whole_file_reads_as_gdal_reads_it(path):
    names = tuple(pyogrio.read_info(path)["fields"])
    _, _, wkb, values = pyogrio.raw.read(path, columns=list(names))
    read = flatgeobuf.read(path, columns=names)
    assert len(read.geometries) == len(wkb) > 0
    assert [shapely.to_wkb(g) for g in read.geometries] == [bytes(w) for w in wkb]
    for name, expected in zip(names, values, strict=True):
        assert read.columns[name] == list(expected), name


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_window_keeps_the_features_gdal_keeps(path):
    for window in WINDOWS + _random_windows(40, seed=len(path.name)):
        _, _, wkb, _ = pyogrio.raw.read(path, bbox=window, columns=[])
        read = flatgeobuf.read(path, window)
        assert [shapely.to_wkb(g) for g in read.geometries] == [bytes(w) for w in wkb], window


def test_a_window_in_open_water_holds_no_land():
    read = flatgeobuf.read(DATA / "naturalearth" / "land-10m.fgb", (-150.0, -50.0, -149.0, -49.5))
    assert len(read.geometries) == 0


def test_a_file_that_is_not_flatgeobuf_is_an_error_naming_it(tmp_path):
    path = tmp_path / "land.fgb"
    path.write_bytes(b"PK\x03\x04 not a FlatGeobuf file")
    with pytest.raises(flatgeobuf.FlatGeobufError, match=r"land\.fgb: not a FlatGeobuf file"):
        flatgeobuf.read(path)


def test_a_column_the_file_lacks_is_an_error_naming_it():
    path = DATA / "naturalearth" / "countries-50m.fgb"
    with pytest.raises(flatgeobuf.FlatGeobufError,
                       match=r"countries-50m\.fgb: has no column 'pop'"):
        flatgeobuf.read(path, columns=("name", "pop"))


def test_reading_loads_neither_pyogrio_nor_pandas():
    code = ("import sys; from logimap.bundled import naturalearth as ne; "
            "ne.land((130, 40, 132, 44)); ne.country_shapes(); ne.island_shapes(); "
            "from logimap.route.lanes import lanes; lanes(); "
            "print(sorted({'pyogrio', 'pandas', 'geopandas'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
