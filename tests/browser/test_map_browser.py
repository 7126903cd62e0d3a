"""The dashboard in Debian's Chromium, with every non-local request cut off.

Checks what only a browser shows: markers drawn from the app's own assets,
a date filter changing the map, the popup's link landing on the highlighted
passage, and hostile article text staying text.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import XSS_BODY

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[src*="streamlit_folium"]'  # its title is set by the map ("Map of the events shown")
MARKS = ".geo-marker, .geo-cluster"


def _open_map(offline, app_url: str, query: str = ""):
    page = offline.page
    page.goto(f"{app_url}/{query}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".geo-view-summary").wait_for(timeout=60_000)
    page.wait_for_timeout(500)  # let the layer script finish adding clusters
    return page, frame


def _shown(page) -> tuple[int, int]:
    """(shown, total) as the sidebar count says."""
    text = page.locator(".geo-count").inner_text()
    return tuple(int(n.replace(",", "")) for n in re.search(r"([\d,]+) of ([\d,]+) events shown", text).groups())


def test_markers_draw_with_the_network_cut_off(offline, app_url):
    page, frame = _open_map(offline, app_url, "?base=none")
    assert frame.locator(MARKS).count() > 0
    assert frame.locator(".leaflet-overlay-pane path").count() > 0  # country outlines, routes, precision circles
    # nothing at all left the machine: no tiles (base none), scripts, stylesheets, fonts or data
    assert offline.blocked == []
    shown = page.locator(".geo-count").inner_text()
    assert re.search(r"(\d+) of \1 events shown", shown)


def test_only_tiles_leave_the_machine_with_an_online_base_map(offline, app_url):
    _open_map(offline, app_url, "?base=streets")
    kinds = {(kind, url.split("/")[2]) for kind, url in offline.blocked}
    assert kinds and kinds <= {("image", "tile.openstreetmap.org")}


def test_the_sidebar_is_the_one_layer_control_and_the_map_follows_it(offline, app_url):
    page, frame = _open_map(offline, app_url, "?base=none")
    assert frame.locator(".leaflet-control-layers").count() == 0, "an in-map layer control would disagree with the URL"
    assert frame.locator(".geo-layer-diplomacy-sanctions").count() > 0
    page, frame = _open_map(offline, app_url, "?base=none&layer=arms-supply")
    assert frame.locator(".geo-layer-diplomacy-sanctions").count() == 0
    assert frame.locator(".geo-layer-arms-supply").count() > 0
    shown, _ = _shown(page)
    assert f"{shown} of" in frame.locator(".geo-view-summary").inner_text()  # the map says what the sidebar says


def test_a_date_filter_changes_what_is_drawn(offline, app_url):
    page, frame = _open_map(offline, app_url, "?base=none")
    everything, total = _shown(page)
    assert everything == total
    page, frame = _open_map(offline, app_url, "?base=none&from=2025-07-01&to=2025-07-31&undated=0")
    july, _ = _shown(page)
    assert 0 < july < everything
    assert "undated not shown" in page.locator(".geo-count").inner_text()
    assert frame.locator(MARKS).count() > 0


def test_clicking_a_marker_opens_a_popup_whose_link_lands_on_the_highlighted_passage(offline, app_url):
    page, frame = _open_map(offline, app_url, "?base=none&q=Madaya&lat=22.2&lon=96.17&z=10")
    marker = frame.locator(".geo-marker").first
    marker.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    title = popup.locator(".geo-popup-title").inner_text()
    quote = popup.locator(".geo-quote").inner_text().strip("\u201c\u201d")
    link = popup.locator("a.geo-read")
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    # the click also opens the side panel and puts the event in the URL, and the popup stays open
    page.get_by_role("heading", name=title).wait_for(timeout=20_000)
    assert "event=ev-" in page.url
    assert popup.is_visible()
    assert not re.search(r"\b(ev|pl|route|art)-[a-z0-9]", popup.inner_text())  # ids travel unseen
    with offline.context.expect_page() as opened:
        link.click()
    article = opened.value
    passage = article.locator("#geo-passage")
    passage.wait_for(timeout=60_000)
    article.wait_for_function("() => { const r = document.getElementById('geo-passage').getBoundingClientRect();"
                              " return r.top >= 0 && r.bottom <= window.innerHeight; }", timeout=20_000)  # fmt: skip
    highlighted = "".join(article.locator(".geo-focus").all_inner_texts())
    assert highlighted == quote
    assert "/article?doc=art-" in article.url and "span=" in article.url


def test_hostile_article_text_is_shown_as_text_and_never_runs(offline, app_url):
    page = offline.page
    page.goto(f"{app_url}/article?doc=art-xss-test")
    page.locator(".geo-article").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    text = page.locator(".geo-article").inner_text()
    assert '<script>window.__xss = "body"</script>' in text
    assert "<img src=x onerror=" in text
    assert page.get_by_role("heading", name=re.compile(r"<script>window.__xss")).count() == 1
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    # the same event on the map: its popup shows the payload as text and nothing runs in the map frame
    page, frame = _open_map(offline, app_url, "?base=none&q=Evil")
    frame.locator(".geo-marker").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>window.__xss" in popup.inner_text()
    assert popup.locator("img").count() == 0
    iframe = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert iframe.evaluate("() => window.__xss") is None
    assert page.evaluate("() => window.__xss") is None
    assert XSS_BODY  # the fixture's article is the one on screen


def test_brushing_the_timeline_filters_the_map(offline, app_url):
    page, _frame = _open_map(offline, app_url, "?base=none")
    everything, _ = _shown(page)
    chart = page.locator(".vega-embed").first
    chart.wait_for(timeout=30_000)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.4
    # drag over the right part of the time axis (the most recent years)
    page.mouse.move(box["x"] + box["width"] * 0.80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.90, y, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.97, y, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"[?&]from=\d{4}-\d{2}-\d{2}.*[&]to=\d{4}-\d{2}-\d{2}"), timeout=30_000)
    page.wait_for_function(
        "total => { const m = document.querySelector('.geo-count'); "
        "return m && !m.innerText.startsWith(total + ' of'); }",
        arg=everything,
        timeout=30_000,
    )
    shown, total = map(int, re.search(r"(\d+) of (\d+) events shown", page.locator(".geo-count").inner_text()).groups())
    assert total == everything and 0 < shown < total
