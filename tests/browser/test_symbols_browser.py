"""What the map shows, in Debian's Chromium: nothing hidden, undated said, names people use, no ids.

Runs the app on the demo data (the session app) and on a store with
ACLED-like imported events made here: a stack of 57 events at one point
(as Monywa has in the real data), a dense scatter around it, and events
with missing values where pandas gives NaN. Screenshots at 1440x900 and
390x844 go to ``GEO_SCREENSHOT_DIR`` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from geo.settings import load_settings
from geo.store import Store
from tests.browser.conftest import _needs_browser_and_assets, running_app

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[src*="streamlit_folium"]'
INTERNAL_ID = re.compile(r"\b(ev|pl|route|site|art|acled)-[a-z0-9]")
MONYWA = (22.1086, 95.1358)
STACK = 57

# Each drawn symbol (marker, stack or cluster) in the viewport whose centre is covered by another element.
COVERED_SYMBOLS = """() => {
  const out = [];
  for (const icon of document.querySelectorAll('.leaflet-marker-icon')) {
    const r = icon.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + Math.min(r.height, r.width) / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) continue;
    const top = document.elementFromPoint(x, y);
    const owner = top && top.closest('.leaflet-marker-icon');
    // map controls (zoom, scale, legend) sit over the map's edge: a reader pans; only map content counts
    if (top && top.closest('.leaflet-control-container')) continue;
    if (owner !== icon) out.push([icon.className, top ? top.className.baseVal ?? top.className : null]);
  }
  return out;
}"""

# Every tooltip, popup and title text of the markers of the map's cluster group (drawn or clustered).
READER_TEXTS = """() => {
  const texts = [];
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (!layer.getLayers || !layer._featureGroup) continue;  // the MarkerClusterGroup
    for (const marker of layer.getLayers()) {
      if (marker.getTooltip()) { const d = document.createElement('div'); d.innerHTML = marker.getTooltip().getContent(); texts.push(d.innerText); }
      if (marker.getPopup()) { texts.push(marker.getPopup().getContent().innerText || marker.getPopup().getContent().textContent); }
      if (marker.options.title) texts.push(marker.options.title);
    }
  }
  return texts;
}"""


def _imported_rows() -> list[dict]:
    rows = []
    for i in range(STACK):
        rows.append(
            {
                "id": f"acled-MMR{1000 + i}",
                "kind": "event",
                "title": "Shelling: Monywa",
                "summary": f"Military artillery shelled ward {i}; {i % 4} houses burned, residents fled.",
                "category": "seizures-combat",
                "date_start": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}",
                "date_end": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}",
                "date_precision": "day",
                "place_name": "Monywa, Sagaing",
                "latitude": MONYWA[0],
                "longitude": MONYWA[1],
                "precision_m": 5000,
                "note": "ACLED Explosions/Remote violence / Shelling/artillery/missile attack.",
                "actor_roles": [],
            }
        )
    generator = random.Random(7)
    for i in range(120):
        rows.append(
            {
                "id": f"acled-MMR{2000 + i}",
                "kind": "event",
                "title": f"Armed clash: village {i}",
                "summary": f"Clash between the military and resistance forces near village {i}.",
                "category": generator.choice(["seizures-combat", "territorial-control", "arms-supply"]),
                "date_start": None if i % 9 == 0 else "2023-05-01",
                "date_end": None if i % 9 == 0 else "2023-05-01",
                "date_precision": "undated" if i % 9 == 0 else "day",
                "place_name": f"Village {i}, Sagaing",
                "latitude": round(MONYWA[0] + generator.uniform(-0.6, 0.6), 5),
                "longitude": round(MONYWA[1] + generator.uniform(-0.6, 0.6), 5),
                "precision_m": 2000,
                "note": None,
                "actor_roles": [],
            }
        )
    return rows


@pytest.fixture(scope="module")
def imported_app_url(tmp_path_factory) -> str:
    _needs_browser_and_assets()
    store_path = tmp_path_factory.mktemp("browser-imported") / "store.sqlite"
    store = Store(store_path)
    store.ensure_current(load_settings().data_dir)
    store.add_events(_imported_rows(), origin="acled:synthetic-extract.csv", description="ACLED-like test rows")
    with running_app(store_path) as url:
        yield url


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("GEO_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(page, url: str):
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".geo-view-summary").wait_for(timeout=60_000)
    frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    # the map opens, then moves to the link's view: wait until no zoom or cluster animation is running
    idle = """() => window.map && !window.map._animatingZoom && !document.querySelector('.leaflet-zoom-anim')
      && Object.values(window.map._layers).every(l => !l._inZoomAnimation)"""
    for _ in range(3):  # idle three times in a row, a frame apart
        map_frame.wait_for_function(idle, polling="raf", timeout=30_000)
        page.wait_for_timeout(300)
    return frame, map_frame


NORINCO_2025 = "?base=none&actor=norinco&from=2025-01-01&to=2025-12-31"


def test_no_symbol_is_hidden_under_another_on_the_norinco_2025_view(offline, app_url, shots):
    page = offline.page
    page.set_viewport_size({"width": 1440, "height": 900})
    _frame, map_frame = _open(page, f"{app_url}/{NORINCO_2025}")
    page.screenshot(path=str(shots / "norinco-2025-1440x900.png"))
    assert map_frame.evaluate("() => document.querySelectorAll('.leaflet-marker-icon').length") > 0
    assert map_frame.evaluate(COVERED_SYMBOLS) == []


@pytest.mark.parametrize(
    "zoom",
    [
        7,
        9,
        10,
        11,
    ],
)
def test_no_symbol_is_hidden_under_another_on_a_dense_view(offline, imported_app_url, shots, zoom):
    page = offline.page
    page.set_viewport_size({"width": 1440, "height": 900})
    _frame, map_frame = _open(page, f"{imported_app_url}/?base=none&lat={MONYWA[0]}&lon={MONYWA[1]}&z={zoom}")
    page.screenshot(path=str(shots / f"dense-z{zoom}-1440x900.png"))
    assert map_frame.evaluate("() => document.querySelectorAll('.leaflet-marker-icon').length") > 1
    covered = map_frame.evaluate(COVERED_SYMBOLS)
    for _ in range(3):  # a symbol covered by another stays covered; a frame caught mid-repaint does not
        if not covered:
            break
        page.wait_for_timeout(1000)
        covered = map_frame.evaluate(COVERED_SYMBOLS)
    assert covered == []


def test_a_date_range_with_undated_items_counts_them_apart_everywhere(offline, app_url):
    page = offline.page
    frame, _ = _open(page, f"{app_url}/{NORINCO_2025}")
    count = page.locator(".geo-count").inner_text()
    match = re.search(r"(\d+) of (\d+) events shown: (\d+) in the date range, (\d+) undated", count)
    assert match, count
    shown, _total, dated, undated = map(int, match.groups())
    assert dated + undated == shown and undated > 0
    assert f"{dated} in the date range, {undated} undated" in frame.locator(".geo-view-summary").inner_text()
    page.get_by_text("Share this view").click()
    caption = page.locator('[data-testid="stText"]', has_text="Events shown:").first
    caption.wait_for(timeout=30_000)
    assert f"({dated} in the date range, {undated} undated)" in caption.inner_text()


def test_the_map_has_no_layer_control_of_its_own_and_a_real_title(offline, app_url):
    page = offline.page
    frame, _ = _open(page, f"{app_url}/?base=none")
    assert frame.locator(".leaflet-control-layers").count() == 0
    assert page.locator(MAP_FRAME).get_attribute("title") == "Map of the events shown"
    # keyboard: markers are focusable buttons named by their event, Enter opens the popup
    first = frame.locator(".geo-marker").first
    assert first.get_attribute("role") == "button" and first.get_attribute("title")
    first.focus()
    page.keyboard.press("Enter")
    frame.locator(".leaflet-popup-content").wait_for(timeout=10_000)


def test_typing_norinco_in_actors_finds_norinco_and_only_it(offline, app_url):
    page = offline.page
    _open(page, f"{app_url}/?base=none")
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Actors")
    box.locator("input").click()
    page.keyboard.type("Norinco")
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    labels = options.all_inner_texts()
    assert labels[0].startswith("Norinco (China North Industries Group Corporation)"), labels
    assert not any(re.match(r"Select (all|\d+ matches)", label) for label in labels), labels
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"actor=norinco(&|$)"), timeout=30_000)
    assert page.url.count("actor=") == 1


def test_no_internal_id_in_any_tooltip_or_popup(offline, app_url, imported_app_url):
    for url in (app_url, imported_app_url):
        page = offline.page
        _frame, map_frame = _open(page, f"{url}/?base=none")
        texts = map_frame.evaluate(READER_TEXTS)
        assert len(texts) > 20
        found = [t for t in texts if INTERNAL_ID.search(t)]
        assert found == []


def test_a_popup_of_an_imported_event_shows_its_notes_and_source_and_no_nan(offline, imported_app_url, shots):
    page = offline.page
    frame, _ = _open(page, f"{imported_app_url}/?base=none&q=village 17")
    frame.locator(".geo-marker").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "Clash between the military and resistance forces near village 17" in text
    assert "Source: imported from ACLED" in text
    for word in ("nan", "None", "NaN", "Passage", "Read in the article"):
        assert word not in text, word
    page.screenshot(path=str(shots / "imported-popup-1440x900.png"))
    panel = page.get_by_role("heading", name="Armed clash: village 17")
    panel.wait_for(timeout=60_000)
    side = page.locator('[data-testid="stVerticalBlock"]', has=panel).last.inner_text()
    assert "nan" not in side.replace("Myanmar", "") and "Passage" not in side


def test_a_stack_of_colocated_imported_events_lists_them_and_each_opens(offline, imported_app_url, shots):
    page = offline.page
    frame, _ = _open(page, f"{imported_app_url}/?base=none&lat={MONYWA[0]}&lon={MONYWA[1]}&z=13")
    stack = frame.locator(f'.geo-stack[title^="{STACK} events at Monywa"]')  # not a curated stack elsewhere
    stack.click()
    items = frame.locator(".leaflet-popup-content .geo-stack-list li a")
    items.first.wait_for(timeout=10_000)
    assert items.count() == STACK
    labels = items.all_inner_texts()
    assert all("Shelling: Monywa" in label and "2024-" in label for label in labels)  # dates tell them apart
    page.screenshot(path=str(shots / "stack-popup-1440x900.png"))
    for index in range(STACK):
        items.nth(index).click()
        shown = frame.locator(f'.leaflet-popup-content [data-geo-item="{index}"]')
        assert shown.is_visible() and "Military artillery shelled ward" in shown.inner_text()
        frame.locator(f'.leaflet-popup-content [data-geo-item="{index}"] .geo-stack-back').click()
    # the last one opened is selected in the app: the side panel shows it
    page.wait_for_url(re.compile(r"event=acled-MMR"), timeout=30_000)


def test_phone_screenshot_of_the_map(browser, app_url, shots):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        _open(page, f"{app_url}/{NORINCO_2025}")
        page.screenshot(path=str(shots / "norinco-2025-390x844.png"), full_page=True)
    finally:
        context.close()


def test_zoom_to_the_filtered_events_on_request_fits_the_map_to_them(offline, app_url):
    page = offline.page
    # opened far from the events (over the Pacific): none of them is in view
    page.goto(f"{app_url}/?base=none&layer=resource-extraction&lat=5&lon=150&z=6")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".geo-view-summary").wait_for(timeout=60_000)  # the layers are drawn (the note is theirs)
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    map_frame.wait_for_function("() => window.map && window.map.geoViewBounds", timeout=30_000)
    assert not map_frame.evaluate("() => window.map.getBounds().intersects(window.map.geoViewBounds)")
    frame.get_by_role("button", name="Zoom to the filtered events").click()
    map_frame.wait_for_function("() => window.map.getBounds().contains(window.map.geoViewBounds)", timeout=30_000)
    # the view is the events' own (not the whole world): they fill at least a part of it
    assert map_frame.evaluate("() => window.map.getZoom()") >= 5
    frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)


def test_on_a_phone_the_map_note_does_not_cover_the_scale_bar(browser, app_url, shots):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        _frame, map_frame = _open(page, f"{app_url}/{NORINCO_2025}")
        box = "s => { const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
        note, scale = (map_frame.evaluate(box, s) for s in (".geo-view-summary", ".leaflet-control-scale"))
        page.screenshot(path=str(shots / "norinco-2025-note-390x844.png"), full_page=True)
        apart = note[0] >= scale[2] or note[2] <= scale[0] or note[1] >= scale[3] or note[3] <= scale[1]
        assert apart, f"the note {note} overlaps the scale bar {scale}"
    finally:
        context.close()
