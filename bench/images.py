"""``python -m bench.images``: how long the images take, and how far apart the flows'
colours are.

In one process, after the legs are routed (through the route store) and matplotlib is
imported: every image ``render_images`` makes by default (SVG and PDF on A4, PNG at the
social sizes, for the whole scenario and each layer) of the default scenario, and of a
synthetic project (``bench/synth.py``, 10,000 legs by default), each the median of
``--repeat`` runs, with the files' count and size per format. Then the palette's colour
distances (``bench/palette.py``). Writes the Markdown it prints to ``--out``
(``bench/IMAGES.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import palette, synth

HERE = Path(__file__).resolve().parent


def timed_images(project: Path | None, repeat: int
                 ) -> tuple[list[float], list[float], list, int, int]:
    """The wall and CPU seconds of each run of ``render_images`` over the project (None: the
    default scenario), its files, and its legs and views."""
    from logimap.images import render_images
    from logimap.images.views import views
    from logimap.pipeline import load, tables_of
    from logimap.store import RouteStore

    scenario = load(project)
    tables = tables_of(scenario, RouteStore.default())
    times, cpu, files = [], [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        files = render_images(scenario, tables)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu, files, len(scenario.legs), len(views(scenario, tables))


def section(name: str, times: list[float], cpu: list[float], files: list, legs: int,
            count: int) -> list[str]:
    lines = [f"### {name}: {legs:,} legs, {count} images (the scenario and each layer)", "",
             f"All {len(files)} files: median {statistics.median(times):.2f} s "
             f"(runs: {', '.join(f'{t:.2f}' for t in times)}), CPU "
             f"{statistics.median(cpu):.2f} s; {statistics.median(times) / count:.2f} s an "
             "image (its SVG, PDF and two PNGs).", "",
             "| format | files | bytes |", "|---|---|---|"]
    for form in ("svg", "pdf", "png"):
        chosen = [data for file, data in files if file.endswith(f".{form}")]
        lines.append(f"| {form} | {len(chosen)} | {sum(map(len, chosen)):,} |")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "IMAGES.md")
    args = parser.parse_args()
    start = time.perf_counter()
    import matplotlib.figure  # noqa: F401

    lines = ["# Images and colours (`python -m bench.images`)", "",
             f"Importing matplotlib: {time.perf_counter() - start:.2f} s (once per process; "
             "not in the times below, which follow routing through the route store). "
             f"{os.cpu_count()} cores; load average at the start "
             f"{os.getloadavg()[0]:.1f} (other work on the machine slows the wall times; "
             "the CPU times less).", ""]
    lines += section("Default scenario", *timed_images(None, args.repeat))
    with tempfile.TemporaryDirectory() as folder:
        project = synth.generate(Path(folder) / "project", args.legs)
        lines += section(f"Synthetic project (`bench/synth.py`, {args.legs:,} legs)",
                         *timed_images(project, 1))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        palette.main()
    lines += ["## Colours: the smallest CIEDE2000 difference between two flows", "",
              printed.getvalue().rstrip(), ""]
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
