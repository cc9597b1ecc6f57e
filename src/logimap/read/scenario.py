"""Read a project folder (seeds/, geodata/, routes/) into the evidence model.

This is the only module that reads scenario files. It reports every problem it can find in
one pass, each located by file and line or row, and builds the model from what is readable.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
from pathlib import Path
from typing import Any

from logimap.errors import Problem
from logimap.messages import excerpt, printable
from logimap.model import OFF_NETWORK_KM, Claim, Edge, Flow, Layer, Leg, Node, Scenario, Source
from logimap.read.fields import Record, did_you_mean
from logimap.read.files import Refused, folder_names, read_file
from logimap.read.located_yaml import LocatedDict, YamlError, parse_yaml
from logimap.vocabulary import (
    BASES,
    LAYER_KEYS,
    MODES,
    NETWORKS,
    NODE_COLUMNS,
    NODE_KINDS,
    PATHS,
    PRECISIONS,
    QUALIFIERS,
    STATUSES,
)

SOURCES_FILE = "seeds/sources.yaml"
NODES_FILE = "geodata/nodes.csv"
NETWORKS_DIR = "geodata/networks"
SCENARIO_FILE = "routes/scenario.yaml"
ROUTES_DIR = "routes"

NODE_REQUIRED = ("id", "name", "kind", "lat", "lon", "precision", "basis")
EDGE_COLUMNS = ("from", "to", "line", "note")
EDGE_REQUIRED = ("from", "to")
SOURCE_FIELDS = ("id", "title", "publisher", "date", "url", "copy_url", "accessed",
                 "publisher_site", "author", "file", "note")
SCENARIO_FIELDS = ("title", "description", "as_of", "units", "layers", "claims",
                   "off_network_km", "allow")
FLOW_FIELDS = ("id", "name", "cargo", "direction", "period", "headline", "note", "legs", "claims")
FLOW_REQUIRED = ("id", "name", "cargo", "direction", "legs")
LEG_FIELDS = ("id", "mode", "from", "to", "via", "avoid", "basis", "basis_note", "sources",
              "period", "within", "path", "track", "track_id", "gap", "max_speed")
LEG_REQUIRED = ("id", "mode", "from", "to", "basis")
TRACK_FIELDS = LEG_FIELDS[-4:]  # a leg drawn from a track (see logimap.read.tracks.legs)
CLAIM_FIELDS = (
    "id", "what", "value", "unit", "qualifier", "period", "source", "quote",
    "status", "note", "note_sources", "legs", "nodes",
)
CLAIM_REQUIRED = ("id", "what", "source", "quote")
LAYER_FIELDS = ("id", "title", "group", "select")
# Control characters (other than tab and line ends) that no CSV cell should hold.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# index.html, geojson/all.geojson, the map's layer for legs in no layer and the tracks'
# GeoJSON files use these names.
RESERVED_LAYER_IDS = ("index", "all", "other-legs", "track_points", "track_gaps")


def read_project(root: Path) -> tuple[Scenario, list[Problem]]:
    """Read every file of the project at ``root``; return the model and the problems found."""
    return _Reader(Path(root)).read()


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.singulars: dict[str, str] = {}  # unit id -> its singular, where declared
        self.tracks: dict[str, Any] = {}  # leg id -> its observed track
        self.track_files: Any = None  # the track files read, once each (tracks.legs)
        self.node_ids: set[str] = set()  # the ids of geodata/nodes.csv (a via node wins)

    def read(self) -> tuple[Scenario, list[Problem]]:
        meta = self._scenario_file()
        nodes = tuple(self._nodes())
        self.node_ids = {node.id for node in nodes}
        scenario = Scenario(
            root=self.root,
            title=meta["title"],
            description=meta["description"],
            as_of=meta["as_of"],
            units=meta["units"],
            sources=tuple(self._sources()),
            nodes=nodes,
            edges=tuple(self._networks()),
            flows=tuple(self._flows()),
            layers=tuple(meta["layers"]),
            scenario_claims=tuple(meta["claims"]),
            tracks=self.tracks,
            notes=tuple(self.track_files.notes) if self.track_files else (),
            off_network_km=meta["off_network_km"], allow=meta["allow"],
        )
        return scenario, self.problems

    # -- files ---------------------------------------------------------------------------

    def _problem(self, path: str, where: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, where, message, hint))

    def _text(self, rel: str, *, required: bool = True) -> str | None:
        try:
            data = read_file(self.root, rel)
        except Refused as exc:
            self._problem(rel, "", exc.message, exc.hint)
            return None
        if data is None:
            if required:
                self._problem(rel, "", "file not found", f"create {rel} (see the README)")
            return None
        return self._decoded(rel, data)

    def _decoded(self, rel: str, data: bytes) -> str | None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self._problem(rel, f":{line}", f"byte {data[exc.start]:#04x} is not UTF-8",
                          "save the file as UTF-8")
            return None
        if not text.strip():
            self._problem(rel, "", "file is empty", "fill it in or delete it")
            return None
        return text

    def _yaml_mapping(self, rel: str) -> LocatedDict | None:
        text = self._text(rel)
        if text is None:
            return None
        try:
            data = parse_yaml(text)
        except YamlError as exc:
            self._problem(rel, f":{exc.line}", str(exc),
                          exc.hint or "check indentation, colons and quotes")
            return None
        if not isinstance(data, LocatedDict):
            self._problem(rel, ":1", "the file must hold a mapping of fields",
                          "start with 'id: ...' or 'title: ...' lines, see the README")
            return None
        return data

    def _csv_rows(self, rel: str, columns: tuple[str, ...], required: tuple[str, ...],
                  *, must_exist: bool = True) -> list[tuple[int, dict[str, str]]]:
        text = self._text(rel, required=must_exist)
        if text is None:
            return []
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [h.strip() for h in next(reader)]
        except csv.Error as exc:
            self._problem(rel, " row 1", f"malformed CSV: {exc}", "check the quotes")
            return []
        if not set(header) & set(columns):
            # Not a header of this table (another file, saved here or linked): say so without
            # showing its first line, which may hold anything.
            self._problem(rel, " row 1", "the first row names none of the columns",
                          f"start the file with a header naming: {', '.join(required)}")
            return []
        for name in header:
            if name not in columns:
                self._problem(rel, " row 1", f"unknown column {excerpt(name)}",
                              did_you_mean(name, columns))
        for name in required:
            if name not in header:
                self._problem(rel, " row 1", f"missing column {name!r}",
                              f"the header must name: {', '.join(required)}")
        if len(set(header)) != len(header):
            self._problem(rel, " row 1", "a column name appears twice", "name each column once")
        rows = []
        try:
            for cells in reader:
                row = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    self._problem(rel, f" row {row}",
                                  f"{len(cells)} cells where the header has {len(header)}",
                                  "quote cells that contain commas")
                    continue
                record = dict(zip(header, cells, strict=True))
                for name, cell in record.items():
                    bad = CONTROL.search(cell)
                    if bad:
                        self._problem(rel, f" row {row}", f"column {excerpt(name)} holds control "
                                      f"character U+{ord(bad.group()):04X}", "delete it")
                rows.append((row, record))
        except csv.Error as exc:
            self._problem(rel, f" row {reader.line_num}", f"malformed CSV: {exc}",
                          "check the quotes")
        return rows

    def _folder(self, rel: str, suffixes: tuple[str, ...]) -> list[str]:
        """The names in the project's folder ``rel`` that end in one of ``suffixes``."""
        try:
            names = folder_names(self.root, rel)
        except Refused as exc:
            self._problem(f"{rel}/", "", exc.message, exc.hint)
            return []
        return [name for name in names if name.endswith(suffixes)]

    # -- seeds/ --------------------------------------------------------------------------

    def _sources(self) -> list[Source]:
        data = self._yaml_mapping(SOURCES_FILE)
        if data is None:
            return []
        top = Record(data, SOURCES_FILE, self.problems, what="the source registry",
                     required=("sources",))
        sources = []
        for item, _line in top.records("sources"):
            rec = Record(item, SOURCES_FILE, self.problems, what="a source",
                         required=("id", "publisher"), optional=SOURCE_FIELDS)
            file = rec.text("file")
            if not file and not rec.text("url") and not rec.text("copy_url"):
                rec.problem("a source needs a stored 'file', a 'url' or a 'copy_url'",
                            "add file: NAME.txt (in seeds/), url: https://... (the "
                            "publisher's page) or copy_url: https://... (a copy)")
            sources.append(Source(
                id=rec.ident(), title=rec.text("title"), publisher=rec.text("publisher"),
                date=rec.partial_date("date"), url=rec.text("url"), author=rec.text("author"),
                file=file, text=self._stored_text(rec, file) if file else None,
                note=rec.text("note"), where=rec.location(), copy_url=rec.text("copy_url"),
                accessed=rec.partial_date("accessed"), publisher_site=_site(rec),
            ))
        return sources

    def _stored_text(self, rec: Record, file: str) -> str | None:
        if any(ord(ch) < 32 for ch in file):
            rec.problem(f"file name {excerpt(file)} holds control characters",
                        "name the stored file with printable characters", "file")
            return None
        rel = posixpath.normpath(f"seeds/{file}")
        if file.startswith("/") or not rel.startswith("seeds/"):
            rec.problem(f"file {excerpt(file)} is outside seeds/", "store the document in seeds/",
                        "file")
            return None
        try:
            data = read_file(self.root, rel, within="seeds")
        except Refused as exc:
            rec.problem(f"stored source file {excerpt(rel)} {exc.message}", exc.hint, "file")
            return None
        if data is None:
            rec.problem(f"stored source file {printable(rel)} not found",
                        "copy the document into seeds/ or fix 'file'", "file")
            return None
        return self._decoded(rel, data)

    # -- geodata/ ------------------------------------------------------------------------

    def _nodes(self) -> list[Node]:
        nodes = []
        for row, cells in self._csv_rows(NODES_FILE, NODE_COLUMNS, NODE_REQUIRED):
            rec = Record(cells, NODES_FILE, self.problems, what="a node", row=row,
                         required=NODE_REQUIRED, optional=NODE_COLUMNS)
            lon, lat = self._coordinates(rec)
            nodes.append(Node(
                id=rec.ident(), name=rec.text("name"), kind=rec.choice("kind", NODE_KINDS),
                country=rec.text("country"), lon=lon, lat=lat,
                precision=rec.choice("precision", PRECISIONS), basis=rec.text("basis"),
                note=rec.text("note"), where=rec.location(), label=rec.text("label"),
                sources=rec.joined_ids("sources"),
            ))
        return nodes

    def _coordinates(self, rec: Record) -> tuple[float, float]:
        lat, lon = rec.number("lat"), rec.number("lon")
        if lat is None or lon is None:
            return 0.0, 0.0
        if abs(lat) > 90 and abs(lon) <= 90:
            rec.problem(f"lat {lat:g} and lon {lon:g} look swapped",
                        "lat is north-south (-90..90), lon is east-west (-180..180)")
        elif abs(lat) > 90:
            rec.problem(f"lat {lat:g} is out of range", "lat must be within -90..90")
        elif abs(lon) > 180:
            rec.problem(f"lon {lon:g} is out of range", "lon must be within -180..180")
        return lon, lat

    def _networks(self) -> list[Edge]:
        edges = []
        for name in self._folder(NETWORKS_DIR, (".csv",)):
            rel, network = f"{NETWORKS_DIR}/{name}", name.removesuffix(".csv")
            if network not in NETWORKS:
                self._problem(rel, "", f"network {excerpt(network)} is not one logimap routes on",
                              f"name the file after a network: {', '.join(NETWORKS)}")
                continue
            for row, cells in self._csv_rows(rel, EDGE_COLUMNS, EDGE_REQUIRED):
                rec = Record(cells, rel, self.problems, what="an edge", row=row,
                             required=EDGE_REQUIRED, optional=EDGE_COLUMNS)
                edges.append(Edge(network=network, a=rec.text("from"), b=rec.text("to"),
                                  line=rec.text("line"), note=rec.text("note"),
                                  where=rec.location()))
        return edges

    # -- routes/ -------------------------------------------------------------------------

    def _scenario_file(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"title": "", "description": "", "as_of": "", "units": {},
                                "layers": [], "claims": [], "off_network_km": OFF_NETWORK_KM,
                                "allow": ()}
        data = self._yaml_mapping(SCENARIO_FILE)
        if data is None:
            return meta
        rec = Record(data, SCENARIO_FILE, self.problems, what="the scenario",
                     required=("title", "as_of", "units"), optional=SCENARIO_FIELDS)
        meta.update(title=rec.text("title"), description=rec.text("description"),
                    as_of=rec.partial_date("as_of"), units=self._units(rec),
                    allow=self._passages(rec, "allow"))
        meta["off_network_km"] = self._off_network_km(rec)
        meta["layers"] = [self._layer(item) for item, _ in rec.records("layers")]
        meta["claims"] = [self._claim(item, SCENARIO_FILE, "") for item, _ in rec.records("claims")]
        return meta

    @staticmethod
    def _off_network_km(rec: Record) -> float:
        """How far (km) a stop may lie from the water or network its leg follows, joined to
        it by a schematic stretch; the default when not given or not a number >= 0."""
        km = rec.number("off_network_km")
        if km is not None and km < 0:
            rec.problem(f"off_network_km {km:g} is negative",
                        "write a distance in km, e.g. 50 (0: every stop must reach the network)",
                        "off_network_km")
        return OFF_NETWORK_KM if km is None or km < 0 else km

    def _units(self, rec: Record) -> dict[str, str]:
        """Unit ids and their descriptions; a unit may also declare its singular
        (``vehicles: {description: military vehicles, singular: vehicle}``)."""
        units = rec.data.get("units")
        if units is None:
            return {}
        if not isinstance(units, dict) or not all(isinstance(k, str) for k in units):
            rec.problem("'units' must map each unit id to its description",
                        "write e.g. 'shells: artillery shells'", "units")
            return {}
        described = {}
        for unit, value in units.items():
            if isinstance(value, str):
                described[unit] = value
            elif isinstance(value, dict):
                entry = Record(value, rec.path, self.problems, what=f"unit {excerpt(unit)}",
                               required=("description",), optional=("singular",))
                described[unit] = entry.text("description")
                if entry.text("singular"):
                    self.singulars[unit] = entry.text("singular")
            else:
                where = f":{units.line_of(unit)}" if isinstance(units, LocatedDict) else ""
                self._problem(rec.path, where,
                              f"unit {excerpt(unit)} must be a description, or a mapping with "
                              "'description' and optionally 'singular'",
                              "write e.g. 'vehicles: {description: military vehicles, "
                              "singular: vehicle}'")
        return described

    def _layer(self, item: LocatedDict) -> Layer:
        rec = Record(item, SCENARIO_FILE, self.problems, what="a layer",
                     required=("id", "title", "select"), optional=LAYER_FIELDS)
        select: dict[str, tuple[str, ...]] = {}
        raw = item.get("select")
        if raw is not None and not isinstance(raw, dict):
            rec.problem("'select' must map keys to values", "write e.g. select: {mode: sea}",
                        "select")
        for key, value in (raw.items() if isinstance(raw, dict) else ()):
            if key not in LAYER_KEYS:
                rec.problem(f"unknown select key {excerpt(key)}", did_you_mean(key, LAYER_KEYS),
                            "select")
                continue
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, str) for v in values):
                rec.problem(f"select {excerpt(key)} must be a value or a list of values",
                            f"write {key}: VALUE or {key}: [A, B]", "select")
                continue
            select[key] = tuple(values)
        layer_id = rec.ident()
        if layer_id in RESERVED_LAYER_IDS:
            rec.problem(f"layer id {layer_id!r} is reserved for an output of its own",
                        f"choose another id (reserved: {', '.join(RESERVED_LAYER_IDS)})", "id")
        return Layer(id=layer_id, title=rec.text("title"), group=rec.text("group"),
                     select=select, where=rec.location())

    def _flows(self) -> list[Flow]:
        scenario = Path(SCENARIO_FILE).stem
        flows = []
        for name in self._folder(ROUTES_DIR, (".yaml", ".yml")):
            if name.rpartition(".")[0] == scenario:
                continue
            rel = f"{ROUTES_DIR}/{name}"
            data = self._yaml_mapping(rel)
            if data is not None:
                flows.append(self._flow(data, rel))
        return flows

    def _flow(self, data: LocatedDict, rel: str) -> Flow:
        rec = Record(data, rel, self.problems, what="a flow", required=FLOW_REQUIRED,
                     optional=FLOW_FIELDS)
        flow_id = rec.ident()
        period = rec.period()
        return Flow(
            id=flow_id, name=rec.text("name"), cargo=rec.text("cargo"),
            direction=rec.text("direction"), period=period, headline=rec.text("headline"),
            note=rec.text("note"),
            legs=tuple(self._leg(item, rel, flow_id, period) for item, _ in rec.records("legs")),
            claims=tuple(self._claim(item, rel, flow_id) for item, _ in rec.records("claims")),
            where=rec.location(),
        )

    def _leg(self, item: LocatedDict, rel: str, flow_id: str, flow_period: Any) -> Leg:
        rec = Record(item, rel, self.problems, what="a leg", required=LEG_REQUIRED,
                     optional=LEG_FIELDS)
        via, via_passages = self._via(rec.text_list("via"))
        leg = Leg(
            id=rec.ident(), flow=flow_id, mode=rec.choice("mode", MODES),
            origin=rec.text("from"), destination=rec.text("to"), via=via,
            basis=rec.choice("basis", BASES), basis_note=rec.text("basis_note"),
            sources=rec.text_list("sources"), period=rec.period() or flow_period,
            where=rec.location(), within=rec.text_list("within"),
            path=rec.choice("path", PATHS), track=rec.text("track"),
            avoid=self._passages(rec, "avoid"),
            via_passages=via_passages,
        )
        return self._tracked(leg, rec) if any(k in item for k in TRACK_FIELDS) else leg

    def _via(self, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...]]:
        """A leg's ``via`` as its nodes and the passages between them: a node id is a node
        (it wins over a passage of the same name), a passage's name or alias is that passage,
        and any other name is left as a node (an unknown one, which the checks report)."""
        from logimap.bundled.passages import UnknownPassage, find

        nodes: list[str] = []
        passages: list[tuple[int, str]] = []
        for name in names:
            if name in self.node_ids:
                nodes.append(name)
                continue
            try:
                passages.append((len(nodes), find(name).id))
            except UnknownPassage:
                nodes.append(name)
        return tuple(nodes), tuple(passages)

    def _passages(self, rec: Record, key: str) -> tuple[str, ...]:
        """The passages a field names (``avoid`` of a leg, ``allow`` of the scenario), by id;
        an unknown name is a problem with the nearest names as a hint, and ``allow`` takes
        only restricted passages."""
        from logimap.bundled.passages import UnknownPassage, find, restricted

        found = []
        for name in rec.text_list(key):
            try:
                passage = find(name)
            except UnknownPassage as exc:
                rec.problem(f"unknown passage {excerpt(name)} in {key!r}", exc.hint, key)
                continue
            if key == "allow" and not passage.restricted:
                rec.problem(f"'allow' names {passage.id!r}, which is not restricted: every sea "
                            "leg may go through it",
                            f"'allow' takes the restricted passages: {', '.join(restricted())}",
                            key)
                continue
            found.append(passage.id)
        return tuple(dict.fromkeys(found))

    def _tracked(self, leg: Leg, rec: Record) -> Leg:
        """A leg drawn from a track: its track read (``logimap.read.tracks.legs``), its period
        the leg's own or the track's."""
        from dataclasses import replace

        from logimap.read.tracks.legs import TrackFiles, leg_track

        if self.track_files is None:
            self.track_files = TrackFiles(self.root, self.problems)
        observed, period = leg_track(self.track_files, rec, leg.mode, leg.basis, leg.route_via,
                                     rec.period())
        if observed is not None and leg.id:
            self.tracks[leg.id] = observed
        return replace(leg, period=period or leg.period)

    def _claim(self, item: LocatedDict, rel: str, flow_id: str) -> Claim:
        rec = Record(item, rel, self.problems, what="a claim", required=CLAIM_REQUIRED,
                     optional=CLAIM_FIELDS)
        low, high = rec.quantity("value")
        unit = rec.text("unit")
        if "value" in item and not unit:
            rec.problem("a claim with a value needs a 'unit'",
                        "add unit: one of the units listed in routes/scenario.yaml", "value")
        return Claim(
            id=rec.ident(), what=rec.text("what"), low=low, high=high, unit=unit,
            qualifier=rec.choice("qualifier", QUALIFIERS), period=rec.period(),
            source=rec.text("source"), quote=rec.text("quote"),
            status=rec.choice("status", STATUSES, default="reported"), note=rec.text("note"),
            note_sources=rec.text_list("note_sources"), legs=rec.text_list("legs"),
            nodes=rec.text_list("nodes"), flow=flow_id, where=rec.location(),
            unit_one=self.singulars.get(unit, ""),
        )



# A host name: labels of letters, digits and hyphens joined by dots (a name in another script
# is written as its xn-- form, as in a URL).
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def _site(rec: Record) -> str:
    """A source's ``publisher_site``: a host name (``yna.co.kr``), lower case, without
    ``www.``."""
    site = rec.text("publisher_site").lower().removeprefix("www.")
    if site and not _HOST.fullmatch(site):
        rec.problem(f"publisher_site {excerpt(site)} is not a host name",
                    "write the host of the publisher's own site, such as yna.co.kr, without "
                    "https:// or a path", "publisher_site")
        return ""
    return site
