"""``logimap list``: readable tables of what a project holds."""

from __future__ import annotations

import click

from logimap.cli.options import all_option, project_option
from logimap.model import Scenario

KINDS = ("nodes", "flows", "legs", "claims", "sources")


@click.command("list")
@click.argument("kind", type=click.Choice(KINDS))
@project_option
@all_option
def list_command(kind: str, project: str | None) -> None:
    """Print a table of the project's nodes, flows, legs, claims or sources."""
    import logimap
    from logimap.messages import printable
    from logimap.wording import table

    scenario = logimap.load(project)
    headers, rows = _TABLES[kind](scenario)
    # The data's text is shown, never obeyed: control characters (escape sequences that
    # would erase lines, retitle the window or write the clipboard) are escaped.
    click.echo(table(headers, [[printable(cell) for cell in row] for row in rows]))
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


def _legs(s: Scenario) -> tuple[list[str], list[list[str]]]:
    from logimap.wording import period

    headers = ["id", "flow", "mode", "from", "to", "via", "basis", "period"]
    return headers, [[g.id, g.flow, g.mode, g.origin, g.destination, str(len(g.via)), g.basis,
                      period(g.period)] for g in s.legs]


def _claims(s: Scenario) -> tuple[list[str], list[list[str]]]:
    from logimap.wording import period, quantity

    headers = ["id", "flow", "quantity", "period", "status", "source", "quote"]
    return headers, [[c.id, c.flow or "(scenario)", quantity(c) or c.what, period(c.period),
                      c.status, c.source, c.quote] for c in s.claims]


def _sources(s: Scenario) -> tuple[list[str], list[list[str]]]:
    headers = ["id", "date", "publisher", "stored", "title"]
    return headers, [[src.id, src.date, src.publisher, "yes" if src.stored else "no", src.title]
                     for src in s.sources]


_TABLES = {"nodes": _nodes, "flows": _flows, "legs": _legs, "claims": _claims,
           "sources": _sources}
