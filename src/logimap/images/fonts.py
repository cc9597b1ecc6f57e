"""The fonts images are written in, bundled in ``data/fonts`` (see its PROVENANCE.md, and
``scripts/fonts.py``, which derives them): "Logimap Sans" (DejaVu Sans cut to Latin, Greek,
Cyrillic and punctuation, regular and bold) and "Logimap Hangul" (Nanum Gothic cut to the
Hangul of KS X 1001). A text with other characters falls back to matplotlib's own DejaVu
Sans. Each is registered with matplotlib on first use."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

SANS_FAMILY, HANGUL_FAMILY, FALLBACK_FAMILY = "Logimap Sans", "Logimap Hangul", "DejaVu Sans"
FONT_FILES = {SANS_FAMILY: ("LogimapSans.ttf", "LogimapSans-Bold.ttf"),
              HANGUL_FAMILY: ("LogimapHangul.ttf",)}
# The characters of each bundled font, as (first, last) code points.
SANS_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x2000, 0x206F),
               (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2212, 0x2212))
HANGUL_RANGES = ((0x20, 0x7E), (0x3131, 0x318E))
HANGUL_SYLLABLES = (0xAC00, 0xD7A3)


def font_families(texts: list[str]) -> list[str]:
    """The font families for ``texts``, first choice first: matplotlib falls back along the
    list for a character the first lacks. A font is listed only when a text needs it, so
    that no PDF embeds a font it does not use."""
    characters = {ord(char) for text in texts for char in text if char.isprintable()}
    hangul = {code for code in characters if _within(code, (*HANGUL_RANGES[1:],
                                                             HANGUL_SYLLABLES))}
    others = {code for code in characters - hangul if not _within(code, SANS_RANGES)}
    families = [SANS_FAMILY, *([FALLBACK_FAMILY] if others else []),
                *([HANGUL_FAMILY] if hangul else [])]
    for family in families:
        _register(family)
    return families


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(first <= code <= last for first, last in ranges)


@cache
def _register(family: str) -> None:
    import logging

    from matplotlib import font_manager

    if family == HANGUL_FAMILY:
        # It has no bold: matplotlib draws its regular weight, and would say so in the log.
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    for name in FONT_FILES.get(family, ()):
        with as_file(files("logimap") / "data" / "fonts" / name) as path:
            font_manager.fontManager.addfont(str(path))
