"""A corpus of broken projects: each is the starter scenario (``logimap init``) with one defect.

For every case ``logimap build`` must exit 1, list every problem on stderr located as
``file:line: ...`` or ``file row N: ...`` (or ``file: ...`` for a whole file) with a hint,
print no traceback and write nothing into the output folder. Usage mistakes exit 2 the same
way. A byte order mark and Windows line endings are not defects: they are read as plain text.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import logimap
from logimap.publish.lock import LOCK_NAME
from tests.conftest import run

MUNITIONS = "routes/munitions.yaml"
ARMS_BY_AIR = "routes/arms-by-air.yaml"
SCENARIO = "routes/scenario.yaml"
SOURCES = "seeds/sources.yaml"
NODES = "geodata/nodes.csv"
RAIL = "geodata/networks/rail.csv"
ARTICLE = "seeds/korea-daily-2025-05-30-msmt-report.txt"

HEADER = re.compile(r"^error: (\d+) problem\(s\) found$")
LOCATED = re.compile(
    r"^(?P<file>(?:seeds|geodata|routes)/\S+?)(?P<where>:\d+| row \d+)?: (?P<message>.+?)"
    r" \(hint: (?P<hint>.*)\)$"
)

Edit = Callable[[Path], None]


# -- editing a copy of the starter -------------------------------------------------------------


def replace(file: str, old: str, new: str) -> Edit:
    def edit(project: Path) -> None:
        path = project / file
        data = path.read_bytes()
        assert old.encode() in data, f"{old!r} not found in {file}"
        path.write_bytes(data.replace(old.encode(), new.encode(), 1))

    return edit


def replace_bytes(file: str, old: bytes, new: bytes) -> Edit:
    def edit(project: Path) -> None:
        path = project / file
        data = path.read_bytes()
        assert old in data, f"{old!r} not found in {file}"
        path.write_bytes(data.replace(old, new, 1))

    return edit


def write(file: str, data: bytes | str) -> Edit:
    def edit(project: Path) -> None:
        (project / file).write_bytes(data.encode() if isinstance(data, str) else data)

    return edit


def append(file: str, text: str) -> Edit:
    def edit(project: Path) -> None:
        with open(project / file, "a", encoding="utf-8") as stream:
            stream.write(text)

    return edit


def write_new(file: str, text: str) -> Edit:
    def edit(project: Path) -> None:
        (project / file).parent.mkdir(parents=True, exist_ok=True)
        (project / file).write_text(text, encoding="utf-8")

    return edit


def delete(file: str) -> Edit:
    return lambda project: (project / file).unlink()


def both(*edits: Edit) -> Edit:
    def edit(project: Path) -> None:
        for one in edits:
            one(project)

    return edit


def drop_lines(file: str, *starts: str) -> Edit:
    def edit(project: Path) -> None:
        path = project / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(starts)]
        assert len(kept) == len(lines) - len(starts), f"{starts} not found once each in {file}"
        path.write_text("".join(kept), encoding="utf-8")

    return edit


def link_outside(project: Path) -> None:
    stored = project / ARTICLE
    stored.unlink()
    stored.symlink_to(project / SCENARIO)


def line_number(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line holding the ``occurrence``-th ``needle`` (the file may not be UTF-8)."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not found {occurrence} time(s) in {path}"
    return found[occurrence - 1]


# -- the corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    edit: Edit
    file: str  # the file the problem must be reported in
    at: str  # a text on the reported line (YAML), "row N" (CSV), "" (the whole file), "*" (any)
    message: str  # words the problem must contain
    occurrence: int = 1

    def location(self, project: Path) -> str:
        if self.at.startswith("row "):
            return f"{self.file} {self.at}: "
        if not self.at:
            return f"{self.file}: "
        if self.at == "*":
            return f"{self.file}:"
        return f"{self.file}:{line_number(project / self.file, self.at, self.occurrence)}: "


ROUND_THE_WORLD = (
    "oc1,Southern Ocean south of Africa,,waypoint,,-45.0,0.0,waypoint,test,\n"
    "oc2,Southern Ocean south of Australia,,waypoint,,-48.0,120.0,waypoint,test,\n"
    "oc3,South Pacific,,waypoint,,-60.0,-120.0,waypoint,test,\n"
    "oc4,Drake Passage,,waypoint,,-58.0,-60.0,waypoint,test,\n"
)
ROUND_LEG = ("legs:\n  - id: round-the-world\n    mode: sea\n    from: oc1\n    to: oc2\n"
             "    via: [oc2, oc3, oc4, oc1]\n    basis: schematic\n\n")

CASES: dict[str, Broken] = {}


def case(name: str, broken: Broken) -> None:
    assert name not in CASES
    CASES[name] = broken


# Malformed YAML and CSV
case("YAML bracket never closed", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: [munitions"), MUNITIONS,
    "direction: DPRK to Russia", "malformed YAML"))
case("YAML indented with a tab", Broken(
    replace(MUNITIONS, "cargo: munitions", "\tcargo: munitions"), MUNITIONS, "cargo: munitions",
    "malformed YAML: found a tab character"))
case("YAML key given twice", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: munitions\ncargo: shells"), MUNITIONS,
    "cargo: shells", "key 'cargo' appears twice in one mapping"))
case("YAML holding two documents", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: munitions\n---\nid: more"), MUNITIONS,
    "---", "malformed YAML: but found another document"))
case("YAML tag that would run code", Broken(
    replace(MUNITIONS, "cargo: munitions",
            "cargo: !!python/object/apply:os.system ['echo pwned']"),
    MUNITIONS, "cargo: !!python", "malformed YAML: could not determine a constructor"))
case("YAML alias that contains itself", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: &loop [*loop]"), MUNITIONS,
    "cargo: &loop", "malformed YAML: found unconstructable recursive node"))
case("YAML nested thousands of levels deep", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: " + "[" * 3000 + "]" * 3000), MUNITIONS,
    "*", "YAML"))
case("control character in a YAML file", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: muni\x18tions"), MUNITIONS,
    "cargo: muni", "malformed YAML: unacceptable character #x0018"))
case("YAML file holding a list, not a mapping", Broken(
    write(SCENARIO, "- title\n- units\n"), SCENARIO, "- title",
    "the file must hold a mapping of fields"))
case("CSV quote never closed", Broken(
    replace(NODES, "ussuriysk,Ussuriysk", 'ussuriysk,"Ussuriysk'), NODES, "row 5",
    "4 cells where the header has 10"))
case("CSV row with an extra cell", Broken(
    replace(NODES, "rail_junction,RU,43.8000", "rail_junction,RU,extra,43.8000"), NODES,
    "row 5", "11 cells where the header has 10"))
case("NUL byte inside a CSV cell", Broken(
    replace(NODES, "ussuriysk,Ussuriysk", "ussuriysk,Ussur\x00iysk"), NODES, "row 5",
    "column 'name' holds control character U+0000"))
case("CSV header naming an unknown column", Broken(
    write_new(RAIL, "from,to,line,notes\nussuriysk,baranovsky_jct,,\n"), RAIL, "row 1",
    "unknown column 'notes' (hint: did you mean 'note'?)"))
case("CSV header missing a required column", Broken(
    replace(NODES, "lon,precision,basis", "lon,accuracy,basis"), NODES, "row 1",
    "missing column 'precision'"))
case("CSV cell larger than the csv module allows", Broken(
    replace(NODES, "Ussuriysk,,rail", "U" * 200_000 + ",,rail"), NODES, "row 5",
    "malformed CSV: field larger than field limit"))

# Wrong types
case("title given as a list", Broken(
    replace(SCENARIO, "title: A starter scenario", "title: [A, starter]"), SCENARIO,
    "title: [A, starter]", "'title' must be text, not a list"))
case("via given as a mapping", Broken(
    replace(MUNITIONS, "    to: vostochny_port\n", "    to: vostochny_port\n    via: {first: x}\n"),
    MUNITIONS, "via: {first", "'via' must be a list of ids"))
case("value given in words", Broken(
    replace(MUNITIONS, "value: 49", "value: forty-nine"), MUNITIONS, "value: forty-nine",
    "value 'forty-nine' is not a number or a [low, high] range"))
case("value given as true", Broken(
    replace(MUNITIONS, "value: 49", "value: true"), MUNITIONS, "value: true",
    "value True is not a number or a [low, high] range"))
case("legs given as a mapping", Broken(
    append("routes/extra.yaml", "id: extra\nname: Extra\ncargo: none\n"
           "direction: DPRK to Russia\nlegs: {sea: rajin_port}\n"),
    "routes/extra.yaml", "legs:", "'legs' must be a list"))
case("units given as a list", Broken(
    replace(SCENARIO, "units:\n  shells: artillery shells and rounds\n"
            "  voyages: cargo-ship voyages", "units: [shells, voyages]"),
    SCENARIO, "units: [shells", "'units' must map each unit id to its description"))
case("unit given as a list", Broken(
    replace(SCENARIO, "  voyages: cargo-ship voyages", "  voyages: [cargo-ship voyages]"),
    SCENARIO, "voyages: [cargo", "unit 'voyages' must be a description, or a mapping"))
case("unit mapping without a description", Broken(
    replace(SCENARIO, "  voyages: cargo-ship voyages", "  voyages: {singular: voyage}"),
    SCENARIO, "voyages: {singular", "unit 'voyages' has no 'description'"))
case("unit mapping with an unknown field", Broken(
    replace(SCENARIO, "  voyages: cargo-ship voyages",
            "  voyages: {description: cargo-ship voyages, plural: voyages}"),
    SCENARIO, "voyages: {description", "unknown field 'plural' in unit 'voyages'"))
case("layer select value given as a mapping", Broken(
    replace(SCENARIO, "select: {mode: sea}", "select: {mode: {is: sea}}"), SCENARIO,
    "select: {mode: {is", "select 'mode' must be a value or a list of values"))
case("claim legs given as numbers", Broken(
    replace(MUNITIONS, "legs: [sea-rajin-vostochny]", "legs: [1, 2]"), MUNITIONS,
    "legs: [1, 2]", "'legs' must be a list of ids"))

# Missing and extra fields
case("leg without a mode", Broken(
    replace(MUNITIONS, "    mode: rail\n", ""), MUNITIONS, "id: rail-vostochny-ussuriysk",
    "a leg has no 'mode'"))
case("source without a publisher", Broken(
    replace(SOURCES, "    publisher: Korea Daily\n", ""), SOURCES,
    "id: korea-daily-2025-05-30", "a source has no 'publisher'"))
case("source with neither file nor url", Broken(
    drop_lines(SOURCES, "    file: ", "    url: "), SOURCES, "id: korea-daily-2025-05-30",
    "a source needs a stored 'file', a 'url' or a 'copy_url'"))
case("publisher site given as a URL", Broken(
    replace(SOURCES, "    file: ", "    publisher_site: https://www.koreadailyus.com/\n    file: "),
    SOURCES, "publisher_site:", "publisher_site 'https://www.koreadailyus.com/' is not a host "
    "name (hint: write the host of the publisher's own site, such as yna.co.kr, without "
    "https:// or a path)"))
case("unreadable date a source was read", Broken(
    replace(SOURCES, "    file: ", "    accessed: last June\n    file: "), SOURCES,
    "accessed:", "'last June' is not a date"))
case("node without a name", Broken(
    replace(NODES, "ussuriysk,Ussuriysk,", "ussuriysk,,"), NODES, "row 5",
    "a node has no 'name'"))
case("unknown field in a leg", Broken(
    replace(MUNITIONS, "    basis: schematic\n", "    basis: schematic\n    colour: red\n"),
    MUNITIONS, "colour: red", "unknown field 'colour' in a leg"))
case("unknown field in the scenario", Broken(
    replace(SCENARIO, "as_of: 2025-05-30", "as_of: 2025-05-30\nauthor: me"), SCENARIO,
    "author: me", "unknown field 'author' in the scenario"))
case("quote made of spaces only", Broken(
    replace(MUNITIONS, "quote: Early shipments involved 49 voyages by Russian cargo ships",
            'quote: "   "'), MUNITIONS, "id: voyages", "a claim has no 'quote'"))

# Unknown and duplicate ids
case("leg naming an unknown node", Broken(
    replace(MUNITIONS, "to: ussuriysk", "to: usuriysk"), MUNITIONS,
    "id: rail-vostochny-ussuriysk", "unknown node 'usuriysk' (hint: did you mean 'ussuriysk'?)"))
case("two legs with one id", Broken(
    replace(MUNITIONS, "id: rail-vostochny-ussuriysk", "id: sea-rajin-vostochny"), MUNITIONS,
    "id: sea-rajin-vostochny", "duplicate leg id 'sea-rajin-vostochny'", occurrence=2))
case("two nodes with one id", Broken(
    replace(NODES, "pyongyang_sunan,", "vostochny_port,"), NODES, "row 8",
    "duplicate node id 'vostochny_port'"))
case("claim citing an unknown source", Broken(
    replace(MUNITIONS, "    source: korea-daily-2025-05-30\n    quote: Early",
            "    source: korea-daily\n    quote: Early"), MUNITIONS, "id: voyages",
    "unknown source 'korea-daily'"))
case("claim counting in an undeclared unit", Broken(
    replace(MUNITIONS, "unit: voyages", "unit: voyage"), MUNITIONS, "id: voyages",
    "unknown unit 'voyage' (hint: did you mean 'voyages'?)"))
case("claim narrowed to an unknown leg", Broken(
    replace(MUNITIONS, "legs: [sea-rajin-vostochny]", "legs: [sea-rajin]"), MUNITIONS,
    "id: voyages", "names leg 'sea-rajin', which is not a leg of its flow"))
case("headline that is not a claim", Broken(
    replace(MUNITIONS, "headline: shells-2024", "headline: shells-2025"), MUNITIONS,
    "id: munitions", "headline 'shells-2025' is not a claim of this flow"))
case("id holding a space", Broken(
    replace(MUNITIONS, "id: voyages", "id: ship voyages"), MUNITIONS, "id: ship voyages",
    "id 'ship voyages' is not a valid id"))
case("layer named like the full map's page", Broken(
    replace(SCENARIO, "id: sea", "id: index"), SCENARIO, "id: index", "'index'"))
case("layer named like the all-legs GeoJSON", Broken(
    replace(SCENARIO, "id: sea", "id: all"), SCENARIO, "id: all", "'all'"))

# Coordinates
case("latitude and longitude swapped", Broken(
    replace(NODES, "42.7333,133.0667", "133.0667,42.7333"), NODES, "row 7",
    "lat 133.067 and lon 42.7333 look swapped"))
case("latitude NaN", Broken(
    replace(NODES, "42.7333,133.0667", "NaN,133.0667"), NODES, "row 7",
    "lat 'NaN' is not a finite number"))
case("longitude infinite", Broken(
    replace(NODES, "42.7333,133.0667", "42.7333,inf"), NODES, "row 7",
    "lon 'inf' is not a finite number"))
case("latitude overflowing to infinity", Broken(
    replace(NODES, "42.7333,133.0667", "1e400,133.0667"), NODES, "row 7",
    "lat '1e400' is not a finite number"))
case("longitude out of range", Broken(
    replace(NODES, "42.7333,133.0667", "42.7333,193.0667"), NODES, "row 7",
    "lon 193.067 is out of range"))

# Files: empty, missing, not UTF-8, outside seeds/
case("empty nodes file", Broken(write(NODES, ""), NODES, "", "file is empty"))
case("flow file of blank lines", Broken(write(MUNITIONS, "\n  \n\n"), MUNITIONS, "",
                                        "file is empty"))
case("empty stored source text", Broken(write(ARTICLE, ""), ARTICLE, "", "file is empty"))
case("flow file with a byte that is not UTF-8", Broken(
    replace_bytes(MUNITIONS, b"name: Artillery munitions", b"name: Artillery m\xfcnitions"),
    MUNITIONS, "name: Artillery", "byte 0xfc is not UTF-8"))
case("stored source text that is Latin-1", Broken(
    replace_bytes(ARTICLE, b"Los Angeles", b"Los \xc1ngeles"), ARTICLE, "Los ",
    "byte 0xc1 is not UTF-8"))
case("nodes file that is not UTF-8", Broken(
    replace_bytes(NODES, b"Ussuriysk,,rail", b"Ussur\xefysk,,rail"), NODES, "Ussur",
    "byte 0xef is not UTF-8"))
case("nodes file missing", Broken(delete(NODES), NODES, "", "file not found"))
case("scenario file missing", Broken(delete(SCENARIO), SCENARIO, "", "file not found"))
case("stored source file missing", Broken(
    delete(ARTICLE), SOURCES, "file: korea-daily",
    "stored source file seeds/korea-daily-2025-05-30-msmt-report.txt not found"))
case("stored source file outside seeds/", Broken(
    replace(SOURCES, "file: korea-daily-2025-05-30-msmt-report.txt",
            "file: ../routes/scenario.yaml"), SOURCES, "file: ../routes",
    "file '../routes/scenario.yaml' is outside seeds/"))
case("stored source file linking outside seeds/", Broken(
    link_outside, SOURCES, "file: korea-daily", "is outside seeds/"))
case("stored source file name holding a NUL", Broken(
    replace(SOURCES, "file: korea-daily-2025-05-30-msmt-report.txt",
            'file: "korea-daily\\0.txt"'), SOURCES, "file: ", "'korea-daily\\x00.txt'"))
case("network file named after no mode", Broken(
    write_new("geodata/networks/train.csv", "from,to\nvostochny_port,ussuriysk\n"),
    "geodata/networks/train.csv", "", "network 'train' is not one logimap routes on"))

# Numbers YAML 1.1 reads otherwise than a person, and digits that are not 0-9
case("YAML 1.1 octal number", Broken(
    replace(MUNITIONS, "value: 49", "value: 041"), MUNITIONS, "value: 041",
    "'041' has a leading zero, which YAML 1.1 reads as octal (33) (hint: write 41, or '041' "
    "for text)"))
case("YAML 1.1 base-60 number", Broken(
    replace(MUNITIONS, "value: 49", "value: 1:30"), MUNITIONS, "value: 1:30",
    "'1:30' is a base-60 number in YAML 1.1 (read as 90) (hint: write 90, or '1:30' for text)"))
case("YAML 1.1 hexadecimal number", Broken(
    replace(MUNITIONS, "value: 49", "value: 0x10"), MUNITIONS, "value: 0x10",
    "'0x10' is a hexadecimal number in YAML 1.1 (read as 16) (hint: write 16, or '0x10'"))
case("YAML 1.1 binary number", Broken(
    replace(MUNITIONS, "value: 49", "value: 0b101"), MUNITIONS, "value: 0b101",
    "'0b101' is a binary number in YAML 1.1 (read as 5) (hint: write 5, or '0b101'"))
case("YAML 1.1 number where text is wanted", Broken(
    replace(MUNITIONS, "cargo: munitions", "cargo: 012"), MUNITIONS, "cargo: 012",
    "(hint: write 12, or '012' for text)"))
case("latitude in full-width digits", Broken(
    replace(NODES, "42.7333,133.0667", "４２.７３３３,133.0667"), NODES, "row 7",
    "lat '４２.７３３３' holds digits other than 0-9"))
case("longitude in Arabic-Indic digits", Broken(
    replace(NODES, "42.7333,133.0667", "42.7333,١٣٣.٠٦٦٧"), NODES, "row 7",
    "lon '١٣٣.٠٦٦٧' holds digits other than 0-9"))
case("latitude with an underscore", Broken(
    replace(NODES, "42.7333,133.0667", "4_2.7333,133.0667"), NODES, "row 7",
    "lat '4_2.7333' is not a finite number"))
case("date in full-width digits", Broken(
    replace(SCENARIO, "as_of: 2025-05-30", "as_of: ２０２５-05-30"), SCENARIO, "as_of:",
    "'２０２５-05-30' is not a date"))

# Quantities
case("huge quantity", Broken(
    replace(MUNITIONS, "value: 9000000", "value: 9000000000000000000"), MUNITIONS,
    "value: 9000000000000000000", "is implausibly large"))
case("quantity with 400 digits", Broken(
    replace(MUNITIONS, "value: 9000000", "value: " + "9" * 400), MUNITIONS, "value: 999",
    "is implausibly large"))
case("negative quantity", Broken(
    replace(MUNITIONS, "value: 49", "value: -49"), MUNITIONS, "value: -49",
    "value -49 is negative"))
case("infinite quantity", Broken(
    replace(MUNITIONS, "value: 49", "value: .inf"), MUNITIONS, "value: .inf",
    "value inf is not finite"))
case("NaN quantity", Broken(
    replace(MUNITIONS, "value: 49", "value: .nan"), MUNITIONS, "value: .nan",
    "value nan is not finite"))
case("range with min above max", Broken(
    replace(MUNITIONS, "value: 49", "value: [60, 49]"), MUNITIONS, "value: [60, 49]",
    "range [60, 49] has its low end above its high end"))
case("range of three numbers", Broken(
    replace(MUNITIONS, "value: 49", "value: [40, 49, 60]"), MUNITIONS, "value: [40",
    "is not a number or a [low, high] range"))

# Dates and periods
case("unparseable publication date", Broken(
    replace(SOURCES, "date: 2025-05-30", "date: 30 May 2025"), SOURCES, "date: 30 May",
    "'30 May 2025' is not a date"))
case("unparseable period", Broken(
    replace(MUNITIONS, "period: 2023-09/2025-03", "period: autumn 2023"), MUNITIONS,
    "period: autumn", "'autumn 2023' is not a date"))
case("period ending before it starts", Broken(
    replace(MUNITIONS, "period: 2023-09/2025-03", "period: 2025-03/2023-09"), MUNITIONS,
    "period: 2025-03/2023-09", "period '2025-03/2023-09' ends before it starts"))
case("date that does not exist", Broken(
    replace(SCENARIO, "as_of: 2025-05-30", "as_of: 2025-02-30"), SCENARIO, "as_of:",
    "'2025-02-30' is not a real date"))

# Quotes
case("quote not found in its source", Broken(
    replace(MUNITIONS, "Early shipments involved 49 voyages",
            "Early shipments involved 94 voyages"), MUNITIONS, "id: voyages",
    "quote of claim 'voyages' not found in seeds/korea-daily-2025-05-30-msmt-report.txt"))
case("quote in the wrong letter case", Broken(
    replace(MUNITIONS, "quote: Early shipments", "quote: early shipments"), MUNITIONS,
    "id: voyages", "quote of claim 'voyages' not found"))

# Legs and networks
case("leg from a node to itself", Broken(
    replace(ARMS_BY_AIR, "to: vladivostok_airport", "to: pyongyang_sunan"), ARMS_BY_AIR,
    "id: air-pyongyang-vladivostok", "goes from 'pyongyang_sunan' to itself"))
case("rail leg to a place far from any railway", Broken(
    both(append(NODES, "offshore,A point in the Sea of Japan,,waypoint,,41.0000,133.5000,"
                       "waypoint,test,\n"),
         replace(MUNITIONS, "to: ussuriysk", "to: offshore"),
         replace(MUNITIONS, "    within: [RU]\n", "")), MUNITIONS,
    "id: rail-vostochny-ussuriysk", "station 'offshore' is "))
case("rail leg kept within a country it leaves", Broken(
    replace(MUNITIONS, "within: [RU]", "within: [KP]"), MUNITIONS,
    "id: rail-vostochny-ussuriysk", "stops at 'vostochny_port' in RU, outside 'within' (KP)"))
case("rail leg within an unknown country code", Broken(
    replace(MUNITIONS, "within: [RU]", "within: [RUS]"), MUNITIONS,
    "id: rail-vostochny-ussuriysk", "unknown country code 'RUS' in 'within'"))
case("network edge joining a node to itself", Broken(
    write_new(RAIL, "from,to\nussuriysk,ussuriysk\n"), RAIL, "row 2",
    "edge joins 'ussuriysk' to itself"))
case("node outside its country", Broken(
    replace(NODES, "airport,airfield,RU,", "airport,airfield,CN,"), NODES, "row 6",
    "node 'vladivostok_airport' lies in Russia (RU)"))
case("sea leg to a port inland", Broken(
    replace(NODES, "42.7333,133.0667", "43.9000,132.9000"), MUNITIONS,
    "id: sea-rajin-vostochny", "port 'vostochny_port' (43.9000, 132.9000) lies 81 km from the sea"))
case("sea leg through a waypoint on land", Broken(
    both(append(NODES, "hill,A hill inland,,waypoint,,43.2,132.8,waypoint,test,\n"),
         replace(MUNITIONS, "    to: vostochny_port\n",
                 "    to: vostochny_port\n    via: [hill]\n")),
    MUNITIONS, "id: sea-rajin-vostochny", "waypoint 'hill' (43.2000, 132.8000) lies on land"))
# A stop at a pole: the water is searched up to 89° of latitude, the networks end sooner.
POLES = ("north_pole,The North Pole,,port,,90,0,approximate,test,\n"
         "south_pole,The South Pole,,rail_station,AQ,-90,0,approximate,test,\n"
         "date_line,On the 180th meridian,,port,,10,-180,approximate,test,\n")
case("sea leg to a port at the North Pole", Broken(
    both(append(NODES, POLES), replace(MUNITIONS, "to: vostochny_port", "to: north_pole")),
    MUNITIONS, "id: sea-rajin-vostochny",
    "port 'north_pole' (90.0000, 0.0000) lies beyond latitude 89° N"))
case("sea leg from a port at the South Pole", Broken(
    both(append(NODES, POLES), replace(MUNITIONS, "from: rajin_port", "from: south_pole")),
    MUNITIONS, "id: sea-rajin-vostochny",
    "port 'south_pole' (-90.0000, 0.0000) lies beyond latitude 89° S"))
case("rail leg from a station at the South Pole", Broken(
    both(append(NODES, POLES), replace(MUNITIONS, "from: vostochny_port", "from: south_pole"),
         replace(MUNITIONS, "    within: [RU]\n", "")),
    MUNITIONS, "id: rail-vostochny-ussuriysk", "station 'south_pole' is "))
case("road leg from a place on the 180th meridian", Broken(
    both(append(NODES, POLES), replace(ARMS_BY_AIR, "mode: air", "mode: road"),
         replace(ARMS_BY_AIR, "from: pyongyang_sunan", "from: date_line")),
    ARMS_BY_AIR, "id: air-pyongyang-vladivostok", "place 'date_line' is "))
case("sea leg going twice round the world", Broken(
    both(append(NODES, ROUND_THE_WORLD), replace(MUNITIONS, "legs:\n", ROUND_LEG)), MUNITIONS,
    "id: round-the-world", "sea leg 'round-the-world' cannot be checked"))

# Vocabulary and layers
case("unknown mode", Broken(
    replace(ARMS_BY_AIR, "mode: air", "mode: plane"), ARMS_BY_AIR, "mode: plane",
    "unknown mode 'plane'"))
case("unknown basis", Broken(
    replace(MUNITIONS, "basis: schematic", "basis: schematics"), MUNITIONS,
    "basis: schematics", "unknown basis 'schematics' (hint: did you mean 'schematic'?)"))
case("unknown precision", Broken(
    replace(NODES, "133.0667,site", "133.0667,exact"), NODES, "row 7",
    "unknown precision 'exact'"))
case("unknown node kind", Broken(
    replace(NODES, ",port,RU,", ",harbour,RU,"), NODES, "row 7", "unknown kind 'harbour'"))
case("unknown qualifier", Broken(
    replace(MUNITIONS, "qualifier: about", "qualifier: roughly"), MUNITIONS, "qualifier:",
    "unknown qualifier 'roughly'"))
case("unknown status", Broken(
    replace(ARMS_BY_AIR, "status: corrected", "status: wrong"), ARMS_BY_AIR, "status: wrong",
    "unknown status 'wrong'"))
case("flow without legs", Broken(
    append("routes/empty.yaml", "id: empty\nname: Nothing\ncargo: none\n"
           "direction: DPRK to Russia\nlegs: []\n"),
    "routes/empty.yaml", "id: empty", "flow 'empty' has no legs"))
case("layer selecting nothing", Broken(
    replace(SCENARIO, "select: {mode: sea}", "select: {mode: road}"), SCENARIO, "id: sea",
    "layer 'sea' selects no legs"))


@pytest.fixture
def project(tmp_path: Path, starter_project: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(starter_project, target, symlinks=True)
    return target


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding a previous file that nothing may touch."""
    folder = tmp_path / "out"
    (folder / "geojson").mkdir(parents=True)
    (folder / "index.html").write_text("previous map\n", encoding="utf-8")
    (folder / "geojson" / "sea.geojson").write_text("{}\n", encoding="utf-8")
    return folder


