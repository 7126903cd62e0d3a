"""``python -m geo extract``: print the places, actors, dates and proposed events of one article as JSON.

It starts fast: when the store is current with ``data/`` (the usual case), the
places and actors are read straight from the database (:mod:`geo.database`),
without pandas or the store's reload machinery; otherwise the store is opened
as every command opens it, which reloads ``data/`` first. Both paths give the
same rows, in the same order (a test checks).
"""

from __future__ import annotations

import json
import sys

from geo.errors import IngestFailed

__all__ = ["HELP", "NAME", "add_arguments", "extraction_tables", "run"]

NAME = "extract"
HELP = "Extract place, actor and date mentions (with character offsets) and proposed events from an article."


def add_arguments(parser) -> None:
    parser.add_argument("path", help="article file: .txt, .md (YAML front matter) or .html")
    parser.add_argument("--format", choices=["json"], default="json", help="output format (json)")
    parser.add_argument("--published", help="publication date YYYY-MM-DD (or YYYY-MM); overrides the file's")
    parser.add_argument("--title", help="article title; overrides the file's")


def run(args, settings) -> int:
    from pathlib import Path

    from geo.intake.dates import parse_published
    from geo.intake.extraction import Extractor
    from geo.intake.organisations import load_organisations
    from geo.intake.reader import read_article

    if Path(args.path).is_symlink():
        print(f"note: {args.path} is a symbolic link; reading {Path(args.path).resolve()}", file=sys.stderr)
    article = read_article(args.path)
    published = args.published or article.published
    try:
        parse_published(published)
    except ValueError as error:
        raise IngestFailed(f"--published: {error}. Fix: give YYYY-MM-DD, YYYY-MM or YYYY") from None
    if not published:
        print(
            f"note: {args.path} has no publication date; dates without a year stay unresolved "
            "(pass --published YYYY-MM-DD)",
            file=sys.stderr,
        )
    places, actors = extraction_tables(settings)
    organisations = load_organisations(Path(settings.data_dir) / "organisations.csv")
    extractor = Extractor(places, actors, organisations=organisations)
    extraction = extractor.extract(article.text, published)
    payload = extraction.to_dict()
    payload["article"] = {
        "source": article.source,
        "title": args.title or article.title,
        "publisher": article.publisher,
        "published": published,
        "url": article.url,
        "length": len(article.text),
        "text": article.text,
    }
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def extraction_tables(settings) -> tuple[list[dict], list[dict]]:
    """The places and actors rows extraction needs, as the store holds them (ordered as the store orders them)."""
    rows = _current_rows(settings)
    if rows is not None:
        return rows
    from geo.commands import open_store_for_command

    store = open_store_for_command(settings)  # imports pandas and reloads data/ when it changed
    return store.places().to_dict("records"), store.actors().to_dict("records")


def _current_rows(settings) -> tuple[list[dict], list[dict]] | None:
    """The rows straight from the database when it holds the current data/; None when it must be (re)loaded."""
    from geo.database import open_database
    from geo.dataset import fingerprint_data_dir

    if not settings.database_url and not settings.store_path.is_file():
        return None
    try:
        with open_database(settings.store_location).read() as conn:
            if not {"meta", "places", "actors", "versions"} <= conn.tables():
                return None
            stored = conn.execute("SELECT value FROM meta WHERE key = ?", ("data_fingerprint",)).fetchone()
            if stored is None or stored[0] != fingerprint_data_dir(settings.data_dir):
                return None
            tables = []
            for sql in ("SELECT * FROM places ORDER BY id", "SELECT * FROM actors ORDER BY name, id"):
                cursor = conn.execute(sql)
                columns = cursor.columns
                tables.append([dict(zip(columns, row, strict=True)) for row in cursor])
    except Exception:  # noqa: BLE001 (an old schema, a locked or unreadable file: the store's own path decides)
        return None
    return tables[0], tables[1]
