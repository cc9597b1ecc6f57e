"""Labels that never overlap: each tried in turn (most important first) at a few places
around its point, kept at the first where its box overlaps no label already placed, nor any
box to keep clear (the legend, the title), and stays inside the map; dropped when none fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

# Where a label is tried around its point, in points: right, left, above, below, then the
# corners; with its horizontal and vertical alignment there.
PLACES = ((6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"),
          (0, -6, "center", "top"), (5, 5, "left", "bottom"), (-5, 5, "right", "bottom"),
          (5, -5, "left", "top"), (-5, -5, "right", "top"))
# Space kept around each label's box, in pixels.
PADDING = 2.0


@dataclass(frozen=True)
class Label:
    """A text to write beside a point (projected x, y) in a style (``Text`` properties)."""

    text: str
    x: float
    y: float
    style: dict


def place_labels(axes: Axes, renderer: RendererBase, labels: Sequence[Label],
                 keep_clear: Sequence[Bbox] = (), gid: str = "labels") -> list[Text]:
    """Write ``labels`` on ``axes`` where they overlap nothing; returns those written, whose
    boxes (``get_window_extent``) are pairwise apart."""
    inside = axes.get_window_extent(renderer)
    taken = list(keep_clear)
    written = []
    for number, label in enumerate(labels):
        text = axes.annotate(label.text, (label.x, label.y), xytext=(0, 0),
                             textcoords="offset points",
                             annotation_clip=True, **label.style)
        text.set_gid(f"{gid}-{number}")
        for dx, dy, horizontal, vertical in PLACES:
            text.set_position((dx, dy))
            text.set_horizontalalignment(horizontal)
            text.set_verticalalignment(vertical)
            box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(PADDING)
            if (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0
                    and box.y1 <= inside.y1 and not any(box.overlaps(b) for b in taken)):
                taken.append(box)
                written.append(text)
                break
        else:
            text.remove()
    return written
