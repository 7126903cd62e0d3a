"""Sharing a view: the permalink, snapshot downloads, and the notice an old permalink gets."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

import streamlit as st

from geo.errors import GeoError
from geo.evidence import Evidence
from geo.query import ViewState
from geo.ui.loaders import cached_store, selected_events, settings
from geo.ui.state import current_state, set_view

__all__ = ["app_base_url", "render_changes_notice", "render_share_panel"]


_SNAPSHOT_SIZES: dict[str, tuple[int, int]] = {
    "1200 x 800": (1200, 800),
    "1600 x 900": (1600, 900),
    "1920 x 1080": (1920, 1080),
    "800 x 600": (800, 600),
}


_PNG_KEY = "_geo_share_png"  # (view, width, height, version) -> the PNG made for it


@st.cache_resource(show_spinner=False)
def _chromium_problem(chromium_path: str) -> str | None:
    from geo.render.browser import find_chromium

    try:
        find_chromium(replace(settings(), chromium_path=chromium_path))
    except GeoError as error:
        return str(error)
    return None


def app_base_url() -> str:
    """The app's address for permalinks: the app_url setting, else the address in the reader's browser.

    ``st.context.url`` includes the page path; the map is the default page,
    so its path (``/map``) is dropped to give the app's root.
    """
    configured = settings().app_url.strip()
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(st.context.url or "")
    if not (parts.scheme in ("http", "https") and parts.netloc):
        return ""
    path = parts.path.rstrip("/")
    if path.endswith("/map"):
        path = path[: -len("/map")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def render_share_panel(evidence: Evidence, state: ViewState | None = None) -> None:
    """The Share panel: the permalink of the view (pinned to the data version) and its snapshots.

    Call it after :func:`geo.ui.map_screen.render_map` in the same fragment, so the permalink
    and the PNG follow the map's latest centre and zoom. Files are made only
    when their button is clicked.
    """
    from geo.permalink import make_permalink
    from geo.render.snapshot import FORMATS, make_caption, make_snapshot, snapshot_filename

    config = settings()
    state = current_state() if state is None else state
    base_url = app_base_url()
    with st.expander("Share this view", icon=":material/share:"):
        link = make_permalink(state, evidence.version, base_url)
        st.markdown(
            f"**Permalink**: reopens this view; it remembers the data as it is now (version {evidence.version}) and says what changed since"
        )
        st.code(link, language=None, wrap_lines=True)
        if not base_url:
            st.caption(
                "This link is relative: add it to the address of this app. "
                "Set the app_url setting (GEO_APP_URL) to get full links."
            )
        elif not config.app_url:
            st.caption(
                "The link uses the address your browser shows. Behind a proxy, set GEO_APP_URL to the public address."
            )
        events = selected_events(evidence, state)
        caption = make_caption(evidence, state, events, app_url=base_url)
        # Snapshots link back ("Read in the article", permalink) to the app as this reader reaches it.
        config = replace(config, app_url=base_url)
        st.markdown(f"**Download** the {len(events)} events of this view, with a caption")
        left, right = st.columns(2)
        inline = left.checkbox(
            "Make the map file work without internet",
            value=True,  # a file that is forwarded must open anywhere, with or without a network
            key="geo_share_inline",
            help="Puts Leaflet, styles, icons and fonts in the file (about 0.7 MB) so it opens with no network.",
        )
        left.download_button(
            "Map (HTML)",
            data=(lambda: make_snapshot(evidence, state, "html", config, caption, inline_assets=inline)),
            file_name=snapshot_filename(caption, "html"),
            mime=FORMATS["html"][0],
            on_click="ignore",
            icon=":material/map:",
            key="geo_share_html",
        )
        size = right.selectbox("Image size (pixels)", list(_SNAPSHOT_SIZES), key="geo_share_size")
        width, height = _SNAPSHOT_SIZES[size]
        problem = _chromium_problem(config.chromium_path)
        # Drawing the PNG takes a headless browser a few seconds: it is made on request, with a
        # spinner, then offered for download (a lazy download button would give no sign of progress).
        png_key = (caption.permalink, width, height, evidence.version)
        made = st.session_state.get(_PNG_KEY)
        if not (made and made[0] == png_key) and right.button(
            "Make image (PNG)", icon=":material/image:", key="geo_share_make_png", disabled=problem is not None
        ):
            with right, st.spinner("Drawing the map in a headless browser (a few seconds)..."):
                try:
                    made = (png_key, make_snapshot(evidence, state, "png", config, caption, width=width, height=height))
                    st.session_state[_PNG_KEY] = made
                except GeoError as error:
                    st.error(str(error))
        if made and made[0] == png_key:
            right.download_button(
                "Image (PNG)",
                data=made[1],
                file_name=snapshot_filename(caption, "png"),
                mime=FORMATS["png"][0],
                on_click="ignore",
                icon=":material/image:",
                key="geo_share_png",
            )
        if problem:
            st.info(problem, icon=":material/info:")
        columns = st.columns(3)
        for column, fmt, label in zip(
            columns, ("geojson", "csv", "kml"), ("GeoJSON", "CSV", "KML (Google Earth)"), strict=True
        ):
            column.download_button(
                label,
                data=(lambda fmt=fmt: make_snapshot(evidence, state, fmt, config, caption)),
                file_name=snapshot_filename(caption, fmt),
                mime=FORMATS[fmt][0],
                on_click="ignore",
                icon=":material/download:",
                key=f"geo_share_{fmt}",
            )
        st.download_button(
            "Caption (text, to go with the CSV)",
            data=caption.as_text(),
            file_name=snapshot_filename(caption, "csv") + ".caption.txt",
            mime="text/plain",
            on_click="ignore",
            key="geo_share_caption",
            type="tertiary",
        )
        st.caption("Caption")
        st.text(caption.as_text())  # st.text: article titles are shown as typed, never as Markdown


@st.cache_resource(max_entries=16, show_spinner=False)
def _changes_notice(store_path: str, data_dir: str, version: int, key: ViewState, _evidence: Evidence):
    from geo.permalink import describe_changes

    return describe_changes(cached_store(store_path, data_dir), key, _evidence.events, _evidence.context)


def _pin_to_current(version: int) -> None:
    set_view(version=version)


def _events(count: int) -> str:
    return f"{count:,} event" + ("" if count == 1 else "s")


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def render_changes_notice(evidence: Evidence, state: ViewState) -> None:
    """When the URL pins an older data version (``v``), say what changed since, in proportion.

    A warning only when this view itself changed (added or modified events that its
    filters select); removals, which may or may not have been in it, get an
    information box; changes elsewhere only a quiet line. Titles (untrusted) are
    shown as plain text (``st.text``), never as Markdown.
    """
    if state.version is None or state.version == evidence.version:
        return
    config = settings()
    key = replace(state.filter_key(), version=state.version)
    notice = _changes_notice(config.store_location, str(config.data_dir), evidence.version, key, evidence)
    if notice is None:
        return
    icon = ":material/history:"
    if notice.unknown_version:
        st.warning(notice.as_text(), icon=icon)
    elif not notice.changed:
        st.caption(f"This link was made with data version {notice.since}; nothing has changed since.")
        return
    else:
        elsewhere = len(notice.added) + len(notice.modified) - len(notice.in_view)
        if notice.in_view:
            st.warning(
                f"This view has changed since the link was made (data version {notice.since}, now "
                f"{notice.current}): {_events(len(notice.in_view))} in it {_were(len(notice.in_view))} added or modified"
                + (f", and {_events(len(notice.removed))} removed from the data" if notice.removed else "")
                + ". The link's filters are applied to today's data.",
                icon=icon,
            )
        elif notice.removed:
            st.info(
                f"{_events(len(notice.removed))} removed from the data since this link was made (data version "
                f"{notice.since}, now {notice.current}) may have been in this view"
                + (f"; {_events(elsewhere)} {_were(elsewhere)} added or modified elsewhere" if elsewhere else "")
                + ".",
                icon=icon,
            )
        else:  # the view shows what it showed: a quiet line, not an alarm
            st.caption(
                f"This link was made with data version {notice.since}. Since then {_events(elsewhere)} "
                f"{_were(elsewhere)} added or modified elsewhere; none is in this view, which shows what it showed then."
            )
        for _, title, note in notice.retracted:  # editors' retractions, with their reason, in plain text
            st.text(f"{title}: {note}")
        with st.expander("What changed"):
            st.text(notice.as_text())
    st.button(
        f"Dismiss: update the link to today's data (version {evidence.version})",
        key="geo_pin_version",
        on_click=_pin_to_current,
        args=(evidence.version,),
        type="tertiary",
    )
