"""URL ⇄ view state ⇄ widgets (geo.ui.state), run by Streamlit's AppTest.

Two kinds of test: a small script (``AppTest.from_function``) that calls
geo.ui.state the way the sidebar does, on a fixed vocabulary, to check the
sync rules one by one; and the real app on the core fixture (the
``open_page`` fixture) for what a reader does across pages: switch page,
reset, follow a link to an article or an actor. tests/ui/test_pages.py
already checks the count against the filters and a few URLs; these tests
are about the address bar itself.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.query import Vocabulary
from geo.ui.state import NOTICES_KEY, WIDGET_KEYS

VOCABULARY = Vocabulary(
    actors=frozenset({"norinco", "cnpc", "military-junta"}),
    articles=frozenset({"art-one", "art-two"}),
    near_targets=frozenset({"pl-mandalay", "route-pipe"}),
    events=frozenset({"ev-one"}),
    origins=frozenset({"curated", "acled"}),
)
ARTICLES = {"art-one": "First report", "art-two": "Second report"}


def _sidebar_script(vocabulary, articles):
    """What the sidebar and a page do with geo.ui.state, with two widgets, a reset button and an article picker."""
    from types import SimpleNamespace

    import streamlit as st

    from geo.ui import state

    state.keep_opening_link()  # app.py's first step
    if st.session_state.pop("stop_before_sync", False):
        st.stop()  # the first run stopped while the evidence loads: a page link was clicked
    state.sync_from_url(SimpleNamespace(vocabulary=vocabulary))
    st.multiselect("Actors", options=sorted(vocabulary.actors), key=state.WIDGET_KEYS["actors"])
    st.text_input("Text", key=state.WIDGET_KEYS["text"])
    st.button("Reset filters", key="reset", on_click=state.reset_filters)
    if st.button("Centre on Mandalay", key="centre"):
        state.set_view(lat=21.9894, lon=96.0921, zoom=9, event="ev-one")
    view = state.state_from_widgets()
    state.publish_state(view)
    st.session_state["view"] = state.current_state()
    for notice in st.session_state.get(state.NOTICES_KEY) or []:
        st.warning(notice)
    if st.session_state.get("with_picker"):
        st.session_state["chosen"] = state.url_picker("Article", articles, "doc", "art-one", drop=("span",))


@pytest.fixture
def script():
    """Start the script with the URL ``params``; ``picker=True`` draws the article picker too."""

    def start(params: dict | None = None, picker: bool = False) -> AppTest:
        app = AppTest.from_function(
            _sidebar_script, kwargs={"vocabulary": VOCABULARY, "articles": ARTICLES}, default_timeout=30
        )
        app.session_state["with_picker"] = picker
        for name, value in (params or {}).items():
            app.query_params[name] = value
        return _run(app)

    return start


def _run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _url(app: AppTest) -> dict[str, list[str]]:
    """The address bar's query as name -> values (AppTest gives single values as strings)."""
    return {k: list(v) if isinstance(v, (list, tuple)) else [v] for k, v in app.query_params.items() if v != []}


