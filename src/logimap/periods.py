"""Partial dates (``2024``, ``2024-11``, ``2024-11-07``) and periods between them.

A period is written ``START/END`` (ISO 8601 interval), ``START/..`` when it is still open, or a
single partial date meaning all of that year, month or day: ``2024`` is 2024-01-01 to 2024-12-31.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from logimap.messages import excerpt

# ASCII digits only: Python's \d also matches other scripts' digits.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
OPEN = ".."


@dataclass(frozen=True)
class Period:
    """A closed or open-ended span of days. ``end`` is None while the period is open."""

    start: date
    end: date | None
    text: str

    def overlaps(self, first: date, last: date) -> bool:
        """True when the period shares at least one day with ``first``..``last``."""
        return self.start <= last and (self.end is None or self.end >= first)

    def iso(self) -> tuple[str, str]:
        """Start and end as ISO strings; an open end is ``""``."""
        return self.start.isoformat(), self.end.isoformat() if self.end else ""


def parse_partial_date(text: str, *, last: bool = False) -> date:
    """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``last`` gives the span's last day.

    >>> parse_partial_date("2024-02", last=True)
    datetime.date(2024, 2, 29)
    """
    match = _PARTIAL.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{excerpt(text)} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{excerpt(text)} is not a real date ({exc})") from None


def parse_period(text: str) -> Period:
    """Read a period; raise ValueError saying what is wrong.

    >>> parse_period("2023-09/2024-12").end
    datetime.date(2024, 12, 31)
    >>> parse_period("2024-11/..").end is None
    True
    """
    text = text.strip()
    head, sep, tail = text.partition("/")
    start = parse_partial_date(head)
    if not sep:
        return Period(start, parse_partial_date(head, last=True), text)
    if tail.strip() == OPEN:
        return Period(start, None, text)
    end = parse_partial_date(tail, last=True)
    if end < start:
        raise ValueError(f"period {excerpt(text)} ends before it starts")
    return Period(start, end, text)
