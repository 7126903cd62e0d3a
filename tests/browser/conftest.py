"""Fixtures for the browser tests: the app, started once per session, and Debian's Chromium, offline.

The app runs as ``streamlit run app.py`` on a free localhost port, on the
repository's demo data, with its store in a temporary file
(``GEO_STORE_PATH``). Before it starts, the fixture adds an article and an
event whose title and text carry ``<script>`` and ``<img onerror>``
payloads, and Markdown links, images and autolinks aimed at
``http://127.0.0.1:9/`` (:data:`PAYLOAD_HOST`, where nothing listens), in
its title, publisher, place, note and an actor's name, through
``Store.add_events`` like any user addition. Every page
the tests open goes through a route that aborts any request not aimed at
localhost and records it, so a test can assert that nothing left the
machine. Select these tests with ``-m browser``; they are skipped when
Chromium is not installed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo.errors import SnapshotFailed
from geo.render.browser import BROWSER_ARGS, find_chromium
from geo.settings import load_settings
from geo.store import Store

ROOT = Path(__file__).resolve().parents[2]
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")

PAYLOAD_HOST = "127.0.0.1:9/"  # the address every injected link and image points at: nothing listens there
MARKDOWN_PAYLOAD = (
    "![pixel](http://127.0.0.1:9/pixel.png) [login](http://127.0.0.1:9/login) <http://127.0.0.1:9/angle> "
    "http://127.0.0.1:9/bare www.example.org evil@example.org :material/home: **bold**"
)
XSS_TITLE = (
    '<script>window.__xss = "title"</script> Evil <img src=x onerror="window.__xss = \'img\'"> '
    "[title](http://127.0.0.1:9/title) ![t](http://127.0.0.1:9/title.png)"
)
XSS_BODY = (
    "A harmless opening sentence.\n"
    '<script>window.__xss = "body"</script> and <img src=x onerror="window.__xss = \'body-img\'"> '
    "sit in the middle of this text.\n"
    f"Then Markdown: {MARKDOWN_PAYLOAD}.\nA closing sentence."
)
HOSTILE_ACTOR = {
    "id": "hostile-actor",
    "name": "Hostile ![a](http://127.0.0.1:9/actor.png) [actor](http://127.0.0.1:9/actor) http://127.0.0.1:9/actor-bare",
    "kind": "company",
    "aliases": "[alias](http://127.0.0.1:9/alias)|![al](http://127.0.0.1:9/alias.png)",
    "country": "[c](http://127.0.0.1:9/country)",
    "description": f"Description: {MARKDOWN_PAYLOAD}",
}


def _chromium() -> str | None:
    try:
        return find_chromium(load_settings())
    except SnapshotFailed:
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _add_hostile_article(store: Store) -> None:
    start = XSS_BODY.index("<script>")
    end = XSS_BODY.index(" sit in")
    store.add_events(
        [
            {
                "id": "ev-xss-test",
                "kind": "event",
                "title": XSS_TITLE,
                "summary": XSS_BODY[start:end],
                "category": "arms-supply",
                "date_start": "2024-03-01",
                "date_end": "2024-03-01",
                "date_precision": "day",
                "place_name": "Yangon <b>bold</b> [place](http://127.0.0.1:9/place)",
                "latitude": 16.8,
                "longitude": 96.15,
                "precision_m": 500,
                "article_id": "art-xss-test",
                "source_start": start,
                "source_end": end,
                "quote": XSS_BODY[start:end],
                "note": f"Note: {MARKDOWN_PAYLOAD}",
                "actor_roles": [("hostile-actor", "supplier")],
            },
            {  # a second event at the same point: its title is an "Also at this place" button
                "id": "ev-xss-neighbour",
                "kind": "event",
                "title": f"Neighbour {MARKDOWN_PAYLOAD}",
                "summary": f"Summary: {MARKDOWN_PAYLOAD}",
                "category": "arms-supply",
                "date_start": "2024-03-02",
                "date_end": "2024-03-02",
                "date_precision": "day",
                "place_name": "Yangon <b>bold</b> [place](http://127.0.0.1:9/place)",
                "latitude": 16.8,
                "longitude": 96.15,
                "precision_m": 500,
                "article_id": "art-xss-test",
                "actor_roles": [("hostile-actor", "party")],
            },
        ],
        actors=[HOSTILE_ACTOR],
        origin="browser-test",
        description="hostile article for the browser tests",
        articles=[
            {
                "id": "art-xss-test",
                "title": XSS_TITLE,
                "publisher": "Test <i>publisher</i> [pub](http://127.0.0.1:9/publisher) ![p](http://127.0.0.1:9/p.png)",
                "url": "javascript:window.__xss='url'",
                "published": "2024-03-01",
                "published_precision": "day",
                "body": XSS_BODY,
            }
        ],
    )


def _needs_browser_and_assets():
    if _chromium() is None:
        pytest.skip("Debian's chromium is not installed (scripts/setup --browser installs it)")
    if not (load_settings().static_dir / "vendor" / "leaflet@1.9.3" / "leaflet.js").is_file():
        pytest.skip("map assets are not installed (python -m geo assets install)")


@contextlib.contextmanager
def running_app(store_path: Path, **settings_env: str):
    """``streamlit run app.py`` on a free port with its own store; yields the base URL."""
    port = _free_port()
    env = dict(os.environ, GEO_STORE_PATH=str(store_path), **settings_env)
    log = (store_path.parent / f"streamlit-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if process.poll() is not None:
                pytest.fail(f"the app exited with {process.returncode}; see {log.name}")
        else:
            pytest.fail(f"the app did not start within 60 s; see {log.name}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """The base URL of a running app (one start per test session: the machine has 2 cores)."""
    _needs_browser_and_assets()
    store_path = tmp_path_factory.mktemp("browser") / "store.sqlite"
    store = Store(store_path)
    store.ensure_current(load_settings().data_dir)
    _add_hostile_article(store)
    with running_app(store_path) as url:
        yield url


@pytest.fixture(scope="module")
def aggregated_app_url(tmp_path_factory) -> str:
    """A running app whose map aggregates above 5 events, so the curated data is drawn aggregated."""
    _needs_browser_and_assets()
    store_path = tmp_path_factory.mktemp("browser-aggregated") / "store.sqlite"
    Store(store_path).ensure_current(load_settings().data_dir)
    with running_app(store_path, GEO_MAX_MAP_POINTS="5") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    if executable is None:
        pytest.skip("Debian's chromium is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield browser
        browser.close()


class OfflinePage:
    """A browser page whose non-local requests are aborted and recorded in ``blocked``."""

    def __init__(self, context) -> None:
        self.context = context
        self.blocked: list[tuple[str, str]] = []
        context.route("**/*", self._route)
        self.page = context.new_page()

    def _route(self, route) -> None:
        request = route.request
        if request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            self.blocked.append((request.resource_type, request.url))
            route.abort()


@pytest.fixture
def offline(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    yield OfflinePage(context)
    context.close()


@pytest.fixture(scope="module")
def fresh_app_url(tmp_path_factory) -> str:
    """A running app on its own store, for tests that add data (the session app stays as it was)."""
    _needs_browser_and_assets()
    store_path = tmp_path_factory.mktemp("browser-fresh") / "store.sqlite"
    Store(store_path).ensure_current(load_settings().data_dir)
    with running_app(store_path) as url:
        yield url
