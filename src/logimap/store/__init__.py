"""The route store: results of routing, land checks, place checks and basemaps kept between
builds in an SQLite file (``results``), every value read back checked before use
(``values``), and the one way results go through it (``kept``)."""

from logimap.store.results import RouteStore, note_miss

__all__ = ["RouteStore", "note_miss"]
