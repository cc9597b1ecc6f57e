"""Finding a quote in its source: word for word and letter case kept, whitespace and
typographic quote marks aside."""

from __future__ import annotations

import pytest

from logimap.check.quotes import SourceText, normalise, quote_in

SINGLE = ["‘", "’", "‚", "‛", "′"]
DOUBLE = ["“", "”", "„", "‟", "″"]


@pytest.mark.parametrize("mark", SINGLE)
def test_each_typographic_single_mark_reads_as_an_apostrophe(mark: str):
    assert normalise(f"it{mark}s") == "it's"


@pytest.mark.parametrize("mark", DOUBLE)
def test_each_typographic_double_mark_reads_as_a_straight_double_quote(mark: str):
    assert normalise(f"{mark}black network{mark}") == '"black network"'


def test_runs_of_any_whitespace_read_as_one_space_and_the_ends_are_trimmed():
    assert normalise(" \t the\u00a0 black\n\r\nnetwork\u2028 ") == "the black network"


def test_nothing_else_changes():
    assert normalise("Letter CASE, «guillemets» and — dashes") == (
        "Letter CASE, «guillemets» and — dashes")


SOURCE = SourceText("North Korea sent approximately\n9 million “artillery shells” to Russia.")


@pytest.mark.parametrize("quote", [
    "approximately 9 million",
    'approximately 9 million "artillery shells" to',
    "9 million ‟artillery shells″ to Russia.",
    "North Korea sent approximately    9",
    "a",
])
def test_a_quote_in_the_source_is_found(quote: str):
    assert SOURCE.holds(quote)
    assert quote_in(quote, "North Korea sent approximately\n9 million “artillery shells” to "
                           "Russia.")


@pytest.mark.parametrize("quote", [
    "approximately 9 millions",
    "north korea sent",
    "9 million 'artillery shells'",
    "zz",
    "Russia. And more",
])
def test_a_quote_not_in_the_source_is_not_found(quote: str):
    assert not SOURCE.holds(quote)
    assert not quote_in(quote, "North Korea sent approximately 9 million “artillery shells” "
                               "to Russia.")
