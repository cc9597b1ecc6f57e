"""Layers as the map and the exports offer them: which legs each layer holds, and the legs in
no layer as one more."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logimap.errors import UsageError
from logimap.tables.schema import OTHER_LEGS

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables.frames import Tables


def legs_in_layer(tables: Tables, layer_id: str) -> list[str]:
    """Ids of the legs in one layer, in table order (none for a layer that selects none or
    that the scenario does not have: check names against ``scenario.layers`` first)."""
    return list(tables.legs_by_layer.get(layer_id, []))


def map_layers(scenario: Scenario, tables: Tables) -> list[dict[str, Any]]:
    """The layers a map offers, as its layer control lists them: the scenario's layers
    (``id``, ``title``, ``group``, ``leg_ids``), then the legs in no layer as one more,
    "Other legs" in group "Other", when there are any."""
    specs = [{"id": layer.id, "title": layer.title, "group": layer.group,
              "leg_ids": legs_in_layer(tables, layer.id)} for layer in scenario.layers]
    covered = {leg_id for spec in specs for leg_id in spec["leg_ids"]}
    rest = [leg.id for leg in scenario.legs if leg.id not in covered]
    if rest:
        specs.append({"id": OTHER_LEGS, "title": "Other legs", "group": "Other",
                      "leg_ids": rest})
    return specs


def check_layers(scenario: Scenario, layers: str | list[str] | tuple[str, ...] | None
                 ) -> list[str]:
    """The layer ids chosen (all of the scenario's when none is named), each once in the
    order given; a usage error naming the known layers when one is unknown."""
    known = [layer.id for layer in scenario.layers]
    if not layers:
        return known
    chosen = [layers] if isinstance(layers, str) else list(layers)
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise UsageError(f"unknown layer {unknown[0]!r}; the layers are: {', '.join(known)}")
    return list(dict.fromkeys(chosen))


def page_titles(scenario: Scenario, layers: list[dict[str, Any]]) -> dict[str, str]:
    """The title and subtitle of a page or image showing ``layers`` (map layer specs): one
    layer's title over the scenario's, else the scenario's title alone."""
    if len(layers) == 1:
        return {"title": layers[0]["title"], "subtitle": scenario.title}
    return {"title": scenario.title, "subtitle": ""}
