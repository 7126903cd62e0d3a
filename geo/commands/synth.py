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


def run(args, settings) -> int:
    from geo.intake.synthetic import write_acled_csv

    if args.events < 1:
        print("error: --events must be 1 or more", file=sys.stderr)
        return 2
    path = write_acled_csv(args.out, args.events, args.seed)
    print(f"wrote {args.events} synthetic events (seed {args.seed}) to {path}", file=sys.stderr)
    return 0
