"""``python -m bench.palette``: how far apart the flows' colours are.

For the default scenario and for projects of 12 and 18 flows, the smallest CIEDE2000
difference between two flows' colours (``logimap.tables.style.flow_colours``), as seen with
normal vision and with simulated deuteranopia (no green cones; Machado, Oliveira and
Fernandes 2009 at full severity, as ``coloraide`` implements it), with the pair concerned.
Prints a Markdown table (`python -m bench.images` writes it into bench/IMAGES.md).
"""

from __future__ import annotations

import itertools

from coloraide import Color

from logimap.pipeline import load
from logimap.tables import style


def closest(colours: list[str], deuteranopia: bool) -> tuple[float, str, str]:
    """The smallest CIEDE2000 difference between two of ``colours``, and the two."""
    seen = [Color(colour) for colour in colours]
    if deuteranopia:
        seen = [colour.filter("deutan", method="machado").clip() for colour in seen]
    return min((first.delta_e(second, method="2000"), colours[i], colours[j])
               for (i, first), (j, second) in itertools.combinations(enumerate(seen), 2))


def main() -> None:
    default = [flow.id for flow in load().flows]
    cases = [(f"default scenario ({len(default)} flows)", default),
             *((f"{count} flows", [f"flow-{n}" for n in range(count)]) for count in (12, 18))]
    print("| project | distinct colours | smallest ΔE00 (pair) | "
          "smallest ΔE00, deuteranopia (pair) |")
    print("|---|---|---|---|")
    for name, flow_ids in cases:
        colours = list(style.flow_colours(flow_ids).values())
        normal, deutan = closest(colours, False), closest(colours, True)
        print(f"| {name} | {len(set(colours))} of {len(colours)} | "
              f"{normal[0]:.1f} ({normal[1]}, {normal[2]}) | "
              f"{deutan[0]:.1f} ({deutan[1]}, {deutan[2]}) |")


if __name__ == "__main__":
    main()
