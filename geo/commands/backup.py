"""``python -m geo backup PATH``: the whole store (SQLite or PostgreSQL) into one SQLite file, while the app runs."""

from __future__ import annotations

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "backup"
HELP = "Back up the whole store (SQLite or PostgreSQL) into one SQLite file; restore it with python -m geo restore."


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="PATH", help="the backup file to write (replaced atomically if it exists)")


def run(args, settings) -> int:
    from pathlib import Path

    from geo.backup import backup_store
    from geo.store import Store

    store = Store(settings.store_location)
    counts = backup_store(store, Path(args.path))
    print(
        f"backed up {store.location} to {args.path}: {counts['events']} events, {counts['articles']} articles, "
        f"{counts['versions']} data versions, {counts['event_revisions']} event versions"
    )
    return 0
