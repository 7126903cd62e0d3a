"""URL ⇄ view state ⇄ widgets: the one place the view is read from and written to the address bar.

The whole view lives in the query string, in the one grammar of :mod:`geo.query`.
On a session's first run, or whenever the URL changed from outside (a pasted
link, the back button), :func:`sync_from_url` parses ``st.query_params`` into a
:class:`~geo.query.ViewState`, keeps every ignored parameter as a notice with its
fix, and sets the widgets from it (:func:`apply_state`). After the widgets are
read (:func:`state_from_widgets`), :func:`publish_state` writes the canonical
query back. Page-local parameters (:data:`PAGE_PARAMS`: the article page's
``doc`` and ``span``, the actors page's ``profile``) are not part of the view
grammar; :func:`page_param`, :func:`set_page_param` and :func:`url_picker`
read and write them.
"""

from __future__ import annotations

import runpy
from dataclasses import replace
from pathlib import Path

import streamlit as st

from geo.escaping import escape_markdown
from geo.evidence import Evidence
from geo.query import ViewState, format_query, parse_query, query_mapping
from geo.ui.loaders import load_evidence

__all__ = [
    "ANCHOR_KEY",
    "LAST_TOOLTIP_KEY",
    "NOTICES_KEY",
    "PAGE_PARAMS",
    "VIEW_KEY",
    "WIDGET_KEYS",
    "apply_state",
    "current",
    "current_state",
    "keep_opening_link",
    "page_param",
    "publish_state",
    "reset_filters",
    "set_page_param",
    "set_view",
    "state_from_widgets",
    "sync_from_url",
    "url_picker",
]


# Query parameters that belong to one page, not to the view grammar.
PAGE_PARAMS: tuple[str, ...] = ("doc", "span", "profile")


WIDGET_KEYS = {
    "date_from": "geo_from",
    "date_to": "geo_to",
    "undated": "geo_undated",
    "actors": "geo_actors",
    "affiliates": "geo_affiliates",
    "layers": "geo_layers",
    "kinds": "geo_kinds",
    "articles": "geo_articles",
    "text": "geo_text",
    "near": "geo_near",
    "km": "geo_km",
    "sanctions": "geo_sanctions",
    "sanctions_by": "geo_by",
    "base": "geo_base",
}


VIEW_KEY = "_geo_view"  # lat, lon, zoom, event, version, origins: the parts of the state without widgets


_WRITTEN = "_geo_written"  # the canonical query last written to the URL


NOTICES_KEY = "_geo_notices"


_NOTICE_QUERY = "_geo_notice_query"  # the view the notices were about; a change of view retires them


_STATE = "_geo_state"


_OPENING = "_geo_opening"  # the view parameters of the link that opened the session, kept before anything slow


ANCHOR_KEY = "_geo_anchor"  # (lat, lon, zoom, base) passed to st_folium to set the view once


LAST_TOOLTIP_KEY = "_geo_last_tooltip"


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params if k not in PAGE_PARAMS}


def _pairs(mapping: dict[str, list[str]]) -> list[tuple[str, str]]:
    return sorted((k, v) for k, values in mapping.items() for v in values)


def apply_state(state: ViewState) -> None:
    """Set every widget and the view from a state (before the widgets are drawn)."""
    ss = st.session_state
    ss[WIDGET_KEYS["date_from"]] = state.date_from
    ss[WIDGET_KEYS["date_to"]] = state.date_to
    ss[WIDGET_KEYS["undated"]] = state.undated
    ss[WIDGET_KEYS["actors"]] = list(state.actors)
    ss[WIDGET_KEYS["affiliates"]] = state.affiliates
    ss[WIDGET_KEYS["layers"]] = list(state.layers)
    ss[WIDGET_KEYS["kinds"]] = list(state.kinds)
    ss[WIDGET_KEYS["articles"]] = list(state.articles)
    ss[WIDGET_KEYS["text"]] = state.text
    ss[WIDGET_KEYS["near"]] = state.near
    ss[WIDGET_KEYS["km"]] = float(state.km)
    ss[WIDGET_KEYS["sanctions"]] = state.sanctions
    ss[WIDGET_KEYS["sanctions_by"]] = state.sanctions_by
    ss[WIDGET_KEYS["base"]] = state.base
    ss[VIEW_KEY] = {
        "lat": state.lat,
        "lon": state.lon,
        "zoom": state.zoom,
        "event": state.event,
        "version": state.version,
        "origins": state.origins,
    }
    center = (state.lat, state.lon) if state.lat is not None else None
    ss[ANCHOR_KEY] = (center, state.zoom, state.base)


def keep_opening_link() -> None:
    """Keep the view parameters of the link that opened the session, before anything slow runs.

    A page link clicked during the session's first run, while the evidence is
    still loading, stops that run before :func:`sync_from_url` has read the URL,
    and the new page's run starts with the query gone. Without this the reader
    would land on defaults (dated filters lost, base map tiles fetched although
    the link said ``base=none``).
    """
    if _WRITTEN not in st.session_state and _OPENING not in st.session_state:
        st.session_state[_OPENING] = _url_params()


def sync_from_url(evidence: Evidence) -> None:
    ss = st.session_state
    params = _url_params()
    first = _WRITTEN not in ss
    if first and not params:
        params = ss.get(_OPENING) or {}  # the opening link, if a page switch cleared it before it was read
    if not first and not params:
        return  # a page switch cleared the URL: keep the session's view, publish_state rewrites it
    if first or _pairs(params) != ss[_WRITTEN]:
        state, notices = parse_query(params, evidence.vocabulary)
        ss[NOTICES_KEY] = [str(n) for n in notices]
        ss[_NOTICE_QUERY] = format_query(state.filter_key())
        apply_state(state)
        ss[_WRITTEN] = _pairs(params)


