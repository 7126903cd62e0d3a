"""The dashboard pages and the shared sidebar, run by Streamlit's AppTest on the core fixture.

What a reader checks: the count follows the filters, a URL restores the view
and is rewritten in canonical form, a bad parameter is named with its fix,
and every page (map, events, actors, article) renders from the same filters.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
CORE = Path(__file__).parent.parent / "data" / "core"


@pytest.fixture
def app(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(CORE, data)
    monkeypatch.setenv("GEO_DATA_DIR", str(data))
    monkeypatch.setenv("GEO_STORE_PATH", str(tmp_path / "pages.sqlite"))
    st.cache_resource.clear()
    st.cache_data.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _count(app: AppTest) -> str:
    return next(m.value for m in app.html if "events shown" in m.value)


def _param(app: AppTest, name: str) -> list[str]:
    value = app.query_params[name]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _run(app: AppTest, page: str | None = None) -> AppTest:
    app.run()
    if page:
        app.switch_page(str(ROOT / "pages" / page)).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_map_page_shows_every_event_and_the_map(app):
    _run(app)
    assert "<b>4</b> of <b>4</b> events shown" in _count(app)
    maps = [e for e in app.get("component_instance") if "st_folium" in e.proto.component_name]
    assert len(maps) == 1
    # the session's first run sends the map alone, so the chart library does not hold up its first markers
    assert not app.get("vega_lite_chart")
    assert any("appear once the map is drawn" in c.value for c in app.caption)
    app.run()  # the map's first report reruns the page: now the timeline and the share panel are there
    assert app.get("vega_lite_chart"), "the timeline is drawn"
    assert any(e.label == "Share this view" for e in app.expander)


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("geo_layers", ["arms-supply"], 1),
        ("geo_kinds", ["site"], 2),
        (
            "geo_actors",
            ["norinco"],
            3,
        ),  # with affiliates: Norinco's events (the mine is run by an unrelated actor here)
        ("geo_text", "pipeline", 1),
        ("geo_undated", False, 3),
    ],
)
def test_count_follows_each_filter(app, key, value, shown):
    _run(app)
    widget = {
        "geo_layers": app.multiselect,
        "geo_kinds": app.multiselect,
        "geo_actors": app.multiselect,
        "geo_text": app.text_input,
        "geo_undated": app.toggle,
    }[key](key=key)
    widget.set_value(value).run()
    assert f"<b>{shown}</b> of <b>4</b> events shown" in _count(app)


def test_date_filter_uses_interval_overlap(app):
    _run(app)
    app.date_input(key="geo_from").set_value(dt.date(2017, 6, 1)).run()
    app.date_input(key="geo_to").set_value(dt.date(2017, 6, 30)).run()
    # the 2017 contract (a year) overlaps June 2017; the mine (since 2012, open) too; the pipeline is undated
    assert "<b>3</b> of <b>4</b> events shown" in _count(app)
    assert _param(app, "from") == ["2017-06-01"] and _param(app, "to") == ["2017-06-30"]


def test_url_restores_the_view(app):
    app.query_params["layer"] = ["arms-supply", "seizures-combat"]
    app.query_params["base"] = "none"
    app.query_params["event"] = "ev-contract"
    _run(app)
    assert app.multiselect(key="geo_layers").value == ["arms-supply", "seizures-combat"]
    assert app.selectbox(key="geo_base").value == "none"
    assert "<b>2</b> of <b>4</b> events shown" in _count(app)
    assert any("Arms contract" in h.value for h in app.subheader), "the selected event's panel is open"
    assert not app.warning


def test_widget_changes_are_written_to_the_url(app):
    _run(app)
    app.multiselect(key="geo_actors").set_value(["norinco"]).run()
    app.checkbox(key="geo_affiliates").set_value(False).run()
    assert _param(app, "actor") == ["norinco"]
    assert _param(app, "affiliates") == ["0"]


def test_bad_parameters_are_ignored_with_a_visible_notice(app):
    app.query_params["layer"] = ["arms-supply", "bogus"]
    app.query_params["z"] = "99"
    app.query_params["colour"] = "red"
    _run(app)
    # the notices echo the URL, so they reach Markdown escaped (geo.escaping): read them as a reader sees them
    text = re.sub(r"\\(.)", r"\1", " ".join(w.value for w in app.warning)).replace("\u2060", "")
    assert "layer=bogus" in text and "z=99" in text and "colour=red" in text
    assert "Fix:" in text
    assert app.multiselect(key="geo_layers").value == ["arms-supply"]  # the good part of the link still applies
    assert "<b>1</b> of <b>4</b> events shown" in _count(app)


def test_events_page_lists_the_filtered_events_with_passage_links(app):
    app.query_params["kind"] = "site"
    _run(app, "20_events.py")
    table = app.dataframe[0].value
    assert sorted(table["id"]) == ["site-letpadaung", "site-pipeline"]
    assert all(link.startswith("/article?doc=art-test-one&span=") for link in table["passage"])
    # "Show on map" opens the event selected on the map, under the same filters
    assert set(table["map"]) == {f"/?kind=site&event={e}" for e in table["id"]}
    assert list(table.columns[:3]) == ["when", "title", "quote"]
    assert app.get("download_button")


def _dot_nodes(app: AppTest) -> set[str]:
    spec = app.get("graphviz_chart")[0].proto.spec
    return set(re.findall(r'^  "([^"]+)" \[label=', spec, flags=re.MULTILINE))


def test_actors_page_draws_the_actors_own_network(app):
    app.query_params["profile"] = "myanmar-wanbao"
    _run(app, "30_actors.py")
    assert any(h.value == "Myanmar Wanbao" for h in app.header)
    # its owners up the chain, the mine it operates; nothing else of the evidence (the pipeline, the seizure)
    assert _dot_nodes(app) == {"myanmar-wanbao", "wanbao-mining", "norinco", "item:site-letpadaung"}
    owned_by = next(m.value for m in app.markdown if m.value.startswith("**Owned by"))
    assert "[Wanbao Mining](/actors?profile=wanbao-mining)" in owned_by
    assert "[Norinco](/actors?profile=norinco)" in owned_by


def test_the_actors_network_reaches_partners_two_steps_out_and_links_them(app):
    app.query_params["profile"] = "norinco"
    _run(app, "30_actors.py")
    nodes = _dot_nodes(app)
    family = {"norinco", "wanbao-mining", "myanmar-wanbao"}
    items = {"item:site-letpadaung", "item:ev-seizure", "item:ev-contract"}
    assert nodes == family | items | {"military-junta", "mandalay-pdf"}  # partners in Norinco's events
    spec = app.get("graphviz_chart")[0].proto.spec
    assert 'URL="/actors?profile=military-junta"' in spec
    app.radio(key="geo_profile_hops").set_value(1).run()
    assert _dot_nodes(app) == family | items
    app.toggle(key="geo_profile_whole_network").set_value(True).run()
    assert "item:site-pipeline" in _dot_nodes(app)  # the whole network, on request


def test_the_profile_leads_with_ownership_and_sanctions(app):
    app.query_params["profile"] = "norinco"
    _run(app, "30_actors.py")
    owns = next(m.value for m in app.markdown if m.value.startswith("**Owns"))
    assert "Wanbao Mining" in owns and "which owns [Myanmar Wanbao]" in owns
    assert any("Not checked" in c.value for c in app.caption)  # the core fixture has no sanctions data
    assert app.get("vega_lite_chart"), "its events on a timeline"


def test_article_page_marks_the_linked_passage(app):
    app.query_params["doc"] = "art-test-one"
    app.query_params["span"] = "24-38"
    _run(app, "40_article.py")
    html = " ".join(h.proto.body for h in app.get("html"))
    focused = re.findall(r'class="geo-focus"[^>]*>(.*?)</span>(?=<|$)', html)
    assert 'id="geo-passage"' in html
    assert re.sub(r"<[^>]+>", "", "".join(focused)) == "Norinco crates"  # body[24:38] of the fixture article
    assert not app.warning


def test_article_mentions_are_highlighted_only_on_request(app):
    app.query_params["doc"] = "art-test-one"
    app.query_params["span"] = "24-38"
    _run(app, "40_article.py")
    assert app.toggle(key="geo_article_mentions").value is False
    html = " ".join(h.proto.body for h in app.get("html"))
    assert 'class="geo-m ' not in html and 'class="geo-passage"' in html
    app.toggle(key="geo_article_mentions").set_value(True).run()
    html = " ".join(h.proto.body for h in app.get("html"))
    assert 'class="geo-m geo-m-actor"' in html


def test_article_page_names_a_bad_span(app):
    app.query_params["doc"] = "art-test-one"
    app.query_params["span"] = "900-5"
    _run(app, "40_article.py")
    shown = [re.sub(r"\\(.)", r"\1", w.value) for w in app.warning]  # as displayed: Markdown escapes removed
    assert any("span=900-5" in text for text in shown)


def test_near_filter_widgets_keep_events_within_the_distance(app):
    _run(app)
    app.selectbox(key="geo_near").set_value("route-pipeline-test").run()
    app.number_input(key="geo_km").set_value(30.0).run()
    # geodesic distances to the fixture pipeline: seizure 18.8 km, Letpadaung 89.9 km, contract 97.0 km
    assert "<b>2</b> of <b>4</b> events shown" in _count(app)
    assert _param(app, "near") == ["route-pipeline-test"] and _param(app, "km") == ["30"]


def test_near_filter_is_restored_from_the_url(app):
    app.query_params["near"] = "route-pipeline-test"
    app.query_params["km"] = "95"
    _run(app)
    assert app.selectbox(key="geo_near").value == "route-pipeline-test"
    assert app.number_input(key="geo_km").value == 95.0
    assert "<b>3</b> of <b>4</b> events shown" in _count(app)


@pytest.mark.parametrize(
    ("layer", "alarm"),
    [
        ("arms-supply", True),  # the rifles are in this view: it changed
        ("resource-extraction", False),  # added elsewhere: the view shows what it showed
    ],
)
def test_an_old_link_warns_only_when_its_view_changed(tmp_path, monkeypatch, layer, alarm):
    from geo.dataset import load_dataset
    from geo.store import Store

    data = tmp_path / "data"
    shutil.copytree(CORE, data)
    store = Store(tmp_path / "old-link.sqlite")
    store.load_curated(load_dataset(data))
    pinned = store.data_version()
    rifles = {"id": "ev-user-rifles", "kind": "event", "title": "Rifles delivered", "category": "arms-supply"}
    rifles |= {"date_precision": "undated", "place_id": "pl-mandalay", "actor_roles": [("norinco", "supplier")]}
    store.add_events([rifles], origin="ingest", description="a user's article")
    monkeypatch.setenv("GEO_DATA_DIR", str(data))
    monkeypatch.setenv("GEO_STORE_PATH", str(store.path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["layer"] = layer
    app.query_params["v"] = str(pinned)
    _run(app)
    warned = [w.value for w in app.warning if "changed" in w.value]
    quiet = [c.value for c in app.caption if "none is in this view" in c.value]
    if alarm:
        assert warned and "1 event in it was added or modified" in warned[0] and not quiet
    else:
        assert not warned and quiet and "1 event was added or modified elsewhere" in quiet[0]