def listing(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder`` (the lock aside), files with their sha256."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "folder"
            for p in sorted(folder.rglob("*")) if p.name != LOCK_NAME}


def located_problems(stderr: str) -> list[str]:
    """The problem lines of a failed run, after checking the header and every line's form."""
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    header = HEADER.match(lines[0])
    assert header, f"first line is not 'error: N problem(s) found':\n{stderr}"
    problems = lines[1:]
    assert int(header.group(1)) == len(problems) > 0, stderr
    for line in problems:
        found = LOCATED.match(line)
        assert found, f"problem not located as file:line or file row N with a hint: {line!r}"
        hint = found.group("hint").strip()
        assert hint and hint != "use one of:", f"empty hint: {line!r}"
    return problems


def params() -> list[object]:
    return [pytest.param(broken, id=name) for name, broken in CASES.items()]


def test_the_corpus_holds_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", params())
def test_a_broken_project_is_refused_with_located_problems_and_nothing_written(
        project: Path, out: Path, case: Broken):
    case.edit(project)
    before = listing(out)

    result = run("build", "--project", str(project), "--out", str(out))

    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    problems = located_problems(result.stderr)
    expected = case.location(project)
    assert any(p.startswith(expected) and case.message in p for p in problems), (
        f"expected {expected}...{case.message}\ngot:\n{result.stderr}")
    assert listing(out) == before


