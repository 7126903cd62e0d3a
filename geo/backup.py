"""Backups, restores and the move to PostgreSQL: a whole store copied table by table, all or nothing.

A backup is a SQLite file holding every table of the store (articles,
places, actors, routes, events, their actors, versions and their changes,
revisions, titles, sanctions), read in one consistent snapshot while the app
keeps running, so the same file backs up either store and restores into
either. :func:`copy_store` is the one copy: backup (store -> new SQLite
file), restore (backup file -> the store, replacing its content in one write
transaction) and migrate (the SQLite store -> PostgreSQL).

After a restore the store's data version is newer than any it had before
(the restore is itself a version), so nothing cached for an older version
is shown as current.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from geo.errors import StoreError
from geo.migrations import TABLES
from geo.store import Store

__all__ = ["backup_store", "copy_store", "restore_store"]

_BATCH = 5000


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Replace everything in ``target`` by ``source``'s tables, in one write; returns the rows copied per table."""
    counts: dict[str, int] = {}
    with source.database.snapshot() as src, target.transaction() as dst:
        for table in reversed(TABLES):
            dst.execute(f"DELETE FROM {table}" + (" WHERE key <> 'schema_version'" if table == "meta" else ""))
        for table in TABLES:
            cursor = src.execute(f"SELECT * FROM {table}")
            columns = cursor.columns
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            rows = cursor.fetchall()
            if table == "meta":  # the target keeps its own schema version
                rows = [r for r in rows if r[0] != "schema_version"]
            for start in range(0, len(rows), _BATCH):
                dst.executemany(insert, rows[start : start + _BATCH])
            counts[table] = len(rows)
        if target.dialect == "postgresql":  # the next version number follows the copied ones
            dst.execute(
                "SELECT setval(pg_get_serial_sequence('versions', 'version'), COALESCE(MAX(version), 1), "
                "MAX(version) IS NOT NULL) FROM versions"
            )
    return counts


def backup_store(store: Store, path: Path) -> dict[str, int]:
    """Write a backup of ``store`` to the SQLite file ``path`` (through a temporary file: no half backup)."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"cannot back up to {path}: it is a folder. Fix: give a file name, e.g. {path / 'geo.backup'}")
    if not path.parent.is_dir():
        raise StoreError(f"cannot back up to {path}: the folder {path.parent} does not exist. Fix: create it")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)
    try:
        counts = copy_store(store, Store(temporary))
        for suffix in ("-wal", "-shm"):
            Path(temporary + suffix).unlink(missing_ok=True)
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, temporary + "-wal", temporary + "-shm"):
            Path(leftover).unlink(missing_ok=True)
    return counts


def restore_store(store: Store, path: Path) -> dict[str, int]:
    """Replace the content of ``store`` by the backup at ``path``; the restore is recorded as a new data version."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"there is no backup at {path}. Fix: give the file python -m geo backup wrote")
    before = store.data_version()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "backup.sqlite"
        shutil.copyfile(path, copy)  # opening a backup made by older code upgrades it: never the original
        try:
            source = Store(copy)
        except StoreError as error:
            raise StoreError(
                f"{path} is not a backup of this tool ({error}). Fix: give a file made by python -m geo backup"
            ) from None
        counts = copy_store(source, store)
    with store.transaction() as conn:
        latest = conn.execute("SELECT COALESCE(MAX(version), 0) FROM versions").fetchone()[0]
        version = max(before, latest) + 1
        conn.execute(
            "INSERT INTO versions (version, created_at, description, account, action) VALUES (?, ?, ?, ?, 'restore')",
            (version, dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), f"restored from {path.name}",
             store.account or None),
        )  # fmt: skip
        if store.dialect == "postgresql":
            conn.execute("SELECT setval(pg_get_serial_sequence('versions', 'version'), ?)", (version,))
    return counts
