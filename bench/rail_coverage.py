"""``python -m bench.rail_coverage``: how many of the world's rail border crossings and main
lines the bundled railways join.

Each case is a rail leg between real places: for a border crossing, a town on either side of
it, each farther from the border than its join radius (a town beside the border may join the
neighbour's line straight, which would say nothing of the crossing); for a main line, its ends
and the towns it is known to pass through, as via stops. Every stop's coordinate comes from a
gazetteer entry that logimap bundles (GeoNames towns and UN/LOCODE places, looked up with
``logimap.bundled.gazetteer``: the entries ``logimap place`` prints). Nothing is typed by
hand: a stop names its entry, and the bench stops when the gazetteer no longer holds it.

Each leg is routed as ``logimap build`` routes it (``logimap.route.leg_geometry``, the
bundled railways and no project edges, each stop at its entry's precision) and the bench
records whether a line was drawn, its length against the great circle through the stops, and
whether it doubles back: the line comes back within ``RETURN_KM`` of a point it passed more
than ``2 × SPUR_KM`` earlier (an out-and-back spur, as when a gap in the network sends a
leg on to the next junction and back). A case is **joined** when a line is drawn, it is no
longer than ``DETOUR`` times the great circle plus ``SLACK_KM`` (the simplified network's
corners and the straight stretches from each stop to the line), it does not double back, and
its path on the network passes every stop's country (a town near a border may join the
neighbour's line straight, within its join radius, which says nothing about the crossing).

With ``--compare REF`` the same cases are also routed by logimap at git revision ``REF`` (in a
child process, its code taken from git), so a change to the bundled data shows as before and
after. Prints Markdown and writes it to ``bench/RAIL.md`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "RAIL.md"
RETURN_KM = 1.0
SPUR_KM = 5.0
DETOUR = 1.5
SLACK_KM = 30.0


@dataclass(frozen=True)
class Stop:
    """A station or town, by the gazetteer entry that gives its coordinate: "GeoNames <id>"
    or "UN/LOCODE <country> <code>", looked up by ``name`` in ``country``."""

    name: str
    country: str
    entry: str


@dataclass(frozen=True)
class Case:
    """A rail leg through ``stops`` in order; ``within`` as a leg's field."""

    kind: str  # "crossing" or "main line"
    label: str
    stops: tuple[Stop, ...]
    within: tuple[str, ...] = ()


def _geonames(name: str, country: str, ident: int) -> Stop:
    return Stop(name, country, f"GeoNames {ident}")


def _locode(name: str, country: str, code: str) -> Stop:
    return Stop(name, country, f"UN/LOCODE {country} {code}")


def _crossing(label: str, *stops: Stop) -> Case:
    return Case("crossing", label, stops)


def _line(label: str, *stops: Stop, within: tuple[str, ...] = ()) -> Case:
    return Case("main line", label, stops, within)


G, L = _geonames, _locode
PETROPAVL = G("Petropavl", "KZ", 1520172)
KURGAN = L("Kurgan", "RU", "KRO")
ASTANA = G("Astana", "KZ", 1526273)
YEKATERINBURG = G("Yekaterinburg", "RU", 1486209)
ALMATY = G("Almaty", "KZ", 1526384)
TASHKENT = G("Tashkent", "UZ", 1512569)
MOSCOW = G("Moscow", "RU", 524901)
VLADIVOSTOK = G("Vladivostok", "RU", 2013348)
BEIJING = G("Beijing", "CN", 1816670)
WARSAW = G("Warsaw", "PL", 756135)
SOFIA = G("Sofia", "BG", 727011)
THESSALONIKI = G("Thessaloniki", "GR", 734077)
TABRIZ = G("Tabriz", "IR", 113646)
KUNMING = G("Kunming", "CN", 1804651)
VANCOUVER = G("Vancouver", "CA", 6173331)

