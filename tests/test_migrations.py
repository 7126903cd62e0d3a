"""Versioned migrations: a store made before them upgrades in place, keeping everything it held."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from geo.migrations import SCHEMA_VERSION
from geo.store import Store

LEGACY = Path(__file__).parent / "data" / "store_legacy.sql"


def _legacy_store(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(LEGACY.read_text(encoding="utf-8"))
    conn.close()
    return path


def test_a_store_made_before_migrations_upgrades_in_place(tmp_path):
    path = _legacy_store(tmp_path / "old.sqlite")
    with sqlite3.connect(path) as conn:
        old_events = conn.execute("SELECT id, title, origin FROM events ORDER BY id").fetchall()
        old_version = conn.execute("SELECT MAX(version) FROM versions").fetchone()[0]
    store = Store(path)
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    events = store.events().set_index("id")
    assert sorted(zip(events.index, events["title"], events["origin"])) == old_events
    assert store.data_version() == old_version
    assert events.loc["ev-user-1", "actors"] == ["norinco"]
    # the actors of a curated event keep the order they were stored in
    assert events.loc["ev-seizure", "actors"] == ["mandalay-pdf", "norinco", "military-junta"]
    with store._connect() as conn:
        revisions = conn.execute("SELECT event_id, revision, change FROM event_revisions ORDER BY event_id").fetchall()
        actions = [r[0] for r in conn.execute("SELECT action FROM versions ORDER BY version")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert [tuple(r) for r in revisions] == [(event_id, 1, "added") for event_id, _, _ in old_events]
    assert actions == ["load", "add"]  # the legacy description "user added" names no known kind
    assert mode == "wal"


def test_an_upgraded_store_takes_new_writes_and_is_not_upgraded_twice(tmp_path):
    path = _legacy_store(tmp_path / "old.sqlite")
    Store(path)
    store = Store(path)  # second open: nothing to do
    store.add_events(
        [{"id": "ev-new", "kind": "event", "title": "New", "category": "arms-supply", "date_precision": "undated",
          "place_id": "pl-mandalay", "actor_roles": []}],
        origin="ingest", description="after the upgrade",
    )  # fmt: skip
    assert "ev-new" in set(store.events()["id"])
    with store._connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM event_revisions WHERE event_id = 'ev-new'").fetchone()[0] == 1


def test_the_hash_and_cells_of_one_pass_are_those_of_the_two_functions():
    import math

    import numpy as np

    from geo.migrations import EVENT_FIELDS, event_cells, event_hash_and_cells, event_values_hash

    plain = ["e1", "event", "A title", None, "seizures-combat", "2024-03-05", "2024-03-05", "day", None, "Lashio",
             None, 22.9, 97.7, 5000, None, None, None, None, "a note", "acled", '{"format": "acled"}']  # fmt: skip
    assert len(plain) == len(EVENT_FIELDS)
    at = EVENT_FIELDS.index
    variants = [
        plain,
        [*plain[: at("title")], "NaN, the title", *plain[at("title") + 1 :]],  # the text NaN is not a NaN
        [*plain[: at("latitude")], math.nan, *plain[at("latitude") + 1 :]],
        [*plain[: at("precision_m")], np.int64(5000), *plain[at("precision_m") + 1 :]],
        [*plain[: at("latitude")], np.float64(22.9), *plain[at("latitude") + 1 :]],
        [*plain[:-1], math.nan],  # a provenance read back as NaN
        [*plain[:-1], {"format": "acled", "row": 2}],
        [*plain[: at("origin")], math.nan, plain[-1]],
    ]
    for values in variants:
        for roles in ([], [("a1", "party"), ("a0", "party")], None):
            digest, cells = event_hash_and_cells(list(values), roles)
            assert digest == event_values_hash(list(values), roles)
            assert cells == event_cells(list(values)) or (
                # NaN is never equal to itself: compare what the databases get, NULL for NaN
                [None if isinstance(c, float) and math.isnan(c) else c for c in cells]
                == [None if isinstance(c, float) and math.isnan(c) else c for c in event_cells(list(values))]
            )
            assert not any(isinstance(c, float) and math.isnan(c) for c in cells), values
            assert all(type(c) in (str, int, float, type(None)) for c in cells), values
