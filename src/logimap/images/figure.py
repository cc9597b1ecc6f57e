"""One image drawn with matplotlib: the base map (Natural Earth land and borders), each
flow's legs in a group of their own (``flow-<id>``), the places, volume and place labels
that do not overlap, the title, the dates, the legend, a scale bar and the credit line.

Text stays text (the SVG keeps ``<text>`` elements; the PDF embeds its fonts), and every
text from the data is drawn as plain text, never read as markup or mathematics.
"""

from __future__ import annotations

import math
import textwrap
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from logimap.images.labels import Label, place_labels
from logimap.images.projection import Projection, choose_projection
from logimap.tables import style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from logimap.images.sizes import Size
    from logimap.images.views import View

LAND, SEA, BORDER = style.BASEMAP_LAND, style.BASEMAP_SEA, style.BASEMAP_LINE
INK, MUTED = "#222222", "#555555"
STRETCH = "#606060"
# Margin around the data, as a share of its extent.
MARGIN = 0.08
# A flow's width in (CSS) pixels, as the web map draws it, in points: a pixel is 0.75 pt.
POINTS_PER_PIXEL = 0.75
# The base map's finest detail, as a share of the map's width (the same for every size of
# an image, so that their base maps are computed once).
DETAIL = 1 / 2500
# Scale bar lengths tried, in km (times a power of ten).
NICE = (1, 2, 5)
# The legend's text wraps at this many characters.
LEGEND_WRAP = 46
# The legend lists at most this many flows (then says how many more are drawn); the volume
# labels are those of the flows it lists.
LEGEND_FLOWS = 12
# An SVG groups the legs of each of this many flows; the rest share a group.
GROUPED_FLOWS = 100
# Labels tried at most, most important first: the rest would not fit.
MOST_LABELS = 80


def draw(view: View, size: Size, greyscale: bool = False, grouped: bool = True) -> Figure:
    """The figure of ``view`` at ``size``; ``greyscale`` draws in greys, for print;
    ``grouped`` draws each flow's legs as a group of their own (see ``_legs``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size.width, size.height), dpi=size.dpi)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    wide = size.width / size.height > 1.2
    # The map on the left (wide images) or on top (square ones); title above, legend beside
    # or below, credit line at the foot.
    box = [0.02, 0.08, 0.66, 0.74] if wide else [0.03, 0.34, 0.94, 0.50]
    axes = figure.add_axes(box)
    axes.set_axis_off()
    projection = choose_projection(_points(view))
    transform = projection.transformer()
    extent = _extent(view, projection, transform)
    _base_map(axes, projection, transform, extent)
    axes.add_patch(_box(extent, facecolor="none", edgecolor=BORDER, linewidth=0.6, zorder=6))
    axes.add_patch(_box(extent, facecolor=SEA, edgecolor="none", zorder=0))
    _legs(axes, view, transform, greyscale, grouped)
    _places(axes, view, transform, greyscale)
    axes.set_xlim(extent[0], extent[2])
    axes.set_ylim(extent[1], extent[3])
    axes.set_aspect("equal", adjustable="box")
    axes.set_anchor("C")
    axes.apply_aspect()  # the map's final place on the page, before labels are placed
    _titles(figure, view)
    legend = _legend(figure, view, wide, greyscale)
    scale = _scale_bar(axes, projection, transform)
    figure.text(0.02, 0.015, textwrap.fill(view.credit, 160), fontsize=7, color=MUTED,
                gid="credit", va="bottom", parse_math=False)
    renderer = figure.canvas.get_renderer()
    place_labels(axes, renderer, _labels(view, transform, greyscale),
                 keep_clear=[legend.get_window_extent(renderer),
                             *(part.get_window_extent(renderer) for part in scale)])
    return figure


def _points(view: View) -> list[tuple[float, float]]:
    return [(lon, lat) for leg in view.legs for lon, lat in leg["line"]] + [
        (node["lon"], node["lat"]) for node in view.nodes]


def _project(transform: Any, line: list[tuple[float, float]]
             ) -> tuple[list[float], list[float]]:
    xs, ys = transform.transform([lon for lon, _ in line], [lat for _, lat in line])
    return list(xs), list(ys)


def _extent(view: View, projection: Projection, transform: Any
            ) -> tuple[float, float, float, float]:
    xs, ys = _project(transform, [(projection.around_centre(lon), lat)
                                  for lon, lat in _points(view)])
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    pad = MARGIN * max(east - west, north - south, 100_000.0)
    return west - pad, south - pad, east + pad, north + pad


def _box(extent: tuple[float, float, float, float], **properties: Any) -> Any:
    """The rectangle of ``extent``: the sea behind the map, or its frame."""
    from matplotlib.patches import Rectangle

    west, south, east, north = extent
    return Rectangle((west, south), east - west, north - south, **properties)


def _base_map(axes: Any, projection: Projection, transform: Any,
              extent: tuple[float, float, float, float]) -> None:
    """Natural Earth land and borders around the data (1:50m), projected."""
    from matplotlib.collections import LineCollection, PolyCollection

    rings, holes, borders = _base_map_lines(projection, DETAIL * (extent[2] - extent[0]))
    axes.add_collection(PolyCollection(rings, facecolors=LAND, edgecolors="none", zorder=1,
                                       gid="land"), autolim=False)
    if holes:
        axes.add_collection(PolyCollection(holes, facecolors=SEA, edgecolors="none",
                                           zorder=1), autolim=False)
    axes.add_collection(LineCollection(borders, colors=BORDER, linewidths=0.5, zorder=2,
                                       gid="borders"), autolim=False)


@lru_cache(maxsize=8)
def _base_map_lines(projection: Projection, tolerance: float
                    ) -> tuple[list[Any], list[Any], list[Any]]:
    """The base map's land outlines, the holes in them and the borders, projected and
    simplified to ``tolerance`` metres (finer detail would not show, and would weigh); kept
    for the other sizes of the same image."""
    import shapely

    from logimap.bundled import naturalearth

    lon_pad = max(10.0, 0.3 * (projection.east - projection.west))
    lat_pad = max(8.0, 0.3 * (projection.north - projection.south))
    bbox = (max(projection.west - lon_pad, projection.centre_lon - 179.9),
            max(-89.0, projection.south - lat_pad),
            min(projection.east + lon_pad, projection.centre_lon + 179.9),
            min(89.0, projection.north + lat_pad))
    transform = projection.transformer()

    def projected(geometry: Any) -> Any:
        geometry = shapely.transform(shapely.segmentize(geometry, 1.0),
                                     lambda xy: _projected_array(transform, xy))
        return shapely.simplify(geometry, tolerance, preserve_topology=True)

    land = [polygon for polygon in shapely.get_parts(projected(
        naturalearth.land(bbox, "50m"))) if not polygon.is_empty]
    borders = projected(naturalearth.borders(bbox, "50m"))
    return ([shapely.get_coordinates(polygon.exterior) for polygon in land],
            [shapely.get_coordinates(ring) for polygon in land for ring in polygon.interiors],
            [shapely.get_coordinates(line) for line in shapely.get_parts(borders)
             if not line.is_empty])


def _projected_array(transform: Any, xy: Any) -> Any:
    import numpy as np

    xs, ys = transform.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([xs, ys])


def _xy(transform: Any, line: list[tuple[float, float]]) -> list[tuple[float, float]]:
    xs, ys = _project(transform, line)
    return list(zip(xs, ys, strict=True))


def _grey(colour: str) -> str:
    """``colour`` as the grey of its luminance (ITU-R BT.709 weights)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    level = round(0.2126 * red + 0.7152 * green + 0.0722 * blue)
    return f"#{level:02x}{level:02x}{level:02x}"


