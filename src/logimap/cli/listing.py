"""``logimap list``: readable tables of what a project holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from logimap.cli.options import all_option, cache_option, project_option, route_store
from logimap.model import Scenario

if TYPE_CHECKING:
    from logimap.store.results import RouteStore

KINDS = ("nodes", "flows", "legs", "claims", "sources")
WIDEST = {"legs": 240}  # the widest cell shown whole (the legs' passages); others 60


@click.command("list")
@click.argument("kind", type=click.Choice(KINDS))
@project_option
@all_option
@cache_option
def list_command(kind: str, project: str | None, no_cache: bool) -> None:
    """Print a table of the project's nodes, flows, legs, claims or sources. Legs are drawn
    (through the route store) to show their length, its ratio to the great circle through
    their stops, and the passages or borders they go through."""
    import logimap
    from logimap.messages import printable
    from logimap.wording import table

    scenario = logimap.load(project)
    if kind == "legs":
        headers, rows = _legs(scenario, route_store(no_cache))
    else:
        headers, rows = _TABLES[kind](scenario)
    # The data's text is shown, never obeyed: control characters (escape sequences that
    # would erase lines, retitle the window or write the clipboard) are escaped.
    click.echo(table(headers, [[printable(cell) for cell in row] for row in rows],
                     widest=WIDEST.get(kind, 60)))
    click.echo(f"({len(rows)} {kind})")


def _nodes(s: Scenario) -> tuple[list[str], list[list[str]]]:
    headers = ["id", "kind", "country", "lat", "lon", "precision", "name"]
    return headers, [[n.id, n.kind, n.country, f"{n.lat:.4f}", f"{n.lon:.4f}", n.precision,
                      n.name] for n in s.nodes]


def _flows(s: Scenario) -> tuple[list[str], list[list[str]]]:
    from logimap.wording import period, quantity

    headers = ["id", "direction", "cargo", "period", "legs", "claims", "headline"]
    rows = []
    for f in s.flows:
        headline = s.claim_by_id[f.headline] if f.headline else None
        rows.append([f.id, f.direction, f.cargo, period(f.period), str(len(f.legs)),
                     str(len(f.claims)), quantity(headline) if headline else ""])
    return headers, rows


def _legs(s: Scenario, store: RouteStore) -> tuple[list[str], list[list[str]]]:
    """The legs, each with its drawn length in km, its ratio to the great circle through its
    stops and what it goes through; a leg that cannot be drawn says so (``validate`` says
    why)."""
    from logimap.pipeline import route
    from logimap.route.geometry import great_circle_km
    from logimap.wording import period, ratio

    geometries, _, _ = route(s, store)
    headers = ["id", "flow", "mode", "from", "to", "via", "basis", "period", "km", "ratio",
               "passages"]
    rows = []
    for g in s.legs:
        drawn = geometries.get(g.id)
        shown = ["not drawn", "", "(see logimap validate)"]
        if drawn is not None:
            times = ratio(drawn.length_km, great_circle_km(s, g))
            shown = [f"{drawn.length_km:,.0f}", "" if times is None else f"{times:.2f}",
                     "; ".join(p.label for p in drawn.passages)]
        rows.append([g.id, g.flow, g.mode, g.origin, g.destination, ", ".join(g.route_via),
                     g.basis, period(g.period), *shown])
    return headers, rows


def _claims(s: Scenario) -> tuple[list[str], list[list[str]]]:
    from logimap.wording import period, quantity

    headers = ["id", "flow", "quantity", "period", "status", "source", "quote"]
    return headers, [[c.id, c.flow or "(scenario)", quantity(c) or c.what, period(c.period),
                      c.status, c.source, c.quote] for c in s.claims]


def _sources(s: Scenario) -> tuple[list[str], list[list[str]]]:
    headers = ["id", "date", "publisher", "stored", "title"]
    return headers, [[src.id, src.date, src.publisher, "yes" if src.stored else "no", src.title]
                     for src in s.sources]


_TABLES = {"nodes": _nodes, "flows": _flows, "claims": _claims, "sources": _sources}
