"""The shared chrome of every page: the sidebar filters, the notices about the link, the credits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.escaping import escape_html, escape_markdown
from geo.evidence import Evidence
from geo.filters import describe_state
from geo.query import BASE_MAPS, ViewState
from geo.render.wording import actor_search_label
from geo.schema import CATEGORIES, EVENT_KINDS, JURISDICTIONS
from geo.ui.loaders import reader_labels, selected_events
from geo.ui.state import NOTICES_KEY, WIDGET_KEYS, publish_state, reset_filters, state_from_widgets, sync_from_url

__all__ = ["render_credits", "render_notices", "render_sidebar"]


_MIN_DATE = dt.date(1990, 1, 1)


def _label_lookup(frame: pd.DataFrame, label: str) -> dict[str, str]:
    return dict(zip(frame["id"], frame[label]))


@st.cache_resource(max_entries=3, show_spinner=False)
def _actor_picker_labels(version: int, _evidence: Evidence) -> dict[str, str]:
    """Actor id -> picker label: the name the articles use first, then the full name and other aliases."""
    aliases = dict(zip(_evidence.actors["id"], _evidence.actors["aliases"]))
    return {actor: actor_search_label(label, aliases.get(actor)) for actor, label in reader_labels(_evidence).items()}


def render_sidebar(evidence: Evidence) -> ViewState:
    """The filters, identical on every page; returns the state they define (URL synced)."""
    sync_from_url(evidence)
    ss = st.session_state
    defaults = ViewState()
    for name, key in WIDGET_KEYS.items():
        if key not in ss:
            ss[key] = getattr(defaults, name) if not isinstance(getattr(defaults, name), tuple) else []
    actor_names = _actor_picker_labels(evidence.version, evidence)
    article_titles = _label_lookup(evidence.articles, "title")
    targets = evidence.context.target_names
    with st.sidebar:
        st.markdown("### Filters")
        count_slot = st.empty()
        # One above the other, so the fields show the whole date.
        st.date_input(
            "From",
            value=None,
            min_value=_MIN_DATE,
            max_value=dt.date.today(),
            key=WIDGET_KEYS["date_from"],
            format="YYYY-MM-DD",
        )
        st.date_input(
            "To",
            value=None,
            min_value=_MIN_DATE,
            max_value=dt.date.today(),
            key=WIDGET_KEYS["date_to"],
            format="YYYY-MM-DD",
        )
        st.toggle(
            "Show undated sites and events",
            key=WIDGET_KEYS["undated"],
            help="Undated items have no interval to compare with the date range: when shown, they are counted "
            'apart ("6 in the date range, 4 undated"), on the map, in the count and in every snapshot.',
        )
        st.multiselect(
            "Actors",
            options=sorted(actor_names, key=lambda a: actor_names[a].casefold()),
            format_func=lambda a: actor_names.get(a, a),
            key=WIDGET_KEYS["actors"],
            placeholder="Any actor",
            # "contains": typing "Norinco" finds the actor by that name or any alias, and only it
            # (fuzzy matching found "China Wanbao ..." too, and Enter added every match).
            filter_mode="contains",
            select_all=False,
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
            "Events or sites",
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
                "Sanctioned by",
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
    from geo.ui.map_screen import shown_sentence

    sentence = shown_sentence(evidence, state, selected_events(evidence, state))
    # the two leading numbers in bold: "<b>10</b> of <b>42</b> events shown: 6 in the date range, 4 undated"
    bold = re.sub(r"^([\d,]+) of ([\d,]+)", r"<b>\1</b> of <b>\2</b>", escape_html(sentence))
    count_slot.html(f'<div class="geo-count">{bold}</div>')
    return state


def render_notices() -> None:
    """Show the parameters of the URL that were ignored, each with its fix."""
    notices = st.session_state.get(NOTICES_KEY) or []
    if notices:
        st.warning(
            "Some parts of the link were ignored:\n\n"
            + "\n".join(f"- {escape_markdown(n)}" for n in notices),  # they echo the URL: escaped
            icon=":material/link_off:",
        )


def render_credits(evidence: Evidence, state: ViewState) -> None:
    """The shared footer: what is shown, the data version, where the data comes from."""
    from geo.sanctions import sanctions_as_of

    imported = sorted(set(evidence.events["origin"]) - {"curated", "ingest"})
    as_of = sanctions_as_of(evidence)
    # The filters echo the URL (the text filter is the stranger's q=), origins are imported names: escaped.
    st.caption(
        f"Filters: {escape_markdown(describe_state(state, evidence.context))}. Data version {evidence.version}. "
        "Sources: the articles in the evidence base"
        + (
            f"; imported event data: {escape_markdown(', '.join(imported))} (see each event's source)"
            if imported
            else ""
        )
        + (f"; sanctions data as of {escape_markdown(as_of)}" if as_of else "")
        + "; map data © OpenStreetMap contributors, country outlines from Natural Earth via world-atlas."
    )
