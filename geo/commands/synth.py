"""``python -m geo synth``: write seeded synthetic ACLED-format events (for benchmarks and tests)."""

from __future__ import annotations

import sys

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "synth"
HELP = "Write N seeded synthetic events (made up, ACLED's CSV layout) to a CSV file, for benchmarks and tests."


def add_arguments(parser) -> None:
    parser.add_argument("--events", type=int, default=10_000, help="number of events (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same file")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument(
        "--dates",
        choices=("iso", "timestamp", "words"),
        default="iso",
        help="date form: 2024-03-05 (default), 2024-03-05T00:00:00Z (as R and pandas re-save), 05 March 2024",
    )
    parser.add_argument("--missing", default="", help="text of an empty cell, e.g. NA as R writes it (default: empty)")
    parser.add_argument("--upper-headers", action="store_true", help="write the header in capitals (EVENT_ID_CNTY...)")
    parser.add_argument(
        "--delimiter",
        choices=("comma", "semicolon", "tab"),
        default="comma",
        help="column separator; semicolon also writes a BOM and decimal commas, as a European spreadsheet does",
    )
    parser.add_argument(
        "--colocated",
        type=float,
        default=0.0,
        help="share of events (0-1) put exactly on their town's point, as ACLED stacks them (a real extract: 0.64)",
    )


def run(args, settings) -> int:
    from geo.intake.synthetic import write_acled_csv

    if args.events < 1:
        print("error: --events must be 1 or more", file=sys.stderr)
        return 2
    if not 0 <= args.colocated <= 1:
        print("error: --colocated must be between 0 and 1, e.g. 0.64", file=sys.stderr)
        return 2
    path = write_acled_csv(
        args.out,
        args.events,
        args.seed,
        dates=args.dates,
        missing=args.missing,
        upper_headers=args.upper_headers,
        delimiter=args.delimiter,
        colocated=args.colocated,
    )
    print(f"wrote {args.events} synthetic events (seed {args.seed}) to {path}", file=sys.stderr)
    return 0