def _legs(axes: Any, view: View, transform: Any, greyscale: bool, grouped: bool) -> None:
    """The legs, flow after flow, schematic legs dashed; with ``grouped`` each flow's in a
    group of its own, ``flow-<id>`` (for the SVG; the flows after the first
    ``GROUPED_FLOWS`` share one, ``flows-more``), else all in one collection (as fast to draw
    for ten flows as for a thousand). The schematic stretches thin, grey and dotted."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    by_flow: dict[str, list[dict[str, Any]]] = {}
    for leg in view.legs:
        by_flow.setdefault(leg["flow"], []).append(leg)
    drawn: list[tuple[str, list, list, list, list]] = []
    for flow in view.flows:
        colour = to_rgba(_grey(flow["colour"]) if greyscale else flow["colour"],
                         float(flow["opacity"]))
        legs = by_flow[flow["id"]]
        drawn.append((flow["id"], [_xy(transform, leg["line"]) for leg in legs],
                      [colour] * len(legs),
                      [float(flow["width"]) * POINTS_PER_PIXEL] * len(legs),
                      [(0, (4, 3)) if leg["basis"] == "schematic" else "solid"
                       for leg in legs]))
    def joined(name: str, parts: list[tuple[str, list, list, list, list]]) -> list:
        return [(name, *([item for part in parts for item in part[index]]
                         for index in range(1, 5)))] if parts else []

    groups = ([(f"flow-{part[0]}", *part[1:]) for part in drawn[:GROUPED_FLOWS]]
              + joined("flows-more", drawn[GROUPED_FLOWS:]) if grouped
              else joined("flows", drawn))
    for gid, lines, colours, widths, dashes in groups:
        axes.add_collection(LineCollection(
            lines, colors=colours, linewidths=widths, linestyles=dashes, capstyle="round",
            joinstyle="round", zorder=3, gid=gid), autolim=False)
    stretches = [_xy(transform, line) for leg in view.legs for line in leg["stretches"]]
    if stretches:
        axes.add_collection(LineCollection(stretches, colors=STRETCH, linewidths=0.8,
                                           linestyles=(0, (1, 2)), zorder=3,
                                           gid="stretches"), autolim=False)


def _places(axes: Any, view: View, transform: Any, greyscale: bool) -> None:
    xs, ys = _project(transform, [(node["lon"], node["lat"]) for node in view.nodes])
    colours = [style.KIND_STYLES.get(node["kind"], style.OTHER_KIND)[0] for node in view.nodes]
    if greyscale:
        colours = [_grey(colour) for colour in colours]
    axes.scatter(xs, ys, s=14, c=colours, edgecolors=INK, linewidths=0.5, zorder=4,
                 gid="places")


def _labels(view: View, transform: Any, greyscale: bool) -> list[Label]:
    """The volume labels (each flow's headline figure, beside the middle of its longest
    leg), then the places' names, most important first."""
    labels = []
    for flow in view.flows[:LEGEND_FLOWS]:
        legs = [leg for leg in view.legs if leg["flow"] == flow["id"]]
        if not flow["headline"] or not legs:
            continue
        line = max(legs, key=lambda leg: (leg["length_km"] or 0.0, leg["id"]))["line"]
        x, y = _xy(transform, [line[len(line) // 2]])[0]
        labels.append(Label(flow["headline"], x, y, {
            "fontsize": 7.5, "fontweight": "bold", "color": INK, "zorder": 7,
            "parse_math": False,
            "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85,
                     "edgecolor": _grey(flow["colour"]) if greyscale else flow["colour"],
                     "linewidth": 1.2}}))
    ends = {node for leg in view.legs for node in (leg["from_node"], leg["to_node"])}
    ranked = sorted(view.nodes, key=lambda node: (style.label_tier(
        node["kind"], node["precision"], bool(node["claim_ids"]), node["id"] in ends) or 0,
        node["id"]))
    for node in ranked[:MOST_LABELS - len(labels)]:
        x, y = _xy(transform, [(node["lon"], node["lat"])])[0]
        labels.append(Label(node["label"] or node["name"], x, y, {
            "fontsize": 7, "color": INK, "zorder": 7, "parse_math": False}))
    return labels


def _titles(figure: Figure, view: View) -> None:
    figure.text(0.02, 0.975, view.title, fontsize=15, fontweight="bold", color=INK,
                va="top", gid="title", parse_math=False, wrap=True)
    lines = [line for line in (view.subtitle, view.dates) if line]
    if lines:
        figure.text(0.02, 0.915, "\n".join(lines), fontsize=9, color=MUTED, va="top",
                    gid="subtitle", parse_math=False)


def _legend(figure: Figure, view: View, wide: bool, greyscale: bool) -> Any:
    """The flows shown: colour, name and headline figure with its unit."""
    from matplotlib.lines import Line2D

    handles, names = [], []
    for flow in view.flows[:LEGEND_FLOWS]:
        colour = _grey(flow["colour"]) if greyscale else flow["colour"]
        handles.append(Line2D([], [], color=colour, linewidth=3, alpha=float(flow["opacity"]),
                              gid=f"legend-{flow['id']}"))
        text = f"{flow['name']}: {flow['headline']}" if flow["headline"] else flow["name"]
        names.append(textwrap.fill(text, LEGEND_WRAP))
    notes = [view.note] if view.note else []
    if len(view.flows) > LEGEND_FLOWS:
        notes.append(f"The first {LEGEND_FLOWS} of {len(view.flows):,} flows drawn.")
    title = "\n".join(["Flows", *(textwrap.fill(note, LEGEND_WRAP) for note in notes)])
    place = ({"loc": "upper left", "bbox_to_anchor": (0.70, 0.86)} if wide else
             {"loc": "upper left", "bbox_to_anchor": (0.03, 0.32), "ncols": 2})
    legend = figure.legend(handles, names, title=title, fontsize=7.5, title_fontsize=8.5,
                           frameon=False, alignment="left", handlelength=2.2, **place)
    legend.set_gid("legend")
    for text in (*legend.get_texts(), legend.get_title()):
        text.set_parse_math(False)
    return legend


def _scale_bar(axes: Any, projection: Projection, transform: Any) -> list[Any]:
    """A bar of a round length in km at the map's lower left, measured along the parallel
    at the centre of the data (true there; a conic's scale changes away from it)."""
    west, east = axes.get_xlim()
    south, north = axes.get_ylim()
    lat = (projection.south + projection.north) / 2.0
    x0, _ = transform.transform(projection.centre_lon, lat)
    x1, _ = transform.transform(projection.centre_lon + 1.0, lat)
    from pyproj import Geod

    _, _, metres = Geod(ellps="WGS84").inv(projection.centre_lon, lat,
                                           projection.centre_lon + 1.0, lat)
    per_km = abs(x1 - x0) / (metres / 1000.0)
    target = (east - west) / 5.0 / per_km
    power = 10 ** math.floor(math.log10(target))
    km = max((n * power for n in NICE if n * power <= target), default=power)
    left, base = west + 0.03 * (east - west), south + 0.04 * (north - south)
    length = km * per_km
    (bar,) = axes.plot([left, left + length], [base, base], color=INK, linewidth=1.5,
                       solid_capstyle="butt", zorder=8, gid="scale-bar")
    text = axes.text(left + length / 2.0, base + 0.012 * (north - south), f"{km:,.0f} km",
                     ha="center", va="bottom", fontsize=7, color=INK, zorder=8,
                     parse_math=False)
    return [bar, text]
