"""``python -m geo restore PATH``: replace the store's whole content by a backup, in one transaction."""

from __future__ import annotations

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "restore"
HELP = "Replace the whole content of the store (SQLite or PostgreSQL) by a backup made with python -m geo backup."


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="PATH", help="the backup file")


def run(args, settings) -> int:
    from pathlib import Path

    from geo.access import command_line_account
    from geo.backup import restore_store
    from geo.store import Store

    store = Store(settings.store_location, account=command_line_account())
    counts = restore_store(store, Path(args.path))
    print(
        f"restored {store.location} from {args.path}: {counts['events']} events, {counts['articles']} articles; "
        f"data version {store.data_version()}"
    )
    return 0
