"""The events as a table, in the columns and words the Events and Actors pages show."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.evidence import Evidence
from geo.links import article_link
from geo.render.wording import describe_date, describe_precision
from geo.schema import CATEGORIES
from geo.ui.loaders import sanction_badges, settings

__all__ = ["EVENTS_TABLE_COLUMNS", "events_table"]


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
