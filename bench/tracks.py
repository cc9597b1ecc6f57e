"""``python -m bench.tracks``: tracks at the scale of a year of traffic, side by side.

1. A synthetic project of ``--tracks`` observed legs (default 100) of ``--fixes`` fixes each
   (default 10,000: a million fixes), each track a CSV file: ``logimap build`` wall time,
   peak memory and index.html size, and in headless Chromium the time to load the page
   until idle and to redraw after a zoom step, beside plain folium drawing the same tracks
   as ``folium.PolyLine`` (every fix, rounded to 4 decimals as logimap's map rounds).
2. ``logimap track extract`` over a synthetic AIS Parquet of ``--rows`` rows (default 50
   million: 1,000 ships a fix a minute, in time order as dumps are), beside pandas reading
   the same file and selecting the same ship: wall time and peak memory.

Targets: page <= 1/5 of folium's and load <= 1/3 of folium's; extract memory <= 1 GB.
Results go to ``bench/TRACKS.md`` (``--out``). Every figure is the median of ``--repeat``
runs (default 3), runs interleaved with their baseline's.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import chromium
from bench.timing import LOGIMAP, PYTHON, Run, Stats, machine, run, versions

HERE = Path(__file__).resolve().parent
PAGE_TARGET = 1 / 5
LOAD_TARGET = 1 / 3
EXTRACT_MEMORY_MB = 1024
FOLIUM_BASELINE = """
import csv, sys
from pathlib import Path
import folium
from branca.element import Element
sys.path.insert(0, {root!r})
from bench.baseline import _inline_assets
fmap = folium.Map(tiles=None, prefer_canvas=False)
fmap.default_js, fmap.default_css = [], []
fmap.get_root().header.add_child(Element(_inline_assets()), name="assets")
bounds = []
for path in sorted(Path({tracks!r}).glob("*.csv")):
    with open(path, encoding="utf-8", newline="") as handle:
        points = [[round(float(r["lat"]), 4), round(float(r["lon"]), 4)]
                  for r in csv.DictReader(handle)]
    bounds += [points[0], points[-1]]
    folium.PolyLine(points, color="#1f77b4", weight=3, className="bl-leg",
                    popup=folium.Popup(path.name)).add_to(fmap)
lats, lons = [p[0] for p in bounds], [p[1] for p in bounds]
fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
fmap.save({page!r})
"""
PANDAS_BASELINE = """
import sys
import pandas as pd
frame = pd.read_parquet(sys.argv[1])
ship = frame[frame["mmsi"] == int(sys.argv[2])].sort_values("timestamp")
ship.to_csv(sys.argv[3], index=False)
print(len(ship))
"""


def generate(root: Path, tracks: int, fixes: int, seed: int = 0) -> Path:
    """A project of ``tracks`` sea legs, each drawn from a track of ``fixes`` fixes a minute
    apart: ships sailing at about 12 knots on slowly turning courses, with a few dark
    periods each; ports (nodes) where each track starts and ends. Deterministic."""
    rng = random.Random(seed)
    for folder in ("seeds", "geodata", "routes", "tracks"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    nodes = ["id,name,kind,country,lat,lon,precision,basis,note"]
    legs = []
    for n in range(tracks):
        lon, lat = 120.0 + rng.uniform(0, 20), 25.0 + rng.uniform(0, 15)
        heading, t = rng.uniform(0, 360), 1_704_067_200 + n * 600  # from 2024-01-01
        rows = ["time,lat,lon,id,speed,course"]
        for i in range(fixes):
            heading += rng.gauss(0, 2.0)
            knots = max(3.0, 12.0 + rng.gauss(0, 1.0))
            km = knots * 1.852 / 60.0
            lat += km * math.cos(math.radians(heading)) / 110.574
            lon += km * math.sin(math.radians(heading)) / (111.320 * math.cos(math.radians(lat)))
            t += 60 if rng.random() > 0.0005 else rng.randint(7, 40) * 3600  # dark periods
            rows.append(f"{t},{lat + rng.gauss(0, 0.00005):.5f},"
                        f"{lon + rng.gauss(0, 0.00005):.5f},{400000000 + n},{knots:.1f},"
                        f"{heading % 360:.1f}")
            if i == 0:
                start = (lat, lon)
        (root / f"tracks/ship-{n:03d}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        for end, (y, x) in (("a", start), ("b", (lat, lon))):
            nodes.append(f"port-{n:03d}-{end},Port {n}{end},port,,{y:.5f},{x:.5f},site,"
                         "synthetic,")
        legs.append(f"  - id: ship-{n:03d}\n    mode: sea\n    from: port-{n:03d}-a\n"
                    f"    to: port-{n:03d}-b\n    basis: observed\n"
                    f"    track: tracks/ship-{n:03d}.csv\n")
    (root / "geodata/nodes.csv").write_text("\n".join(nodes) + "\n", encoding="utf-8")
    (root / "seeds/sources.yaml").write_text(
        "sources:\n  - id: synthetic\n    publisher: bench/tracks.py\n"
        "    url: https://example.org/synthetic\n", encoding="utf-8")
    (root / "routes/scenario.yaml").write_text(
        f"title: {tracks} synthetic tracks\nas_of: 2024-12-31\nunits:\n  voyages: voyages\n"
        "layers:\n  - id: ships\n    title: Ships\n    select: {mode: sea}\n",
        encoding="utf-8")
    (root / "routes/ships.yaml").write_text(
        "id: ships\nname: Synthetic ships\ncargo: none\ndirection: anywhere\nlegs:\n"
        + "".join(legs), encoding="utf-8")
    return root


def make_dump(path: Path, rows: int, ships: int = 1000) -> None:
    """A synthetic AIS Parquet of ``rows`` rows, written by DuckDB out of core: ``ships``
    ships a fix a minute each, in time order (as AIS dumps are), columns mmsi, timestamp
    (UTC), lat, lon, sog, cog."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET memory_limit = '1GB'")
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"""COPY (
        SELECT 400000000 + (i % {ships}) AS mmsi,
               TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_minutes(i // {ships}) AS timestamp,
               30.0 + (i % {ships}) * 0.01 + sin((i // {ships}) / 500.0) AS lat,
               120.0 + (i % {ships}) * 0.02 + cos((i // {ships}) / 700.0) AS lon,
               10.0 + (i % 7) AS sog, ((i // {ships}) % 360)::DOUBLE AS cog
        FROM range({rows}) t(i)) TO '{path}' (FORMAT PARQUET, ROW_GROUP_SIZE 1000000)""")


