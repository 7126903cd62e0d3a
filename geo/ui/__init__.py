"""The Streamlit layer: the only code of ``geo`` that imports Streamlit, one module per concern.

``access`` (modes, sign-in, refusals, errors), ``state`` (URL ⇄ view state ⇄ widgets), ``loaders`` (cached data), ``navigation``
(page discovery), ``sidebar`` (filters, notices, credits), ``map_screen`` (the map,
the event panel, the timeline), ``tables``, ``actors``, ``article`` and ``sharing``.
Pages stay thin: ``from geo import ui``, then :func:`current` for the evidence and
the view state, and the ``render_*`` screens for the rest.
"""

from geo.render.wording import ACTOR_KIND_WORDS
from geo.ui.access import (
    current_access,
    guarded_run,
    render_account,
    render_refusal,
    require_editor,
    require_reader,
    writable_store,
)
from geo.ui.actors import render_actor_picker, render_actor_profile
from geo.ui.article import render_article, render_article_picker
from geo.ui.editing import render_audit_log, render_correction, render_event_history, render_event_tools
from geo.ui.loaders import load_evidence, sanction_badges, selected_events, settings
from geo.ui.map_screen import render_after_map, render_event_details, render_map, render_timeline
from geo.ui.navigation import discover_pages, read_page_header
from geo.ui.sharing import app_base_url, render_changes_notice, render_share_panel
from geo.ui.sidebar import render_credits, render_notices, render_sidebar
from geo.ui.state import PAGE_PARAMS, current, keep_opening_link, publish_state, set_view
from geo.ui.tables import EVENTS_TABLE_COLUMNS, events_table, map_link, render_events_table

__all__ = [
    "ACTOR_KIND_WORDS",
    "EVENTS_TABLE_COLUMNS",
    "PAGE_PARAMS",
    "app_base_url",
    "current",
    "current_access",
    "discover_pages",
    "events_table",
    "guarded_run",
    "keep_opening_link",
    "load_evidence",
    "map_link",
    "publish_state",
    "read_page_header",
    "render_account",
    "render_actor_picker",
    "render_actor_profile",
    "render_after_map",
    "render_article",
    "render_article_picker",
    "render_audit_log",
    "render_changes_notice",
    "render_correction",
    "render_credits",
    "render_event_details",
    "render_event_history",
    "render_event_tools",
    "render_events_table",
    "render_map",
    "render_notices",
    "render_refusal",
    "render_share_panel",
    "render_sidebar",
    "render_timeline",
    "require_editor",
    "require_reader",
    "sanction_badges",
    "selected_events",
    "set_view",
    "settings",
    "writable_store",
]
