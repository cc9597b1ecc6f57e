"""Cross-checks on a loaded scenario: references, quotes, networks, countries, layers.

``check`` returns every problem at once, each located in the file and line that needs fixing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise

from logimap.bundled.countries import iso_codes
from logimap.check.quotes import SourceText
from logimap.errors import Problem
from logimap.messages import excerpt
from logimap.model import Claim, Flow, Leg, Location, Scenario
from logimap.read.fields import did_you_mean
from logimap.vocabulary import MODES, NETWORK_MODES

DEFINED_IN = {"node": "geodata/nodes.csv", "source": "seeds/sources.yaml",
              "unit": "the units in routes/scenario.yaml"}


@dataclass(frozen=True)
class Summary:
    """What a scenario holds, as printed by ``logimap validate``."""

    sources: int
    stored_sources: int
    nodes: int
    edges: int
    flows: int
    legs: int
    claims: int
    quotes_verified: int
    quotes_external: int
    layers: int

    def __str__(self) -> str:
        return (
            f"{self.sources} sources ({self.stored_sources} stored), {self.nodes} nodes, "
            f"{self.edges} network edges, {self.flows} flows, {self.legs} legs, "
            f"{self.claims} claims, {self.layers} layers; quotes verified: "
            f"{self.quotes_verified} of {self.quotes_verified + self.quotes_external} "
            f"({self.quotes_external} from external sources, not stored)"
        )


def summarise(scenario: Scenario) -> Summary:
    """Count what the scenario holds (call on a scenario that passed ``check``)."""
    stored = {s.id for s in scenario.sources if s.stored}
    verified = sum(1 for c in scenario.claims if c.source in stored)
    return Summary(
        sources=len(scenario.sources), stored_sources=len(stored), nodes=len(scenario.nodes),
        edges=len(scenario.edges), flows=len(scenario.flows), legs=len(scenario.legs),
        claims=len(scenario.claims), quotes_verified=verified,
        quotes_external=len(scenario.claims) - verified, layers=len(scenario.layers),
    )


def check(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem in ``scenario``."""
    found = _Checker(scenario)
    found.duplicates()
    found.nodes()
    found.networks()
    for flow in scenario.flows:
        found.flow(flow)
    for claim in scenario.claims:
        found.claim(claim)
    found.layers()
    if scenario.tracks:
        from logimap.check.tracks import track_problems

        found.problems += track_problems(scenario)
    return found.problems