def reset_filters() -> None:
    view = st.session_state.get(VIEW_KEY, {})
    apply_state(ViewState(base=st.session_state.get(WIDGET_KEYS["base"], "light")))
    st.session_state[VIEW_KEY].update({k: view.get(k) for k in ("lat", "lon", "zoom")})


def state_from_widgets() -> ViewState:
    ss = st.session_state
    view = ss.get(VIEW_KEY, {})
    date_from, date_to = ss.get(WIDGET_KEYS["date_from"]), ss.get(WIDGET_KEYS["date_to"])
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return ViewState(
        date_from=date_from,
        date_to=date_to,
        undated=bool(ss.get(WIDGET_KEYS["undated"], True)),
        actors=tuple(ss.get(WIDGET_KEYS["actors"]) or ()),
        affiliates=bool(ss.get(WIDGET_KEYS["affiliates"], True)),
        layers=tuple(ss.get(WIDGET_KEYS["layers"]) or ()),
        kinds=tuple(ss.get(WIDGET_KEYS["kinds"]) or ()),
        articles=tuple(ss.get(WIDGET_KEYS["articles"]) or ()),
        origins=tuple(view.get("origins") or ()),
        text=(ss.get(WIDGET_KEYS["text"]) or "").strip()[:200],
        near=ss.get(WIDGET_KEYS["near"]) or None,
        km=float(ss.get(WIDGET_KEYS["km"]) or 50.0),
        sanctions=ss.get(WIDGET_KEYS["sanctions"]) or None,
        sanctions_by=ss.get(WIDGET_KEYS["sanctions_by"]) or "any",
        base=ss.get(WIDGET_KEYS["base"]) or "light",
        lat=view.get("lat"),
        lon=view.get("lon"),
        zoom=view.get("zoom"),
        event=view.get("event"),
        version=view.get("version"),
    )


def publish_state(state: ViewState) -> None:
    """Write the canonical query of ``state`` to the URL (keeping page parameters), if it changed."""
    mapping = query_mapping(state)
    st.session_state[_STATE] = state
    if st.session_state.get(NOTICES_KEY) and format_query(state.filter_key()) != st.session_state.get(_NOTICE_QUERY):
        st.session_state[NOTICES_KEY] = []
    st.session_state[_WRITTEN] = _pairs(mapping)
    if _pairs(_url_params()) == _pairs(mapping):
        return
    page_params = {k: st.query_params.get_all(k) for k in st.query_params if k in PAGE_PARAMS}
    st.query_params.from_dict({**mapping, **page_params})


def set_view(**changes) -> ViewState:
    """Change the map view (lat, lon, zoom, event) of the current state and publish it."""
    view = st.session_state.setdefault(VIEW_KEY, {})
    view.update(changes)
    state = replace(current_state(), **changes)
    publish_state(state)
    return state


def current_state() -> ViewState:
    return st.session_state.get(_STATE) or state_from_widgets()


def current() -> tuple[Evidence, ViewState]:
    """The evidence and view state of this run (set by the sidebar in ``app.py``)."""
    _leave_pages_directory_mode()
    return load_evidence(), current_state()


def _leave_pages_directory_mode() -> None:
    # Until some session has run st.navigation, Streamlit treats pages/ the v1 way and runs a
    # deep-linked page (e.g. /import as a server's first request) WITHOUT app.py: no sidebar, no page
    # config. Switch the process to v2 and run app.py here, in this same run (it runs this page in turn
    # through st.navigation), then stop: a rerun instead would drop the click that started this run.
    # The page files are named after their URLs (tests/ui/test_navigation.py), so that such a first
    # request finds its page and the reader gets no "Page not found" box.
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        main = Path(__file__).resolve().parents[2] / "app.py"
        runpy.run_path(str(main), run_name="__main__")
        st.stop()


def page_param(name: str) -> str | None:
    return st.query_params.get(name)


def set_page_param(name: str, value: str | None, drop: tuple[str, ...] = ()) -> None:
    for key in drop:
        if key in st.query_params:
            del st.query_params[key]
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = value


def url_picker(label: str, names: dict[str, str], param: str, default: str, drop: tuple[str, ...] = ()) -> str:
    """A select box bound to a page parameter of the URL (``param=<id>``); an unknown id gets a notice.

    ``names`` maps ids to what the box shows (plain text: select boxes never
    read Markdown), in display order; ``default``
    is chosen when the URL names nothing usable; ``drop`` lists parameters
    that no longer apply once the choice changes.
    """
    wanted = page_param(param)
    if wanted and wanted not in names:
        st.warning(  # the id comes from the URL, written by anyone: escaped, so it shows as typed
            f"No {escape_markdown(label.lower())} has the id '{escape_markdown(wanted)}' "
            f"(from the link's {escape_markdown(param)}=). Choose one below."
        )
        wanted = None
    key, url_key = f"geo_{param}", f"geo_{param}_url"
    if st.session_state.get(url_key) != wanted or key not in st.session_state:
        st.session_state[key] = wanted or default
        st.session_state[url_key] = wanted
    chosen = st.selectbox(label, options=list(names), format_func=lambda i: names.get(i, i), key=key)
    if chosen != wanted:
        set_page_param(param, chosen, drop=drop)
        st.session_state[url_key] = chosen
    return chosen