def _stats(values: list[float]) -> Stats:
    return Stats(tuple(values))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows)]


def _row(metric: str, ours: list[float], theirs: list[float], fmt: str) -> list[str]:
    a, b = _stats(ours), _stats(theirs)
    return [metric, a.text(fmt), b.text(fmt), f"{a.median / b.median:.2f}×" if b.median else "–"]


def measure_tracks(work: Path, tracks: int, fixes: int, repeat: int, browser: str | None
                   ) -> tuple[list[str], dict[str, float]]:
    project = generate(work / "tracks-project", tracks, fixes)
    maps, page = project / "maps", project / "folium.html"
    script = work / "folium_tracks.py"
    script.write_text(FOLIUM_BASELINE.format(root=str(HERE.parent),
                                             tracks=str(project / "tracks"), page=str(page)),
                      encoding="utf-8")
    commands = {"logimap": [LOGIMAP, "build", "--project", str(project), "--out", str(maps)],
                "folium": [PYTHON, str(script)]}
    builds: dict[str, list[Run]] = {name: [] for name in commands}
    for i in range(repeat):
        for name, cmd in commands.items():
            print(f"  {tracks} tracks: {name} build {i + 1}/{repeat} ...", file=sys.stderr,
                  flush=True)
            builds[name].append(run(cmd, work, Path(tempfile.mkdtemp(dir=work))))
    sizes = {"logimap": (maps / "index.html").stat().st_size / 1e6,
             "folium": page.stat().st_size / 1e6}
    rows = [_row("build, wall s", [r.seconds for r in builds["logimap"]],
                 [r.seconds for r in builds["folium"]], "{:.2f}"),
            _row("build, peak RSS MB", [r.max_rss_mb for r in builds["logimap"]],
                 [r.max_rss_mb for r in builds["folium"]], "{:.0f}"),
            _row("index.html MB", [sizes["logimap"]], [sizes["folium"]], "{:.2f}")]
    figures = {"page": sizes["logimap"] / sizes["folium"]}
    if browser:
        pages = {"logimap": [], "folium": []}
        with chromium.driver() as playwright:
            for i in range(repeat):
                for name, (path, drawn) in {
                        "logimap": (maps / "index.html", chromium.LOGIMAP_DRAWN),
                        "folium": (page, chromium.FOLIUM_DRAWN)}.items():
                    print(f"  {tracks} tracks: {name} in Chromium {i + 1}/{repeat} ...",
                          file=sys.stderr, flush=True)
                    pages[name].append(chromium.measure(playwright, browser, path, drawn,
                                                        tracks))
        for metric, attr in (("Chromium: load to idle, ms", "load_ms"),
                             ("Chromium: zoom +1 redraw, ms", "zoom_ms")):
            rows.append(_row(metric, [getattr(p, attr) for p in pages["logimap"]],
                             [getattr(p, attr) for p in pages["folium"]], "{:.0f}"))
        figures["load"] = (_stats([p.load_ms for p in pages["logimap"]]).median
                           / _stats([p.load_ms for p in pages["folium"]]).median)
    steps = builds["logimap"][-1].stdout.strip().splitlines()
    lines = [f"## {tracks} tracks of {fixes:,} fixes ({tracks * fixes:,} fixes)", "",
             "logimap: `logimap build` of a project of observed sea legs, each drawn from a "
             "CSV track (bench/tracks.py `generate`: ships at about 12 knots, a fix a minute, "
             "a few dark periods each), every output written. folium: the same tracks read "
             "from the CSV files and drawn as `folium.PolyLine` with every fix, Leaflet "
             "inlined. Chromium as in bench/RESULTS.md (headless, network blocked, a fresh "
             "browser per load).", "",
             *_table(["metric", "logimap", "folium", "logimap ÷ folium"], rows), "",
             "The last logimap build's steps: " + "; ".join(
                 line.strip() for line in steps if " s" in line and "B  " not in line), ""]
    return lines, figures


