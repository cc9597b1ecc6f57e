"""The bundled OpenStreetMap railway and highway networks (© OpenStreetMap contributors, ODbL).

``data/osm/railways.npz`` and ``highways.npz`` are derived from PyPI's ``scgraph_data`` 2.0.0
by ``scripts/osm_networks.py``, which documents their arrays; PROVENANCE.md beside them gives
the source, the licence and the sums. Each is read once per process, on first use, so
``logimap --help`` and scenarios with no rail or road leg never load them. Numpy is imported
only then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

NETWORKS = {"rail": "railways", "road": "highways"}
ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"


@dataclass(frozen=True)
class BundledNetwork:
    """One bundled network. Nodes are numbered 0..n-1; an edge joins ``low[i]`` to
    ``high[i]`` (both ways) and is ``length_km[i]`` long along the simplified way.

    ``country[n]`` indexes ``country_ids`` (alpha-2 codes, or a name where Natural Earth gives
    no code; "" first, for none): the 1:50m country holding node n. ``near_*`` list each other
    country whose outline lies within 10 km of a node, with that distance.
    """

    name: str
    lon: np.ndarray
    lat: np.ndarray
    low: np.ndarray
    high: np.ndarray
    length_km: np.ndarray
    country: np.ndarray
    country_ids: tuple[str, ...]
    near_node: np.ndarray
    near_country: np.ndarray
    near_km: np.ndarray

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self.lon)


@cache
def bundled(mode: str) -> BundledNetwork:
    """The bundled network for legs of ``mode`` (``rail`` or ``road``)."""
    import numpy as np

    name = NETWORKS[mode]
    with (files("logimap") / "data" / "osm" / f"{name}.npz").open("rb") as handle, \
            np.load(handle, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    low = np.repeat(np.arange(len(arrays["edge_count"]), dtype=np.int64), arrays["edge_count"])
    return BundledNetwork(
        name=name,
        lon=np.cumsum(arrays["lon_step"], dtype=np.int64) / 1000.0,
        lat=np.cumsum(arrays["lat_step"], dtype=np.int64) / 1000.0,
        low=low,
        high=low + arrays["edge_span"],
        length_km=arrays["edge_m"] / 1000.0,
        country=arrays["country"],
        country_ids=tuple(str(code) for code in arrays["country_ids"]),
        near_node=np.cumsum(arrays["near_node_step"], dtype=np.int64),
        near_country=arrays["near_country"],
        near_km=arrays["near_km10"] / 10.0,
    )
