"""Data shown in messages and on a terminal: control characters escaped, values cut short.

A project's text may hold terminal escape sequences (erase a line, set the window title, OSC 52
writing the clipboard) or be megabytes long. Everything logimap prints goes through
``printable``; a value quoted in a problem goes through ``excerpt``, whose cost and length are
bounded whatever the value holds; and a whole message through ``shortened``, so that a value
quoted without an excerpt still prints short.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls, DEL and C1 controls: a terminal acts on these instead of showing them.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
EXCERPT_CHARS = 60  # the most a message shows of one value
MESSAGE_CHARS = 1000  # the most shown of one message or hint
_ITEMS = 4  # items of a list or mapping shown in an excerpt
_DEPTH = 2  # levels of nesting shown in an excerpt


def printable(text: str) -> str:
    """``text`` with every control character written as ``\\xNN``, so that a terminal shows
    it rather than obeys it.

    >>> printable("title\\x1b]0;owned\\x07 next\\nline")
    'title\\\\x1b]0;owned\\\\x07 next\\\\x0aline'
    """
    return CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def shortened(text: str, limit: int = MESSAGE_CHARS) -> str:
    """``text`` if it has at most ``limit`` characters, else its start and end around a note
    of how many characters were left out.

    >>> shortened("a" * 50 + "b" * 50, 40)
    'aaaaaaaaaaaaaa[… 80 characters …]bbbbbb'
    """
    if len(text) <= limit:
        return text
    note = "[… {:,} characters …]"
    room = max(limit - len(note.format(len(text))), 2)
    head, tail = room - room // 3, room // 3
    return text[:head] + note.format(len(text) - head - tail) + text[len(text) - tail:]


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """A value as Python would write it (``'text'``, ``[60, 49]``), cut to ``limit``
    characters with ``…`` and with control characters escaped; only the first few items of a
    list or mapping, and two levels of nesting, are looked at.

    >>> excerpt("a" * 100)[-6:]
    "aaaa…'"
    >>> excerpt([[1, 2, 3, 4, 5], {"k": "v"}])
    "[[1, 2, 3, 4, ...], {'k': 'v'}]"
    """
    text = printable(_short(value, limit, _DEPTH))
    if len(text) <= limit:
        return text
    closing = "'" if text.endswith("'") and text[0] in "'\"" else ""
    return text[: limit - 1 - len(closing)] + "…" + closing


def _short(value: Any, limit: int, depth: int) -> str:
    """``repr(value)``, looking at no more of it than an excerpt of ``limit`` can show."""
    if isinstance(value, str):
        return repr(value[: limit + 1])
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if value.bit_length() <= 3 * limit else f"<a number of {_digits(value)}>"
    if isinstance(value, list | tuple | dict):
        if depth == 0:
            return "[...]" if not isinstance(value, dict) else "{...}"
        if isinstance(value, dict):
            pairs = list(value.items())[: _ITEMS + 1]
            items = [f"{_short(k, limit, depth - 1)}: {_short(v, limit, depth - 1)}"
                     for k, v in pairs[:_ITEMS]]
            more = ", ..." if len(pairs) > _ITEMS else ""
            return "{" + ", ".join(items) + more + "}"
        items = [_short(item, limit, depth - 1) for item in list(value[: _ITEMS + 1])[:_ITEMS]]
        more = ", ..." if len(value) > _ITEMS else ""
        return "[" + ", ".join(items) + more + "]"
    return f"<{type(value).__name__}>"


def _digits(value: int) -> str:
    """How many digits an integer has, said without writing it out."""
    return f"about {int(abs(value).bit_length() * 0.30103) + 1:,} digits"