def _plain(markdown: str) -> str:
    """Markdown source as the reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


# ------------------------------------------------------------ URL -> widgets


@pytest.mark.parametrize(
    ("params", "widget", "value"),
    [
        ({"from": "2021-02-01"}, "date_from", dt.date(2021, 2, 1)),
        ({"to": "2021-12-31"}, "date_to", dt.date(2021, 12, 31)),
        ({"undated": "0"}, "undated", False),
        ({"actor": ["norinco", "cnpc"]}, "actors", ["norinco", "cnpc"]),
        ({"affiliates": "0"}, "affiliates", False),
        ({"layer": ["arms-supply", "infrastructure"]}, "layers", ["arms-supply", "infrastructure"]),
        ({"kind": "site"}, "kinds", ["site"]),
        ({"article": "art-two"}, "articles", ["art-two"]),
        ({"q": "Norinco crates"}, "text", "Norinco crates"),
        ({"near": "route-pipe", "km": "30"}, "near", "route-pipe"),
        ({"near": "route-pipe", "km": "30"}, "km", 30.0),
        ({"sanctions": "listed", "by": "eu"}, "sanctions", "listed"),
        ({"sanctions": "listed", "by": "eu"}, "sanctions_by", "eu"),
        ({"base": "satellite"}, "base", "satellite"),
    ],
)
def test_a_link_with_filters_sets_the_widgets(script, params, widget, value):
    app = script(params)
    assert app.session_state[WIDGET_KEYS[widget]] == value
    assert not app.warning


def test_a_link_sets_the_map_view_and_the_origins_which_have_no_widgets(script):
    app = script({"lat": "21.9894", "lon": "96.0921", "z": "9", "event": "ev-one", "origin": "acled", "v": "3"})
    view = app.session_state["view"]
    assert (view.lat, view.lon, view.zoom, view.event) == (21.9894, 96.0921, 9, "ev-one")
    assert (view.origins, view.version) == (("acled",), 3)
    expected = {
        "origin": ["acled"],
        "lat": ["21.9894"],
        "lon": ["96.0921"],
        "z": ["9"],
        "event": ["ev-one"],
        "v": ["3"],
    }
    assert _url(app) == expected


def test_a_page_link_clicked_before_the_opening_link_was_read_keeps_its_view():
    # The reader opens a link and clicks "Add article" at once: the first run stops while the evidence
    # is still loading, and the next run (the new page) starts with the query gone from the URL.
    app = AppTest.from_function(_sidebar_script, kwargs={"vocabulary": VOCABULARY, "articles": ARTICLES})
    app.session_state["stop_before_sync"] = True
    app.query_params["actor"] = "norinco"
    app.query_params["base"] = "none"
    _run(app)
    assert WIDGET_KEYS["actors"] not in app.session_state  # nothing was read: the run stopped first
    for name in list(app.query_params):
        del app.query_params[name]  # the page switch cleared the address bar
    _run(app)
    assert app.session_state[WIDGET_KEYS["actors"]] == ["norinco"]
    assert app.session_state[WIDGET_KEYS["base"]] == "none"  # no tiles fetched against the link's wish
    assert _url(app) == {"actor": ["norinco"], "base": ["none"]}


def test_the_opening_link_is_not_brought_back_once_the_reader_changed_the_view(script):
    app = script({"actor": "norinco"})
    app.multiselect(key=WIDGET_KEYS["actors"]).set_value([]).run()
    for name in list(app.query_params):
        del app.query_params[name]
    _run(app)
    assert app.session_state[WIDGET_KEYS["actors"]] == []
    assert _url(app) == {}


# ------------------------------------------------------------ widgets -> URL, canonical


def test_a_link_is_rewritten_in_canonical_form(script):
    # defaults spelled out, a km without near, repeated values, parameters out of order
    app = script({"q": " crates ", "undated": "1", "affiliates": "1", "km": "80", "actor": ["norinco", "norinco"]})
    assert _url(app) == {"actor": ["norinco"], "q": ["crates"]}


def test_changing_a_widget_writes_the_canonical_query_to_the_url(script):
    app = script()
    assert _url(app) == {}
    app.multiselect(key=WIDGET_KEYS["actors"]).set_value(["norinco"]).run()
    assert _url(app) == {"actor": ["norinco"]}
    app.text_input(key=WIDGET_KEYS["text"]).set_value("  Letpadaung mine ").run()
    assert _url(app) == {"actor": ["norinco"], "q": ["Letpadaung mine"]}
    app.multiselect(key=WIDGET_KEYS["actors"]).set_value([]).run()
    assert _url(app) == {"q": ["Letpadaung mine"]}


def test_the_map_view_set_by_a_click_is_written_with_the_filters(script):
    app = script({"actor": "norinco"})
    app.button(key="centre").click().run()
    assert _url(app) == {
        "actor": ["norinco"],
        "lat": ["21.9894"],
        "lon": ["96.0921"],
        "z": ["9"],
        "event": ["ev-one"],
    }


def test_page_parameters_are_kept_when_the_filters_change(script):
    app = script({"doc": "art-two", "span": "24-38", "profile": "norinco", "actor": "cnpc"})
    assert _url(app) == {"actor": ["cnpc"], "doc": ["art-two"], "span": ["24-38"], "profile": ["norinco"]}
    app.multiselect(key=WIDGET_KEYS["actors"]).set_value(["norinco"]).run()
    assert _url(app) == {"actor": ["norinco"], "doc": ["art-two"], "span": ["24-38"], "profile": ["norinco"]}
    assert not app.warning  # page parameters are not view parameters: no "ignored" notice


# ------------------------------------------------------------ bad parameters


@pytest.mark.parametrize(
    ("params", "named", "kept"),
    [
        ({"actor": ["norinco", "nobody"]}, "actor=nobody", {"actor": ["norinco"]}),
        ({"layer": "bogus"}, "layer=bogus", {}),
        ({"from": "2021-13-45"}, "from=2021-13-45", {}),
        ({"z": "99", "base": "none"}, "z=99", {"base": ["none"]}),
        ({"near": "pl-atlantis"}, "near=pl-atlantis", {}),
        ({"colour": "red", "q": "mine"}, "colour=red", {"q": ["mine"]}),
    ],
)
def test_a_bad_parameter_gives_a_notice_with_its_fix_and_is_dropped_from_the_url(script, params, named, kept):
    app = script(params)
    notices = app.session_state[NOTICES_KEY]
    assert any(named in notice and "Fix" in notice for notice in notices), notices
    assert _url(app) == kept


def test_notices_stay_until_the_view_changes(script):
    app = script({"layer": "bogus"})
    assert app.session_state[NOTICES_KEY]
    _run(app)  # a rerun (a click on the map, a page switch) keeps them
    assert app.session_state[NOTICES_KEY]
    app.multiselect(key=WIDGET_KEYS["actors"]).set_value(["norinco"]).run()
    assert app.session_state[NOTICES_KEY] == []
    assert not app.warning


# ------------------------------------------------------------ page switches, the back button, reset


def test_an_empty_url_after_a_page_switch_keeps_the_view_and_rewrites_it(script):
    app = script({"actor": "norinco", "q": "crates", "z": "7", "lat": "20", "lon": "96"})
    app.query_params.clear()  # st.switch_page / the navigation drop the query string
    _run(app)
    assert app.session_state[WIDGET_KEYS["actors"]] == ["norinco"]
    assert _url(app) == {"actor": ["norinco"], "q": ["crates"], "lat": ["20"], "lon": ["96"], "z": ["7"]}


def test_a_url_changed_from_outside_replaces_the_view(script):
    app = script({"actor": "norinco", "q": "crates"})
    app.query_params.clear()
    app.query_params["actor"] = "cnpc"  # the back button, or a pasted link in the same session
    _run(app)
    assert app.session_state[WIDGET_KEYS["actors"]] == ["cnpc"]
    assert app.session_state[WIDGET_KEYS["text"]] == ""
    assert _url(app) == {"actor": ["cnpc"]}


def test_reset_clears_the_filters_but_keeps_the_map_view_and_base(script):
    app = script({"actor": "norinco", "q": "crates", "base": "satellite", "lat": "20", "lon": "96", "z": "7"})
    app.button(key="reset").click().run()
    view = app.session_state["view"]
    assert (view.actors, view.text) == ((), "")
    assert (view.lat, view.lon, view.zoom, view.base) == (20.0, 96.0, 7, "satellite")
    assert _url(app) == {"base": ["satellite"], "lat": ["20"], "lon": ["96"], "z": ["7"]}


# ------------------------------------------------------------ url_picker


def test_a_picker_without_a_parameter_chooses_the_default_and_writes_it(script):
    app = script(picker=True)
    assert app.selectbox(key="geo_doc").value == "art-one"
    assert app.session_state["chosen"] == "art-one"
    assert _url(app) == {"doc": ["art-one"]}


def test_a_picker_follows_its_parameter(script):
    app = script({"doc": "art-two", "span": "5-9"}, picker=True)
    assert app.selectbox(key="geo_doc").value == "art-two"
    assert _url(app) == {"doc": ["art-two"], "span": ["5-9"]}
    assert not app.warning


def test_choosing_in_a_picker_writes_the_parameter_and_drops_what_no_longer_applies(script):
    app = script({"doc": "art-one", "span": "5-9", "actor": "norinco"}, picker=True)
    app.selectbox(key="geo_doc").set_value("art-two").run()
    assert app.session_state["chosen"] == "art-two"
    assert _url(app) == {"actor": ["norinco"], "doc": ["art-two"]}  # the span was a passage of the other article


def test_a_picker_given_an_unknown_id_says_so_and_falls_back_to_the_default(script):
    app = script({"doc": "art-gone"}, picker=True)
    assert [_plain(w.value) for w in app.warning] == [
        "No article has the id 'art-gone' (from the link's doc=). Choose one below."
    ]
    assert app.selectbox(key="geo_doc").value == "art-one"
    assert _url(app) == {"doc": ["art-one"]}


def test_a_picker_follows_a_parameter_changed_from_outside(script):
    app = script({"doc": "art-one"}, picker=True)
    app.query_params["doc"] = "art-two"
    _run(app)
    assert app.selectbox(key="geo_doc").value == "art-two"


# ------------------------------------------------------------ the real app, across pages


def _shown(app: AppTest) -> int:
    """How many events the sidebar's count says are shown (whatever its markup)."""
    text = next(re.sub(r"<[^>]+>", "", m.value) for m in app.html if "events shown" in m.value)
    return int(re.search(r"(\d+) of \d+ events shown", text).group(1))


