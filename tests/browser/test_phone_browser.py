"""The map page on a phone (390 x 844) and a tablet (768 x 1024), in Debian's Chromium, offline.

What a reader on a small screen checks: the map is in the first screen under
a short title, the sidebar starts closed, the legend starts folded, none of
the map's controls overlap another, a popup opens inside the map (not under
the page's header), and the timeline sits right under the map. Screenshots go
to ``var/screenshots/`` for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import OfflinePage

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
MAP_FRAME = 'iframe[src*="streamlit_folium"]'  # its title is set by the map
SIZES = [(390, 844), (768, 1024)]


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def small(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = OfflinePage(context)
    page.size = (width, height)
    yield page
    context.close()


def _open(small: OfflinePage, app_url: str, query: str = "?base=none"):
    page = small.page
    page.goto(f"{app_url}/{query}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".geo-view-summary").wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    return page, frame


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def test_the_map_comes_first_with_the_sidebar_closed_and_the_legend_folded(small, app_url):
    page, frame = _open(small, app_url)
    width, height = small.size
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"map-{width}x{height}.png"))
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["y"] < height * 0.25, "the map starts in the top quarter of the first screen"
    assert min(box["y"] + box["height"], height) - box["y"] > height * 0.5, "most of the first screen is map"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the map fits the screen's width"
    title = page.locator("h1.geo-title").bounding_box()
    assert title["height"] < 60, "a one-line title"
    sidebar = page.locator('[data-testid="stSidebar"]').evaluate("e => e.getBoundingClientRect().toJSON()")
    assert sidebar["right"] <= 1 or sidebar["width"] <= 1, f"the sidebar starts closed: {sidebar}"
    assert frame.locator(".geo-legend details").evaluate("d => d.open") is False
    timeline = page.locator('[data-testid="stVegaLiteChart"]').first.bounding_box()
    assert 0 <= timeline["y"] - (box["y"] + box["height"]) < 120, "the timeline sits right under the map"


def test_none_of_the_maps_controls_overlap(small, app_url):
    _page, frame = _open(small, app_url)
    controls = frame.locator(".leaflet-control")
    boxes = [controls.nth(i).bounding_box() for i in range(controls.count())]
    boxes = [b for b in boxes if b and b["width"] > 0 and b["height"] > 0]
    names = [controls.nth(i).get_attribute("class") for i in range(controls.count())]
    assert len(boxes) >= 4  # zoom, scale, attribution, legend (and the count)
    for i, first in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            assert not _overlap(first, boxes[j]), (names[i], names[j])
    # the legend opened still stays clear of the scale bar and the attribution
    frame.locator(".geo-legend summary").click()
    legend = frame.locator(".geo-legend-control").bounding_box()
    for i, box in enumerate(boxes):
        if "geo-legend" not in (names[i] or "") and "zoom" not in (names[i] or ""):
            assert not _overlap(legend, box), names[i]


def test_a_popup_opens_inside_the_map_and_below_the_page_header(small, app_url):
    page, frame = _open(small, app_url)
    map_box = page.locator(MAP_FRAME).bounding_box()
    markers = frame.locator(".geo-marker")
    assert markers.count() > 0
    for index in range(min(markers.count(), 4)):
        marker = markers.nth(index)
        if not marker.is_visible():
            continue
        marker.click(force=True)
        popup = frame.locator(".leaflet-popup").last  # the one just opened (a closed one may still be fading out)
        popup.wait_for(timeout=10_000)
        page.wait_for_timeout(600)  # Leaflet pans the map to fit the popup
        box = popup.bounding_box()
        assert _inside(box, map_box), (box, map_box)
        header = page.locator('[data-testid="stHeader"]').bounding_box()
        assert box["y"] >= header["y"] + header["height"] - 1, "not under the page's header"
        popup.locator(".leaflet-popup-close-button").click()
        frame.locator(".leaflet-popup").first.wait_for(state="detached", timeout=10_000)
    width, height = small.size
    page.screenshot(path=str(SHOTS / f"map-popup-{width}x{height}.png"))
