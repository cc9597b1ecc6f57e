"""QGIS files: default styles stored in the GeoPackage (``defaults``, made by ``styles`` and
``tracks`` with ``qml``), and a project (``logimap.qgz``, ``project``).

Written as text from the tables; QGIS itself is not needed to make them.
"""

from logimap.exports.qgis.defaults import layer_styles
from logimap.exports.qgis.project import project_bytes

__all__ = ["layer_styles", "project_bytes"]