# Rail border crossings: a town on either side, far enough from the border that neither
# joins the other side's line straight (within its join radius); the label names the crossing
# the line between them takes.
OMSK = G("Omsk", "RU", 1496153)
USSURIYSK = G("Ussuriysk", "RU", 2014006)
VIENTIANE = G("Vientiane", "LA", 1651944)
CROSSINGS = (
    _crossing("Petropavl–Kurgan (KZ–RU, Trans-Siberian)", PETROPAVL, KURGAN),
    _crossing("Petropavl–Omsk (KZ–RU, Trans-Siberian, Isilkul)", PETROPAVL, OMSK),
    _crossing("Orenburg–Aktobe (RU–KZ, Iletsk)", G("Orenburg", "RU", 515003),
              G("Aktobe", "KZ", 610611)),
    _crossing("Rubtsovsk–Semey (RU–KZ, Turkestan–Siberia, Lokot)",
              G("Rubtsovsk", "RU", 1493467), G("Semey", "KZ", 1519422)),
    _crossing("Usharal–Bole (KZ–CN, Dostyk–Alashankou)", G("Usharal", "KZ", 1517836),
              G("Bole", "CN", 8521718)),
    _crossing("Zharkent–Yining (KZ–CN, Altynkol–Khorgos)", G("Zharkent", "KZ", 1520253),
              G("Yining", "CN", 1529013)),
    _crossing("Borzya–Hailar (RU–CN, Zabaykalsk–Manzhouli)", G("Borzya", "RU", 2026126),
              G("Hailar", "CN", 2037078)),
    _crossing("Ussuriysk–Mudanjiang (RU–CN, Grodekovo–Suifenhe)", USSURIYSK,
              G("Mudanjiang", "CN", 2035715)),
    _crossing("Rajin–Ussuriysk (KP–RU, Tumangang–Khasan)", G("Rajin", "KP", 2042645),
              USSURIYSK),
    _crossing("Hoeryong–Yanji (KP–CN, Namyang–Tumen)", G("Hoeryong", "KP", 2044091),
              G("Yanji", "CN", 2033467)),
    _crossing("Chongju–Dandong (KP–CN, Sinuiju–Dandong)", G("Chongju", "KP", 1878389),
              G("Dandong", "CN", 2037886)),
    _crossing("Ulan-Ude–Sükhbaatar (RU–MN, Naushki)", G("Ulan-Ude", "RU", 2014407),
              G("Sukhbaatar", "MN", 2029156)),
    _crossing("Sainshand–Erenhot (MN–CN, Zamyn-Üüd–Erenhot)", G("Sainshand", "MN", 2032081),
              G("Erenhot", "CN", 2037485)),
    _crossing("Shymkent–Tashkent (KZ–UZ, Saryagash–Keles)", G("Shymkent", "KZ", 1518980),
              TASHKENT),
    _crossing("Beyneu–Kungrad (KZ–UZ)", G("Beyneu", "KZ", 610298), G("Kungrad", "UZ", 601323)),
    _crossing("Türkmenabat–Bukhara (TM–UZ, Farap–Alat)", G("Turkmenabat", "TM", 1219649),
              G("Bukhara", "UZ", 1217662)),
    _crossing("Mary–Mashhad (TM–IR, Sarakhs)", G("Mary", "TM", 1218667),
              G("Mashhad", "IR", 124665)),
    _crossing("Termez–Mazar-i-Sharif (UZ–AF, Hairatan)", L("Termez", "UZ", "TER"),
              G("Mazar-i-Sharif", "AF", 1133616)),
    _crossing("Rakvere–Kingisepp (EE–RU, Narva–Ivangorod)", G("Rakvere", "EE", 589165),
              G("Kingisepp", "RU", 548602)),
    _crossing("Kouvola–Vyborg (FI–RU, Vainikkala–Buslovskaya)", G("Kouvola", "FI", 650859),
              G("Vyborg", "RU", 470546)),
    _crossing("Kaunas–Chernyakhovsk (LT–RU, Kybartai–Nesterov)", G("Kaunas", "LT", 598316),
              G("Chernyakhovsk", "RU", 568595)),
    _crossing("Vilnius–Maladzyechna (LT–BY, Kena–Gudogai)", G("Vilnius", "LT", 593116),
              G("Maladzyechna", "BY", 625625)),
    _crossing("Biała Podlaska–Brest (PL–BY, Terespol–Brest)",
              G("Biala Podlaska", "PL", 776175), G("Brest", "BY", 629634)),
    _crossing("Białystok–Hrodna (PL–BY, Kuźnica)", G("Bialystok", "PL", 776069),
              G("Hrodna", "BY", 627904)),
    _crossing("Chełm–Kovel (PL–UA, Dorohusk–Yahodyn)", G("Chelm", "PL", 774558),
              L("Kovel", "UA", "KVL")),
    _crossing("Przemyśl–Lviv (PL–UA, Przemyśl–Mostyska)", G("Przemysl", "PL", 761168),
              G("Lviv", "UA", 702550)),
    _crossing("Nyíregyháza–Mukachevo (HU–UA, Záhony–Chop)", G("Nyiregyhaza", "HU", 716935),
              G("Mukachevo", "UA", 700646)),
    _crossing("Iași–Chișinău (RO–MD, Ungheni)", L("Iasi", "RO", "IAS"),
              G("Chisinau", "MD", 618426)),
    _crossing("Suceava–Chernivtsi (RO–UA, Vadul Siret)", G("Suceava", "RO", 665850),
              G("Chernivtsi", "UA", 710719)),
    _crossing("Berlin–Poznań (DE–PL, Frankfurt (Oder)–Rzepin)", G("Berlin", "DE", 2950159),
              G("Poznan", "PL", 3088171)),
    _crossing("Offenburg–Strasbourg (DE–FR, Kehl)", G("Offenburg", "DE", 2857798),
              G("Strasbourg", "FR", 2973783)),
    _crossing("Freiburg–Basel (DE–CH)", G("Freiburg", "DE", 2925177), G("Basel", "CH", 2661604)),
    _crossing("Lugano–Milan (CH–IT, Chiasso)", G("Lugano", "CH", 2659836),
              G("Milan", "IT", 3173435)),
    _crossing("Innsbruck–Bolzano (AT–IT, Brenner)", G("Innsbruck", "AT", 2775220),
              G("Bolzano", "IT", 3181913)),
    _crossing("Bayonne–San Sebastián (FR–ES, Hendaye–Irun)", G("Bayonne", "FR", 3034475),
              G("San Sebastian", "ES", 3110044)),
    _crossing("Wiener Neustadt–Sopron (AT–HU)", G("Wiener Neustadt", "AT", 2761353),
              G("Sopron", "HU", 3045190)),
    _crossing("Győr–Vienna (HU–AT, Hegyeshalom)", G("Gyor", "HU", 3052009),
              G("Vienna", "AT", 2761369)),
    _crossing("Kiskunhalas–Novi Sad (HU–RS, Kelebia–Subotica)",
              G("Kiskunhalas", "HU", 3049880), G("Novi Sad", "RS", 3194360)),
    _crossing("Niš–Sofia (RS–BG, Dimitrovgrad–Dragoman)", G("Nis", "RS", 787657), SOFIA),
    _crossing("Plovdiv–Edirne (BG–TR, Kapıkule)", G("Plovdiv", "BG", 728193),
              G("Edirne", "TR", 747712)),
    _crossing("Ruse–Bucharest (BG–RO, Giurgiu)", G("Ruse", "BG", 727523),
              G("Bucharest", "RO", 683506)),
    _crossing("Skopje–Thessaloniki (MK–GR, Gevgelija–Idomeni)", G("Skopje", "MK", 785842),
              THESSALONIKI),
    _crossing("Sofia–Thessaloniki (BG–GR, Kulata–Promachonas)", SOFIA, THESSALONIKI),
    _crossing("Kars–Tbilisi (TR–GE, Baku–Tbilisi–Kars line)", G("Kars", "TR", 743952),
              G("Tbilisi", "GE", 611717)),
    _crossing("Nakhchivan–Tabriz (AZ–IR, Julfa)", G("Nakhchivan", "AZ", 147429), TABRIZ),
    _crossing("Astara–Astara (AZ–IR)", G("Astara", "AZ", 148445), G("Astara", "IR", 142676)),
    _crossing("Baku–Derbent (AZ–RU, Yalama–Samur)", G("Baku", "AZ", 587084),
              G("Derbent", "RU", 566532)),
    _crossing("Tabriz–Van (IR–TR, Razi–Kapıköy)", TABRIZ, G("Van", "TR", 298117)),
    _crossing("Zahedan–Quetta (IR–PK, Mirjaveh–Taftan)", G("Zahedan", "IR", 1159301),
              G("Quetta", "PK", 1167528)),
    _crossing("Amritsar–Lahore (IN–PK, Attari–Wagah)", G("Amritsar", "IN", 1278710),
              G("Lahore", "PK", 1172451)),
    _crossing("Hanoi–Nanning (VN–CN, Đồng Đăng–Pingxiang)", G("Hanoi", "VN", 1581130),
              G("Nanning", "CN", 1799869)),
    _crossing("Lào Cai–Kunming (VN–CN, Hekou)", G("Lao Cai", "VN", 1576303), KUNMING),
    _crossing("Udon Thani–Vientiane (TH–LA, Nong Khai–Thanaleng)",
              G("Udon Thani", "TH", 1605239), VIENTIANE),
    _crossing("Alor Setar–Hat Yai (MY–TH, Padang Besar)", G("Alor Setar", "MY", 1736309),
              G("Hat Yai", "TH", 1610780)),
    _crossing("London–Flint (CA–US, Sarnia–Port Huron)", G("London", "CA", 6058560),
              G("Flint", "US", 4992982)),
    _crossing("Vancouver–Seattle (CA–US, Blaine)", VANCOUVER, G("Seattle", "US", 5809844)),
    _crossing("Montreal–Plattsburgh (CA–US, Lacolle–Rouses Point)",
              G("Montreal", "CA", 6077243), G("Plattsburgh", "US", 5131692)),
    _crossing("Monterrey–San Antonio (MX–US, Nuevo Laredo–Laredo)",
              G("Monterrey", "MX", 3995465), G("San Antonio", "US", 4726206)),
    _crossing("Chihuahua–Las Cruces (MX–US, Ciudad Juárez–El Paso)",
              G("Chihuahua", "MX", 4014338), G("Las Cruces", "US", 5475352)),
    _crossing("Polokwane–Bulawayo (ZA–ZW, Beitbridge)", G("Polokwane", "ZA", 965289),
              G("Bulawayo", "ZW", 894701)),
    _crossing("Mbombela–Maputo (ZA–MZ, Komatipoort–Ressano Garcia)",
              G("Mbombela", "ZA", 971534), G("Maputo", "MZ", 1040652)),
    _crossing("Kalomo–Hwange (ZM–ZW, Victoria Falls Bridge)", G("Kalomo", "ZM", 915086),
              G("Hwange", "ZW", 889942)),
    _crossing("Mbeya–Kasama (TZ–ZM, TAZARA, Tunduma–Nakonde)", G("Mbeya", "TZ", 154380),
              G("Kasama", "ZM", 912764)),
    _crossing("Bungoma–Jinja (KE–UG, Malaba)", G("Bungoma", "KE", 200067),
              G("Jinja", "UG", 233114)),
    _crossing("Dire Dawa–Djibouti (ET–DJ)", G("Dire Dawa", "ET", 338832),
              G("Djibouti", "DJ", 223817)),
)

