"""The map screen: the map widget, the panel of the selected event, the timeline, and small static maps."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.errors import AssetsMissing
from geo.escaping import escape_html, escape_markdown
from geo.evidence import Evidence
from geo.links import article_link
from geo.query import ViewState
from geo.render.assets import assets_missing, localize_map
from geo.render.mapping import DEFAULT_CENTER, DEFAULT_ZOOM, build_map_parts, colocated_events
from geo.render.popups import MapContext, event_facts, record_url
from geo.render.wording import clean_text, describe_date, describe_shown, is_undated
from geo.schema import CATEGORIES, CATEGORY_COLOURS
from geo.ui.editing import render_event_tools
from geo.ui.loaders import cached_outlines, sanction_badges, selected_events, settings
from geo.ui.navigation import article_page
from geo.ui.state import ANCHOR_KEY, WIDGET_KEYS, current_state, set_view

__all__ = ["render_after_map", "render_event_details", "render_map", "render_timeline", "shown_sentence", "static_map"]

_LAST_PICK_KEY = "_geo_last_pick"  # the last click the map reported (geo.render.mapping's pick channel)
_MAP_SENT_KEY = "_geo_map_sent"  # this session's map has been sent to the browser once


def render_after_map(*parts) -> None:
    """Render what can wait for the map (the timeline, the share panel) from the session's second run on.

    A reader opens the page for the map: on the session's first run the browser would otherwise
    load and start the chart library (about 0.8 MB) and the link box's code viewer (about 1.5 MB)
    before it creates the map's frame, which roughly doubles the wait for the first markers
    (``bench/browser.py``). The map reports its first view as soon as it is drawn, which reruns
    its fragment, and that run (or any later one) renders ``parts``; until then a line says they
    are coming.
    """
    ss = st.session_state
    if not ss.get(_MAP_SENT_KEY):
        ss[_MAP_SENT_KEY] = True
        st.caption(":material/hourglass_empty: The timeline and the share panel appear once the map is drawn.")
        return
    for part in parts:
        part()


def shown_sentence(evidence: Evidence, state: ViewState, events: pd.DataFrame) -> str:
    """What the view shows, undated items counted apart (:func:`geo.render.wording.describe_shown`)."""
    hidden = 0
    if not state.undated:
        hidden = int(is_undated(selected_events(evidence, replace(state, undated=True))).sum())
    return describe_shown(
        len(events),
        len(evidence.events),
        int(is_undated(events).sum()),
        hidden,
        bool(state.date_from or state.date_to),
    )


def _map_context(evidence: Evidence) -> MapContext:
    config = settings()
    return MapContext.from_evidence(
        evidence,
        app_url=config.app_url,
        asset_base=config.static_url,
        badges=sanction_badges(evidence),
        max_points=config.max_map_points,
    )


def render_map(evidence: Evidence, events: pd.DataFrame, state: ViewState, height: int = 540) -> str | None:
    """The map widget; returns the id of the clicked event or route (also set as ``event`` in the URL)."""
    from streamlit_folium import st_folium

    config = settings()
    outlines = cached_outlines(str(config.static_dir))
    if outlines is None:
        missing = assets_missing(config.static_dir)
        st.error(
            f"The map's assets are not installed ({len(missing)} missing). Fix: run `python -m geo assets install`."
        )
    context = _map_context(evidence)
    context.summary = shown_sentence(evidence, state, events)
    parts = build_map_parts(events, context, state.base, outlines)
    if config.assets == "local":
        try:
            localize_map(parts.base, config.static_url)
            for layer in parts.layers:
                localize_map(layer, config.static_url)
        except AssetsMissing as error:
            st.error(str(error))
            return None
    ss = st.session_state
    center, zoom, anchored_base = ss.get(ANCHOR_KEY) or (None, None, state.base)
    if anchored_base != state.base:
        # a new base map is a new frame: open it where the reader was
        center = (state.lat, state.lon) if state.lat is not None else None
        zoom = state.zoom
        ss[ANCHOR_KEY] = (center, zoom, state.base)
    returned = st_folium(
        parts.base,
        key="geo_map",
        height=height,
        use_container_width=True,
        feature_group_to_add=parts.layers,
        center=center,
        zoom=zoom,
        # A click comes back as ['geo-pick', id, n] in selected_tags (geo.render.mapping._PickChannel).
        returned_objects=["selected_tags", "center", "zoom"],
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
    pick = returned.get("selected_tags") or []
    if len(pick) == 3 and pick[0] == "geo-pick" and list(pick) != ss.get(_LAST_PICK_KEY):
        ss[_LAST_PICK_KEY] = list(pick)
        if pick[1] != state.event:
            changes["event"] = str(pick[1])
    if changes:
        set_view(**changes)
    return current_state().event


def _select_event(event_id: str | None) -> None:
    set_view(event=event_id)


def render_event_details(evidence: Evidence, events: pd.DataFrame, event_id: str | None) -> None:
    """The panel beside the map: the selected event's facts and passage, and the others at its place.

    Every untrusted text (titles, places, actor names, notes, sources) goes through
    :func:`geo.escaping.escape_markdown` (button labels render Markdown too).
    """
    md = escape_markdown
    if not event_id:
        st.info("Click a marker or a line on the map to see its details and the passage it comes from here.")
        return
    route = next((r for r in evidence.routes if r["id"] == event_id), None)
    if route is not None:
        st.subheader(md(clean_text(route.get("name")) or "Unnamed line"), anchor=False)
        kind = ", ".join(x for x in (clean_text(route.get("kind")), clean_text(route.get("status"))) if x)
        if kind:
            st.caption(md(kind))
        if clean_text(route.get("description")):
            st.markdown(md(route["description"]))
        on_route = evidence.events[evidence.events["route_id"] == event_id]
        for row in on_route.itertuples():
            st.button(
                md(clean_text(row.title) or "Untitled event"),
                key=f"geo_pick_{row.id}",
                on_click=_select_event,
                args=(row.id,),
            )
        sources = [s.strip() for s in str(clean_text(route.get("sources")) or "").split("|") if s.strip()]
        if sources:
            st.markdown("**Sources**")
            st.markdown("\n".join(f"- {md(s)}" for s in sources))
        return
    match = evidence.events[evidence.events["id"] == event_id]
    if match.empty:
        st.warning("The selected event is not in the evidence base (it may have been removed since the link was made).")
        render_event_tools(event_id)  # a retracted event keeps its history, with the reason
        return
    row = match.iloc[0].to_dict()
    colour = CATEGORY_COLOURS.get(row["category"], "#555")
    st.markdown(
        f'<span style="color:{colour}">&#9632;</span> <span style="font-size:.8em;text-transform:uppercase">'
        f"{escape_html(CATEGORIES.get(row['category'], row['category']))} · "
        f"{escape_html({'site': 'site'}.get(row.get('kind'), 'event'))}</span>",
        unsafe_allow_html=True,
    )
    st.subheader(md(clean_text(row.get("title")) or "Untitled event"), anchor=False)
    if event_id not in set(events["id"]):
        st.caption("Not in the current filters.")
    quote = clean_text(row.get("quote"))
    if quote:  # the passage first, above the fold
        st.markdown("> " + md(quote).replace("\n", "\n> "))
    facts = event_facts(row, _map_context(evidence))
    for label in ("Date", "Place", "Fatalities"):
        if label in facts:
            st.markdown(f"**{label}:** {md(facts[label])}")
    names = evidence.actor_names
    roles: dict[str, list[str]] = {}
    for pair in row.get("actor_roles") or []:
        actor, _, role = str(pair).partition(":")
        roles.setdefault(actor, []).append(role)
    actors = []
    for actor in row.get("actors") or []:
        name = clean_text(names.get(actor)) or "unnamed actor"
        role = ", ".join(r for r in roles.get(actor, []) if clean_text(r))
        actors.append(md(f"{name} ({role})" if role else name))
    if actors:
        st.markdown("**Actors:** " + "; ".join(actors))
    badges = sanction_badges(evidence)
    sanctions = [badges[a] for a in row.get("actors") or [] if badges.get(a)]
    if sanctions:
        st.markdown("**Sanctions:**\n" + "\n".join(f"- {md(b)}" for b in sanctions))
    summary = clean_text(row.get("summary"))
    if summary:
        st.markdown(("**Notes:** " if not clean_text(row.get("article_id")) else "") + md(summary))
    if "Source" in facts:
        st.caption("Source: " + md(facts["Source"]))
    record = record_url(row)
    if record:
        st.link_button("Dataset record", record, icon=":material/open_in_new:")
    note = clean_text(row.get("note"))
    if note:
        with st.expander("Notes on this event"):
            st.markdown(md(note))
    article = clean_text(row.get("article_id"))
    if article:
        span = None
        if not pd.isna(row.get("source_start")) and not pd.isna(row.get("source_end")):
            span = f"{int(row['source_start'])}-{int(row['source_end'])}"
        params = {"doc": article, **({"span": span} if span else {})}
        st.page_link(article_page(), label="Read in the article", icon=":material/article:", query_params=params)
        st.caption("Link: " + md(article_link(article, row.get("source_start"), row.get("source_end"))))
    render_event_tools(event_id)  # its history, and for editors: correct or retract (geo.ui.editing)
    others = colocated_events(evidence.events, event_id)
    if len(others):
        st.markdown(f"**Also at this place ({len(others)})**")
        for other in others.itertuples():
            date = describe_date(other._asdict())
            label = f"{clean_text(other.title) or 'Untitled event'} ({date})"
            st.button(md(label), key=f"geo_pick_{other.id}", on_click=_select_event, args=(other.id,))
    st.button("Clear selection", key="geo_clear_event", on_click=_select_event, args=(None,))


_BRUSHED = "_geo_timeline_brushed"


def _brush_to_dates() -> None:
    st.session_state[_BRUSHED] = True  # the sidebar's dates changed: render_timeline reruns the whole page
    value = st.session_state.get("geo_timeline") or {}
    selection = (value.get("selection") or {}).get("brush") or {}
    interval = next(iter(selection.values()), None) if selection else None
    if interval and len(interval) == 2:
        start, end = (pd.to_datetime(v, unit="ms").date() for v in interval)
        st.session_state[WIDGET_KEYS["date_from"]], st.session_state[WIDGET_KEYS["date_to"]] = (
            min(start, end),
            max(start, end),
        )
    else:
        st.session_state[WIDGET_KEYS["date_from"]] = st.session_state[WIDGET_KEYS["date_to"]] = None


def _long_date(value) -> str:
    return f"{value.day} {value:%B %Y}"


def render_timeline(evidence: Evidence, state: ViewState) -> None:
    """Events over time by layer; brushing a span sets the date filter (and so the map).

    Compact, so that on a laptop screen the map stays in view while the reader drags across it;
    a one-line hint above says what dragging does, and the chosen range reads as dates.
    """
    from geo.render.timeline import timeline_chart

    if st.session_state.pop(_BRUSHED, False):
        st.rerun()  # inside the map's fragment: the sidebar, the count and the URL must follow the new dates
    undated_state = replace(state, date_from=None, date_to=None)
    events = selected_events(evidence, undated_state)
    chart = timeline_chart(events, state.date_from, state.date_to, height=120)
    if chart is None:
        st.caption("No dated events under the current filters.")
        return
    undated = int(is_undated(events).sum())
    if state.date_from or state.date_to:
        chosen = (
            f"Chosen: {_long_date(state.date_from) if state.date_from else 'the start'} to "
            f"{_long_date(state.date_to) if state.date_to else 'today'}. Drag again to change it; "
            "click outside it to clear it."
        )
    else:
        chosen = "Drag across the timeline to choose dates; the map follows."
    st.caption(
        f":material/swap_horiz: {chosen}"
        + (f" {undated} undated item{'s are' if undated != 1 else ' is'} not on the timeline." if undated else "")
    )
    st.html("<style>.stVegaLiteChart canvas, .stVegaLiteChart svg { cursor: crosshair; }</style>")
    st.altair_chart(chart, key="geo_timeline", on_select=_brush_to_dates, selection_mode="brush", width="stretch")


def static_map(folium_map, height: int) -> None:
    """A map that never reruns the app (no returned objects), with local assets."""
    from streamlit_folium import st_folium

    config = settings()
    if config.assets == "local":
        localize_map(folium_map, config.static_url)
    st_folium(folium_map, height=height, use_container_width=True, returned_objects=[], key=None)
