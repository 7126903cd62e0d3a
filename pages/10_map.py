"""The map: every event and site under the sidebar filters, a side panel for the clicked one, a timeline."""

import streamlit as st

from geo import ui

PAGE_TITLE = "Map"
PAGE_ICON = ":material/map:"
PAGE_URL = "map"
PAGE_DEFAULT = True

evidence, state = ui.current()
events = ui.selected_events(evidence, state)
st.title("Who arms, finances and shields Myanmar's military", anchor=False)
ui.render_notices()
ui.render_changes_notice(evidence, state)


@st.fragment
def map_and_panel() -> None:
    # A fragment: a click or a pan reruns only the map and its panel, not the whole page.
    evidence, state = ui.current()
    events = ui.selected_events(evidence, state)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        selected = ui.render_map(evidence, events, state)
        ui.render_share_panel(evidence)  # after the map: follows its latest centre and zoom
    with right, st.container(height=620, border=False):
        ui.render_event_details(evidence, events, selected)


map_and_panel()
ui.render_timeline(evidence, state)
ui.render_credits(evidence, state)
