"""Benchmark: importing N ACLED-format rows, beside pandas.read_csv + DataFrame.to_sql on the same file.

    python bench/imports.py --events 100000 [--json]

Writes N seeded synthetic events (geo.intake.synthetic, nothing real) in the
form real files take (ISO timestamps, NA cells, 64 % co-located, as the real
Myanmar extract), then runs each step in its own process so that each peak
resident memory is its own:

- ``baseline``: ``pandas.read_csv`` of the file and ``DataFrame.to_sql`` into a
  fresh SQLite file (no checks, no actors, no versions): the floor.
- ``parse``: our reading and checking of every row (:func:`geo.intake.imports.parse_import`),
  storing nothing: the intake's share.
- ``import``: ``python -m geo import``'s code path into a fresh store holding the
  curated data (parse + store).
- ``reimport``: the same file again into that store (nothing changes).
- ``loaded``: the evidence snapshot the app holds once the N events are stored
  (:class:`geo.evidence.Evidence`), its process's resident memory.

Prints one JSON object: wall and CPU seconds and peak MB per step (on a shared
machine the CPU seconds are the steadier figure).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _step(name: str, csv_path: Path, store_path: Path) -> dict:
    started, cpu = time.perf_counter(), _cpu()
    if name == "baseline":
        import sqlite3

        import pandas as pd

        frame = pd.read_csv(csv_path)
        with sqlite3.connect(store_path) as conn:
            frame.to_sql("events", conn, index=False)
    elif name == "parse":
        from geo.intake.imports import parse_import

        parsed = parse_import(csv_path, csv_path.name)
        assert not parsed.problems, parsed.problems[:3]
    elif name in ("import", "reimport"):
        from geo.intake.imports import import_events
        from geo.settings import load_settings
        from geo.store import Store

        store = Store(store_path)
        if name == "import":
            store.ensure_current(load_settings().data_dir)
            started, cpu = time.perf_counter(), _cpu()
        report = import_events(store, csv_path, csv_path.name)
        assert report.refused_rows == 0
    elif name == "loaded":
        from geo.evidence import Evidence
        from geo.store import Store

        evidence = Evidence.from_store(Store(store_path))
        evidence.searchable, evidence.context  # noqa: B018 - what the app's cached loader builds
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),
        "peak_rss_mb": _peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, Path(args.csv), Path(args.store))))
        return
    from geo.intake.synthetic import write_acled_csv

    figures: dict[str, float | int] = {"events": args.events}
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_acled_csv(
            Path(folder) / "synthetic.csv", args.events, args.seed, dates="timestamp", missing="NA", colocated=0.64
        )
        figures["file_mb"] = round(csv_path.stat().st_size / 2**20, 1)
        for step, store in (
            ("baseline", "baseline.sqlite"),
            ("parse", "unused.sqlite"),
            ("import", "store.sqlite"),
            ("reimport", "store.sqlite"),
            ("loaded", "store.sqlite"),
        ):
            command = [
                sys.executable,
                __file__,
                "--step",
                step,
                "--csv",
                str(csv_path),
                "--store",
                str(Path(folder) / store),
            ]
            result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            figures[f"{step}_s"] = result["seconds"]
            figures[f"{step}_cpu_s"] = result["cpu_seconds"]
            figures[f"{step}_peak_rss_mb"] = result["peak_rss_mb"]
    figures["import_vs_baseline"] = round(figures["import_s"] / max(figures["baseline_s"], 0.01), 1)
    figures["import_vs_baseline_cpu"] = round(figures["import_cpu_s"] / max(figures["baseline_cpu_s"], 0.01), 1)
    figures["store_share_of_import_cpu_s"] = round(figures["import_cpu_s"] - figures["parse_cpu_s"], 2)
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
