"""The image files: SVG and PDF (vector, text as text, fonts embedded in the PDF) and PNG,
for the whole scenario (``images/index.*``) and each layer (``images/<layer>.*``), each at
its sizes (``images/<name>-<size>.<ext>``).

The same data gives the same bytes: no dates, no random ids (``svg.hashsalt``), metadata
that names only logimap.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from logimap.errors import UsageError
from logimap.images.fonts import font_families
from logimap.images.sizes import DEFAULT_SIZES, Size, size_of
from logimap.images.views import View, views
from logimap.publish.files import WrittenFile, write_bytes

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables

IMAGE_FORMATS = ("svg", "pdf", "png")
CREATOR = "logimap"
METADATA = {
    "svg": {"Date": None, "Creator": CREATOR},
    "pdf": {"Creator": CREATOR, "Producer": CREATOR, "CreationDate": None, "ModDate": None},
    "png": {"Software": CREATOR},
}
# zlib's level for the PNGs. The default scenario's social image, saved once at each level
# on a busy machine: level 3 in 0.54 s and 387,434 bytes, the default 6 in 1.26 s and
# 351,584 bytes.
PNG_COMPRESSION = 3
# Fixed so that the ids in an SVG are the same on every build.
HASH_SALT = "logimap"


def render_images(scenario: Scenario, tables: Tables, formats: Sequence[str] = IMAGE_FORMATS,
                  layers: Sequence[str] | None = None, flows: Sequence[str] | None = None,
                  sizes: Sequence[str] = (), dpi: int | None = None, greyscale: bool = False
                  ) -> list[tuple[str, bytes]]:
    """Every image as (path under the output folder, bytes); nothing is written.

    ``sizes`` (presets or WIDTHxHEIGHT) replaces each format's default sizes (A4 for SVG and
    PDF, the two social sizes for PNG); ``dpi`` sets the PNG's dots per inch."""
    import matplotlib

    check_options(scenario, sizes, dpi, flows)
    chosen = {form: [size_of(name, dpi) for name in (sizes or DEFAULT_SIZES[form])]
              for form in IMAGE_FORMATS if form in formats}
    from logimap.images.figure import draw

    files = []
    # A size an SVG is drawn at groups each flow's legs; the others need no groups.
    grouped = set(chosen.get("svg", ()))
    for view in views(scenario, tables, layers, flows):
        with matplotlib.rc_context(_settings(view)):
            drawn: dict[Size, object] = {}
            for form, form_sizes in chosen.items():
                for size in form_sizes:
                    if size not in drawn:
                        drawn[size] = draw(view, size, greyscale, size in grouped)
                    files.append((f"images/{view.name}-{size.name}.{form}",
                                  _saved(drawn[size], form)))
    return files


def check_options(scenario: Scenario, sizes: Sequence[str] = (), dpi: int | None = None,
                  flows: Sequence[str] | None = None, greyscale: bool = False) -> None:
    """Raise a usage error for an unknown size, a dpi out of range or an unknown flow."""
    for size in sizes or ("social",):
        size_of(size, dpi)
    known = [flow.id for flow in scenario.flows]
    unknown = [flow for flow in flows or () if flow not in known]
    if unknown:
        raise UsageError(f"unknown flow {unknown[0]!r}; the flows are: {', '.join(known)}")


def _settings(view: View) -> dict[str, object]:
    return {"svg.fonttype": "none", "svg.hashsalt": HASH_SALT, "pdf.fonttype": 42,
            "font.family": font_families(view.texts()), "path.simplify": True}


def _saved(figure: object, form: str) -> bytes:
    buffer = io.BytesIO()
    extra = {"pil_kwargs": {"compress_level": PNG_COMPRESSION}} if form == "png" else {}
    figure.savefig(buffer, format=form, metadata=METADATA[form],  # type: ignore[attr-defined]
                   **extra)
    return buffer.getvalue()


def write_images(scenario: Scenario, tables: Tables, out: Path,
                 formats: Sequence[str] = IMAGE_FORMATS, layers: Sequence[str] | None = None,
                 **options: object) -> list[WrittenFile]:
    """Write the images under ``out`` (see ``render_images``) and return the files written."""
    files = render_images(scenario, tables, formats, layers, **options)  # type: ignore[arg-type]
    return [write_bytes(Path(out) / name, data) for name, data in files]
