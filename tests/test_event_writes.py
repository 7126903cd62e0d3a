"""Set-wise event writes on both databases: unchanged events skipped, the rest written in parts, removals."""

from __future__ import annotations

import pytest

import geo.event_writes
from geo.errors import StoreError
from geo.event_writes import replace_events


def _event(event_id: str, title: str = "", roles=()) -> dict:
    return {
        "id": event_id, "kind": "event", "title": title or f"Event {event_id}", "category": "arms-supply",
        "date_precision": "undated", "latitude": 20.0, "longitude": 96.0, "precision_m": 1000,
        "actor_roles": list(roles),
    }  # fmt: skip


def _write(store, events, origin="import:test", replace=False, progress=None):
    with store.transaction() as conn:
        return replace_events(conn, events, origin, replace_all_of_origin=replace, progress=progress)


def test_a_write_in_parts_stores_every_event_and_link_and_reports_each_part(any_store, monkeypatch):
    monkeypatch.setattr(geo.event_writes, "WRITE_PART", 7)
    events = [_event(f"w{i:02d}", roles=[("a1", "party"), ("a2", "party")]) for i in range(30)]
    heard = []
    changes, revisions = _write(any_store, events, progress=lambda done, message: heard.append((done, message)))
    assert sorted(changes["added"]) == [e["id"] for e in events] and revisions == [
        (e["id"], "added", None) for e in events
    ]
    with any_store.transaction() as conn:
        assert conn.rows("SELECT COUNT(*) FROM events WHERE origin = 'import:test'")[0][0] == 30
        assert conn.rows("SELECT COUNT(*) FROM event_actors WHERE event_id LIKE 'w%'")[0][0] == 60
    written = [message for _, message in heard if message.endswith("events written")]
    assert written == ["7 of 30 events written", "14 of 30 events written", "21 of 30 events written",
                       "28 of 30 events written", "30 of 30 events written"]  # fmt: skip
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_only_what_changed_is_written_and_a_replace_removes_what_the_write_lacks(any_store):
    _write(any_store, [_event("k1"), _event("k2"), _event("k3")])
    changes, revisions = _write(any_store, [_event("k1"), _event("k2", title="Renamed")], replace=True)
    assert changes == {"added": [], "modified": ["k2"], "removed": ["k3"]}
    assert revisions == [("k2", "modified", None), ("k3", "removed", None)]
    titles = dict(any_store.events().query("origin == 'import:test'")[["id", "title"]].values)
    assert titles == {"k1": "Event k1", "k2": "Renamed"}


def test_an_id_of_another_origin_refuses_the_whole_write(any_store):
    _write(any_store, [_event("o1")], origin="import:first")
    with pytest.raises(StoreError, match="already belong to another origin"):
        _write(any_store, [_event("o2"), _event("o1")], origin="import:second")
    assert "o2" not in set(any_store.events()["id"])
