"""Every flow in a colour of its own, that readers with red-green colour blindness can tell
apart too, the same on the map and in every export."""

from __future__ import annotations

import itertools

import pytest
from coloraide import Color

from logimap.tables import style

# CIEDE2000 differences are read against the classes of colour difference used in colour
# science (Journal of Wood Science 50(4):283, table 2, https://woodj.org/download/
# download_excel?pid=wood-50-4-283&tid=T2): above 12 the two are "different colors", 6 to 12
# a "large change". Two flows must be different colours.
DIFFERENT_COLOURS = 12.0


def smallest_difference(colours: list[str], deuteranopia: bool = False) -> float:
    """The smallest CIEDE2000 difference between two of ``colours``; with ``deuteranopia``,
    as seen with no green cones (Machado, Oliveira and Fernandes 2009, full severity)."""
    seen = [Color(colour) for colour in colours]
    if deuteranopia:
        seen = [colour.filter("deutan", method="machado").clip() for colour in seen]
    return min(first.delta_e(second, method="2000")
               for first, second in itertools.combinations(seen, 2))


def test_the_default_scenarios_flows_are_all_different_colours(scenario):
    colours = list(style.flow_colours([flow.id for flow in scenario.flows]).values())

    assert len(scenario.flows) >= 9 and len(set(colours)) == len(colours)
    assert smallest_difference(colours) > DIFFERENT_COLOURS
    assert smallest_difference(colours, deuteranopia=True) > DIFFERENT_COLOURS


def test_twelve_flows_stay_different_colours_with_and_without_colour_blindness():
    colours = list(style.flow_colours([f"flow-{n}" for n in range(12)]).values())

    assert len(set(colours)) == 12
    assert smallest_difference(colours) > DIFFERENT_COLOURS
    assert smallest_difference(colours, deuteranopia=True) > DIFFERENT_COLOURS


def test_beyond_the_palette_hues_come_back_lighter_then_darker():
    nine = len(style.PALETTE)
    first, lighter, darker = (Color(style.palette_colour(index)).convert("hsl")
                              for index in (0, nine, 2 * nine))

    assert lighter["lightness"] > first["lightness"] > darker["lightness"]
    assert first["hue"] == pytest.approx(lighter["hue"], abs=1.0)
    assert first["hue"] == pytest.approx(darker["hue"], abs=1.0)


def test_the_legend_says_when_colours_repeat_in_other_shades():
    assert style.shade_note(9) == ""
    assert "lighter or darker shades" in style.shade_note(10)


def test_flows_take_the_palettes_colours_in_their_order():
    # Paul Tol's muted scheme (SRON/EPS/TN/09-002): rose, indigo, sand.
    assert style.flow_colours(["b", "a", "c"]) == {"b": "#cc6677", "a": "#332288",
                                                   "c": "#ddcc77"}
