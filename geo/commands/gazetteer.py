"""``python -m geo gazetteer``: look places up offline, and extend the gazetteer from a GeoNames file."""

from __future__ import annotations

import sys

from geo.commands import open_store_for_command
from geo.errors import PlaceNotFound

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "gazetteer"
HELP = "Geocode a name offline (gazetteer lookup) or import places from a GeoNames-format file."


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lookup = actions.add_parser("lookup", help="print the gazetteer places a name or alias refers to")
    lookup.add_argument("name")
    importer = actions.add_parser(
        "import-geonames", help="add places from a GeoNames-format tab-separated file (e.g. the MM.txt dump)"
    )
    importer.add_argument("file")
    importer.add_argument("--country", action="append", default=[], help="keep only this ISO country code (repeat)")
    importer.add_argument("--dry-run", action="store_true", help="read and report, store nothing")


def run(args, settings) -> int:
    from geo.intake.gazetteer import Gazetteer
    from geo.intake.geocoding import OfflineGeocoder
    from geo.intake.geonames import read_geonames

    store = open_store_for_command(settings)
    gazetteer = Gazetteer.from_store(store)
    if args.action == "lookup":
        locations = OfflineGeocoder(gazetteer).geocode(args.name, exactly_one=False)
        if not locations:
            raise PlaceNotFound(
                f"'{args.name}' is not in the gazetteer. Fix: import it (gazetteer import-geonames FILE), "
                "turn on GEO_ONLINE_GEOCODING, or pin it by hand on the Add article page"
            )
        for location in locations:
            raw = location.raw
            print(
                f"{raw['id']}\t{location.latitude:.5f}\t{location.longitude:.5f}\t±{raw['precision_m']} m\t"
                f"{raw['kind']}\t{location.address}"
            )
        return 0
    rows = read_geonames(args.file, countries=args.country)
    new = [row for row in rows if row["id"] not in gazetteer]
    print(f"{args.file}: {len(rows)} place(s) read, {len(new)} new", file=sys.stderr)
    if args.dry_run or not new:
        return 0
    store.add_events([], origin="geonames", description=f"places imported from {args.file}", places=new)
    print(f"added {len(new)} place(s) to {settings.store_path}", file=sys.stderr)
    return 0
