"""Bundled Natural Earth land, coastline and countries: what every read must satisfy.

- ``land(bbox, scale)`` is one valid MultiPolygon of the land inside the bbox: inland places
  are in it, open sea is not, and nothing lies outside the bbox.
- A bbox may run past 180 (unwrapped longitudes, as on the project's lines): what lies east of
  the antimeridian comes back shifted by +360, and land cut at ±180 is joined up again.
- ``countries(bbox)`` has one row per country with ``name``, ``iso_n3`` and polygons clipped to
  the bbox; ``borders(bbox)`` are the lines where two countries meet, on their outlines and
  never along a coast.
- The bundled files are the ones PROVENANCE.md describes. Importing the module loads no
  geospatial library.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
import shapely
from shapely import Point, affinity

from logimap.bundled import naturalearth
from logimap.bundled.naturalearth import BBox, borders, coastline, countries, land, wrapped_windows

INLAND = {
    "Moscow": (37.6, 55.75),
    "Denver": (-104.99, 39.74),
    "Antarctic interior": (100.0, -80.0),
    "South Pole": (0.0, -89.9),
}
OPEN_SEA = {
    "South Pacific": (160.0, -30.0),
    "Sea of Japan": (134.0, 40.0),
    "off Vladivostok": (131.5, 42.5),
    "Caspian Sea": (51.0, 42.0),
}
KOREA = (125.0, 35.0, 140.0, 45.0)
BERING = (170.0, 50.0, 200.0, 72.0)
SCALES = ("10m", "50m")


def inside(geometry: shapely.Geometry, bbox: BBox) -> bool:
    lon_min, lat_min, lon_max, lat_max = geometry.bounds
    return bbox[0] <= lon_min and bbox[1] <= lat_min and lon_max <= bbox[2] and lat_max <= bbox[3]


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", INLAND)
def test_land_contains_inland_places(name: str, scale: str) -> None:
    assert land(scale=scale).contains(Point(INLAND[name]))


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", OPEN_SEA)
def test_land_excludes_open_sea(name: str, scale: str) -> None:
    assert not land(scale=scale).contains(Point(OPEN_SEA[name]))


def test_a_coastal_city_is_on_land_at_10m() -> None:
    vladivostok = Point(131.885, 43.115)
    assert land(KOREA).distance(vladivostok) < 0.03  # degrees, about 3 km


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(
    "bbox", [KOREA, (-10.0, 35.0, 30.0, 60.0), BERING, (-190.0, -20.0, -170.0, -10.0)]
)
def test_land_is_one_valid_multipolygon_inside_the_bbox(bbox: BBox, scale: str) -> None:
    result = land(bbox, scale)
    assert result.geom_type == "MultiPolygon"
    assert result.is_valid
    assert not result.is_empty
    assert inside(result, bbox)


@pytest.mark.slow
def test_the_world_is_every_land_polygon_in_longitudes_within_180() -> None:
    world = land()
    assert world.is_valid
    assert inside(world, (-180.0, -90.0, 180.0, 90.0))
    assert land((-180.0, -90.0, 180.0, 90.0)).equals(world)


def test_land_is_cached_per_bbox_and_scale() -> None:
    assert land(KOREA) is land(tuple(float(v) for v in KOREA))
    assert land(KOREA, "50m") is not land(KOREA, "10m")


def test_an_antimeridian_bbox_has_land_on_both_sides() -> None:
    bering = land(BERING)
    assert bering.contains(Point(175.0, 66.0))  # Chukotka, west of 180
    assert bering.contains(Point(-175.0 + 360.0, 66.5))  # Chukotka, east of 180
    assert bering.contains(Point(-162.0 + 360.0, 65.0))  # Alaska, Seward Peninsula
    assert not bering.contains(Point(-162.0, 65.0))  # nothing comes back unshifted
    assert any(polygon.bounds[0] > 180.0 for polygon in bering.geoms)


@pytest.mark.parametrize("scale", SCALES)
def test_land_cut_at_the_antimeridian_is_joined_again(scale: str) -> None:
    chukotka = [p for p in land(BERING, scale).geoms if p.contains(Point(175.0, 66.0))]
    assert len(chukotka) == 1
    assert chukotka[0].bounds[0] < 180.0 < chukotka[0].bounds[2]


def test_the_same_land_either_way_round_the_antimeridian() -> None:
    east = land(BERING)
    west = land((-190.0, 50.0, -160.0, 72.0))
    assert affinity.translate(west, 360.0).symmetric_difference(east).area < 1e-9


def test_wrapped_windows_split_an_unwrapped_bbox_at_180() -> None:
    assert wrapped_windows(BERING) == [
        ((170.0, 50.0, 180.0, 72.0), 0.0),
        ((-180.0, 50.0, -160.0, 72.0), 360.0),
    ]
    assert wrapped_windows(KOREA) == [(KOREA, 0.0)]
    assert wrapped_windows((-190.0, 0.0, -170.0, 10.0)) == [
        ((170.0, 0.0, 180.0, 10.0), -360.0),
        ((-180.0, 0.0, -170.0, 10.0), 0.0),
    ]


@pytest.mark.parametrize("bbox", [(10.0, 0.0, 5.0, 1.0), (0.0, 5.0, 1.0, 5.0), (0, 0, 400, 1)])
def test_a_bbox_must_have_min_below_max_and_span_at_most_360(bbox: BBox) -> None:
    with pytest.raises(ValueError, match="bbox"):
        land(bbox)


def test_unknown_scales_are_refused() -> None:
    with pytest.raises(ValueError, match="110m"):
        land(KOREA, "110m")
    with pytest.raises(ValueError, match="10m"):
        countries(KOREA, "10m")


def test_countries_in_a_bbox_have_names_codes_and_clipped_polygons() -> None:
    frame = countries(KOREA)
    assert list(frame.columns) == ["name", "iso_n3", "geometry"]
    assert {"Russia", "North Korea", "South Korea", "Japan", "China"} <= set(frame["name"])
    assert frame.set_index("name").loc["North Korea", "iso_n3"] == "408"
    assert frame.crs.to_epsg() == 4326
    assert (frame.geom_type == "MultiPolygon").all()
    assert frame.is_valid.all()
    assert all(inside(g, KOREA) for g in frame.geometry)


def test_a_country_cut_by_the_antimeridian_is_one_row() -> None:
    frame = countries(BERING)
    assert sorted(frame["name"]) == ["Russia", "United States of America"]
    russia = frame.set_index("name").loc["Russia", "geometry"]
    assert russia.bounds[0] < 180.0 < russia.bounds[2]
    assert frame.is_valid.all()


def test_borders_are_where_two_countries_meet_and_never_a_coast() -> None:
    lines = borders(KOREA)
    frame = countries(KOREA).set_index("name")
    north, russia, china = (frame.loc[n, "geometry"] for n in ("North Korea", "Russia", "China"))

    assert lines.geom_type == "MultiLineString" and inside(lines, KOREA)
    assert lines.distance(Point(130.6, 42.4)) < 0.05  # the Tumen, North Korea and Russia
    on_outlines = shapely.union_all([north.boundary, russia.boundary, china.boundary])
    assert lines.difference(on_outlines.buffer(1e-6)).length == 0.0
    coast = coastline(KOREA, "50m")
    assert lines.intersection(coast.buffer(0.01)).length < 0.01 * lines.length
    assert borders(BERING).is_empty  # Russia and the United States share no land border


def test_coastline_stops_at_the_bbox_and_has_no_cut_along_180() -> None:
    coast = coastline(BERING)
    assert coast.geom_type == "MultiLineString"
    assert inside(coast, BERING)
    meridian = shapely.LineString([(180.0, 50.0), (180.0, 72.0)])
    assert shapely.intersection(coast, meridian).length == 0.0
    assert coast.length > 0.0


@pytest.mark.parametrize("data", ["naturalearth", "sealanes"])
def test_every_bundled_file_is_recorded_in_its_provenance_with_its_digest(data: str) -> None:
    folder = files("logimap") / "data" / data
    provenance = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `([\w-]+\.(?:fgb|npz))` \|.*\| `([0-9a-f]{64})` \|",
                               provenance))
    assert set(recorded) == {item.name for item in folder.iterdir()
                             if item.name.endswith((".fgb", ".npz"))}
    for name, digest in recorded.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_the_test_places_are_recorded_in_their_provenance_with_their_digest() -> None:
    folder = Path(__file__).parent / "data"
    provenance = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `([\w-]+\.csv)` \|.*\| `([0-9a-f]{64})` \|", provenance))
    assert set(recorded) == {item.name for item in folder.glob("*.csv")}
    for name, digest in recorded.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_importing_the_module_loads_no_geospatial_library() -> None:
    code = (
        "import sys, logimap.bundled.naturalearth; "
        "print(sorted(m for m in ('geopandas', 'pyogrio', 'shapely') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert naturalearth.LAND_SCALES == ("10m", "50m")
