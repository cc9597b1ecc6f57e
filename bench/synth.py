"""A deterministic synthetic logimap project of any size, for the scale benchmarks.

``generate(folder, legs, seed)`` writes a real project folder (``seeds/``, ``geodata/``,
``routes/``) that ``logimap validate`` accepts:

- land places (depots, cities, airfields, rail stations...) inside central Mexico, where every
  point is on land, and a connected rail network over the stations (each station joined to its
  nearest earlier one, plus a few cross links);
- offshore terminals and waypoints on a grid over the open eastern Pacific (west of the
  Revillagigedo Islands, 8-20 N, 130-118 W: no land), so every sea leg stays at sea;
- flows of ten legs each, cycling through air, road, rail and sea, with a headline claim and a
  claim narrowed to one leg; every quote is a sentence of a stored source text. Road legs are
  drawn straight (``path: direct``); rail legs follow the rail network above, joined to the
  bundled railways.

The same ``legs`` and ``seed`` always give byte-identical files.
Run ``python -m bench.synth DIR --legs 1000`` to write one.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

import yaml

MODES = ("air", "road", "rail", "sea")
LEGS_PER_FLOW = 10
FLOWS_PER_SOURCE = 10
LAND_BOX = (-102.0, 18.5, -98.5, 23.5)  # west, south, east, north: all land (central Mexico)
SEA_BOX = (-130.0, 8.0, -118.0, 20.0)  # open ocean, no islands
LAND_KINDS = ("depot", "warehouse", "factory", "city", "town", "airfield")
CARGOES = ("fuel", "grain", "munitions", "machinery", "electronics", "troops")
UNITS = {"tonnes": "metric tonnes", "containers": "twenty-foot containers",
         "flights": "cargo flights", "trucks": "truck loads"}
DIRECTIONS = ("North to South", "South to North")
BASES = ("modelled", "schematic")  # observed legs need a track: bench/tracks.py has those


def _counts(legs: int) -> dict[str, int]:
    """How many places of each sort a project of ``legs`` legs gets."""
    return {"land": max(12, legs // 10), "rail": max(6, legs // 25),
            "sea": max(6, legs // 25), "waypoints": max(4, legs // 50)}


def _point(rng: random.Random, box: tuple[float, float, float, float]) -> tuple[float, float]:
    west, south, east, north = box
    return round(rng.uniform(west, east), 4), round(rng.uniform(south, north), 4)


def _nodes(rng: random.Random, legs: int) -> list[dict[str, object]]:
    counts = _counts(legs)
    rows: list[dict[str, object]] = []

    def add(prefix: str, number: int, kind: str, box: tuple, precision: str, name: str) -> None:
        lon, lat = _point(rng, box)
        rows.append({"id": f"{prefix}{number:05d}", "name": f"{name} {number}", "kind": kind,
                     "country": "" if box is SEA_BOX else "MX", "lat": lat, "lon": lon,
                     "precision": precision, "basis": "synthetic benchmark point", "note": ""})

    for i in range(counts["land"]):
        kind = "airfield" if i % 5 == 0 else LAND_KINDS[i % (len(LAND_KINDS) - 1)]
        add("land", i, kind, LAND_BOX, "approximate", kind.replace("_", " ").title())
    for i in range(counts["rail"]):
        add("rail", i, "rail_station", LAND_BOX, "town", "Station")
    for i in range(counts["sea"]):
        add("sea", i, "port", SEA_BOX, "approximate", "Offshore terminal")
    for i in range(counts["waypoints"]):
        add("wp", i, "waypoint", SEA_BOX, "waypoint", "Sea waypoint")
    return rows


def _rail_edges(rng: random.Random, stations: list[dict]) -> list[tuple[str, str]]:
    """A connected network: each station joined to its nearest earlier one, plus cross links."""
    def dist(a: dict, b: dict) -> float:
        return (a["lon"] - b["lon"]) ** 2 + (a["lat"] - b["lat"]) ** 2

    edges = []
    for i, station in enumerate(stations[1:], start=1):
        nearest = min(stations[:i], key=lambda other: dist(station, other))
        edges.append((nearest["id"], station["id"]))
    seen = {frozenset(e) for e in edges}
    for _ in range(len(stations) // 5):
        a, b = rng.sample(stations, 2)
        if frozenset((a["id"], b["id"])) not in seen:
            seen.add(frozenset((a["id"], b["id"])))
            edges.append((a["id"], b["id"]))
    return edges


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _period(rng: random.Random) -> str:
    year, month = rng.randint(2019, 2023), rng.randint(1, 12)
    months = year * 12 + month - 1 + rng.randint(1, 24)
    return f"{year}-{month:02d}/{months // 12}-{months % 12 + 1:02d}"


def _leg(rng: random.Random, flow: int, index: int, pools: dict[str, list[str]]) -> dict:
    mode = MODES[(flow * LEGS_PER_FLOW + index) % len(MODES)]
    pool = {"air": pools["airfields"], "road": pools["land"], "rail": pools["rail"],
            "sea": pools["sea"]}[mode]
    origin, destination = rng.sample(pool, 2)
    leg: dict[str, object] = {"id": f"f{flow:05d}-l{index:02d}", "mode": mode,
                              "from": origin, "to": destination}
    if mode == "sea" and index % 2:
        leg["via"] = [rng.choice(pools["waypoints"])]
    if mode == "road":  # straight, as before the bundled road network: random places may
        leg["path"] = "direct"  # lie far from any road
    leg["basis"] = BASES[index % len(BASES)]
    leg["basis_note"] = f"Synthetic {mode} leg {index} of flow {flow}."
    return leg


def generate(folder: str | Path, legs: int, seed: int = 0) -> Path:
    """Write a project with ``legs`` legs (rounded up to whole flows) into ``folder``."""
    if legs < 2:
        raise ValueError("a synthetic project needs at least 2 legs")
    rng = random.Random(f"logimap-bench-{seed}-{legs}")
    root = Path(folder)
    for sub in ("seeds", "geodata/networks", "routes"):
        (root / sub).mkdir(parents=True, exist_ok=True)

    nodes = _nodes(rng, legs)
    by_kind = {prefix: [n["id"] for n in nodes if str(n["id"]).startswith(prefix)]
               for prefix in ("land", "rail", "sea", "wp")}
    pools = {"land": by_kind["land"], "rail": by_kind["rail"], "sea": by_kind["sea"],
             "waypoints": by_kind["wp"],
             "airfields": [n["id"] for n in nodes if n["kind"] == "airfield"]}
    columns = ["id", "name", "kind", "country", "lat", "lon", "precision", "basis", "note"]
    (root / "geodata/nodes.csv").write_text(_csv(nodes, columns), encoding="utf-8")
    stations = [n for n in nodes if n["kind"] == "rail_station"]
    edges = [{"from": a, "to": b, "line": "Synthetic line", "note": ""}
             for a, b in _rail_edges(rng, stations)]
    (root / "geodata/networks/rail.csv").write_text(
        _csv(edges, ["from", "to", "line", "note"]), encoding="utf-8")

    flows = -(-legs // LEGS_PER_FLOW)
    texts: dict[str, list[str]] = {}
    for flow in range(flows):
        source = f"report-{flow // FLOWS_PER_SOURCE:04d}"
        sentences = texts.setdefault(source, [f"Synthetic monitoring report {source}."])
        count = min(LEGS_PER_FLOW, legs - flow * LEGS_PER_FLOW)
        flow_legs = [_leg(rng, flow, i, pools) for i in range(count)]
        for leg in flow_legs:
            leg["sources"] = [source]
        unit = list(UNITS)[flow % len(UNITS)]
        value = rng.randint(1, 500) * 100
        cargo = CARGOES[flow % len(CARGOES)]
        headline = (f"Operators in flow {flow} moved about {value:,} {unit} of {cargo} "
                    f"between {flow_legs[0]['from']} and {flow_legs[-1]['to']}.")
        detail = (f"Leg {flow_legs[0]['id']} went by {flow_legs[0]['mode']} from "
                  f"{flow_legs[0]['from']} to {flow_legs[0]['to']}, according to officials.")
        sentences += [headline, "Other shipments could not be traced.", detail]
        period = _period(rng)
        doc = {
            "id": f"flow-{flow:05d}", "name": f"Flow {flow}: {cargo}", "cargo": cargo,
            "direction": DIRECTIONS[flow % 2], "period": period,
            "headline": f"c{flow:05d}-volume", "legs": flow_legs,
            "claims": [
                {"id": f"c{flow:05d}-volume", "what": f"{cargo} moved in flow {flow}",
                 "value": value, "unit": unit, "qualifier": "about", "period": period,
                 "source": source, "quote": headline},
                {"id": f"c{flow:05d}-route", "what": "the route of the first leg",
                 "source": source, "quote": detail, "legs": [flow_legs[0]["id"]]},
            ],
        }
        (root / f"routes/flow-{flow:05d}.yaml").write_text(_yaml(doc), encoding="utf-8")

    sources = []
    for source, sentences in texts.items():
        (root / f"seeds/{source}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
        # undated: a report dated after a leg's period would be warned about (evidence.py)
        sources.append({"id": source, "publisher": "Synthetic Monitor",
                        "title": f"Monitoring report {source}", "file": f"{source}.txt"})
    (root / "seeds/sources.yaml").write_text(_yaml({"sources": sources}), encoding="utf-8")
    first = next(iter(texts))
    scenario = {
        "title": f"Synthetic benchmark scenario ({legs:,} legs)",
        "description": "Generated by bench/synth.py; places and volumes are invented.",
        "as_of": "2025-01-01", "units": UNITS,
        "layers": [{"id": f"by-{mode}", "title": f"By {mode}", "group": "By mode",
                    "select": {"mode": mode}} for mode in MODES],
        "claims": [{"id": "report-exists", "what": "the monitoring report",
                    "source": first, "quote": texts[first][0]}],
    }
    (root / "routes/scenario.yaml").write_text(_yaml(scenario), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--legs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(generate(args.folder, args.legs, args.seed))


if __name__ == "__main__":
    main()
