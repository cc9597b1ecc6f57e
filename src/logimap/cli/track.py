"""``logimap track``: work with track files; ``track extract`` pulls one vessel's or
aircraft's fixes out of a large dump."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("track")
def track_command() -> None:
    """Tracks of vessels and aircraft, for legs drawn from a track (see the README)."""


@track_command.command("extract")
@click.argument("source")
@click.option("--id", "ids", multiple=True, metavar="ID",
              help="MMSI, ICAO address or other id of the vessel or aircraft (repeat for "
              "several; the leg then names one with track_id).")
@click.option("--bbox", metavar="W,S,E,N", help="Only fixes in this box, in degrees (W > E: "
              "across ±180).")
@click.option("--from", "start", metavar="DATE", help="Only fixes from this date or time on "
              "(2023-09, 2023-09-07, 2023-09-07T04:00Z).")
@click.option("--to", "end", metavar="DATE", help="Only fixes up to this date (its last "
              "moment) or time.")
@click.option("--utc", is_flag=True, help="Times written without a zone are UTC.")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="The track file to write (CSV), e.g. tracks/angara.csv.")
def extract_command(source: str, ids: tuple[str, ...], bbox: str | None, start: str | None,
                    end: str | None, utc: bool, out: Path) -> None:
    """Pull the fixes of one vessel or aircraft out of SOURCE, a large AIS or ADS-B dump (CSV
    or Parquet, or a glob of them), into a track file: time,lat,lon,id,speed,course in time
    order, times in UTC, speeds in knots. DuckDB reads the dump piece by piece, so it never
    needs the memory the dump would take; progress is shown on long runs."""
    from logimap.read.tracks.extract import extract, parse_bbox, parse_moment

    def progress(percent: float, seconds: float) -> None:
        click.echo(f"extract: {percent:5.1f}% after {seconds:,.0f} s", err=True)

    done = extract(source, out, ids, parse_bbox(bbox) if bbox else None,
                   parse_moment(start, last=False) if start else None,
                   parse_moment(end, last=True) if end else None, utc=utc, progress=progress)
    click.echo(f"wrote {done.fixes:,} fixes to {done.path} in {done.seconds:.1f} s")
