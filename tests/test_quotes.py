"""Finding a quote in its source: word for word and letter case kept; spacing, typographic
quote marks, dashes, invisible characters, canonical equivalence, ligatures and the ellipsis
aside. A quote that is not found is shown beside the closest passage, with the characters
that differ named, and a hint for the kind of difference."""

from __future__ import annotations

import pytest

from logimap.check.quotes import SourceText, normalise, quote_in

SINGLE = ["‘", "’", "‚", "‛", "′"]
DOUBLE = ["“", "”", "„", "‟", "″"]
DASHES = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58",
          "\ufe63", "\uff0d"]
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff",
             "\u202a", "\u202c", "\u2066", "\u2069", "\u061c"]


@pytest.mark.parametrize("mark", SINGLE)
def test_each_typographic_single_mark_reads_as_an_apostrophe(mark: str):
    assert normalise(f"it{mark}s") == "it's"


@pytest.mark.parametrize("mark", DOUBLE)
def test_each_typographic_double_mark_reads_as_a_straight_double_quote(mark: str):
    assert normalise(f"{mark}black network{mark}") == '"black network"'


@pytest.mark.parametrize("dash", DASHES)
def test_each_dash_reads_as_a_hyphen_minus(dash: str):
    assert normalise(f"Kim{dash}Putin summit, 9{dash}10 million") == (
        "Kim-Putin summit, 9-10 million")


@pytest.mark.parametrize("char", INVISIBLE)
def test_each_invisible_formatting_character_is_left_out(char: str):
    assert normalise(f"ship{char}ments") == "shipments"


def test_runs_of_any_whitespace_read_as_one_space_and_the_ends_are_trimmed():
    assert normalise(" \t the\u00a0 black\n\r\nnetwork\u2028\u202f ") == "the black network"


def test_a_letter_and_its_combining_accent_read_as_the_one_letter():
    assert normalise("Arte\u0301m") == "Art\u00e9m"


def test_ligatures_read_as_their_letters_and_the_ellipsis_as_three_full_stops():
    assert normalise("\ufb01nal \ufb02ights \ufb00 \ufb03 \ufb04\u2026") == (
        "final flights ff ffi ffl...")


def test_nothing_else_changes():
    assert normalise("Letter CASE, «guillemets», km², ½, Ｋ, ９") == (
        "Letter CASE, «guillemets», km², ½, Ｋ, ９")


SOURCE = SourceText("North Korea sent approximately\n9 million “artillery shells” to Russia – "
                    "by ship\u00a0and rail.")


@pytest.mark.parametrize("quote", [
    "approximately 9 million",
    'approximately 9 million "artillery shells" to',
    "9 million ‟artillery shells″ to Russia",
    "North Korea sent approximately    9",
    "to Russia - by ship and rail.",
    "to Russia — by ship and\nrail.",
    "by sh\u00adip",
    "ap\u200bproximately",
    "a",
])
def test_a_quote_in_the_source_is_found(quote: str):
    assert SOURCE.holds(quote)
    assert SOURCE.difference(quote) is None
    assert quote_in(quote, "North Korea sent approximately\n9 million “artillery shells” to "
                           "Russia – by ship\u00a0and rail.")


@pytest.mark.parametrize("quote", [
    "approximately 9 millions",
    "north korea sent",
    "9 million 'artillery shells'",
    "9 million «artillery shells»",
    "zz",
    "rail. And more",
    "Russia-by ship",
])
def test_a_quote_not_in_the_source_is_not_found(quote: str):
    assert not SOURCE.holds(quote)
    assert SOURCE.difference(quote) is not None
    assert not quote_in(quote, "North Korea sent approximately 9 million “artillery shells” "
                               "to Russia – by ship and rail.")


# -- where a quote differs ---------------------------------------------------------------------

ARTICLE = SourceText("Early shipments involved 49 voyages by Russian cargo ships, followed by "
                     "rail transport.")
CASE = "letter case differs: write the letter as the source does"
FIGURE = ("a figure differs: quote the figure as the source gives it, and put a correction in "
          "'note' with status: corrected")
SPACE_IN_SOURCE = ("the source has a space where the quote has none: space the words as it "
                   "does")
SPACE_IN_QUOTE = ("the quote has a space where the source has none: space the words as it "
                  "does")
LOOK_ALIKE = ("the two look alike but are different characters (a letter of another script): "
              "type it again, or copy it from the source")
WORDS = "copy the words exactly from the source; corrections go in 'note'"
BEYOND = ("the quote goes on past the stored text: check that the whole source is stored, or "
          "quote only what it holds")
NOTHING = "check that the claim cites the right source, and copy its words exactly"