@pytest.mark.parametrize("command", ["validate", "export"])
def test_validate_and_export_refuse_a_broken_project_the_same_way(
        project: Path, out: Path, command: str):
    replace(MUNITIONS, "to: ussuriysk", "to: usuriysk")(project)
    before = listing(out)
    extra = ["--out", str(out)] if command == "export" else []

    result = run(command, "--project", str(project), *extra)

    assert result.exit_code == 1
    problems = located_problems(result.stderr)
    assert any("unknown node 'usuriysk'" in p for p in problems)
    assert listing(out) == before


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_broken_project_creates_no_output_folder(project: Path, tmp_path: Path, command: str):
    replace(MUNITIONS, "to: ussuriysk", "to: usuriysk")(project)
    out = tmp_path / "new" / "maps"

    result = run(command, "--project", str(project), "--out", str(out))

    assert result.exit_code == 1
    assert not (tmp_path / "new").exists()


# -- accepted: a byte order mark and Windows line endings --------------------------------------

ACCEPTED = {
    "byte order mark on the nodes file": replace_bytes(NODES, b"id,name", b"\xef\xbb\xbfid,name"),
    "byte order mark on a YAML file": replace_bytes(MUNITIONS, b"# One flow", b"\xef\xbb\xbf# One"),
    "Windows line endings everywhere": lambda project: [
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        for path in project.rglob("*") if path.is_file()],
    "byte order mark and Windows line endings on the stored source": both(
        replace_bytes(ARTICLE, b"83.5 F", b"\xef\xbb\xbf83.5 F"),
        lambda project: (project / ARTICLE).write_bytes(
            (project / ARTICLE).read_bytes().replace(b"\n", b"\r\n"))),
}


