"""The events under the sidebar filters, a page of rows at a time, with links to their passages and the map."""

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
st.caption(
    f"{len(events):,} of {len(evidence.events):,} events and sites under the current filters. "
    "“Read passage” opens the sentence of the article that supports an event; “Show on map” opens it on the map."
)
ui.render_events_table(evidence, events, state)
st.download_button(
    f"Download all {len(events):,} as CSV",
    data=lambda: to_csv(events),  # built on click, not on every rerun (seconds at 100k events)
    file_name="myanmar-evidence-events.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)
ui.render_credits(evidence, state)
