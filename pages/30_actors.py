"""Actor profiles: aliases, kind, affiliations, events over time and place, and the network picture."""

import streamlit as st

from geo import ui

PAGE_TITLE = "Actors"
PAGE_ICON = ":material/hub:"
PAGE_URL = "actors"

evidence, state = ui.current()
st.title("Actors", anchor=False)
ui.render_notices()
actor_id = ui.render_actor_picker(evidence)
if actor_id:
    ui.render_actor_profile(evidence, actor_id)
ui.render_credits(evidence, state)
