"""The scenario as tables: the one seam shared by the map and every export.

``make_tables`` turns the model and the legs' geometry into frames with the columns of
``logimap.tables.schema``. Rows keep file order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from logimap import wording
from logimap.errors import GeometryError
from logimap.model import Claim, Leg, Scenario
from logimap.tables import style
from logimap.tables.schema import ISOLATE, LINKS, SCHEMA

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from logimap.route.geometry import LegGeometry


@dataclass(frozen=True)
class Tables:
    """The tables of a scenario: seven of things, five of links (``LINKS``), and the passages
    and borders of each leg (``leg_passages``)."""

    nodes: gpd.GeoDataFrame
    legs: gpd.GeoDataFrame
    stretches: gpd.GeoDataFrame
    flows: pd.DataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    layers: pd.DataFrame
    claim_legs: pd.DataFrame
    claim_nodes: pd.DataFrame
    leg_sources: pd.DataFrame
    leg_layers: pd.DataFrame
    node_sources: pd.DataFrame
    leg_passages: pd.DataFrame
    _records: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False,
                                                      compare=False)
    # The observed legs' fixes and dark periods (logimap.tables.tracks), None without any.
    tracks: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def legs_by_layer(self) -> dict[str, list[str]]:
        """The ids of the legs in each layer that selects some, in table order. Made once."""
        by_layer: dict[str, list[str]] = {}
        for leg_id, layer_id in zip(self.leg_layers["leg_id"].tolist(),
                                    self.leg_layers["layer_id"].tolist(), strict=True):
            by_layer.setdefault(layer_id, []).append(leg_id)
        return by_layer

    @cached_property
    def leg_lines(self) -> dict[str, list[tuple[float, float]]]:
        """Each leg's (lon, lat) points by leg id, unwrapped as drawn. Made once."""
        return _lines(self.legs)

    @cached_property
    def stretch_lines(self) -> list[list[tuple[float, float]]]:
        """Each schematic stretch's (lon, lat) points, in table order. Made once."""
        return list(_lines(self.stretches).values())

    def records(self, name: str) -> list[dict[str, Any]]:
        """The rows of one table (``"legs"``, ...) as dicts of plain Python values, without
        the geometry: NaN and missing values are None. Made once; treat as read-only."""
        if name not in self._records:
            frame = getattr(self, name)
            columns = [c for c in frame.columns if c != "geometry"]
            cells = [_plain_column(frame[column]) for column in columns]
            self._records[name] = [dict(zip(columns, row, strict=True))
                                   for row in zip(*cells, strict=True)]
        return self._records[name]


def _lines(frame: gpd.GeoDataFrame) -> dict[str, list[tuple[float, float]]]:
    """The (lon, lat) points of each line of ``frame``, by its id."""
    import numpy as np
    import shapely

    coords, owner = shapely.get_coordinates(frame.geometry.values, return_index=True)
    starts = np.searchsorted(owner, np.arange(len(frame) + 1))
    points = list(map(tuple, coords.tolist()))
    return {key: points[starts[i]:starts[i + 1]] for i, key in enumerate(frame["id"].tolist())}


def _plain_column(column: Any) -> list[Any]:
    """A table column as plain values (see ``_plain``), converted by the column at once
    where its type allows."""
    values = column.tolist()  # numpy numbers become Python numbers
    if column.dtype.kind == "f":
        return [None if math.isnan(value) else value for value in values]
    if column.dtype.kind == "O":
        return [_plain(value) for value in values]
    return values


