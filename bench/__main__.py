"""``python -m bench``: measure logimap beside its floors and a plain-folium baseline.

Prints the results as Markdown tables and writes them to ``bench/RESULTS.md`` (``--out``).
See ``bench/__init__.py`` for what is measured and how.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import chromium, routing, synth
from bench.timing import LOGIMAP, PYTHON, Run, Stats, machine, run, versions

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.py"
STEPS = ("load + validate", "geometry", "geometry (aside)", "sea check", "sea check (aside)",
         "place check", "place check (aside)", "tables", "maps", "exports", "exports (aside)")
ASIDE = " (aside)"  # steps run in a child process while this one works: not in "other"
HELP_TARGET_S = 0.15
BUILD = "logimap build"
REBUILD = "logimap build, routes stored"


@dataclass
class Scale:
    """Measurements at one project size, logimap beside the folium baseline."""

    legs: int
    nodes: int
    build: dict[str, list[Run]] = field(default_factory=dict)
    rebuild: list[Run] = field(default_factory=list)
    html_mb: dict[str, float] = field(default_factory=dict)
    pages: dict[str, list[chromium.PageTimes]] = field(default_factory=dict)
    steps: dict[str, Stats] = field(default_factory=dict)


def _stats(values: list[float]) -> Stats:
    return Stats(tuple(values))


def _step_times(runs: list[Run]) -> dict[str, Stats]:
    """Median time of each step ``logimap build`` prints, and the rest of its wall time."""
    found: dict[str, list[float]] = {step: [] for step in (*STEPS, "other")}
    for done in runs:
        times = {step: float(m.group(1)) for step in STEPS
                 if (m := re.search(rf"^{re.escape(step)}\s+([\d.]+) s", done.stdout, re.M))}
        for step, seconds in times.items():
            found[step].append(seconds)
        found["other"].append(done.seconds - sum(t for step, t in times.items()
                                                 if not step.endswith(ASIDE)))
    return {step: _stats(values) for step, values in found.items() if values}


def _empty_store(work: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix="store-", dir=work))


def measure_startup(times: int, work: Path, warmup: bool) -> dict[str, list[Run]]:
    """Start-up commands and the default build, each beside the interpreter floors. The
    build runs with an empty route store (as a first build) and with the routes an earlier
    build stored (as a rebuild after an edit)."""
    build = [LOGIMAP, "build", "--out", str(work / "default-maps")]
    stored = _empty_store(work)
    run(build, work, stored)  # fills the store for the rebuilds
    commands = {
        "python -c pass": ([PYTHON, "-c", "pass"], None),
        'python -c "import geopandas, folium"': ([PYTHON, "-c", "import geopandas, folium"],
                                                 None),
        "logimap --help": ([LOGIMAP, "--help"], None),
        "logimap validate": ([LOGIMAP, "validate"], stored),
        BUILD: (build, "empty"),
        REBUILD: (build, stored),
    }

    def once(cmd: list[str], store: Path | str | None) -> Run:
        return run(cmd, work, _empty_store(work) if store == "empty" else store)

    if warmup:
        for cmd, store in commands.values():
            once(cmd, store)
    results: dict[str, list[Run]] = {label: [] for label in commands}
    for i in range(times):  # interleaved, so drift affects floors and commands alike
        print(f"  start-up and default build {i + 1}/{times} ...", file=sys.stderr, flush=True)
        for label, (cmd, store) in commands.items():
            results[label].append(once(cmd, store))
    return results


def measure_scale(legs: int, times: int, work: Path, browser_exe: str | None) -> Scale:
    """Build, page size, load and zoom of a synthetic project, logimap beside folium."""
    project = synth.generate(work / f"legs-{legs}", legs)
    nodes = len((project / "geodata/nodes.csv").read_text().splitlines()) - 1
    maps, page = project / "maps", project / "baseline.html"
    commands = {"logimap": [LOGIMAP, "build", "--project", str(project), "--out", str(maps)],
                "folium": [PYTHON, str(BASELINE), str(maps), str(page)]}
    result = Scale(legs, nodes, {name: [] for name in commands})
    stored = _empty_store(work)
    for i in range(times):  # interleaved, so drift affects both alike
        for name, cmd in commands.items():
            print(f"  {legs} legs: {name} build {i + 1}/{times} ...", file=sys.stderr, flush=True)
            # logimap's builds start from an empty route store: the baseline routes nothing
            result.build[name].append(run(cmd, work, _empty_store(work)))
        if i == 0:
            run(commands["logimap"], work, stored)
        print(f"  {legs} legs: logimap rebuild {i + 1}/{times} ...", file=sys.stderr, flush=True)
        result.rebuild.append(run(commands["logimap"], work, stored))
    result.steps = _step_times(result.build["logimap"])
    files = {"logimap": (maps / "index.html", chromium.LOGIMAP_DRAWN),
             "folium": (page, chromium.FOLIUM_DRAWN)}
    result.html_mb = {name: path.stat().st_size / 1e6 for name, (path, _) in files.items()}
    if browser_exe:
        result.pages = {name: [] for name in files}
        with chromium.driver() as playwright:
            for i in range(times):
                for name, (path, drawn) in files.items():
                    print(f"  {legs} legs: {name} in Chromium {i + 1}/{times} ...",
                          file=sys.stderr, flush=True)
                    result.pages[name].append(
                        chromium.measure(playwright, browser_exe, path, drawn, legs))
    return result


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _startup_section(start: dict[str, list[Run]]) -> tuple[list[str], dict[str, float]]:
    wall = {label: _stats([r.seconds for r in runs]) for label, runs in start.items()}
    floor = wall["python -c pass"].median
    imports = wall['python -c "import geopandas, folium"'].median
    rows = [[f"`{label}`", stats.text("{:.3f}"), _ratio(stats.median, floor),
             _ratio(stats.median, imports)] for label, stats in wall.items()]
    lines = ["## Start-up and the default scenario", "",
             "Wall time in seconds, median (min–max); the default scenario is the bundled one, "
             "built with all outputs into a temporary folder: `logimap build` with an empty "
             "route store (a first build), and again with the routes an earlier build stored "
             "(a rebuild after an edit; `logimap validate` too).", ""]
    lines += _table(["command", "wall s", "÷ `python -c pass`", "÷ import floor"], rows)
    medians = {"help": wall["logimap --help"].median, "build": wall[BUILD].median,
               "rebuild": wall[REBUILD].median, "imports": imports}
    return lines, medians


def _scale_section(scale: Scale) -> list[str]:
    def row(metric: str, values: dict[str, list[float]], fmt: str) -> list[str]:
        stats = {name: _stats(v) for name, v in values.items()}
        return [metric, stats["logimap"].text(fmt), stats["folium"].text(fmt),
                _ratio(stats["logimap"].median, stats["folium"].median)]

    rows = [
        row("build, wall s", {k: [r.seconds for r in v] for k, v in scale.build.items()},
            "{:.2f}"),
        row("build with routes stored, wall s",
            {"logimap": [r.seconds for r in scale.rebuild],
             "folium": [r.seconds for r in scale.build["folium"]]}, "{:.2f}"),
        row("build, peak RSS MB", {k: [r.max_rss_mb for r in v] for k, v in scale.build.items()},
            "{:.0f}"),
        row("index.html MB", {k: [v] for k, v in scale.html_mb.items()}, "{:.2f}"),
    ]
    if scale.pages:
        for metric, attr in (("Chromium: legs drawn, ms", "drawn_ms"),
                             ("Chromium: load to idle, ms", "load_ms"),
                             ("Chromium: zoom +1 redraw, ms", "zoom_ms")):
            rows.append(row(metric, {k: [getattr(p, attr) for p in v]
                                     for k, v in scale.pages.items()}, "{:.0f}"))
    else:
        rows.append(["Chromium", "not measured", "not measured", "–"])
    steps = ", ".join(f"{step} {stats.median:.2f}" for step, stats in scale.steps.items())
    return [f"### {scale.legs:,} legs ({scale.nodes:,} nodes)", "",
            *_table(["metric", "logimap", "folium baseline", "logimap ÷ folium"], rows), "",
            f"logimap build steps, median s: {steps} "
            "(other: start-up, imports, publishing; steps marked aside ran in a child "
            "process meanwhile).", ""]


def _targets(medians: dict[str, float], scale: Scale | None) -> list[str]:
    def verdict(ok: bool) -> str:
        return "**pass**" if ok else "**miss**"

    rows = [["`logimap --help` ≤ 0.15 s", f"{medians['help']:.3f} s",
             verdict(medians["help"] <= HELP_TARGET_S)],
            ["first route of a long rail leg ≤ 1 s", f"{medians['route']:.2f} s",
             verdict(medians["route"] <= 1.0)],
            *(["default build ≤ 2× import floor" + what,
               f"{medians[key]:.2f} s = {medians[key] / medians['imports']:.2f}×",
               verdict(medians[key] <= 2 * medians["imports"])]
              for key, what in (("build", ", empty route store"),
                                ("rebuild", ", routes stored")))]
    if scale is not None:
        at = f"at {scale.legs:,} legs"
        html = scale.html_mb["logimap"] / scale.html_mb["folium"]
        rows.append([f"index.html ≤ 1/3 of baseline ({at})", f"{html:.2f}×",
                     verdict(html <= 1 / 3)])
        if scale.pages:
            load = (_stats([p.load_ms for p in scale.pages["logimap"]]).median
                    / _stats([p.load_ms for p in scale.pages["folium"]]).median)
            rows.append([f"Chromium load ≤ 1/2 of baseline ({at})", f"{load:.2f}×",
                         verdict(load <= 0.5)])
        build = (_stats([r.seconds for r in scale.build["logimap"]]).median
                 / _stats([r.seconds for r in scale.build["folium"]]).median)
        rows.append([f"build faster than baseline ({at})", f"{build:.2f}×", verdict(build < 1)])
    return ["## Targets", "", *_table(["target", "measured", "verdict"], rows), ""]


def report(args: argparse.Namespace, start: dict[str, list[Run]], scales: list[Scale],
           routing_figures: routing.Routing, browser_exe: str | None, elapsed: float,
           load: str) -> str:
    """The results as Markdown."""
    command = " ".join(["python -m bench", *args.argv])
    lines = ["# logimap benchmarks", "",
             f"Generated by `{command}` in "
             f"{elapsed / 60:.1f} min; {args.repeat} run(s) per figure"
             + (" (quick mode: not for the record)" if args.quick else "") + ".", ""]
    about = {**machine(), "load average (1 min), start → end": load, **versions(browser_exe)}
    lines += ["## Machine and versions", "", *_table(["", ""], [[k, v] for k, v in about.items()]),
              ""]
    section, medians = _startup_section(start)
    lines += [*section, "", *routing.section(routing_figures)]
    medians["route"] = routing_figures.long_rail_s
    lines += ["## Scale: synthetic projects (`bench/synth.py`)", "",
              "logimap: `logimap build --project P --out P/maps` (validation, routing, "
              "index.html plus one page per layer, GeoJSON, GeoPackage, KML, CSV), from an "
              "empty route store, and again with the routes of an earlier build stored. folium "
              "baseline: `python bench/baseline.py` drawing the same legs from logimap's "
              "GeoJSON as `folium.PolyLine` with a `folium.Popup` of the claims' quotes, "
              "Leaflet and jQuery inlined, no CDN. Chromium: headless, network blocked, "
              "1280×900, a fresh browser per load; load to idle = navigation start until every "
              "leg is drawn (logimap: the page sets `data-legs-drawn`, and from 1,000 legs it "
              "draws on a canvas; folium: that many SVG paths) and "
              f"{chromium.QUIET_MS} ms pass with no DOM change or long task; zoom = "
              "`map.setZoom(z + 1)` until `zoomend` handlers and the next frame are done. "
              "Median (min–max).", ""]
    for scale in scales:
        lines += _scale_section(scale)
    lines += _targets(medians, scales[-1] if scales else None)
    return "\n".join(lines) + "\n"


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, help="runs per figure (default 5; quick: 3)")
    parser.add_argument("--sizes", type=_sizes,
                        help="legs per synthetic project, comma-separated "
                        "(default 100,1000,10000; quick: 100,1000)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs and sizes, no warm-up runs: for a quick look")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md",
                        help="where to write the results (default bench/RESULTS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--compare", metavar="REF",
                        help="also route the routing cases and build the default scenario with "
                        "logimap at this git revision (e.g. c5f7dbe, before the bundled networks)")
    args = parser.parse_args(argv)
    args.argv = argv
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.sizes = args.sizes or ([100, 1000] if args.quick else [100, 1000, 10000])
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    browser_exe = None if args.no_browser else chromium.find_chromium()
    if browser_exe is None and not args.no_browser:
        if os.environ.get("CI"):
            print("error: Chromium is required when CI is set (apt-get install -y chromium)",
                  file=sys.stderr)
            return 1
        print("Chromium not found: skipping the browser figures", file=sys.stderr)
    started, load = time.perf_counter(), f"{os.getloadavg()[0]:.2f}"
    work = Path(tempfile.mkdtemp(prefix="logimap-bench-"))
    try:
        print("start-up and default build", file=sys.stderr)
        start = measure_startup(args.repeat, work, warmup=not args.quick)
        print("routing", file=sys.stderr)
        routing_figures = routing.measure(args.repeat, work, args.compare)
        scales = [measure_scale(n, args.repeat, work, browser_exe) for n in args.sizes]
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    load += f" → {os.getloadavg()[0]:.2f}"
    text = report(args, start, scales, routing_figures, browser_exe,
                  time.perf_counter() - started, load)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
