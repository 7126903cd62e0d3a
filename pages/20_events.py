"""The events under the sidebar filters, as a table with links to their passages and a CSV download."""

import streamlit as st

from geo import ui
from geo.export import to_csv

PAGE_TITLE = "Events"
PAGE_ICON = ":material/table_rows:"
PAGE_URL = "events"

evidence, state = ui.current()
events = ui.selected_events(evidence, state)
st.title("Events", anchor=False)
ui.render_notices()
st.caption(f"{len(events)} of {len(evidence.events)} events and sites under the current filters.")
st.dataframe(
    ui.events_table(evidence, events),
    hide_index=True,
    width="stretch",
    column_config=ui.EVENTS_TABLE_COLUMNS,
)
st.download_button(
    "Download CSV",
    data=lambda: to_csv(events),  # built on click, not on every rerun (seconds at 100k events)
    file_name="myanmar-evidence-events.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)
ui.render_credits(evidence, state)
