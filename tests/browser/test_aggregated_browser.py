"""The aggregated map (more events than GEO_MAX_MAP_POINTS) in Debian's Chromium.

Above the threshold the map draws server-side clusters and lone points on a
canvas; a lone point must still select its event in the side panel, and a
filter that takes the view under the threshold (and back) never blanks the map.
"""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[src*="streamlit_folium"]'

# A lone point's canvas circle, found and clicked the way Leaflet's canvas renderer
# dispatches a real mouse click: the event bubbles to the layer's parents.
CLICK_LONE_POINT = """() => {
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (layer instanceof L.CircleMarker && layer.options.geoKey && layer.getTooltip()) {
      layer.fire('click', {latlng: layer.getLatLng()}, true);
      return [layer.options.geoKey, layer.getTooltip().getContent()];
    }
  }
  return null;
}"""


def _map_frame(page):
    page.frame_locator(MAP_FRAME).locator(".geo-view-summary").wait_for(timeout=60_000)
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def test_a_lone_point_on_the_aggregated_map_selects_its_event(offline, aggregated_app_url):
    page = offline.page
    # zoomed in on Naypyitaw, where single events stand apart
    page.goto(f"{aggregated_app_url}/?base=none&lat=19.8&lon=96.2&z=9")
    frame = page.frame_locator(MAP_FRAME)
    map_frame = _map_frame(page)
    map_frame.wait_for_function("() => (window.geoAggregateDrawn || 0) > 0", timeout=30_000)
    assert frame.locator(".geo-marker").count() == 0, "above the threshold no per-event markers are drawn"
    found = map_frame.evaluate(CLICK_LONE_POINT)
    assert found, "no lone point drawn"
    event_id, tooltip = found
    assert not re.search(r"\b(ev|site|pl)-[a-z0-9]", tooltip), "the tooltip shows an internal id"
    page.wait_for_url(f"**event={event_id}*", timeout=30_000)
    page.get_by_role("heading", name=html.unescape(tooltip)).first.wait_for(timeout=30_000)
    assert offline.blocked == []


def _choose_layer(page, label: str) -> None:
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Layers")
    box.locator("input").click()
    page.get_by_role("option", name=label).click()
    page.keyboard.press("Escape")


def test_crossing_the_aggregation_threshold_both_ways_always_draws_markers(offline, aggregated_app_url):
    """GEO_MAX_MAP_POINTS=5: the whole view is aggregated, one layer is not, and back again."""
    page = offline.page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{aggregated_app_url}/?base=none")
    frame = page.frame_locator(MAP_FRAME)
    map_frame = _map_frame(page)
    map_frame.wait_for_function("() => (window.geoAggregateDrawn || 0) > 0", timeout=30_000)
    drawn = map_frame.evaluate("() => window.geoAggregateDrawn")
    # under the threshold: one layer (Resource extraction has a few events)
    _choose_layer(page, "Resource extraction")
    page.wait_for_url(re.compile(r"layer=resource-extraction"), timeout=30_000)
    frame.locator(".geo-marker").first.wait_for(timeout=30_000)
    assert frame.locator(".geo-marker, .geo-cluster").count() > 0
    # back above it: the layer removed, the aggregated layer draws again
    page.get_by_role("button", name="Reset filters").click()
    map_frame.wait_for_function("n => (window.geoAggregateDrawn || 0) > n", arg=drawn, timeout=30_000)
    assert frame.locator(".geo-marker").count() == 0
    assert not [e for e in errors if "markerClusterGroup" in e or "is not a function" in e], errors
