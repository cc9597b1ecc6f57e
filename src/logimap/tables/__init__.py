"""The scenario as tables: the one seam shared by the map and every export (``frames``),
their schema (``schema``), the layers' legs (``layers``), the observed legs' fixes and dark
periods (``tracks``), the time span (``timeline``), how data becomes colour and width
(``style``) and the credit line of a printed map (``credits``)."""

from logimap.tables.frames import Tables, layers_of_legs, make_tables
from logimap.tables.layers import check_layers, legs_in_layer, map_layers, page_titles
from logimap.tables.schema import COLUMN_TYPES, DAY_TIMES, ISOLATE, LINKS, OTHER_LEGS, SCHEMA
from logimap.tables.timeline import time_range

__all__ = ["COLUMN_TYPES", "DAY_TIMES", "ISOLATE", "LINKS", "OTHER_LEGS", "SCHEMA", "Tables",
           "check_layers", "layers_of_legs", "legs_in_layer", "make_tables", "map_layers",
           "page_titles", "time_range"]
