"""The evidence base (geo.evidence): one consistent snapshot of the store, and a store kept current with data/.

On the core fixture (tests/data/core): four events and sites, six actors
(Norinco -> Wanbao Mining -> Myanmar Wanbao), six places, one route, one
article.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import DataInvalid
from geo.evidence import Evidence, open_evidence, open_store
from geo.filters import filter_events
from geo.query import ViewState
from geo.settings import Settings
from geo.store import Store

ALL = ["ev-contract", "ev-seizure", "site-letpadaung", "site-pipeline"]
ACTORS = {
    "military-junta": "Myanmar military junta",
    "norinco": "Norinco",
    "wanbao-mining": "Wanbao Mining",
    "myanmar-wanbao": "Myanmar Wanbao",
    "mandalay-pdf": "Mandalay People's Defense Force",
    "cnpc": "China National Petroleum Corporation",
}
PLACES = {"pl-madaya-township", "pl-letpadaung-mine", "pl-kyaukphyu", "pl-mandalay", "pl-myanmar", "pl-kunming"}


@pytest.fixture
def evidence(core_store: Store) -> Evidence:
    return Evidence.from_store(core_store)


def _settings(tmp_path: Path, data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, store_path=tmp_path / "evidence.sqlite")


def _user_event(event_id: str, title: str, **fields) -> dict:
    return {
        "id": event_id,
        "kind": "event",
        "title": title,
        "category": "arms-supply",
        "date_precision": "undated",
        "place_id": "pl-mandalay",
        "actor_roles": [],
        **fields,
    }


# ------------------------------------------------------------ the snapshot


def test_snapshot_holds_every_table_of_the_store(evidence, core_store):
    counts = core_store.counts()
    assert len(evidence.events) == counts["events"] == 4
    assert len(evidence.actors) == 6
    assert len(evidence.places) == 6
    assert [route["id"] for route in evidence.routes] == ["route-pipeline-test"]
    assert list(evidence.articles["id"]) == ["art-test-one"]
    assert evidence.version == core_store.data_version() == 1
    # the core fixture has no sanctions.csv: nobody is sanctioned or assessed
    assert evidence.sanctions.empty and not any(evidence.sanctioned.values())


def test_actor_names_map_every_actor_id_to_its_name(evidence):
    assert evidence.actor_names == ACTORS


def test_vocabulary_names_what_a_link_may_refer_to(evidence):
    vocabulary = evidence.vocabulary
    assert vocabulary.actors == frozenset(ACTORS)
    assert vocabulary.articles == {"art-test-one"}
    assert vocabulary.events == frozenset(ALL)
    assert vocabulary.origins == {"curated"}
    # near targets: every place, every site with a point (not the pipeline site, which is its route), every route
    assert vocabulary.near_targets == PLACES | {"site-letpadaung", "route-pipeline-test"}


def test_context_carries_affiliations_and_the_names_of_near_targets(evidence):
    context = evidence.context
    assert context.parents == {"wanbao-mining": "norinco", "myanmar-wanbao": "wanbao-mining"}
    assert context.actor_names == ACTORS
    assert context.target_names["route-pipeline-test"] == "Test pipeline"
    assert context.target_names["site-letpadaung"] == "Letpadaung copper mine"
    assert context.target_names["pl-madaya-township"] == "Madaya Township"
    assert context.near_targets["pl-mandalay"] == [(21.9894, 96.0921)]


def test_a_route_as_near_target_is_its_line_densified_to_about_a_kilometre(evidence):
    from geopy.distance import geodesic

    points = evidence.context.near_targets["route-pipeline-test"]
    coordinates = [
        (lat, lon)
        for feature in evidence.routes[0]["geometry"]["features"]
        for lon, lat, *_ in feature["geometry"]["coordinates"]
    ]
    assert points[0] == pytest.approx(coordinates[0]) and points[-1] == pytest.approx(coordinates[-1])
    steps = [geodesic(a, b).km for a, b in itertools.pairwise(points)]
    assert max(steps) <= 1.01
    assert len(points) > 500  # Kyaukphyu to Kunming is well over 500 km


# ------------------------------------------------------------ selection


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(actors=("norinco",)),
        ViewState(actors=("norinco",), affiliates=False),
        ViewState(layers=("arms-supply",), kinds=("event",)),
        ViewState(date_from=dt.date(2017, 6, 1), date_to=dt.date(2017, 6, 30), undated=False),
        ViewState(text="Norinco"),
        ViewState(text="people's defense"),
        ViewState(near="route-pipeline-test", km=30),
        ViewState(near="pl-letpadaung-mine", km=5),
        ViewState(articles=("art-test-one",), origins=("curated",)),
        ViewState(text="nothing like this"),
    ],
)
def test_select_gives_what_filter_events_gives_on_the_same_state(evidence, state):
    expected = filter_events(evidence.events, state, evidence.context)
    pd.testing.assert_frame_equal(evidence.select(state), expected)


def test_select_leaves_the_events_frame_as_it_was(evidence):
    before = evidence.events.copy()
    evidence.select(ViewState(text="norinco"))
    assert "search_text" not in evidence.select(ViewState()).columns
    pd.testing.assert_frame_equal(evidence.events, before)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PEOPLE'S DEFENSE FORCE", ["ev-seizure"]),  # an actor's name, not in the event's own text
        ("china national petroleum", ["site-pipeline"]),  # CNPC's name
        ("myanmar military junta", ["ev-contract", "ev-seizure"]),
        ("Madaya Township", ["ev-seizure"]),  # the place name
        ("LETPADAUNG", ["site-letpadaung"]),
        ("the pipeline to china", ["site-pipeline"]),  # the summary
    ],
)
def test_text_search_covers_actor_and_place_names_in_any_case(evidence, text, expected):
    assert sorted(evidence.select(ViewState(text=text))["id"]) == expected


def test_searchable_text_is_case_folded_with_the_actor_names(evidence):
    text = evidence.searchable.set_index("id")["search_text"]
    assert "mandalay people's defense force" in text["ev-seizure"]
    assert "myanmar military junta" in text["ev-seizure"]
    assert all(value == value.casefold() for value in text)


def test_case_folding_matches_beyond_ascii(core_store):
    core_store.add_events([_user_event("ev-user-strasse", "Convoy on the Hauptstraße")], "ingest", "test")
    evidence = Evidence.from_store(core_store)
    assert "hauptstrasse" in evidence.searchable.set_index("id").loc["ev-user-strasse", "search_text"]
    assert list(evidence.select(ViewState(text="HAUPTSTRASSE"))["id"]) == ["ev-user-strasse"]


def test_a_snapshot_read_a_part_at_a_time_is_the_one_read_at_once(core_store, monkeypatch):
    """Parts of one row: columns empty in some parts (quote, route_id, fatalities) come out as if read whole."""
    import geo.evidence
    import geo.store
    from geo.filters import search_text

    core_store.add_events(
        [_user_event("ev-user-record", "Clash", provenance='{"record": {"fatalities": 3, "source": "Paper"}}')],
        "import:test",
        "test",
    )
    whole = Evidence.from_store(core_store)
    monkeypatch.setattr(geo.store, "_PART_ROWS", 1)
    monkeypatch.setattr(geo.evidence, "_PART", 1)
    parts = Evidence.from_store(core_store)
    pd.testing.assert_frame_equal(parts.events, whole.events)
    pd.testing.assert_series_equal(parts.searchable["search_text"], whole.searchable["search_text"])
    expected = search_text(whole.events, whole.actor_names)
    assert list(parts.searchable["search_text"]) == list(expected)
    record = parts.events.set_index("id").loc["ev-user-record"]
    assert (record["fatalities"], record["source"]) == (3, "Paper")


# ------------------------------------------------------------ data versions


def test_an_import_makes_a_new_version_with_its_events_and_origin(core_store):
    before = Evidence.from_store(core_store)
    core_store.add_events(
        [_user_event("ev-acled-1", "Airstrike"), _user_event("ev-acled-2", "Clash")], "acled:test.csv", "import"
    )
    after = Evidence.from_store(core_store)
    assert after.version == before.version + 1
    assert {"ev-acled-1", "ev-acled-2"} <= after.vocabulary.events
    assert after.vocabulary.origins == {"curated", "acled:test.csv"}
    assert sorted(after.select(ViewState(origins=("acled:test.csv",)))["id"]) == ["ev-acled-1", "ev-acled-2"]


def test_a_new_article_with_events_makes_a_new_version_that_lists_it(core_store):
    before = Evidence.from_store(core_store)
    article = {"id": "art-user-1", "title": "Second report", "publisher": "Test Post", "body": "Arms arrived."}
    core_store.add_events(
        [_user_event("ev-user-1", "Arms arrived", article_id="art-user-1", source_start=0, source_end=13)],
        "ingest",
        "ingest of 1 article",
        articles=[article],
    )
    after = Evidence.from_store(core_store)
    assert after.version == before.version + 1
    assert after.vocabulary.articles == {"art-test-one", "art-user-1"}


def test_the_same_import_twice_makes_no_new_version(core_store):
    core_store.add_events([_user_event("ev-acled-1", "Airstrike")], "acled:test.csv", "import")
    version = Evidence.from_store(core_store).version
    core_store.add_events([_user_event("ev-acled-1", "Airstrike")], "acled:test.csv", "import")
    assert Evidence.from_store(core_store).version == version


@pytest.mark.parametrize("change", ["article without events", "actor renamed in data/"])
def test_any_change_a_reader_can_see_makes_a_new_version(core_store, core_data_dir, change):
    from geo.dataset import load_dataset

    version = core_store.data_version()
    if change == "article without events":
        article = {"id": "art-user-2", "title": "Nothing to map", "publisher": "Test Post", "body": "No events."}
        core_store.add_events([], "ingest", "ingest of 1 article", articles=[article])
        assert "art-user-2" in set(core_store.articles()["id"])
    else:
        path = core_data_dir / "actors.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("norinco,Norinco,", "norinco,Norinco Group,"))
        core_store.load_curated(load_dataset(core_data_dir))
        assert Evidence.from_store(core_store).actor_names["norinco"] == "Norinco Group"
    assert core_store.data_version() > version


# ------------------------------------------------------------ open_store: keeping up with data/


def _retitle(data_dir: Path, old: str, new: str) -> None:
    path = data_dir / "events.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_open_store_loads_data_on_first_use(tmp_path, core_data_dir):
    store = open_store(_settings(tmp_path, core_data_dir))
    assert store.load_error is None
    assert sorted(store.events()["id"]) == ALL
    assert store.data_version() == 1


def test_open_store_reloads_data_when_a_file_changes(tmp_path, core_data_dir):
    settings = _settings(tmp_path, core_data_dir)
    first = open_evidence(settings)
    assert open_evidence(settings).version == first.version  # nothing changed: nothing reloaded
    _retitle(core_data_dir, "Arms contract", "Arms contract for howitzers")
    second = open_evidence(settings)
    assert second.version == first.version + 1
    assert second.events.set_index("id").loc["ev-contract", "title"] == "Arms contract for howitzers"
    assert second.select(ViewState(text="howitzers"))["id"].tolist() == ["ev-contract"]


def test_broken_data_keeps_the_last_good_data_and_says_why(tmp_path, core_data_dir):
    settings = _settings(tmp_path, core_data_dir)
    good = open_evidence(settings)
    _retitle(core_data_dir, ",arms-supply,", ",no-such-layer,")
    store = open_store(settings)
    assert isinstance(store.load_error, DataInvalid)
    assert any(p.file == "events.csv" and p.column == "category" for p in store.load_error.problems)
    assert "no-such-layer" in str(store.load_error)
    kept = Evidence.from_store(store)
    assert kept.version == good.version
    pd.testing.assert_frame_equal(kept.events, good.events)
    # once data/ is fixed, the error goes and the fix is loaded
    _retitle(core_data_dir, ",no-such-layer,", ",arms-supply,")
    _retitle(core_data_dir, "Arms contract", "Arms deal")
    fixed = open_store(settings)
    assert fixed.load_error is None
    assert "Arms deal" in set(fixed.events()["title"])


def test_broken_data_and_an_empty_store_is_an_error_not_an_empty_map(tmp_path, core_data_dir):
    _retitle(core_data_dir, ",arms-supply,", ",no-such-layer,")
    with pytest.raises(DataInvalid, match=r"events\.csv"):
        open_store(_settings(tmp_path, core_data_dir))
