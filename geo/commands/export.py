"""``python -m geo export``: the filtered events as GeoJSON, CSV or KML on stdout."""

from __future__ import annotations

from geo.commands import open_store_for_command, write_output
from geo.query import format_query, parse_query

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "export"
HELP = "Write the events selected by --query to stdout as GeoJSON (RFC 7946), CSV or KML."


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("geojson", "csv", "kml"), default="geojson")
    parser.add_argument("--query", default="", help="view query, same grammar as the app's URL (see README)")
    parser.add_argument("--out", help="write to this file instead of stdout")


def run(args, settings) -> int:
    from geo.evidence import Evidence
    from geo.export import write_export

    store = open_store_for_command(settings)
    evidence = Evidence.from_store(store)
    state, _ = parse_query(args.query, evidence.vocabulary, strict=True)
    events = evidence.select(state)
    metadata = {"query": format_query(state), "data_version": evidence.version, "count": len(events)}
    text = write_export(events, args.format, evidence.routes, metadata)
    write_output(text, args.out, f"{len(events)} events")
    return 0