@pytest.mark.parametrize("edit", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_a_byte_order_mark_and_windows_line_endings_are_accepted(
        project: Path, tmp_path: Path, edit: Edit):
    edit(project)

    checked = run("validate", "--project", str(project))
    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"))

    assert checked.exit_code == 0, checked.stderr
    assert "ok" in checked.stdout
    assert built.exit_code == 0, built.stderr
    assert (tmp_path / "maps" / "index.html").is_file()


AIR_LEGS_AT_THE_EDGES = """
  - id: pole-to-pole
    mode: air
    from: north_pole
    to: south_pole
    basis: schematic
  - id: across-180
    mode: air
    from: date_line
    to: pyongyang_sunan
    basis: schematic
"""


def test_air_legs_from_the_poles_and_the_180th_meridian_are_drawn(project: Path, tmp_path: Path):
    append(NODES, POLES)(project)
    replace(ARMS_BY_AIR, "legs:\n", f"legs:{AIR_LEGS_AT_THE_EDGES}")(project)

    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"))

    assert built.exit_code == 0, built.output
    features = json.loads((tmp_path / "maps/geojson/all.geojson").read_text(encoding="utf-8"))
    geometries = {f["id"]: f["geometry"] for f in features["features"]
                  if f["id"] in ("pole-to-pole", "across-180")}
    points = {key: [point for part in (g["coordinates"] if g["type"] == "MultiLineString"
                                       else [g["coordinates"]]) for point in part]
              for key, g in geometries.items()}
    assert points["pole-to-pole"][0][1] == 90 and points["pole-to-pole"][-1][1] == -90
    assert abs(points["across-180"][0][0]) == 180 and points["across-180"][0][1] == 10


# -- usage mistakes: exit 2 ------------------------------------------------------------------


def usage_error(result) -> str:
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.lower().startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_unknown_layer_on_the_command_line(project: Path, out: Path):
    before = listing(out)

    result = run("build", "--project", str(project), "--out", str(out), "--layer", "rail")

    message = usage_error(result)
    assert "unknown layer 'rail'" in message and "sea, land-and-air" in message
    assert listing(out) == before


def test_an_unknown_layer_for_export(project: Path, out: Path):
    before = listing(out)

    result = run("export", "--project", str(project), "--out", str(out), "--layer", "air")

    assert "unknown layer 'air'" in usage_error(result)
    assert listing(out) == before


def test_an_unknown_export_format(project: Path, out: Path):
    before = listing(out)

    result = run("export", "--project", str(project), "--out", str(out), "--format", "shp")

    assert "geojson, gpkg, kml, csv" in usage_error(result)
    assert listing(out) == before


def test_an_unknown_option(project: Path, out: Path):
    before = listing(out)

    result = run("build", "--project", str(project), "--out", str(out), "--colour")

    assert "No such option" in usage_error(result)
    assert listing(out) == before


def test_an_output_path_that_is_a_file(project: Path, tmp_path: Path):
    target = tmp_path / "maps.html"
    target.write_text("keep", encoding="utf-8")

    result = run("build", "--project", str(project), "--out", str(target))

    assert "is a file, not a folder" in usage_error(result)
    assert target.read_text(encoding="utf-8") == "keep"


def test_an_output_path_under_a_file(project: Path, tmp_path: Path):
    blocker = tmp_path / "blocker"
    blocker.write_text("keep", encoding="utf-8")

    result = run("build", "--project", str(project), "--out", str(blocker / "maps"))

    assert "cannot create output folder" in usage_error(result)
    assert blocker.read_text(encoding="utf-8") == "keep"


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into, root included (``chattr +i``), or skip."""
    folder = tmp_path / "immutable"
    folder.mkdir()
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not installed: cannot make a folder unwritable for root")
    done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not permitted here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_an_output_folder_that_is_not_writable(project: Path, immutable: Path):
    result = run("build", "--project", str(project), "--out", str(immutable))

    assert "is not writable" in usage_error(result)
    assert list(immutable.iterdir()) == []


def test_a_project_folder_that_does_not_exist(tmp_path: Path):
    result = run("build", "--project", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))

    assert "does not exist" in usage_error(result)
    assert not (tmp_path / "o").exists()


def test_a_project_folder_without_routes(project: Path, tmp_path: Path):
    shutil.rmtree(project / "routes")

    result = run("build", "--project", str(project), "--out", str(tmp_path / "o"))

    assert "is not a logimap project" in usage_error(result)
    assert not (tmp_path / "o").exists()


# -- the library itself never prints ---------------------------------------------------------


def test_the_library_prints_nothing_when_it_loads_builds_and_exports(
        project: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]):
    from logimap.pipeline import build

    scenario = logimap.load(project)
    logimap.build(scenario, tmp_path / "built")
    build(scenario, tmp_path / "pipeline")
    logimap.export(scenario, tmp_path / "exported")

    assert capfd.readouterr() == ("", "")
    assert (tmp_path / "built" / "index.html").is_file()


def test_the_library_prints_nothing_when_the_data_is_broken(
        project: Path, capfd: pytest.CaptureFixture[str]):
    replace(ARMS_BY_AIR, "mode: air", "mode: plane")(project)

    with pytest.raises(logimap.DataError) as raised:
        logimap.load(project)

    assert capfd.readouterr() == ("", "")
    assert "unknown mode 'plane'" in str(raised.value)
