"""``logimap track extract``: one vessel's fixes pulled out of a dump of many (CSV or
Parquet, in the column names of the trackers' exports), filtered by id, box and time, written
in time order as a track logimap reads. The dumps are made here with the standard library
and pyarrow; the expected rows are picked from the same data by hand."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from logimap.read.tracks import read_data
from tests.conftest import run

START = datetime(2024, 3, 1, tzinfo=UTC)
SHIPS = ("273000001", "273000002", "273000003")


def _rows(count: int = 3000) -> list[dict]:
    """Fixes of three ships, every 10 minutes each, written shuffled by time."""
    rows = []
    for i in range(count):
        ship = SHIPS[i % 3]
        time = START + timedelta(minutes=10 * (i // 3))
        rows.append({"mmsi": ship, "time": time, "lat": 40.0 + (i % 97) * 0.01,
                     "lon": 130.0 + (i % 89) * 0.02, "sog": float(i % 20), "cog": 90.0})
    return rows[::-1]  # newest first: the extract must put them in order


def _expected(rows: list[dict], ship: str, west: float, south: float, east: float,
              north: float, start: datetime, end: datetime) -> list[dict]:
    kept = [r for r in rows if r["mmsi"] == ship and south <= r["lat"] <= north
            and west <= r["lon"] <= east and start <= r["time"] <= end]
    return sorted(kept, key=lambda r: r["time"])


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"mmsi": pa.array([int(r["mmsi"]) for r in rows], pa.int64()),
                      "timestamp": pa.array([r["time"] for r in rows],
                                            pa.timestamp("ms", tz="UTC")),
                      "lat": [r["lat"] for r in rows], "lon": [r["lon"] for r in rows],
                      "sog": [r["sog"] for r in rows], "cog": [r["cog"] for r in rows]})
    pq.write_table(table, path, row_group_size=500)
    return path


def _check(out: Path, expected: list[dict], knots: float = 1.0) -> None:
    written = _read(out)
    assert [row["time"] for row in written] == [
        r["time"].strftime("%Y-%m-%dT%H:%M:%S.000Z") for r in expected]
    assert [(float(row["lat"]), float(row["lon"])) for row in written] == [
        (r["lat"], r["lon"]) for r in expected]
    assert {row["id"] for row in written} == {expected[0]["mmsi"]}
    assert [float(row["speed"]) for row in written] == pytest.approx(
        [r["sog"] * knots for r in expected])


def test_one_ship_is_pulled_out_of_a_parquet_dump_by_id_box_and_time(tmp_path: Path):
    rows = _rows()
    dump = _write_parquet(tmp_path / "dump.parquet", rows)
    out = tmp_path / "tracks/ship.csv"
    out.parent.mkdir()

    result = run("track", "extract", str(dump), "--id", SHIPS[1], "--bbox",
                 "130.2,40.1,131.5,40.8", "--from", "2024-03-02", "--to", "2024-03-05T12:00Z",
                 "-o", str(out))

    assert result.exit_code == 0, result.output
    expected = _expected(rows, SHIPS[1], 130.2, 40.1, 131.5, 40.8,
                         datetime(2024, 3, 2, tzinfo=UTC), datetime(2024, 3, 5, 12, tzinfo=UTC))
    assert 10 < len(expected) < 500
    _check(out, expected)
    assert f"wrote {len(expected):,} fixes to {out}" in result.stdout
    fixes = read_data(out.read_bytes(), "tracks/ship.csv")
    assert fixes.problems == [] and len(fixes.fixes) == len(expected)


def test_a_marinecadastre_csv_is_read_with_its_own_names_and_utc_times(tmp_path: Path):
    rows = _rows(600)
    dump = tmp_path / "AIS_2024_03_01.csv"
    with open(dump, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "VesselName"])
        for r in rows:
            writer.writerow([r["mmsi"], r["time"].strftime("%Y-%m-%dT%H:%M:%S"), r["lat"],
                             r["lon"], r["sog"], r["cog"], "SYNTHETIC"])
    out = tmp_path / "ship.csv"

    result = run("track", "extract", str(dump), "--id", SHIPS[0], "-o", str(out))

    assert result.exit_code == 0, result.output
    _check(out, _expected(rows, SHIPS[0], -180, -90, 180, 90, START, START + timedelta(days=99)))


def test_opensky_speeds_in_metres_per_second_become_knots(tmp_path: Path):
    rows = _rows(300)
    dump = tmp_path / "states.csv"
    with open(dump, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["time", "icao24", "lat", "lon", "velocity", "heading", "callsign"])
        for r in rows:
            writer.writerow([int(r["time"].timestamp()), r["mmsi"], r["lat"], r["lon"],
                             r["sog"], r["cog"], "TEST1"])
    out = tmp_path / "plane.csv"

    result = run("track", "extract", str(dump), "--id", SHIPS[2], "-o", str(out))

    assert result.exit_code == 0, result.output
    _check(out, _expected(rows, SHIPS[2], -180, -90, 180, 90, START,
                          START + timedelta(days=99)), knots=3600 / 1852)


def test_a_box_across_the_antimeridian_keeps_both_sides(tmp_path: Path):
    rows = [{"mmsi": "1", "time": START + timedelta(hours=i), "lat": 50.0, "lon": lon,
             "sog": 1.0, "cog": 0.0} for i, lon in enumerate((179.5, -179.5, 170.0, -170.0))]
    dump = _write_parquet(tmp_path / "pacific.parquet", rows)
    out = tmp_path / "x.csv"

    result = run("track", "extract", str(dump), "--bbox", "175,45,-175,55", "-o", str(out))

    assert result.exit_code == 0, result.output
    assert [float(row["lon"]) for row in _read(out)] == [179.5, -179.5]


def test_progress_is_reported_while_duckdb_works(tmp_path: Path, monkeypatch):
    from logimap.read.tracks import extract

    dump = _write_parquet(tmp_path / "dump.parquet", _rows(30_000))
    seen: list[tuple[float, float]] = []
    monkeypatch.setattr(extract, "PROGRESS_EVERY_S", 0.0005)

    done = extract.extract(str(dump), tmp_path / "x.csv", [SHIPS[0]],
                           progress=lambda percent, seconds: seen.append((percent, seconds)))

    assert done.fixes == 10_000
    assert seen and all(0.0 <= percent <= 100.0 and seconds >= 0 for percent, seconds in seen)
    percents = [percent for percent, _ in seen]
    assert max(percents) > 0.0 and percents == sorted(percents)  # it moves, and forward


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "999"], "no fix matched"),
    ([], "give --id (the vessel or aircraft) or --bbox"),
    (["--bbox", "1,2,3"], "is not W,S,E,N"),
    (["--id", "1", "--from", "last week"], "'last week' is not a date"),
])
def test_a_bad_extract_says_why_and_writes_nothing(tmp_path: Path, args: list[str],
                                                   message: str):
    dump = _write_parquet(tmp_path / "dump.parquet", _rows(30))
    out = tmp_path / "x.csv"

    result = run("track", "extract", str(dump), *args, "-o", str(out))

    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [dump]


def _mixed_dump(path: Path) -> Path:
    """A dump whose time column has times with a zone and, from the third row, without."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["time", "mmsi", "lat", "lon"])
        writer.writerow(["2024-03-01T00:00:00Z", "1", "40.0", "130.0"])
        writer.writerow(["2024-03-01T09:10:00+09:00", "1", "40.1", "130.1"])
        writer.writerow(["2024-03-01T00:20:00", "1", "40.2", "130.2"])
    return path


