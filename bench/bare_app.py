"""The floor of the stack, for bench/browser.py: the same events as plain folium.Markers through st_folium.

One sidebar multiselect (the layers, labelled as in the app), one ``folium.Marker`` with a tooltip per
event with coordinates, no tiles (as the app's ``base=none``), the same local Leaflet assets as the app.
Nothing else: no aggregation, no caching of the map, no side panel. Run it as the benchmark does:

    GEO_STORE_PATH=/tmp/x.sqlite streamlit run bench/bare_app.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # bench/browser.py runs it from a copy, with the repository as cwd

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.evidence import Evidence
from geo.render.assets import localize_map
from geo.schema import CATEGORIES
from geo.settings import load_settings
from geo.store import Store


@st.cache_resource
def _events():
    settings = load_settings()
    events = Evidence.from_store(Store(settings.store_path)).events
    return events.dropna(subset=["latitude", "longitude"])[["latitude", "longitude", "title", "category"]]


events = _events()
layers = st.sidebar.multiselect("Layers", options=list(CATEGORIES), format_func=lambda c: CATEGORIES.get(c, c))
shown = events[events["category"].isin(layers)] if layers else events
folium_map = folium.Map(location=[21.0, 96.0], zoom_start=5, tiles=None)
for lat, lon, title in zip(shown["latitude"], shown["longitude"], shown["title"], strict=True):
    folium.Marker([lat, lon], tooltip=str(title)).add_to(folium_map)
localize_map(folium_map, load_settings().static_url)
st_folium(folium_map, key="bare_map", height=540, use_container_width=True, returned_objects=[])
