"""The HTML map: the only package that imports folium and branca.

``make_map`` returns a ``folium.Map`` (it displays in Jupyter); ``write_maps`` writes
``index.html`` with every layer and one ``<layer>.html`` per layer.
"""

from __future__ import annotations

from logimap.render.page import make_map, write_maps

__all__ = ["make_map", "write_maps"]
