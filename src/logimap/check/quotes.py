"""Find a claim's quote in its source text, and say where it differs when it is not there.

Some differences never change what a source says; both texts are compared with them taken out
(``normalise``):

- spacing: any run of whitespace (spaces, tabs, line breaks, no-break and narrow no-break
  spaces, line and paragraph separators) is one space, and the ends are trimmed;
- typographic quote marks and apostrophes (‘ ’ ‚ ‛ ′, “ ” „ ‟ ″) are straight (' and ");
- dashes and hyphens (‐ ‑ ‒ – — ― −, and their small and full-width forms) are a hyphen-minus;
- invisible formatting characters are left out: the soft hyphen, zero-width space, non-joiner
  and joiner, word joiner, byte order mark and the direction marks, embeddings and isolates;
- Unicode's canonical equivalence (NFC): é written as one character or as e and a combining
  accent is the same letter;
- the ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ (as PDFs give them) are their letters, the ellipsis … is three
  full stops.

Everything else counts: letters (their case too), digits, other punctuation (« » are not "),
symbols, and where a space is or is not. Compatibility forms beyond the ligatures are not
folded (NFKC would read ² as 2 and ½ as 1⁄2, which changes what a text says).

A source's text is normalised once (``SourceText``) and each of its quotes is looked up in
that, so checking many quotes against a long source costs one pass over the source and one
substring search per quote. Only a quote that is not found is looked at further
(``SourceText.difference``): the closest passage is found by the longest part of the quote,
from its start or its end, that the source holds, a few more substring searches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from logimap.messages import excerpt

MARKS = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
             "…": "..."}
EQUIVALENT = {**MARKS, **dict.fromkeys(DASHES, "-"), **dict.fromkeys(INVISIBLE, ""),
              **LIGATURES}
_EQUIVALENT = re.compile("[" + "".join(EQUIVALENT) + "]")
# How much of the closest passage a difference shows: characters before and after it.
_BEFORE, _AFTER = 30, 20
_AGREED = 16  # characters of the words both share shown next to the difference
# A passage is close when it shares this many characters with the quote's start or end (or
# half a shorter quote).
CLOSE_CHARS = 12
# Short starts and ends: the passage is looked for from the starts of the quote's first words.
_WORDS = 12
_WORD_START = re.compile(r"(?<!\w)\w")
# Characters compared past a difference to tell one character in place of another from one
# too many or too few.
_KEEP = 8


def normalise(text: str) -> str:
    """``text`` with the differences that never change what it says taken out: single
    spaces, straight quote marks, hyphen-minus for every dash, no invisible formatting
    characters, NFC, ligatures and the ellipsis spelt out.

    >>> normalise("the  “black\\nnetwork” – 9\\u00a0million")
    'the "black network" - 9 million'
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _EQUIVALENT.sub(lambda found: EQUIVALENT[found.group()], text)
    return " ".join(text.split())  # split() breaks at the same characters as the regex \\s


