"""Every node with a ``country`` lies in that country's territory: its Natural Earth 1:50m
shape and the small islands that shape lacks (``logimap.bundled.countries.territory``).

A node may lie outside its country's territory by as much as its precision allows
(``TOLERANCE_KM``): the shapes are generalised, and a town's coordinate is not its station's.
Ports, naval ports, shipyards and waypoints at sea may also lie in its territorial sea, 12
nautical miles (``TERRITORIAL_KM``) from its coast or an island's, plus their precision. A
border node (``KP/RU``) must lie near one of its countries. When the node lies farther out,
the problem names the country it does lie in, and the reading with latitude and longitude
swapped when that one fits.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from logimap.errors import Problem

if TYPE_CHECKING:
    from logimap.model import Node, Scenario
    from logimap.store.results import RouteStore

TOLERANCE_KM = {"site": 5.0, "town": 10.0, "approximate": 15.0, "approximate-low": 50.0,
                "waypoint": 25.0}
WATER_KINDS = ("port", "naval_port", "shipyard", "waypoint")
TERRITORIAL_KM = 22.224  # 12 nautical miles
REACH_KM = 500.0  # distances beyond this are reported as "more than"


def place_problems(scenario: Scenario, store: RouteStore | None = None) -> list[Problem]:
    """One problem per node that lies outside its country, located at its row. With a
    ``store``, nodes checked by an earlier run are not checked again."""
    from logimap.bundled.countries import iso_codes, territory
    from logimap.store.results import note_miss
    from logimap.store.values import Unusable, place_check

    codes = iso_codes()
    checked = [n for n in scenario.nodes if n.country and all(
        code in codes for code in n.country.split("/"))]
    keys: dict[str, str] = {}
    if store and store.active:
        keys = {n.id: store.key({"check": "place", "lon": n.lon, "lat": n.lat, "kind": n.kind,
                                 "country": n.country, "precision": n.precision})
                for n in checked}
    found = store.get(keys.values()) if keys else {}
    problems = []
    def computed(node: Node, key: str | None) -> tuple[str, str] | None:
        shaped = [c for c in node.country.split("/") if territory(c)]
        result = misplaced(node, shaped) if shaped else None
        if key:
            store.put(key, json.dumps(result).encode())
        return result

    for node in checked:
        key = keys.get(node.id)
        try:
            result = place_check(found[key]) if key in found else computed(node, key)
        except Unusable as exc:
            note_miss(f"place check of node {node.id!r}", str(exc))
            result = computed(node, key)
        if result:
            problems.append(Problem(node.where.path, node.where.where, *result))
    if store:
        store.save()
    return problems


def tolerance_km(node: Node, at_sea: bool) -> float:
    """How far outside its country a node may lie: its precision's tolerance, plus the
    territorial sea for a port, shipyard or waypoint at sea."""
    allowed = TOLERANCE_KM.get(node.precision, TOLERANCE_KM["approximate"])
    return allowed + TERRITORIAL_KM if at_sea and node.kind in WATER_KINDS else allowed


def misplaced(node: Node, codes: list[str]) -> tuple[str, str] | None:
    """The message and hint when ``node`` lies outside all of ``codes``, else None."""
    from logimap.bundled.countries import countries_at, country_name, distance_km

    here = countries_at(node.lon, node.lat)
    allowed = tolerance_km(node, at_sea=not here)
    if min(distance_km(c, node.lon, node.lat, allowed) for c in codes) <= allowed:
        return None
    far = min(distance_km(c, node.lon, node.lat, REACH_KM) for c in codes)
    names = " or ".join(f"{country_name(c)} ({c})" for c in codes)
    away = f"{far:.0f} km" if far < REACH_KM else f"more than {REACH_KM:.0f} km"
    where = (" and ".join(f"{country_name(c)} ({c})" for c in here) if here
             else "no country (at sea)")
    own = tolerance_km(node, at_sea=False)
    sea = (f" and a port's territorial sea {TERRITORIAL_KM:.1f} km more" if allowed > own
           else "")
    message = (f"node {node.id!r} lies in {where}, {away} outside {names} "
               f"(lat {node.lat:g}, lon {node.lon:g}; precision "
               f"{node.precision!r} allows {own:g} km{sea})")
    if abs(node.lon) <= 90 and min(
            distance_km(c, node.lat, node.lon, allowed) for c in codes) <= allowed:
        return (f"{message}; with lat and lon swapped (lat {node.lon:g}, lon {node.lat:g}) "
                f"it lies in {names}", "swap the lat and lon values")
    return message, "check the coordinate and the country code"
