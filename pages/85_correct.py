"""Correct or retract an event: a new version with who, when and why; nothing is overwritten."""

import streamlit as st

from geo import ui

PAGE_TITLE = "Correct an event"
PAGE_ICON = ":material/edit_note:"
PAGE_URL = "correct"
PAGE_ROLE = "editor"  # not listed, and refused, for anyone who may not write (geo.access)

evidence, state = ui.current()
ui.require_editor("correct or retract events")
st.title("Correct an event")
st.caption(
    "Each correction and each retraction is a new version of the event, kept with your account, the time and "
    "your reason. A retracted event leaves the map and the exports; links made before it say why."
)
titles = dict(zip(evidence.events["id"], evidence.events["title"]))
event_id = state.event if state.event in titles else None
if event_id is None:
    event_id = st.selectbox(
        "Event",
        [None, *sorted(titles, key=lambda i: str(titles[i]).lower())],
        format_func=lambda i: "Choose an event..." if i is None else str(titles[i]),
        key="geo_correct_event",
    )
if event_id:
    ui.render_correction(evidence, event_id)
