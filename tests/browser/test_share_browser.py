"""The Share panel in a running app: Chromium downloads the view's snapshots."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _download(page, label: str):
    """Click a download button until the file comes: a rerun of the map fragment (the map reporting its
    view) may replace the button between the click and the request, and then the click is lost."""
    for _ in range(4):
        # the app is idle (no "Running" status): no rerun is about to replace the button under the click
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
        try:
            with page.expect_download(timeout=30_000) as download:
                page.get_by_role("button", name=label).click()
            return download.value
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: try again
            continue
    pytest.fail(f"no download from the {label!r} button")


@pytest.mark.browser
def test_share_panel_downloads_geojson_and_png_from_the_running_app(browser, core_store, core_data_dir):
    """Streamlit serves the app; Chromium opens a view, expands Share and downloads two snapshots."""
    port = _free_port()
    env = dict(os.environ, GEO_STORE_PATH=str(core_store.path), GEO_DATA_DIR=str(core_data_dir))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the app did not start within 60 s")
                time.sleep(0.5)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            local = (f"http://127.0.0.1:{port}/", "data:", "blob:")
            page.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith(local) else route.abort()
            )
            page.goto(f"http://127.0.0.1:{port}/?layer=seizures-combat&base=none", wait_until="domcontentloaded")
            page.get_by_text("Share this view").click(timeout=60_000)
            link = page.locator("code", has_text="layer=seizures-combat").first
            link.wait_for(timeout=30_000)
            assert f"v={core_store.data_version()}" in link.inner_text()
            # no app_url set: the link takes the address the browser shows, so it can be pasted as is
            assert link.inner_text().strip().startswith(f"http://127.0.0.1:{port}/?")
            geojson = _download(page, "GeoJSON")
            collection = json.loads(Path(geojson.path()).read_text(encoding="utf-8"))
            assert [f["id"] for f in collection["features"]] == ["ev-seizure"]
            assert geojson.suggested_filename.endswith(".geojson")
            assert geojson.suggested_filename == f"seizures-combat-v{core_store.data_version()}.geojson"
            # the PNG is drawn on request, with a spinner, then offered
            page.get_by_role("button", name="Make image (PNG)").click()
            png = _download(page, "Image (PNG)")
            data = Path(png.path()).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert png.suggested_filename == f"seizures-combat-v{core_store.data_version()}.png"
        finally:
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
