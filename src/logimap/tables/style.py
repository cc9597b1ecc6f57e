"""How data becomes colour, width and marker style on the map (and in the GIS styles)."""

from __future__ import annotations

import colorsys
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logimap.model import Claim, Flow, Scenario

# One colour per flow: Paul Tol's "muted" qualitative palette (Tol, "Colour Schemes",
# SRON/EPS/TN/09-002, 2021), chosen to stay apart for readers with red-green colour
# blindness. Flows take its colours in their order; a tenth flow and beyond take the same
# hues again, lighter (``SHADE_STEP`` of HLS lightness) on the second round, darker on the
# third, and so on, and the legend says so (``shade_note``). bench/palette.py measures how far
# apart they are (CIEDE2000, with and without simulated deuteranopia).
PALETTE: tuple[str, ...] = ("#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee", "#882255",
                            "#44aa99", "#999933", "#aa4499")
SHADE_STEP = 0.2
SHADE_LIGHTNESS = (0.12, 0.9)

# A width compares flows counted in the same unit: from MIN_WIDTH to MAX_WIDTH (the unit's
# largest figure). A flow with nothing to be compared with (no headline figure, or the only
# flow of its unit) is drawn at DEFAULT_WIDTH, a neutral width; its label gives its figure.
MIN_WIDTH = 2.0
MAX_WIDTH = 8.0
DEFAULT_WIDTH = 2.5
# A leg's line: its opacity, fainter when the flow's headline figure is disputed or
# corrected, and the dashes (pixels on, off) of a schematic line.
LINE_OPACITY = 0.9
FADED_OPACITY = 0.45
FADED_STATUSES = ("disputed", "corrected")
SCHEMATIC_DASH = (8, 6)
# A schematic stretch of a leg (an approach to the water, a stop off the network): short
# dashes, finer than a schematic leg's.
STRETCH_DASH = (2, 4)

KIND_STYLES: dict[str, tuple[str, int]] = {
    "port": ("#1f77b4", 6),
    "naval_port": ("#08306b", 6),
    "shipyard": ("#6baed6", 6),
    "rail_station": ("#636363", 5),
    "rail_junction": ("#969696", 3),
    "border_crossing": ("#ffd92f", 6),
    "depot": ("#d62728", 7),
    "warehouse": ("#e377c2", 6),
    "factory": ("#8c564b", 6),
    "airfield": ("#9467bd", 6),
    "city": ("#525252", 4),
    "town": ("#bdbdbd", 3),
    "front": ("#000000", 7),
    "test_range": ("#ff7f0e", 6),
    "site": ("#17becf", 5),
    "waypoint": ("#c6dbef", 2),
}
# The base map of the images and the QGIS project: land, sea, and the lines of coasts and
# borders.
BASEMAP_LAND, BASEMAP_SEA, BASEMAP_LINE = "#ecebe4", "#f7fbfd", "#b5b2a8"

# Places of a kind the map has no style for.
OTHER_KIND = ("#444444", 4)


# Place labels, most important first: places of these kinds, and places claims are about;
# then the places legs start or end at; then the rest (via stops, towns on the way).
# Waypoints are routing points, never named.
KEY_PLACE_KINDS = ("port", "naval_port", "border_crossing", "depot")
UNLABELLED = "waypoint"


def label_tier(kind: str, precision: str, has_claims: bool, ends_legs: bool) -> int | None:
    """How soon a place is named on the map: 0 first, then 1, then 2; None never (a
    waypoint). Within a tier, the page names first the places more legs reach."""
    if UNLABELLED in (kind, precision):
        return None
    if kind in KEY_PLACE_KINDS or has_claims:
        return 0
    return 1 if ends_legs else 2


def shade(colour: str, step: float) -> str:
    """``colour`` (``#rrggbb``) with its HLS lightness moved by ``step``, kept within
    ``SHADE_LIGHTNESS``."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    low, high = SHADE_LIGHTNESS
    lightness = min(max(lightness + step, low), high)
    return "#" + "".join(f"{round(value * 255):02x}"
                         for value in colorsys.hls_to_rgb(hue, lightness, saturation))


def palette_colour(index: int) -> str:
    """The colour of the flow at ``index`` (0 first): the palette's, then its hues again,
    one round lighter, the next darker, further each second round."""
    base = PALETTE[index % len(PALETTE)]
    round_ = index // len(PALETTE)
    if round_ == 0:
        return base
    sign = 1 if round_ % 2 else -1
    return shade(base, sign * SHADE_STEP * ((round_ + 1) // 2))


def flow_colours(flow_ids: Sequence[str]) -> dict[str, str]:
    """Colour per flow id, in the flows' order: the same on every page and in every
    export."""
    return {flow_id: palette_colour(index) for index, flow_id in enumerate(flow_ids)}


def shade_note(flow_count: int) -> str:
    """What the legend says when flows outnumber the palette's colours, else ""."""
    if flow_count <= len(PALETTE):
        return ""
    return (f"Colours repeat after {len(PALETTE)} flows in lighter or darker shades of the "
            "same hues.")


def width_for(value: float, largest: float) -> float:
    """Line width for a headline volume, scaled by area (square root) within one unit."""
    if largest <= 0 or value <= 0:
        return MIN_WIDTH
    return round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * math.sqrt(value / largest), 1)


def width_scale(values: Iterable[float]) -> dict[float, float]:
    """Width per value for the volumes of one unit."""
    values = list(values)
    largest = max(values, default=0.0)
    return {value: width_for(value, largest) for value in values}


def headline_value(claim: Claim) -> float:
    """The volume a headline claim sizes its flow by: its value, or its range's middle."""
    return ((claim.low or 0.0) + (claim.high or 0.0)) / 2.0


def headlines_by_unit(scenario: Scenario, flows: Sequence[Flow]
                      ) -> dict[str, list[tuple[Flow, Claim]]]:
    """The flows with a headline figure, with that claim, grouped by its unit (sorted)."""
    by_unit: dict[str, list[tuple[Flow, Claim]]] = {}
    for flow in flows:
        claim = scenario.claim_by_id.get(flow.headline)
        if claim is not None and claim.has_value:
            by_unit.setdefault(claim.unit, []).append((flow, claim))
    return dict(sorted(by_unit.items()))


def flow_widths(scenario: Scenario) -> dict[str, float]:
    """Line width per flow whose headline figure is compared: its volume against the other
    flows of the scenario counted in the same unit, and only those. A flow without a
    headline figure, or alone in its unit, is not in the result: it is drawn at
    ``DEFAULT_WIDTH``. The same on every page and in the GIS styles."""
    widths: dict[str, float] = {}
    for pairs in headlines_by_unit(scenario, scenario.flows).values():
        if len(pairs) < 2:
            continue
        scale = width_scale(headline_value(claim) for _, claim in pairs)
        widths.update({flow.id: scale[headline_value(claim)] for flow, claim in pairs})
    return widths


def faded(scenario: Scenario, flow: Flow) -> bool:
    """True when the flow's headline figure is disputed or corrected: its legs are drawn
    at ``FADED_OPACITY``."""
    headline = scenario.claim_by_id.get(flow.headline)
    return bool(headline and headline.status in FADED_STATUSES)