def test_switching_page_keeps_the_filters_and_the_url(open_page):
    app = open_page("10_map.py")
    app.multiselect(key=WIDGET_KEYS["kinds"]).set_value(["site"]).run()
    assert _url(app) == {"kind": ["site"]}
    app.switch_page("pages/20_events.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.multiselect(key=WIDGET_KEYS["kinds"]).value == ["site"]
    assert _shown(app) == 2
    assert sorted(app.dataframe[0].value["id"]) == ["site-letpadaung", "site-pipeline"]
    assert _url(app).get("kind") == ["site"]


def test_reset_filters_in_the_sidebar_keeps_the_map_view(open_page):
    app = open_page("10_map.py")
    app.query_params.update({"actor": "norinco", "lat": "21.5", "lon": "95.5", "z": "8", "base": "none"})
    _run(app)
    assert _shown(app) == 3
    app.button[[b.label for b in app.button].index("Reset filters")].click().run()
    assert _shown(app) == 4
    assert app.multiselect(key=WIDGET_KEYS["actors"]).value == []
    url = _url(app)
    assert "actor" not in url
    assert (url["lat"], url["lon"], url["z"], url["base"]) == (["21.5"], ["95.5"], ["8"], ["none"])


def test_the_article_page_keeps_its_doc_and_span_when_a_filter_changes(open_page):
    app = open_page("40_article.py")
    app.query_params.update({"doc": "art-test-one", "span": "24-38"})
    _run(app)
    app.multiselect(key=WIDGET_KEYS["actors"]).set_value(["norinco"]).run()
    url = _url(app)
    assert (url["doc"], url["span"], url["actor"]) == (["art-test-one"], ["24-38"], ["norinco"])
    assert 'id="geo-passage"' in " ".join(h.proto.body for h in app.get("html"))


def test_the_actors_page_names_an_unknown_profile_and_shows_a_known_actor(open_page):
    app = open_page("30_actors.py")
    app.query_params["profile"] = "nobody"
    _run(app)
    assert any("No actor has the id 'nobody'" in _plain(w.value) for w in app.warning)
    chosen = app.selectbox(key="geo_profile").value
    assert chosen != "nobody" and _url(app)["profile"] == [chosen]
