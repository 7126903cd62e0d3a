"""The map screen: the map widget, the panel of the selected event, the timeline, and small static maps."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.errors import AssetsMissing
from geo.escaping import escape_markdown
from geo.evidence import Evidence
from geo.links import article_link
from geo.query import ViewState, format_query
from geo.render.assets import assets_missing, localize_map
from geo.render.mapping import DEFAULT_CENTER, DEFAULT_ZOOM, build_map_parts, colocated_events
from geo.render.popups import MapContext, event_id_from_tooltip
from geo.render.wording import describe_date, describe_precision
from geo.schema import CATEGORIES, CATEGORY_COLOURS
from geo.ui.loaders import cached_outlines, sanction_badges, selected_events, settings
from geo.ui.navigation import article_page
from geo.ui.state import ANCHOR_KEY, LAST_TOOLTIP_KEY, WIDGET_KEYS, current_state, set_view

__all__ = ["render_event_details", "render_map", "render_timeline", "static_map"]


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
    outlines = cached_outlines(str(config.static_dir))
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
    if tooltip and tooltip != ss.get(LAST_TOOLTIP_KEY):
        ss[LAST_TOOLTIP_KEY] = tooltip
        clicked = event_id_from_tooltip(tooltip)
        if clicked and clicked != state.event:
            changes["event"] = clicked
    if changes:
        set_view(**changes)
    return current_state().event


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
    st.subheader(escape_markdown(row["title"]), anchor=False)
    if event_id not in set(events["id"]):
        st.caption("Not in the current filters.")
    st.markdown(f"**Date:** {describe_date(row)}")
    st.markdown(f"**Place:** {escape_markdown(row['place_name'])} ({describe_precision(row['precision_m'])})")
    names = evidence.actor_names
    badges = sanction_badges(evidence)
    actors = "; ".join(escape_markdown(names.get(a, a)) for a in row.get("actors") or [])
    if actors:
        st.markdown(f"**Actors:** {actors}")
    sanctions = [badges[a] for a in row.get("actors") or [] if badges.get(a)]
    if sanctions:
        st.markdown("**Sanctions:**\n" + "\n".join(f"- {escape_markdown(b)}" for b in sanctions))
    if row.get("summary"):
        st.markdown(escape_markdown(row["summary"]))
    if row.get("quote"):
        st.markdown("**Passage**")
        st.markdown("> " + escape_markdown(row["quote"]).replace("\n", "\n> "))  # escaped: never Markdown or HTML
    st.caption(
        f"Source: {row.get('article_title') or ''}, {row.get('article_publisher') or ''}, "
        f"{row.get('article_published') or ''}"
    )
    if row.get("note"):
        with st.expander("Notes on this event"):
            st.markdown(escape_markdown(row["note"]))
    if row.get("article_id"):
        span = None
        if not pd.isna(row.get("source_start")) and not pd.isna(row.get("source_end")):
            span = f"{int(row['source_start'])}-{int(row['source_end'])}"
        params = {"doc": row["article_id"], **({"span": span} if span else {})}
        st.page_link(article_page(), label="Read in the article", icon=":material/article:", query_params=params)
        st.caption(f"Link: {article_link(row['article_id'], row.get('source_start'), row.get('source_end'))}")
    others = colocated_events(evidence.events, event_id)
    if len(others):
        st.markdown(f"**Also at this place ({len(others)})**")
        for other in others.itertuples():
            st.button(other.title, key=f"geo_pick_{other.id}", on_click=_select_event, args=(other.id,))
    st.button("Clear selection", key="geo_clear_event", on_click=_select_event, args=(None,))


def _brush_to_dates() -> None:
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


def render_timeline(evidence: Evidence, state: ViewState) -> None:
    """Events over time by layer; brushing a span sets the date filter (and so the map)."""
    from geo.render.timeline import timeline_chart

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


def static_map(folium_map, height: int) -> None:
    """A map that never reruns the app (no returned objects), with local assets."""
    from streamlit_folium import st_folium

    config = settings()
    if config.assets == "local":
        localize_map(folium_map, config.static_url)
    st_folium(folium_map, height=height, use_container_width=True, returned_objects=[], key=None)
