"""``python -m geo extract``: print the places, actors, dates and proposed events of one article as JSON."""

from __future__ import annotations

import json
import sys

from geo.commands import open_store_for_command
from geo.errors import IngestFailed

__all__ = ["HELP", "NAME", "add_arguments", "run"]

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
    store = open_store_for_command(settings)
    organisations = load_organisations(Path(settings.data_dir) / "organisations.csv")
    extractor = Extractor(store.places(), store.actors(), organisations=organisations)
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
