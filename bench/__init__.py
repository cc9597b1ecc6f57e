"""Benchmarks: logimap's start-up, build time and scale, side by side with plain folium.

Run from the repository root::

    python -m bench                        # 5 runs per figure at 100, 1,000 and 10,000 legs
    python -m bench --quick                # 3 runs at 100 and 1,000 legs, no warm-up runs
    python -m bench --sizes 20 --repeat 1 --out /tmp/RESULTS.md --no-browser

It prints Markdown tables and writes them to ``bench/RESULTS.md``: the machine, the versions,
and for every figure the median and the spread (min–max) of the runs, beside a floor or
baseline measured in the same run:

1. ``logimap --help`` and ``logimap validate`` (the default scenario) beside
   ``python -c pass`` and ``python -c "import geopandas, folium"`` (the import floor);
2. ``logimap build`` of the default scenario (every output) beside the import floor, from an
   empty route store (a first build) and with the routes an earlier build stored (a rebuild);
3. the first route of one leg between real places in a fresh process (``bench/routing.py``: a
   long sea leg, a river port, a leg across ±180, a long rail and road leg within Russia),
   and with ``--compare REF`` the same legs and the default build by logimap at another git
   revision;
4. at each size, a synthetic project (``bench/synth.py``): ``logimap build`` wall time (from an
   empty store, and with routes stored), peak memory and index.html size, and in headless
   Chromium the time to load it until idle and to redraw after a zoom step, beside the
   plain-folium baseline (``bench/baseline.py``) drawing the same legs with the same quotes.

``python -m bench.tracks`` measures tracks at scale (100 tracks of 10,000 fixes beside plain
folium, and ``logimap track extract`` over a 50-million-row AIS Parquet beside pandas) and
writes ``bench/TRACKS.md``; see ``bench/tracks.py``. ``python -m bench.rail_coverage`` routes
rail legs across 65 border crossings and along 23 main lines and writes ``bench/RAIL.md``: which
of them the bundled railways join; see ``bench/rail_coverage.py``.

Commands run as the user runs them: ``sys.executable`` and the ``logimap`` console script
beside it (not a pyenv shim), each in a fresh process; peak memory is the child's
``ru_maxrss``. Runs of a figure and of its floor or baseline are interleaved, so drift and
other load on the machine affect both alike; start-up commands get one unrecorded warm-up run
first (not in ``--quick``). Every route store is a folder of the run's own, never the user's
cache. Chromium is Debian's, launched by Playwright with the network
blocked; without it the browser figures are skipped, unless ``CI`` is set.
"""
