"""The evidence model: sources, nodes, networks, flows, legs, claims and layers.

Every record remembers where it was read (``where``) so later checks can point at it.
Coordinates are (lon, lat) in WGS84.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from logimap.periods import Period

if TYPE_CHECKING:
    from logimap.errors import Problem
    from logimap.model.tracks import ObservedTrack


@dataclass(frozen=True)
class Location:
    """A place in a project file: a YAML line or a CSV row (both 1-based)."""

    path: str
    line: int | None = None
    row: int | None = None

    @property
    def where(self) -> str:
        if self.row is not None:
            return f" row {self.row}"
        return f":{self.line}" if self.line is not None else ""

    def __str__(self) -> str:
        return f"{self.path}{self.where}"


@dataclass(frozen=True)
class Source:
    """A document: stored in seeds/ (``text`` set, quotes checkable) or external (URL only).

    ``url`` is the publisher's own address for it (empty when not known), ``copy_url`` the
    copy its text was read from when that is not the publisher's page (a republication, a
    mirror, an archive), ``accessed`` the date it was read, and ``publisher_site`` the host
    of the publisher's own site when its name does not show in it."""

    id: str
    title: str
    publisher: str
    date: str
    url: str
    author: str
    file: str
    text: str | None
    note: str
    where: Location
    copy_url: str = ""
    accessed: str = ""
    publisher_site: str = ""

    @property
    def stored(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class Node:
    """A geocoded place with the precision and basis of its coordinate. ``label`` is the
    short name the map writes beside it (``display_label``: the name when it has none);
    ``sources`` are the ids of the sources its basis or note rests on."""

    id: str
    name: str
    kind: str
    country: str
    lon: float
    lat: float
    precision: str
    basis: str
    note: str
    where: Location
    label: str = ""
    sources: tuple[str, ...] = ()

    @property
    def display_label(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Edge:
    """A link between two nodes of a network (e.g. one stretch of railway)."""

    network: str
    a: str
    b: str
    line: str
    note: str
    where: Location


@dataclass(frozen=True)
class Claim:
    """A reported statement, with its verbatim quote. ``low``/``high`` hold the value or range.

    A claim belongs to a flow (``flow``) or, when ``flow`` is empty, to the scenario as a whole.
    ``legs`` narrows a flow's claim to some of its legs; ``nodes`` ties it to places.
    """

    id: str
    what: str
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    period: Period | None
    source: str
    quote: str
    status: str
    note: str
    note_sources: tuple[str, ...]
    legs: tuple[str, ...]
    nodes: tuple[str, ...]
    flow: str
    where: Location
    unit_one: str = ""  # the unit's singular, when the scenario declares one ("vehicle")

    @property
    def has_value(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class Leg:
    """One mode of transport between two nodes, optionally through ``via`` nodes in order.

    A sea leg's ``via`` may also name passages (``via_passages``: (stretch, passage id), the
    stretch from stop i to stop i + 1, in order); ``avoid`` names the passages it must not go
    through."""

    id: str
    flow: str
    mode: str
    origin: str
    destination: str
    via: tuple[str, ...]
    basis: str
    basis_note: str
    sources: tuple[str, ...]
    period: Period | None
    where: Location
    within: tuple[str, ...] = ()  # ISO alpha-2 codes a rail or road path must stay inside
    path: str = ""  # rail and road: "network" (the default) or "direct"
    track: str = ""  # the track file its line follows (project path), for an observed leg
    avoid: tuple[str, ...] = ()  # passages the route must not go through (ids when known)
    via_passages: tuple[tuple[int, str], ...] = ()  # passages named in via, by stretch

    @property
    def stops(self) -> tuple[str, ...]:
        """Origin, via nodes and destination, in order."""
        return (self.origin, *self.via, self.destination)

    @property
    def route_via(self) -> tuple[str, ...]:
        """``via`` as written: its nodes and passages, in order."""
        found: list[str] = []
        for stretch, node in enumerate((*self.via, None)):
            found += [passage for at, passage in self.via_passages if at == stretch]
            if node is not None:
                found.append(node)
        return tuple(found)


@dataclass(frozen=True)
class Flow:
    """Something that moves from origin to destination over a period, made of legs."""

    id: str
    name: str
    cargo: str
    direction: str
    period: Period | None
    headline: str
    note: str
    legs: tuple[Leg, ...]
    claims: tuple[Claim, ...]
    where: Location


@dataclass(frozen=True)
class Layer:
    """A named selection of legs: each key of ``select`` must match (values are alternatives)."""

    id: str
    title: str
    group: str
    select: dict[str, tuple[str, ...]]
    where: Location

    def matches(self, flow: Flow, leg: Leg) -> bool:
        values = {
            "flow": flow.id,
            "direction": flow.direction,
            "cargo": flow.cargo,
            "mode": leg.mode,
            "basis": leg.basis,
        }
        return all(values[key] in wanted for key, wanted in self.select.items())


OFF_NETWORK_KM = 50.0  # the default of a project's ``off_network_km``


@dataclass(frozen=True)
class Scenario:
    """Everything read from one project folder."""

    root: Path
    title: str
    description: str
    as_of: str
    units: dict[str, str]
    sources: tuple[Source, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    flows: tuple[Flow, ...]
    layers: tuple[Layer, ...]
    scenario_claims: tuple[Claim, ...] = field(default=())
    tracks: dict[str, ObservedTrack] = field(default_factory=dict)  # by leg id
    notes: tuple[Problem, ...] = ()  # what was left out or put right; not problems
    # how far a stop may lie from the water or network its leg follows and still be joined
    # to it by a schematic stretch (``routes/scenario.yaml`` ``off_network_km``)
    off_network_km: float = OFF_NETWORK_KM
    allow: tuple[str, ...] = ()  # restricted passages any sea leg may go through

    @cached_property
    def legs(self) -> tuple[Leg, ...]:
        return tuple(leg for flow in self.flows for leg in flow.legs)

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim: the scenario's own, then each flow's, in file order."""
        return self.scenario_claims + tuple(c for flow in self.flows for c in flow.claims)

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def node_by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def flow_by_id(self) -> dict[str, Flow]:
        return {f.id: f for f in self.flows}

    @cached_property
    def leg_by_id(self) -> dict[str, Leg]:
        return {leg.id: leg for leg in self.legs}

    @cached_property
    def claim_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    def network(self, name: str) -> tuple[Edge, ...]:
        """The edges of one network (``rail``, ...), in file order."""
        return tuple(e for e in self.edges if e.network == name)

    def claims_for_leg(self, leg: Leg) -> tuple[Claim, ...]:
        """The flow's claims that apply to this leg (``legs_of_claim``)."""
        flow = self.flow_by_id[leg.flow]
        return tuple(c for c in flow.claims if leg.id in self.legs_of_claim(c))

    def legs_of_claim(self, claim: Claim) -> tuple[str, ...]:
        """Ids of the legs a claim applies to: those it names; else, for a claim of a flow
        that names no place either, all the flow's legs. A claim naming only places is about
        them, and a claim about the reporting itself applies to no leg."""
        if claim.legs:
            return claim.legs
        if claim.flow and not claim.nodes:
            return tuple(leg.id for leg in self.flow_by_id[claim.flow].legs)
        return ()

    def claims_for_node(self, node_id: str) -> tuple[Claim, ...]:
        """The claims that name this place, in file order."""
        return self._claims_by_node.get(node_id, ())

    @cached_property
    def _claims_by_node(self) -> dict[str, tuple[Claim, ...]]:
        found: dict[str, list[Claim]] = {}
        for claim in self.claims:
            for node_id in dict.fromkeys(claim.nodes):
                found.setdefault(node_id, []).append(claim)
        return {node_id: tuple(claims) for node_id, claims in found.items()}
