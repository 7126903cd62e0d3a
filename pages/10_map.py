"""The map: every event and site under the sidebar filters, a side panel for the clicked one, a timeline."""

import streamlit as st

from geo import ui

PAGE_TITLE = "Map"
PAGE_ICON = ":material/map:"
PAGE_URL = "map"
PAGE_DEFAULT = True

evidence, state = ui.current()
events = ui.selected_events(evidence, state)
st.html(  # our own words, no data: a shorter title on a phone (app.py's CSS picks one)
    '<h1 class="geo-title"><span class="geo-title-long">Who arms, finances and shields Myanmar\'s military</span>'
    '<span class="geo-title-short">Who arms Myanmar\'s military</span></h1>'
)
ui.render_notices()
ui.render_changes_notice(evidence, state)


@st.fragment
def map_and_panel() -> None:
    # A fragment: a click or a pan reruns only the map and its panel, not the whole page.
    evidence, state = ui.current()
    events = ui.selected_events(evidence, state)
    # Keyed containers: app.py's CSS stacks the columns on small screens and bounds the details on large ones.
    left, right = st.container(key="geo_map_columns").columns([3, 2], gap="medium")
    with left:
        selected = ui.render_map(evidence, events, state)
        ui.render_after_map(  # once the map is drawn: the chart library must not hold up the first markers
            lambda: ui.render_timeline(evidence, state),  # right under the map, on a phone too
            lambda: ui.render_share_panel(evidence),  # after the map: follows its latest centre and zoom
        )
    with right, st.container(key="geo_details", border=False):
        ui.render_event_details(evidence, events, selected)


map_and_panel()
ui.render_credits(evidence, state)
