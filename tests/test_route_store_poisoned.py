"""A route store poisoned or corrupted in every way reported, and some more: the build is
byte-identical to one without the store, what was wrong is computed again and overwritten, and
``-v`` says which value was not used.

The store is filled by a real build of the starter scenario, then changed with SQLite as an
attacker (or a broken disk) would: keys are computed with ``RouteStore.key``, as anyone can.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import logimap
import logimap.pipeline
import logimap.store.results
from logimap.geo.geodesy import length_km
from logimap.pipeline import build
from logimap.read.starter import write_starter
from logimap.route import route_inputs
from logimap.store.results import FILE_NAME, RouteStore, pack_line
from tests.conftest import run
from tests.test_build import digests

SEOUL, TOKYO = (126.978, 37.5665), (139.6917, 35.6895)
SEA_LEG = "sea-rajin-vostochny"
SCRIPT = "</script><script>window.__pwned=1</script>"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> tuple[logimap.Scenario, Path]:
    """The starter scenario and a build of it without a store."""
    root = tmp_path_factory.mktemp("poisoned")
    write_starter(root / "project")
    scenario = logimap.load(root / "project")
    build(scenario, root / "plain")
    return scenario, root / "plain"


@pytest.fixture
def filled(starter: tuple[logimap.Scenario, Path], tmp_path: Path) -> Path:
    """A store filled by a build of the starter."""
    build(starter[0], tmp_path / "filling", store=RouteStore(tmp_path / "store"))
    return tmp_path / "store"


def sea_key(scenario: logimap.Scenario, folder: Path) -> str:
    return RouteStore(folder).key(route_inputs(scenario, scenario.leg_by_id[SEA_LEG]))


def sea_line(scenario: logimap.Scenario, through: list[tuple[float, float]]) -> list:
    leg = scenario.leg_by_id[SEA_LEG]
    nodes = scenario.node_by_id
    ends = [(nodes[stop].lon, nodes[stop].lat) for stop in (leg.origin, leg.destination)]
    return [ends[0], *through, ends[1]]


def update(sql: str, *values: object) -> Callable[[sqlite3.Connection, logimap.Scenario, Path],
                                                  None]:
    return lambda db, scenario, folder: db.execute(sql, values)


def put_sea_line(through: list[tuple[float, float]], length: float | None = None,
                 marks: tuple[float, ...] = ()
                 ) -> Callable[[sqlite3.Connection, logimap.Scenario, Path], None]:
    def poison(db: sqlite3.Connection, scenario: logimap.Scenario, folder: Path) -> None:
        line = sea_line(scenario, through)
        value = pack_line(line, length_km(line) if length is None else length, marks)
        db.execute("UPDATE results SET value = ? WHERE key = ?",
                   (value, sea_key(scenario, folder)))
    return poison


def put_sea_passages(passages: list) -> Callable[[sqlite3.Connection, logimap.Scenario, Path],
                                                None]:
    """The sea leg's passages, as kept beside its line, replaced by ``passages``."""
    def poison(db: sqlite3.Connection, scenario: logimap.Scenario, folder: Path) -> None:
        from logimap.route import build_geometries
        from logimap.store.results import line_digest

        line = build_geometries(scenario)[SEA_LEG].coords
        key = RouteStore(folder).key({"check": "passages", "mode": "sea", "path": "",
                                      "line": line_digest(line)})
        found = db.execute("UPDATE results SET value = ? WHERE key = ?",
                           (json.dumps(passages).encode(), key)).rowcount
        assert found == 1, "the sea leg's passages are not in the store"
    return poison


LINES = "substr(value, 1, 1) NOT IN (x'5b', x'7b')"  # lines are float64 bytes, not JSON
CHECKS = "substr(value, 1, 1) = x'5b'"  # land checks are JSON lists
BASEMAP = "substr(value, 1, 1) = x'7b'"  # the basemap is a JSON mapping

