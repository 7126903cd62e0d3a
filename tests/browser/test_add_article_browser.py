"""Adding an article in the browser: upload a file, review, store, and see it on the map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "ingest_article.md"


def _count(page) -> tuple[int, int]:
    return tuple(map(int, re.search(r"(\d+) of (\d+) events shown", page.locator(".geo-count").inner_text()).groups()))


def test_an_uploaded_article_is_stored_and_its_events_reach_the_map(offline, fresh_app_url):
    page = offline.page
    page.goto(f"{fresh_app_url}/?base=none")
    page.locator(".geo-count").wait_for(timeout=60_000)
    shown, total = _count(page)
    page.goto(f"{fresh_app_url}/add-article")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(ARTICLE))
    # metadata comes from the file's front matter
    title = page.get_by_label("Title")
    title.wait_for(timeout=60_000)
    assert title.input_value() == "Norinco crates seized in Madaya Township"
    assert page.get_by_label("Publisher").input_value() == "Test Post"
    page.get_by_role("button", name="Store the article and the accepted events").click()
    success = page.get_by_text(re.compile(r"Stored article art-.*event\(s\) added"))
    success.wait_for(timeout=60_000)
    added = int(re.search(r"(\d+) event\(s\) added", success.inner_text()).group(1))
    assert added >= 1
    page.goto(f"{fresh_app_url}/?base=none")
    page.locator(".geo-count").wait_for(timeout=60_000)
    assert _count(page) == (shown + added, total + added)
    assert offline.blocked == []
