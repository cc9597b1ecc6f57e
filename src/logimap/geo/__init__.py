"""Geometry on the globe that knows nothing of projects: geodesic lengths and lines
(``geodesy``), great-circle arcs on a sphere (``sphere``) and lines cut at the antimeridian
(``antimeridian``)."""
