"""Benchmark: the store and the filters at N synthetic events, as the app meets them.

    python bench/store.py --events 100000 --json

Writes N seeded synthetic ACLED-format events (geo.intake.synthetic, nothing real)
beside the curated data in a temporary store, then times each step a user
meets: the import (python -m geo import's code path), loading the evidence
snapshot the app caches per data version (geo.evidence), and one filter
change of each kind (date + text, actor with affiliates, geodesic nearness to
the pipeline). Prints one JSON object with the seconds of each step and the
process's peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.evidence import Evidence  # noqa: E402
from geo.intake.imports import import_events  # noqa: E402
from geo.intake.synthetic import write_acled_csv  # noqa: E402
from geo.query import ViewState  # noqa: E402
from geo.settings import load_settings  # noqa: E402
from geo.store import Store  # noqa: E402

FILTERS = {
    "filter_date_text_s": ViewState(date_from=dt.date(2023, 1, 1), text="shell"),
    "filter_actor_s": ViewState(actors=("military-junta",)),
    "filter_near_pipeline_20km_s": ViewState(near="route-pipeline-kyaukphyu-yunnan", km=20),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures: dict[str, float | int] = {"events": args.events}
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_acled_csv(Path(folder) / "synthetic.csv", args.events, seed=args.seed)
        store = Store(Path(folder) / "bench.sqlite")
        store.ensure_current(load_settings().data_dir)
        started = time.perf_counter()
        import_events(store, csv_path.read_bytes(), csv_path.name, fmt="acled")
        figures["import_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        evidence = Evidence.from_store(store)
        evidence.searchable, evidence.context  # noqa: B018 - what the app's cached loader builds
        figures["load_evidence_s"] = round(time.perf_counter() - started, 2)
        for name, state in FILTERS.items():
            started = time.perf_counter()
            shown = len(evidence.select(state))
            figures[name] = round(time.perf_counter() - started, 3)
            figures[name.replace("_s", "_shown")] = shown
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
