"""Derive ``src/logimap/data/fonts/LogimapHangul.ttf``: the Hangul that images write place
names and quotes in, beside matplotlib's DejaVu Sans (Latin, Greek, Cyrillic).

It is Nanum Gothic (NAVER, SIL Open Font License 1.1, from Debian's ``fonts-nanum``) cut to
the 2,350 Hangul syllables of KS X 1001 (the syllables the EUC-KR encoding holds), the
Hangul compatibility jamo and ASCII, with fontTools. "Nanum" and "NanumGothic" are Reserved
Font Names of the licence, so the subset is renamed "Logimap Hangul".

    apt-get install fonts-nanum && python scripts/hangul_font.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
TARGET = Path(__file__).resolve().parent.parent / "src/logimap/data/fonts/LogimapHangul.ttf"
FAMILY = "Logimap Hangul"
POSTSCRIPT = "LogimapHangul-Regular"


def ks_x_1001_syllables() -> list[int]:
    """The Hangul syllables (U+AC00 to U+D7A3) that EUC-KR, KS X 1001's encoding, holds."""
    found = []
    for code in range(0xAC00, 0xD7A4):
        try:
            encoded = chr(code).encode("euc_kr")
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2:  # Python writes the others as 8-byte jamo sequences
            found.append(code)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    codes = [*range(0x20, 0x7F), *range(0x3131, 0x318F), *ks_x_1001_syllables()]
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]
    options.layout_features = ["*"]
    options.hinting = False
    font = TTFont(args.source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID,
                          record.langID)
        elif record.nameID in (3, 4):
            names.setName(f"{FAMILY} Regular", record.nameID, record.platformID,
                          record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(POSTSCRIPT, record.nameID, record.platformID, record.platEncID,
                          record.langID)
    if "FFTM" in font:
        del font["FFTM"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.out)
    print(f"{args.out}: {len(codes)} characters, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
