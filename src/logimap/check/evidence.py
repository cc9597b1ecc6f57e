"""Warnings about the evidence of a sound scenario: what could mislead a reader though every
reference resolves and every quote is found.

``warnings`` runs every rule. Each finds one kind of fault, located where to fix it:

- a headline figure whose period does not overlap a dated leg it sizes;
- a source that nothing cites (an id cited with no source is an error of ``validate.check``);
- a source whose ``url`` is on a site that does not look like its publisher's (``sites``),
  with no ``publisher_site`` saying it is: a copy given as the original;
- a note (a claim's ``note``, a leg's ``basis_note``) that describes an event dated after
  every source it cites was published;
- a node whose basis says less than its precision claims (an estimate marked ``site``, "within
  10 km" marked ``approximate``);
- a ``modelled`` leg that cites no source, or only sources published before its period
  began (unless its basis note names one, saying why it stands for the leg);
- an ``observed`` leg with no track behind it;
- a quote of a few words from a source whose text is not stored (a reader cannot check it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from logimap.check.sites import on_publishers_site, url_host
from logimap.errors import Problem
from logimap.model import Location, Scenario, Source
from logimap.periods import Period, parse_partial_date

# The most a coordinate of each precision may be off, in km, as the README defines them
# ("good to a few km"); town and approximate-low coordinates are not held to a figure.
PRECISION_KM = {"site": 1.0, "approximate": 5.0}
# Words in a basis that say the coordinate was not published as it stands.
ESTIMATE_WORDS = ("estimate", "general knowledge", "not confirmed", "derived", "guess")
# A quote shorter than this many words, from a source whose text is not stored, is a fragment.
MIN_EXTERNAL_QUOTE_WORDS = 5

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(" + "|".join(m.capitalize() for m in _MONTHS) + r")"
# Dates as notes write them: 21 May 2025, May 21, 2025, May 2025, 2025-05-21, 2025-05, 2025.
_DATES = re.compile(
    rf"\b(?P<dmy>[0-9]{{1,2}}) {_MONTH} (?P<y1>[0-9]{{4}})\b"
    rf"|\b{_MONTH} (?P<mdy>[0-9]{{1,2}}), (?P<y2>[0-9]{{4}})\b"
    rf"|\b{_MONTH} (?P<y3>[0-9]{{4}})\b"
    r"|\b(?P<iso>(?:19|20)[0-9]{2}(?:-[0-9]{2}(?:-[0-9]{2})?)?)\b")
# Words after which a four-digit number is a number, not a year (UN Security Council
# resolution 2094, resolutions 2087 and 2094, No. 2087).
_NUMBERED = re.compile(r"(?:\bresolutions?|\bres\.|\bnos?\.|\bnumbers?|#|№)\s*"
                       r"(?:[0-9]+\s*(?:,|\band\b|&)\s*)*$", re.IGNORECASE)
_WITHIN_KM = re.compile(
    r"(?:within|±|\+/-|off by)\s*(?:about|around|roughly|some|approximately|~)?\s*"
    r"([0-9]+(?:\.[0-9]+)?)\s*km", re.IGNORECASE)


def warnings(scenario: Scenario) -> list[Problem]:
    """Every warning about ``scenario`` (call on a scenario that passed ``validate.check``),
    in the order of the rules, each located."""
    return [*headline_periods(scenario), *uncited_sources(scenario), *copies_as_originals(scenario),
            *notes_older_than_their_events(scenario), *precision_beyond_basis(scenario),
            *modelled_legs_without_sources(scenario), *observed_legs_without_tracks(scenario),
            *quote_fragments(scenario)]


def headline_periods(scenario: Scenario) -> Iterator[Problem]:
    """A headline figure whose period does not overlap a dated leg of its flow (the figure
    sizes and labels every leg)."""
    for flow in scenario.flows:
        claim = scenario.claim_by_id.get(flow.headline)
        if claim is None or claim.period is None:
            continue
        for leg in flow.legs:
            if leg.period and not claim.period.overlaps(leg.period.start,
                                                        leg.period.end or date.max):
                yield _at(leg.where,
                          f"headline {claim.id!r} of flow {flow.id!r} counts "
                          f"{claim.period.text}, which does not overlap leg {leg.id!r} "
                          f"({leg.period.text}) that it sizes",
                          "choose a headline whose period covers the flow's legs, or check "
                          "both periods")


def uncited_sources(scenario: Scenario) -> Iterator[Problem]:
    """A source that no claim, note, leg or node cites."""
    cited = {s for claim in scenario.claims for s in (claim.source, *claim.note_sources)}
    cited.update(s for leg in scenario.legs for s in leg.sources)
    cited.update(s for node in scenario.nodes for s in node.sources)
    for source in scenario.sources:
        if source.id not in cited:
            yield _at(source.where, f"source {source.id!r} is never cited",
                      "cite it where it is used (a claim's 'source' or 'note_sources', a "
                      "leg's 'sources', a node's 'sources' column), or remove it")


def copies_as_originals(scenario: Scenario) -> Iterator[Problem]:
    """A source whose ``url``, the publisher's own address, is on a site that does not look
    like the publisher's: a copy given as the original, which a reader cannot cite."""
    for source in scenario.sources:
        host = url_host(source.url)
        if host and not on_publishers_site(host, source.publisher, source.publisher_site):
            yield _at(source.where,
                      f"source {source.id!r}: its url is on {host}, which does not look like "
                      f"the site of its publisher {source.publisher!r}",
                      "if that page is a copy (a republication, a mirror, a summary), move its "
                      "address to copy_url and leave url out unless you know the publisher's "
                      "own; if the site is the publisher's, say so with publisher_site: "
                      f"{host}")


