"""The Streamlit layer: cached loaders, the shared sidebar, URL state, page discovery, the map widget.

This is the only module of ``geo`` that imports Streamlit (``tests/test_architecture.py``
holds that line). Pages stay thin: they call :func:`current` for the evidence
and the view state, then render with the helpers here and the domain
modules (``geo.mapping``, ``geo.timeline``, ``geo.network``...).

**URL state.** The whole view lives in the query string, in the one grammar
of :mod:`geo.query`. On a session's first run, or whenever the URL changed
from outside (a pasted link, the back button), :func:`render_sidebar` parses
``st.query_params`` into a :class:`~geo.query.ViewState`, shows every
ignored parameter with its fix, and sets the widgets from it. After the
widgets are read, :func:`publish_state` writes the canonical query back.
Page-local parameters (:data:`PAGE_PARAMS`, e.g. the article page's
``doc`` and ``span``) are not part of the view grammar; they are left alone.

**Caching** is keyed by the store's data version: a new version (an added
article, an import) builds a new :class:`~geo.evidence.Evidence`, while
reruns reuse it. Map objects are never cached (streamlit-folium mutates
them); they are rebuilt per run from cached data.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from geo.assets import assets_missing, load_outlines, localize_map
from geo.errors import AssetsMissing, GeoError
from geo.evidence import Evidence, open_store
from geo.export import CATEGORY_COLOURS
from geo.filters import describe_state
from geo.mapping import (
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    MapContext,
    article_link,
    build_map_parts,
    colocated_events,
    describe_date,
    describe_precision,
    event_id_from_tooltip,
)
from geo.query import BASE_MAPS, ViewState, format_query, parse_query, query_mapping
from geo.schema import CATEGORIES, EVENT_KINDS, JURISDICTIONS
from geo.settings import Settings, load_settings

__all__ = [
    "PAGE_PARAMS",
    "current",
    "discover_pages",
    "load_evidence",
    "publish_state",
    "read_page_header",
    "render_changes_notice",
    "render_credits",
    "render_event_details",
    "render_map",
    "render_notices",
    "render_share_panel",
    "render_sidebar",
    "render_timeline",
    "sanction_badges",
    "selected_events",
    "set_view",
    "settings",
]

# Query parameters that belong to one page, not to the view grammar.
PAGE_PARAMS: tuple[str, ...] = ("doc", "span", "profile")

_K = {
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
_VIEW = "_geo_view"  # lat, lon, zoom, event, version, origins: the parts of the state without widgets
_WRITTEN = "_geo_written"  # the canonical query last written to the URL
_NOTICES = "_geo_notices"
_NOTICE_QUERY = "_geo_notice_query"  # the view the notices were about; a change of view retires them
_STATE = "_geo_state"
_ANCHOR = "_geo_anchor"  # (lat, lon, zoom, base) passed to st_folium to set the view once
_LAST_TOOLTIP = "_geo_last_tooltip"
_MIN_DATE = dt.date(1990, 1, 1)


# ------------------------------------------------------------------ pages


def read_page_header(path: Path) -> dict:
    """The ``PAGE_TITLE``, ``PAGE_ICON``, ``PAGE_URL`` and ``PAGE_DEFAULT`` constants of a page file.

    Read with :mod:`ast` (the page is not executed). Missing title: the file
    name; missing url: the name without its number prefix.
    """
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("PAGE_TITLE", "PAGE_ICON", "PAGE_URL", "PAGE_DEFAULT"):
                try:
                    found[name] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    stem = Path(path).stem
    bare = stem.split("_", 1)[1] if "_" in stem and stem.split("_", 1)[0].isdigit() else stem
    return {
        "title": str(found.get("PAGE_TITLE") or bare.replace("_", " ").capitalize()),
        "icon": found.get("PAGE_ICON") or None,
        "url_path": str(found.get("PAGE_URL") or bare.replace("_", "-")),
        "default": bool(found.get("PAGE_DEFAULT", False)),
    }


def discover_pages(pages_dir: Path) -> list:
    """An ``st.Page`` for every ``pages/*.py`` (sorted by file name), from its header constants."""
    files = sorted(p for p in Path(pages_dir).glob("*.py") if not p.name.startswith("_"))
    headers = [(path, read_page_header(path)) for path in files]
    if headers and not any(h["default"] for _, h in headers):
        headers[0][1]["default"] = True
    pages = []
    for path, header in headers:
        pages.append(
            st.Page(
                str(path),
                title=header["title"],
                icon=header["icon"],
                url_path="" if header["default"] else header["url_path"],
                default=header["default"],
            )
        )
    return pages


# ------------------------------------------------------------------ loaders


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """The settings, read once per server process."""
    return load_settings()


@st.cache_resource(ttl=15, show_spinner=False)
def _store(store_path: str, data_dir: str):
    # ttl: re-check data/ for edits at most every 15 s, not on every rerun.
    return open_store(replace(settings(), store_path=Path(store_path), data_dir=Path(data_dir)))


@st.cache_resource(max_entries=3, show_spinner="Loading the evidence base...")
def _evidence(store_path: str, data_dir: str, version: int) -> Evidence:
    return Evidence.from_store(_store(store_path, data_dir))


def load_evidence() -> Evidence:
    """The evidence base at the store's current data version (cached per version)."""
    config = settings()
    store = _store(str(config.store_path), str(config.data_dir))
    evidence = _evidence(str(config.store_path), str(config.data_dir), store.data_version())
    if getattr(store, "load_error", None) is not None:
        st.warning(f"data/ has problems, so the last good data is shown.\n\n{store.load_error}")
    return evidence


@st.cache_resource(max_entries=32, show_spinner=False)
def _selected(store_path: str, version: int, key: ViewState, _evidence: Evidence) -> pd.DataFrame:
    return _evidence.select(key)


def selected_events(evidence: Evidence, state: ViewState) -> pd.DataFrame:
    """The events the state selects (cached per data version and filters; do not modify the frame)."""
    return _selected(str(settings().store_path), evidence.version, state.filter_key(), evidence)


@st.cache_resource(show_spinner=False)
def _outlines(static_dir: str) -> dict | None:
    try:
        return load_outlines(Path(static_dir))
    except AssetsMissing:
        return None


@st.cache_resource(max_entries=3, show_spinner=False)
def _badges(version: int, _evidence: Evidence) -> dict[str, str]:
    from geo.sanctions import badge_texts

    try:
        return {actor: str(text) for actor, text in badge_texts(_evidence).items() if text}
    except GeoError as error:
        st.warning(f"Sanctions badges are unavailable: {error}")
        return {}


def sanction_badges(evidence: Evidence) -> dict[str, str]:
    """Sanctions badge text per actor id, when ``geo.sanctions.badge_text`` exists; else empty."""
    return _badges(evidence.version, evidence)


# ------------------------------------------------------------------ URL <-> state


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params if k not in PAGE_PARAMS}


def _pairs(mapping: dict[str, list[str]]) -> list[tuple[str, str]]:
    return sorted((k, v) for k, values in mapping.items() for v in values)


def _apply_state(state: ViewState) -> None:
    """Set every widget and the view from a state (before the widgets are drawn)."""
    ss = st.session_state
    ss[_K["date_from"]] = state.date_from
    ss[_K["date_to"]] = state.date_to
    ss[_K["undated"]] = state.undated
    ss[_K["actors"]] = list(state.actors)
    ss[_K["affiliates"]] = state.affiliates
    ss[_K["layers"]] = list(state.layers)
    ss[_K["kinds"]] = list(state.kinds)
    ss[_K["articles"]] = list(state.articles)
    ss[_K["text"]] = state.text
    ss[_K["near"]] = state.near
    ss[_K["km"]] = float(state.km)
    ss[_K["sanctions"]] = state.sanctions
    ss[_K["sanctions_by"]] = state.sanctions_by
    ss[_K["base"]] = state.base
    ss[_VIEW] = {
        "lat": state.lat,
        "lon": state.lon,
        "zoom": state.zoom,
        "event": state.event,
        "version": state.version,
        "origins": state.origins,
    }
    center = (state.lat, state.lon) if state.lat is not None else None
    ss[_ANCHOR] = (center, state.zoom, state.base)


def _sync_from_url(evidence: Evidence) -> None:
    ss = st.session_state
    params = _url_params()
    first = _WRITTEN not in ss
    if not first and not params:
        return  # a page switch cleared the URL: keep the session's view, publish_state rewrites it
    if first or _pairs(params) != ss[_WRITTEN]:
        state, notices = parse_query(params, evidence.vocabulary)
        ss[_NOTICES] = [str(n) for n in notices]
        ss[_NOTICE_QUERY] = format_query(state.filter_key())
        _apply_state(state)
        ss[_WRITTEN] = _pairs(params)


def _reset_filters() -> None:
    view = st.session_state.get(_VIEW, {})
    _apply_state(ViewState(base=st.session_state.get(_K["base"], "light")))
    st.session_state[_VIEW].update({k: view.get(k) for k in ("lat", "lon", "zoom")})


def _state_from_widgets() -> ViewState:
    ss = st.session_state
    view = ss.get(_VIEW, {})
    date_from, date_to = ss.get(_K["date_from"]), ss.get(_K["date_to"])
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return ViewState(
        date_from=date_from,
        date_to=date_to,
        undated=bool(ss.get(_K["undated"], True)),
        actors=tuple(ss.get(_K["actors"]) or ()),
        affiliates=bool(ss.get(_K["affiliates"], True)),
        layers=tuple(ss.get(_K["layers"]) or ()),
        kinds=tuple(ss.get(_K["kinds"]) or ()),
        articles=tuple(ss.get(_K["articles"]) or ()),
        origins=tuple(view.get("origins") or ()),
        text=(ss.get(_K["text"]) or "").strip()[:200],
        near=ss.get(_K["near"]) or None,
        km=float(ss.get(_K["km"]) or 50.0),
        sanctions=ss.get(_K["sanctions"]) or None,
        sanctions_by=ss.get(_K["sanctions_by"]) or "any",
        base=ss.get(_K["base"]) or "light",
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
    if st.session_state.get(_NOTICES) and format_query(state.filter_key()) != st.session_state.get(_NOTICE_QUERY):
        st.session_state[_NOTICES] = []
    st.session_state[_WRITTEN] = _pairs(mapping)
    if _pairs(_url_params()) == _pairs(mapping):
        return
    page_params = {k: st.query_params.get_all(k) for k in st.query_params if k in PAGE_PARAMS}
    st.query_params.from_dict({**mapping, **page_params})


def set_view(**changes) -> ViewState:
    """Change the map view (lat, lon, zoom, event) of the current state and publish it."""
    view = st.session_state.setdefault(_VIEW, {})
    view.update(changes)
    state = replace(current_state(), **changes)
    publish_state(state)
    return state


def current_state() -> ViewState:
    return st.session_state.get(_STATE) or _state_from_widgets()


def current() -> tuple[Evidence, ViewState]:
    """The evidence and view state of this run (set by the sidebar in ``app.py``)."""
    _leave_pages_directory_mode()
    return load_evidence(), current_state()


def _leave_pages_directory_mode() -> None:
    # Until some session has run st.navigation, Streamlit treats pages/ the v1 way and runs a
    # deep-linked page (e.g. /article?doc=... as a server's first request) WITHOUT app.py: no
    # sidebar, no page config. Switch the process to v2 and rerun: app.py then runs the same page.
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# ------------------------------------------------------------------ sidebar


def _label_lookup(frame: pd.DataFrame, label: str) -> dict[str, str]:
    return dict(zip(frame["id"], frame[label]))


def render_sidebar(evidence: Evidence) -> ViewState:
    """The filters, identical on every page; returns the state they define (URL synced)."""
    _sync_from_url(evidence)
    ss = st.session_state
    defaults = ViewState()
    for name, key in _K.items():
        if key not in ss:
            ss[key] = getattr(defaults, name) if not isinstance(getattr(defaults, name), tuple) else []
    actor_names = evidence.actor_names
    article_titles = _label_lookup(evidence.articles, "title")
    targets = evidence.context.target_names
    with st.sidebar:
        st.markdown("### Filters")
        count_slot = st.empty()
        left, right = st.columns(2)
        left.date_input("From", value=None, min_value=_MIN_DATE, max_value=dt.date.today(), key=_K["date_from"])
        right.date_input("To", value=None, min_value=_MIN_DATE, max_value=dt.date.today(), key=_K["date_to"])
        st.toggle(
            "Show undated sites and events",
            key=_K["undated"],
            help="Undated items have no interval to compare with the date range.",
        )
        st.multiselect(
            "Actors",
            options=sorted(actor_names, key=lambda a: actor_names[a].casefold()),
            format_func=lambda a: actor_names.get(a, a),
            key=_K["actors"],
            placeholder="Any actor",
        )
        st.checkbox("Include subsidiaries and affiliates", key=_K["affiliates"])
        st.multiselect(
            "Layers",
            options=list(CATEGORIES),
            format_func=lambda c: CATEGORIES.get(c, c),
            key=_K["layers"],
            placeholder="All layers",
        )
        st.multiselect(
            "Kinds",
            options=list(EVENT_KINDS),
            format_func=lambda k: {"event": "Events", "site": "Sites"}.get(k, k),
            key=_K["kinds"],
            placeholder="Events and sites",
        )
        st.multiselect(
            "Source article",
            options=list(article_titles),
            format_func=lambda a: article_titles.get(a, a),
            key=_K["articles"],
            placeholder="Any article",
        )
        st.text_input("Text", key=_K["text"], placeholder="e.g. Norinco, pipeline", max_chars=200)
        near_options = [None, *sorted(targets, key=lambda t: str(targets[t]).casefold())]
        if ss.get(_K["near"]) not in near_options:
            ss[_K["near"]] = None
        near_left, near_right = st.columns([3, 2])
        near_left.selectbox(
            "Near",
            options=near_options,
            format_func=lambda t: "Anywhere" if t is None else targets.get(t, t),
            key=_K["near"],
            placeholder="Anywhere",
            help="Only events within the distance of a place, site or route (geodesic).",
        )
        near_right.number_input("km", min_value=0.1, max_value=5000.0, step=10.0, key=_K["km"])
        if evidence.sanctioned or ss.get(_K["sanctions"]):
            s_left, s_right = st.columns([3, 2])
            s_left.selectbox(
                "Sanctions",
                options=[None, "listed", "unlisted"],
                format_func=lambda v: {
                    None: "Any actor",
                    "listed": "Sanctioned actors",
                    "unlisted": "Not sanctioned (actors the sanctions data covers)",
                }[v],
                key=_K["sanctions"],
                placeholder="Any actor",
            )
            s_right.selectbox(
                "by",
                options=["any", *JURISDICTIONS],
                format_func=lambda j: "anyone" if j == "any" else JURISDICTIONS[j],
                key=_K["sanctions_by"],
            )
        st.selectbox("Base map", options=list(BASE_MAPS), format_func=lambda b: BASE_MAPS[b], key=_K["base"])
        st.button("Reset filters", on_click=_reset_filters, width="stretch")
    state = _state_from_widgets()
    if (
        state.event
        and state.event not in evidence.vocabulary.events
        and state.event not in evidence.context.near_targets
    ):
        state = replace(state, event=None)
    publish_state(state)
    shown = len(selected_events(evidence, state))
    count_slot.markdown(
        f'<div class="geo-count"><b>{shown}</b> of <b>{len(evidence.events)}</b> events shown</div>',
        unsafe_allow_html=True,
    )
    return state


def render_notices() -> None:
    """Show the parameters of the URL that were ignored, each with its fix."""
    notices = st.session_state.get(_NOTICES) or []
    if notices:
        st.warning(
            "Some parts of the link were ignored:\n\n" + "\n".join(f"- {n}" for n in notices),
            icon=":material/link_off:",
        )


def render_credits(evidence: Evidence, state: ViewState) -> None:
    """The shared footer: what is shown, the data version, where the data comes from."""
    from geo.sanctions import sanctions_as_of

    imported = sorted(set(evidence.events["origin"]) - {"curated", "ingest"})
    as_of = sanctions_as_of(evidence)
    st.caption(
        f"Filters: {describe_state(state, evidence.context)}. Data version {evidence.version}. "
        "Sources: the articles in the evidence base"
        + (f"; imported event data: {', '.join(imported)} (see each event's provenance)" if imported else "")
        + (f"; sanctions data as of {as_of}" if as_of else "")
        + "; map data © OpenStreetMap contributors, country outlines from Natural Earth via world-atlas."
    )


# ------------------------------------------------------------------ map


def _map_context(evidence: Evidence) -> MapContext:
    config = settings()
    return MapContext.from_evidence(
        evidence,
        app_url=config.app_url,
        asset_base=config.static_url,
        badges=sanction_badges(evidence),
        max_points=config.max_map_points,
    )


def render_map(evidence: Evidence, events: pd.DataFrame, state: ViewState, height: int = 620) -> str | None:
    """The map widget; returns the id of the clicked event or route (also set as ``event`` in the URL)."""
    from streamlit_folium import st_folium

    config = settings()
    outlines = _outlines(str(config.static_dir))
    if outlines is None:
        missing = assets_missing(config.static_dir)
        st.error(
            f"The map's assets are not installed ({len(missing)} missing). Fix: run `python -m geo assets install`."
        )
    parts = build_map_parts(events, _map_context(evidence), state.base, outlines)
    if config.assets == "local":
        try:
            localize_map(parts.base, config.static_url)
            for layer in parts.layers:
                localize_map(layer, config.static_url)
        except AssetsMissing as error:
            st.error(str(error))
            return None
    ss = st.session_state
    center, zoom, anchored_base = ss.get(_ANCHOR) or (None, None, state.base)
    if anchored_base != state.base:
        # a new base map is a new frame: open it where the reader was
        center = (state.lat, state.lon) if state.lat is not None else None
        zoom = state.zoom
        ss[_ANCHOR] = (center, zoom, state.base)
    returned = st_folium(
        parts.base,
        key="geo_map",
        height=height,
        use_container_width=True,
        feature_group_to_add=parts.layers,
        layer_control=parts.control,
        center=center,
        zoom=zoom,
        returned_objects=["last_object_clicked_tooltip", "center", "zoom"],
    )
    returned = returned or {}
    changes: dict = {}
    if returned.get("center") and returned.get("zoom") is not None:
        lat = round(float(returned["center"]["lat"]), 5)
        lon = round(float(returned["center"]["lng"]), 5)
        new_zoom = int(returned["zoom"])
        at_start = abs(lat - DEFAULT_CENTER[0]) < 0.05 and abs(lon - DEFAULT_CENTER[1]) < 0.05
        if at_start and new_zoom == DEFAULT_ZOOM:
            # the untouched start view (Leaflet reports it a few pixels off): keep it out of the URL
            lat = lon = new_zoom = None
        if (lat, lon, new_zoom) != (state.lat, state.lon, state.zoom):
            changes.update(lat=lat, lon=lon, zoom=new_zoom)
    tooltip = returned.get("last_object_clicked_tooltip")
    if tooltip and tooltip != ss.get(_LAST_TOOLTIP):
        ss[_LAST_TOOLTIP] = tooltip
        clicked = event_id_from_tooltip(tooltip)
        if clicked and clicked != state.event:
            changes["event"] = clicked
    if changes:
        set_view(**changes)
    return current_state().event


def _md(text) -> str:
    """Untrusted text for st.markdown: every Markdown control character backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", "" if text is None else str(text))


def _select_event(event_id: str | None) -> None:
    set_view(event=event_id)


def render_event_details(evidence: Evidence, events: pd.DataFrame, event_id: str | None) -> None:
    """The panel beside the map: the selected event's facts and passage, and the others at its place."""
    if not event_id:
        st.info("Click a marker or a line on the map to see its details and the passage it comes from here.")
        return
    route = next((r for r in evidence.routes if r["id"] == event_id), None)
    if route is not None:
        st.subheader(route["name"])
        st.caption(f"{route['kind']}, {route['status']}")
        st.write(route["description"])
        on_route = evidence.events[evidence.events["route_id"] == event_id]
        for row in on_route.itertuples():
            st.button(row.title, key=f"geo_pick_{row.id}", on_click=_select_event, args=(row.id,))
        st.markdown("**Sources**")
        st.markdown("\n".join(f"- {s.strip()}" for s in str(route.get("sources") or "").split("|") if s.strip()))
        return
    match = evidence.events[evidence.events["id"] == event_id]
    if match.empty:
        st.warning(f"The selected event '{event_id}' is not in the evidence base.")
        return
    row = match.iloc[0].to_dict()
    colour = CATEGORY_COLOURS.get(row["category"], "#555")
    st.markdown(
        f'<span style="color:{colour};font-size:.8em;text-transform:uppercase">'
        f"{CATEGORIES.get(row['category'], row['category'])} · {row['kind']}</span>",
        unsafe_allow_html=True,
    )
    st.subheader(_md(row["title"]), anchor=False)
    if event_id not in set(events["id"]):
        st.caption("Not in the current filters.")
    st.markdown(f"**Date:** {describe_date(row)}")
    st.markdown(f"**Place:** {_md(row['place_name'])} ({describe_precision(row['precision_m'])})")
    names = evidence.actor_names
    badges = sanction_badges(evidence)
    actors = "; ".join(_md(names.get(a, a)) for a in row.get("actors") or [])
    if actors:
        st.markdown(f"**Actors:** {actors}")
    sanctions = [badges[a] for a in row.get("actors") or [] if badges.get(a)]
    if sanctions:
        st.markdown("**Sanctions:**\n" + "\n".join(f"- {_md(b)}" for b in sanctions))
    if row.get("summary"):
        st.markdown(_md(row["summary"]))
    if row.get("quote"):
        st.markdown("**Passage**")
        st.markdown("> " + _md(row["quote"]).replace("\n", "\n> "))  # escaped: never Markdown or HTML
    st.caption(
        f"Source: {row.get('article_title') or ''}, {row.get('article_publisher') or ''}, "
        f"{row.get('article_published') or ''}"
    )
    if row.get("note"):
        with st.expander("Notes on this event"):
            st.markdown(_md(row["note"]))
    if row.get("article_id"):
        span = None
        if not pd.isna(row.get("source_start")) and not pd.isna(row.get("source_end")):
            span = f"{int(row['source_start'])}-{int(row['source_end'])}"
        params = {"doc": row["article_id"], **({"span": span} if span else {})}
        st.page_link(_article_page(), label="Read in the article", icon=":material/article:", query_params=params)
        st.caption(f"Link: {article_link(row['article_id'], row.get('source_start'), row.get('source_end'))}")
    others = colocated_events(evidence.events, event_id)
    if len(others):
        st.markdown(f"**Also at this place ({len(others)})**")
        for other in others.itertuples():
            st.button(other.title, key=f"geo_pick_{other.id}", on_click=_select_event, args=(other.id,))
    st.button("Clear selection", key="geo_clear_event", on_click=_select_event, args=(None,))


def _article_page() -> str:
    pages = Path(__file__).resolve().parent.parent / "pages"
    for path in sorted(pages.glob("*.py")):
        if read_page_header(path)["url_path"] == "article":
            return str(path.relative_to(pages.parent))
    return "pages/40_article.py"


# ------------------------------------------------------------------ timeline


def _brush_to_dates() -> None:
    value = st.session_state.get("geo_timeline") or {}
    selection = (value.get("selection") or {}).get("brush") or {}
    interval = next(iter(selection.values()), None) if selection else None
    if interval and len(interval) == 2:
        start, end = (pd.to_datetime(v, unit="ms").date() for v in interval)
        st.session_state[_K["date_from"]], st.session_state[_K["date_to"]] = min(start, end), max(start, end)
    else:
        st.session_state[_K["date_from"]] = st.session_state[_K["date_to"]] = None


def render_timeline(evidence: Evidence, state: ViewState) -> None:
    """Events over time by layer; brushing a span sets the date filter (and so the map)."""
    from geo.timeline import timeline_chart

    undated_state = replace(state, date_from=None, date_to=None)
    events = selected_events(evidence, undated_state)
    chart = timeline_chart(events, state.date_from, state.date_to)
    if chart is None:
        st.caption("No dated events under the current filters.")
        return
    st.altair_chart(chart, key="geo_timeline", on_select=_brush_to_dates, selection_mode="brush", width="stretch")
    undated = int(events["date_start"].isna().sum() + (events["date_start"] == "").sum())
    st.caption(
        "Drag across the timeline to filter the map by date; click outside the selection to clear it. "
        f"{undated} undated item(s) are not on the timeline."
        + (
            f" Selected: {format_query(replace(ViewState(), date_from=state.date_from, date_to=state.date_to))}."
            if state.date_from or state.date_to
            else ""
        )
    )


# ------------------------------------------------------------------ events table

EVENTS_TABLE_COLUMNS = {
    "passage": st.column_config.LinkColumn("Passage", display_text="Read passage", width="small"),
    "when": st.column_config.TextColumn("Date", width="medium"),
    "title": st.column_config.TextColumn("Title", width="large"),
}


def events_table(evidence: Evidence, events: pd.DataFrame) -> pd.DataFrame:
    """The events as the table the Events page shows (one row each, link to the passage last but one)."""
    config = settings()
    names = evidence.actor_names
    badges = sanction_badges(evidence)
    table = pd.DataFrame(
        {
            "when": [describe_date(row) for row in events.to_dict("records")],
            "title": events["title"].values,
            "layer": events["category"].map(lambda c: CATEGORIES.get(c, c)).values,
            "kind": events["kind"].values,
            "place": [f"{p} ({describe_precision(m)})" for p, m in zip(events["place_name"], events["precision_m"])],
            "actors": ["; ".join(names.get(a, a) for a in ids) for ids in events["actors"]],
            "source": [
                ", ".join(str(x) for x in (t, p) if isinstance(x, str) and x)
                for t, p in zip(events["article_title"], events["article_publisher"])
            ],
            "passage": [
                article_link(a, s, e, config.app_url) if isinstance(a, str) and a else None
                for a, s, e in zip(events["article_id"], events["source_start"], events["source_end"])
            ],
            "id": events["id"].values,
        }
    )
    if badges:
        table.insert(
            6,
            "sanctions",
            ["; ".join(badges[a] for a in ids if a in badges) for ids in events["actors"]],
        )
    return table


# ------------------------------------------------------------------ actors


def _page_param(name: str) -> str | None:
    return st.query_params.get(name)


def _set_page_param(name: str, value: str | None, drop: tuple[str, ...] = ()) -> None:
    for key in drop:
        if key in st.query_params:
            del st.query_params[key]
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = value


def _url_picker(label: str, names: dict[str, str], param: str, default: str, drop: tuple[str, ...] = ()) -> str:
    """A select box bound to a page parameter of the URL (``param=<id>``); an unknown id gets a notice.

    ``names`` maps ids to what the box shows, in display order; ``default``
    is chosen when the URL names nothing usable; ``drop`` lists parameters
    that no longer apply once the choice changes.
    """
    wanted = _page_param(param)
    if wanted and wanted not in names:
        st.warning(f"No {label.lower()} has the id '{wanted}' (from the link's {param}=). Choose one below.")
        wanted = None
    key, url_key = f"geo_{param}", f"geo_{param}_url"
    if st.session_state.get(url_key) != wanted or key not in st.session_state:
        st.session_state[key] = wanted or default
        st.session_state[url_key] = wanted
    chosen = st.selectbox(label, options=list(names), format_func=lambda i: names.get(i, i), key=key)
    if chosen != wanted:
        _set_page_param(param, chosen, drop=drop)
        st.session_state[url_key] = chosen
    return chosen


def render_actor_picker(evidence: Evidence) -> str | None:
    """A select box of actors (``profile`` in the URL); defaults to the first actor filtered, or Norinco."""
    names = evidence.actor_names
    if not names:
        st.info("No actors in the evidence base.")
        return None
    ordered = {a: names[a] for a in sorted(names, key=lambda a: names[a].casefold())}
    state = current_state()
    default = state.actors[0] if state.actors else ("norinco" if "norinco" in names else next(iter(ordered)))
    return _url_picker("Actor", ordered, "profile", default)


def render_actor_profile(evidence: Evidence, actor_id: str) -> None:
    """Aliases, kind, affiliations, sanctions badge, events over time and place, and the network."""
    from geo.filters import expand_actors
    from geo.mapping import build_places_map
    from geo.network import network_dot
    from geo.timeline import timeline_chart

    actors = evidence.actors.set_index("id")
    actor = actors.loc[actor_id]
    names = evidence.actor_names
    st.header(_md(actor["name"]), anchor=False)
    facts = [f"**Kind:** {_md(actor['kind'])}"]
    if isinstance(actor.get("country"), str) and actor["country"]:
        facts.append(f"**Country:** {_md(actor['country'])}")
    if isinstance(actor.get("aliases"), str) and actor["aliases"]:
        facts.append(
            "**Also known as:** " + ", ".join(_md(a.strip()) for a in actor["aliases"].split("|") if a.strip())
        )
    parent = actor.get("affiliated_with")
    if isinstance(parent, str) and parent:
        relation = actor.get("relation") if isinstance(actor.get("relation"), str) else "affiliated with"
        facts.append(f"**{_md(relation.replace('-', ' ').capitalize())}:** {_md(names.get(parent, parent))}")
    children = [a for a, p in evidence.context.parents.items() if p == actor_id]
    if children:
        facts.append("**Subsidiaries and affiliates:** " + ", ".join(_md(names.get(c, c)) for c in children))
    st.markdown("  \n".join(facts))
    if isinstance(actor.get("description"), str):
        st.markdown(_md(actor["description"]))
    badge = sanction_badges(evidence).get(actor_id)
    if badge:
        st.info(badge, icon=":material/gavel:")
    include = st.checkbox("Include subsidiaries and affiliates", value=True, key="geo_profile_affiliates")
    members = expand_actors([actor_id], evidence.context.parents) if include else {actor_id}
    involved = evidence.events[evidence.events["actors"].map(lambda ids: not members.isdisjoint(ids))]
    st.subheader(f"Events and sites ({len(involved)})", anchor=False)
    if involved.empty:
        st.caption("No events involve this actor.")
    else:
        chart = timeline_chart(involved, height=160)
        if chart is not None:
            st.altair_chart(chart, width="stretch")
        left, right = st.columns([3, 2])
        with left:
            st.dataframe(
                events_table(evidence, involved)[["when", "title", "place", "passage"]],
                hide_index=True,
                column_config=EVENTS_TABLE_COLUMNS,
                width="stretch",
            )
        with right:
            place_ids = set(involved["place_id"].dropna())
            places = evidence.places[evidence.places["id"].isin(place_ids)]
            if len(places):
                _static_map(build_places_map(places, _outlines(str(settings().static_dir)), settings().static_url), 320)
    st.subheader("Network", anchor=False)
    st.caption(
        "Arrows go from a subsidiary or affiliate to its parent, and from actors to the sites and events they are part of (with their role)."
    )
    st.graphviz_chart(network_dot(evidence.actors, evidence.events, focus=actor_id), width="stretch")


def _static_map(folium_map, height: int) -> None:
    """A map that never reruns the app (no returned objects), with local assets."""
    from streamlit_folium import st_folium

    config = settings()
    if config.assets == "local":
        localize_map(folium_map, config.static_url)
    st_folium(folium_map, height=height, use_container_width=True, returned_objects=[], key=None)


# ------------------------------------------------------------------ article


def render_article_picker(evidence: Evidence) -> str | None:
    """A select box of articles (``doc`` in the URL); a deep link's unknown id gets a notice."""
    titles = dict(zip(evidence.articles["id"], evidence.articles["title"]))
    if not titles:
        st.info("No articles in the evidence base.")
        return None
    return _url_picker("Article", titles, "doc", next(iter(titles)), drop=("span",))


def _mentions(body: str, evidence: Evidence, published) -> list:
    from geo.extraction import extract_mentions

    return list(extract_mentions(body, evidence.places, evidence.actors, published).mentions)


@st.cache_data(max_entries=32, show_spinner=False)
def _article_mentions(article_id: str, version: int, _evidence: Evidence, body: str, published) -> list[dict]:
    return [
        {
            "start": m.start,
            "end": m.end,
            "kind": m.kind,
            "id": getattr(m, "id", None),
            "value": getattr(m, "value", None),
        }
        for m in _mentions(body, _evidence, published)
    ]


def render_article(evidence: Evidence, article_id: str) -> None:
    """The full text with mentions and passages marked, the deep-linked span in view, and its places."""
    from geo.annotation import MENTION_STYLES, PASSAGE_ANCHOR, Passage, article_html, parse_span
    from geo.mapping import build_places_map

    store = _store(str(settings().store_path), str(settings().data_dir))
    article = store.article(article_id)
    if article is None:
        st.warning(f"The article '{article_id}' is not in the store.")
        return
    body = article["body"] or ""
    st.title(_md(article["title"]), anchor=False)
    st.caption(
        " · ".join(
            str(x) for x in (article.get("publisher"), article.get("published"), article.get("url"), article_id) if x
        )
    )
    span_param = _page_param("span")
    focus = parse_span(span_param, len(body)) if span_param else None
    if span_param and focus is None:
        st.warning(
            f"The link's span={span_param} is not a passage of this article (it has {len(body)} characters). "
            "Fix: use span=<start>-<end> with 0 <= start < end <= the article's length."
        )
    events = evidence.events[evidence.events["article_id"] == article_id]
    grouped: dict[tuple[int, int], list] = {}
    for row in events.itertuples():
        if pd.isna(row.source_start) or pd.isna(row.source_end):
            continue
        grouped.setdefault((int(row.source_start), int(row.source_end)), []).append(row)
    passages = [
        Passage(start, end, tuple(r.id for r in rows), tuple(r.title for r in rows))
        for (start, end), rows in sorted(grouped.items())
    ]
    mentions = _article_mentions(article_id, evidence.version, evidence, body, article.get("published"))
    legend = " ".join(
        f'<mark style="{style};color:inherit;padding:0 4px">{label}</mark>' for label, style in MENTION_STYLES.values()
    )
    legend += ' <span style="text-decoration:underline dotted #555">event passage</span>'
    legend += ' <span style="background:#fff3a3;padding:0 4px">linked passage</span>'
    text_col, side_col = st.columns([3, 2], gap="large")
    with text_col:
        st.html(f'<div style="font-size:.85rem;margin-bottom:.4rem">{legend}</div>')
        st.html(article_html(body, mentions, passages, focus))
        if focus:
            # Our own script, no article text in it: bring the linked passage into view once it is drawn.
            st.html(
                "<script>(function(){var n=0;var t=setInterval(function(){"
                f"var el=document.getElementById('{PASSAGE_ANCHOR}');"
                "if(el){el.scrollIntoView({block:'center'});clearInterval(t);}"
                "if(++n>40){clearInterval(t);}},100);})();</script>",
                unsafe_allow_javascript=True,
            )
    with side_col:
        place_ids = {m["id"] for m in mentions if m["kind"] == "place" and m.get("id")}
        place_ids |= set(events["place_id"].dropna())
        places = evidence.places[evidence.places["id"].isin(place_ids)]
        st.markdown(f"**Places this article mentions ({len(places)})**")
        if len(places):
            _static_map(build_places_map(places, _outlines(str(settings().static_dir)), settings().static_url), 360)
        st.markdown(f"**Events drawn from it ({len(events)})**")
        for row in events.itertuples():
            params = {"doc": article_id}
            if not pd.isna(row.source_start):
                params["span"] = f"{int(row.source_start)}-{int(row.source_end)}"
            st.page_link(_article_page(), label=row.title, query_params=params)


# ------------------------------------------------------------------ sharing (snapshots and permalinks)

_SNAPSHOT_SIZES: dict[str, tuple[int, int]] = {
    "1200 x 800": (1200, 800),
    "1600 x 900": (1600, 900),
    "1920 x 1080": (1920, 1080),
    "800 x 600": (800, 600),
}


@st.cache_resource(show_spinner=False)
def _chromium_problem(chromium_path: str) -> str | None:
    from geo.browser import find_chromium

    try:
        find_chromium(replace(settings(), chromium_path=chromium_path))
    except GeoError as error:
        return str(error)
    return None


def app_base_url() -> str:
    """The app's address for permalinks: the app_url setting, else the address in the reader's browser.

    ``st.context.url`` includes the page path; the map is the default page,
    so its path (``/map``) is dropped to give the app's root.
    """
    configured = settings().app_url.strip()
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(st.context.url or "")
    if not (parts.scheme in ("http", "https") and parts.netloc):
        return ""
    path = parts.path.rstrip("/")
    if path.endswith("/map"):
        path = path[: -len("/map")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def render_share_panel(evidence: Evidence, state: ViewState | None = None) -> None:
    """The Share panel: the permalink of the view (pinned to the data version) and its snapshots.

    Call it after :func:`render_map` in the same fragment, so the permalink
    and the PNG follow the map's latest centre and zoom. Files are made only
    when their button is clicked.
    """
    from geo.permalink import make_permalink
    from geo.snapshot import FORMATS, make_caption, make_snapshot, snapshot_filename

    config = settings()
    state = current_state() if state is None else state
    base_url = app_base_url()
    with st.expander("Share this view", icon=":material/share:"):
        link = make_permalink(state, evidence.version, base_url)
        st.markdown(f"**Permalink** (pinned to data version {evidence.version})")
        st.code(link, language=None, wrap_lines=True)
        if not base_url:
            st.caption(
                "This link is relative: add it to the address of this app. "
                "Set the app_url setting (GEO_APP_URL) to get full links."
            )
        elif not config.app_url:
            st.caption(
                "The link uses the address your browser shows. Behind a proxy, set GEO_APP_URL to the public address."
            )
        events = selected_events(evidence, state)
        caption = make_caption(evidence, state, events, app_url=base_url)
        # Snapshots link back ("Read in the article", permalink) to the app as this reader reaches it.
        config = replace(config, app_url=base_url)
        st.markdown(f"**Download** the {len(events)} events of this view, with a caption")
        left, right = st.columns(2)
        inline = left.checkbox(
            "Inline assets for offline use",
            value=True,  # a file that is forwarded must open anywhere, with or without a network
            key="geo_share_inline",
            help="Puts Leaflet, styles, icons and fonts in the file (about 0.7 MB) so it opens with no network.",
        )
        left.download_button(
            "Map (HTML)",
            data=(lambda: make_snapshot(evidence, state, "html", config, caption, inline_assets=inline)),
            file_name=snapshot_filename(caption, "html"),
            mime=FORMATS["html"][0],
            on_click="ignore",
            icon=":material/map:",
            key="geo_share_html",
        )
        size = right.selectbox("Image size (pixels)", list(_SNAPSHOT_SIZES), key="geo_share_size")
        width, height = _SNAPSHOT_SIZES[size]
        problem = _chromium_problem(config.chromium_path)
        right.download_button(
            "Image (PNG)",
            data=(lambda: make_snapshot(evidence, state, "png", config, caption, width=width, height=height)),
            file_name=snapshot_filename(caption, "png"),
            mime=FORMATS["png"][0],
            on_click="ignore",
            icon=":material/image:",
            key="geo_share_png",
            disabled=problem is not None,
        )
        if problem:
            st.info(problem, icon=":material/info:")
        columns = st.columns(3)
        for column, fmt, label in zip(
            columns, ("geojson", "csv", "kml"), ("GeoJSON", "CSV", "KML (Google Earth)"), strict=True
        ):
            column.download_button(
                label,
                data=(lambda fmt=fmt: make_snapshot(evidence, state, fmt, config, caption)),
                file_name=snapshot_filename(caption, fmt),
                mime=FORMATS[fmt][0],
                on_click="ignore",
                icon=":material/download:",
                key=f"geo_share_{fmt}",
            )
        st.download_button(
            "Caption (text, to go with the CSV)",
            data=caption.as_text(),
            file_name=snapshot_filename(caption, "csv") + ".caption.txt",
            mime="text/plain",
            on_click="ignore",
            key="geo_share_caption",
            type="tertiary",
        )
        st.caption("Caption")
        st.text(caption.as_text())  # st.text: article titles are shown as typed, never as Markdown


@st.cache_resource(max_entries=16, show_spinner=False)
def _changes_notice(store_path: str, data_dir: str, version: int, key: ViewState, _evidence: Evidence):
    from geo.permalink import describe_changes

    return describe_changes(_store(store_path, data_dir), key, _evidence.events, _evidence.context)


def _pin_to_current(version: int) -> None:
    set_view(version=version)


def render_changes_notice(evidence: Evidence, state: ViewState) -> None:
    """When the URL pins an older data version (``v``), say what changed since: events added or removed."""
    if state.version is None or state.version == evidence.version:
        return
    config = settings()
    key = replace(state.filter_key(), version=state.version)
    notice = _changes_notice(str(config.store_path), str(config.data_dir), evidence.version, key, evidence)
    if notice is None:
        return
    if notice.unknown_version:
        st.warning(notice.as_text(), icon=":material/history:")
    elif not notice.changed:
        st.info(notice.as_text(), icon=":material/history:")
    else:
        # Numbers only in Markdown; titles (untrusted) go through st.text below.
        st.warning(
            f"The data has changed since this link was made (data version {notice.since}, now {notice.current}): "
            f"{len(notice.added)} event(s) added, {len(notice.removed)} removed, {len(notice.modified)} modified; "
            f"{len(notice.in_view)} of the added or modified ones are in this view. "
            "The link's filters are applied to the current data.",
            icon=":material/history:",
        )
        with st.expander("What changed"):
            st.text(notice.as_text())
    st.button(
        f"Dismiss (pin this view to data version {evidence.version})",
        key="geo_pin_version",
        on_click=_pin_to_current,
        args=(evidence.version,),
        type="tertiary",
    )
