"""A small project whose one leg is drawn from a track: Rajin to Dunai, the nodes as the
bundled scenario has them, the track file and the leg's fields as a test gives them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from logimap.read.folder import default_scenario

NODE_IDS = ("rajin_port", "dunay_port", "vostochny_port")
FLOW = "routes/voyage.yaml"


def nodes_csv() -> str:
    """The header and the rows of NODE_IDS from the bundled scenario's nodes.csv, without
    the sources they cite (this project has its own)."""
    path = default_scenario() / "geodata/nodes.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if c != "sources"]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(row for row in rows if row["id"] in NODE_IDS)
    return out.getvalue()


def make_project(root: Path, track_name: str, track: bytes | str | None,
                 fields: dict[str, str] | None = None, *, legs: str | None = None) -> Path:
    """A project at ``root`` with ``tracks/<track_name>`` holding ``track`` and one leg
    drawn from it (``fields`` added to or replacing the leg's), or the legs ``legs`` (YAML
    under 'legs:')."""
    for folder in ("seeds", "geodata", "routes", "tracks"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "seeds/sources.yaml").write_text(
        "sources:\n  - id: test-source\n    publisher: Test\n    url: https://example.org/\n",
        encoding="utf-8")
    (root / "geodata/nodes.csv").write_text(nodes_csv(), encoding="utf-8")
    (root / "routes/scenario.yaml").write_text(
        "title: Tracked voyage\nas_of: 2023-12-31\nunits:\n  voyages: voyages\n",
        encoding="utf-8")
    if track is not None:
        data = track.encode("utf-8") if isinstance(track, str) else track
        (root / "tracks" / track_name).write_bytes(data)
    leg = {"id": "voyage", "mode": "sea", "from": "rajin_port", "to": "dunay_port",
           "basis": "observed", "basis_note": "a synthetic test track",
           "track": f"tracks/{track_name}", **(fields or {})}
    body = legs if legs is not None else "  - " + "\n    ".join(
        f"{key}: {value}" for key, value in leg.items() if value is not None)
    (root / FLOW).write_text(
        "id: voyage-flow\nname: A synthetic voyage\ncargo: test\ndirection: north\nlegs:\n"
        f"{body}\n", encoding="utf-8")
    return root
