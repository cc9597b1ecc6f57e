"""Warnings about what a leg's line draws as schematic, or where it leaves a stop, each
saying what to change (``schematic_warnings``):

* a port or site farther from the water its sea legs use than its precision allows (their
  approach is longer than ``sea.PORT_REACH_KM``);
* a rail or road stop off the network (farther than its join radius, within the project's
  ``off_network_km``): joined by a straight ``off_network`` stretch;
* a waypoint off the water, moved onto it (more than ``sea.QUIET_MOVE_KM``): the lines pass
  the nearest water instead.

Each is located at the node's row, once for all the legs it concerns, and names them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from logimap.errors import Problem
from logimap.route.geometry import APPROACH, OFF_NETWORK

if TYPE_CHECKING:
    from logimap.model import Leg, Node, Scenario
    from logimap.route.geometry import LegGeometry

Point = tuple[float, float]
Found = tuple["Node", "Leg", float, Point]  # the node, a leg, how far, the point it meets


def schematic_warnings(scenario: Scenario, geometries: dict[str, LegGeometry]
                       ) -> list[Problem]:
    """The warnings (see the module's docstring), in the order of the nodes' rows."""
    from logimap.geo.geodesy import distance_km, length_km
    from logimap.route.sea import QUIET_MOVE_KM, port_reach_km

    kinds: dict[str, dict[str, list[Found]]] = {APPROACH: {}, OFF_NETWORK: {}, "moved": {}}
    for leg in scenario.legs:
        drawn = geometries.get(leg.id)
        if drawn is None or leg.track:
            continue
        for stretch in drawn.stretches:
            node = scenario.node_by_id[leg.stops[stretch.stop]]
            line = drawn.stretch_coords(stretch)
            far = line[-1] if _at(line[0], node) else line[0]  # where it meets the network
            km = length_km(line)
            if stretch.kind == OFF_NETWORK or km > port_reach_km(node.kind, node.precision):
                kinds[stretch.kind].setdefault(node.id, []).append((node, leg, km, far))
        for moved in drawn.moved:
            node = scenario.node_by_id[leg.stops[moved.stop]]
            point = drawn.coords[moved.at]
            km = distance_km((node.lon, node.lat), point)
            if km > QUIET_MOVE_KM:
                kinds["moved"].setdefault(node.id, []).append((node, leg, km, point))
    found = [problem for kind, write in ((APPROACH, _approach), (OFF_NETWORK, _off_network),
                                         ("moved", _moved))
             for problem in _each_node(kinds[kind], write)]
    return sorted(found, key=lambda p: (p.path, int(p.where.split()[-1]) if p.where else 0))


def _at(point: Point, node: Node) -> bool:
    turns = (point[0] - node.lon) / 360.0
    return point[1] == node.lat and abs(turns - round(turns)) * 360.0 < 1e-9


def _each_node(found: dict[str, list[Found]], write: Callable[[list[Found]], tuple[str, str]]
               ) -> list[Problem]:
    problems = []
    for items in found.values():
        node = items[0][0]
        message, hint = write(items)
        problems.append(Problem(node.where.path, node.where.where, message, hint))
    return problems


def _legs(items: list[Found], one: str, more: str) -> str:
    """The legs of ``items`` as the subject of a verb: ``one`` for one leg, else ``more``."""
    legs = list(dict.fromkeys(leg.id for _, leg, _, _ in items))
    mode = items[0][1].mode
    names = ", ".join(repr(leg) for leg in legs)
    return f"{mode} leg {names} {one}" if len(legs) == 1 else f"{mode} legs {names} {more}"


def _nearest(items: list[Found]) -> tuple[float, Point]:
    _, _, km, point = min(items, key=lambda item: item[2])
    return km, _wrapped(point)


def _wrapped(point: Point) -> Point:
    return ((point[0] + 180.0) % 360.0 - 180.0, point[1])


def _approach(items: list[Found]) -> tuple[str, str]:
    from logimap.route.sea import port_reach_km

    node = items[0][0]
    km, (lon, lat) = _nearest(items)
    allowed = port_reach_km(node.kind, node.precision)
    return (f"node {node.id!r} lies {km:.1f} km from the water (Natural Earth 1:10m sea and "
            f"waterways), more than the {allowed:g} km its precision {node.precision!r} allows: "
            f"{_legs(items, 'joins', 'join')} it by a straight approach, drawn as schematic",
            f"check its coordinate (the water is nearest at {lat:.4f}, {lon:.4f} lat, lon), or "
            "add the waterway that reaches it to geodata/networks/waterway.csv")


def _off_network(items: list[Found]) -> tuple[str, str]:
    from logimap.route.graph import NOUNS, join_km
    from logimap.route.network import off_network_fixes

    node, leg = items[0][0], items[0][1]
    km, (lon, lat) = _nearest(items)
    joining = _legs(items, "joins", "join")
    return (f"node {node.id!r} is {km:.1f} km from any {NOUNS[leg.mode]} (a node of precision "
            f"{node.precision!r} joins one within {join_km(node):g} km): {joining} it by a "
            f"straight line to the nearest, at {lat:.3f}, {lon:.3f} (lat, lon), drawn as "
            "schematic ('off network')",
            off_network_fixes(leg.mode, (node.lon, node.lat)))


def _moved(items: list[Found]) -> tuple[str, str]:
    node = items[0][0]
    km, (lon, lat) = _nearest(items)
    return (f"waypoint {node.id!r} (lat {node.lat:g}, lon {node.lon:g}) lies off the water "
            f"(Natural Earth 1:10m): {_legs(items, 'passes', 'pass')} the nearest water instead, "
            f"{km:.1f} km away at {lat:.4f}, {lon:.4f} (lat, lon)",
            f"set its lat, lon to {lat:.4f}, {lon:.4f} in geodata/nodes.csv")
