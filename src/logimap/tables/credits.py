"""The credit line of a map made for print: who the figures shown come from, the base map,
and OpenStreetMap where a line follows its railways or roads."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from logimap.tables.frames import Tables

NATURAL_EARTH = "Base map: Natural Earth"
OSM = "© OpenStreetMap contributors"
# Modes whose modelled lines follow the bundled OpenStreetMap railways and roads.
OSM_MODES = ("rail", "road")


def credit_line(tables: Tables, flow_ids: Collection[str], legs: Iterable[dict[str, Any]]
                ) -> str:
    """The publishers of the headline figures of ``flow_ids``, "Base map: Natural Earth",
    and "© OpenStreetMap contributors" when one of ``legs`` (rows of the legs table) is a
    modelled rail or road line."""
    claims = dict(zip(tables.claims["id"], tables.claims["source"], strict=True))
    publishers = dict(zip(tables.sources["id"], tables.sources["publisher"], strict=True))
    sources = [claims.get(headline) for flow_id, headline in zip(
        tables.flows["id"], tables.flows["headline_claim"], strict=True) if flow_id in flow_ids]
    names = list(dict.fromkeys(publishers[source] for source in sources if source))
    parts = [f"Figures: {', '.join(names)}"] if names else []
    parts.append(NATURAL_EARTH)
    if any(leg["mode"] in OSM_MODES and leg["basis"] == "modelled" for leg in legs):
        parts.append(OSM)
    return ". ".join(parts)
