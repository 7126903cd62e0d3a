"""The aggregated map (more events than GEO_MAX_MAP_POINTS) in Debian's Chromium.

Above the threshold the map draws server-side clusters and lone points on a
canvas; a lone point must still select its event in the side panel, and a
filter that takes the view under the threshold (and back) never blanks the map.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

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
    # the map may first draw at its start zoom, where every event is in a cluster, then move to the link's
    map_frame.wait_for_function(
        "() => window.map.getZoom() === 9 && Object.values(window.map._layers).some("
        "l => l instanceof L.CircleMarker && l.options.geoKey && l.getTooltip())",
        timeout=30_000,
    )
    found = map_frame.evaluate(CLICK_LONE_POINT)
    assert found, "no lone point drawn"
    event_id, tooltip = found
    assert not re.search(r"\b(ev|site|pl)-[a-z0-9]", tooltip), "the tooltip shows an internal id"
    page.wait_for_url(f"**event={event_id}*", timeout=30_000)
    page.get_by_role("heading", name=html.unescape(tooltip)).first.wait_for(timeout=30_000)
    assert offline.blocked == []


def _choose_layer(page, label: str) -> None:
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Layers")
    option = page.get_by_role("option", name=label)
    for _ in range(6):  # the map's first report reruns the page once it is drawn, which may close the list
        box.locator("input").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError
            page.keyboard.press("Escape")
    option.click()
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


# Far from the curated events: three at one point (two layers) and two at another, about 3 km apart.
STACK_3 = (11.4412, 99.1503)
STACK_2 = (11.4612, 99.1703)

# Every symbol the aggregated layer drew: its screen centre, what it is, how many events it holds.
DRAWN_SYMBOLS = """() => {
  const out = [];
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (!(layer instanceof L.CircleMarker) || !layer.options.geoKind) continue;
    const p = window.map.latLngToContainerPoint(layer.getLatLng());
    const ll = layer.getLatLng();
    out.push({x: Math.round(p.x), y: Math.round(p.y), kind: layer.options.geoKind, total: layer.options.geoTotal,
              at: ll.lat.toFixed(4) + ',' + ll.lng.toFixed(4), id: id});
  }
  return out;
}"""

# Symbols in the view whose centre another symbol covers. Leaflet's canvas renderer hit-tests its
# layers in draw order (the last drawn that contains a point gets the click), so that order is what is on top.
COVERED_CENTRES = """() => {
  const symbols = [];
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (layer instanceof L.CircleMarker && layer.options.geoKind) symbols.push(layer);
  }
  const order = [];
  for (let o = symbols.length ? symbols[0]._renderer._drawFirst : null; o; o = o.next) order.push(o.layer);
  const size = window.map.getSize(), covered = [];
  for (const symbol of symbols) {
    const c = window.map.latLngToContainerPoint(symbol.getLatLng());
    if (c.x < 0 || c.y < 0 || c.x > size.x || c.y > size.y) continue;
    let top = null;
    for (const layer of order) { if (layer._containsPoint(symbol._point)) top = layer; }
    if (top !== symbol) covered.push([symbol.options.geoKind, symbol.options.geoTotal]);
  }
  return covered;
}"""

OPEN_STACK = """(at) => {
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (!(layer instanceof L.CircleMarker) || layer.options.geoKind !== 'place') continue;
    const ll = layer.getLatLng();
    if (ll.lat.toFixed(4) + ',' + ll.lng.toFixed(4) === at) { layer.fire('click', {latlng: ll}, true); return true; }
  }
  return false;
}"""


def _stack_rows() -> list[dict]:
    rows = []
    for i, (place, layer) in enumerate(
        [(STACK_3, "arms-supply"), (STACK_3, "seizures-combat"), (STACK_3, "arms-supply"),
         (STACK_2, "infrastructure"), (STACK_2, "territorial-control")]
    ):  # fmt: skip
        rows.append(
            {
                "id": f"acled-MMR{9000 + i}",
                "kind": "event",
                "title": f"Stacked report {i + 1}",
                "summary": f"Report {i + 1} at a place shared with others.",
                "category": layer,
                "date_start": f"2024-03-{10 + i:02d}",
                "date_end": f"2024-03-{10 + i:02d}",
                "date_precision": "day",
                "place_name": "A village in Tanintharyi",
                "latitude": place[0],
                "longitude": place[1],
                "precision_m": 1000,
                "note": None,
                "actor_roles": [],
            }
        )
    return rows


@pytest.fixture(scope="module")
def stacked_app_url(tmp_path_factory) -> str:
    from geo.settings import load_settings
    from geo.store import Store
    from tests.browser.conftest import _needs_browser_and_assets, running_app

    _needs_browser_and_assets()
    store_path = tmp_path_factory.mktemp("browser-aggregated-stacks") / "store.sqlite"
    store = Store(store_path)
    store.ensure_current(load_settings().data_dir)
    store.add_events(_stack_rows(), origin="acled:stacks.csv", description="co-located test rows")
    with running_app(store_path, GEO_MAX_MAP_POINTS="5") as url:
        yield url


def _assert_one_symbol_per_place(symbols) -> None:
    assert symbols, "nothing drawn"
    centres = [(s["x"], s["y"]) for s in symbols]
    assert len(centres) == len(set(centres)), "two symbols drawn with the same centre"
    assert len(symbols) == len({s["at"] for s in symbols}), "more symbols than distinct places and clusters"


@pytest.mark.parametrize("zoom", [6, 14])
def test_aggregated_map_draws_one_symbol_per_place_and_a_stack_lists_its_events(
    offline, stacked_app_url, tmp_path, zoom
):
    page = offline.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{stacked_app_url}/?base=none&lat={STACK_3[0]}&lon={STACK_3[1]}&z={zoom}")
    map_frame = _map_frame(page)
    map_frame.wait_for_function("() => (window.geoAggregateDrawn || 0) > 0", timeout=30_000)
    page.wait_for_timeout(500)
    symbols = map_frame.evaluate(DRAWN_SYMBOLS)
    _assert_one_symbol_per_place(symbols)
    assert map_frame.evaluate(COVERED_CENTRES) == [], "a symbol's centre is under another symbol"
    page.screenshot(path=str(tmp_path / f"aggregated-stacks-z{zoom}-1440x900.png"))
    if zoom < 10:
        return
    at3, at2 = (f"{lat:.4f},{lon:.4f}" for lat, lon in (STACK_3, STACK_2))
    here = {s["at"]: s for s in symbols}
    assert here[at3]["kind"] == "place" and here[at3]["total"] == 3
    assert here[at2]["kind"] == "place" and here[at2]["total"] == 2
    # a click on the stack of three lists its events, date and title, and each opens
    assert map_frame.evaluate(OPEN_STACK, at3)
    frame = page.frame_locator(MAP_FRAME)
    items = frame.locator(".geo-place .geo-cluster-list li")
    items.first.wait_for(timeout=10_000)
    texts = items.all_inner_texts()
    assert len(texts) == 3, texts
    assert all(re.search(r"2024-03-1[0-2] · Stacked report [1-3]$", t.strip()) for t in texts), texts
    assert "Arms supply" in frame.locator(".geo-place").inner_text()
    page.screenshot(path=str(tmp_path / "aggregated-stack-popup-1440x900.png"))
    frame.locator(".geo-place a", has_text="Stacked report 2").click()
    page.wait_for_url("**event=acled-MMR9001*", timeout=30_000)
    page.get_by_role("heading", name="Stacked report 2").first.wait_for(timeout=30_000)
    assert offline.blocked == []


def test_the_aggregated_map_can_be_used_from_the_keyboard(offline, aggregated_app_url, tmp_path):
    """The canvas symbols have names a screen reader reads, Tab reaches them, and Enter opens one."""
    page = offline.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{aggregated_app_url}/?base=none")  # the whole country: several symbols
    frame = page.frame_locator(MAP_FRAME)
    map_frame = _map_frame(page)
    map_frame.wait_for_function("() => (window.geoAggregateDrawn || 0) > 0", timeout=30_000)
    keys = frame.locator(".geo-keys .geo-key")
    keys.first.wait_for(state="attached", timeout=30_000)
    labels = keys.all_inner_texts()
    assert len(labels) > 1 and all(
        re.search(r"(events in this area|events at this place|, \d{4}|undated)", t) for t in labels
    )
    assert not any(re.search(r"\b(ev|site|pl)-[a-z0-9]", t) for t in labels), "a symbol's name shows an internal id"
    # Tab from the map's frame reaches the list; the focused symbol is shown and ringed on the map
    keys.first.focus()
    focused = frame.locator(".geo-key:focus")
    assert focused.is_visible() and focused.bounding_box()["width"] > 50
    assert map_frame.evaluate("() => document.querySelectorAll('.leaflet-geoFocus-pane path').length") == 1
    shots = Path(os.environ.get("GEO_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "aggregated-keyboard-1440x900.png"))
    page.keyboard.press("Tab")
    assert frame.locator(".geo-key:focus").inner_text() == labels[1]
    page.keyboard.press("Enter")
    frame.locator(".leaflet-popup-content").wait_for(timeout=10_000)
    assert frame.locator(".leaflet-popup-content").inner_text().strip()
