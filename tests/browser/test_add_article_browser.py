"""Adding an article in the browser: upload a Markdown file, review, accept all, store, see it on the map.

Every request that is not to the local app is blocked and recorded: the page
(and its pin map, with ``base=none``) must not try any. Screenshots of the
review at 1440x900 and 390x844 go to ``var/screenshots/`` for a person to
look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "tests" / "data" / "ingest_review.md"
SHOTS = ROOT / "var" / "screenshots"
INTERNAL_ID = re.compile(r"\b(?:ev|pl|art|site|route)-[a-z0-9]")


def _pin_map(page):
    """The frame of the drawn pin map (Streamlit keeps hidden frames of earlier runs beside it)."""
    for _ in range(120):
        for frame in page.frames:
            if "st_folium" in frame.url and frame.locator(".leaflet-container").count():
                box = frame.frame_element().bounding_box()
                if box and box["height"] > 100:
                    return frame
        page.wait_for_timeout(500)
    raise AssertionError("the pin map was not drawn")


def _count(page) -> tuple[int, int]:
    return tuple(map(int, re.search(r"(\d+) of (\d+) events shown", page.locator(".geo-count").inner_text()).groups()))


def _accepted(page) -> tuple[int, int]:
    caption = page.get_by_text(re.compile(r"\d+ of \d+ proposed events accepted"))
    return tuple(map(int, re.search(r"(\d+) of (\d+)", caption.inner_text()).groups()))


def test_an_uploaded_article_is_reviewed_accepted_stored_and_reaches_the_map(offline, fresh_app_url):
    page = offline.page
    page.goto(f"{fresh_app_url}/?base=none")
    page.locator(".geo-count").wait_for(timeout=60_000)
    page.frame_locator('iframe[src*="streamlit_folium"]').locator(".geo-view-summary").wait_for(timeout=60_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)  # the page has settled
    shown, total = _count(page)

    page.get_by_role("link", name="Add article").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(ARTICLE))
    # metadata comes from the file's front matter
    title = page.get_by_label("Title")
    title.wait_for(timeout=60_000)
    assert title.input_value() == "Resistance fighters seize junta weapons near Madaya"
    assert page.get_by_label("Publisher").input_value() == "Test Post"
    assert page.get_by_role("textbox", name="Author").input_value() == "Test Reporter"

    # the village the gazetteer lacks: its pin map is drawn from the app's own assets, and pinned by hand
    page.get_by_text("Places the gazetteer lacks").wait_for(timeout=60_000)
    pin_map = _pin_map(page)
    assert pin_map.locator("path").count() > 0  # the country outlines, from the app's assets
    assert pin_map.locator("img.leaflet-tile").count() == 0  # base=none: no tiles
    # a click on the map fills the coordinates
    latitude = page.get_by_role("spinbutton", name="Latitude")
    assert latitude.input_value() == "0.00000"
    pin_map.locator(".leaflet-container").click(position={"x": 200, "y": 150})
    page.wait_for_function(
        "() => [...document.querySelectorAll('input')].some(i => i.ariaLabel === 'Latitude' && i.value !== '0.00000')",
        timeout=60_000,
    )
    clicked = float(latitude.input_value())
    assert 5 < clicked < 30, clicked  # somewhere on the map of Myanmar and its neighbours
    page.get_by_role("spinbutton", name="Latitude").fill("22.10000")
    page.get_by_role("spinbutton", name="Latitude").press("Enter")
    page.get_by_role("spinbutton", name="Longitude").fill("95.90000")
    page.get_by_role("spinbutton", name="Longitude").press("Enter")
    page.get_by_text("Use this point").click()
    page.get_by_text(re.compile(r"2 of 3 proposed events accepted")).wait_for(timeout=60_000)

    # the review table speaks in names
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for(timeout=60_000)
    page.get_by_role("button", name="Accept all good proposals").click()
    page.get_by_text(re.compile(r"3 of 3 proposed events accepted")).wait_for(timeout=60_000)
    assert _accepted(page) == (3, 3)
    body_text = page.locator('[data-testid="stMain"]').inner_text()
    assert not INTERNAL_ID.search(body_text), INTERNAL_ID.search(body_text)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1000)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / "add-article-review-1440x900.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / "add-article-review-390x844.png"))
    page.get_by_role("button", name="Accept all good proposals").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "add-article-review-table-390x844.png"))
    page.set_viewport_size({"width": 1440, "height": 900})

    page.get_by_role("button", name="Store the article and the accepted events").click()
    success = page.get_by_text(re.compile(r"Stored the article .*event\(s\) added"))
    success.wait_for(timeout=60_000)
    added = int(re.search(r"(\d+) event\(s\) added", success.inner_text()).group(1))
    assert added == 3
    assert not INTERNAL_ID.search(success.inner_text())

    page.goto(f"{fresh_app_url}/?base=none")
    page.locator(".geo-count").wait_for(timeout=60_000)
    assert _count(page) == (shown + added, total + added)
    assert offline.blocked == [], offline.blocked  # not one request tried to leave the machine


def test_pasted_zawgyi_is_shown_converted_before_anything_is_stored(offline, fresh_app_url):
    page = offline.page
    page.goto(f"{fresh_app_url}/?base=none")
    page.locator(".geo-count").wait_for(timeout=60_000)
    page.get_by_role("link", name="Add article").click()
    page.get_by_text("Paste text").click()
    zawgyi = (ROOT / "tests" / "data" / "ingest_zawgyi.txt").read_text(encoding="utf-8")
    page.get_by_label("Article text").fill(zawgyi)
    page.get_by_label("Article text").press("Control+Enter")
    page.get_by_text("converted from Zawgyi to Unicode").wait_for(timeout=60_000)
    shown = page.get_by_text("The converted text (what will be stored)")
    shown.wait_for(timeout=60_000)
    text = page.locator('[data-testid="stText"]').inner_text()
    assert text.strip() and "\u1031\u1000" not in text  # Unicode order, not Zawgyi's visual order
    assert text.strip() != zawgyi.strip()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "add-article-zawgyi-1440x900.png"))
    assert offline.blocked == []
