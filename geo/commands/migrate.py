"""``python -m geo migrate``: copy the SQLite store into PostgreSQL (the team store), everything, in one transaction."""

from __future__ import annotations

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "migrate"
HELP = "Copy the SQLite store (GEO_STORE_PATH) into the PostgreSQL database of GEO_DATABASE_URL, with its history."


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="source", help="SQLite store to copy (default: the store_path setting)")
    parser.add_argument("--to", dest="target", help="postgresql:// URL (default: the database_url setting)")
    parser.add_argument("--replace", action="store_true", help="replace what the database already holds")


def run(args, settings) -> int:
    from pathlib import Path

    from geo.backup import copy_store
    from geo.errors import StoreError
    from geo.store import Store

    target_url = args.target or settings.database_url
    if not target_url.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            "migrate copies into PostgreSQL, and no database was named. "
            "Fix: set GEO_DATABASE_URL=postgresql://user@host/dbname or pass --to"
        )
    source_path = Path(args.source or settings.store_path)
    if not source_path.is_file():
        raise StoreError(f"there is no SQLite store at {source_path}. Fix: give it with --from")
    source, target = Store(source_path), Store(target_url)
    if target.counts()["events"] and not args.replace:
        raise StoreError(
            f"{target.location} already holds {target.counts()['events']} events; nothing was copied. "
            "Fix: add --replace to replace them (make a backup first: python -m geo backup PATH)"
        )
    counts = copy_store(source, target)
    print(
        f"copied {source.location} into {target.location}: {counts['events']} events, {counts['articles']} "
        f"articles, {counts['versions']} data versions, {counts['event_revisions']} event versions; "
        f"data version {target.data_version()}"
    )
    return 0
