"""Changes: the audit log of every write (who, when, what), filterable by account and kind; admins undo imports."""

import streamlit as st

from geo import ui

PAGE_TITLE = "Changes"
PAGE_ICON = ":material/history:"
PAGE_URL = "changes"
PAGE_ROLE = "editor"  # the editors' log: not listed, and refused, for anyone who may not write

ui.current()
ui.require_editor("see the log of changes")
st.title("Changes")
st.caption(
    "Every write to the evidence base, newest first: articles added, events imported, corrected or retracted, "
    "imports undone, curated data loaded. Each is a data version; permalinks made before it say what changed."
)
ui.render_audit_log()
