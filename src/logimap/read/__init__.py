"""Read: a project folder into the evidence model. Where the project is (``folder``), its files
read safely (``files``), YAML that remembers lines (``located_yaml``), typed fields with
located problems (``fields``), the whole project (``scenario``), track files (``tracks``) and
the starter project ``logimap init`` writes (``starter``)."""

from logimap.read.folder import resolve_project
from logimap.read.scenario import read_project

__all__ = ["read_project", "resolve_project"]