@dataclass(frozen=True)
class Difference:
    """Where a quote parts from the closest passage of its source (both normalised).

    ``passage`` is the source around that place (empty when no passage is close). ``agreed``
    is what both share next to it: before it, or after it when the quote's start is not in
    the passage (``backward``). ``kind`` says how they part: ``instead`` (the source has
    ``source`` where the quote has ``quote``), ``extra`` (the quote has ``quote``, which the
    source has not), ``missing`` (the source has ``source``, which the quote lacks) or
    ``edge`` (the stored text ends, or begins, where the quote goes on with ``quote``).
    """

    passage: str
    agreed: str = ""
    kind: str = "instead"
    source: str = ""
    quote: str = ""
    backward: bool = False

    @property
    def message(self) -> str:
        """What differs, in words, with each character's name and code point."""
        if not self.passage:
            return "no passage of the source shares its first or last words"
        side = "before" if self.backward else "after"
        where = f"{side} {excerpt(self.agreed)}" if self.agreed else (
            "at the quote's end" if self.backward else "at the quote's start")
        closest = f"the closest passage of the source is {excerpt(self.passage)}"
        if self.kind == "edge":
            if self.backward:
                return (f"{closest}; the stored text begins {where}, where the quote has "
                        f"{excerpt(self.quote)} before it")
            return (f"{closest}; the stored text ends {where}, where the quote goes on with "
                    f"{excerpt(self.quote)}")
        if self.kind == "extra":
            return (f"{closest}; {where} the quote has {character(self.quote)}, which the "
                    "source has not")
        if self.kind == "missing":
            return (f"{closest}; {where} the source has {character(self.source)}, which the "
                    "quote has not")
        return (f"{closest}; {where} the source has {character(self.source)} where the quote "
                f"has {character(self.quote)}")

    @property
    def hint(self) -> str:
        """How to mend the quote, for the kind of difference."""
        # the characters that differ: one of each, or the one too many or too few
        source = self.source if self.kind in ("instead", "missing") else ""
        quote = self.quote if self.kind in ("instead", "extra") else ""
        if not self.passage:
            return "check that the claim cites the right source, and copy its words exactly"
        if self.kind == "edge":
            return ("the quote goes on past the stored text: check that the whole source is "
                    "stored, or quote only what it holds")
        if source and quote and source.lower() == quote.lower():
            return "letter case differs: write the letter as the source does"
        if source.isdigit() or quote.isdigit():
            return ("a figure differs: quote the figure as the source gives it, and put a "
                    "correction in 'note' with status: corrected")
        if source == " ":
            return "the source has a space where the quote has none: space the words as it does"
        if quote == " ":
            return "the quote has a space where the source has none: space the words as it does"
        if source and quote and _look_alike(source, quote):
            return ("the two look alike but are different characters (a letter of another "
                    "script): type it again, or copy it from the source")
        return "copy the words exactly from the source; corrections go in 'note'"


def character(char: str) -> str:
    """A character by its Unicode name and code point: ``EN DASH U+2013``.

    >>> character("\\u2013"), character("\\x07")
    ('EN DASH U+2013', 'U+0007')
    """
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{name} {code}" if name else code


def _look_alike(a: str, b: str) -> bool:
    """Two letters named alike but for their script (LATIN SMALL LETTER O, CYRILLIC SMALL
    LETTER O)."""
    names = [unicodedata.name(c, "").split(" ", 1) for c in (a, b)]
    return all(len(n) == 2 for n in names) and names[0][1] == names[1][1]


