"""The route store: a rebuild reads back what an earlier build routed, and gives the same bytes.

- A build with a store writes exactly what a build without one writes, whether the store was
  empty or filled by an earlier build, and a filled store spares the routing libraries.
- A changed input (a station moved) is routed again: the build equals a build without store.
- A store that cannot be used (a corrupt file, a path that is a file, ``LOGIMAP_CACHE_DIR=""``,
  ``--no-cache``) stores nothing and never fails a build.
- Results kept under another fingerprint (other code, data or libraries) are dropped.
- A store is empty (a first build: the routing libraries are imported before the child
  routing rail and road legs is forked) until a result is kept in it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import logimap
import logimap.store.results
from logimap.geo.geodesy import length_km
from logimap.pipeline import build
from logimap.route import route_inputs
from logimap.store.results import FILE_NAME, RouteStore, pack_line, unpack_line
from tests.conftest import replace_in, run
from tests.test_build import digests


def stored(folder: Path) -> int:
    import sqlite3

    with sqlite3.connect(folder / FILE_NAME) as db:
        return db.execute("SELECT COUNT(*) FROM results").fetchone()[0]


@pytest.mark.slow
def test_a_build_from_the_store_writes_the_same_bytes_as_one_without(tmp_path: Path):
    scenario = logimap.load()
    build(scenario, tmp_path / "plain")
    build(scenario, tmp_path / "filling", store=RouteStore(tmp_path / "store"))
    kept = stored(tmp_path / "store")
    build(scenario, tmp_path / "from-store", store=RouteStore(tmp_path / "store"))

    # a route per distinct leg, a land check per distinct sea line, the passages or borders
    # of each distinct routed line, a country check per place with a country, and the basemap
    routes = {json.dumps(route_inputs(scenario, leg), sort_keys=True) for leg in scenario.legs}
    sea = sum(1 for leg in scenario.legs if leg.mode == "sea")
    routed = sum(1 for leg in scenario.legs if leg.mode != "air" and leg.path != "direct")
    places = sum(1 for node in scenario.nodes if node.country)
    assert len(routes) + places + 1 < kept <= len(routes) + sea + routed + places + 1
    assert digests(tmp_path / "filling") == digests(tmp_path / "plain")
    assert digests(tmp_path / "from-store") == digests(tmp_path / "plain")


ROUTING_LIBRARIES = """
import sys
from pathlib import Path
import logimap
from logimap.pipeline import route
from logimap.store.results import RouteStore
route(logimap.load(), RouteStore(Path(sys.argv[1])))
print(sorted(m for m in ("scipy.sparse.csgraph", "shapely") if m in sys.modules))
"""


@pytest.mark.slow
def test_routing_from_a_filled_store_does_not_load_the_routing_libraries(tmp_path: Path):
    def routing_libraries() -> str:
        done = subprocess.run([sys.executable, "-c", ROUTING_LIBRARIES, str(tmp_path / "store")],
                              capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert routing_libraries() == "['scipy.sparse.csgraph', 'shapely']"
    assert routing_libraries() == "[]"


@pytest.mark.slow
def test_a_moved_station_is_routed_again(project: Path, tmp_path: Path):
    store = tmp_path / "store"
    build(logimap.load(project), tmp_path / "before", store=RouteStore(store))
    replace_in(project / "geodata" / "nodes.csv", "43.8000,131.9670", "43.8100,131.9770")
    moved = logimap.load(project)

    build(moved, tmp_path / "from-store", store=RouteStore(store))
    build(moved, tmp_path / "plain")

    assert digests(tmp_path / "from-store") == digests(tmp_path / "plain")
    assert digests(tmp_path / "from-store") != digests(tmp_path / "before")


@pytest.mark.slow
def test_a_corrupt_store_is_left_alone_and_the_build_succeeds(tmp_path: Path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"not a database\x00" * 100)
    scenario = logimap.load()

    store = RouteStore(folder)
    build(scenario, tmp_path / "out", store=store)
    build(scenario, tmp_path / "plain")

    assert not store.active
    assert digests(tmp_path / "out") == digests(tmp_path / "plain")


def test_a_store_path_that_is_a_file_stores_nothing(tmp_path: Path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    store = RouteStore(tmp_path / "file")
    key = store.key({"a": 1})

    assert not store.active
    store.put(key, b"1")
    assert store.get([key]) == {}


def test_an_empty_cache_dir_setting_turns_the_store_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LOGIMAP_CACHE_DIR", "")
    assert not RouteStore.default().active

    monkeypatch.delenv("LOGIMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert logimap.store.results.default_dir() == Path("/somewhere/logimap")


@pytest.mark.slow
def test_the_commands_keep_routes_in_the_cache_dir_unless_told_not_to(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("LOGIMAP_CACHE_DIR", str(tmp_path / "store"))

    assert run("validate", "--no-cache").exit_code == 0
    assert not (tmp_path / "store").exists()
    assert run("build", "--out", str(tmp_path / "maps")).exit_code == 0
    assert stored(tmp_path / "store") > 0


def test_results_under_another_fingerprint_are_dropped(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path):
    store = RouteStore(tmp_path)
    key = store.key({"leg": 1})
    store.put(key, pack_line([(0.5, 1.25)], 2.0))
    store.save()
    assert unpack_line(RouteStore(tmp_path).get([key])[key]) == (((0.5, 1.25),), 2.0)

    monkeypatch.setattr(logimap.store.results, "fingerprint", lambda: "other code")
    other = RouteStore(tmp_path)

    assert other.key({"leg": 1}) != key
    assert other.get([key]) == {}
    assert stored(tmp_path) == 0


def test_a_line_comes_back_exactly_as_it_was_kept():
    line = ((129.80000000000001, 41.3), (-179.99999999999997, 1e-300), (180.5, -85.0511))

    assert unpack_line(pack_line(line, 1234.5678901234567)) == (line, 1234.5678901234567)


def test_a_line_s_schematic_stretches_and_moved_waypoints_come_back_only_when_sound():
    """Kept with the line: an approach from its first stop and a waypoint passed beside it;
    read back, each must end at its stop, be no longer than off_network_km and lie within it
    of the waypoint."""
    from logimap.store.values import Unusable, leg_line, line_marks

    stops = [["port", 130.0, 42.0], ["wp", 130.5, 42.0], ["end", 131.0, 42.0]]
    line = ((130.0, 42.0), (130.02, 42.0), (130.5, 42.001), (131.0, 42.0))
    marks = line_marks((("approach", 0, 0, 1),), ((1, 2),))
    value = pack_line(line, length_km(line), marks)

    assert leg_line(value, stops, 50.0) == (line, length_km(line), (("approach", 0, 0, 1),),
                                            ((1, 2),))
    with pytest.raises(Unusable, match="longer than the project allows"):
        leg_line(pack_line(line, length_km(line), line_marks((("approach", 0, 0, 3),), ())),
                 stops, 50.0)
    with pytest.raises(Unusable, match="does not end at its stop 'end'"):
        leg_line(pack_line(line, length_km(line), line_marks((("approach", 2, 0, 1),), ())),
                 stops, 50.0)
    with pytest.raises(Unusable, match="moved too far"):
        leg_line(pack_line(line, length_km(line), line_marks((), ((1, 2),))), stops, 0.05)
    with pytest.raises(Unusable, match="does not pass the leg's stop 'wp'"):
        leg_line(pack_line(line, length_km(line)), stops, 50.0)


def test_the_fingerprint_follows_the_routing_code(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path):
    package = Path(logimap.store.results.__file__).parents[1]
    copy = tmp_path / "logimap"
    for name in (*logimap.store.results.SOURCES, *logimap.store.results.DATA):
        source, target = package / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.write_bytes(source.read_bytes())
    monkeypatch.setattr(logimap.store.results, "__file__", str(copy / "store" / "results.py"))
    before = logimap.store.results.fingerprint()

    with open(copy / "route" / "sea.py", "a", encoding="utf-8") as source:
        source.write("\n# changed\n")

    assert logimap.store.results.fingerprint() != before


def test_a_store_is_empty_until_a_result_is_kept(tmp_path: Path):
    store = RouteStore(tmp_path / "store")
    assert store.empty
    store.put(store.key({"leg": "a"}), b"line")
    assert not store.empty
    store.save()
    assert not RouteStore(tmp_path / "store").empty
    assert RouteStore(None).empty