def test_times_with_and_without_a_zone_in_one_column_need_utc(tmp_path: Path):
    dump = _mixed_dump(tmp_path / "mixed.csv")
    out = tmp_path / "x.csv"

    refused = run("track", "extract", str(dump), "--id", "1", "-o", str(out))

    assert refused.exit_code == 2
    assert ("time 2024-03-01T00:20:00 in column 'time' has no zone; if the times without one "
            "are UTC, say so with --utc") in refused.stderr
    assert not out.exists() and sorted(tmp_path.iterdir()) == [dump]

    taken = run("track", "extract", str(dump), "--id", "1", "--utc", "-o", str(out))

    assert taken.exit_code == 0, taken.output
    assert [row["time"] for row in _read(out)] == [
        "2024-03-01T00:00:00.000Z", "2024-03-01T00:10:00.000Z", "2024-03-01T00:20:00.000Z"]


@pytest.mark.parametrize("kind", ["a symbolic link", "a folder", "a device"])
def test_the_output_is_a_new_file_or_a_regular_one_never_a_link_folder_or_device(
        tmp_path: Path, kind: str):
    dump = _write_parquet(tmp_path / "dump.parquet", _rows(30))
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    if kind == "a symbolic link":
        out = tmp_path / "x.csv"
        out.symlink_to(target)
    elif kind == "a folder":
        out = tmp_path / "tracks"
        out.mkdir()
    else:
        out = Path("/dev/null")

    result = run("track", "extract", str(dump), "--id", SHIPS[0], "-o", str(out))

    assert result.exit_code == 2
    assert f"-o {str(out)!r} is {kind if kind != 'a device' else 'not a regular file'}; " \
           "give a new file name, or a regular file to replace" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert out.is_symlink() == (kind == "a symbolic link")
    assert not [p for p in tmp_path.rglob(".logimap-extract-*")]


def test_an_existing_regular_file_is_replaced(tmp_path: Path):
    dump = _write_parquet(tmp_path / "dump.parquet", _rows(30))
    out = tmp_path / "x.csv"
    out.write_text("old\n", encoding="utf-8")

    result = run("track", "extract", str(dump), "--id", SHIPS[0], "-o", str(out))

    assert result.exit_code == 0, result.output
    assert len(_read(out)) == 10


def test_an_error_writing_names_the_output_not_a_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import tempfile

    dump = _write_parquet(tmp_path / "dump.parquet", _rows(30))
    out = tmp_path / "x.csv"
    staged = tmp_path / "gone" / ".logimap-extract-1.csv"  # its folder vanished meanwhile
    made = tempfile.mkstemp

    def mkstemp(**kwargs):
        handle, path = made(**kwargs)
        Path(path).unlink()
        return handle, str(staged)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)

    result = run("track", "extract", str(dump), "--id", SHIPS[0], "-o", str(out))

    assert result.exit_code == 2
    assert "the extract failed" in result.stderr
    assert str(out) in result.stderr
    assert ".logimap-extract-" not in result.stderr


