"""The events as a table, in the columns and words the Events and Actors pages show.

The Events page shows one page of rows at a time (:func:`render_events_table`):
at 100,000 events a whole table costs seconds to build and tens of megabytes
to send on every rerun, while a page of a hundred rows costs milliseconds.
The order (date, newest or oldest first, or title) is applied to every
selected event before the page is cut, so "oldest first" really starts at
the oldest event.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.evidence import Evidence
from geo.links import article_link, view_link
from geo.query import ViewState, format_query
from geo.render.wording import describe_date, describe_precision
from geo.schema import CATEGORIES
from geo.ui.loaders import sanction_badges, settings

__all__ = [
    "EVENTS_TABLE_COLUMNS",
    "EVENT_ORDERS",
    "events_table",
    "map_link",
    "order_events",
    "render_events_table",
]

EVENTS_TABLE_COLUMNS = {
    "when": st.column_config.TextColumn("Date", width="medium"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "quote": st.column_config.TextColumn(
        "Passage", width="large", help="The sentence of the source article that supports the event"
    ),
    "layer": st.column_config.TextColumn("Layer"),
    "kind": st.column_config.TextColumn("Type", help="An event happened once; a site (a mine, a pipeline) lasts"),
    "place": st.column_config.TextColumn("Place (how precise)", width="medium"),
    "actors": st.column_config.TextColumn("Actors", width="medium"),
    "sanctions": st.column_config.TextColumn("Sanctions", width="medium"),
    "source": st.column_config.TextColumn("Source article", width="medium"),
    "passage": st.column_config.LinkColumn("Article", display_text="Read passage", width="small"),
    "map": st.column_config.LinkColumn("Map", display_text="Show on map", width="small"),
    "id": None,  # kept in the data (tests, selections), never shown: readers do not need internal ids
}

# order id -> what the Order box shows
EVENT_ORDERS: dict[str, str] = {
    "newest": "Date, newest first",
    "oldest": "Date, oldest first",
    "title": "Title, A to Z",
}


def map_link(state: ViewState, event_id: str, app_url: str = "") -> str:
    """The map view of ``state`` with ``event_id`` selected (its details beside the map)."""
    link = view_link(format_query(replace(state, event=event_id, lat=None, lon=None, zoom=None)), app_url)
    return link if app_url.strip() else "/" + link  # "/?..." is the map, the default page


def order_events(events: pd.DataFrame, order: str) -> pd.DataFrame:
    """The events in ``order`` (a key of :data:`EVENT_ORDERS`); undated ones last. Needs date_start, title."""
    dates = events["date_start"].where(events["date_start"].fillna("") != "", None)
    if order == "title":
        keys = events["title"].fillna("").str.casefold()
        return events.iloc[keys.argsort(kind="stable")]
    known = dates.notna()
    ranked = dates[known].sort_values(ascending=order == "oldest", kind="stable")
    return pd.concat([events.loc[ranked.index], events[~known]])


def events_table(evidence: Evidence, events: pd.DataFrame, state: ViewState | None = None) -> pd.DataFrame:
    """The events as the tables show them, one row each (columns :data:`EVENTS_TABLE_COLUMNS`).

    Costs about 45 µs an event: give it a page of events, not 100,000.
    """
    config = settings()
    names = evidence.actor_names
    badges = sanction_badges(evidence)
    state = state or ViewState()
    table = pd.DataFrame(
        {
            "when": [describe_date(row) for row in events.to_dict("records")],
            "title": events["title"].values,
            "quote": events["quote"].fillna("").values,
            "place": [f"{p} ({describe_precision(m)})" for p, m in zip(events["place_name"], events["precision_m"])],
            "layer": events["category"].map(lambda c: CATEGORIES.get(c, c)).values,
            "kind": events["kind"].values,
            "actors": ["; ".join(names.get(a, a) for a in ids) for ids in events["actors"]],
            "source": [
                ", ".join(str(x) for x in (t, p) if isinstance(x, str) and x)
                for t, p in zip(events["article_title"], events["article_publisher"])
            ],
            "passage": [
                article_link(a, s, e, config.app_url) if isinstance(a, str) and a else None
                for a, s, e in zip(events["article_id"], events["source_start"], events["source_end"])
            ],
            "map": [map_link(state, event_id, config.app_url) for event_id in events["id"]],
            "id": events["id"].values,
        }
    )
    if badges:
        table.insert(
            7,
            "sanctions",
            ["; ".join(badges[a] for a in ids if a in badges) for ids in events["actors"]],
        )
    return table


def _page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


def _first_page(key: str) -> None:
    st.session_state[f"{key}_page"] = 1


def render_events_table(evidence: Evidence, events: pd.DataFrame, state: ViewState, key: str = "geo_events") -> None:
    """One page of the events as a table, with its order and page controls above it."""
    order_col, size_col, page_col = st.columns([2, 1, 1])
    order = order_col.selectbox(
        "Order",
        list(EVENT_ORDERS),
        format_func=EVENT_ORDERS.get,
        key=f"{key}_order",
        help="Applies to every event",
        on_change=_first_page,
        args=(key,),
    )
    size = size_col.selectbox(
        "Rows per page", [50, 100, 250, 500], index=1, key=f"{key}_size", on_change=_first_page, args=(key,)
    )
    pages = _page_count(len(events), size)
    if st.session_state.get(f"{key}_page", 1) > pages:
        st.session_state[f"{key}_page"] = pages  # the filters shrank the selection
    page = page_col.number_input("Page", min_value=1, max_value=pages, step=1, key=f"{key}_page")
    first = (int(page) - 1) * size
    chunk = order_events(events, order).iloc[first : first + size]
    if len(events):
        st.caption(f"Rows {first + 1:,} to {first + len(chunk):,} of {len(events):,}, page {int(page)} of {pages}.")
    st.dataframe(
        events_table(evidence, chunk, state),
        hide_index=True,
        width="stretch",
        column_config=EVENTS_TABLE_COLUMNS,
        key=f"{key}_table",
    )
