"""``claims.csv``: one row per claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables

CSV_COLUMNS = ("id", "flow", "leg_ids", "node_ids", "what", "value_low", "value_high", "unit",
               "qualifier", "quantity", "period_start", "period_end", "status", "note",
               "note_source_ids", "quote", "source", "source_publisher", "source_date",
               "source_url", "source_copy_url")
# OWASP's rule against CSV injection: a text cell beginning with one of these is written with
# a leading ' so that a spreadsheet shows it as text instead of running it as a formula (a
# carriage return, also on OWASP's list, is removed with the other control characters).
FORMULA_STARTS = ("=", "+", "-", "@", "\t")
# Control characters a CSV cell loses: all but tab and line feed.
_CSV_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def claims_csv(scenario: Scenario, tables: Tables) -> str:
    """One row per claim: value, unit, qualifier, status, quote, source and what it annotates.

    UTF-8, comma-separated, ``\\n`` line ends, quoted only where needed; whole numbers are
    written without ``.0``. Text is made safe to open in a spreadsheet (``csv_text``); the
    GeoPackage and GeoJSON keep it exactly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in tables.records("claims"):
        source = scenario.source_by_id.get(row["source"])
        values = {**row,
                  "source_publisher": source.publisher if source else "",
                  "source_date": source.date if source else "",
                  "source_url": source.url if source else "",
                  "source_copy_url": source.copy_url if source else ""}
        writer.writerow(["" if values[c] is None else csv_value(values[c])
                         for c in CSV_COLUMNS])
    return buffer.getvalue()


def csv_text(text: str) -> str:
    """A text cell as claims.csv writes it: control characters but tab and line feed left
    out, and a leading ``'`` when it would begin with ``=``, ``+``, ``-``, ``@`` or a tab.

    >>> csv_text("=HYPERLINK(A1)")
    "'=HYPERLINK(A1)"
    >>> csv_text("\x07-2+3")
    "'-2+3"
    """
    text = _CSV_CONTROL.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_value(value: Any) -> Any:
    """A cell's value as the CSV files write it: text made safe (``csv_text``), a whole
    number without ``.0``."""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