def notes_older_than_their_events(scenario: Scenario) -> Iterator[Problem]:
    """A note that describes an event dated after every source it cites was published:
    none of them can report it."""
    for claim in scenario.claims:
        yield from _note_dates(scenario, claim.where, f"the note of claim {claim.id!r}",
                               claim.note, claim.note_sources)
    for leg in scenario.legs:
        yield from _note_dates(scenario, leg.where, f"the basis note of leg {leg.id!r}",
                               leg.basis_note, leg.sources)


def _note_dates(scenario: Scenario, where: Location, what: str, note: str,
                cited: Iterable[str]) -> Iterator[Problem]:
    events = list(dates_in(note))
    published = [(s, _span(s)) for s in _sources(scenario, cited) if s.date]
    if not events or not published:
        return
    latest_text, latest = max(events, key=lambda event: event[1])
    if all(span[1] < latest for _, span in published):
        dates = ", ".join(f"{source.id} ({source.date})" for source, _ in published)
        yield _at(where, f"{what} describes {latest_text}, after every source it cites was "
                         f"published: {dates}",
                  "cite a source published after the event, or take the sentence out")


def precision_beyond_basis(scenario: Scenario) -> Iterator[Problem]:
    """A node whose basis says less than its precision claims: an estimate marked ``site``
    or ``town``, or an error in km larger than its precision allows."""
    for node in scenario.nodes:
        basis = node.basis.lower()
        word = next((w for w in ESTIMATE_WORDS if w in basis), None)
        if word and node.precision in ("site", "town"):
            yield _at(node.where,
                      f"node {node.id!r} has precision {node.precision!r} (a published "
                      f"coordinate) but its basis says {word!r}",
                      "set precision 'approximate' (or 'approximate-low'), or give the "
                      "published coordinate as its basis")
            continue
        limit = PRECISION_KM.get(node.precision)
        stated = [float(km) for km in _WITHIN_KM.findall(node.basis)]
        if limit is not None and stated and max(stated) > limit:
            yield _at(node.where,
                      f"node {node.id!r} has precision {node.precision!r} (good to {limit:g} "
                      f"km) but its basis puts it within {max(stated):g} km",
                      "set the precision the basis supports ('approximate-low' for tens of "
                      "km), or improve the coordinate")


