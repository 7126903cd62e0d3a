"""``python -m geo load``: rebuild the store's curated content from ``data/``."""

from __future__ import annotations

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "load"
HELP = "Validate data/ and rebuild the store's curated content from it (user-added events stay)."


def add_arguments(parser) -> None:
    parser.add_argument("--data-dir", help="data folder (default: the data_dir setting)")


def run(args, settings) -> int:
    from geo.dataset import load_dataset
    from geo.store import Store

    data_dir = args.data_dir or settings.data_dir
    dataset = load_dataset(data_dir)
    from geo.access import command_line_account

    store = Store(settings.store_location, account=command_line_account())
    changes = store.load_curated(dataset)
    counts = store.counts()
    print(
        f"loaded {data_dir} into {store.location}: "
        + ", ".join(f"{n} {table}" for table, n in counts.items())
        + f"; data version {store.data_version()} "
        + f"({len(changes['added'])} added, {len(changes['removed'])} removed, {len(changes['modified'])} modified)"
    )
    return 0
