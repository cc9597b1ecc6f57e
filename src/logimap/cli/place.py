"""``logimap place``: look a place up in the bundled gazetteers, print ready nodes.csv rows."""

from __future__ import annotations

import click

from logimap.errors import LogimapError, UsageError
from logimap.messages import excerpt


@click.command("place")
@click.argument("name")
@click.option("--country", default="", metavar="XX",
              help="Only places in this country (ISO 3166-1 alpha-2 code, e.g. RU).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1),
              help="Print at most this many places.")
def place_command(name: str, country: str, limit: int) -> None:
    """Look NAME up offline in UN/LOCODE (ports, rail and road terminals, airports, border
    crossings), GeoNames (towns of 1,000 people or more, by any of their names) and Natural
    Earth's ports, and print matching rows for geodata/nodes.csv, best matches first, with the
    gazetteer entry as their basis. Check a row before you use it: a UN/LOCODE coordinate is
    given to the minute (about 2 km), a town's is its centre, not its station or port.

    Exit status: 0 when places were found, 1 when none was, 2 on usage errors.
    """
    from logimap.bundled.countries import iso_codes
    from logimap.bundled.gazetteer import (
        LOCODES,
        PORTS,
        TOWNS,
        look_up,
        node_rows,
        without_coordinates,
    )

    code = country.strip().upper()
    if code and code not in iso_codes():
        raise UsageError(f"unknown country code {excerpt(country)}; use an ISO 3166-1 alpha-2 "
                         "code, such as RU or DE")
    found = look_up(name, code, limit)
    if not found:
        where = f" in {code}" if code else ""
        unplaced = without_coordinates(name, code)
        listed = (f"; UN/LOCODE lists {'; '.join(unplaced)} without a coordinate"
                  if unplaced else "")
        raise LogimapError(f"no place called {excerpt(name)}{where} in {LOCODES}, {TOWNS}, nor "
                           f"{PORTS}{listed}; add it to geodata/nodes.csv by hand, with the "
                           "source of its coordinate as its basis")
    click.echo(node_rows(found), nl=False)
    click.echo(f"({len(found)} found; paste the rows you need into geodata/nodes.csv)",
               err=True)
