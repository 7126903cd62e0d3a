"""Sanctions: the gaps (actors tied to events that a jurisdiction has not sanctioned) and every actor's status."""

from dataclasses import replace

import streamlit as st

from geo import ui
from geo.links import article_link
from geo.sanctions import gaps_csv, gaps_table, sanctions_as_of, status_matrix, status_table
from geo.schema import JURISDICTIONS

PAGE_TITLE = "Sanctions"
PAGE_ICON = ":material/gavel:"
PAGE_URL = "sanctions"

evidence, state = ui.current()
st.title("Sanctions", anchor=False)
ui.render_notices()
as_of = sanctions_as_of(evidence)
if not as_of:
    st.info("There is no sanctions data: add data/sanctions.csv or run `python -m geo sanctions import FILE`.")
    st.stop()

left, right = st.columns([2, 3])
jurisdiction = left.selectbox(
    "Jurisdiction",
    options=[*JURISDICTIONS, "any"],
    format_func=lambda j: "any jurisdiction" if j == "any" else JURISDICTIONS[j],
    index=list(JURISDICTIONS).index("eu"),
    key="sanctions_page_jurisdiction",
)
filtered = right.toggle("Only events under the sidebar filters", value=False, key="sanctions_page_filtered")
who = "any jurisdiction" if jurisdiction == "any" else f"the {JURISDICTIONS[jurisdiction]}"
events = ui.selected_events(evidence, state) if filtered else evidence.events
gaps = gaps_table(replace(evidence, events=events), jurisdiction)

st.subheader(f"Events involving actors {who} has not sanctioned", anchor=False)
st.caption(
    "Sanctioned means an asset freeze. An investment, financial-services or travel ban shows as restricted; "
    "'not checked' means the sanctions research did not look at this jurisdiction for the actor. Only actors "
    f"the sanctions data covers are assessed. {len(gaps)} rows; sanctions data as of {as_of}."
)
spans = evidence.events.set_index("id")[["source_start", "source_end"]]
config = ui.settings()
shown = gaps.assign(
    sanctions_sources=gaps["sanctions_sources"].str.split("|"),
    passage=[
        article_link(a, spans.at[e, "source_start"], spans.at[e, "source_end"], config.app_url) if a else None
        for a, e in zip(gaps["article_id"], gaps["event_id"])
    ],
)
st.dataframe(
    shown[
        [
            "actor",
            "status",
            "status_detail",
            "role",
            "event_title",
            "event_date",
            "place",
            "article_title",
            "quote",
            "passage",
            "sanctions_sources",
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "passage": st.column_config.LinkColumn("Passage", display_text="Read passage", width="small"),
        "sanctions_sources": st.column_config.ListColumn("Sanctions sources", width="medium"),
    },
)
st.download_button(
    "Download the gaps as CSV",
    data=gaps_csv(gaps),
    file_name=f"sanctions-gaps-{jurisdiction}.csv",
    mime="text/csv",
    icon=":material/download:",
    key="sanctions_page_download",
)

st.subheader("Status by actor", anchor=False)
st.dataframe(status_matrix(evidence), hide_index=True, width="stretch")
st.subheader("Every designation and documented gap, with its sources", anchor=False)
table = status_table(evidence)
table = table.assign(source=table["sources"].map(lambda urls: urls[0] if urls else None))
st.dataframe(
    table[
        [
            "actor",
            "jurisdiction_name",
            "status",
            "measure",
            "listed_as",
            "listed_on",
            "programme",
            "act",
            "source",
            "sources",
            "inferred",
            "note",
            "as_of",
            "origin",
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "source": st.column_config.LinkColumn("Source"),
        "sources": st.column_config.ListColumn("All sources"),
        "inferred": st.column_config.CheckboxColumn("Inferred", help="A value or its reading was inferred; see note"),
    },
)
ui.render_credits(evidence, state)
