"""logimap: sourced logistics reporting turned into maps and GIS layers analysts can trust.

    import logimap
    scenario = logimap.load("my-project")     # read and check; default: the bundled scenario
    m = logimap.make_map(scenario)            # a folium.Map; displays in Jupyter
    m.save("map.html")
    logimap.export(scenario, "out")           # GeoJSON, GeoPackage and QGIS project, KML, CSV
    logimap.build(scenario, "maps")           # the maps and every export, safely

The package follows the data's way through it: ``read`` (project files into the model),
``check``, ``route`` (every leg's line, over the ``bundled`` networks, through the ``store``),
``tables``, then ``render`` (the HTML map) and ``exports`` (GIS files), written by
``publish``; ``pipeline`` runs the stages and ``cli`` is the command line.
"""

from logimap.errors import DataError, LogimapError, Problem, UsageError
from logimap.model import Scenario
from logimap.pipeline import build, export, load, make_map
from logimap.store import RouteStore

__all__ = [
    "DataError", "LogimapError", "Problem", "RouteStore", "Scenario", "UsageError",
    "build", "export", "load", "make_map",
]
__version__ = "0.1.0"
