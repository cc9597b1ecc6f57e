"""The sizes an image is made at: print pages (A4 and Letter, landscape) and social images
(1200×675 and a square 1080×1080, at 2× density), or a size of the user's own."""

from __future__ import annotations

from dataclasses import dataclass

from logimap.errors import UsageError

# A print page's resolution for its PNG, and a social image's density.
PRINT_DPI = 200
SOCIAL_DENSITY = 2
# Points are drawn at this many pixels per inch before a social image's density: 1200 pixels
# wide is 12 inches.
SCREEN_DPI = 100


@dataclass(frozen=True)
class Size:
    """An image's size: its name (in file names), width and height in inches, and the dots
    per inch of its PNG."""

    name: str
    width: float
    height: float
    dpi: int

    @property
    def pixels(self) -> tuple[int, int]:
        """The PNG's width and height in pixels."""
        return round(self.width * self.dpi), round(self.height * self.dpi)


PRESETS: dict[str, Size] = {
    "a4": Size("a4", 297 / 25.4, 210 / 25.4, PRINT_DPI),
    "letter": Size("letter", 11.0, 8.5, PRINT_DPI),
    "social": Size("social", 12.0, 6.75, SCREEN_DPI * SOCIAL_DENSITY),
    "square": Size("square", 10.8, 10.8, SCREEN_DPI * SOCIAL_DENSITY),
}
# What each format is written at unless the user chooses: vector pages on A4, PNGs at both
# social sizes.
DEFAULT_SIZES = {"svg": ("a4",), "pdf": ("a4",), "png": ("social", "square")}


def size_of(text: str, dpi: int | None = None) -> Size:
    """A preset's name, or ``WIDTHxHEIGHT`` in pixels (drawn at 2× density, as the social
    presets are); ``dpi`` overrides its PNG's dots per inch."""
    text = text.strip().lower()
    if text in PRESETS:
        size = PRESETS[text]
    else:
        width, _, height = text.partition("x")
        if not (width.isdigit() and height.isdigit() and 100 <= int(width) <= 10_000
                and 100 <= int(height) <= 10_000):
            raise UsageError(f"unknown image size {text!r}: give a preset "
                             f"({', '.join(PRESETS)}) or WIDTHxHEIGHT in pixels, each "
                             "100 to 10000, such as 1600x900")
        size = Size(text, int(width) / SCREEN_DPI, int(height) / SCREEN_DPI,
                    SCREEN_DPI * SOCIAL_DENSITY)
    if dpi is not None:
        if not 50 <= dpi <= 600:
            raise UsageError(f"--dpi {dpi} is out of range: give 50 to 600")
        size = Size(size.name, size.width, size.height, dpi)
    return size
