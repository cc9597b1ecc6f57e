"""Route: every leg's line, drawn per mode over the bundled networks (sea lanes and water,
OpenStreetMap railways and roads) or along its track, the land check of sea lines, and the
warnings about what a line draws as schematic (``schematic``).

``logimap.route.legs`` draws the legs (through the route store); each mode is one module
(``air``, ``sea``, ``network`` for rail and road, ``track``), registered in ``ROUTERS``.
"""

from logimap.route.geometry import LegGeometry, RouteCache, stop_points
from logimap.route.land import sea_checks, sea_problems
from logimap.route.legs import ROUTERS, build_geometries, draw_legs, leg_geometry, route_inputs
from logimap.route.schematic import schematic_warnings

__all__ = ["ROUTERS", "LegGeometry", "RouteCache", "build_geometries", "draw_legs",
           "leg_geometry", "route_inputs", "schematic_warnings", "sea_checks", "sea_problems",
           "stop_points"]