def measure_extract(work: Path, rows: int, repeat: int) -> tuple[list[str], dict[str, float]]:
    dump = work / "ais.parquet"
    print(f"  writing a {rows:,}-row AIS Parquet ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    make_dump(dump, rows)
    made = time.perf_counter() - started
    ship = "400000007"
    script = work / "pandas_extract.py"
    script.write_text(PANDAS_BASELINE, encoding="utf-8")
    commands = {
        "logimap": [LOGIMAP, "track", "extract", str(dump), "--id", ship,
                    "-o", str(work / "ship-logimap.csv")],
        "pandas": [PYTHON, str(script), str(dump), ship, str(work / "ship-pandas.csv")]}
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for i in range(repeat):
        for name, cmd in commands.items():
            print(f"  extract: {name} {i + 1}/{repeat} ...", file=sys.stderr, flush=True)
            results[name].append(run(cmd, work))
    found = (work / "ship-logimap.csv").read_text(encoding="utf-8").count("\n") - 1
    table = [_row("wall s", [r.seconds for r in results["logimap"]],
                  [r.seconds for r in results["pandas"]], "{:.1f}"),
             _row("peak RSS MB", [r.max_rss_mb for r in results["logimap"]],
                  [r.max_rss_mb for r in results["pandas"]], "{:.0f}")]
    lines = [f"## track extract over {rows:,} rows of AIS", "",
             f"A Parquet of {rows:,} rows ({dump.stat().st_size / 1e9:.2f} GB, written by "
             f"DuckDB in {made:.0f} s: 1,000 ships a fix a minute, in time order), one ship's "
             f"{found:,} fixes pulled out: `logimap track extract ais.parquet --id {ship} -o "
             "ship.csv` beside pandas (`pd.read_parquet`, the rows of that ship, sorted, "
             "to CSV). Peak RSS is the process's own.", "",
             *_table(["metric", "logimap track extract", "pandas", "logimap ÷ pandas"], table),
             ""]
    return lines, {"extract_mb": _stats([r.max_rss_mb for r in results["logimap"]]).median}


def targets(figures: dict[str, float]) -> list[str]:
    def verdict(ok: bool) -> str:
        return "**pass**" if ok else "**miss**"

    rows = [["index.html ≤ 1/5 of folium's", f"{figures['page']:.3f}×",
             verdict(figures["page"] <= PAGE_TARGET)]]
    if "load" in figures:
        rows.append(["Chromium load ≤ 1/3 of folium's", f"{figures['load']:.3f}×",
                     verdict(figures["load"] <= LOAD_TARGET)])
    if "extract_mb" in figures:
        rows.append(["track extract peak memory ≤ 1 GB", f"{figures['extract_mb']:.0f} MB",
                     verdict(figures["extract_mb"] <= EXTRACT_MEMORY_MB)])
    return ["## Targets", "", *_table(["target", "measured", "verdict"], rows), ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tracks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100)
    parser.add_argument("--fixes", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=50_000_000,
                        help="rows of the AIS Parquet for track extract (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "TRACKS.md")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    browser = None if args.no_browser else chromium.find_chromium()
    work = Path(tempfile.mkdtemp(prefix="logimap-tracks-bench-"))
    started, load = time.perf_counter(), f"{os.getloadavg()[0]:.2f}"
    try:
        track_lines, figures = measure_tracks(work, args.tracks, args.fixes, args.repeat,
                                              browser)
        extract_lines: list[str] = []
        if args.rows:
            extract_lines, more = measure_extract(work, args.rows, args.repeat)
            figures.update(more)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    about = {**machine(), "load average (1 min), start → end":
             f"{load} → {os.getloadavg()[0]:.2f}", **versions(browser)}
    command = " ".join(["python -m bench.tracks", *(argv if argv is not None else sys.argv[1:])])
    text = "\n".join([
        "# logimap benchmarks: tracks", "",
        f"Generated by `{command}` in {(time.perf_counter() - started) / 60:.1f} min; "
        f"{args.repeat} run(s) per figure, median (min–max).", "",
        "## Machine and versions", "", *_table(["", ""], [[k, v] for k, v in about.items()]),
        "", *track_lines, *extract_lines, *targets(figures)]) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
