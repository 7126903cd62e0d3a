"""Writers at once, on SQLite and on a real PostgreSQL: nothing lost, nothing half-written, versions in order.

Each test starts real processes (``python -c`` on :class:`geo.store.Store`)
that write into the same store at the same moment; a ``kill -9`` in the
middle of a large write must leave all of it or none of it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import sys
from geo.store import Store

location, who, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
store = Store(location).acting_as(who)

def event(event_id, article=None):
    return {"id": event_id, "kind": "event", "title": f"Event {event_id}", "category": "arms-supply",
            "date_precision": "undated", "latitude": 20.0, "longitude": 96.0, "precision_m": 1000,
            "article_id": article, "actor_roles": [("norinco", "supplier")]}

print("ready", flush=True)
sys.stdin.readline()  # every worker starts at the same moment
if mode == "articles":
    for i in range(count):
        article = {"id": f"art-{who}-{i}", "title": f"Article {i}", "publisher": who, "body": f"Text {who} {i}."}
        store.add_events([event(f"ev-{who}-{i}-{k}", article["id"]) for k in range(3)], origin="ingest",
                         description=f"{who} write {i}", articles=[article])
elif mode == "imports":
    for i in range(count):
        store.add_events([event(f"{who}-{i}-{k}") for k in range(3)], origin=f"import:{who}-{i}",
                         description=f"{who} write {i}")
elif mode == "clash":
    store.add_events([event(f"shared-{k}") for k in range(count)], origin=f"import:{who}", description=who)
elif mode == "large":
    print("writing", flush=True)
    store.add_events([event(f"big-{k}") for k in range(count)], origin="import:big", description="large import")
print("done", flush=True)
"""


def _start(location: str, who: str, count: int, mode: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, location, who, str(count), mode],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def _run_together(location: str, mode: str, count: int, names=("alpha", "beta")) -> list[subprocess.Popen]:
    workers = [_start(location, name, count, mode) for name in names]
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        worker.wait(timeout=300)
    return workers


@pytest.fixture
def store_at(store_location: str, core_data_dir: Path) -> str:
    Store(store_location).load_curated(load_dataset(core_data_dir))
    return store_location


def _versions(store: Store) -> list[tuple]:
    with store._connect() as conn:
        rows = conn.execute(
            "SELECT v.version, v.account, v.description, COUNT(c.event_id) FROM versions v "
            "LEFT JOIN version_changes c ON c.version = v.version "
            "WHERE v.account IS NOT NULL GROUP BY v.version, v.account, v.description ORDER BY v.version"
        ).fetchall()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("mode", ["articles", "imports"])
def test_two_writers_at_once_lose_nothing_and_keep_versions_in_order(store_at, mode):
    workers = _run_together(store_at, mode, 100)
    assert [w.returncode for w in workers] == [0, 0], [w.stderr.read() for w in workers]
    store = Store(store_at)
    events = store.events()
    for who in ("alpha", "beta"):
        mine = events[events["id"].str.contains(f"{who}-")]
        assert len(mine) == 300  # 100 writes of 3 events each
    if mode == "articles":
        assert store.counts()["articles"] == 1 + 200
    versions = _versions(store)
    assert len(versions) == 200 and len({v[0] for v in versions}) == 200
    assert all(count == 3 for *_, count in versions)  # each write whole, in one version
    for who in ("alpha", "beta"):
        order = [int(description.rsplit(" ", 1)[1]) for _, account, description, _ in versions if account == who]
        assert order == list(range(100))  # each writer's versions strictly increase with its writes


def test_two_imports_of_the_same_ids_under_two_origins_cannot_both_succeed(store_at):
    workers = _run_together(store_at, "clash", 50)
    codes = sorted(w.returncode for w in workers)
    assert codes[0] == 0 and codes[1] != 0
    loser = next(w for w in workers if w.returncode != 0)
    assert "already belong to another origin" in loser.stderr.read()
    winner = next(name for name, w in zip(("alpha", "beta"), workers) if w.returncode == 0)
    events = Store(store_at).events()
    shared = events[events["id"].str.startswith("shared-")]
    assert len(shared) == 50 and set(shared["origin"]) == {f"import:{winner}"}


def _write_in_progress(location: str) -> bool:
    """True while some connection holds the store's write lock (the large import is inside its transaction)."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            return bool(
                conn.execute("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted").fetchone()[0]
            )
    conn = sqlite3.connect(location, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def test_kill_9_in_the_middle_of_a_large_import_leaves_all_or_nothing(store_at):
    count = 40_000
    worker = _start(store_at, "big", count, "large")
    worker.stdin.write("go\n")
    worker.stdin.flush()
    assert worker.stdout.readline().strip() == "writing"
    deadline = time.monotonic() + 60
    while not _write_in_progress(store_at):
        assert time.monotonic() < deadline and worker.poll() is None, "the import never took the write lock"
        time.sleep(0.01)
    time.sleep(0.3)
    assert worker.poll() is None, "the import finished before it could be killed"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    store = Store(store_at)
    events = store.events()
    stored = int(events["id"].str.startswith("big-").sum())
    assert stored in (0, count)
    with store._connect() as conn:
        changes = conn.execute("SELECT COUNT(*) FROM version_changes WHERE event_id LIKE 'big-%'").fetchone()[0]
    assert changes == stored  # no version without its events, no events without their version
    # and the store takes the next write
    store.add_events([], origin="import:after", description="nothing")
    assert store.counts()["events"] == 4 + stored


def _hold_a_write(location: str):
    """Open a write transaction with an uncommitted event in it, as a large import would; returns its closer."""
    if location.startswith("postgresql://"):
        import psycopg

        conn = psycopg.connect(location)
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (7_331_4_2026,))
    else:
        conn = sqlite3.connect(location, timeout=0, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO events (id, kind, title, category, date_precision, origin, content_hash) "
        "VALUES ('ev-uncommitted', 'event', 'Not yet', 'arms-supply', 'undated', 'import:x', 'h')"
    )
    return conn


def test_readers_do_not_wait_for_a_writer_and_see_only_what_is_committed(store_at):
    writer = _hold_a_write(store_at)
    try:
        started = time.monotonic()
        store = Store(store_at)  # opening the store while a write is open: no schema write, no wait
        events, version = store.events(), store.data_version()
        assert time.monotonic() - started < 5
        assert "ev-uncommitted" not in set(events["id"]) and len(events) == 4 and version >= 1
    finally:
        writer.rollback()
        writer.close()