def _plain(value: Any) -> Any:
    """A table cell as a plain value: numpy numbers as Python numbers, NaN as None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _row(**values: Any) -> dict[str, Any]:
    """A table row: an empty text or an empty list of ids is a missing value (None)."""
    return {key: None if value == "" else value for key, value in values.items()}


def _join(values: Any) -> str:
    return ";".join(values)


def _period(period: Any) -> tuple[str, str]:
    return period.iso() if period else ("", "")


def _headline(scenario: Scenario, flow_id: str) -> Claim | None:
    claim = scenario.claim_by_id.get(scenario.flow_by_id[flow_id].headline)
    return claim if claim is not None and claim.has_value else None


def layers_of_legs(scenario: Scenario) -> dict[str, list[str]]:
    """Layer ids per leg id, in the order the scenario lists its layers."""
    found: dict[str, list[str]] = {leg.id: [] for leg in scenario.legs}
    for layer in scenario.layers:
        for flow in scenario.flows:
            for leg in flow.legs:
                if layer.matches(flow, leg):
                    found[leg.id].append(layer.id)
    return found


def make_tables(scenario: Scenario, geometries: dict[str, LegGeometry]) -> Tables:
    """The tables of ``scenario`` whose legs were drawn as ``geometries`` (by leg id, from
    ``logimap.route``)."""
    import geopandas as gpd
    import pandas as pd
    from shapely import LineString, Point

    from logimap.geo.geodesy import length_km

    missing = [leg for leg in scenario.legs if leg.id not in geometries]
    if missing:
        raise GeometryError(f"{missing[0].where}: leg {missing[0].id!r} has no geometry; "
                            "pass the result of logimap.route.build_geometries(scenario)")
    from logimap.route.geometry import great_circle_km

    layers = layers_of_legs(scenario)
    nodes = gpd.GeoDataFrame(
        [_row(id=n.id, name=n.name, label=n.display_label, kind=n.kind, country=n.country,
              lon=n.lon, lat=n.lat, precision=n.precision, basis=n.basis, note=n.note,
              source_ids=_join(n.sources),
              claim_ids=_join(c.id for c in scenario.claims_for_node(n.id)),
              geometry=Point(n.lon, n.lat)) for n in scenario.nodes],
        columns=list(SCHEMA["nodes"]), geometry="geometry", crs="EPSG:4326")
    leg_rows = []
    for flow in scenario.flows:
        headline = _headline(scenario, flow.id)
        for leg in flow.legs:
            start, end = _period(leg.period)
            leg_rows.append(_row(
                id=leg.id, flow=flow.id, direction=flow.direction, cargo=flow.cargo,
                mode=leg.mode, from_node=leg.origin, to_node=leg.destination,
                via=_join(leg.route_via), basis=leg.basis, basis_note=leg.basis_note,
                period_start=start, period_end=end,
                length_km=round(geometries[leg.id].length_km, 1),
                great_circle_km=round(great_circle_km(scenario, leg), 1),
                passages="; ".join(p.label for p in geometries[leg.id].passages),
                headline=wording.quantity(headline) if headline else "",
                headline_value=_middle(headline) if headline else None,
                headline_unit=headline.unit if headline else "",
                claim_ids=_join(c.id for c in scenario.claims_for_leg(leg)),
                source_ids=_join(leg.sources), source_notes=_source_notes(scenario, leg),
                layer_ids=_join(layers[leg.id]),
                geometry=LineString(geometries[leg.id].carried_line()),
            ))
    legs = gpd.GeoDataFrame(leg_rows, columns=list(SCHEMA["legs"]), geometry="geometry",
                            crs="EPSG:4326")
    stretches = gpd.GeoDataFrame(
        [_row(id=f"{leg.id}/{stretch.kind}/{number}", leg_id=leg.id, kind=stretch.kind,
              node_id=leg.stops[stretch.stop],
              length_km=round(length_km(drawn.stretch_coords(stretch)), 2),
              geometry=LineString(drawn.stretch_coords(stretch)))
         for leg in scenario.legs for drawn in [geometries[leg.id]]
         for number, stretch in enumerate(sorted(drawn.stretches, key=lambda s: s.first), 1)],
        columns=list(SCHEMA["stretches"]), geometry="geometry", crs="EPSG:4326")
    colours = style.flow_colours([f.id for f in scenario.flows])
    widths = style.flow_widths(scenario)
    flows = pd.DataFrame(
        [_row(id=f.id, name=f.name, cargo=f.cargo, direction=f.direction,
              period_start=_period(f.period)[0], period_end=_period(f.period)[1],
              headline_claim=f.headline, note=f.note,
              leg_ids=_join(leg.id for leg in f.legs), claim_ids=_join(c.id for c in f.claims),
              colour=colours[f.id], width=widths.get(f.id, style.DEFAULT_WIDTH),
              opacity=style.FADED_OPACITY if style.faded(scenario, f) else style.LINE_OPACITY)
         for f in scenario.flows], columns=list(SCHEMA["flows"]))
    claims = pd.DataFrame([_claim_row(scenario, c) for c in scenario.claims],
                          columns=list(SCHEMA["claims"]))
    sources = pd.DataFrame(
        [_row(id=s.id, publisher=s.publisher, author=s.author, title=s.title, date=s.date,
              url=s.url, copy_url=s.copy_url, accessed=s.accessed, stored=s.stored,
              note=s.note) for s in scenario.sources],
        columns=list(SCHEMA["sources"]))
    layer_table = pd.DataFrame(
        [_row(id=layer.id, title=layer.title, group=layer.group,
              select="; ".join(f"{key}: {' or '.join(values)}"
                               for key, values in layer.select.items()))
         for layer in scenario.layers], columns=list(SCHEMA["layers"]))
    frames = {"nodes": nodes, "legs": legs, "stretches": stretches, "flows": flows,
              "claims": claims,
              "sources": sources, "layers": layer_table}
    links = {name: _link_table(name, frames[table]["id"], frames[table][column])
             for name, (_, (table, column)) in LINKS.items()}
    passages = pd.DataFrame(
        [_row(leg_id=leg.id, seq=seq, kind=p.kind, passage_id=p.id, name=p.label,
              restricted=p.restricted, from_country=p.countries[0] if p.countries else "",
              to_country=p.countries[-1] if p.countries else "", crossing=p.crossing,
              crossing_code=p.code, crossing_km=p.crossing_km, lon=round(p.lon, 5) + 0.0,
              lat=round(p.lat, 5) + 0.0)
         for leg in scenario.legs
         for seq, p in enumerate(geometries[leg.id].passages, start=1)],
        columns=list(SCHEMA["leg_passages"]), dtype=object)
    tracks = None
    if scenario.tracks:
        from logimap.tables.tracks import track_tables

        tracks = track_tables(scenario)
    return Tables(**frames, **links, leg_passages=passages, tracks=tracks)


def _link_table(name: str, ids: pd.Series, lists: pd.Series) -> pd.DataFrame:
    """One row per distinct (id, listed id) pair of a table's ';'-joined column."""
    import pandas as pd

    pairs = dict.fromkeys((owner, listed) for owner, joined in zip(ids, lists, strict=True)
                          if isinstance(joined, str) for listed in joined.split(";"))
    return pd.DataFrame(list(pairs), columns=list(SCHEMA[name]), dtype=object)


