"""The aggregated map (more events than GEO_MAX_MAP_POINTS) in Debian's Chromium.

Above the threshold the map draws server-side clusters and lone points on a
canvas; a lone point must still select its event in the side panel.
"""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# A lone point's canvas circle, found and clicked the way Leaflet's canvas renderer
# dispatches a real mouse click: the event bubbles to the layer's parents.
CLICK_LONE_POINT = """() => {
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (layer instanceof L.CircleMarker && layer.getTooltip && layer.getTooltip()) {
      layer.fire('click', {latlng: layer.getLatLng()}, true);
      return layer.getTooltip().getContent();
    }
  }
  return null;
}"""


def test_a_lone_point_on_the_aggregated_map_selects_its_event(offline, aggregated_app_url):
    page = offline.page
    # zoomed in on Naypyitaw, where single events stand apart
    page.goto(f"{aggregated_app_url}/?base=none&lat=19.8&lon=96.2&z=9")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-control-layers").wait_for(timeout=60_000)
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    map_frame.wait_for_function("() => (window.geoAggregateDrawn || 0) > 0", timeout=30_000)
    assert frame.locator(".geo-marker").count() == 0, "above the threshold no per-event markers are drawn"
    tooltip = map_frame.evaluate(CLICK_LONE_POINT)
    assert tooltip, "no lone point drawn"
    event_id = tooltip.split(" ")[0]
    page.wait_for_url(f"**event={event_id}*", timeout=30_000)
    title = html.unescape(tooltip.split(" \u00b7 ", 1)[1])  # the tooltip holds escaped HTML
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    assert offline.blocked == []
