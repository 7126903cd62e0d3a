"""The shared chrome of every page: the sidebar filters, the notices about the link, the credits."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.evidence import Evidence
from geo.filters import describe_state
from geo.query import BASE_MAPS, ViewState
from geo.schema import CATEGORIES, EVENT_KINDS, JURISDICTIONS
from geo.ui.loaders import selected_events
from geo.ui.state import NOTICES_KEY, WIDGET_KEYS, publish_state, reset_filters, state_from_widgets, sync_from_url

__all__ = ["render_credits", "render_notices", "render_sidebar"]


_MIN_DATE = dt.date(1990, 1, 1)


def _label_lookup(frame: pd.DataFrame, label: str) -> dict[str, str]:
    return dict(zip(frame["id"], frame[label]))


def render_sidebar(evidence: Evidence) -> ViewState:
    """The filters, identical on every page; returns the state they define (URL synced)."""
    sync_from_url(evidence)
    ss = st.session_state
    defaults = ViewState()
    for name, key in WIDGET_KEYS.items():
        if key not in ss:
            ss[key] = getattr(defaults, name) if not isinstance(getattr(defaults, name), tuple) else []
    actor_names = evidence.actor_names
    article_titles = _label_lookup(evidence.articles, "title")
    targets = evidence.context.target_names
    with st.sidebar:
        st.markdown("### Filters")
        count_slot = st.empty()
        left, right = st.columns(2)
        left.date_input(
            "From", value=None, min_value=_MIN_DATE, max_value=dt.date.today(), key=WIDGET_KEYS["date_from"]
        )
        right.date_input("To", value=None, min_value=_MIN_DATE, max_value=dt.date.today(), key=WIDGET_KEYS["date_to"])
        st.toggle(
            "Show undated sites and events",
            key=WIDGET_KEYS["undated"],
            help="Undated items have no interval to compare with the date range.",
        )
        st.multiselect(
            "Actors",
            options=sorted(actor_names, key=lambda a: actor_names[a].casefold()),
            format_func=lambda a: actor_names.get(a, a),
            key=WIDGET_KEYS["actors"],
            placeholder="Any actor",
        )
        st.checkbox("Include subsidiaries and affiliates", key=WIDGET_KEYS["affiliates"])
        st.multiselect(
            "Layers",
            options=list(CATEGORIES),
            format_func=lambda c: CATEGORIES.get(c, c),
            key=WIDGET_KEYS["layers"],
            placeholder="All layers",
        )
        st.multiselect(
            "Kinds",
            options=list(EVENT_KINDS),
            format_func=lambda k: {"event": "Events", "site": "Sites"}.get(k, k),
            key=WIDGET_KEYS["kinds"],
            placeholder="Events and sites",
        )
        st.multiselect(
            "Source article",
            options=list(article_titles),
            format_func=lambda a: article_titles.get(a, a),
            key=WIDGET_KEYS["articles"],
            placeholder="Any article",
        )
        st.text_input("Text", key=WIDGET_KEYS["text"], placeholder="e.g. Norinco, pipeline", max_chars=200)
        near_options = [None, *sorted(targets, key=lambda t: str(targets[t]).casefold())]
        if ss.get(WIDGET_KEYS["near"]) not in near_options:
            ss[WIDGET_KEYS["near"]] = None
        near_left, near_right = st.columns([3, 2])
        near_left.selectbox(
            "Near",
            options=near_options,
            format_func=lambda t: "Anywhere" if t is None else targets.get(t, t),
            key=WIDGET_KEYS["near"],
            placeholder="Anywhere",
            help="Only events within the distance of a place, site or route (geodesic).",
        )
        near_right.number_input("km", min_value=0.1, max_value=5000.0, step=10.0, key=WIDGET_KEYS["km"])
        if evidence.sanctioned or ss.get(WIDGET_KEYS["sanctions"]):
            s_left, s_right = st.columns([3, 2])
            s_left.selectbox(
                "Sanctions",
                options=[None, "listed", "unlisted"],
                format_func=lambda v: {
                    None: "Any actor",
                    "listed": "Sanctioned actors",
                    "unlisted": "Not sanctioned (actors the sanctions data covers)",
                }[v],
                key=WIDGET_KEYS["sanctions"],
                placeholder="Any actor",
            )
            s_right.selectbox(
                "by",
                options=["any", *JURISDICTIONS],
                format_func=lambda j: "anyone" if j == "any" else JURISDICTIONS[j],
                key=WIDGET_KEYS["sanctions_by"],
            )
        st.selectbox("Base map", options=list(BASE_MAPS), format_func=lambda b: BASE_MAPS[b], key=WIDGET_KEYS["base"])
        st.button("Reset filters", on_click=reset_filters, width="stretch")
    state = state_from_widgets()
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
    notices = st.session_state.get(NOTICES_KEY) or []
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