POISONS = {
    "every value text, not bytes": update("UPDATE results SET value = 'text'"),
    "every value 13 bytes": update("UPDATE results SET value = zeroblob(13)"),
    "lines of a single point": update(f"UPDATE results SET value = ? WHERE {LINES}",
                                      pack_line([(130.0, 42.0)], 1.0)),
    "lines holding NaN": update(f"UPDATE results SET value = ? WHERE {LINES}",
                                pack_line([(130.3, 42.24), (float("nan"), 42.0)], 1.0)),
    "a basemap that is not UTF-8": update(f"UPDATE results SET value = x'ff7b' WHERE {BASEMAP}"),
    "a basemap that is not JSON": update(f"UPDATE results SET value = ? WHERE {BASEMAP}",
                                         b'{"land": ['),
    "a basemap holding a script": update(
        f"UPDATE results SET value = ? WHERE {BASEMAP}",
        json.dumps({"land": [[[SCRIPT]]], "borders": [SCRIPT]}).encode()),
    "a basemap off the globe": update(
        f"UPDATE results SET value = ? WHERE {BASEMAP}",
        json.dumps({"land": [[[0, 0, 1, 1, 0, 95]]], "borders": []}).encode()),
    "land checks that are not JSON": update(f"UPDATE results SET value = x'5b7b' WHERE {CHECKS}"),
    "land checks off the globe": update(f"UPDATE results SET value = ? WHERE {CHECKS}",
                                        b"[[200.0, 10.0]]"),
    "a sea leg redrawn through Seoul and Tokyo at 12345 km": put_sea_line([SEOUL, TOKYO], 12345.0),
    "a sea leg redrawn through Seoul and Tokyo at its true length": put_sea_line([SEOUL, TOKYO]),
    # marked as one approach from end to end, the land check would leave it all out
    "a sea leg redrawn through Seoul and Tokyo, all of it an approach": put_sea_line(
        [SEOUL, TOKYO], marks=(1, 0, 0, 0, 0, 3)),
    "a sea leg whose marks are not whole numbers": put_sea_line([], marks=(1, 0, 0.5, 0, 0, 1)),
    "the Suez Canal on the sea leg from Rajin": put_sea_passages(
        [["canal", 32.33, 30.55, "suez", [], "", "", None]]),
    "a passage nobody knows on the sea leg": put_sea_passages(
        [["strait", 130.3, 42.24, "atlantis", [], "", "", None]]),
    "a border on the sea leg": put_sea_passages(
        [["border", 130.3, 42.24, "", ["KP", "XX"], "", "", None]]),
    "a sea leg redrawn to end elsewhere": lambda db, scenario, folder: db.execute(
        "UPDATE results SET value = ? WHERE key = ?",
        (pack_line([sea_line(scenario, [])[0], TOKYO], length_km([sea_line(scenario, [])[0],
                                                                 TOKYO])),
         sea_key(scenario, folder))),
}


