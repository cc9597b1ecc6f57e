"""Find a claim's quote in its source text, ignoring whitespace and typographic quote marks.

A source's text is normalised once (``SourceText``) and each of its quotes is looked up in
that, so checking many quotes against a long source costs one pass over the source and one
substring search per quote (linear in CPython), not one normalisation of the source per quote.
"""

from __future__ import annotations

MARKS = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}


def normalise(text: str) -> str:
    """Straight quote marks and single spaces; nothing else changes.

    >>> normalise("the  “black\\nnetwork”")
    'the "black network"'
    """
    for mark, straight in MARKS.items():
        text = text.replace(mark, straight)
    return " ".join(text.split())  # split() breaks at the same characters as the regex \\s


class SourceText:
    """A source text normalised once, to find many quotes in it."""

    def __init__(self, text: str):
        self.normalised = normalise(text)

    def holds(self, quote: str) -> bool:
        """True when ``quote`` occurs in the text word for word (letter case included)."""
        return normalise(quote) in self.normalised


def quote_in(quote: str, text: str) -> bool:
    """True when ``quote`` occurs in ``text`` word for word (letter case included)."""
    return SourceText(text).holds(quote)
