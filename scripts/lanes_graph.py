"""Prepare the sea lanes' graph once: ``src/logimap/data/sealanes/sealanes-graph.npz``.

``logimap.route.lanes.derive_lanes`` makes the graph a sea route searches (nodes, edges, their
geodesic lengths, which edges are inland) from ``sealanes.fgb``; deriving it takes a build
longer than reading it, so this script writes it beside the lanes, as ``lanes()`` reads it:
arrays ``points`` (float64, n x 2), ``edges`` (int64, m x 2), ``km`` (float64) and ``inland``
(bool), in a zip with fixed timestamps (the same bytes for the same arrays). Run it whenever
``sealanes.fgb`` changes (``scripts/sealanes.py``) and record the sha256 it prints in
PROVENANCE.md there; a test checks that the file holds what ``derive_lanes`` makes.

    python scripts/lanes_graph.py
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from osm_networks import write_npz  # noqa: E402

from logimap.route.lanes import GRAPH_FILE, derive_lanes  # noqa: E402

OUT = HERE.parent / "src" / "logimap" / "data" / "sealanes" / GRAPH_FILE


def main() -> None:
    graph = derive_lanes()
    write_npz({"points": graph.points, "edges": graph.edges, "km": graph.km,
               "inland": graph.inland}, OUT)
    data = OUT.read_bytes()
    print(f"{OUT.name}: {len(graph.points):,} nodes, {len(graph.edges):,} edges, "
          f"{len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
