"""Corrections, retractions, undoing an import and the history they leave, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from geo.errors import StoreError
from geo.history import audit_log, correct_event, event_history, retract_event, undo_version
from geo.permalink import describe_changes
from geo.query import ViewState


@pytest.fixture
def store(any_store):
    return any_store.acting_as("editor@example.org")


def test_a_correction_is_a_new_version_with_who_when_and_why(store):
    before = store.events().set_index("id").loc["ev-seizure"]
    version = correct_event(
        store,
        "ev-seizure",
        {"place_id": "pl-mandalay", "title": "Seizure of Norinco crates near Mandalay", "date_precision": "month",
         "date_start": "2025-07-01", "date_end": "2025-07-31", "actor_roles": [("norinco", "supplier")]},
        reason="The report places the seizure in Mandalay, in July",
    )  # fmt: skip
    assert store.data_version() == version
    after = store.events().set_index("id").loc["ev-seizure"]
    assert after["title"] == "Seizure of Norinco crates near Mandalay"
    assert after["place_name"] == "Mandalay" and after["precision_m"] != before["precision_m"]
    assert (after["date_start"], after["date_end"], after["date_precision"]) == ("2025-07-01", "2025-07-31", "month")
    assert after["actors"] == ["norinco"]
    history = event_history(store, "ev-seizure")
    assert [r.change for r in history] == ["added", "corrected"]
    last = history[-1]
    assert (last.account, last.reason, last.version) == (
        "editor@example.org",
        "The report places the seizure in Mandalay, in July",
        version,
    )
    assert {"title", "place_id", "date_precision", "actor_roles"} <= set(last.changed_fields)
    assert history[0].content["title"] == before["title"]  # the first version is kept as it was


def test_a_correction_of_the_passage_takes_the_text_from_the_article(store):
    article = store.article("art-test-one")
    correct_event(store, "ev-seizure", {"source_start": 0, "source_end": 20}, reason="Wider passage")
    assert store.events().set_index("id").loc["ev-seizure", "quote"] == article["body"][:20]


def test_a_reload_of_unchanged_source_data_keeps_the_correction(store, core_data_dir):
    from geo.dataset import load_dataset

    correct_event(store, "ev-seizure", {"title": "Corrected title"}, reason="Typo in the source")
    store.load_curated(load_dataset(core_data_dir))
    assert store.events().set_index("id").loc["ev-seizure", "title"] == "Corrected title"


@pytest.mark.parametrize(
    ("changes", "reason", "message"),
    [
        ({"title": "x"}, "  ", "no reason was given"),
        ({"category": "bogus"}, "r", "is not a layer"),
        ({"date_start": "20 July"}, "r", "is not a date"),
        ({"date_precision": "day", "date_start": "2025-07-20", "date_end": "2025-07-01"}, "r", "before the first"),
        ({"place_id": "pl-nowhere"}, "r", "there is no place"),
        ({"actor_roles": [("nobody", "supplier")]}, "r", "unknown actor"),
        ({"source_start": 5, "source_end": 10**6}, "r", "not inside the article"),
        ({"origin": "acled"}, "r", "cannot be corrected"),
    ],
)
def test_a_bad_correction_changes_nothing_and_says_how_to_fix_it(store, changes, reason, message):
    before, version = store.events(), store.data_version()
    with pytest.raises(StoreError, match=message) as error:
        correct_event(store, "ev-seizure", changes, reason=reason)
    assert "Fix:" in str(error.value)
    assert store.events().equals(before) and store.data_version() == version


def test_a_retracted_event_leaves_the_map_keeps_its_history_and_old_links_say_why(store):
    old_version = store.data_version()
    retract_event(store, "ev-seizure", reason="The photographs were of another seizure")
    assert "ev-seizure" not in set(store.events()["id"])
    assert [r.change for r in event_history(store, "ev-seizure")] == ["added", "retracted"]
    notice = describe_changes(store, ViewState(version=old_version))
    assert [event_id for event_id, *_ in notice.retracted] == ["ev-seizure"]
    text = notice.as_text()
    assert "retracted on " in text and ": The photographs were of another seizure" in text
    with pytest.raises(StoreError, match="already retracted"):
        retract_event(store, "ev-seizure", reason="again")


def _import(store, ids, title="Imported"):
    events = [
        {"id": i, "kind": "event", "title": f"{title} {i}", "category": "seizures-combat", "date_precision": "undated",
         "latitude": 21.0, "longitude": 96.0, "precision_m": 5000, "actor_roles": []}
        for i in ids
    ]  # fmt: skip
    store.add_events(events, origin="acled", description=f"import of {title}")
    return store.data_version()


def test_an_admin_undoes_an_import_and_earlier_versions_come_back(store):
    _import(store, ["acled-1", "acled-2"])
    second = _import(store, ["acled-2", "acled-3"], title="Updated")
    changes = undo_version(store, second, reason="Wrong file")
    assert changes == {"added": [], "removed": ["acled-3"], "modified": ["acled-2"]}
    events = store.events().set_index("id")
    assert "acled-3" not in events.index and events.loc["acled-2", "title"] == "Imported acled-2"
    log = audit_log(store)
    assert list(log["action"][:3]) == ["undo", "import", "import"]
    assert log.iloc[1]["undone_by"] == log.iloc[0]["version"]
    with pytest.raises(StoreError, match="already undone"):
        undo_version(store, second, reason="again")


def test_an_import_whose_events_changed_since_is_not_undone(store):
    version = _import(store, ["acled-1"])
    correct_event(store, "acled-1", {"title": "Fixed by hand"}, reason="Place name misspelt")
    with pytest.raises(StoreError, match="changed after it"):
        undo_version(store, version, reason="Wrong file")
    assert store.events().set_index("id").loc["acled-1", "title"] == "Fixed by hand"


def test_the_audit_log_filters_by_account_and_kind(store):
    _import(store, ["acled-1"])
    retract_event(store.acting_as("other@example.org"), "acled-1", reason="Duplicate")
    assert list(audit_log(store, account="other@example.org")["action"]) == ["retract"]
    assert list(audit_log(store, action="import")["account"]) == ["editor@example.org"]


def test_the_command_line_prints_an_events_versions(cli, tmp_path):
    assert cli("load").returncode == 0
    from geo.store import Store

    store = Store(tmp_path / "cli.sqlite").acting_as("editor@example.org")
    correct_event(store, "ev-seizure", {"title": "Seizure near Madaya"}, reason="Clearer title")
    result = cli("history", "ev-seizure")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "ev-seizure: Seizure near Madaya (on the map); 2 version(s)"
    assert "added by command line" in lines[1]
    assert "corrected by editor@example.org: Clearer title" in lines[2] and lines[3].strip() == "changed: title"
    missing = cli("history", "ev-nothing")
    assert missing.returncode == 2 and "Fix:" in missing.stderr and "Traceback" not in missing.stderr


def _stored_contents(store, event_id):
    with store._connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT content FROM event_revisions WHERE event_id = ? ORDER BY revision", (event_id,)
            )
        ]


def test_an_imports_revisions_read_as_the_row_until_it_changes_then_keep_what_it_said(store):
    """An import does not store a second copy of every event: its revisions read "as the row" (no content
    stored) until the row changes or goes; then they get the content the row had, so history reads the same."""
    _import(store, ["acled-1", "acled-2", "acled-3"])
    assert _stored_contents(store, "acled-1") == [None]
    assert event_history(store, "acled-1")[0].content["title"] == "Imported acled-1"
    _import(store, ["acled-1"], title="Updated")  # acled-1 modified by a second import
    correct_event(store, "acled-2", {"title": "Fixed by hand"}, reason="Place name misspelt")
    store.delete_origin("acled", "all of acled removed")
    for event_id, titles in (
        ("acled-1", ["Imported acled-1", "Updated acled-1", None]),
        ("acled-2", ["Imported acled-2", "Fixed by hand", None]),
        ("acled-3", ["Imported acled-3", None]),
    ):
        history = event_history(store, event_id)
        assert [r.content["title"] if r.content else None for r in history] == titles, event_id
        assert all(
            text is not None for text, r in zip(_stored_contents(store, event_id), history) if r.change != "removed"
        )
    assert event_history(store, "acled-1")[1].changed_fields == ["title"]


def test_undoing_an_import_restores_what_the_row_said_before_it(store):
    _import(store, ["acled-1"])
    second = _import(store, ["acled-1"], title="Updated")
    undo_version(store, second, reason="Wrong file")
    assert store.events().set_index("id").loc["acled-1", "title"] == "Imported acled-1"
    titles = [r.content["title"] for r in event_history(store, "acled-1")]
    assert titles == ["Imported acled-1", "Updated acled-1", "Imported acled-1"]
