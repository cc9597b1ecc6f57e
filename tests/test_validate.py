"""``validate.check`` and ``summarise`` on the starter scenario broken in one place: the exact
problems found (message, place, hint), and nothing else.

Every expected line is written out here from the starter's files (their lines and rows found
by searching the text), never from what ``check`` produces.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pyproj import Geod

from logimap.check.rules import Summary, check, summarise
from logimap.read.scenario import read_project

FLOW = "routes/munitions.yaml"
AIR = "routes/arms-by-air.yaml"
SCENARIO = "routes/scenario.yaml"
SOURCES = "seeds/sources.yaml"
NODES = "geodata/nodes.csv"
RAIL = "geodata/networks/rail.csv"
ARTICLE = "seeds/korea-daily-2025-05-30-msmt-report.txt"


@pytest.fixture
def project(tmp_path: Path, starter_project: Path) -> Path:
    shutil.copytree(starter_project, tmp_path / "project")
    return tmp_path / "project"


def line(project: Path, file: str, needle: str, occurrence: int = 1) -> int:
    numbers = [n for n, text in enumerate((project / file).read_text(encoding="utf-8")
                                          .splitlines(), 1) if needle in text]
    return numbers[occurrence - 1]


def write(file: str, text: str) -> Callable[[Path], None]:
    def made(project: Path) -> None:
        (project / file).parent.mkdir(parents=True, exist_ok=True)
        (project / file).write_text(text, encoding="utf-8")
    return made


def edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        text = (project / file).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        (project / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def problems(project: Path) -> list[str]:
    scenario, _ = read_project(project)
    return sorted(str(problem) for problem in check(scenario))


def test_the_starter_has_no_problem(project: Path):
    assert problems(project) == []


def leg_at(project: Path, leg: str, file: str = FLOW) -> str:
    return f"{file}:{line(project, file, f'id: {leg}')}"


def claim_at(project: Path, claim: str) -> str:
    return f"{FLOW}:{line(project, FLOW, f'id: {claim}')}"


# (edit, expected problems as functions of the edited project)
CASES: dict[str, tuple[Callable[[Path], None], Callable[[Path], list[str]]]] = {
    "duplicate node": (
        edit(NODES, "ussuriysk,Ussuriysk,", "artyom_jct,Artyom again,,rail_junction,RU,43.35,"
             "132.19,approximate,x,\nussuriysk,Ussuriysk,"),
        lambda p: [f"{NODES} row 5: duplicate node id 'artyom_jct' (hint: first defined at "
                   f"{NODES} row 4; give each node its own id)"]),
    "duplicate source": (
        edit(SOURCES, "sources:\n", "sources:\n  - id: korea-daily-2025-05-30\n"
                                    "    publisher: Other\n    url: https://example.org/\n"),
        lambda p: [f"{SOURCES}:{line(p, SOURCES, 'id: korea-daily', 2)}: duplicate source id "
                   f"'korea-daily-2025-05-30' (hint: first defined at {SOURCES}:"
                   f"{line(p, SOURCES, 'id: korea-daily')}; give each source its own id)"]),
    "duplicate leg": (
        edit(FLOW, "id: sea-rajin-vostochny", "id: rail-vostochny-ussuriysk"),
        lambda p: [f"{FLOW}:{line(p, FLOW, 'id: rail-vostochny-ussuriysk', 2)}: duplicate leg "
                   f"id 'rail-vostochny-ussuriysk' (hint: first defined at "
                   f"{leg_at(p, 'rail-vostochny-ussuriysk')}; give each leg its own id)",
                   # the claim on the renamed leg now names a leg its flow does not have
                   f"{claim_at(p, 'voyages')}: claim 'voyages' names leg "
                   "'sea-rajin-vostochny', which is not a leg of its flow (hint: did you mean "
                   "'rail-vostochny-ussuriysk'?)"]),
    "duplicate claim": (
        edit(FLOW, "id: voyages", "id: shells-2024"),
        lambda p: [f"{FLOW}:{line(p, FLOW, 'id: shells-2024', 2)}: duplicate claim id "
                   f"'shells-2024' (hint: first defined at {claim_at(p, 'shells-2024')}; give "
                   "each claim its own id)"]),
    "duplicate layer": (
        edit(SCENARIO, "id: land-and-air", "id: sea"),
        lambda p: [f"{SCENARIO}:{line(p, SCENARIO, 'id: sea', 2)}: duplicate layer id 'sea' "
                   f"(hint: first defined at {SCENARIO}:{line(p, SCENARIO, 'id: sea')}; give "
                   "each layer its own id)"]),
    "duplicate flow": (
        lambda p: shutil.copy(p / FLOW, p / "routes/munitions-copy.yaml"),
        # routes/munitions-copy.yaml is read first ('-' sorts before '.'): the original repeats
        lambda p: [f"{FLOW}:{line(p, FLOW, 'id: munitions')}: duplicate flow id 'munitions' "
                   f"(hint: first defined at routes/munitions-copy.yaml:"
                   f"{line(p, FLOW, 'id: munitions')}; give each flow its own id)",
                   *(f"{leg_at(p, leg)}: duplicate leg id '{leg}' (hint: first defined at "
                     f"routes/munitions-copy.yaml:{line(p, FLOW, f'id: {leg}')}; give each leg "
                     "its own id)" for leg in ("sea-rajin-vostochny", "rail-vostochny-ussuriysk")),
                   *(f"{claim_at(p, c)}: duplicate claim id '{c}' (hint: first defined at "
                     f"routes/munitions-copy.yaml:{line(p, FLOW, f'id: {c}')}; give each claim "
                     "its own id)" for c in ("shells-2024", "voyages", "rail-to-storage"))]),
    "no units": (
        edit(SCENARIO, "units:\n  shells: artillery shells and rounds\n"
                       "  voyages: cargo-ship voyages\n", ""),
        lambda p: [f"{SCENARIO}: no units are declared (hint: list the units your claims count "
                   "under 'units:')"]),
    "edge to an unknown node": (
        write(RAIL, "from,to,line,note\nartyom_jct,baranovski_jct,,\n"),
        lambda p: [f"{RAIL} row 2: unknown node 'baranovski_jct' (hint: did you mean "
                   "'baranovsky_jct'?)"]),
    "edge from a node to itself": (
        write(RAIL, "from,to,line,note\nartyom_jct,artyom_jct,,\n"),
        lambda p: [f"{RAIL} row 2: edge joins 'artyom_jct' to itself (hint: remove the row)"]),
    "edge listed twice, the other way round": (
        write(RAIL, "from,to,line,note\nartyom_jct,baranovsky_jct,,\n"
                    "baranovsky_jct,artyom_jct,,\n"),
        lambda p: [f"{RAIL} row 3: edge 'baranovsky_jct'-'artyom_jct' is listed twice (hint: "
                   f"first at {RAIL} row 2; remove one row)"]),
    "flow without legs": (
        lambda p: (p / "routes/empty.yaml").write_text(
            "id: empty\nname: Empty\ncargo: none\ndirection: x\nlegs: []\n", encoding="utf-8"),
        lambda p: ["routes/empty.yaml:1: flow 'empty' has no legs (hint: add at least one leg "
                   "under 'legs:')"]),
    "headline that is not a claim of the flow": (
        edit(FLOW, "headline: shells-2024", "headline: shells-2023"),
        lambda p: [f"{FLOW}:2: headline 'shells-2023' is not a claim of this flow (hint: did "
                   "you mean 'shells-2024'?)"]),
    "headline claim without a value": (
        edit(FLOW, "headline: shells-2024", "headline: rail-to-storage"),
        lambda p: [f"{FLOW}:2: headline claim 'rail-to-storage' has no value (hint: name a "
                   "claim with a value and a unit)"]),
    "leg to an unknown node": (
        edit(AIR, "to: vladivostok_airport", "to: vladivostok_port"),
        lambda p: [f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: unknown node 'vladivostok_port'"
                   " (hint: did you mean 'vladivostok_airport'?)"]),
    "leg through an unknown node": (
        edit(AIR, "    to: vladivostok_airport\n",
             "    to: vladivostok_airport\n    via: [ussuriisk]\n"),
        lambda p: [f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: unknown node 'ussuriisk' "
                   "(hint: did you mean 'ussuriysk'?)"]),
    "leg from a node to itself": (
        edit(AIR, "to: vladivostok_airport", "to: pyongyang_sunan"),
        lambda p: [f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: leg 'air-pyongyang-vladivostok'"
                   " goes from 'pyongyang_sunan' to itself (hint: a leg joins two different "
                   "places)",
                   f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: leg 'air-pyongyang-vladivostok'"
                   " stops at 'pyongyang_sunan' twice in a row (hint: remove the repeated node "
                   "from 'via')"]),
    "leg from a node round to itself through another": (
        edit(AIR, "    to: vladivostok_airport\n",
             "    to: pyongyang_sunan\n    via: [vladivostok_airport]\n"),
        lambda p: []),
    "leg stopping twice in a row": (
        edit(AIR, "    to: vladivostok_airport\n",
             "    to: vladivostok_airport\n    via: [ussuriysk, ussuriysk]\n"),
        lambda p: [f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: leg 'air-pyongyang-vladivostok'"
                   " stops at 'ussuriysk' twice in a row (hint: remove the repeated node from "
                   "'via')"]),
    "leg citing an unknown source": (
        edit(AIR, "    mode: air\n", "    mode: air\n    sources: [korea-daily]\n"),
        lambda p: [f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: unknown source 'korea-daily' "
                   "(hint: did you mean 'korea-daily-2025-05-30'?)"]),
    "rail leg to an unknown node": (
        edit(FLOW, "to: ussuriysk", "to: usuriysk"),
        lambda p: [f"{leg_at(p, 'rail-vostochny-ussuriysk')}: unknown node 'usuriysk' (hint: "
                   "did you mean 'ussuriysk'?)"]),
    "edge from an unknown node to itself": (
        write(RAIL, "from,to,line,note\nnowhere,nowhere,,\n"),
        lambda p: [f"{RAIL} row 2: unknown node 'nowhere' (hint: use one of: artyom_jct, "
                   "baranovsky_jct, pyongyang_sunan, rajin_port, ussuriysk, vladivostok_airport, "
                   "vostochny_port)"]),
    "quote from a second stored source": (
        lambda p: (
            (p / "seeds/other.txt").write_text("Words of another report.\n", encoding="utf-8"),
            edit(SOURCES, "sources:\n", "sources:\n  - id: other\n    publisher: Other\n"
                                        "    file: other.txt\n")(p),
            edit(FLOW, "    source: korea-daily-2025-05-30\n    quote: Early",
                 "    source: other\n    quote: Words of another report.\n    note: Early")(p)),
        lambda p: []),
    "claim citing an unknown source": (
        edit(FLOW, "    source: korea-daily-2025-05-30\n    quote: Early",
             "    source: korea-daily-2025-05-31\n    quote: Early"),
        lambda p: [f"{claim_at(p, 'voyages')}: unknown source 'korea-daily-2025-05-31' (hint: "
                   "did you mean 'korea-daily-2025-05-30'?)"]),
    "quote not in its source": (
        edit(FLOW, "Early shipments involved 49 voyages", "Early shipments involved 94 voyages"),
        lambda p: [f"{claim_at(p, 'voyages')}: quote of claim 'voyages' not found in {ARTICLE}"
                   ": the closest passage of the source is '…ear. Early shipments involved 49 "
                   "voyages by Russia…'; after '…pments involved ' the source has DIGIT FOUR "
                   "U+0034 where the quote has DIGIT NINE U+0039 (hint: a figure differs: "
                   "quote the figure as the source gives it, and put a correction in 'note' "
                   "with status: corrected)"]),
    "quote from an external source": (
        (lambda p: (
            edit(SOURCES, "sources:\n", "sources:\n  - id: site\n    publisher: Site\n"
                                        "    url: https://example.org/\n")(p),
            edit(FLOW, "    source: korea-daily-2025-05-30\n    quote: Early",
                 "    source: site\n    quote: Words nobody checks")(p))),
        lambda p: []),
    "note citing an unknown source": (
        edit(FLOW, "    legs: [sea-rajin-vostochny]\n",
             "    legs: [sea-rajin-vostochny]\n    note: x\n    note_sources: [nowhere]\n"),
        lambda p: [f"{claim_at(p, 'voyages')}: unknown source 'nowhere' (hint: use one of: "
                   "korea-daily-2025-05-30)"]),
    "claim in an undeclared unit": (
        edit(FLOW, "unit: voyages", "unit: voyage"),
        lambda p: [f"{claim_at(p, 'voyages')}: unknown unit 'voyage' (hint: did you mean "
                   "'voyages'?)"]),
    "claim about an unknown place": (
        edit(FLOW, "    legs: [sea-rajin-vostochny]\n",
             "    legs: [sea-rajin-vostochny]\n    nodes: [rajin]\n"),
        lambda p: [f"{claim_at(p, 'voyages')}: unknown node 'rajin' (hint: did you mean "
                   "'rajin_port'?)"]),
    "claim naming a leg of no flow of its own": (
        edit(FLOW, "legs: [sea-rajin-vostochny]", "legs: [sea-rajin-vostochni]"),
        lambda p: [f"{claim_at(p, 'voyages')}: claim 'voyages' names leg 'sea-rajin-vostochni'"
                   ", which is not a leg of its flow (hint: did you mean "
                   "'sea-rajin-vostochny'?)"]),
    "scenario claim naming a leg": (
        edit(SCENARIO, "layers:\n", "claims:\n  - id: about\n    what: x\n"
                                    "    source: korea-daily-2025-05-30\n"
                                    "    quote: Early shipments\n"
                                    "    legs: [sea-rajin-vostochny]\nlayers:\n"),
        lambda p: [f"{SCENARIO}:{line(p, SCENARIO, 'id: about')}: claim 'about' names leg "
                   "'sea-rajin-vostochny', which is not a leg of its flow (hint: use one of: "
                   "-)"]),
    "layer selecting nothing": (
        edit(SCENARIO, "select: {mode: sea}", "select: {mode: road}"),
        lambda p: [f"{SCENARIO}:{line(p, SCENARIO, 'id: sea')}: layer 'sea' selects no legs "
                   "(hint: check the values under 'select' against your flows and legs)"]),
    "layer selecting legs by two keys, one not matching": (
        edit(SCENARIO, "select: {mode: sea}", "select: {mode: sea, basis: observed}"),
        lambda p: [f"{SCENARIO}:{line(p, SCENARIO, 'id: sea')}: layer 'sea' selects no legs "
                   "(hint: check the values under 'select' against your flows and legs)"]),
    "node countries: one in small letters, one unknown, one border of two": (
        lambda p: [edit(NODES, old, new)(p) for old, new in (
            ("rail_junction,RU,43.6456", "rail_junction,ru,43.6456"),
            ("rail_junction,RU,43.3576", "rail_junction,XX,43.3576"),
            ("rail_junction,RU,43.8000", "rail_junction,KP/RU,43.8000"))],
        lambda p: [f"{NODES} row 3: unknown country code 'ru' (hint: write it in capitals: "
                   "'RU')",
                   f"{NODES} row 4: unknown country code 'XX' (hint: use an ISO 3166-1 alpha-2 "
                   "code, such as RU or KP; join a border's two with '/')"]),
    "node citing an unknown source": (
        lambda p: (p / NODES).write_text("\n".join(
            row + (",sources" if n == 0 else ",korea-daily" if n == 2 else ",")
            for n, row in enumerate((p / NODES).read_text(encoding="utf-8").splitlines()))
            + "\n", encoding="utf-8"),
        lambda p: [f"{NODES} row 3: unknown source 'korea-daily' (hint: did you mean "
                   "'korea-daily-2025-05-30'?)"]),
    "two edges of one network, each listed once": (
        write(RAIL, "from,to,line,note\nartyom_jct,baranovsky_jct,,\nbaranovsky_jct,ussuriysk,,\n"),
        lambda p: []),
    "within naming a country in small letters": (
        edit(FLOW, "within: [RU]", "within: [ru]"),
        lambda p: [f"{leg_at(p, 'rail-vostochny-ussuriysk')}: leg 'rail-vostochny-ussuriysk': "
                   "unknown country code 'ru' in 'within' (hint: write it in capitals: 'RU')"]),
    "within leaving out the countries of both stops, one on a border": (
        lambda p: (edit(FLOW, "within: [RU]", "within: [CN, MN]")(p),
                   edit(NODES, "rail_junction,RU,43.8000", "rail_junction,KP/RU,43.8000")(p)),
        lambda p: [f"{leg_at(p, 'rail-vostochny-ussuriysk')}: leg 'rail-vostochny-ussuriysk' "
                   f"stops at '{stop}' in {countries}, outside 'within' (CN, MN) (hint: add "
                   f"'{first}' to 'within', or change the stop)"
                   for stop, countries, first in (("vostochny_port", "RU", "RU"),
                                                  ("ussuriysk", "KP/RU", "KP"))]),
    "within on a leg drawn direct": (
        edit(FLOW, "within: [RU]\n", "within: [RU]\n    path: direct\n"),
        lambda p: [f"{leg_at(p, 'rail-vostochny-ussuriysk')}: leg 'rail-vostochny-ussuriysk' "
                   "has 'within' and 'path: direct' (hint: a direct line is not routed: remove "
                   "'within', or 'path: direct')"]),
    "within on a sea leg, path on an air leg": (
        lambda p: (edit(FLOW, "    to: vostochny_port\n", "    to: vostochny_port\n"
                                                          "    within: [KP, RU]\n")(p),
                   edit(AIR, "    mode: air\n", "    mode: air\n    path: direct\n")(p)),
        lambda p: [f"{leg_at(p, 'sea-rajin-vostochny')}: sea leg 'sea-rajin-vostochny' has "
                   "'within', which only rail and road legs take (hint: remove 'within' from "
                   "the leg)",
                   f"{leg_at(p, 'air-pyongyang-vladivostok', AIR)}: air leg "
                   "'air-pyongyang-vladivostok' has 'path', which only rail and road legs take "
                   "(hint: remove 'path' from the leg)"]),
}


@pytest.mark.parametrize(("change", "expected"), CASES.values(), ids=CASES.keys())
def test_each_rule_finds_exactly_the_problem(project: Path, change, expected):
    change(project)

    assert problems(project) == sorted(expected(project))


def test_a_track_far_from_its_node_is_listed_with_the_other_problems(project: Path):
    # the starter's synthetic track starts at 42.23986, 130.29997; Rajin moved 0.3° north
    edit(NODES, "port,KP,42.2400,130.3000", "port,KP,42.5400,130.3000")(project)
    edit(FLOW, "    basis: schematic\n    basis_note: >-\n      The article names no ports",
         "    basis: observed\n    track: tracks/synthetic-rajin-vostochny.csv\n"
         "    basis_note: >-\n      The article names no ports")(project)
    edit(AIR, "    mode: air\n", "    mode: air\n    sources: [korea-daily]\n")(project)
    km = Geod(ellps="WGS84").inv(130.3, 42.54, 130.29997, 42.23986)[2] / 1000

    assert problems(project) == [
        f"{leg_at(project, 'air-pyongyang-vladivostok', AIR)}: unknown source 'korea-daily' "
        "(hint: did you mean 'korea-daily-2025-05-30'?)",
        f"tracks/synthetic-rajin-vostochny.csv row 2: leg 'sea-rajin-vostochny' starts at "
        f"'rajin_port', but its track's first fix (2024-03-12T06:00:00Z) is {km:,.1f} km from "
        "it (a node of precision 'approximate': at most 20 km) (hint: check the node's "
        f"coordinate and the leg's period ({leg_at(project, 'sea-rajin-vostochny')}); if the "
        "track really starts elsewhere, start the leg at a node there)"]


def test_no_nodes_read_is_said_in_the_hint(project: Path):
    (project / NODES).write_text("id,name,kind,lat,lon,precision,basis\n", encoding="utf-8")
    write(RAIL, "from,to\nvostochny_port,ussuriysk\n")(project)

    found = problems(project)

    assert (f"{RAIL} row 2: unknown node 'vostochny_port' (hint: no nodes were read: fix "
            f"{NODES})") in found
    assert (f"{leg_at(project, 'sea-rajin-vostochny')}: unknown node 'rajin_port' (hint: no "
            f"nodes were read: fix {NODES})") in found


def test_no_sources_read_is_said_in_the_hint(project: Path):
    (project / SOURCES).write_text("sources: []\n", encoding="utf-8")

    assert (f"{claim_at(project, 'voyages')}: unknown source 'korea-daily-2025-05-30' (hint: "
            f"no sources were read: fix {SOURCES})") in problems(project)


def test_the_summary_counts_what_the_project_holds(project: Path):
    edit(SOURCES, "sources:\n", "sources:\n  - id: site\n    publisher: Site\n"
                                "    url: https://example.org/\n")(project)
    edit(FLOW, "    source: korea-daily-2025-05-30\n    quote: Early",
         "    source: site\n    quote: Early")(project)
    scenario, _ = read_project(project)

    summary = summarise(scenario)

    assert summary == Summary(sources=2, stored_sources=1, nodes=7, edges=0, flows=2, legs=3,
                              claims=4, quotes_verified=3, quotes_external=1, layers=2)
    assert str(summary) == (
        "2 sources (1 stored), 7 nodes, 0 network edges, 2 flows, 3 legs, 4 claims, 2 layers; "
        "quotes verified: 3 of 4 (1 from external sources, not stored)")


def test_a_source_is_normalised_once_however_many_quotes_it_has(
        project: Path, monkeypatch: pytest.MonkeyPatch):
    import logimap.check.rules

    made = []
    real = logimap.check.rules.SourceText

    def counted(text: str) -> object:
        made.append(len(text))
        return real(text)

    monkeypatch.setattr(logimap.check.rules, "SourceText", counted)
    scenario, _ = read_project(project)

    assert check(scenario) == []
    assert len(made) == 1
