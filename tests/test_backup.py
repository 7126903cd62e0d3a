"""Backup and restore on both stores (round trip), and migrate from SQLite into PostgreSQL, with the history."""

from __future__ import annotations

from geo.backup import backup_store, restore_store
from geo.history import correct_event, event_history, retract_event
from geo.store import Store


def _state(store: Store):
    events = store.events()
    with store._connect() as conn:
        revisions = [tuple(r) for r in conn.execute(
            "SELECT event_id, revision, version, change, account, reason, content FROM event_revisions "
            "ORDER BY event_id, revision"
        )]  # fmt: skip
        versions = [tuple(r) for r in conn.execute("SELECT version, description, account, action FROM versions")]
    return events, revisions, versions


def _edited(store: Store) -> Store:
    editor = store.acting_as("editor@example.org")
    correct_event(editor, "ev-seizure", {"title": "Seizure near Madaya"}, reason="Clearer")
    retract_event(editor, "ev-contract", reason="Withdrawn by the publisher")
    return store


def test_a_backup_restores_the_store_exactly_and_as_a_newer_version(any_store, tmp_path):
    store = _edited(any_store)
    events, revisions, versions = _state(store)
    backup = tmp_path / "geo.backup"
    counts = backup_store(store, backup)
    assert counts["events"] == 4 and backup.is_file()
    store.add_events(
        [{"id": "ev-later", "kind": "event", "title": "Added after the backup", "category": "arms-supply",
          "date_precision": "undated", "place_id": "pl-mandalay", "actor_roles": []}],
        origin="ingest", description="later",
    )  # fmt: skip
    before_restore = store.data_version()
    restore_store(store.acting_as("admin@example.org"), backup)
    after_events, after_revisions, after_versions = _state(store)
    assert after_events.equals(events)
    assert after_revisions == revisions
    assert after_versions[: len(versions)] == versions
    assert after_versions[-1][0] > before_restore and after_versions[-1][2:] == ("admin@example.org", "restore")
    assert [r.change for r in event_history(store, "ev-contract")] == ["added", "retracted"]
    store.add_events(  # the store goes on after a restore
        [{"id": "ev-next", "kind": "event", "title": "Next", "category": "arms-supply", "date_precision": "undated",
          "place_id": "pl-mandalay", "actor_roles": []}],
        origin="ingest", description="next",
    )  # fmt: skip
    assert store.data_version() == after_versions[-1][0] + 1


def test_the_command_line_backs_up_and_restores(cli, tmp_path):
    assert cli("load").returncode == 0
    result = cli("backup", tmp_path / "b.sqlite")
    assert result.returncode == 0 and "4 events" in result.stdout, result.stderr
    missing = cli("restore", tmp_path / "none.sqlite")
    assert missing.returncode == 2 and "Fix:" in missing.stderr
    assert cli("restore", tmp_path / "b.sqlite").returncode == 0


def test_migrate_copies_a_sqlite_store_into_postgresql_with_its_history(cli, tmp_path, postgres_server):
    url = postgres_server()
    assert cli("load").returncode == 0
    sqlite = Store(tmp_path / "cli.sqlite")
    _edited(sqlite)
    events, revisions, versions = _state(sqlite)
    result = cli("migrate", GEO_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    postgres = Store(url)
    assert _state(postgres)[0].equals(events)
    assert _state(postgres)[1:] == (revisions, versions)
    postgres.add_events(
        [{"id": "ev-team", "kind": "event", "title": "Team", "category": "arms-supply", "date_precision": "undated",
          "place_id": "pl-mandalay", "actor_roles": []}],
        origin="ingest", description="first write on PostgreSQL",
    )  # fmt: skip
    assert postgres.data_version() == versions[-1][0] + 1
    again = cli("migrate", GEO_DATABASE_URL=url)
    assert again.returncode == 2 and "--replace" in again.stderr
