"""The fonts images are written in: DejaVu Sans (Latin, Greek, Cyrillic; it comes with
matplotlib), then, for Hangul, the bundled "Logimap Hangul", a subset of Nanum Gothic
(``data/fonts``, see its PROVENANCE.md), registered with matplotlib once."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

HANGUL_FONT = "LogimapHangul.ttf"
HANGUL_FAMILY = "Logimap Hangul"


LATIN_FAMILY = "DejaVu Sans"


def font_families(texts: list[str]) -> list[str]:
    """The font families for ``texts``, first choice first: matplotlib falls back along the
    list for a character the first lacks. The Hangul font only when a text holds Hangul, so
    that no PDF embeds it for nothing."""
    if not any(_hangul(text) for text in texts):
        return [LATIN_FAMILY]
    _register_hangul()
    return [LATIN_FAMILY, HANGUL_FAMILY]


def _hangul(text: str) -> bool:
    return any("\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
               or "\uac00" <= char <= "\ud7a3" for char in text)


@cache
def _register_hangul() -> None:
    import logging

    from matplotlib import font_manager

    # The font has no bold: matplotlib draws its regular weight, and says so in the log.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    with as_file(files("logimap") / "data" / "fonts" / HANGUL_FONT) as path:
        font_manager.fontManager.addfont(str(path))