# Main lines: their ends and towns they pass through.
MAIN_LINES = (
    _line("Astana–Petropavl–Yekaterinburg", ASTANA, PETROPAVL, YEKATERINBURG),
    _line("Astana–Kokshetau–Petropavl", ASTANA, L("Kokshetau", "KZ", "KOV"), PETROPAVL),
    _line("Petropavl–Kurgan–Yekaterinburg", PETROPAVL, KURGAN, YEKATERINBURG),
    _line("Moscow–Vladivostok (Trans-Siberian, within RU)", MOSCOW, VLADIVOSTOK, within=("RU",)),
    _line("Yekaterinburg–Omsk–Novosibirsk", YEKATERINBURG, OMSK,
          G("Novosibirsk", "RU", 1496747)),
    _line("Almaty–Tashkent", ALMATY, TASHKENT),
    _line("Almaty–Urumqi via Dostyk", ALMATY, G("Dostyk (Druzhba)", "KZ", 1524537),
          G("Urumqi", "CN", 1529102)),
    _line("Beijing–Ulaanbaatar–Irkutsk (Trans-Mongolian)", BEIJING,
          G("Ulaanbaatar", "MN", 2028462), G("Irkutsk", "RU", 2023469)),
    _line("Harbin–Manzhouli–Chita (Trans-Manchurian)", G("Harbin", "CN", 2037013),
          G("Manzhouli", "CN", 2035836), G("Chita", "RU", 2025339)),
    _line("Vladivostok–Khabarovsk", VLADIVOSTOK, G("Khabarovsk", "RU", 2022890)),
    _line("Moscow–Minsk–Warsaw", MOSCOW, G("Minsk", "BY", 625144), WARSAW),
    _line("Warsaw–Berlin", WARSAW, G("Berlin", "DE", 2950159)),
    _line("Paris–Madrid", G("Paris", "FR", 2988507), G("Madrid", "ES", 3117735)),
    _line("Istanbul–Ankara", G("Istanbul", "TR", 745044), G("Ankara", "TR", 323786)),
    _line("Tehran–Mashhad", G("Tehran", "IR", 112931), G("Mashhad", "IR", 124665)),
    _line("Beijing–Guangzhou", BEIJING, G("Guangzhou", "CN", 1809858)),
    _line("Kunming–Vientiane (Laos–China Railway)", KUNMING, VIENTIANE),
    _line("Delhi–Mumbai", G("Delhi", "IN", 1273294), G("Mumbai", "IN", 1275339)),
    _line("Chicago–Los Angeles", G("Chicago", "US", 4887398), G("Los Angeles", "US", 5368361)),
    _line("Toronto–Vancouver", G("Toronto", "CA", 6167865), VANCOUVER),
    _line("Johannesburg–Cape Town", G("Johannesburg", "ZA", 993800),
          G("Cape Town", "ZA", 3369157)),
    _line("Mombasa–Nairobi", G("Mombasa", "KE", 186301), G("Nairobi", "KE", 184745)),
    _line("Sydney–Perth", G("Sydney", "AU", 2147714), G("Perth", "AU", 2063523)),
)
CASES = CROSSINGS + MAIN_LINES


