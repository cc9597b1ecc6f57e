"""Map tips: the HTML QGIS shows over a feature under the pointer, one template per table.

QGIS fills a template's ``[% expression %]`` parts with the expressions' values as they are
and shows the result as HTML, script enabled; a layer without a template shows its display
expression's value the same way. So every layer gets a template, and every value in it goes
through an expression that escapes ``&``, ``<``, ``>`` and ``"`` (QGIS 3.22 has no function
that does): a name written as markup shows as text and runs nothing. The template holds no
link and no image.
"""

from __future__ import annotations

from logimap.tables import SCHEMA
from logimap.tables.tracks import TRACK_SCHEMA

# Replaced in this order, ``&`` first: what a later step writes is never escaped again.
HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))
# The columns a table's map tip shows, the first as its heading; a table not listed (a link
# table) shows all its columns. A column the table does not have is left out.
TIP_COLUMNS = {
    "nodes": ("name", "kind", "country", "precision", "basis", "note"),
    "legs": ("id", "direction", "cargo", "mode", "from_node", "to_node", "basis", "basis_note",
             "headline"),
    "flows": ("name", "direction", "cargo", "note"),
    "claims": ("id", "what", "quantity", "status", "quote", "source"),
    "sources": ("publisher", "title", "author", "date", "url", "note"),
    "layers": ("title", "group", "select"),
    "stretches": ("kind", "leg_id", "node_id", "length_km"),
    "track_points": ("leg_id", "time", "status", "vessel_id", "speed_kn", "course",
                     "source_file", "source_place"),
    "track_gaps": ("label", "leg_id", "start", "end", "source_file"),
}


def escaped_value(column: str) -> str:
    """A QGIS expression whose value is ``column``'s as HTML text: markup escaped, a missing
    value empty: ``coalesce(replace(replace("name", '&', '&amp;'), '<', '&lt;') ..., '')``."""
    expression = f'"{column}"'
    for character, entity in HTML_ESCAPES:
        expression = f"replace({expression}, '{character}', '{entity}')"
    return f"coalesce({expression}, '')"


def map_tip(table: str) -> str:
    """The map tip template of ``table``: its heading column in bold, then one line per
    column, ``column: value``, every value escaped."""
    columns = [name for name in {**SCHEMA, **TRACK_SCHEMA}[table] if name != "geometry"]
    shown = [name for name in TIP_COLUMNS.get(table, columns) if name in columns]
    heading, *rest = shown
    lines = [f"<b>[% {escaped_value(heading)} %]</b>"]
    lines += [f"{name.replace('_', ' ')}: [% {escaped_value(name)} %]" for name in rest]
    return "<br>\n".join(lines)
