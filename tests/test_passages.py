"""Named sea passages: what a line goes through, and how passages are named.

- ``passages_along(line)`` lists the passages a line really goes through, in order. The lines
  here are geodesics between sea points picked by hand from known geography (positions of
  well-known ports, capes and straits, to a tenth of a degree or so), never from the router;
  the long ones are checked to stay off the bundled 1:10m land, except on a canal.
- Longitudes are unwrapped: a line over the Bering Strait is the same whether it runs at
  -170 or at 190.
- Every gate ends on land, so a line at sea cannot slip round it; a canal's gate is all on
  land.
- searoute's own passage names on its lanes (an independent source) agree with the gates.
- ``find`` takes ids and aliases whatever their case, accents or punctuation, and names the
  nearest passages when it knows none.
- The bundled file is the one PROVENANCE.md describes; importing the module and looking a name
  up loads no geospatial library.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.resources import files
from itertools import pairwise

import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Geod

from logimap.bundled.naturalearth import land
from logimap.route.passages import UnknownPassage, find, passages, passages_along

GEOD = Geod(ellps="WGS84")
DATA = files("logimap") / "data" / "passages"

# Shanghai to Port Suez: East China Sea, Taiwan Strait, South China Sea, Singapore Strait,
# Strait of Malacca, north of Sumatra, south of Sri Lanka, Gulf of Aden, Bab-el-Mandeb, west
# of the Hanish islands, Red Sea, Gulf of Suez
TO_SUEZ = [(123.0, 30.8), (122.6, 28.5), (121.0, 26.5), (119.9, 24.5), (118.0, 22.5),
           (112.0, 14.0), (106.5, 5.0), (104.6, 1.6), (104.3, 1.25), (103.85, 1.19),
           (103.5, 1.2), (102.5, 1.9), (101.0, 2.6), (99.5, 3.8), (98.0, 5.8), (95.5, 6.2),
           (80.5, 5.6), (60.0, 13.0), (50.0, 12.5), (45.0, 12.4), (43.6, 12.45),
           (43.4, 12.55), (43.2, 12.9), (42.3, 13.9), (41.5, 15.0), (38.5, 21.0),
           (34.3, 27.3), (33.75, 27.85), (33.0, 28.8), (32.7, 29.4), (32.57, 29.85)]
# the Suez Canal: Suez, Great Bitter Lake, Lake Timsah (Ismailia), Port Said
CANAL = [(32.57, 29.85), (32.40, 30.35), (32.30, 30.58), (32.31, 31.27), (32.3, 31.5)]
# Port Said to Rotterdam: Mediterranean, Sicily Channel, Alboran Sea, Strait of Gibraltar,
# off Portugal, Bay of Biscay, Ushant, English Channel, Strait of Dover, North Sea
TO_ROTTERDAM = [(32.3, 31.5), (28.0, 33.5), (20.0, 35.0), (12.0, 37.3), (5.0, 37.5),
                (-2.0, 36.2), (-5.45, 35.97), (-6.5, 36.0), (-9.5, 37.0), (-9.8, 43.5),
                (-5.6, 48.6), (-2.0, 49.9), (1.0, 50.7), (1.45, 51.0), (2.0, 51.3),
                (3.5, 51.9), (4.0, 52.0)]


def geodesic(points: list[tuple[float, float]], step_km: float = 20.0) -> np.ndarray:
    """The geodesics between the points, a point about every ``step_km``, longitudes
    unwrapped (each within 180 degrees of the one before)."""
    out = [points[0]]
    for a, b in pairwise(points):
        count = int(GEOD.inv(*a, *b)[2] / 1000.0 / step_km)
        for lon, lat in [*(GEOD.npts(*a, *b, count - 1) if count > 1 else []), b]:
            out.append((lon + 360.0 * round((out[-1][0] - lon) / 360.0), lat))
    return np.array(out)


def assert_at_sea(line: np.ndarray) -> None:
    (west, south), (east, north) = line.min(axis=0), line.max(axis=0)
    ground = land((west - 0.1, south - 0.1, east + 0.1, north + 0.1))
    segments = shapely.linestrings(np.stack([line[:-1], line[1:]], axis=1))
    over = np.nonzero(shapely.intersects(ground, segments))[0]
    assert not len(over), f"the test line crosses land at {line[over[:3]].tolist()}"


def along(points: list[tuple[float, float]]) -> list[str]:
    return [crossing.passage for crossing in passages_along(geodesic(points))]


def test_a_line_through_the_strait_of_gibraltar() -> None:
    line = geodesic([(5.0, 37.0), (-5.6, 35.95), (-10.0, 36.0)])
    assert_at_sea(line)
    assert [c.passage for c in passages_along(line)] == ["gibraltar"]


def test_a_line_across_the_open_atlantic_goes_through_nothing() -> None:
    line = geodesic([(-40.0, 20.0), (-30.0, 45.0)])
    assert_at_sea(line)
    assert passages_along(line) == []


def test_shanghai_to_rotterdam_through_suez_in_order() -> None:
    for part in (TO_SUEZ, TO_ROTTERDAM):
        assert_at_sea(geodesic(part))
    line = np.concatenate([geodesic(TO_SUEZ), geodesic(CANAL)[1:], geodesic(TO_ROTTERDAM)[1:]])
    crossings = passages_along(line)
    assert [c.passage for c in crossings] == [
        "taiwan", "singapore", "malacca", "bab-el-mandeb", "suez", "gibraltar", "dover"]
    indices = [c.index for c in crossings]
    assert indices == sorted(indices)
    # each index is the segment where the crossing is: Suez between Suez and Port Said
    suez = crossings[4].index
    assert line[suez, 1] >= 29.85 and line[suez + 1, 1] <= 31.27


def test_the_same_line_backwards_goes_through_the_same_passages_in_reverse() -> None:
    line = np.concatenate([geodesic(TO_SUEZ), geodesic(CANAL)[1:], geodesic(TO_ROTTERDAM)[1:]])
    forward = [c.passage for c in passages_along(line)]
    assert [c.passage for c in passages_along(line[::-1])] == forward[::-1]


def test_rounding_the_cape_of_good_hope() -> None:
    # Cape Town, round the Cape Peninsula and Cape Agulhas, up the coast to Durban
    line = geodesic([(18.3, -33.9), (18.2, -34.6), (20.0, -35.2), (27.0, -34.3), (31.5, -31.0),
                     (31.2, -29.95)])
    assert_at_sea(line)
    assert [c.passage for c in passages_along(line)] == ["cape-of-good-hope"]
    # Cape Town to Saldanha Bay stays north of the cape
    assert along([(18.3, -33.9), (17.8, -33.0)]) == []


def test_rounding_cape_horn_but_not_through_magellan() -> None:
    line = geodesic([(-64.0, -54.8), (-66.0, -56.5), (-70.0, -56.5), (-76.0, -53.0)])
    assert_at_sea(line)
    assert [c.passage for c in passages_along(line)] == ["cape-horn"]
    # across the Strait of Magellan by Punta Arenas, north of the cape
    assert along([(-70.8, -53.3), (-70.6, -52.9), (-70.5, -52.6)]) == ["magellan"]


@pytest.mark.parametrize("shift", [0.0, -360.0, 360.0])
def test_the_bering_strait_across_the_antimeridian(shift: float) -> None:
    # from the Bering Sea east of St Lawrence Island, between Little Diomede and Cape Prince
    # of Wales, into the Chukchi Sea: longitudes 186.5 to 192 east
    points = [(lon + shift, lat) for lon, lat in
              [(186.5, 62.5), (192.0, 63.0), (192.0, 64.3), (191.5, 65.75), (191.0, 68.0)]]
    line = geodesic(points)
    assert line[:, 0].min() > 179.0 + shift
    assert_at_sea(line)
    assert [c.passage for c in passages_along(line)] == ["bering"]


def test_the_turkish_straits_and_kerch_in_order() -> None:
    # Aegean, Dardanelles at Çanakkale, Sea of Marmara, Bosporus, Black Sea, Kerch Strait,
    # Sea of Azov
    points = [(25.9, 40.0), (26.2, 40.03), (26.39, 40.15), (26.68, 40.4), (27.2, 40.7),
              (28.5, 40.85), (28.99, 41.0), (29.06, 41.12), (29.12, 41.22), (29.3, 41.5),
              (31.0, 42.5), (36.3, 44.9), (36.6, 45.2), (36.62, 45.45), (37.5, 46.5)]
    assert along(points) == ["dardanelles", "bosporus", "kerch"]
    assert along(points[::-1]) == ["kerch", "bosporus", "dardanelles"]


@pytest.mark.parametrize("points", [
    # Kattegat, Øresund at Helsingør, Copenhagen, Baltic
    [(11.5, 57.0), (12.2, 56.4), (12.65, 56.05), (12.75, 55.7), (13.5, 55.0)],
    # Kattegat, Great Belt at Nyborg and Korsør, Kiel Bay
    [(11.3, 56.5), (11.1, 55.75), (10.95, 55.33), (11.0, 54.8), (10.6, 54.5)],
    # Little Belt between Fredericia and Middelfart
    [(10.2, 55.7), (9.75, 55.54), (9.85, 55.3), (10.2, 54.9)],
], ids=["oresund", "great-belt", "little-belt"])
def test_each_danish_strait_is_the_danish_straits(points: list[tuple[float, float]]) -> None:
    assert along(points) == ["danish-straits"]


@pytest.mark.parametrize(("points", "passage"), [
    # Port Said, Lake Timsah, Great Bitter Lake, Suez
    ([(32.31, 31.27), (32.30, 30.58), (32.40, 30.35), (32.57, 29.95)], "suez"),
    # Colón, Gatún, Gamboa, Pedro Miguel, Balboa
    ([(-79.92, 9.37), (-79.92, 9.27), (-79.69, 9.12), (-79.62, 9.02), (-79.56, 8.95)],
     "panama"),
    # the Elbe by Brunsbüttel, Rendsburg, Kiel-Holtenau
    ([(9.14, 53.89), (9.67, 54.30), (10.14, 54.37)], "kiel"),
    # Gulf of Corinth to the Saronic Gulf across the isthmus
    ([(22.94, 37.95), (23.01, 37.91)], "corinth"),
    # the Volga at Krasnoarmeysky to the Don at Kalach-na-Donu
    ([(44.55, 48.52), (43.53, 48.69)], "volga-don"),
])
def test_a_line_along_a_canal(points: list[tuple[float, float]], passage: str) -> None:
    assert along(points) == [passage]


@pytest.mark.parametrize(("points", "passage"), [
    ([(15.55, 38.45), (15.66, 38.26), (15.63, 38.05)], "messina"),
    ([(58.0, 25.0), (56.6, 26.45), (55.0, 26.5)], "hormuz"),
    ([(104.0, -6.5), (105.9, -5.95), (106.5, -5.0)], "sunda"),
    ([(115.8, -9.2), (115.85, -8.45), (116.0, -7.5)], "lombok"),
    ([(118.0, -4.0), (118.8, -1.0), (119.5, 0.8), (119.5, 3.0)], "makassar"),
    ([(121.0, 27.0), (120.0, 24.9), (118.8, 23.0)], "taiwan"),
    ([(127.0, 33.0), (129.6, 34.5), (131.5, 37.0)], "korea"),
    ([(139.0, 41.3), (140.25, 41.35), (140.6, 41.6), (142.0, 41.4)], "tsugaru"),
    ([(141.0, 45.5), (142.0, 45.7), (143.5, 45.7)], "la-perouse"),
    ([(0.5, 50.3), (1.45, 51.0), (2.5, 51.6)], "dover"),
    # Singapore's western anchorages up the Strait of Malacca: not the Singapore Strait
    ([(103.85, 1.19), (103.5, 1.2), (102.5, 1.9), (101.0, 2.6)], "malacca"),
])
def test_a_line_through_a_strait(points: list[tuple[float, float]], passage: str) -> None:
    assert along(points) == [passage]


def test_the_arctic_routes_are_restricted_and_found() -> None:
    # Kara Sea, Vilkitsky Strait, Laptev Sea
    assert along([(70.0, 75.0), (85.0, 76.5), (97.0, 77.7), (104.3, 77.75), (110.0, 77.0),
                  (125.0, 76.0)]) == ["northern-sea-route"]
    # Baffin Bay, Lancaster Sound, Barrow Strait, Viscount Melville Sound, M'Clure Strait
    assert along([(-70.0, 74.0), (-80.0, 74.0), (-91.0, 74.25), (-105.0, 74.2),
                  (-112.0, 74.5), (-120.0, 74.5), (-125.5, 74.0), (-130.0, 71.5)]) == [
        "northwest-passage"]
    # Amundsen's way: Simpson Strait, Queen Maud Gulf, Dease Strait, Coronation Gulf
    assert along([(-96.5, 68.6), (-98.5, 68.4), (-101.0, 68.3), (-106.5, 68.9),
                  (-112.0, 68.0)]) == ["northwest-passage"]
    restricted = {p.id for p in passages().values() if p.restricted}
    assert restricted == {"northern-sea-route", "northwest-passage"}


def test_a_vertex_on_a_gate_is_one_crossing() -> None:
    gate = np.asarray(find("gibraltar").gates[0].coords)
    middle = gate[1:3].mean(axis=0)
    across = np.array([gate[2, 1] - gate[1, 1], gate[1, 0] - gate[2, 0]])
    across *= 0.05 / np.hypot(*across)
    line = [tuple(middle - across), tuple(middle), tuple(middle + across)]
    assert [c.passage for c in passages_along(line)] == ["gibraltar"]


def test_there_and_back_is_two_crossings() -> None:
    there = [(28.99, 41.0), (29.06, 41.12), (29.12, 41.22), (29.3, 41.5)]
    crossings = passages_along(geodesic(there + there[-2::-1]))
    assert [c.passage for c in crossings] == ["bosporus", "bosporus"]


def test_short_or_empty_lines_go_through_nothing() -> None:
    assert passages_along([]) == []
    assert passages_along([(-5.5, 36.0)]) == []


def test_a_long_line_is_quick() -> None:
    line = np.concatenate([geodesic(TO_SUEZ, 1.9), geodesic(CANAL, 1.9)[1:],
                           geodesic(TO_ROTTERDAM, 1.9)[1:]])[:10_000]
    assert len(line) == 10_000
    passages_along(line)
    best = min(_timed(passages_along, line) for _ in range(3))
    assert best < 0.05, f"{best * 1000:.1f} ms for 10,000 points"


def _timed(function: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def _gate_features() -> list[dict]:
    return json.loads((DATA / "passages.geojson").read_text("utf-8"))["features"]


@pytest.mark.parametrize("feature", _gate_features(),
                         ids=lambda f: f"{f['properties']['id']} {f['properties']['gate']}")
def test_every_gate_ends_on_land(feature: dict) -> None:
    coords = np.asarray(feature["geometry"]["coordinates"])
    (west, south), (east, north) = coords.min(axis=0), coords.max(axis=0)
    ground = land((west - 0.2, max(south - 0.2, -90.0), east + 0.2, min(north + 0.2, 90.0)))
    ends = [shapely.Point(c) for c in coords[[0, -1]] if c[1] < 90.0]
    assert ends, "a gate has at least one end on land"
    for end in ends:
        assert ground.distance(end) < 0.001, f"{end} is off land"
    line = shapely.LineString(coords)
    over_water = shapely.difference(line, ground).length
    if feature["properties"]["kind"] == "canal":
        assert over_water == 0.0
    else:
        assert over_water > 0.0


def test_searoute_passage_names_on_its_lanes_agree_with_the_gates() -> None:
    frame = pyogrio.read_dataframe(files("logimap") / "data" / "sealanes" / "sealanes.fgb")
    crossed: dict[str, set[str]] = {}
    for tag, geometry in zip(frame["passage"], frame.geometry, strict=True):
        if tag and tag not in ("segment", "segment2", "chili"):
            found = {c.passage for c in passages_along(shapely.get_coordinates(geometry))}
            crossed.setdefault(tag, set()).update(found)
    for tag, found in crossed.items():
        assert found <= {find(tag).id}, tag
    for tag in ("suez", "panama", "bosporus", "dardanelles", "gibraltar", "ormuz",
                "babalmandab", "bering", "south_africa"):
        assert crossed[tag] == {find(tag).id}, tag


@pytest.mark.parametrize(("name", "passage"), [
    ("suez", "suez"), ("Suez Canal", "suez"), ("SUEZ", "suez"),
    ("bab-el-mandeb", "bab-el-mandeb"), ("Bab el Mandeb", "bab-el-mandeb"),
    ("babalmandab", "bab-el-mandeb"), ("Bab al-Mandab", "bab-el-mandeb"),
    ("ormuz", "hormuz"), ("Strait of Hormuz", "hormuz"),
    ("Tsushima", "korea"), ("korea strait", "korea"),
    ("Øresund", "danish-straits"), ("oresund", "danish-straits"), ("Great Belt", "danish-straits"),
    ("La Pérouse Strait", "la-perouse"), ("soya strait", "la-perouse"),
    ("Bosphorus", "bosporus"), ("Çanakkale Strait", "dardanelles"),
    ("Volga–Don Canal", "volga-don"), ("volga-don canal", "volga-don"),
    ("Drake Passage", "cape-horn"), ("south_africa", "cape-of-good-hope"),
    ("NSR", "northern-sea-route"), ("northwest", "northwest-passage"),
    ("  Strait of  Gibraltar ", "gibraltar"),
])
def test_find_takes_ids_and_aliases(name: str, passage: str) -> None:
    assert find(name).id == passage


@pytest.mark.parametrize(("name", "hint"), [
    ("Suezz", "suez"), ("Panamá canal zone", "panama"), ("Malaca", "malacca"),
])
def test_an_unknown_name_hints_at_the_nearest(name: str, hint: str) -> None:
    with pytest.raises(UnknownPassage, match=re.escape(repr(name))) as raised:
        find(name)
    assert hint in raised.value.hint
    assert isinstance(raised.value, LookupError)


def test_a_name_like_nothing_lists_the_passages() -> None:
    with pytest.raises(UnknownPassage) as raised:
        find("Atlantis")
    assert "gibraltar" in raised.value.hint and "northern-sea-route" in raised.value.hint
    with pytest.raises(UnknownPassage):
        find(12)  # type: ignore[arg-type]


def test_ids_are_slugs_and_no_alias_names_two_passages() -> None:
    owners: dict[str, set[str]] = {}
    for feature in _gate_features():
        props = feature["properties"]
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", props["id"])
        assert props["kind"] in {"canal", "strait", "cape", "route"}
        for name in (props["id"], props["name"], *props["aliases"]):
            key = re.sub(r"[\W_]", "", name.casefold().replace("ø", "o"))
            owners.setdefault(key, set()).add(props["id"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_the_bundled_file_is_the_one_its_provenance_records() -> None:
    provenance = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `([\w-]+\.geojson)` \|.*\| `([0-9a-f]{64})` \|",
                               provenance))
    assert set(recorded) == {i.name for i in DATA.iterdir() if i.name.endswith(".geojson")}
    for name, digest in recorded.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name
    for passage in passages():
        assert f"| `{passage}` |" in provenance


def test_finding_a_name_loads_no_geospatial_library() -> None:
    code = ("import sys; from logimap.route.passages import find; find('suez'); "
            "print(sorted(m for m in ('numpy', 'shapely', 'pyproj') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