@dataclass(frozen=True)
class Outcome:
    """One case routed: the great circle through its stops, the drawn length (None when no
    line was drawn, with the reason), the longest stretch after which the line comes back
    to a point it passed (0 when it never does), the countries its path on the network passes
    and the stops' countries."""

    label: str
    great_circle_km: float
    drawn_km: float | None
    doubles_back_km: float
    problem: str = ""
    through: str = ""  # the countries its path on the network passes, in order
    stop_countries: str = ""

    @property
    def misses(self) -> list[str]:
        """The stops' countries that the path on the network does not pass: a stop joined
        a line across the border straight, so the network's crossing was not used."""
        passed = self.through.split(", ")
        return [c for c in self.stop_countries.split(", ") if c and c not in passed]

    @property
    def ratio(self) -> float | None:
        return None if self.drawn_km is None else self.drawn_km / self.great_circle_km

    @property
    def joined(self) -> bool:
        return (self.drawn_km is not None and not self.doubles_back_km and not self.misses
                and self.drawn_km <= DETOUR * self.great_circle_km + SLACK_KM)


def resolve(stop: Stop) -> object:
    """The stop as a ``logimap.model.Node``, its coordinate from the entry it names."""
    from logimap.bundled.names import words
    from logimap.model import Location, Node

    ident = "_".join(words(f"{stop.name} {stop.country}"))
    from logimap.bundled.gazetteer import look_up

    for place in look_up(stop.name, stop.country, limit=50):
        if place.basis.startswith(f"{stop.entry} ") or place.basis == stop.entry:
            return Node(ident, stop.name, place.kind, place.country, place.lon, place.lat,
                        place.precision, place.basis, "", Location("gazetteer"))
    raise SystemExit(f"the gazetteer has no entry {stop.entry!r} called {stop.name!r} in "
                     f"{stop.country}: look it up with 'logimap place' and fix the case")