class SourceText:
    """A source text normalised once, to find many quotes in it."""

    def __init__(self, text: str):
        self.normalised = normalise(text)
        self._folded: str | None = None  # the text in lower case, made at the first miss

    def holds(self, quote: str) -> bool:
        """True when ``quote`` occurs in the text word for word (letter case included)."""
        return normalise(quote) in self.normalised

    def difference(self, quote: str) -> Difference | None:
        """Where ``quote`` parts from the closest passage of the text; None when the text
        holds it.

        A passage that differs only in letter case is the closest. Else the passage is where
        the text holds the quote's start (``_anchor``), or when that is short, its end or a
        piece from the start of one of its first words. From there quote and text are
        compared outwards, and the first place where they part is reported: before the piece
        when the quote's start is not in the passage, else after it."""
        text, wanted = self.normalised, normalise(quote)
        if wanted in text:
            return None
        if self._folded is None:
            self._folded = text.lower()
        if len(self._folded) == len(text) and len(wanted.lower()) == len(wanted):
            at = self._folded.find(wanted.lower())
            if at >= 0:
                return self._compare(wanted, 0, at, 0)
        start, size = self._anchor(wanted)
        if size < min(CLOSE_CHARS, len(wanted) // 2 + 1):
            return Difference(passage="")
        return self._compare(wanted, start, text.find(wanted[start:start + size]), size)

    def _anchor(self, quote: str) -> tuple[int, int]:
        """The piece of ``quote`` the text holds to find the passage by, as (start, length):
        its start, unless that is shorter than ``CLOSE_CHARS`` (and half the quote); then the
        longest of its start, its end and a piece from the start of one of its first
        ``_WORDS`` words."""
        text = self.normalised
        head = _longest(lambda n: quote[:n] in text, len(quote))
        if head >= min(CLOSE_CHARS, len(quote) // 2):
            return 0, head
        tail = _longest(lambda n: quote[len(quote) - n:] in text, len(quote))
        best = max((head, 0), (tail, len(quote) - tail), key=lambda b: b[0])
        if best[0] < CLOSE_CHARS:
            for number, word in enumerate(_WORD_START.finditer(quote)):
                if number == _WORDS:
                    break
                rest = quote[word.start():]
                size = _longest(lambda n, rest=rest: rest[:n] in text, len(rest))
                if size > best[0]:
                    best = (size, word.start())
        return best[1], best[0]

    def _compare(self, quote: str, start: int, at: int, size: int) -> Difference:
        """Quote and text compared outwards from ``quote[start:start + size]``, which the
        text holds at ``at``: the first place they part."""
        text = self.normalised
        q, t = start - 1, at - 1
        while q >= 0 and t >= 0 and quote[q] == text[t]:
            q, t = q - 1, t - 1
        if q >= 0:  # the quote's start is not in the passage: they part before the piece
            agreed = _cut(quote, q + 1, q + 1 + _AGREED, ellipsis_before=False)
            passage = _cut(text, t + 1 - _AFTER, t + 1 + _BEFORE)
            if t < 0:
                return Difference(passage, agreed, "edge", "", quote[:q + 1], backward=True)
            kind = _kind(text[max(0, t - _KEEP):t + 1][::-1], quote[max(0, q - _KEEP):q + 1][::-1])
            return Difference(passage, agreed, kind, text[t], quote[q], backward=True)
        q, t = start + size, at + size
        while q < len(quote) and t < len(text) and quote[q] == text[t]:
            q, t = q + 1, t + 1
        agreed = _cut(quote, q - _AGREED, q, ellipsis_after=False)
        passage = _cut(text, t - _BEFORE, t + _AFTER)
        if t >= len(text):
            return Difference(passage, agreed, "edge", "", quote[q:])
        kind = _kind(text[t:t + _KEEP + 1], quote[q:q + _KEEP + 1])
        return Difference(passage, agreed, kind, text[t], quote[q])


def _kind(text: str, quote: str) -> str:
    """How ``quote`` parts from ``text``, both read from the first character that differs:
    one character ``instead`` of another, an ``extra`` one in the quote, or one ``missing``
    from it (the first reading under which what follows agrees)."""
    if _agree(text[1:], quote[1:]):
        return "instead"
    if _agree(text[1:], quote):
        return "missing"
    if _agree(text, quote[1:]):
        return "extra"
    return "instead"


def _agree(a: str, b: str) -> bool:
    """True when the shorter of ``a`` and ``b`` starts the other."""
    size = min(len(a), len(b))
    return a[:size] == b[:size]


def _cut(text: str, start: int, end: int, ellipsis_before: bool = True,
         ellipsis_after: bool = True) -> str:
    """``text[start:end]`` (clipped to the text), with … where it cuts the text short (on
    the sides asked for)."""
    start, end = max(0, start), min(len(text), end)
    before = "…" if start and ellipsis_before else ""
    return f"{before}{text[start:end]}{'…' if end < len(text) and ellipsis_after else ''}"


def _longest(holds: Callable[[int], bool], size: int) -> int:
    """The greatest n in 0..size for which ``holds(n)``, where holding is monotone (a part of
    the quote the text holds is held with any shorter part of it)."""
    low, high = 0, size
    while low < high:
        middle = (low + high + 1) // 2
        if holds(middle):
            low = middle
        else:
            high = middle - 1
    return low


def quote_in(quote: str, text: str) -> bool:
    """True when ``quote`` occurs in ``text`` word for word (letter case included)."""
    return SourceText(text).holds(quote)
