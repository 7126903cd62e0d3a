"""Cached loaders: settings, the store, the evidence base and the selections, keyed by data version.

A new data version (an added article, an import) builds a new
:class:`~geo.evidence.Evidence`, while reruns reuse it. Map objects are never
cached (streamlit-folium mutates them); they are rebuilt per run from cached
data. Caching sits here, on loaders, so the domain stays testable without
Streamlit.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.errors import AssetsMissing, GeoError, SettingsInvalid
from geo.escaping import escape_markdown
from geo.evidence import Evidence, open_store
from geo.query import ViewState
from geo.render.assets import load_outlines
from geo.render.wording import actor_labels
from geo.sanctions import badge_texts
from geo.settings import Settings, load_settings

__all__ = [
    "cached_outlines",
    "cached_store",
    "load_evidence",
    "reader_labels",
    "sanction_badges",
    "selected_events",
    "settings",
]


@st.cache_resource(show_spinner=False)
def _settings() -> Settings:
    return load_settings()


def settings() -> Settings:
    """The settings, read once per server process; a value a setting cannot take stops the page with its fix."""
    try:
        return _settings()
    except SettingsInvalid as error:
        st.error(
            f"The app's settings need a fix before it can start. {escape_markdown(error)}", icon=":material/settings:"
        )
        st.stop()


@st.cache_resource(ttl=15, show_spinner=False)
def cached_store(location: str, data_dir: str):
    # ttl: re-check data/ for edits at most every 15 s, not on every rerun. Opening a store whose
    # schema is current writes nothing, so this never competes with a writer.
    config = replace(settings(), data_dir=Path(data_dir))
    if location.startswith(("postgresql://", "postgres://")):
        config = replace(config, database_url=location)
    else:
        config = replace(config, database_url="", store_path=Path(location))
    return open_store(config)


@st.cache_resource(max_entries=3, show_spinner="Loading the evidence base...")
def _evidence(location: str, data_dir: str, version: int) -> Evidence:
    return Evidence.from_store(cached_store(location, data_dir))


def load_evidence() -> Evidence:
    """The evidence base at the store's current data version (cached per version).

    The version is read from the database on every run, so a write made by
    another app server on the same database shows on the next run here.
    """
    config = settings()
    store = cached_store(config.store_location, str(config.data_dir))
    evidence = _evidence(config.store_location, str(config.data_dir), store.data_version())
    if getattr(store, "load_error", None) is not None:
        st.warning(f"data/ has problems, so the last good data is shown.\n\n{escape_markdown(store.load_error)}")
    return evidence


@st.cache_resource(max_entries=64, show_spinner=False)
def _selected_labels(store_path: str, version: int, key: ViewState, _evidence: Evidence) -> pd.Index:
    # Many views are remembered as row labels (8 bytes an event), only the last few as frames: a frame of
    # 90,000 selected events is about 90 MB, and 32 of them would not fit a small server.
    return _evidence.select(key).index


@st.cache_resource(max_entries=3, show_spinner=False)
def _selected(store_path: str, version: int, key: ViewState, _evidence: Evidence) -> pd.DataFrame:
    labels = _selected_labels(store_path, version, key, _evidence)
    return _evidence.events.loc[labels].drop(columns="search_text", errors="ignore")


def selected_events(evidence: Evidence, state: ViewState) -> pd.DataFrame:
    """The events the state selects (cached per data version and filters; do not modify the frame)."""
    return _selected(settings().store_location, evidence.version, state.filter_key(), evidence)


@st.cache_resource(show_spinner=False)
def cached_outlines(static_dir: str) -> dict | None:
    try:
        return load_outlines(Path(static_dir))
    except AssetsMissing:
        return None


@st.cache_resource(max_entries=3, show_spinner=False)
def _badges(version: int, _evidence: Evidence) -> dict[str, str]:
    try:
        return badge_texts(_evidence)
    except GeoError as error:
        st.warning(f"Sanctions badges are unavailable: {escape_markdown(error)}")
        return {}


@st.cache_resource(max_entries=3, show_spinner=False)
def _reader_labels(version: int, _evidence: Evidence) -> dict[str, str]:
    curated = _evidence.events[_evidence.events["article_id"].notna()]
    texts = [*curated["title"], *curated["quote"].fillna(""), *curated["summary"].fillna("")]
    return {str(actor): label for actor, label in actor_labels(_evidence.actors, texts).items()}


def reader_labels(evidence: Evidence) -> dict[str, str]:
    """Actor id -> the label readers know it by, "Norinco (China North Industries Group Corporation)".

    The name the articles use first (:func:`geo.render.wording.actor_labels`), computed once per data version.
    """
    return _reader_labels(evidence.version, evidence)


def sanction_badges(evidence: Evidence) -> dict[str, str]:
    """Sanctions badge text per assessed actor id (:func:`geo.sanctions.badge_texts`), cached per data version."""
    return _badges(evidence.version, evidence)