def doubles_back_km(coords: list[tuple[float, float]]) -> float:
    """The longest stretch of the line after which it comes back within ``RETURN_KM`` of a
    point it passed, when longer than ``2 × SPUR_KM``; else 0."""
    import numpy as np
    from scipy.spatial import cKDTree

    from logimap.geo.geodesy import GEOD
    from logimap.geo.sphere import EARTH_KM, xyz

    lon, lat = np.array(coords, dtype=float).T
    steps = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])[2] / 1000.0
    along = np.concatenate([[0.0], np.cumsum(steps)])
    pairs = cKDTree(xyz(lon, lat)).query_pairs(RETURN_KM / EARTH_KM, output_type="ndarray")
    if not len(pairs):
        return 0.0
    longest = float(np.max(np.abs(along[pairs[:, 1]] - along[pairs[:, 0]])))
    return longest if longest > 2 * SPUR_KM else 0.0


def route_cases(cases: tuple[Case, ...]) -> list[Outcome]:
    """Every case routed over the bundled railways, as one build routes its legs."""
    from logimap.errors import GeometryError
    from logimap.geo.geodesy import distance_km
    from logimap.model import Flow, Leg, Location, Scenario
    from logimap.route import leg_geometry
    from logimap.route.geometry import RouteCache

    nodes = {}
    for case in cases:
        for stop in case.stops:
            node = resolve(stop)
            nodes[node.id] = node
    legs = []
    for number, case in enumerate(cases):
        ids = [resolve(stop).id for stop in case.stops]
        legs.append(Leg(f"case-{number}", "cases", "rail", ids[0], ids[-1], tuple(ids[1:-1]),
                        "modelled", "", (), None, Location("bench", line=number),
                        within=case.within))
    flow = Flow("cases", "cases", "cases", "", None, "", "", tuple(legs), (), Location("bench"))
    scenario = Scenario(ROOT, "rail coverage", "", "", {}, (), tuple(nodes.values()), (),
                        (flow,), ())
    cache = RouteCache()
    outcomes = []
    for case, leg in zip(cases, legs, strict=True):
        points = [(nodes[i].lon, nodes[i].lat) for i in leg.stops]
        circle = sum(distance_km(a, b) for a, b in pairwise(points))
        countries = ", ".join(dict.fromkeys(nodes[i].country for i in leg.stops))
        try:
            line = leg_geometry(scenario, leg, cache)
        except GeometryError as error:
            why = str(error).split(f"'{leg.id}': ", 1)[-1]  # without the bench's leg id
            outcomes.append(Outcome(case.label, circle, None, 0.0, why,
                                    stop_countries=countries))
            continue
        outcomes.append(Outcome(case.label, circle, line.length_km,
                                doubles_back_km(list(line.coords)),
                                through=", ".join(through(cache, scenario, leg)),
                                stop_countries=countries))
    return outcomes


