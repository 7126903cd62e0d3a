"""Entry point of the dashboard: ``streamlit run app.py``.

It renders the shared chrome once (page config, the sidebar filters, which
are the same on every page) and then runs the page the reader chose.

**Pages are discovered**, not listed here: every ``pages/*.py`` becomes a
page, in the order of the file names (so number them: ``10_map.py``,
``20_events.py``...). A page declares how it appears with module-level
constants, read without running the file (``geo.ui.read_page_header``)::

    PAGE_TITLE = "Events"            # shown in the navigation (default: from the file name)
    PAGE_ICON = ":material/table:"   # optional, a Material icon or an emoji
    PAGE_URL = "events"              # optional, the URL path (default: file name without its number)
    PAGE_DEFAULT = True              # optional, the page at "/" (default: the first file)
    PAGE_ROLE = "editor"             # optional, a page that writes: hidden and refused for those who may not

A page reads the evidence and the view state with ``geo.ui.current()`` and
renders with ``geo.ui`` helpers; it does not draw filters of its own. Keep
pages thin: logic belongs in ``geo/``.
"""

from pathlib import Path

import streamlit as st

from geo import ui

st.set_page_config(
    page_title="Myanmar evidence map",
    page_icon="🗺️",  # an emoji: a Material icon favicon would be fetched from Google Fonts
    layout="wide",
    # "auto": open on a laptop, closed on a phone or a tablet (768 px wide or less), so the map comes first.
    initial_sidebar_state="auto",
)
# Phones and small windows: a short title, tighter margins, the map's details as a sheet under it (no fixed-height
# box), the map and its details stacked below 1000 px. Class names come from st.container keys and geo.ui.
st.html(
    """<style>
    .geo-title-short { display: none; }
    .st-key-geo_details { overflow-y: visible; }
    @media (min-width: 1000px) {
        .st-key-geo_details { max-height: 640px; overflow-y: auto; }
    }
    @media (max-width: 999px) {
        .st-key-geo_map_columns [data-testid="stHorizontalBlock"] { flex-direction: column; gap: .5rem; }
        .st-key-geo_map_columns [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
    }
    @media (max-width: 800px) {
        .geo-title-long { display: none; }
        .geo-title-short { display: inline; }
        h1.geo-title { font-size: 1.35rem !important; padding: 0 0 .25rem !important; }
        [data-testid="stMainBlockContainer"] { padding: 4rem .75rem 2rem !important; }
        [data-testid="stMainBlockContainer"] h1 { font-size: 1.5rem; }
    }
    </style>"""
)
with ui.guarded_run():  # outside local mode: no traceback on screen, a reference to the server log
    ui.keep_opening_link()  # before anything slow: a page link clicked meanwhile must not lose the opening view
    access = ui.current_access()  # GEO_MODE and the signed-in account (see geo.access)
    pages = ui.discover_pages(Path(__file__).parent / "pages", access, lambda what: ui.render_refusal(access, what))
    navigation = st.navigation(pages)
    ui.require_reader(access)
    evidence = ui.load_evidence()
    ui.render_sidebar(evidence)
    ui.render_account(access)
    navigation.run()
