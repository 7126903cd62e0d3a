"""``python -m geo import FILE``: import ACLED, CSV or GeoJSON events into the store."""

from __future__ import annotations

import sys
from pathlib import Path

from geo.commands import open_store_for_command
from geo.intake.imports import FORMATS, import_events

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "import"
HELP = "Import events from an ACLED or UCDP GED CSV, or a CSV/GeoJSON file; bad rows are reported, good rows kept."


def add_arguments(parser) -> None:
    parser.add_argument("file", help="the file to import (UTF-8; columns separated by , ; or tab)")
    parser.add_argument("--format", choices=tuple(FORMATS), help="file format (default: guessed from the file)")
    parser.add_argument(
        "--origin",
        help="origin of the imported events (default: acled, ucdp, or import:<file name>); filter with origin=",
    )
    parser.add_argument(
        "--replace", action="store_true", help="also remove events of that origin which the file no longer holds"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def _progress(fraction: float, message: str) -> None:
    print(f"\r{fraction:4.0%} {message:<48}", end="", file=sys.stderr, flush=True)


def run(args, settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"error: {path}: no such file. Fix: give the path of the file to import", file=sys.stderr)
        return 2
    store = open_store_for_command(settings)
    try:
        report = import_events(
            store,
            path,
            path.name,
            fmt=args.format,
            origin=args.origin,
            replace=args.replace,
            progress=None if args.quiet else _progress,
            actor_table=Path(settings.data_dir) / "dataset_actors.csv",
        )
    finally:
        if not args.quiet:
            print(file=sys.stderr)
    for problem in report.problems[:50]:
        print(f"refused: {problem}", file=sys.stderr)
    if report.problem_count > 50:
        print(f"refused: ... and {report.problem_count - 50} more problem(s)", file=sys.stderr)
    for notice in report.notices:
        print(f"note: {notice}", file=sys.stderr)
    print(report.summary())
    for line in report.actor_lines():
        print(line)
    return 0
