"""The credit line of a map made for print: who the figures shown come from, the base map,
and OpenStreetMap where a line follows its railways or roads."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from logimap.vocabulary import NETWORK_MODES

if TYPE_CHECKING:
    from logimap.model import Leg
    from logimap.tables.frames import Tables

NATURAL_EARTH = "Base map: Natural Earth"
OSM = "© OpenStreetMap contributors"


def follows_osm(leg: Leg) -> bool:
    """True when ``leg`` is routed over the bundled OpenStreetMap railways or roads (a rail
    or road leg not drawn straight), whose licence, the ODbL, asks for a credit."""
    return leg.mode in NETWORK_MODES and leg.path != "direct"


def credit_line(tables: Tables, flow_ids: Collection[str], osm: bool) -> str:
    """The publishers of the headline figures of ``flow_ids``, "Base map: Natural Earth",
    and with ``osm`` (a line shown ``follows_osm``) "© OpenStreetMap contributors"."""
    claims = dict(zip(tables.claims["id"], tables.claims["source"], strict=True))
    publishers = dict(zip(tables.sources["id"], tables.sources["publisher"], strict=True))
    sources = [claims.get(headline) for flow_id, headline in zip(
        tables.flows["id"], tables.flows["headline_claim"], strict=True) if flow_id in flow_ids]
    names = list(dict.fromkeys(publishers[source] for source in sources if source))
    parts = [f"Figures: {', '.join(names)}"] if names else []
    parts.append(NATURAL_EARTH)
    if osm:
        parts.append(OSM)
    return ". ".join(parts)
