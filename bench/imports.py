"""Benchmark: importing N ACLED-format rows, beside pandas.read_csv + DataFrame.to_sql on the same file.

    python bench/imports.py --events 100000 [--repeat 3] [--json]

Writes N seeded synthetic events (geo.intake.synthetic, nothing real) in the
form real files take (ISO timestamps, NA cells, 64 % co-located, as the real
Myanmar extract), then runs each step in its own process, so that each peak
resident memory is its own:

- ``baseline``: ``pandas.read_csv`` of the file and ``DataFrame.to_sql`` into a
  fresh SQLite file (no checks, no actors, no versions): the floor.
- ``parse``: our reading and checking of every row (:func:`geo.intake.imports.parse_import`),
  storing nothing: the intake's share.
- ``import``: ``python -m geo import``'s code path into a store already holding
  the curated data (set up beforehand, in a process of its own, as a user's is).
- ``reimport``: the same file again into that store (nothing changes).
- ``floor``: what no import of these rows can avoid with this store: SQLite
  inserting the very rows the import stored (events, actor links, change list,
  revisions, titles: read back from the store, written in one transaction into
  a fresh one) and the content hash of each event (its formula is fixed: stores
  keep it). Reported as ``floor_sql_cpu_s`` and ``floor_hash_cpu_s``.
- ``loaded``: the evidence snapshot the app holds once the N events are stored
  (:class:`geo.evidence.Evidence`), its process's resident memory.

Each step is timed two ways, both the same for the baseline and for ours:
``*_cpu_s`` / ``*_s`` is the work alone (the clock starts once the step's modules
are imported), ``*_process_cpu_s`` / ``*_process_s`` the whole process as a user
runs it (interpreter start and module imports included). The steps run
``--repeat`` times, interleaved, and each figure is the lowest of its runs: on a
shared machine the other work only ever adds time. Prints one JSON object.
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
    # the modules first, then the clock: the work alone (the whole process is timed by the parent)
    if name == "baseline":
        import sqlite3

        import pandas as pd
    elif name == "parse":
        from geo.intake.imports import parse_import
    elif name in ("setup", "import", "reimport"):
        from geo.intake.imports import import_events
        from geo.settings import load_settings
        from geo.store import Store
    elif name == "loaded":
        from geo.evidence import Evidence
        from geo.store import Store
    elif name == "floor":
        return _floor(store_path)
    started, cpu = time.perf_counter(), _cpu()
    if name == "baseline":
        frame = pd.read_csv(csv_path)
        with sqlite3.connect(store_path) as conn:
            frame.to_sql("events", conn, index=False)
    elif name == "parse":
        parsed = parse_import(csv_path, csv_path.name)
        assert not parsed.problems, parsed.problems[:3]
    elif name == "setup":
        Store(store_path).ensure_current(load_settings().data_dir)
    elif name in ("import", "reimport"):
        report = import_events(Store(store_path), csv_path, csv_path.name)
        assert report.refused_rows == 0
        assert (report.added if name == "import" else report.unchanged) == report.rows_read, report.summary()
    elif name == "loaded":
        evidence = Evidence.from_store(Store(store_path))
        evidence.searchable, evidence.context  # noqa: B018 - what the app's cached loader builds
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(_cpu() - cpu, 2),
        "peak_rss_mb": _peak_mb(),
    }


def _floor(store_path: Path) -> dict:
    from geo.migrations import EVENT_FIELDS, event_values_hash
    from geo.store import Store

    imported = Store(store_path)
    with imported.transaction() as conn:  # the rows the import wrote (its version is the last)
        version = conn.rows("SELECT MAX(version) FROM versions")[0][0]
        ids = "SELECT event_id FROM version_changes WHERE version = ?"
        tables = {
            "events": conn.execute(f"SELECT * FROM events WHERE id IN ({ids})", (version,)),
            "event_actors": conn.execute(f"SELECT * FROM event_actors WHERE event_id IN ({ids})", (version,)),
            "version_changes": conn.execute("SELECT * FROM version_changes WHERE version = ?", (version,)),
            "event_revisions": conn.execute("SELECT * FROM event_revisions WHERE version = ?", (version,)),
            "event_titles": conn.execute(f"SELECT * FROM event_titles WHERE event_id IN ({ids})", (version,)),
        }
        tables = {name: (cursor.columns, [tuple(row) for row in cursor.fetchall()]) for name, cursor in tables.items()}
    roles: dict[str, list] = {}
    for event_id, actor_id, role, *_ in tables["event_actors"][1]:
        roles.setdefault(event_id, []).append((actor_id, role))
    columns, rows = tables["events"]
    at = [columns.index(name) for name in EVENT_FIELDS]
    values = [([row[i] for i in at], roles.get(row[0], [])) for row in rows]
    fresh = Store(store_path.with_suffix(".floor.sqlite"))  # an empty store: the schema, no rows
    cpu, per_table = _cpu(), {}
    with fresh.transaction() as conn:
        for table, (columns, rows) in tables.items():
            start = _cpu()
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
            )
            per_table[table] = round(_cpu() - start, 2)
        start = _cpu()
    per_table["commit"] = round(_cpu() - start, 2)
    sql = _cpu() - cpu
    cpu = _cpu()
    for event_values, event_roles in values:
        event_values_hash(event_values, event_roles)
    return {
        "seconds": 0,
        "cpu_seconds": round(sql + _cpu() - cpu, 2),
        "sql_cpu_seconds": round(sql, 2),
        "hash_cpu_seconds": round(_cpu() - cpu, 2),
        "rows": {table: len(rows) for table, (_, rows) in tables.items()},
        "sql_cpu_seconds_by_table": per_table,
        "peak_rss_mb": _peak_mb(),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(step: str, csv_path: Path, store: Path) -> dict:
    """One step in a process of its own: its own figures, and the whole process's wall and CPU seconds."""
    command = [sys.executable, __file__, "--step", step, "--csv", str(csv_path), "--store", str(store)]
    started, cpu = time.perf_counter(), _children_cpu()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(output)
    result["process_seconds"] = round(time.perf_counter() - started, 2)
    result["process_cpu_seconds"] = round(_children_cpu() - cpu, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the lowest figures are kept")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, Path(args.csv), Path(args.store))))
        return
    from geo.intake.synthetic import write_acled_csv

    figures: dict[str, float | int] = {"events": args.events, "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_acled_csv(
            Path(folder) / "synthetic.csv", args.events, args.seed, dates="timestamp", missing="NA", colocated=0.64
        )
        figures["file_mb"] = round(csv_path.stat().st_size / 2**20, 1)
        runs: dict[str, list[dict]] = {}
        for run in range(args.repeat):
            store = Path(folder) / f"store{run}.sqlite"
            _run("setup", csv_path, store)
            for step, where in (
                ("baseline", Path(folder) / f"baseline{run}.sqlite"),
                ("parse", Path(folder) / "unused.sqlite"),
                ("import", store),
                ("floor", store),
                ("reimport", store),
                ("loaded", store),
            ):
                runs.setdefault(step, []).append(_run(step, csv_path, where))
        floors = runs.pop("floor")
        figures["floor_sql_cpu_s"] = min(result["sql_cpu_seconds"] for result in floors)
        figures["floor_hash_cpu_s"] = min(result["hash_cpu_seconds"] for result in floors)
        figures["floor_rows"] = floors[0]["rows"]
        figures["floor_sql_cpu_s_by_table"] = min(
            (result["sql_cpu_seconds_by_table"] for result in floors), key=lambda by_table: sum(by_table.values())
        )
        for step, results in runs.items():
            for key, name in (
                ("seconds", "s"),
                ("cpu_seconds", "cpu_s"),
                ("process_seconds", "process_s"),
                ("process_cpu_seconds", "process_cpu_s"),
                ("peak_rss_mb", "peak_rss_mb"),
            ):
                figures[f"{step}_{name}"] = min(result[key] for result in results)
    for kind in ("s", "cpu_s", "process_s", "process_cpu_s"):
        figures[f"import_vs_baseline_{kind}"] = round(
            figures[f"import_{kind}"] / max(figures[f"baseline_{kind}"], 0.01), 1
        )
    figures["floor_vs_baseline_cpu_s"] = round(
        (figures["floor_sql_cpu_s"] + figures["floor_hash_cpu_s"]) / max(figures["baseline_cpu_s"], 0.01), 1
    )
    figures["store_share_of_import_cpu_s"] = round(figures["import_cpu_s"] - figures["parse_cpu_s"], 2)
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