@pytest.mark.parametrize(("text", "box"), [
    ("129.5,41.5,133.5,43.5", (129.5, 41.5, 133.5, 43.5)),
    ("-180,-90,180,90", (-180.0, -90.0, 180.0, 90.0)),
    ("175,45,-175,55", (175.0, 45.0, -175.0, 55.0)),
])
def test_a_box_is_west_south_east_north(text: str, box: tuple):
    from logimap.read.tracks.extract import parse_bbox

    assert parse_bbox(text) == box


@pytest.mark.parametrize("text", ["-180.1,0,10,10", "0,0,180.1,10", "0,-90.1,10,10",
                                  "0,0,10,90.1", "0,10,10,10", "0,11,10,10", "-181,0,-170,1",
                                  "0,0,-181,1"])
def test_a_box_off_the_globe_is_refused(text: str):
    from logimap.errors import UsageError
    from logimap.read.tracks.extract import parse_bbox

    with pytest.raises(UsageError) as refused:
        parse_bbox(text)

    assert str(refused.value) == (f"--bbox {text!r} is not a box on the globe: W and E within "
                                  "-180..180, S below N within -90..90")


@pytest.mark.parametrize(("text", "last", "moment"), [
    ("2023", False, datetime(2023, 1, 1, tzinfo=UTC)),
    ("2023", True, datetime(2023, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
    ("2024-02", True, datetime(2024, 2, 29, 23, 59, 59, 999000, tzinfo=UTC)),
    ("2023-09-07", False, datetime(2023, 9, 7, tzinfo=UTC)),
    ("2023-09-07T13:00+09:00", True, datetime(2023, 9, 7, 4, tzinfo=UTC)),
])
def test_from_and_to_are_dates_or_zoned_times(text: str, last: bool, moment: datetime):
    from logimap.read.tracks.extract import parse_moment

    assert parse_moment(text, last=last) == moment


def _csv_dump(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_times_as_seconds_or_milliseconds_since_1970_are_read_as_utc(tmp_path: Path):
    seconds = int(START.timestamp())
    dump = _csv_dump(tmp_path / "d.csv", ["time", "id", "lat", "lon"],
                     [[seconds, 1, 40.0, 130.0], [seconds * 1000 + 600_500, 1, 40.1, 130.1],
                      [seconds + 1200.25, 1, 40.2, 130.2]])
    out = tmp_path / "x.csv"

    result = run("track", "extract", str(dump), "--id", "1", "-o", str(out))

    assert result.exit_code == 0, result.output
    assert [row["time"] for row in _read(out)] == [
        "2024-03-01T00:00:00.000Z", "2024-03-01T00:10:00.500Z", "2024-03-01T00:20:00.250Z"]
    assert [row["speed"] for row in _read(out)] == ["", "", ""]


def test_times_without_a_zone_in_a_typed_column_need_utc(tmp_path: Path):
    dump = _csv_dump(tmp_path / "d.csv", ["time", "id", "lat", "lon"],
                     [["2024-03-01 00:00:00", 1, 40.0, 130.0]])

    result = run("track", "extract", str(dump), "--id", "1", "-o", str(tmp_path / "x.csv"))

    assert result.exit_code == 2
    assert ("the times in column 'time' have no zone; if they are UTC (as MarineCadastre's and "
            "MarineTraffic's are), say so with --utc") in result.stderr


@pytest.mark.parametrize(("name", "header", "args", "message"), [
    ("d.csv", ["when", "id", "lat", "lon"], ["--id", "1"],
     "has no time column (looked for time, timestamp, datetime, date_time; it has when, id, "
     "lat, lon)"),
    ("d.csv", ["time", "lat", "lon"], ["--id", "1"],
     "has no id column (looked for id, mmsi, icao24, icao, hex; it has time, lat, lon)"),
    ("d.json", ["time", "id", "lat", "lon"], ["--id", "1"],
     "is neither CSV (.csv, .csv.gz) nor Parquet (.parquet)"),
])
def test_a_dump_without_the_columns_needed_says_which(tmp_path: Path, name: str,
                                                      header: list[str], args: list[str],
                                                      message: str):
    dump = _csv_dump(tmp_path / name, header, [["1"] * len(header)])

    result = run("track", "extract", str(dump), *args, "-o", str(tmp_path / "x.csv"))

    assert result.exit_code == 2
    assert f"{str(dump)!r} {message}" in result.stderr


def test_a_dump_that_cannot_be_read_says_so(tmp_path: Path):
    dump = tmp_path / "broken.parquet"
    dump.write_bytes(b"not parquet")

    result = run("track", "extract", str(dump), "--id", "1", "-o", str(tmp_path / "x.csv"))

    assert result.exit_code == 2
    assert f"cannot read {str(dump)!r}: " in result.stderr
