"""Every figure of the article is a claim in the default scenario, with a quote that verifies."""

from __future__ import annotations

import pytest

from logimap.check.quotes import quote_in

ARTICLE = "korea-daily-2025-05-30"

# (words the quote must contain, value or range, unit); None: a claim without a number.
FIGURES = [
    ("approximately 9 million artillery shells", 9_000_000, "shells"),
    ("49 voyages by Russian cargo ships", 49, "voyages"),
    ("20,000 containers", 20_000, "containers"),
    ("D-20, D-30, M-30, M-46, and D-74", None, ""),
    ("from 82mm to 170mm", (82, 170), "mm"),
    ("over 200 heavy artillery units", 200, "artillery units"),
    ("three full brigades", 3, "brigades"),
    ("170mm self-propelled guns", 170, "mm"),
    ("240mm multiple rocket launchers", 240, "mm"),
    ("Roughly 100 KN-23 and KN-24", 100, "missiles"),
    ("more than 11,000 North Korean soldiers", 11_000, "troops"),
    ("another 3,000 troops", 3_000, "troops"),
    ("at least 8,000 civilian workers", 8_000, "workers"),
    ("thousands more expected", None, ""),
    ("at least one Pantsir-class mobile air defense vehicle", 1, "vehicles"),
    ("short-range air defense systems and jamming", None, ""),
    ("provided training on their use", None, ""),
    ("ballistic missile data and guidance system enhancements", None, ""),
    ("Transport Aviation Command", None, ""),
    ("224th Air Squadron", None, ""),
    ("5,000-ton multipurpose destroyer Choe Hyon at Nampo Shipyard", 5_000, "tonnes"),
    ("rail transport from Russia’s Far East to central storage", None, ""),
    ("formed in October 2023", None, ""),
    ("includes 11 countries", 11, "countries"),
]



@pytest.mark.parametrize(("words", "value", "unit"), FIGURES, ids=[f[0] for f in FIGURES])
def test_the_figure_is_a_claim_quoting_the_article(scenario, words, value, unit):
    article = scenario.source_by_id[ARTICLE].text
    claims = [c for c in scenario.claims if c.source == ARTICLE and quote_in(words, c.quote)]

    assert claims, f"no claim quotes {words!r}"
    assert all(quote_in(c.quote, article) for c in claims)
    if value is not None:
        low, high = value if isinstance(value, tuple) else (value, value)
        assert any((c.low, c.high, c.unit) == (low, high, unit) for c in claims)


@pytest.mark.parametrize(
    ("claim_id", "status", "note_words"),
    [("msmt-formed", "corrected", "October 2024"),
     ("shorad-since-2023-11", "disputed", "since November 2024"),
     ("jamming-devices", "disputed", "since November 2024"),
     ("airline-224th", "corrected", "224th Flight Unit State Airlines")],
)
def test_known_errors_are_recorded_beside_the_quote_not_in_it(scenario, claim_id, status,
                                                               note_words):
    claim = scenario.claim_by_id[claim_id]

    assert claim.status == status
    assert note_words in claim.note
    assert note_words not in claim.quote
    assert claim.note_sources


def test_flows_go_both_ways(scenario):
    directions = {flow.direction for flow in scenario.flows}
    cargo_back = {f.cargo for f in scenario.flows if f.direction == "Russia to DPRK"}

    assert directions == {"DPRK to Russia", "Russia to DPRK"}
    assert {"air defence", "electronic warfare", "know-how"} <= cargo_back


def test_every_leg_states_its_geometry_basis_and_why(scenario):
    for leg in scenario.legs:
        assert leg.basis in ("observed", "modelled", "schematic")
        assert leg.basis_note, leg.id