def modelled_legs_without_sources(scenario: Scenario) -> Iterator[Problem]:
    """A ``modelled`` leg (both ends reported, the path routed) that cites no source, or only
    sources published before its period began: none of them could know of it. A report
    published during the period or after it (a retrospective) could; so could an undated
    one, as far as anyone can tell. A leg whose ``basis_note`` names an earlier source by its
    id says why that source stands for it."""
    for leg in scenario.legs:
        if leg.basis != "modelled":
            continue
        if not leg.sources:
            yield _at(leg.where, f"modelled leg {leg.id!r} cites no source for its route",
                      "list the sources reporting both its ends under 'sources', or set "
                      "basis: schematic")
            continue
        cited = _sources(scenario, leg.sources)
        if not leg.period or not cited or any(_could_know(s, leg.period) for s in cited):
            continue
        if any(re.search(rf"(?<![\w.-]){re.escape(s.id)}(?![\w-])", leg.basis_note)
               for s in cited):
            continue
        dates = ", ".join(f"{s.id} ({s.date})" for s in cited)
        yield _at(leg.where,
                  f"every source of modelled leg {leg.id!r} was published before its period "
                  f"{leg.period.text} began: {dates}",
                  "cite a report published since the period began (one written afterwards "
                  "is fine), say in the leg's basis_note why the earlier source stands for "
                  "it, naming its id, or check the leg's period")


def observed_legs_without_tracks(scenario: Scenario) -> Iterator[Problem]:
    """An ``observed`` leg with no track: it would be drawn as seen though nothing was."""
    for leg in scenario.legs:
        if leg.basis == "observed" and not leg.track:
            yield _at(leg.where, f"leg {leg.id!r} is marked observed but has no track",
                      "give it 'track: tracks/<file>', or set basis: modelled or schematic")


def quote_fragments(scenario: Scenario) -> Iterator[Problem]:
    """A quote of fewer than ``MIN_EXTERNAL_QUOTE_WORDS`` words from a source whose text is
    not stored: a fragment a reader cannot check or place in its context."""
    for claim in scenario.claims:
        source = scenario.source_by_id.get(claim.source)
        words = len(claim.quote.split())
        if source is not None and not source.stored and words < MIN_EXTERNAL_QUOTE_WORDS:
            yield _at(claim.where,
                      f"the quote of claim {claim.id!r} is {words} word(s) from "
                      f"{source.id!r}, whose text is not stored: a fragment a reader cannot "
                      "check",
                      "quote the whole sentence, or store the source's text in seeds/ "
                      "('file:')")


def dates_in(text: str) -> Iterator[tuple[str, date]]:
    """Each date written in ``text`` and the first day it can mean.

    >>> [d.isoformat() for _, d in dates_in("launched on 25 April 2025; sank in May 2025")]
    ['2025-04-25', '2025-05-01']
    >>> [text for text, _ in dates_in("the 224th unit, M1989 guns, 1,000 containers, in 2024")]
    ['2024']
    >>> [text for text, _ in dates_in("against resolution 2094 (2013) and No. 2087")]
    ['2013']
    """
    for match in _DATES.finditer(text):
        groups = match.groupdict()
        month_names = [g for g in match.groups() if g and g.lower() in _MONTHS]
        if len(groups["iso"] or "") == 4 and _NUMBERED.search(text, max(0, match.start() - 60),
                                                               match.start()):
            continue  # resolution 2094, No. 2087: a number, not a year
        try:
            if groups["iso"]:
                found = parse_partial_date(groups["iso"])
            else:
                year = int(groups["y1"] or groups["y2"] or groups["y3"])
                month = _MONTHS.index(month_names[0].lower()) + 1
                day = int(groups["dmy"] or groups["mdy"] or 1)
                found = date(year, month, day)
        except ValueError:
            continue
        yield match.group(0), found


def _span(source: Source) -> tuple[date, date]:
    return parse_partial_date(source.date), parse_partial_date(source.date, last=True)


def _could_know(source: Source, period: Period) -> bool:
    """True when ``source`` may have been published on or after the day ``period`` began
    (a partial date counts to its last day), or is undated."""
    return not source.date or _span(source)[1] >= period.start


def _sources(scenario: Scenario, ids: Iterable[str]) -> list[Source]:
    return [scenario.source_by_id[s] for s in dict.fromkeys(ids) if s in scenario.source_by_id]


def _at(where: Location, message: str, hint: str) -> Problem:
    return Problem(where.path, where.where, message, hint)
