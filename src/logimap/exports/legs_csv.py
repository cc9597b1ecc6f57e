"""``legs.csv``: one row per leg, with how long its line is beside the great circle through
its stops and the passages or borders it goes through; safe to open in a spreadsheet as
``claims.csv`` is (``claims_csv.csv_text``)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from logimap.exports.claims_csv import csv_value
from logimap.wording import ratio

if TYPE_CHECKING:
    from logimap.tables import Tables

LEGS_COLUMNS = ("id", "flow", "mode", "from_node", "to_node", "via", "basis", "length_km",
                "great_circle_km", "ratio", "passages", "period_start", "period_end",
                "source_ids")


def legs_csv(tables: Tables) -> str:
    """One row per leg, in the tables' order: its columns of the legs table, and ``ratio``,
    its drawn length over its great circle's (empty for a leg whose stops coincide). UTF-8,
    comma-separated, ``\\n`` line ends, quoted only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LEGS_COLUMNS)
    for row in tables.records("legs"):
        values = {**row, "ratio": ratio(row["length_km"], row["great_circle_km"])}
        writer.writerow(["" if values[c] is None else csv_value(values[c])
                         for c in LEGS_COLUMNS])
    return buffer.getvalue()
