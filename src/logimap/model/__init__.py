"""The evidence model: sources, nodes, networks, flows, legs, claims and layers
(``scenario``), and the observed tracks some legs follow (``tracks``)."""

from logimap.model.scenario import (
    OFF_NETWORK_KM,
    Claim,
    Edge,
    Flow,
    Layer,
    Leg,
    Location,
    Node,
    Scenario,
    Source,
)
from logimap.model.tracks import DRAWN, JUMP, OUTSIDE, STATUS_NAMES, Fixes, Gap, Jump, ObservedTrack

__all__ = ["DRAWN", "JUMP", "OFF_NETWORK_KM", "OUTSIDE", "STATUS_NAMES", "Claim", "Edge", "Fixes",
           "Flow", "Gap", "Jump", "Layer", "Leg", "Location", "Node", "ObservedTrack", "Scenario",
           "Source"]
