"""The store on SQLite and on PostgreSQL: loading, idempotence, atomic failure, versions, origins."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from geo.dataset import load_dataset
from geo.errors import DataInvalid, StoreError
from geo.store import EVENT_COLUMNS, Store


@pytest.fixture
def core_store(any_store):
    """Every test of this module runs on SQLite and on a real PostgreSQL."""
    return any_store


def test_load_fills_every_table(core_store):
    assert core_store.counts() == {"articles": 1, "places": 6, "actors": 6, "routes": 1, "events": 4}


def test_events_frame_has_resolved_places_and_actors(core_store):
    events = core_store.events().set_index("id")
    assert list(core_store.events().columns) == EVENT_COLUMNS
    seizure = events.loc["ev-seizure"]
    assert seizure["place_name"] == "Madaya Township"
    assert seizure["precision_m"] == 20000
    assert (seizure["latitude"], seizure["longitude"]) == (22.2159, 96.1724)
    assert seizure["actors"] == ["mandalay-pdf", "norinco", "military-junta"]
    assert "mandalay-pdf:seizer" in seizure["actor_roles"]
    assert seizure["article_title"] == "Rights group calls for sanctions on Norinco"
    pipeline = events.loc["site-pipeline"]
    assert pipeline["route_id"] == "route-pipeline-test" and pipeline["place_name"] == "Test pipeline"


def test_loading_twice_is_idempotent(core_store, core_data_dir):
    version = core_store.data_version()
    changes = core_store.load_curated(load_dataset(core_data_dir))
    assert changes == {"added": [], "removed": [], "modified": []}
    assert core_store.data_version() == version
    assert core_store.counts()["events"] == 4


def test_failed_load_keeps_previous_content(core_store, core_data_dir):
    before = core_store.events()
    path = core_data_dir / "gazetteer.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("22.2159", "200"), encoding="utf-8")
    with pytest.raises(DataInvalid):
        core_store.ensure_current(core_data_dir)
    after = core_store.events()
    assert after.equals(before)


def test_failure_inside_a_write_rolls_everything_back(core_store):
    before = core_store.counts()
    good = {
        "id": "ev-new",
        "kind": "event",
        "title": "t",
        "category": "arms-supply",
        "date_precision": "undated",
        "latitude": 20.0,
        "longitude": 96.0,
        "precision_m": 1000,
        "actor_roles": [("norinco", "supplier")],
    }
    bad = dict(good, id="ev-bad", title=None)  # NOT NULL violation halfway through
    with pytest.raises(Exception):
        core_store.add_events([good, bad], origin="ingest", description="test")
    assert core_store.counts() == before


def test_versions_record_what_changed(core_store, core_data_dir):
    first = core_store.data_version()
    path = core_data_dir / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows = [r for r in rows if r["id"] != "ev-contract"]
    rows[0]["title"] = "Seizure of Norinco crates (retitled)"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    assert core_store.ensure_current(core_data_dir) is True
    assert core_store.data_version() == first + 1
    assert core_store.changes_since(first) == {"added": [], "removed": ["ev-contract"], "modified": ["ev-seizure"]}
    assert core_store.changes_since(core_store.data_version()) == {"added": [], "removed": [], "modified": []}


def test_user_events_survive_a_curated_reload(core_store, core_data_dir):
    event = {
        "id": "ev-user-1",
        "kind": "event",
        "title": "User event",
        "category": "arms-supply",
        "date_precision": "undated",
        "place_id": "pl-mandalay",
        "actor_roles": [],
    }
    core_store.add_events([event], origin="ingest", description="user added")
    core_store.add_events([event], origin="ingest", description="again")
    assert core_store.counts()["events"] == 5
    core_store.load_curated(load_dataset(core_data_dir))
    events = core_store.events().set_index("id")
    assert events.loc["ev-user-1", "place_name"] == "Mandalay"
    assert events.loc["ev-user-1", "origin"] == "ingest"


def test_unwritable_store_path_gives_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    from geo.errors import StoreError

    with pytest.raises(StoreError, match="GEO_STORE_PATH"):
        Store(blocker / "sub" / "store.sqlite")


def _event(event_id: str, **fields) -> dict:
    return {
        "id": event_id, "kind": "event", "title": f"Event {event_id}", "category": "arms-supply",
        "date_precision": "undated", "latitude": 20.0, "longitude": 96.0, "precision_m": 1000, "actor_roles": [],
        **fields,
    }  # fmt: skip


def test_an_id_held_by_another_origin_refuses_the_whole_write(core_store):
    core_store.add_events([_event("x-1"), _event("x-2")], origin="import:a", description="a")
    before = core_store.data_version()
    with pytest.raises(StoreError, match="already belong to another origin"):
        core_store.add_events([_event("x-3"), _event("x-2", title="taken")], origin="import:b", description="b")
    events = core_store.events().set_index("id")
    assert "x-3" not in events.index and events.loc["x-2", "title"] == "Event x-2"
    assert set(events.loc[["x-1", "x-2"], "origin"]) == {"import:a"}
    assert core_store.data_version() == before


def test_actor_order_and_coordinates_survive_the_round_trip(core_store):
    roles = [("norinco", "supplier"), ("military-junta", "recipient"), ("mandalay-pdf", "seizer")]
    core_store.add_events([_event("x-1", latitude=21.123456789, actor_roles=roles)], origin="ingest", description="t")
    row = core_store.events().set_index("id").loc["x-1"]
    assert row["actors"] == ["norinco", "military-junta", "mandalay-pdf"]
    assert row["latitude"] == 21.123456789  # double precision on both stores


def test_every_write_is_in_the_audit_log_with_its_account(core_store):
    core_store.acting_as("editor@example.org").add_events([_event("x-1")], origin="ingest", description="t")
    with core_store._connect() as conn:
        last = conn.execute("SELECT account, action, description FROM versions ORDER BY version DESC").fetchone()
    assert tuple(last) == ("editor@example.org", "ingest", "t")


def test_a_store_whose_schema_is_current_opens_without_writing(tmp_path, core_data_dir):
    path = tmp_path / "store.sqlite"
    Store(path).load_curated(load_dataset(core_data_dir))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    reopened = Store(path)
    assert reopened.counts()["events"] == 4
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_the_content_hash_is_the_one_stores_already_hold():
    """The hash a store compares a re-import against: changing its formula would make every event of every
    existing store look modified on its next import."""
    import hashlib
    import json

    from geo.migrations import EVENT_FIELDS
    from geo.store import event_content_hash

    event = _event("x-1", summary="Zoé’s report", latitude=21.5, actor_roles=[("b", "party"), ("a", "party")])
    keys = [k for k in EVENT_FIELDS if k not in ("origin", "provenance")]
    payload = json.dumps([event.get(k) for k in keys] + [sorted(event["actor_roles"])], default=str)
    assert event_content_hash(event) == hashlib.sha256(payload.encode()).hexdigest()[:16]
    assert event_content_hash(dict(event, origin="other", provenance="{}")) == event_content_hash(event)


def test_a_large_write_keeps_every_revision_numbered_and_readable(core_store):
    from geo.history import event_history

    first = [_event(f"x-{i}", actor_roles=[("norinco", "supplier")]) for i in range(1200)]
    core_store.add_events(first, origin="import:big", description="first")
    second = [dict(e, title="Changed") if i % 2 else e for i, e in enumerate(first)]
    changes = core_store.add_events(second[:1100], origin="import:big", description="second", replace=True)
    assert (len(changes["added"]), len(changes["modified"]), len(changes["removed"])) == (0, 550, 100)
    assert [r.change for r in event_history(core_store, "x-1")] == ["added", "modified"]
    assert [r.revision for r in event_history(core_store, "x-1")] == [1, 2]
    assert event_history(core_store, "x-1")[1].changed_fields == ["title"]
    assert event_history(core_store, "x-1")[1].content["actor_roles"] == [["norinco", "supplier"]]
    assert [r.change for r in event_history(core_store, "x-1150")] == ["added", "removed"]
    assert [r.change for r in event_history(core_store, "x-2")] == ["added"]
    titles = core_store.event_titles(f"x-{i}" for i in range(1200))  # removed ones keep their last title
    assert len(titles) == 1200 and titles["x-1"] == "Changed" and titles["x-1150"] == "Event x-1150"
    again = core_store.add_events(second[:1100], origin="import:big", description="third", replace=True)
    assert not any(again.values())
    core_store.add_events([first[1150]], origin="import:big", description="back")
    assert [(r.revision, r.change) for r in event_history(core_store, "x-1150")] == [
        (1, "added"), (2, "removed"), (3, "added")
    ]  # fmt: skip
    events = core_store.events().set_index("id")
    assert len(events.filter(like="x-", axis=0)) == 1101 and events.loc["x-1", "actors"] == ["norinco"]


def test_the_events_frame_holds_each_note_text_once(core_store):
    """A dataset's note says its codes in words, so 100,000 events share a few thousand notes: kept once each,
    a selection of the frame copies references, not the texts (see README, the store at scale)."""
    same = "ACLED: Battles, Armed clash. Fatalities: 0."
    core_store.add_events([_event("x-1", note=same), _event("x-2", note=same), _event("x-3")], "import:a", "t")
    events = core_store.events().set_index("id")
    assert events.loc["x-1", "note"] == same and events.loc["x-1", "note"] is events.loc["x-2", "note"]
    assert pd.isna(events.loc["x-3", "note"])
    events.loc["x-3", "note"] = "any text can be set"  # a plain column of texts, not a categorical


def test_a_large_import_is_stored_whole_and_its_reimport_changes_nothing(any_store, tmp_path):
    """The bulk path (PostgreSQL: COPY) stores every row, actor link, change and revision of a new import."""
    from geo.intake.imports import import_events
    from geo.intake.synthetic import write_acled_csv

    path = write_acled_csv(tmp_path / "acled.csv", 3000, seed=5, dates="timestamp", missing="NA", colocated=0.5)
    before = any_store.counts()["events"]
    report = import_events(any_store, path, path.name)
    assert report.refused_rows == 0 and any_store.counts()["events"] == before + 3000
    with any_store.transaction() as conn:
        version = conn.rows("SELECT MAX(version) FROM versions")[0][0]
        assert conn.rows("SELECT COUNT(*) FROM version_changes WHERE version = ?", (version,))[0][0] == 3000
        revisions = conn.rows("SELECT change, revision, COUNT(*) FROM event_revisions WHERE version = ? GROUP BY change, revision", (version,))  # fmt: skip
        assert revisions == [("added", 1, 3000)]
        links = conn.rows("SELECT COUNT(DISTINCT event_id) FROM event_actors WHERE event_id LIKE 'acled-%'")[0][0]
        assert links == 3000  # every ACLED row names actor1
    stored = any_store.events().set_index("id")
    reference = Store(tmp_path / "reference.sqlite")  # the same file in an empty SQLite store, row by row
    import_events(reference, path, path.name)
    expected = reference.events().set_index("id").sort_index()
    got = stored.loc[expected.index, expected.columns].drop(columns=["imported_at"], errors="ignore")
    expected = expected.drop(columns=["imported_at"], errors="ignore")
    assert got.to_json(orient="index") == expected.to_json(orient="index")  # field by field, missing as missing
    again = import_events(any_store, path, path.name)
    assert "0 added, 0 modified, 3000 unchanged" in again.summary()
    pd.testing.assert_frame_equal(any_store.events().set_index("id").sort_index(), stored.sort_index())
