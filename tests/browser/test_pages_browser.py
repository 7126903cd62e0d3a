"""The Events, Actors, Article and Sanctions pages in Debian's Chromium, offline, at 1440 x 900 and 390 x 844.

What only a browser shows: a click on a neighbour in an actor's network opens
that actor's profile; the passage a reader came for is one yellow stretch with
no mention boxes over it; the Events table leads with date, title and passage
(its links live in a canvas grid; tests/ui/test_pages.py checks where they
lead); the small maps with ``base=none`` fetch nothing from outside.
Screenshots go to ``var/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import OfflinePage

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
MAP_FRAME = 'iframe[src*="streamlit_folium"]'


def _page(browser, width: int, height: int) -> OfflinePage:
    return OfflinePage(browser.new_context(viewport={"width": width, "height": height}))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_clicking_a_neighbour_in_the_network_opens_its_profile(browser, app_url):
    offline = _page(browser, 1440, 900)
    page = offline.page
    page.goto(f"{app_url}/actors?profile=norinco&base=none")
    graph = page.locator('[data-testid="stGraphVizChart"] svg')
    graph.wait_for(timeout=60_000)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    _shot(page, "actors-norinco-1440x900.png")
    labels = graph.locator("g.node text").all_text_contents()
    assert "Wanbao Mining Ltd" in labels and "Letpadaung copper mine" in labels
    sizes = graph.locator("g.node text").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().height)")
    assert min(sizes) >= 10, f"labels readable, not shrunk to fit: {sizes}"
    graph.locator("g.node", has_text="Wanbao Mining Ltd").first.locator("a").first.click()
    page.wait_for_url(re.compile(r"profile=wanbao-mining"), timeout=30_000)
    page.locator("h2", has_text="Wanbao Mining Ltd").first.wait_for(timeout=60_000)
    assert offline.blocked == [], "the small map with base=none fetches no tiles"
    offline.context.close()


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_linked_passage_is_one_yellow_stretch_and_mentions_are_off(browser, app_url, width, height):
    offline = _page(browser, width, height)
    page = offline.page
    page.goto(f"{app_url}/article?doc=art-bobpost-norinco-2025&span=267-453&base=none")
    focus = page.locator("#geo-passage")
    focus.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    _shot(page, f"article-{width}x{height}.png")
    assert page.locator(".geo-article mark").count() == 0, "mention highlighting starts off"
    assert page.locator(".geo-focus").count() >= 1
    box = focus.bounding_box()
    assert 0 <= box["y"] < height, "the passage is scrolled into view"
    page.get_by_text("Highlight the places, actors and dates it names").click()
    page.locator(".geo-article mark").first.wait_for(timeout=30_000)
    inside = page.locator(".geo-focus mark").evaluate_all("ms => ms.map(m => getComputedStyle(m).backgroundColor)")
    assert inside and set(inside) == {"rgba(0, 0, 0, 0)"}, "no mention box breaks up the yellow"
    assert offline.blocked == []
    offline.context.close()


def test_the_events_table_shows_date_title_and_passage_first(browser, app_url):
    offline = _page(browser, 1440, 900)
    page = offline.page
    page.goto(f"{app_url}/events?layer=resource-extraction&base=none")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    _shot(page, "events-1440x900.png")
    headers = page.locator('[data-testid="stDataFrame"] [role="columnheader"]').all_inner_texts()
    assert headers[:3] == ["Date", "Title", "Passage"], headers
    offline.context.close()


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_sanctions_page_answers_the_eu_suppliers_question(browser, app_url, width, height):
    offline = _page(browser, width, height)
    page = offline.page
    page.goto(f"{app_url}/sanctions")
    page.get_by_role("button", name="Suppliers the EU has not sanctioned").click()
    page.get_by_text("Download this actor as CSV").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    _shot(page, f"sanctions-eu-suppliers-{width}x{height}.png")
    offline.context.close()


@pytest.mark.parametrize("address", ["import", "add-article"])
def test_a_new_servers_first_request_opens_the_page_asked_for_without_a_not_found_box(browser, tmp_path, address):
    from geo.settings import load_settings
    from geo.store import Store
    from tests.browser.conftest import _needs_browser_and_assets, running_app

    _needs_browser_and_assets()
    store_path = tmp_path / "store.sqlite"
    Store(store_path).ensure_current(load_settings().data_dir)
    with running_app(store_path) as url:  # a server nobody has opened yet
        offline = _page(browser, 1440, 900)
        page = offline.page
        page.goto(f"{url}/{address}")
        page.get_by_role("heading", name=re.compile("Import events|Add an article", re.I)).first.wait_for(
            timeout=60_000
        )
        page.wait_for_timeout(1500)  # the box, when it comes, comes with the first page
        _shot(page, f"first-request-{address}-1440x900.png")
        assert page.get_by_text("Page not found").count() == 0
        assert offline.blocked == []


def test_a_page_link_clicked_while_a_new_server_loads_keeps_the_opening_links_view(browser, tmp_path):
    # The evidence loads for a second or more on a new server's first session: a reader who clicks a page
    # link meanwhile stops that run before it read the URL, and the page switch clears the address bar.
    # 20,000 imported events make that load long enough for the click to land in it every time.
    from geo.intake.imports import import_events
    from geo.intake.synthetic import write_acled_csv
    from geo.settings import load_settings
    from geo.store import Store
    from tests.browser.conftest import _needs_browser_and_assets, running_app

    _needs_browser_and_assets()
    store_path = tmp_path / "store.sqlite"
    store = Store(store_path)
    store.ensure_current(load_settings().data_dir)
    import_events(store, write_acled_csv(tmp_path / "events.csv", 20_000, 1), "events.csv")
    with running_app(store_path) as url:
        offline = _page(browser, 1440, 900)
        page = offline.page
        page.goto(f"{url}/?layer=arms-supply&base=none")
        page.get_by_role("link", name="Add article").click(timeout=60_000)  # as soon as the menu shows
        page.get_by_role("heading", name=re.compile("Add an article", re.I)).first.wait_for(timeout=60_000)
        page.get_by_text(re.compile(r"[\d,]+ of [\d,]+ events")).first.wait_for(timeout=60_000)  # the sidebar ran
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)
        page.wait_for_timeout(500)
        assert "/add-article?" in page.url, page.url
        assert sorted(page.url.split("?", 1)[1].split("&")) == ["base=none", "layer=arms-supply"], page.url
        assert offline.blocked == []  # base=none: no tiles asked of any server
