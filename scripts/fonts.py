"""Derive the fonts images are written in, in ``src/logimap/data/fonts`` (see PROVENANCE.md
there), with fontTools:

- ``LogimapSans.ttf`` and ``LogimapSans-Bold.ttf``: DejaVu Sans and DejaVu Sans Bold
  (Debian's ``fonts-dejavu-core``) cut to ``logimap.images.fonts.SANS_RANGES`` (Latin,
  Greek, Cyrillic, punctuation), without hinting or OpenType layout tables. The Bitstream
  Vera licence asks a modified font to be renamed: "Logimap Sans".
- ``LogimapHangul.ttf``: Nanum Gothic (Debian's ``fonts-nanum``, SIL Open Font License 1.1)
  cut to ASCII, the Hangul compatibility jamo and the 2,350 Hangul syllables of KS X 1001
  (those EUC-KR encodes in two bytes). "Nanum" and "NanumGothic" are Reserved Font Names
  of the licence: "Logimap Hangul".

    apt-get install fonts-dejavu-core fonts-nanum && python scripts/fonts.py

The same sources give the same bytes on every run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from logimap.images.fonts import HANGUL_RANGES, SANS_RANGES

SYSTEM = Path("/usr/share/fonts/truetype")
TARGET = Path(__file__).resolve().parent.parent / "src/logimap/data/fonts"
# (source, target file, family, style, PostScript name, code point ranges)
FONTS = (
    (SYSTEM / "dejavu/DejaVuSans.ttf", "LogimapSans.ttf", "Logimap Sans", "Book",
     "LogimapSans", SANS_RANGES),
    (SYSTEM / "dejavu/DejaVuSans-Bold.ttf", "LogimapSans-Bold.ttf", "Logimap Sans", "Bold",
     "LogimapSans-Bold", SANS_RANGES),
    (SYSTEM / "nanum/NanumGothic.ttf", "LogimapHangul.ttf", "Logimap Hangul", "Regular",
     "LogimapHangul-Regular", HANGUL_RANGES),
)


def ks_x_1001_syllables() -> list[int]:
    """The Hangul syllables (U+AC00 to U+D7A3) that EUC-KR, KS X 1001's encoding, holds in
    two bytes (Python writes the others as 8-byte jamo sequences)."""
    found = []
    for code in range(0xAC00, 0xD7A4):
        try:
            encoded = chr(code).encode("euc_kr")
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2:
            found.append(code)
    return found


def derive(source: Path, target: Path, family: str, style: str, postscript: str,
           codes: list[int]) -> None:
    """Write ``source`` cut to ``codes`` and renamed to ``family`` into ``target``."""
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM"]
    options.hinting = False
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        renamed = {1: family, 3: f"{family} {style}", 4: f"{family} {style}",
                   6: postscript}.get(record.nameID)
        if renamed:
            names.setName(renamed, record.nameID, record.platformID, record.platEncID,
                          record.langID)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    print(f"{target.name}: {len(codes):,} characters, {target.stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    for source, name, family, style, postscript, ranges in FONTS:
        codes = [code for first, last in ranges for code in range(first, last + 1)]
        if family == "Logimap Hangul":
            codes += ks_x_1001_syllables()
        derive(source, args.out / name, family, style, postscript, codes)


if __name__ == "__main__":
    main()