DIFFERENCES = {
    "a digit": (
        "Early shipments involved 94 voyages",
        "the closest passage of the source is 'Early shipments involved 49 voyages by "
        "Russia…'; after '…pments involved ' the source has DIGIT FOUR U+0034 where the quote "
        "has DIGIT NINE U+0039", FIGURE),
    "letter case": (
        "early shipments involved 49 voyages",
        "the closest passage of the source is 'Early shipments invo…'; at the quote's start "
        "the source has LATIN CAPITAL LETTER E U+0045 where the quote has LATIN SMALL LETTER E "
        "U+0065", CASE),
    "a space the quote lacks": (
        "involved 49voyages by",
        "the closest passage of the source is 'Early shipments involved 49 voyages by "
        "Russian …'; after 'involved 49' the source has SPACE U+0020, which the quote has not",
        SPACE_IN_SOURCE),
    "a space the source lacks": (
        "Russian cargo ships , followed",
        "the closest passage of the source is '…voyages by Russian cargo ships, followed by "
        "rail t…'; after '…sian cargo ships' the quote has SPACE U+0020, which the source has "
        "not", SPACE_IN_QUOTE),
    "a letter of another script": (
        "49 voyages by Russian c\u0430rgo ships",
        "the closest passage of the source is '…volved 49 voyages by Russian cargo ships, "
        "followed…'; after '…ges by Russian c' the source has LATIN SMALL LETTER A U+0061 where "
        "the quote has CYRILLIC SMALL LETTER A U+0430", LOOK_ALIKE),
    "other punctuation": (
        "cargo ships; followed by rail",
        "the closest passage of the source is '…Russian cargo ships, followed by rail "
        "transport.'; before ' followed by rai…' the source has COMMA U+002C where the quote "
        "has SEMICOLON U+003B", WORDS),
    "guillemets for quote marks": (
        "by «Russian cargo ships»",
        "the closest passage of the source is '…olved 49 voyages by Russian cargo ships, "
        "followed …'; before 'Russian cargo sh…' the quote has LEFT-POINTING DOUBLE ANGLE "
        "QUOTATION MARK U+00AB, which the source has not", WORDS),
    "a superscript digit": (
        "involved 4⁹ voyages",
        "the closest passage of the source is 'Early shipments involved 49 voyages by "
        "Russian…'; after 'involved 4' the source has DIGIT NINE U+0039 where the quote has "
        "SUPERSCRIPT NINE U+2079", FIGURE),
    "words past the end of the text": (
        "by rail transport. Later by air",
        "the closest passage of the source is '…s, followed by rail transport.'; the stored "
        "text ends after '… rail transport.', where the quote goes on with ' Later by air'",
        BEYOND),
    "words before the start of the text": (
        "In 2023, Early shipments involved 49 voyages by Russian cargo",
        "the closest passage of the source is 'Early shipments involved 49 vo…'; the stored "
        "text begins before 'Early shipments …', where the quote has 'In 2023, ' before it",
        BEYOND),
    "a different first word": (
        "Later shipments involved 49 voyages by Russian cargo",
        "the closest passage of the source is 'Early shipments involved 49 voyages…'; before "
        "' shipments invol…' the source has LATIN SMALL LETTER Y U+0079 where the quote has "
        "LATIN SMALL LETTER R U+0072", WORDS),
    "nothing alike": (
        "Flights from Tehran", "no passage of the source shares its first or last words",
        NOTHING),
}


@pytest.mark.parametrize(("quote", "message", "hint"), DIFFERENCES.values(),
                         ids=DIFFERENCES.keys())
def test_a_quote_not_found_names_where_and_how_it_differs(quote: str, message: str, hint: str):
    difference = ARTICLE.difference(quote)

    assert (difference.message, difference.hint) == (message, hint)


# -- in validate ------------------------------------------------------------------------------


def test_validate_names_the_closest_passage_and_the_characters_that_differ(
        tmp_path, starter_project):
    import shutil

    from tests.conftest import line_of, replace_in, run

    project = tmp_path / "project"
    shutil.copytree(starter_project, project)
    replace_in(project / "routes/munitions.yaml", "involved 49 voyages", "involved 94 voyages")

    result = run("validate", "--project", str(project))

    line = line_of(project / "routes/munitions.yaml", "id: voyages")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: 1 problem(s) found\nroutes/munitions.yaml:{line}: quote of claim 'voyages' not "
        "found in seeds/korea-daily-2025-05-30-msmt-report.txt: the closest passage of the "
        "source is '…ear. Early shipments involved 49 voyages by Russia…'; after '…pments "
        f"involved ' the source has DIGIT FOUR U+0034 where the quote has DIGIT NINE U+0039 "
        f"(hint: {FIGURE})\n")


def test_a_quote_differing_only_in_dashes_spaces_and_invisible_characters_validates(
        tmp_path, starter_project):
    import shutil

    from tests.conftest import replace_in, run

    project = tmp_path / "project"
    shutil.copytree(starter_project, project)
    replace_in(project / "seeds/korea-daily-2025-05-30-msmt-report.txt", "Russian cargo ships",
               "Russian cargo\u2013ships")
    replace_in(project / "routes/munitions.yaml", "49 voyages by Russian cargo ships\n",
               "49 voyages by Russian\u00a0cargo\u00ad-ships\u200b\n")

    assert run("validate", "--project", str(project)).exit_code == 0
