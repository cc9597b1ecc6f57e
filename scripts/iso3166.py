"""Derive logimap's table of ISO 3166-1 country codes from Debian's ``iso-codes`` package.

Usage (from the repository root, on Debian or Ubuntu with ``iso-codes`` installed)::

    python scripts/iso3166.py /usr/share/iso-codes/json/iso_3166-1.json

Writes ``src/logimap/data/iso3166/iso3166-1.csv``: one row per country with its alpha-2,
alpha-3 and numeric codes and its short English name, sorted by alpha-2, LF line ends. The
bundled Natural Earth countries carry the numeric code only; this table gives them the
alpha-2 code that ``geodata/nodes.csv`` and ``within`` use. The output's sha256 is printed and
recorded in PROVENANCE.md beside it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from pathlib import Path

OUT = (Path(__file__).resolve().parent.parent / "src" / "logimap" / "data" / "iso3166"
       / "iso3166-1.csv")
COLUMNS = ("alpha_2", "alpha_3", "numeric", "name")


def rows(source: Path) -> list[dict[str, str]]:
    """The countries of iso-codes' ``iso_3166-1.json``, sorted by alpha-2 code."""
    entries = json.loads(source.read_text(encoding="utf-8"))["3166-1"]
    table = [{column: entry[column] for column in COLUMNS} for entry in entries]
    for row in table:
        if len(row["alpha_2"]) != 2 or len(row["numeric"]) != 3:
            raise SystemExit(f"unexpected codes in {source}: {row}")
    return sorted(table, key=lambda row: row["alpha_2"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="iso-codes' json/iso_3166-1.json")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file (default {OUT})")
    args = parser.parse_args(argv)
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(args.source))
    data = text.getvalue().encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{hashlib.sha256(data).hexdigest()}  {args.out.name}  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
