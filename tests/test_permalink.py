"""Permalinks: the view survives the URL, and an old link says what changed since."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.dataset import load_dataset
from geo.permalink import describe_changes, make_permalink, read_permalink
from geo.query import BASE_MAPS, ViewState
from geo.schema import CATEGORIES, EVENT_KINDS, JURISDICTIONS
from geo.store import Store

_ID_CHARS = string.ascii_letters + string.digits + "_.:-"
ids = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(string.ascii_lowercase + string.digits),
    st.text(_ID_CHARS, max_size=20),
)
id_tuples = st.lists(ids, max_size=3, unique=True).map(tuple)
coordinate = st.integers(-9_000_000, 9_000_000).map(lambda n: n / 100_000)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31))
# Free text as users type it: any printable character, no surrounding blanks (the parser strips them).
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60).map(str.strip)


@st.composite
def view_states(draw) -> ViewState:
    first, second = sorted([draw(st.none() | dates), draw(st.none() | dates)], key=lambda d: d or dt.date.max)
    near = draw(st.none() | ids)
    sanctions = draw(st.none() | st.sampled_from(["listed", "unlisted"]))
    has_centre = draw(st.booleans())
    return ViewState(
        date_from=first,
        date_to=second,
        undated=draw(st.booleans()),
        actors=draw(id_tuples),
        affiliates=draw(st.booleans()),
        layers=tuple(draw(st.lists(st.sampled_from(list(CATEGORIES)), unique=True))),
        kinds=tuple(draw(st.lists(st.sampled_from(list(EVENT_KINDS)), unique=True))),
        articles=draw(id_tuples),
        origins=draw(id_tuples),
        text=draw(texts),
        near=near,
        km=draw(st.integers(1, 50_000).map(lambda n: n / 10)) if near else 50.0,
        sanctions=sanctions,
        sanctions_by=draw(st.sampled_from([*JURISDICTIONS, "any"])) if sanctions else "any",
        base=draw(st.sampled_from(list(BASE_MAPS))),
        lat=draw(coordinate.filter(lambda x: -90 <= x <= 90)) if has_centre else None,
        lon=draw(st.integers(-18_000_000, 18_000_000).map(lambda n: n / 100_000)) if has_centre else None,
        zoom=draw(st.none() | st.integers(1, 18)),
        event=draw(st.none() | ids),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    state=view_states(),
    version=st.integers(0, 999_999_999),
    app_url=st.sampled_from(["", "https://maps.example.org/", "http://localhost:8501"]),
)
def test_state_and_data_version_survive_the_url_round_trip(state, version, app_url):
    url = make_permalink(state, version, app_url)
    back, notices = read_permalink(url)
    assert notices == []
    assert back == replace(state, version=version)


@pytest.mark.parametrize(
    ("app_url", "expected"),
    [
        ("", "?layer=arms-supply&v=7"),
        ("https://maps.example.org", "https://maps.example.org/?layer=arms-supply&v=7"),
        ("https://maps.example.org/", "https://maps.example.org/?layer=arms-supply&v=7"),
    ],
)
def test_permalink_is_absolute_only_with_an_app_url(app_url, expected):
    assert make_permalink(ViewState(layers=("arms-supply",)), 7, app_url) == expected


def _event(event_id: str, title: str, category: str = "arms-supply") -> dict:
    return {
        "id": event_id,
        "kind": "event",
        "title": title,
        "category": category,
        "date_precision": "undated",
        "place_id": "pl-mandalay",
        "actor_roles": [("norinco", "supplier")],
    }


def test_unpinned_or_current_link_has_no_notice(core_store):
    assert describe_changes(core_store, ViewState()) is None
    assert describe_changes(core_store, ViewState(version=core_store.data_version())) is None


def test_old_link_lists_added_and_removed_events_by_title(core_store, core_data_dir):
    pinned = core_store.data_version()
    core_store.add_events(
        [
            _event("ev-user-arms", "Rifles <delivered> to Mandalay"),
            _event("ev-user-mine", "New mine", "resource-extraction"),
        ],
        origin="ingest",
        description="two user events",
    )
    # remove a curated event by dropping it from data/
    events_csv = core_data_dir / "events.csv"
    lines = events_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    events_csv.write_text("".join(line for line in lines if not line.startswith("ev-contract,")), encoding="utf-8")
    core_store.load_curated(load_dataset(core_data_dir))

    state = ViewState(layers=("arms-supply",), version=pinned)
    notice = describe_changes(core_store, state)
    assert notice is not None and notice.changed
    assert notice.since == pinned and notice.current == core_store.data_version() > pinned
    assert notice.added == [("ev-user-arms", "Rifles <delivered> to Mandalay"), ("ev-user-mine", "New mine")]
    assert notice.removed == [("ev-contract", "Arms contract")]
    assert notice.modified == []
    assert notice.in_view == [("ev-user-arms", "Rifles <delivered> to Mandalay")]
    text = notice.as_text()
    assert "2 event(s) added: Rifles <delivered> to Mandalay (ev-user-arms); New mine (ev-user-mine)." in text
    assert "1 event(s) removed: Arms contract (ev-contract)." in text
    assert "1 of the added or modified events are in this view." in text


def test_event_added_then_removed_after_the_link_is_not_reported(core_store):
    pinned = core_store.data_version()
    core_store.add_events([_event("ev-brief", "Short-lived")], origin="acled", description="import")
    core_store.delete_origin("acled", "import undone")
    notice = describe_changes(core_store, ViewState(version=pinned))
    assert notice is not None
    assert notice.added == notice.removed == notice.modified == []
    assert not notice.changed
    assert "has not changed" in notice.as_text()


def test_removed_event_is_named_even_in_a_store_opened_before_titles_were_kept(core_store):
    pinned = core_store.data_version()
    core_store.add_events([_event("ev-gone", "Gone tomorrow")], origin="acled", description="import")
    reopened = Store(core_store.path)
    middle = reopened.data_version()
    reopened.delete_origin("acled", "import undone")
    notice = describe_changes(reopened, ViewState(version=middle))
    assert notice.removed == [("ev-gone", "Gone tomorrow")]
    assert describe_changes(reopened, ViewState(version=pinned)).removed == []


def test_link_from_a_newer_data_copy_says_so(core_store):
    notice = describe_changes(core_store, ViewState(version=core_store.data_version() + 5))
    assert notice.unknown_version
    assert "does not have" in notice.as_text()


def test_map_page_tells_what_changed_since_an_old_link_and_shares_a_current_one(core_data_dir, tmp_path, monkeypatch):
    """The app (AppTest): notice for an old v, Share panel with a current permalink and downloads."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    store = Store(tmp_path / "app.sqlite")
    store.load_curated(load_dataset(core_data_dir))
    pinned = store.data_version()
    store.add_events([_event("ev-user-arms", "Rifles <b>delivered</b>")], origin="ingest", description="user")
    monkeypatch.setenv("GEO_STORE_PATH", str(store.path))
    monkeypatch.setenv("GEO_DATA_DIR", str(core_data_dir))
    monkeypatch.setenv("GEO_APP_URL", "https://maps.example.org")
    monkeypatch.setenv("GEO_CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    st.cache_resource.clear()  # settings and the store are cached per process
    try:
        app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=90)
        app.query_params["layer"] = "arms-supply"
        app.query_params["v"] = str(pinned)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        warnings = [w.value for w in app.warning]
        assert any(
            f"data version {pinned}, now {pinned + 1}" in w and "1 event in it was added or modified" in w
            for w in warnings
        ), warnings
        texts = [t.value for t in app.text]
        assert any("Rifles <b>delivered</b> (ev-user-arms)" in t for t in texts)  # as typed, not as HTML
        assert app.code == [] and not app.get("download_button")  # the map comes alone in the first run
        app.run()  # the map's first report reruns the page: the Share panel comes with it
        assert [c.value for c in app.code] == [f"https://maps.example.org/?layer=arms-supply&v={pinned + 1}"]
        buttons = {b.label: b for b in app.get("download_button")}
        assert set(buttons) >= {"Map (HTML)", "GeoJSON", "CSV", "KML (Google Earth)"}
        # the PNG is made on request; without a browser its button is off and says how to get one
        assert app.button(key="geo_share_make_png").disabled and not buttons["GeoJSON"].proto.disabled
        assert any("apt-get install chromium" in i.value for i in app.info)

        app.button(key="geo_pin_version").click().run()
        assert not any("has changed" in w.value for w in app.warning)
        assert app.query_params["v"] == str(pinned + 1)
    finally:
        st.cache_resource.clear()
