"""Headless Chromium: where to find it and how to start it.

PNG snapshots, the browser tests and the benchmarks all drive Debian's
Chromium through Playwright's ``executable_path`` (no browser download).
This module owns the one list of flags and the one lookup, which honours the
``chromium_path`` setting and says how to install a browser when none is found,
and :func:`capture_png`, which renders a snapshot page into a PNG (map controls hidden).
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from geo.errors import SnapshotFailed
from geo.settings import Settings

__all__ = ["BROWSER_ARGS", "Capture", "capture_png", "find_chromium"]

# Chromium flags: no sandbox (containers), and nothing that phones home.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

_CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium(settings: Settings) -> str:
    """The Chromium executable to drive, or :class:`~geo.errors.SnapshotFailed` saying how to get one."""
    configured = (settings.chromium_path or "").strip()
    if configured:
        if Path(configured).is_file():
            return configured
        raise SnapshotFailed(
            f"the chromium_path setting points at {configured}, which does not exist. "
            "Fix: set GEO_CHROMIUM_PATH to the Chromium binary (Debian: /usr/lib/chromium/chromium), "
            "or install it with: apt-get install chromium"
        )
    for candidate in _CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SnapshotFailed(
        "no Chromium browser found, so PNG snapshots cannot be made (HTML, GeoJSON, CSV and KML still work). "
        "Fix: install one with 'apt-get install chromium' (or scripts/setup --browser), "
        "or set GEO_CHROMIUM_PATH to a Chromium/Chrome executable"
    )


@dataclass(frozen=True)
class Capture:
    """A rendered PNG, where its parts lie in it, and the requests that were blocked.

    Boxes are ``(x, y, width, height)`` in image pixels: ``map`` (the map),
    ``markers`` (each marker or cluster icon), ``legend`` (the map's legend
    control) and ``caption`` (the caption under the map).
    """

    png: bytes
    boxes: dict[str, list[tuple[int, int, int, int]]]
    blocked: tuple[str, ...] = ()
    view: tuple[float, float, int] | None = None  # the drawn map's centre (lat, lon) and zoom

    @property
    def map_box(self) -> tuple[int, int, int, int]:
        return self.boxes["map"][0]


# Resolves once Leaflet has drawn: map loaded, markers (DOM or canvas) in the
# overlay/marker panes when the view has events, every tile loaded or failed.
_WAIT_DRAWN = """
(expectMarkers) => {
  const div = document.querySelector('.folium-map');
  if (!div || !window[div.id] || !window[div.id]._loaded) return false;
  if (expectMarkers) {
    const drawn = div.querySelectorAll(
      '.leaflet-marker-pane > *, .leaflet-overlay-pane path, .leaflet-overlay-pane canvas');
    if (drawn.length === 0) return false;
  }
  const tiles = Array.from(div.querySelectorAll('img.leaflet-tile'));
  return tiles.every((img) => img.complete);
}
"""


# Where the parts of the page are, for Capture.boxes (only boxes at least partly in the viewport).
_BOXES = """
() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && r.left < window.innerWidth && r.top < window.innerHeight;
  };
  const boxes = (selector) => Array.from(document.querySelectorAll(selector)).filter(visible)
    .map((el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
  return {
    map: boxes('.folium-map'),
    markers: boxes('.folium-map .leaflet-marker-pane > *'),
    legend: boxes('.folium-map .geo-legend'),
    caption: boxes('.snapshot-caption'),
    controls: boxes('.leaflet-control-zoom, .leaflet-control-layers, .leaflet-bar'),
  };
}
"""

_NO_CONTROLS = ".leaflet-control-zoom, .leaflet-control-layers, .leaflet-bar { display: none !important; }"

_VIEW = """
() => {
  const map = window[document.querySelector('.folium-map').id];
  const centre = map.getCenter();
  return [centre.lat, centre.lng, map.getZoom()];
}
"""


def capture_png(
    page_html: str,
    settings: Settings,
    width: int = 1200,
    height: int = 800,
    online_tiles: bool = False,
    expect_markers: bool = True,
    timeout_s: float = 30.0,
) -> Capture:
    """Render ``page_html`` (a snapshot page with inlined assets) in headless Chromium.

    Requests to anything but ``data:``/``blob:`` URLs are aborted, except
    images over http(s) when ``online_tiles`` (the base map's tiles).
    Raises :class:`~geo.errors.SnapshotFailed` when no browser is available
    or the map does not draw within ``timeout_s``.
    """
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise SnapshotFailed(
            f"image size {width}x{height} is out of range. Fix: give --width and --height between 100 and 8000"
        )
    executable = find_chromium(settings)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise SnapshotFailed(
            "the playwright package is not installed, so PNG snapshots cannot be made. "
            "Fix: .venv/bin/pip install -r requirements.txt (no browser download is needed)"
        ) from error
    blocked: list[str] = []

    def route(request_route) -> None:
        request = request_route.request
        if online_tiles and request.resource_type == "image" and request.url.startswith(("http://", "https://")):
            request_route.continue_()
            return
        blocked.append(request.url)
        request_route.abort()

    def drive():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS, headless=True)
            try:
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.route("**/*", route)
                page.set_content(page_html, wait_until="load", timeout=timeout_s * 1000)
                page.wait_for_function(_WAIT_DRAWN, arg=expect_markers, timeout=timeout_s * 1000, polling=100)
                page.evaluate(
                    "() => document.fonts.ready.then(() => new Promise(r => "
                    "requestAnimationFrame(() => requestAnimationFrame(r))))"
                )
                # A picture to publish has no buttons: zoom and any other map control are hidden.
                page.add_style_tag(content=_NO_CONTROLS)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                boxes = page.evaluate(_BOXES)
                view = page.evaluate(_VIEW)
                png = page.screenshot(type="png", full_page=False)
            finally:
                browser.close()
        return png, boxes, view

    # Playwright's sync API refuses to start on a thread that already runs an asyncio
    # loop (another sync_playwright in the same process, or an async host), so the
    # browser is driven from a thread of its own.
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot-png") as pool:
            png, boxes, view = pool.submit(drive).result()
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SnapshotFailed(
            f"Chromium at {executable} could not render the snapshot: {first_line}. "
            "Fix: check the browser runs (apt-get install chromium) or set GEO_CHROMIUM_PATH; "
            "an empty map may mean the map assets are missing (python -m geo assets install)"
        ) from error
    return Capture(
        png=png,
        boxes={name: [tuple(round(v) for v in box) for box in found] for name, found in boxes.items()},
        blocked=tuple(blocked),
        view=(float(view[0]), float(view[1]), int(view[2])),
    )
