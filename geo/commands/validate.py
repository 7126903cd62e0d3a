"""``python -m geo validate``: check ``data/`` and report every problem."""

from __future__ import annotations

import sys

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "validate"
HELP = "Check every file in data/ against the schema and report every problem, not just the first."


def add_arguments(parser) -> None:
    parser.add_argument("--data-dir", help="data folder (default: the data_dir setting)")


def run(args, settings) -> int:
    from geo.dataset import validate_data_dir

    data_dir = args.data_dir or settings.data_dir
    dataset, problems = validate_data_dir(data_dir)
    for problem in problems:
        print(problem.describe(), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 2
    print(
        f"{data_dir} is valid: {len(dataset.articles)} articles, {len(dataset.places)} places, "
        f"{len(dataset.actors)} actors, {len(dataset.routes)} routes, {len(dataset.events)} events and sites"
    )
    return 0
