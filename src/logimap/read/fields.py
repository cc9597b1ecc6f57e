"""Typed access to one record (a YAML mapping or a CSV row) that reports located problems.

Readers ask a record for its fields by type; a missing, unknown or ill-typed field becomes a
``Problem`` naming the file, the line or row and the fix, and the reader carries on.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from logimap.errors import Problem
from logimap.messages import excerpt
from logimap.model import Location
from logimap.periods import Period, parse_partial_date, parse_period
from logimap.read.located_yaml import LocatedDict, LocatedList

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
MAX_QUANTITY = 1e15
ASCII_DIGITS = "0123456789"
MAX_FLOAT = 1.7e308
# A decimal number as a CSV cell may hold it: ASCII digits, an optional sign, point and
# exponent (also 'nan' and 'inf', which are then reported as not finite).
DECIMAL = re.compile(r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|nan|inf)",
                     re.IGNORECASE)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed word, or listing them all when none is close (or
    the word is far longer than any, which is then not compared)."""
    choices = sorted(choices)
    longest = max(map(len, choices), default=0)
    close = difflib.get_close_matches(word, choices, n=1) if len(word) <= 2 * longest else []
    if close:
        return f"did you mean {close[0]!r}?"
    shown = ", ".join(choices[:20]) + (", ..." if len(choices) > 20 else "")
    return f"use one of: {shown}"


class Record:
    """One mapping of fields from ``path``, each field located by line or row."""

    def __init__(
        self,
        data: Mapping[str, Any],
        path: str,
        problems: list[Problem],
        *,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
        row: int | None = None,
    ):
        self.data = data
        self.path = path
        self.problems = problems
        self.what = what
        self.row = row
        allowed = set(required) | set(optional)
        for key in data:
            if key not in allowed:
                self.problem(f"unknown field {excerpt(key)} in {what}", did_you_mean(key, allowed),
                             key)
        for key in required:
            value = data.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.problem(f"{what} has no {key!r}", f"add the field {key!r}")

    def location(self, key: str | None = None) -> Location:
        if self.row is not None:
            return Location(self.path, row=self.row)
        if isinstance(self.data, LocatedDict):
            return Location(self.path, line=self.data.line_of(key) if key else self.data.line)
        return Location(self.path)

    def problem(self, message: str, hint: str = "", key: str | None = None) -> None:
        self.problems.append(Problem(self.path, self.location(key).where, message, hint))

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(f"{key!r} must be text, not {_kind(value)}", "write it as plain text", key)
            return default
        return str(value).strip()

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self.problem(
                f"{key} {excerpt(value)} is not a valid id",
                "use letters, digits, '-', '_' or '.', starting with a letter or digit",
                key,
            )
        return value

    def choice(self, key: str, vocabulary: Mapping[str, str], default: str = "") -> str:
        value = self.text(key, default)
        if value and value not in vocabulary:
            self.problem(f"unknown {key} {excerpt(value)}", did_you_mean(value, vocabulary), key)
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{key!r} must be a list of ids", f"write {key}: [id1, id2]", key)
            return ()
        return tuple(v.strip() for v in value)

    def joined_ids(self, key: str) -> tuple[str, ...]:
        """Ids written in one cell (of a CSV file), separated by ';'."""
        return tuple(filter(None, (part.strip() for part in self.text(key).split(";"))))

    def period(self, key: str = "period") -> Period | None:
        text = self.text(key)
        if not text:
            return None
        try:
            return parse_period(text)
        except ValueError as exc:
            self.problem(str(exc), "write YYYY-MM/YYYY-MM, YYYY-MM/.. or YYYY-MM-DD", key)
            return None

    def partial_date(self, key: str) -> str:
        text = self.text(key)
        if text:
            try:
                parse_partial_date(text)
            except ValueError as exc:
                self.problem(str(exc), "write YYYY, YYYY-MM or YYYY-MM-DD", key)
        return text

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str) and any(ch.isdigit() and ch not in ASCII_DIGITS for ch in value):
            self.problem(f"{key} {excerpt(value)} holds digits other than 0-9",
                         "type the number with the digits 0-9, e.g. 42.5", key)
            return None
        if isinstance(value, str):
            number = float(value) if DECIMAL.fullmatch(value.strip()) else math.nan
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value) if abs(value) < MAX_FLOAT else math.inf
        else:
            number = math.nan
        if not math.isfinite(number):
            self.problem(f"{key} {excerpt(value)} is not a finite number",
                         "write a decimal number such as 42.5: the digits 0-9 and '.', "
                         "nothing else", key)
            return None
        return number

    def quantity(self, key: str = "value") -> tuple[float | None, float | None]:
        """A value (``9000000``) or a range (``[82, 170]``), checked for sense."""
        value = self.data.get(key)
        if value is None:
            return None, None
        items = list(value) if isinstance(value, list) else [value]
        numbers = [v for v in items if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) != len(items) or len(items) not in (1, 2):
            self.problem(
                f"{key} {excerpt(value)} is not a number or a [low, high] range",
                "write digits only, e.g. 9000000 or [82, 170]; put words in 'what' or 'qualifier'",
                key,
            )
            return None, None
        try:
            low, high = float(numbers[0]), float(numbers[-1])
        except OverflowError:  # an integer with more digits than a float can hold
            self.problem(f"{key} is implausibly large", "check the digits", key)
            return None, None
        if not all(math.isfinite(n) for n in (low, high)):
            self.problem(f"{key} {excerpt(value)} is not finite", "write a finite number", key)
        elif low < 0:
            self.problem(f"{key} {excerpt(value)} is negative", "quantities are counts >= 0", key)
        elif high > MAX_QUANTITY:
            self.problem(
                f"{key} {excerpt(value)} is implausibly large", "check the digits", key
            )
        elif low > high:
            self.problem(
                f"range {excerpt(value)} has its low end above its high end",
                "write [low, high]",
                key,
            )
        else:
            return low, high
        return None, None

    def records(self, key: str) -> list[tuple[LocatedDict, int]]:
        """The mappings listed under ``key`` with their lines; other items are problems."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{key!r} must be a list", f"write each item as '- ' under {key}:", key)
            return []
        lines = value.item_lines if isinstance(value, LocatedList) else [0] * len(value)
        found = []
        for item, line in zip(value, lines, strict=True):
            if isinstance(item, LocatedDict):
                found.append((item, line))
            else:
                self.problems.append(
                    Problem(self.path, f":{line}", f"an item of {key!r} is not a mapping",
                            "give each item fields like 'id: ...'")
                )
        return found


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


