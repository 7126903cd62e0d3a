"""With ``base=none`` nothing leaves the machine, on every page and every small map.

Every page of the app is opened with ``?base=none`` (and the pages that
take one, with their own parameter: an article with its small map, an
actor's profile with its small map and network), with Playwright routing
every request: a request to anywhere but the app itself is aborted and
counted. The count must be zero: no tiles, no CDN script or stylesheet, no
font, no telemetry. The pages must still draw their maps from the app's own
assets.
"""

from __future__ import annotations

import pytest

from tests.browser.test_hostile_browser import wait_for_app

pytestmark = pytest.mark.browser

PAGES = {
    "map": "/?base=none",
    "map-selected": "/?base=none&event=ev-xss-test",
    "events": "/events?base=none",
    "actors": "/actors?base=none",
    "actor-profile": "/actors?base=none&profile=norinco",
    "article": "/article?base=none",
    "article-passage": "/article?base=none&doc=art-xss-test&span=60-120",
    "article-with-places": "/article?base=none&doc=art-bobpost-norinco-2025",
    "sanctions": "/sanctions?base=none",
    "add-article": "/add-article?base=none",
    "import": "/import?base=none",
    "changes": "/changes?base=none",
    "correct": "/correct?base=none",
}


def _pages_of_the_app() -> set[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    urls = set()
    for source in (root / "pages").glob("*.py"):
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.startswith("PAGE_URL"):
                urls.add(line.split("=", 1)[1].strip().strip("\"'"))
    return urls


def test_the_list_covers_every_page_of_the_app():
    visited = {path.split("?")[0].strip("/") or "map" for path in PAGES.values()}
    assert _pages_of_the_app() <= visited


@pytest.mark.parametrize("name", list(PAGES))
def test_no_request_leaves_the_machine_with_base_none(offline, app_url, name):
    page = offline.page
    page.goto(app_url + PAGES[name])
    wait_for_app(page)
    maps = page.locator('iframe[src*="streamlit_folium"], iframe[srcdoc*="leaflet"], iframe[title*="map" i]')
    if name in ("map", "map-selected", "actor-profile", "article-with-places"):
        assert maps.count() >= 1, "the page should draw its map"
    assert offline.blocked == [], f"requests that tried to leave the machine: {offline.blocked}"
