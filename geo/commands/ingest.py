"""``python -m geo ingest PATH...``: read articles, extract events, and store them with provenance."""

from __future__ import annotations

import getpass
import sys

from geo.commands import open_store_for_command
from geo.errors import IngestFailed

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "ingest"
HELP = "Add articles (.txt, .md with front matter, .html): extract places, actors, dates and store the events."


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--accept-all", action="store_true", help="store every proposed event whose place is known")
    mode.add_argument(
        "--dry-run", action="store_true", help="read and extract, print what would be stored, store nothing"
    )
    mode.add_argument(
        "--articles-only", action="store_true", help="store the articles, no events (review them in the app)"
    )
    parser.add_argument(
        "--min-confidence", type=float, default=0.7, help="without --accept-all, keep proposals at least this confident"
    )
    parser.add_argument("--published", help="publication date YYYY-MM-DD (overrides the files')")
    parser.add_argument("--title", help="title (overrides the files')")
    parser.add_argument("--publisher", help="publisher (overrides the files')")
    parser.add_argument("--url", help="URL of the article (overrides the files')")
    parser.add_argument("--author", help="author (overrides the files' byline; kept in the article's note)")
    parser.add_argument("--who", help="who is adding (stored in the provenance; default: the login name)")


def run(args, settings) -> int:
    from geo.intake.geocoding import OnlineGeocoder
    from geo.intake.ingest import ingest_files
    from geo.intake.organisations import load_organisations

    if not 0 <= args.min_confidence <= 1:
        raise IngestFailed(f"--min-confidence {args.min_confidence} is not between 0 and 1. Fix: give e.g. 0.7")
    from pathlib import Path

    for path in args.paths:
        if Path(path).is_symlink():
            print(f"note: {path} is a symbolic link; reading {Path(path).resolve()}", file=sys.stderr)
    store = open_store_for_command(settings)
    online = OnlineGeocoder(settings) if settings.online_geocoding else None
    accept = "all" if args.accept_all else ("none" if args.articles_only else "confident")
    metadata = {k: getattr(args, k) for k in ("title", "publisher", "published", "url", "author") if getattr(args, k)}

    def progress(done: int, total: int, name: str) -> None:
        print(f"[{done}/{total}] read {name}", file=sys.stderr, flush=True)

    report = ingest_files(
        store,
        args.paths,
        accept=accept,
        min_confidence=args.min_confidence,
        metadata=metadata,
        who=args.who or _login(),
        online=online,
        dry_run=args.dry_run,
        progress=progress,
        organisations=load_organisations(Path(settings.data_dir) / "organisations.csv"),
    )
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for event in report.events:
        print(
            f"{event['id']}\t{event['date_start'] or '-'}..{event['date_end'] or '-'}\t{event['place_id']}\t"
            f"{event['category']}\t{event['title']}"
        )
    if args.dry_run:
        print(
            f"dry run: {len(report.articles)} article(s), {len(report.events)} event(s) would be stored",
            file=sys.stderr,
        )
    else:
        changes = report.changes
        print(
            f"stored {len(report.articles)} article(s): {len(changes['added'])} event(s) added, "
            f"{len(changes['modified'])} modified, {len(report.events) - len(changes['added']) - len(changes['modified'])} "
            f"already stored; {len(report.places)} new place(s); data version {store.data_version()}",
            file=sys.stderr,
        )
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"
