"""How data becomes colour, width and marker style on the map (and in the GIS styles)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logimap.model import Claim, Flow, Scenario

# One family of shades per direction of flow, so both sides of a trade read apart.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("#c0392b", "#e67e22", "#8e2c1f", "#d35400", "#a04000", "#e74c3c", "#b9770e", "#6e2c00"),
    ("#1f618d", "#17a589", "#5b2c6f", "#2e86c1", "#117864", "#7d3c98", "#21618c", "#148f77"),
    ("#1e8449", "#7d6608", "#239b56", "#9a7d0a", "#196f3d", "#b7950b"),
    ("#6c3483", "#a93226", "#2874a6", "#1d8348", "#b03a2e", "#5b2c6f"),
)

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


def flow_colours(flows: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Colour per flow id from (flow id, direction) pairs: a shade family per direction."""
    directions = sorted({direction for _, direction in flows})
    used: dict[str, int] = {}
    colours = {}
    for flow_id, direction in flows:
        family = FAMILIES[directions.index(direction) % len(FAMILIES)]
        index = used.get(direction, 0)
        used[direction] = index + 1
        colours[flow_id] = family[index % len(family)]
    return colours


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
