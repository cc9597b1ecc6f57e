"""Each validation rule, shown on a copy of the default scenario broken in exactly one place.

Every case states the edit, the file and place the message must point at, and the words it
must contain. ``logimap validate`` must exit 1, list the problem located, and never crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import line_of, replace_in, run


@dataclass(frozen=True)
class Broken:
    file: str
    old: str
    new: str
    message: str
    at: str  # a text on the reported line (YAML), or "row N" (CSV)
    occurrence: int = 1  # which occurrence of ``at`` in the file
    reported_in: str = ""  # the file the problem is reported in, when not ``file``

    def expected_location(self, project: Path) -> str:
        file = self.reported_in or self.file
        if self.at.startswith("row "):
            return f"{file} {self.at}: "
        return f"{file}:{line_of(project / file, self.at, self.occurrence)}: "


CASES = {
    "unknown node in a leg": Broken(
        "routes/troops.yaml", "to: sudzha", "to: sudzah",
        "unknown node 'sudzah' (hint: did you mean 'sudzha'?)", "id: troops-road-kursk-sudzha"),
    "duplicate claim id": Broken(
        "routes/workers.yaml", "id: workers-sectors", "id: workers-dispatched",
        "duplicate claim id 'workers-dispatched'", "id: workers-dispatched", occurrence=2),
    "duplicate node id": Broken(
        "geodata/nodes.csv", "mozdok,Mozdok", "kursk,Mozdok", "duplicate node id 'kursk'",
        "row 28"),
    "unknown source": Broken(
        "routes/workers.yaml", "source: korea-daily-2025-05-30", "source: korea-daily-2025-05-31",
        "unknown source 'korea-daily-2025-05-31'", "id: workers-dispatched"),
    "unknown note source": Broken(
        "routes/workers.yaml", "note_sources: [arirang-2025-05-30,", "note_sources: [arirang,",
        "unknown source 'arirang'", "id: workers-dispatched"),
    "quote not in its source": Broken(
        "routes/workers.yaml", "at least 8,000 civilian", "at least 9,000 civilian",
        "quote of claim 'workers-dispatched' not found in seeds/korea-daily-2025-05-30-msmt-"
        "report.txt", "id: workers-dispatched"),
    "latitude out of range": Broken(
        "geodata/nodes.csv", "42.2400,130.3000", "-92.2400,30.3000",
        "lat -92.24 and lon 30.3 look swapped", "row 2"),
    "longitude out of range": Broken(
        "geodata/nodes.csv", "42.2400,130.3000", "42.2400,190.3000",
        "lon 190.3 is out of range", "row 2"),
    "latitude and longitude both out of range": Broken(
        "geodata/nodes.csv", "42.2400,130.3000", "142.2400,130.3000",
        "lat 142.24 is out of range", "row 2"),
    "coordinate not a number": Broken(
        "geodata/nodes.csv", "42.2400,130.3000", "42.24N,130.3000",
        "lat '42.24N' is not a finite number", "row 2"),
    "unknown mode": Broken(
        "routes/workers.yaml", "mode: air", "mode: plane",
        "unknown mode 'plane'", "mode: plane"),
    "unknown unit": Broken(
        "routes/workers.yaml", "unit: workers", "unit: worker",
        "unknown unit 'worker' (hint: did you mean 'workers'?)", "id: workers-dispatched"),
    "unknown basis": Broken(
        "routes/troops.yaml", "basis: modelled", "basis: modeled",
        "unknown basis 'modeled' (hint: did you mean 'modelled'?)", "basis: modeled"),
    "unknown precision": Broken(
        "geodata/nodes.csv", "130.3000,approximate", "130.3000,exact",
        "unknown precision 'exact'", "row 2"),
    "unknown node kind": Broken(
        "geodata/nodes.csv", ",port,KP,42.2400", ",harbour,KP,42.2400",
        "unknown kind 'harbour'", "row 2"),
    "unparseable period": Broken(
        "routes/troops.yaml", "period: 2024-10/2025-05", "period: Oct 2024",
        "'Oct 2024' is not a date", "period: Oct 2024"),
    "period ending before it starts": Broken(
        "routes/troops.yaml", "period: 2024-10/2025-05", "period: 2025-05/2024-10",
        "period '2025-05/2024-10' ends before it starts", "period: 2025-05/2024-10"),
    "impossible date": Broken(
        "routes/troops.yaml", "period: 2024-10/2025-05", "period: 2024-13/2025-05",
        "'2024-13' is not a real date", "period: 2024-13"),
    "unknown field": Broken(
        "routes/workers.yaml", "basis_note:", "basis_notes:",
        "unknown field 'basis_notes' in a leg (hint: did you mean 'basis_note'?)",
        "basis_notes:"),
    "missing quote": Broken(
        "routes/workers.yaml", "    quote: with thousands more", "    said: with thousands more",
        "a claim has no 'quote'", "id: workers-expected-2025"),
    "headline that is not a claim of the flow": Broken(
        "routes/workers.yaml", "headline: workers-dispatched", "headline: workers-2024",
        "headline 'workers-2024' is not a claim of this flow", "id: workers"),
    "headline without a value": Broken(
        "routes/workers.yaml", "headline: workers-dispatched", "headline: workers-sectors",
        "headline claim 'workers-sectors' has no value", "id: workers"),
    "value in words": Broken(
        "routes/workers.yaml", "value: 8000", "value: 8 thousand",
        "value '8 thousand' is not a number or a [low, high] range", "value: 8 thousand"),
    "negative value": Broken(
        "routes/workers.yaml", "value: 8000", "value: -8000", "value -8000 is negative",
        "value: -8000"),
    "range with its ends swapped": Broken(
        "routes/artillery-munitions.yaml", "value: [82, 170]", "value: [170, 82]",
        "range [170, 82] has its low end above its high end", "value: [170, 82]"),
    "value without a unit": Broken(
        "routes/workers.yaml", "    unit: workers\n", "",
        "a claim with a value needs a 'unit'", "value: 8000"),
    "claim narrowed to a leg of another flow": Broken(
        "routes/artillery-munitions.yaml",
        "legs: [munitions-sea-rajin-dunay, munitions-sea-rajin-vostochny]",
        "legs: [munitions-sea-rajin-dunay, troops-sea-chongjin-dunay]",
        "claim 'voyages-early' names leg 'troops-sea-chongjin-dunay', which is not a leg of "
        "its flow", "id: voyages-early"),
    "leg from a node to itself": Broken(
        "routes/workers.yaml", "to: vladivostok_airport", "to: pyongyang_sunan",
        "leg 'workers-air-pyongyang-vladivostok' goes from 'pyongyang_sunan' to itself",
        "id: workers-air-pyongyang-vladivostok"),
    "station far from any railway": Broken(
        "geodata/nodes.csv", "56.0089,92.8719", "60.0000,100.0000",
        "rail leg 'artillery-rail-border-krasnoyarsk': station 'krasnoyarsk' is ",
        "id: artillery-rail-border-krasnoyarsk", reported_in="routes/heavy-artillery.yaml"),
    "edge naming an unknown node": Broken(
        "geodata/networks/rail.csv", "fokino,smolyaninovo,", "fokino,smolyaninov,",
        "unknown node 'smolyaninov' (hint: did you mean 'smolyaninovo'?)", "row 3"),
    "node outside its country": Broken(
        "geodata/nodes.csv", "khabarovsk,Khabarovsk,,rail_junction,RU",
        "khabarovsk,Khabarovsk,,rail_junction,CN",
        "node 'khabarovsk' lies in Russia (RU), ", "row 21"),
    "node with lat and lon swapped inside the valid ranges": Broken(
        "geodata/nodes.csv", "56.8247,35.7575", "35.7575,56.8247",
        "node 'migalovo' lies in Iran (IR), more than 500 km outside Russia (RU) (lat 35.7575, "
        "lon 56.8247; precision 'site' allows 5 km); with lat and lon swapped (lat 56.8247, "
        "lon 35.7575) it lies in Russia (RU) (hint: swap the lat and lon values)", "row 30"),
    "unknown country code": Broken(
        "geodata/nodes.csv", "ussuriysk,Ussuriysk,,rail_junction,RU",
        "ussuriysk,Ussuriysk,,rail_junction,ru",
        "unknown country code 'ru' (hint: write it in capitals: 'RU')", "row 8"),
    "within on an air leg": Broken(
        "routes/workers.yaml", "mode: air", "mode: air\n    within: [RU]",
        "air leg 'workers-air-pyongyang-vladivostok' has 'within', which only rail and road "
        "legs take", "id: workers-air-pyongyang-vladivostok"),
    "rail leg stopping outside its within": Broken(
        "routes/troops.yaml", "within: [RU]", "within: [KP]",
        "leg 'troops-rail-ussuriysk-kursk' stops at 'ussuriysk' in RU, outside 'within' (KP)",
        "id: troops-rail-ussuriysk-kursk"),
    "unknown path": Broken(
        "routes/troops.yaml", "within: [RU]", "path: straight",
        "unknown path 'straight'", "path: straight"),
    "layer selecting nothing": Broken(
        "routes/scenario.yaml", "select: {direction: Russia to DPRK, mode: air}",
        "select: {direction: Russia to DPRK, mode: rail}",
        "layer 'russia-dprk-air' selects no legs", "id: russia-dprk-air"),
    "unknown layer key": Broken(
        "routes/scenario.yaml", "select: {direction: Russia to DPRK, mode: air}",
        "select: {direction: Russia to DPRK, modes: air}",
        "unknown select key 'modes' (hint: did you mean 'mode'?)", "modes: air"),
    "malformed YAML": Broken(
        "routes/workers.yaml", "cargo: workers", "cargo: [workers",
        "malformed YAML", "direction: DPRK to Russia"),
    "duplicate YAML key": Broken(
        "routes/workers.yaml", "cargo: workers", "cargo: workers\ncargo: people",
        "key 'cargo' appears twice in one mapping", "cargo: people"),
    "id with spaces": Broken(
        "routes/workers.yaml", "id: workers-sectors", "id: workers sectors",
        "id 'workers sectors' is not a valid id", "id: workers sectors"),
}

@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_rule_reports_the_file_the_place_and_the_problem(project: Path, case: Broken):
    replace_in(project / case.file, case.old, case.new)
    location = case.expected_location(project)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = result.stderr.splitlines()[1:]
    matching = [p for p in problems if p.startswith(location) and case.message in p]
    assert matching, f"expected {location}...{case.message}\ngot:\n{result.stderr}"


def test_every_problem_is_listed_not_just_the_first(project: Path):
    replace_in(project / "routes/workers.yaml", "mode: air", "mode: plane")
    replace_in(project / "routes/troops.yaml", "to: sudzha", "to: sudzah")
    replace_in(project / "geodata/nodes.csv", "42.2400,130.3000", "42.2400,190.3000")

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    assert result.stderr.startswith("error: 3 problem(s) found")
    assert "unknown mode 'plane'" in result.stderr
    assert "unknown node 'sudzah'" in result.stderr
    assert "lon 190.3 is out of range" in result.stderr


def test_a_missing_stored_source_is_named(project: Path):
    (project / "seeds/korea-daily-2025-05-30-msmt-report.txt").unlink()

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    line = line_of(project / "seeds/sources.yaml", "file: korea-daily")
    assert (f"seeds/sources.yaml:{line}: stored source file "
            "seeds/korea-daily-2025-05-30-msmt-report.txt not found") in result.stderr


def test_a_flow_without_legs_is_an_empty_flow(project: Path):
    (project / "routes/empty.yaml").write_text(
        "id: empty\nname: Nothing\ncargo: none\ndirection: DPRK to Russia\nlegs: []\n",
        encoding="utf-8")

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    assert "routes/empty.yaml:1: flow 'empty' has no legs" in result.stderr


def test_a_duplicate_id_names_where_it_was_first_defined(project: Path):
    replace_in(project / "routes/workers.yaml", "id: workers-sectors", "id: troops-2024")

    result = run("validate", "--project", str(project))

    first = line_of(project / "routes/troops.yaml", "id: troops-2024")
    assert f"first defined at routes/troops.yaml:{first}" in result.stderr


def test_a_quote_matches_across_line_breaks_and_typographic_quote_marks(project: Path):
    replace_in(project / "routes/artillery-munitions.yaml",
               "quote: followed by rail transport from Russia’s Far East",
               "quote: followed by   rail transport from Russia's Far East")

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0, result.stderr


def test_a_quote_must_match_letter_case(project: Path):
    replace_in(project / "routes/artillery-munitions.yaml",
               "quote: followed by rail transport", "quote: Followed by rail transport")

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    assert "quote of claim 'rail-to-central-storage' not found" in result.stderr
