"""The HTML of a KML balloon (Google Earth shows a placemark's description as HTML): how a leg
is drawn and who reports its route, a place's basis, the claims with their quotes and
sources. Every text from the data is escaped and isolated in its own direction; links are
http(s) only."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from logimap.exports.values import is_web_link
from logimap.wording import detour, quantity

if TYPE_CHECKING:
    from logimap.model import Scenario


def escaped(text: Any) -> str:
    """Text as HTML (a KML balloon is HTML): markup in the data shows as text, never runs."""
    return html.escape(str(text), quote=True)


def isolated(text: Any) -> str:
    """A text from the data in a balloon: escaped, and isolated in its own direction (a
    right-to-left field, or a stray direction mark in it, cannot reorder the text around
    it)."""
    return f"<bdi>{escaped(text)}</bdi>"


def _link(url: str) -> str:
    if is_web_link(url):
        return f'<a href="{escaped(url)}">{escaped(url)}</a>'
    return escaped(url)


def _period_text(start: str | None, end: str | None) -> str:
    """A leg's period in words: ``2023-08-01 to 2025-03-31``, ``from ...``, ``undated``."""
    if not start:
        return "undated"
    return f"{start} to {end}" if end else f"from {start}"


def listed_ids(joined: str | None) -> list[str]:
    """A ';'-joined list of ids (None when empty) as a list."""
    return joined.split(";") if joined else []


def _citation(scenario: Scenario, source_id: str) -> str:
    """A source as HTML: publisher, title, date, a link to the publisher's page, the copy
    its text was read from (and when), and its note."""
    source = scenario.source_by_id.get(source_id)
    if source is None:
        return escaped(source_id)
    cited = ", ".join(isolated(p) for p in (source.publisher, source.title, source.date) if p)
    link = f" {_link(source.url)}" if source.url else ""
    if source.copy_url:
        read = f", read {isolated(source.accessed)}" if source.accessed else ""
        link += f" (copy: {_link(source.copy_url)}{read})"
    note = f" <i>(About this source: {isolated(source.note)})</i>" if source.note else ""
    return f"{cited}{link}{note}"


def _claims_html(scenario: Scenario, claim_ids: str | None) -> list[str]:
    """One paragraph per claim: figure, status, verbatim quote, source (with its note), and
    the claim's note with the sources it rests on."""
    paragraphs = []
    for claim_id in listed_ids(claim_ids):
        claim = scenario.claim_by_id[claim_id]
        lines = [f"<b>{isolated(quantity(claim) or claim.what)}</b> ({escaped(claim.status)})",
                 f"“{isolated(claim.quote)}”", f"— {_citation(scenario, claim.source)}"]
        if claim.note:
            lines.append(f"<i>Note:</i> {isolated(claim.note)}")
            lines += [f"— {_citation(scenario, s)}" for s in claim.note_sources]
        paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    return paragraphs


def leg_balloon(scenario: Scenario, row: Any, title: str) -> str:
    """The leg's balloon as HTML (``title``: its heading, HTML): how it is drawn, its length
    (beside the great circle's when longer), the passages or borders it goes through, who
    reports the route, then its claims with quotes and sources."""
    drawn = f"{escaped(row['mode'])} leg, {escaped(row['basis'])}"
    facts = [f"{drawn}: {isolated(row['basis_note'])}" if row["basis_note"] else drawn,
             f"Period: {escaped(_period_text(row['period_start'], row['period_end']))}",
             f"Length: {escaped(row['length_km'])} km"]
    longer = detour(row["length_km"], row["great_circle_km"])
    if longer:
        facts[-1] += f", {escaped(longer)}"
    if row["passages"]:
        facts.append(f"Through: {isolated(row['passages'])}")
    parts = [f"<h3>{title}</h3>", f"<p>{'<br>'.join(facts)}</p>"]
    if row["source_ids"]:
        reported = "".join(f"<br>— {_citation(scenario, s)}"
                           for s in listed_ids(row["source_ids"]))
        parts.append(f"<p>Route reported by:{reported}</p>")
    return "".join([*parts, *_claims_html(scenario, row["claim_ids"])])


def node_balloon(scenario: Scenario, row: Any) -> str:
    """The place's balloon as HTML: its kind, country, precision and basis, note, the sources
    they rest on, and the claims about it."""
    place = ", ".join(p for p in (escaped(row["kind"]),
                                  row["country"] and isolated(row["country"])) if p)
    facts = [place, f"Precision {escaped(row['precision'])}: {isolated(row['basis'])}"]
    if row["note"]:
        facts.append(isolated(row["note"]))
    parts = [f"<h3>{isolated(row['name'])}</h3>", f"<p>{'<br>'.join(facts)}</p>"]
    if row["source_ids"]:
        cited = "".join(f"<br>— {_citation(scenario, s)}" for s in listed_ids(row["source_ids"]))
        parts.append(f"<p>Basis and note from:{cited}</p>")
    return "".join([*parts, *_claims_html(scenario, row["claim_ids"])])