def _source_notes(scenario: Scenario, leg: Leg) -> str:
    """'source id: note' for each source the leg cites that has a note, one per line."""
    cited = dict.fromkeys([*leg.sources, *(s for c in scenario.claims_for_leg(leg)
                                           for s in (c.source, *c.note_sources))])
    notes = {source_id: source.note for source_id in cited
             if (source := scenario.source_by_id.get(source_id)) and source.note}
    return "\n".join(f"{source_id}: {ISOLATE.format(note)}" for source_id, note in notes.items())


def _middle(claim: Claim) -> float:
    """The value of a claim, or the middle of its range."""
    high = claim.high if claim.high is not None else claim.low
    return (claim.low + high) / 2


def _claim_row(scenario: Scenario, claim: Claim) -> dict[str, Any]:
    start, end = _period(claim.period)
    return _row(
        id=claim.id, flow=claim.flow, what=claim.what, value_low=claim.low,
        value_high=claim.high, unit=claim.unit, qualifier=claim.qualifier,
        quantity=wording.quantity(claim), period_start=start, period_end=end,
        status=claim.status, note=claim.note, note_source_ids=_join(claim.note_sources),
        quote=claim.quote, source=claim.source, leg_ids=_join(scenario.legs_of_claim(claim)),
        node_ids=_join(claim.nodes),
    )
