"""What one image shows, taken from the tables: the legs of the whole scenario or of one
layer (optionally only some flows), their flows with colour and headline figure, the places
they reach, the title, the period, and the credit line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from logimap.tables import map_layers, page_titles, style
from logimap.tables.credits import credit_line, follows_osm

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables


@dataclass(frozen=True)
class View:
    """One image's content. ``name`` is its file name without the extension."""

    name: str
    title: str
    subtitle: str
    dates: str
    legs: list[dict[str, Any]]
    flows: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    credit: str
    note: str

    def texts(self) -> list[str]:
        """Every text the image may write."""
        return [self.title, self.subtitle, self.dates, self.credit, self.note,
                *(flow["name"] for flow in self.flows),
                *(flow["headline"] for flow in self.flows),
                *(node["label"] or node["name"] for node in self.nodes)]


@dataclass(frozen=True)
class _Rows:
    """The tables' rows every view picks from, read once."""

    legs: dict[str, dict[str, Any]]
    flows: list[dict[str, Any]]
    nodes: list[dict[str, Any]]


def _rows(tables: Tables) -> _Rows:
    legs = {row["id"]: {**row, "line": tables.leg_lines[row["id"]], "stretches": []}
            for row in tables.records("legs")}
    for row, line in zip(tables.records("stretches"), tables.stretch_lines, strict=True):
        legs[row["leg_id"]]["stretches"].append(line)
    return _Rows(legs, tables.records("flows"), tables.records("nodes"))


def views(scenario: Scenario, tables: Tables, layers: Sequence[str] | None = None,
          flows: Sequence[str] | None = None) -> list[View]:
    """The image of every layer (or of those named) and, unless layers are named, the
    whole scenario's (``index``); with ``flows``, only their legs."""
    rows = _rows(tables)
    specs = map_layers(scenario, tables)[:len(scenario.layers)]
    chosen = [spec for spec in specs if layers is None or spec["id"] in layers]
    made = [] if layers else [_view(scenario, tables, rows, "index", [], list(rows.legs),
                                    flows)]
    made += [_view(scenario, tables, rows, spec["id"], [spec], spec["leg_ids"], flows)
             for spec in chosen]
    return [view for view in made if view.legs]


def _view(scenario: Scenario, tables: Tables, rows: _Rows, name: str,
          specs: list[dict[str, Any]],
          leg_ids: Sequence[str], flow_ids: Sequence[str] | None) -> View:
    legs = [rows.legs[leg_id] for leg_id in leg_ids
            if flow_ids is None or rows.legs[leg_id]["flow"] in flow_ids]
    headline = {leg["flow"]: leg["headline"] or "" for leg in legs}
    flows = [{**row, "headline": headline[row["id"]]} for row in rows.flows
             if row["id"] in headline]
    stops = {stop for leg in legs
             for stop in (leg["from_node"], leg["to_node"], *(leg["via"] or "").split(";"))}
    nodes = [row for row in rows.nodes
             if row["id"] in stops and row["kind"] != style.UNLABELLED
             and row["precision"] != style.UNLABELLED]
    titles = page_titles(scenario, specs)
    return View(name, titles["title"], titles["subtitle"], _dates(scenario, legs), legs,
                flows, nodes, credit_line(tables, headline, any(
                    follows_osm(scenario.leg_by_id[leg["id"]]) for leg in legs)),
                style.shade_note(len(scenario.flows)))


def _dates(scenario: Scenario, legs: list[dict[str, Any]]) -> str:
    """The period the legs shown cover, and the date the data is as of."""
    starts = [leg["period_start"] for leg in legs if leg["period_start"]]
    ends = [leg["period_end"] for leg in legs if leg["period_end"]]
    parts = [f"{min(starts)} to {max(ends)}"] if starts and ends else []
    if scenario.as_of:
        parts.append(f"data as of {scenario.as_of}" if parts else f"Data as of {scenario.as_of}")
    return "; ".join(parts)
