"""``python -m bench.quotes``: checking many quotes against one long stored source.

Writes a project whose stored source is about 5 MB of text (the starter's article repeated
with numbered paragraphs) and 200 claims quoting it, each quote taken from a different place
(``--failing`` of them, 20 by default, with a space left out so that they are not found),
then times reading the project and checking it (``validate.check``: quotes, references,
networks), median of ``--repeat`` runs in this process. Checking normalises the source once,
so the time grows with the source's size plus the number of quotes, not their product; only a
quote that is not found is compared further, to find the closest passage.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

ARTICLE = "seeds/korea-daily-2025-05-30-msmt-report.txt"


def write_project(root: Path, megabytes: float, claims: int, failing: int = 0) -> Path:
    """The starter with a long stored source and ``claims`` more claims quoting it, the last
    ``failing`` of them misquoting it (a space left out)."""
    from logimap.read.starter import write_starter

    write_starter(root)
    article = (root / ARTICLE).read_text(encoding="utf-8")
    paragraphs = []
    while sum(len(p) for p in paragraphs) < megabytes * 1e6:
        paragraphs.append(f"Paragraph {len(paragraphs)}. {article}")
    (root / ARTICLE).write_text("\n\n".join(paragraphs), encoding="utf-8")
    step = len(paragraphs) // claims
    quoted = [f"Paragraph {n * step}. {article[:60]}" for n in range(claims - failing)]
    quoted += [f"Paragraph {n * step}.{article[:60]}" for n in range(claims - failing, claims)]
    lines = [f"\n  - id: quote-{n}\n    what: a quote\n    source: korea-daily-2025-05-30\n"
             f"    quote: {json.dumps(quote)}\n"
             for n, quote in enumerate(quoted)]  # a JSON string is a YAML double-quoted string
    with open(root / "routes" / "munitions.yaml", "a", encoding="utf-8") as stream:
        stream.write("".join(lines))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--failing", type=int, default=20,
                        help="how many of the claims misquote the source")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from logimap.check.rules import check
    from logimap.read.scenario import read_project

    with tempfile.TemporaryDirectory(prefix="logimap-bench-quotes-") as tmp:
        failing = min(args.failing, args.claims)
        root = write_project(Path(tmp) / "project", args.megabytes, args.claims, failing)
        size = (root / ARTICLE).stat().st_size
        reads, checks = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            scenario, problems = read_project(root)
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            problems += check(scenario)
            checks.append(time.perf_counter() - started)
        assert len(problems) == failing, problems[:3]
        print(f"| {size / 1e6:.1f} MB source, {len(scenario.claims)} claims, {failing} not "
              f"found | "
              f"read {statistics.median(reads):.2f} s | "
              f"check {statistics.median(checks):.2f} s (median of {args.repeat}) |")


if __name__ == "__main__":
    main()
