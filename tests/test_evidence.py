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
SITE = "  - id: site\n    publisher: Site\n    date: 2020\n    url: https://example.org/\n"


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
    "modelled leg whose sources all fall outside its period": (
        both(ADD_SITE, edit(FLOW, "    to: vostochny_port\n    basis: schematic\n",
                            "    to: vostochny_port\n    basis: modelled\n"
                            "    sources: [site]\n")),
        lambda p: [f"{at(p, FLOW, 'id: sea-rajin-vostochny')}: no source of modelled leg "
                   "'sea-rajin-vostochny' is dated within its period 2023-09/2025-03: site "
                   "(2020) (hint: cite reporting from the period itself, or check the leg's "
                   "period)"]),
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
    "two modelled legs, one citing nothing, one citing only sources from outside its period": (
        both(ADD_SITE,
             edit(FLOW, "    to: vostochny_port\n    basis: schematic\n",
                  "    to: vostochny_port\n    basis: modelled\n"),
             edit(FLOW, "    within: [RU]\n    basis: schematic\n",
                  "    within: [RU]\n    basis: modelled\n"
                  "    sources: [site, korea-daily-2025-05-30]\n")),
        lambda p: [f"{at(p, FLOW, 'id: sea-rajin-vostochny')}: modelled leg "
                   "'sea-rajin-vostochny' cites no source for its route (hint: list the "
                   "sources reporting both its ends under 'sources', or set basis: "
                   "schematic)",
                   f"{at(p, FLOW, 'id: rail-vostochny-ussuriysk')}: no source of modelled "
                   "leg 'rail-vostochny-ussuriysk' is dated within its period "
                   "2023-09/2025-03: site (2020), korea-daily-2025-05-30 (2025-05-30) (hint: "
                   "cite reporting from the period itself, or check the leg's period)"]),
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


def test_a_modelled_leg_with_one_source_from_its_period_is_no_warning(project: Path):
    # the article (2025-05-30) appeared after the period (2023-09/2025-03); site during it
    replace_in(project / SOURCES, "sources:\n",
               f"sources:\n{SITE.replace('date: 2020', 'date: 2024-06')}")
    replace_in(project / FLOW, "    to: vostochny_port\n    basis: schematic\n",
               "    to: vostochny_port\n    basis: modelled\n"
               "    sources: [korea-daily-2025-05-30, site]\n")

    assert found(project) == []


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
    uncited = "".join(f"  - id: site-{n:02d}\n    publisher: Site\n    url: https://example.org/\n"
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