class _Checker:
    def __init__(self, scenario: Scenario):
        self.s = scenario
        self.problems: list[Problem] = []
        self.texts: dict[str, SourceText] = {}  # each stored source normalised once

    def add(self, where: Location, message: str, hint: str) -> None:
        self.problems.append(Problem(where.path, where.where, message, hint))

    def known(self, where: Location, what: str, ident: str, ids: Collection[str]) -> bool:
        """True when ``ident`` is among ``ids`` (a dict or set); else record the problem."""
        if ident in ids:
            return True
        hint = did_you_mean(ident, ids) if ids else f"no {what}s were read: fix {DEFINED_IN[what]}"
        self.add(where, f"unknown {what} {excerpt(ident)}", hint)
        return False

    def duplicates(self) -> None:
        s = self.s
        groups = {"source": s.sources, "node": s.nodes, "flow": s.flows, "leg": s.legs,
                  "claim": s.claims, "layer": s.layers}
        for what, records in groups.items():
            first: dict[str, Location] = {}
            for record in records:
                if record.id in first:
                    self.add(record.where, f"duplicate {what} id {record.id!r}",
                             f"first defined at {first[record.id]}; give each {what} its own id")
                elif record.id:
                    first[record.id] = record.where
        if not s.units:
            self.add(Location("routes/scenario.yaml"), "no units are declared",
                     "list the units your claims count under 'units:'")

    def nodes(self) -> None:
        """Each node's country codes and the sources it cites."""
        codes = iso_codes()
        for node in self.s.nodes:
            for code in filter(None, node.country.split("/")):
                if code not in codes:
                    self.add(node.where, f"unknown country code {excerpt(code)}",
                             _country_hint(code, codes))
            for source in node.sources:
                self.known(node.where, "source", source, self.s.source_by_id)

    def networks(self) -> None:
        seen: dict[tuple[str, frozenset[str]], Location] = {}
        for edge in self.s.edges:
            ok = all(self.known(edge.where, "node", n, self.s.node_by_id) for n in (edge.a, edge.b))
            if ok and edge.a == edge.b:
                self.add(edge.where, f"edge joins {edge.a!r} to itself", "remove the row")
            key = (edge.network, frozenset((edge.a, edge.b)))
            if key in seen:
                self.add(edge.where, f"edge {edge.a!r}-{edge.b!r} is listed twice",
                         f"first at {seen[key]}; remove one row")
            seen.setdefault(key, edge.where)

    def flow(self, flow: Flow) -> None:
        if not flow.legs:
            self.add(flow.where, f"flow {flow.id!r} has no legs",
                     "add at least one leg under 'legs:'")
        if flow.headline:
            claim = next((c for c in flow.claims if c.id == flow.headline), None)
            if claim is None:
                self.add(flow.where, f"headline {excerpt(flow.headline)} is not a claim of "
                         "this flow", did_you_mean(flow.headline, [c.id for c in flow.claims]))
            elif not claim.has_value:
                self.add(flow.where, f"headline claim {claim.id!r} has no value",
                         "name a claim with a value and a unit")
        for leg in flow.legs:
            self.leg(leg)

    def leg(self, leg: Leg) -> None:
        stops = leg.stops
        self.passages(leg)
        if not all(self.stop_known(leg, n) for n in stops if n):
            return
        if leg.origin and leg.origin == leg.destination and not leg.via:
            self.add(leg.where, f"leg {leg.id!r} goes from {leg.origin!r} to itself",
                     "a leg joins two different places")
        for a, b in pairwise(stops):
            if a == b:
                self.add(leg.where, f"leg {leg.id!r} stops at {a!r} twice in a row",
                         "remove the repeated node from 'via'")
        for source in leg.sources:
            self.known(leg.where, "source", source, self.s.source_by_id)
        if leg.mode in NETWORK_MODES:
            self.within(leg)
        elif leg.mode in MODES and (leg.within or leg.path):  # an unknown mode is a problem
            field = "within" if leg.within else "path"
            self.add(leg.where, f"{leg.mode} leg {leg.id!r} has {field!r}, which only rail "
                     "and road legs take", f"remove {field!r} from the leg")

    def stop_known(self, leg: Leg, ident: str) -> bool:
        """``known`` for a stop; an unknown name in a sea leg's ``via`` may also be meant as
        a passage, so the hint names the nearest passages too."""
        if ident in self.s.node_by_id or ident not in leg.via or leg.mode != "sea":
            return self.known(leg.where, "node", ident, self.s.node_by_id)
        from logimap.bundled.passages import nearest

        nodes = did_you_mean(ident, self.s.node_by_id) if self.s.node_by_id else ""
        self.add(leg.where, f"unknown node or passage {ident!r} in 'via' of leg {leg.id!r}",
                 "; ".join(filter(None, (nodes, nearest(ident).replace("did you mean",
                                                                       "or the passage")))))
        return False

    def passages(self, leg: Leg) -> None:
        """Passages in ``via`` and ``avoid`` steer only routed sea legs, and never both ways."""
        named = [p for _, p in leg.via_passages]
        if not named and not leg.avoid:
            return
        field = "avoid" if leg.avoid else "via"
        if leg.mode != "sea":
            what = (f"names passage {named[0]!r} in 'via'" if named
                    else "has 'avoid'")
            self.add(leg.where, f"{leg.mode} leg {leg.id!r} {what}: passages steer only sea legs",
                     f"remove it from {field!r}" + (", or name a node" if named else ""))
        elif leg.track and leg.avoid:
            self.add(leg.where, f"leg {leg.id!r} is drawn from its track and has 'avoid': its "
                     "line is the track, not a route", "remove 'avoid'")
        for passage in dict.fromkeys(named):
            if passage in leg.avoid:
                self.add(leg.where, f"leg {leg.id!r} names passage {passage!r} in both 'via' "
                         "and 'avoid'", "keep it in one of them")

    def within(self, leg: Leg) -> None:
        codes = iso_codes()
        unknown = [code for code in leg.within if code not in codes]
        for code in unknown:
            self.add(leg.where, f"leg {leg.id!r}: unknown country code {excerpt(code)} in "
                     "'within'", _country_hint(code, codes))
        if unknown or not leg.within:
            return
        if leg.path == "direct":
            self.add(leg.where, f"leg {leg.id!r} has 'within' and 'path: direct'",
                     "a direct line is not routed: remove 'within', or 'path: direct'")
        for stop in dict.fromkeys(leg.stops):
            node = self.s.node_by_id.get(stop)
            countries = [c for c in node.country.split("/") if c] if node else []
            if countries and not set(countries) & set(leg.within):
                self.add(leg.where, f"leg {leg.id!r} stops at {stop!r} in "
                         f"{'/'.join(countries)}, outside 'within' ({', '.join(leg.within)})",
                         f"add {countries[0]!r} to 'within', or change the stop")

    def claim(self, claim: Claim) -> None:
        s = self.s
        source = s.source_by_id.get(claim.source)
        if claim.source and source is None:
            self.known(claim.where, "source", claim.source, s.source_by_id)
        elif source is not None and source.text is not None and claim.quote:
            differs = self.text_of(source.id, source.text).difference(claim.quote)
            if differs is not None:
                self.add(claim.where, f"quote of claim {claim.id!r} not found in "
                         f"seeds/{source.file}: {differs.message}", differs.hint)
        for ident in claim.note_sources:
            self.known(claim.where, "source", ident, s.source_by_id)
        if claim.unit and s.units:
            self.known(claim.where, "unit", claim.unit, s.units)
        for node in claim.nodes:
            self.known(claim.where, "node", node, s.node_by_id)
        if claim.legs:
            flow = s.flow_by_id.get(claim.flow)
            own = [leg.id for leg in flow.legs] if flow else []
            for leg in claim.legs:
                if leg not in own:
                    self.add(claim.where, f"claim {claim.id!r} names leg {leg!r}, "
                             "which is not a leg of its flow", did_you_mean(leg, own or ["-"]))

    def text_of(self, source_id: str, text: str) -> SourceText:
        """The stored text of a source, normalised the first time it is asked for."""
        if source_id not in self.texts:
            self.texts[source_id] = SourceText(text)
        return self.texts[source_id]

    def layers(self) -> None:
        for layer in self.s.layers:
            if layer.select and not any(
                layer.matches(flow, leg) for flow in self.s.flows for leg in flow.legs
            ):
                self.add(layer.where, f"layer {layer.id!r} selects no legs",
                         "check the values under 'select' against your flows and legs")


def _country_hint(code: str, codes: Collection[str]) -> str:
    if code.upper() in codes:
        return f"write it in capitals: {code.upper()!r}"
    return "use an ISO 3166-1 alpha-2 code, such as RU or KP; join a border's two with '/'"
