"""The dashboard in Debian's Chromium, with every non-local request cut off.

Checks what only a browser shows: markers drawn from the app's own assets,
the layer control, a date filter changing the map, the popup's link landing
on the highlighted passage, and hostile article text staying text.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import XSS_BODY

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKS = ".geo-marker, .geo-cluster"


def _open_map(offline, app_url: str, query: str = ""):
    page = offline.page
    page.goto(f"{app_url}/{query}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-control-layers").wait_for(timeout=60_000)
    page.wait_for_timeout(500)  # let the layer script finish adding clusters
    return page, frame


def _drawn_counts(frame) -> dict[str, int]:
    """Layer name -> number of events, as the layer control lists the layers drawn."""
    labels = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    counts = {}
    for label in labels:
        match = re.match(r"\s*(.+?) \((\d+)\)\s*$", label)
        if match:
            counts[match.group(1)] = int(match.group(2))
    return counts


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


def test_toggling_a_layer_hides_its_markers(offline, app_url):
    _page, frame = _open_map(offline, app_url, "?base=none")
    diplomacy = frame.locator(".geo-layer-diplomacy-sanctions")
    arms = frame.locator(".geo-layer-arms-supply.geo-marker, .geo-layer-arms-supply.geo-cluster")
    before_arms = arms.count()
    assert diplomacy.count() > 0 and before_arms > 0
    frame.locator(".leaflet-control-layers").hover()
    frame.locator("label", has_text="Diplomacy and sanctions").locator("input").uncheck()
    assert diplomacy.count() == 0
    assert arms.count() == before_arms
    frame.locator("label", has_text="Diplomacy and sanctions").locator("input").check()
    assert diplomacy.count() > 0


def test_a_date_filter_changes_what_is_drawn(offline, app_url):
    _page, frame = _open_map(offline, app_url, "?base=none")
    everything = _drawn_counts(frame)
    page, frame = _open_map(offline, app_url, "?base=none&from=2025-07-01&to=2025-07-31&undated=0")
    july = _drawn_counts(frame)
    assert 0 < sum(july.values()) < sum(everything.values())
    assert re.search(
        rf"\b{sum(july.values())} of {sum(everything.values())} events shown", page.locator(".geo-count").inner_text()
    )


def test_clicking_a_marker_opens_a_popup_whose_link_lands_on_the_highlighted_passage(offline, app_url):
    page, frame = _open_map(offline, app_url, "?base=none&q=Madaya")
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
    page, frame = _open_map(offline, app_url, "?base=none")
    everything = _drawn_counts(frame)
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
        arg=sum(everything.values()),
        timeout=30_000,
    )
    shown, total = map(int, re.search(r"(\d+) of (\d+) events shown", page.locator(".geo-count").inner_text()).groups())
    assert total == sum(everything.values()) and 0 < shown < total
