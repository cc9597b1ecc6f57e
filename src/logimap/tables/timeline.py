"""The time the data spans, as the map's time filter and QGIS's Temporal Controller offer it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logimap.periods import parse_partial_date

if TYPE_CHECKING:
    from logimap.model import Scenario


def time_range(scenario: Scenario, legs: list[Any]) -> dict[str, str] | None:
    """The days the time filter spans (ISO ``first`` and ``last``): from the first leg's
    start to the last end, or the data's date (``as_of``) when later; None when no leg is
    dated."""
    dated = [leg.period for leg in legs if leg.period]
    if not dated:
        return None
    first = min(p.start for p in dated).isoformat()
    ends = [p.end.isoformat() for p in dated if p.end]
    if scenario.as_of:
        ends.append(parse_partial_date(scenario.as_of, last=True).isoformat())
    return {"first": first, "last": max(ends, default=first)}
