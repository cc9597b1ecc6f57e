"""Checks of observed legs against the places they join: a track must start near the leg's
origin and end near its destination, as near as the precision of each node's coordinate
allows (``REACH_KM``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from logimap.errors import Problem
from logimap.read.tracks.times import iso

if TYPE_CHECKING:
    from logimap.model import Leg, Node, Scenario

# How far a track's first or last fix may be from the node it starts or ends at, by the
# precision of the node's coordinate: the coordinate's own uncertainty and a few km of
# harbour, anchorage or airfield.
REACH_KM = {"site": 10.0, "waypoint": 10.0, "town": 20.0, "approximate": 20.0,
            "approximate-low": 40.0}
DEFAULT_REACH_KM = 20.0


def track_problems(scenario: Scenario) -> list[Problem]:
    """A problem for each end of an observed leg's track that is far from its node, located
    at the fix in the track file."""
    from logimap.read.tracks.observe import distances_km

    problems = []
    nodes = scenario.node_by_id
    for leg in scenario.legs:
        observed = scenario.tracks.get(leg.id)
        if observed is None or leg.origin not in nodes or leg.destination not in nodes:
            continue
        drawn, fixes = observed.drawn, observed.fixes
        for end, index, node in (("starts", int(drawn[0]), nodes[leg.origin]),
                                 ("ends", int(drawn[-1]), nodes[leg.destination])):
            reach = REACH_KM.get(node.precision, DEFAULT_REACH_KM)
            distance = float(distances_km(fixes.lons[index], fixes.lats[index], node.lon,
                                          node.lat))
            if distance > reach:
                problems.append(_far(leg, node, end, fixes.path, fixes.where(index),
                                     iso(int(fixes.times[index])), distance, reach))
    return problems


def _far(leg: Leg, node: Node, end: str, path: str, where: str, time: str, distance: float,
         reach: float) -> Problem:
    which = "first" if end == "starts" else "last"
    return Problem(
        path, where,
        f"leg {leg.id!r} {end} at {node.id!r}, but its track's {which} fix ({time}) is "
        f"{distance:,.1f} km from it (a node of precision {node.precision!r}: at most "
        f"{reach:g} km)",
        f"check the node's coordinate and the leg's period ({leg.where}); if the track "
        f"really {end} elsewhere, {end[:-1]} the leg at a node there")