def through(cache: object, scenario: object, leg: object) -> list[str]:
    """The countries (alpha-2 codes) that the network path of a routed leg passes, in order."""
    from logimap.route.graph import join_km

    router = cache.routers["rail"]
    nodes = [scenario.node_by_id[stop] for stop in leg.stops]
    found: list[str] = []
    for a, b in pairwise(nodes):
        vertices = router.path((a.lon, a.lat), (b.lon, b.lat), (join_km(a), join_km(b)),
                               frozenset(leg.within))[1]
        found += router.countries_of(vertices)
    return list(dict.fromkeys(found))


def route_at(ref: str, work: Path) -> list[Outcome]:
    """The cases routed by logimap at git revision ``ref`` (its bundled data included)."""
    from bench.routing import checkout

    tree = checkout(ref, work)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree / "src"), str(ROOT)]),
           "LOGIMAP_CACHE_DIR": ""}
    done = subprocess.run([sys.executable, "-m", "bench.rail_coverage", "--json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return [Outcome(**row) for row in json.loads(done.stdout)]


def _km(value: float | None) -> str:
    return "no line" if value is None else f"{value:,.0f}"


def _result(outcome: Outcome) -> str:
    if outcome.drawn_km is None:
        return f"**no line**: {outcome.problem}"
    words = [f"{_km(outcome.drawn_km)} km, ×{outcome.ratio:.2f}"]
    if outcome.doubles_back_km:
        words.append(f"doubles back over {outcome.doubles_back_km:,.0f} km")
    if outcome.misses:
        words.append(f"a stop joins a line across the border straight (the path does not "
                     f"pass {', '.join(outcome.misses)})")
    words.append(f"through {outcome.through}")
    return "; ".join(words) + ("" if outcome.joined else " — **not joined**")


def _counts(outcomes: list[Outcome], kind: str) -> str:
    chosen = [o for o, c in zip(outcomes, CASES, strict=True) if c.kind == kind]
    return f"{sum(o.joined for o in chosen)} of {len(chosen)}"


def report(outcomes: list[Outcome], before: list[Outcome] | None, ref: str | None,
           seconds: float) -> str:
    """The cases and the coverage figures as Markdown."""
    lines = ["# Rail coverage of the bundled railways", "",
             f"Generated by `python -m bench.rail_coverage{f' --compare {ref}' if ref else ''}"
             f"` in {seconds:.0f} s. Each case is a rail leg between real places (see "
             "`bench/rail_coverage.py`), routed over the bundled railways with no project "
             f"edges. **Joined**: a line is drawn, no longer than {DETOUR:g} × the great "
             f"circle through the stops + {SLACK_KM:g} km, it does not double back (come "
             f"back within {RETURN_KM:g} km of a point it passed more than {2 * SPUR_KM:g} km "
             "earlier), and its path on the network passes every stop's country (a town near "
             "a border may join the neighbour's line straight, within its join radius). "
             "\"through\": the countries of that path, in order.", "",
             "| | border crossings joined | main lines joined |", "|---|---|---|"]
    if before is not None:
        lines.append(f"| `{ref}` | {_counts(before, 'crossing')} | "
                     f"{_counts(before, 'main line')} |")
    lines += [f"| this code | {_counts(outcomes, 'crossing')} | "
              f"{_counts(outcomes, 'main line')} |", ""]
    header = ["kind", "case", "stops (gazetteer entry)", "great circle km"]
    header += [f"`{ref}`", "this code"] if before is not None else ["drawn"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, (case, outcome) in enumerate(zip(CASES, outcomes, strict=True)):
        stops = "; ".join(f"{s.name} ({s.entry})" for s in case.stops)
        if case.within:
            stops += f"; within {', '.join(case.within)}"
        row = [case.kind, case.label, stops, _km(outcome.great_circle_km)]
        if before is not None:
            row.append(_result(before[index]))
        row.append(_result(outcome))
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rail_coverage",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--compare", metavar="REF",
                        help="also route the cases with logimap at this git revision")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    parser.add_argument("--json", action="store_true",
                        help="print the outcomes as JSON and write nothing (used by --compare)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    outcomes = route_cases(CASES)
    if args.json:
        print(json.dumps([asdict(o) for o in outcomes]))
        return 0
    before = None
    if args.compare:
        with tempfile.TemporaryDirectory(prefix="rail-coverage-") as work:
            before = route_at(args.compare, Path(work))
    text = report(outcomes, before, args.compare, time.perf_counter() - start)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