@pytest.fixture
def in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build steps run in this process, so that what they log is captured here."""
    monkeypatch.setattr(logimap.pipeline, "ROUTE_ASIDE", False)
    monkeypatch.setattr(logimap.pipeline, "EXPORTS_ASIDE", False)
    monkeypatch.setattr(logimap.pipeline, "NETWORK_ASIDE", False)


@pytest.mark.parametrize("poison", POISONS.values(), ids=POISONS.keys())
@pytest.mark.slow
def test_a_poisoned_store_gives_the_same_build_as_no_store_and_is_mended(
        starter: tuple[logimap.Scenario, Path], filled: Path, tmp_path: Path, in_turn: None,
        poison: Callable, caplog: pytest.LogCaptureFixture):
    scenario, plain = starter
    with sqlite3.connect(filled / FILE_NAME) as db:
        poison(db, scenario, filled)
    db.close()

    with caplog.at_level(logging.INFO, logger="logimap"):
        build(scenario, tmp_path / "poisoned", store=RouteStore(filled))
    missed = [r.getMessage() for r in caplog.records if "is not used" in r.getMessage()]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="logimap"):
        build(scenario, tmp_path / "mended", store=RouteStore(filled))

    assert digests(tmp_path / "poisoned") == digests(plain)
    assert digests(tmp_path / "mended") == digests(plain)
    assert missed, "no value was reported as not used"
    assert [r.getMessage() for r in caplog.records] == [], "the store was not overwritten"
    assert SCRIPT not in (tmp_path / "poisoned" / "index.html").read_text(encoding="utf-8")


def test_a_value_larger_than_the_store_reads_is_a_miss(
        starter: tuple[logimap.Scenario, Path], filled: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(logimap.store.results, "MAX_VALUE_BYTES", 100)

    build(starter[0], tmp_path / "out", store=RouteStore(filled))

    assert digests(tmp_path / "out") == digests(starter[1])


def test_validate_with_the_store_redrawing_a_sea_leg_sees_the_true_line(
        starter: tuple[logimap.Scenario, Path], filled: Path,
        monkeypatch: pytest.MonkeyPatch):
    scenario = starter[0]
    with sqlite3.connect(filled / FILE_NAME) as db:  # its true length: only land tells
        put_sea_line([SEOUL, TOKYO])(db, scenario, filled)
    db.close()
    monkeypatch.setenv("LOGIMAP_CACHE_DIR", str(filled))

    checked = run("validate", "-v", "--project", str(scenario.root))
    listed = run("build", "-v", "--project", str(scenario.root), "--out",
                 str(filled.parent / "maps"))

    assert checked.exit_code == 0, checked.output
    assert (f"note: route store: the stored line of leg '{SEA_LEG}' is not used (it crosses "
            "land); computed again") in checked.stderr
    assert listed.exit_code == 0 and "note: route store" not in listed.stderr
    legs = json.loads((filled.parent / "maps" / "geojson" / "all.geojson").read_text(
        encoding="utf-8"))["features"]
    sea = next(f for f in legs if f["id"] == SEA_LEG)
    assert sea["properties"]["length_km"] < 1000


# -- stores that are not used at all -----------------------------------------------------------

FOREIGN = {
    "a trigger": "CREATE TRIGGER t AFTER INSERT ON results BEGIN DELETE FROM results; END",
    "another table": "CREATE TABLE other (x)",
    "a view": "CREATE VIEW seen AS SELECT key FROM results",
}


@pytest.mark.parametrize("sql", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_store_holding_more_than_logimaps_table_is_left_aside(
        starter: tuple[logimap.Scenario, Path], filled: Path, tmp_path: Path, sql: str):
    with sqlite3.connect(filled / FILE_NAME) as db:
        db.execute(sql)
    db.close()

    store = RouteStore(filled)
    build(starter[0], tmp_path / "out", store=store)

    assert not store.active
    assert digests(tmp_path / "out") == digests(starter[1])


def test_a_store_file_that_is_a_named_pipe_is_left_aside(
        starter: tuple[logimap.Scenario, Path], tmp_path: Path):
    (tmp_path / "store").mkdir()
    os.mkfifo(tmp_path / "store" / FILE_NAME)

    store = RouteStore(tmp_path / "store")
    build(starter[0], tmp_path / "out", store=store)

    assert not store.active
    assert digests(tmp_path / "out") == digests(starter[1])


HOLD_THE_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


def test_a_locked_store_is_left_aside_after_a_short_wait(
        starter: tuple[logimap.Scenario, Path], filled: Path, tmp_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(filled / FILE_NAME)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        store = RouteStore(filled)
        waited = time.perf_counter() - started
        build(starter[0], tmp_path / "out", store=store)
    finally:
        holder.kill()
        holder.communicate()

    assert not store.active
    assert waited < 3.0, f"waited {waited:.1f} s for a locked store"
    assert digests(tmp_path / "out") == digests(starter[1])
