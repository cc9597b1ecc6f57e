"""``evidence.warnings`` on the starter scenario broken in one place per rule: the exact
warning found (message, place, hint), and nothing else; and ``--strict``, which makes
warnings problems.

Every expected line is written out here, its place found by searching the starter's text,
never taken from what ``warnings`` produces.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from logimap.check.evidence import dates_in, warnings
from logimap.check.rules import check
from logimap.read.scenario import read_project
from tests.conftest import line_of, replace_in, run

FLOW = "routes/munitions.yaml"
AIR = "routes/arms-by-air.yaml"
SOURCES = "seeds/sources.yaml"
NODES = "geodata/nodes.csv"
# An external source, dated, that the starter does not have.
SITE = "  - id: site\n    publisher: Example\n    date: 2020\n    url: https://example.org/\n"
# A report read on an aggregator, given as if it were the publisher's own page.
COPIED = ("  - id: cnn\n    publisher: CNN\n    date: 2025-02-27\n"
          "    url: https://www.daily8.com/en/article/03f73f56\n")
# Published the day before the starter's munitions legs begin (2023-09).
SITE_2023 = SITE.replace("id: site", "id: site-2023").replace("2020", "2023-08-31")
EARLIER = ("cite a report published since the period began (one written afterwards is fine), "
           "say in the leg's basis_note why the earlier source stands for it, naming its id, or "
           "check the leg's period")


@pytest.fixture
def project(tmp_path: Path, starter_project: Path) -> Path:
    shutil.copytree(starter_project, tmp_path / "project")
    return tmp_path / "project"


def found(project: Path) -> list[str]:
    scenario, problems = read_project(project)
    assert problems == [] and check(scenario) == []  # sound data: these are warnings only
    return [str(problem) for problem in warnings(scenario)]


def at(project: Path, file: str, needle: str) -> str:
    return f"{file}:{line_of(project / file, needle)}"


def edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: replace_in(project / file, old, new)


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for one in changes:
            one(project)
    return change


ADD_SITE = edit(SOURCES, "sources:\n", f"sources:\n{SITE}")
# rows of the starter's geodata/nodes.csv
NODE_ROW = {"rajin_port": 2, "baranovsky_jct": 3, "ussuriysk": 5, "vladivostok_airport": 6}

# (edit, expected warnings as functions of the edited project)
CASES: dict[str, tuple[Callable[[Path], None], Callable[[Path], list[str]]]] = {
    "headline counting a period its leg misses": (
        edit(FLOW, "    within: [RU]\n", "    within: [RU]\n    period: 2023-10/2023-12\n"),
        lambda p: [f"{at(p, FLOW, 'id: rail-vostochny-ussuriysk')}: headline 'shells-2024' of "
                   "flow 'munitions' counts 2024, which does not overlap leg "
                   "'rail-vostochny-ussuriysk' (2023-10/2023-12) that it sizes (hint: choose a "
                   "headline whose period covers the flow's legs, or check both periods)"]),
    "source nobody cites": (
        ADD_SITE,
        lambda p: [f"{at(p, SOURCES, 'id: site')}: source 'site' is never cited (hint: cite "
                   "it where it is used (a claim's 'source' or 'note_sources', a leg's "
                   "'sources', a node's 'sources' column), or remove it)"]),
    "source whose url is on another site than its publisher's": (
        both(edit(SOURCES, "sources:\n", f"sources:\n{COPIED}"),
             edit(FLOW, "    legs: [sea-rajin-vostochny]\n",
                  "    legs: [sea-rajin-vostochny]\n    note: Reported by CNN too.\n"
                  "    note_sources: [cnn]\n")),
        lambda p: [f"{at(p, SOURCES, 'id: cnn')}: source 'cnn': its url is on daily8.com, "
                   "which does not look like the site of its publisher 'CNN' (hint: if that "
                   "page is a copy (a republication, a mirror, a summary), move its address to "
                   "copy_url and leave url out unless you know the publisher's own; if the "
                   "site is the publisher's, say so with publisher_site: daily8.com)"]),
    "claim note describing an event after its sources": (
        both(ADD_SITE, edit(FLOW, "    legs: [sea-rajin-vostochny]\n",
                            "    legs: [sea-rajin-vostochny]\n    note: Seen again on 3 March "
                            "2026.\n    note_sources: [site]\n")),
        lambda p: [f"{at(p, FLOW, 'id: voyages')}: the note of claim 'voyages' describes 3 "
                   "March 2026, after every source it cites was published: site (2020) (hint: "
                   "cite a source published after the event, or take the sentence out)"]),
    "leg basis note describing an event after its sources": (
        both(ADD_SITE, edit(FLOW, "      logimap routes the path at sea.\n",
                            "      logimap routes the path at sea. Used again from 2021-06.\n"
                            "    sources: [site]\n")),
        lambda p: [f"{at(p, FLOW, 'id: sea-rajin-vostochny')}: the basis note of leg "
                   "'sea-rajin-vostochny' describes 2021-06, after every source it cites was "
                   "published: site (2020) (hint: cite a source published after the event, "
                   "or take the sentence out)"]),
    "estimate marked as a published coordinate": (
        edit(NODES, '"en.wikipedia mirror, 43°48′N 131°58′E"', "estimate from a map"),
        lambda p: [f"{NODES} row {NODE_ROW['ussuriysk']}: node 'ussuriysk' has precision "
                   "'town' (a published coordinate) but its basis says 'estimate' (hint: set "
                   "precision 'approximate' (or 'approximate-low'), or give the published "
                   "coordinate as its basis)"]),
    "error in km beyond the precision": (
        edit(NODES, "(de.wikipedia mirror, Rajinhang Line)",
             "(de.wikipedia mirror, Rajinhang Line), within about 10 km"),
        lambda p: [f"{NODES} row {NODE_ROW['rajin_port']}: node 'rajin_port' has precision "
                   "'approximate' (good to 5 km) but its basis puts it within 10 km (hint: set "
                   "the precision the basis supports ('approximate-low' for tens of km), or "
                   "improve the coordinate)"]),
    "modelled leg citing no source": (
        edit(FLOW, "    to: vostochny_port\n    basis: schematic\n",
             "    to: vostochny_port\n    basis: modelled\n"),
        lambda p: [f"{at(p, FLOW, 'id: sea-rajin-vostochny')}: modelled leg "
                   "'sea-rajin-vostochny' cites no source for its route (hint: list the "
                   "sources reporting both its ends under 'sources', or set basis: "
                   "schematic)"]),
    "modelled leg whose only source was published before its period began": (
        both(ADD_SITE, edit(FLOW, "    to: vostochny_port\n    basis: schematic\n",
                            "    to: vostochny_port\n    basis: modelled\n"
                            "    sources: [site]\n")),
        lambda p: [f"{at(p, FLOW, 'id: sea-rajin-vostochny')}: every source of modelled leg "
                   "'sea-rajin-vostochny' was published before its period 2023-09/2025-03 "
                   f"began: site (2020) (hint: {EARLIER})"]),
    "observed leg without a track": (
        edit(AIR, "    basis: schematic\n", "    basis: observed\n"),
        lambda p: [f"{at(p, AIR, 'id: air-pyongyang-vladivostok')}: leg "
                   "'air-pyongyang-vladivostok' is marked observed but has no track (hint: "
                   "give it 'track: tracks/<file>', or set basis: modelled or schematic)"]),
    "quote of a few words from a source not stored": (
        both(ADD_SITE, edit(FLOW, "    source: korea-daily-2025-05-30\n    quote: Early "
                                  "shipments involved 49 voyages by Russian cargo ships\n",
                            "    source: site\n    quote: 49 voyages\n")),
        lambda p: [f"{at(p, FLOW, 'id: voyages')}: the quote of claim 'voyages' is 2 word(s) "
                   "from 'site', whose text is not stored: a fragment a reader cannot check "
                   "(hint: quote the whole sentence, or store the source's text in seeds/ "
                   "('file:'))"]),
    "a note's latest event, written before an earlier one, after both sources": (
        both(ADD_SITE, edit(FLOW, "    legs: [sea-rajin-vostochny]\n",
                            "    legs: [sea-rajin-vostochny]\n    note: Loaded on 9 March "
                            "2020; seen again on 21 May 2026.\n"
                            "    note_sources: [site, korea-daily-2025-05-30]\n")),
        lambda p: [f"{at(p, FLOW, 'id: voyages')}: the note of claim 'voyages' describes 21 "
                   "May 2026, after every source it cites was published: site (2020), "
                   "korea-daily-2025-05-30 (2025-05-30) (hint: cite a source published after "
                   "the event, or take the sentence out)"]),
    "an estimate marked site, and a later site off by more than its precision": (
        both(edit(NODES, '"ru.wikipedia mirror, Барановский (станция), 43°38′44″N 131°55′38″E"',
                  "derived from the line's length"),
             edit(NODES, '43°23′56″N 132°08′53″E"', '43°23′56″N 132°08′53″E, within 2 km"')),
        lambda p: [f"{NODES} row {NODE_ROW['baranovsky_jct']}: node 'baranovsky_jct' has "
                   "precision 'site' (a published coordinate) but its basis says 'derived' "
                   "(hint: set precision 'approximate' (or 'approximate-low'), or give the "
                   "published coordinate as its basis)",
                   f"{NODES} row {NODE_ROW['vladivostok_airport']}: node 'vladivostok_airport' "
                   "has precision 'site' (good to 1 km) but its basis puts it within 2 km "
                   "(hint: set the precision the basis supports ('approximate-low' for tens of "
                   "km), or improve the coordinate)"]),
    "two modelled legs, one citing nothing, one citing two sources from before its period": (
        both(edit(SOURCES, "sources:\n", f"sources:\n{SITE}{SITE_2023}"),
             edit(FLOW, "    to: vostochny_port\n    basis: schematic\n",
                  "    to: vostochny_port\n    basis: modelled\n"),
             edit(FLOW, "    within: [RU]\n    basis: schematic\n",
                  "    within: [RU]\n    basis: modelled\n"
                  "    sources: [site, site-2023]\n")),
        lambda p: [f"{at(p, FLOW, 'id: sea-rajin-vostochny')}: modelled leg "
                   "'sea-rajin-vostochny' cites no source for its route (hint: list the "
                   "sources reporting both its ends under 'sources', or set basis: "
                   "schematic)",
                   f"{at(p, FLOW, 'id: rail-vostochny-ussuriysk')}: every source of modelled "
                   "leg 'rail-vostochny-ussuriysk' was published before its period "
                   "2023-09/2025-03 began: site (2020), site-2023 (2023-08-31) (hint: "
                   f"{EARLIER})"]),
}


def test_the_starter_has_no_warning(project: Path):
    assert found(project) == []


@pytest.mark.parametrize(("change", "expected"), CASES.values(), ids=CASES.keys())
def test_each_rule_finds_exactly_the_fault(project: Path, change, expected):
    change(project)

    assert found(project) == expected(project)


@pytest.mark.parametrize(("note", "cited"), [
    ("Seen again on 3 March 2026.", "2026-03-03"),  # published that very day
    ("Seen again in March 2026.", "2026-03"),
    ("Seen again on March 3, 2026.", "2026"),
    ("Loaded again in 2021.", "2021"),
    ("Loaded by the 224th unit, 1,000 containers.", "2020"),  # numbers that are no dates
])
def test_a_note_its_sources_could_report_is_no_warning(project: Path, note: str, cited: str):
    replace_in(project / SOURCES, "sources:\n",
               f"sources:\n{SITE.replace('date: 2020', f'date: {cited}')}")
    replace_in(project / FLOW, "    legs: [sea-rajin-vostochny]\n",
               f"    legs: [sea-rajin-vostochny]\n    note: {note}\n    note_sources: [site]\n")

    assert found(project) == []


MODELLED = ("    to: vostochny_port\n    basis: schematic\n",
            "    to: vostochny_port\n    basis: modelled\n")


@pytest.mark.parametrize(("cited", "dates"), [
    (["korea-daily-2025-05-30"], []),  # a report written after the period: a retrospective
    (["site"], ["2024-06"]),  # a report from during the period
    (["site"], ["2023-09"]),  # the month the period began, which it may have been written in
    (["site"], ["2023-09-01"]),  # the day it began
    (["site"], [""]),  # undated: nobody can tell that it came too early
    (["site", "korea-daily-2025-05-30"], ["2020"]),  # one earlier source beside a later one
], ids=["retrospective", "during", "same month", "first day", "undated", "one of two"])
def test_a_modelled_leg_with_a_source_that_could_know_of_it_is_no_warning(
        project: Path, cited: list[str], dates: list[str]):
    for published in dates:
        dated = SITE.replace("    date: 2020\n", f"    date: {published}\n" if published else "")
        replace_in(project / SOURCES, "sources:\n", f"sources:\n{dated}")
    replace_in(project / FLOW, MODELLED[0], f"{MODELLED[1]}    sources: [{', '.join(cited)}]\n")

    assert found(project) == []


def test_a_basis_note_naming_an_earlier_source_says_why_it_stands(project: Path):
    ADD_SITE(project)
    replace_in(project / FLOW, MODELLED[0], f"{MODELLED[1]}    sources: [site]\n")
    replace_in(project / FLOW, "      logimap routes the path at sea.\n",
               "      logimap routes the path at sea. The line site describes was regular "
               "until 2020.\n")

    assert found(project) == []


def test_a_basis_note_naming_another_id_beginning_like_the_source_is_no_reason(project: Path):
    ADD_SITE(project)
    replace_in(project / FLOW, MODELLED[0], f"{MODELLED[1]}    sources: [site]\n")
    replace_in(project / FLOW, "      logimap routes the path at sea.\n",
               "      logimap routes the path at sea, as site-survey and website say.\n")

    assert [w.split(": ", 1)[1][:40] for w in found(project)] == [
        "every source of modelled leg 'sea-rajin-"]


def test_a_node_citing_a_source_cites_it(project: Path):
    replace_in(project / SOURCES, "sources:\n", f"sources:\n{SITE}")
    header, *rows = (project / NODES).read_text(encoding="utf-8").splitlines()
    cited = [row + (",site" if row.startswith("baranovsky_jct,") else ",") for row in rows]
    (project / NODES).write_text("\n".join([f"{header},sources", *cited]) + "\n",
                                 encoding="utf-8")

    assert found(project) == []


@pytest.mark.parametrize("basis", ["within 5 km of the pier (de.wikipedia mirror)",
                                   "within about 2.5 km"])
def test_an_error_in_km_within_the_precision_is_no_warning(project: Path, basis: str):
    replace_in(project / NODES, "(de.wikipedia mirror, Rajinhang Line)", f"({basis})")

    assert found(project) == []


@pytest.mark.parametrize("quote", [
    "Early shipments involved 49 voyages",  # five words from a source not stored
    "49 voyages",  # two words of the stored article, which a reader can check
], ids=["five words", "stored source"])
def test_a_quote_of_five_words_or_from_a_stored_source_is_no_fragment(project: Path, quote):
    replace_in(project / FLOW, "    quote: Early shipments involved 49 voyages by Russian cargo "
                               "ships\n", f"    quote: {quote}\n")
    if quote.startswith("Early"):
        ADD_SITE(project)
        replace_in(project / FLOW, "    source: korea-daily-2025-05-30\n    quote: Early",
                   "    source: site\n    quote: Early")

    assert found(project) == []


@pytest.mark.parametrize(("text", "dates"), [
    ("sank on 21 May 2025", [("21 May 2025", date(2025, 5, 21))]),
    ("sank on May 21, 2025", [("May 21, 2025", date(2025, 5, 21))]),
    ("sank in May 2025", [("May 2025", date(2025, 5, 1))]),
    ("from 2024-11 to 2025-02-03", [("2024-11", date(2024, 11, 1)),
                                     ("2025-02-03", date(2025, 2, 3))]),
    ("not on 31 February 2024 but on 3 March 2024", [("3 March 2024", date(2024, 3, 3))]),
    ("the 224th unit and 1,000 containers", []),
    ("in breach of Resolution 2094 and resolutions 2087, UNSCR No. 2087, #2094, № 2087", []),
    ("under resolutions 2087, 2094 and 2270", []),
    ("resolution 2094 of 2013", [("2013", date(2013, 1, 1))]),
])
def test_dates_in_reads_each_way_a_note_writes_a_date(text: str, dates: list):
    assert list(dates_in(text)) == dates


# -- the command line ----------------------------------------------------------------------


def test_validate_prints_warnings_and_exits_0(project: Path):
    ADD_SITE(project)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0
    assert result.stderr == (f"warning: {at(project, SOURCES, 'id: site')}: source 'site' is "
                             "never cited (hint: cite it where it is used (a claim's 'source' "
                             "or 'note_sources', a leg's 'sources', a node's 'sources' "
                             "column), or remove it)\n")


def test_strict_makes_warnings_problems_and_a_strict_build_writes_nothing(
        project: Path, tmp_path: Path):
    ADD_SITE(project)
    out = tmp_path / "maps"

    checked = run("validate", "--strict", "--project", str(project))
    built = run("build", "--strict", "--project", str(project), "--out", str(out))
    exported = run("export", "--strict", "--project", str(project), "--out", str(out))

    expected = (f"error: 1 problem(s) found\n{at(project, SOURCES, 'id: site')}: source 'site' "
                "is never cited (hint: cite it where it is used (a claim's 'source' or "
                "'note_sources', a leg's 'sources', a node's 'sources' column), or remove it)\n")
    assert (checked.exit_code, built.exit_code, exported.exit_code) == (1, 1, 1)
    assert checked.stderr == built.stderr == exported.stderr == expected
    assert "ok" not in checked.stdout and not out.exists()


def test_build_shows_the_first_20_warnings_and_says_how_many_more_validate_lists(
        project: Path, tmp_path: Path):
    uncited = "".join(f"  - id: site-{n:02d}\n    publisher: Example\n    url: https://example.org/\n"
                      for n in range(25))
    replace_in(project / SOURCES, "sources:\n", f"sources:\n{uncited}")

    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"))
    checked = run("validate", "--project", str(project))

    lines = built.stderr.splitlines()
    assert built.exit_code == 0 and len(lines) == 21
    assert lines[0].startswith(f"warning: {at(project, SOURCES, 'id: site-00')}: source "
                               "'site-00' is never cited")
    assert lines[19].startswith(f"warning: {at(project, SOURCES, 'id: site-19')}:")
    assert lines[20] == "warning: ... and 5 more; add --all to list them all"
    assert len(checked.stderr.splitlines()) == 25


def test_a_modelled_leg_reported_afterwards_passes_strict_and_one_reported_before_warns(
        project: Path):
    # the starter's article (30 May 2025) reports shipments of 2023-2025: a retrospective
    replace_in(project / FLOW, MODELLED[0],
               f"{MODELLED[1]}    sources: [korea-daily-2025-05-30]\n")
    retrospective = run("validate", "--strict", "--project", str(project))
    # the same article, had it appeared before the shipments began (September 2023)
    replace_in(project / SOURCES, "    date: 2025-05-30\n", "    date: 2023-08-30\n")
    earlier = run("validate", "--project", str(project))

    assert retrospective.exit_code == 0, retrospective.stderr
    assert retrospective.stderr == ""
    assert earlier.exit_code == 0
    assert earlier.stderr == (
        f"warning: {at(project, FLOW, 'id: sea-rajin-vostochny')}: every source of modelled "
        "leg 'sea-rajin-vostochny' was published before its period 2023-09/2025-03 began: "
        f"korea-daily-2025-05-30 (2023-08-30) (hint: {EARLIER})\n")


@pytest.mark.parametrize("fields", [
    "    copy_url: https://www.daily8.com/en/article/03f73f56\n",  # the copy, told as one
    "    url: https://www.daily8.com/en/article/03f73f56\n    publisher_site: daily8.com\n",
    "    url: https://edition.cnn.com/2025/02/27/asia/x\n",  # the publisher's own site
], ids=["copy_url", "publisher_site", "publisher's own site"])
def test_a_copy_told_as_a_copy_or_a_site_said_to_be_the_publishers_is_no_warning(
        project: Path, fields: str):
    replace_in(project / SOURCES, "sources:\n",
               "sources:\n" + COPIED.replace("    url: https://www.daily8.com/en/article/"
                                              "03f73f56\n", fields))
    replace_in(project / FLOW, "    legs: [sea-rajin-vostochny]\n",
               "    legs: [sea-rajin-vostochny]\n    note: Reported by CNN too.\n"
               "    note_sources: [cnn]\n")

    assert found(project) == []
