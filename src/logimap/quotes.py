"""Find a claim's quote in its source text, ignoring whitespace and typographic quote marks."""

from __future__ import annotations

import re

_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Straight quote marks and single spaces; nothing else changes.

    >>> normalise("the  “black\\nnetwork”")
    'the "black network"'
    """
    return _SPACE.sub(" ", text.translate(_MARKS)).strip()


def quote_in(quote: str, text: str) -> bool:
    """True when ``quote`` occurs in ``text`` word for word (letter case included)."""
    return normalise(quote) in normalise(text)
