"""Benchmark: the store and the filters at N synthetic events, as the app meets them.

    python bench/store.py --events 100000 --json

Writes N seeded synthetic ACLED-format events (geo.intake.synthetic, nothing real)
beside the curated data in a temporary store, then times each step a user
meets: the import (python -m geo import's code path, in a process of its own),
loading the evidence snapshot the app caches per data version (geo.evidence),
and one filter change of each kind (date + text, actor with affiliates,
geodesic nearness to the pipeline). Prints one JSON object with the seconds of
each step (and the import's CPU seconds, the steadier figure on a shared
machine), the import's peak resident memory, and the peak and final resident
memory of the process that loads and filters: what a server holding the
100,000 events uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.query import ViewState  # noqa: E402

FILTERS = {
    "filter_date_text_s": ViewState(date_from=dt.date(2023, 1, 1), text="shell"),
    "filter_actor_s": ViewState(actors=("military-junta",)),
    "filter_near_pipeline_20km_s": ViewState(near="route-pipeline-kyaukphyu-yunnan", km=20),
}


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _rss_mb() -> int:
    """The resident memory now (Linux), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)
    return 0


def _import(csv_path: Path, store_path: Path) -> dict:
    """Import the file into a new store holding the curated data (in this process); its time and peak memory."""
    from geo.intake.imports import import_events
    from geo.settings import load_settings
    from geo.store import Store

    store = Store(store_path)
    store.ensure_current(load_settings().data_dir)
    started, cpu = time.perf_counter(), time.process_time()
    import_events(store, csv_path.read_bytes(), csv_path.name, fmt="acled")
    return {
        "import_s": round(time.perf_counter() - started, 2),
        "import_cpu_s": round(time.process_time() - cpu, 2),
        "import_peak_rss_mb": _peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--import-into", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_into:
        print(json.dumps(_import(Path(args.import_into[0]), Path(args.import_into[1]))))
        return
    from geo.evidence import Evidence
    from geo.intake.synthetic import write_acled_csv
    from geo.store import Store

    figures: dict[str, float | int] = {"events": args.events}
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_acled_csv(Path(folder) / "synthetic.csv", args.events, seed=args.seed)
        store_path = Path(folder) / "bench.sqlite"
        command = [sys.executable, __file__, "--import-into", str(csv_path), str(store_path)]
        figures.update(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
        started = time.perf_counter()
        evidence = Evidence.from_store(Store(store_path))
        evidence.searchable, evidence.context  # noqa: B018 - what the app's cached loader builds
        figures["load_evidence_s"] = round(time.perf_counter() - started, 2)
        figures["loaded_rss_mb"] = _rss_mb()
        for name, state in FILTERS.items():
            started = time.perf_counter()
            shown = len(evidence.select(state))
            figures[name] = round(time.perf_counter() - started, 3)
            figures[name.replace("_s", "_shown")] = shown
    figures["serving_peak_rss_mb"] = _peak_mb()
    figures["serving_rss_after_filters_mb"] = _rss_mb()
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
