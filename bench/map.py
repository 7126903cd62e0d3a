"""Benchmark: a filter change to map HTML at N synthetic events, aggregated vs naive folium.

    python bench/map.py --events 100000 --json
    python bench/map.py --events 1000000 --json --naive-max 0 --browser

Prints ONE JSON object (with --json) holding:

* events: N; shown: events left by the filter change (a date filter from 2021-06-01);
* build_s: filter change (geo.filters.filter_events) + the app's map builder
  (geo.render.mapping.build_map, which aggregates above settings.max_map_points)
  + rendering to HTML; payload_bytes: that HTML; base_payload_bytes: the
  base map alone (outlines, legend), which st_folium sends once;
  layers_payload_bytes: the rest, what a filter change re-sends;
* naive_build_s, naive_payload_bytes: the same events as one folium.Marker
  (with a popup) each in a MarkerCluster, rendered the same way, same run
  (null above --naive-max: at 1M it would need ~400 s and ~30 GB);
* peak_rss_mb (process peak after the aggregated path, includes generating
  the synthetic data), build_peak_mb (tracemalloc peak of one build),
  naive_peak_rss_mb (process peak after the naive path);
* with --browser: browser_draw_s / naive_browser_draw_s: from navigation
  start until the events are drawn plus two frames, in headless Debian
  Chromium (Playwright, system binary, every non-local request aborted,
  assets served from static/ by a local server).

The synthetic events come from geo.intake.synthetic (seeded), nothing real.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
from folium.plugins import MarkerCluster  # noqa: E402

from geo.filters import filter_events  # noqa: E402
from geo.intake.synthetic import events_frame  # noqa: E402
from geo.query import ViewState  # noqa: E402
from geo.render import assets, mapping  # noqa: E402
from geo.render.browser import BROWSER_ARGS  # noqa: E402
from geo.settings import load_settings  # noqa: E402

FILTER = ViewState(date_from=dt.date(2021, 6, 1), base="none")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _outlines(static_dir: Path) -> dict | None:
    try:
        return assets.load_outlines(static_dir)
    except Exception:  # noqa: BLE001 - the benchmark runs without installed assets too
        return None


def build_aggregated(events, settings, outlines) -> tuple[str, int]:
    """Filter change -> map HTML with the app's builder. Returns (html, events shown)."""
    shown = filter_events(events, FILTER)
    context = mapping.MapContext(asset_base=settings.static_url)
    if "max_points" in mapping.MapContext.__dataclass_fields__:
        context.max_points = settings.max_map_points
    m = mapping.build_map(shown, context, FILTER, outlines)
    return m.get_root().render(), len(shown)


def build_naive(events, outlines) -> str:
    """The naive way: one folium.Marker with a popup per event, in one MarkerCluster."""
    shown = filter_events(events, FILTER)
    m = mapping.build_base_map("none", outlines)
    cluster = MarkerCluster().add_to(m)
    for row in shown[["latitude", "longitude", "title"]].itertuples(index=False):
        folium.Marker([row.latitude, row.longitude], popup=folium.Popup(row.title)).add_to(cluster)
    return m.get_root().render()


def _localize(html: str, base: str) -> str:
    for cdn, local in assets.CDN_FILES.items():
        html = html.replace(cdn, assets.vendor_url(base, local))
    return html


def measure_browser(pages: dict[str, str], static_dir: Path, chromium: str) -> dict[str, float | None]:
    """Seconds from navigation start to 'events drawn + 2 frames' for each named HTML page."""
    from playwright.sync_api import sync_playwright

    results: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "app").mkdir()
        (root / "app" / "static").symlink_to(static_dir)
        for name, html in pages.items():
            (root / f"{name}.html").write_text(_localize(html, "/app/static"), encoding="utf-8")
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
                for name in pages:
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.route(
                        "**/*",
                        lambda route: (
                            route.continue_()
                            if route.request.url.startswith(f"http://127.0.0.1:{port}/")
                            else route.abort()
                        ),
                    )
                    page.goto(f"http://127.0.0.1:{port}/{name}.html", wait_until="commit", timeout=600_000)
                    # Below max_map_points the app draws one marker per event (no aggregation script).
                    drawn = (
                        "() => window.geoAggregateDrawn > 0 || "
                        "document.querySelectorAll('.marker-cluster, .leaflet-marker-icon').length > 0"
                    )
                    try:
                        page.wait_for_function(drawn, timeout=600_000, polling=20)
                        ms = page.evaluate(
                            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame("
                            "() => r(performance.now()))))"
                        )
                        results[name] = round(ms / 1000, 3)
                    except Exception:  # noqa: BLE001 - a page that never draws is reported as null
                        results[name] = None
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    return results


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--naive-max", type=int, default=100_000, help="skip the naive build above this many events")
    parser.add_argument("--browser", action="store_true", help="also measure the draw in headless Chromium")
    parser.add_argument("--chromium", default="/usr/lib/chromium/chromium")
    args = parser.parse_args()

    settings = load_settings()
    outlines = _outlines(settings.static_dir)
    events = events_frame(args.events, args.seed)
    build_aggregated(events.head(2000), settings, outlines)  # warm imports and templates

    started = time.perf_counter()
    html, shown = build_aggregated(events, settings, outlines)
    build_s = time.perf_counter() - started
    peak_rss = _rss_mb()
    tracemalloc.start()
    build_aggregated(events, settings, outlines)
    build_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    base_bytes = len(mapping.build_base_map("none", outlines).get_root().render().encode())
    result: dict = {
        "events": args.events,
        "shown": shown,
        "max_map_points": settings.max_map_points,
        "build_s": round(build_s, 3),
        "payload_bytes": len(html.encode()),
        "base_payload_bytes": base_bytes,
        "layers_payload_bytes": len(html.encode()) - base_bytes,
        "peak_rss_mb": round(peak_rss, 1),
        "build_peak_mb": round(build_peak, 1),
        "naive_build_s": None,
        "naive_payload_bytes": None,
        "naive_peak_rss_mb": None,
    }
    naive_html = None
    if args.events <= args.naive_max:
        started = time.perf_counter()
        naive_html = build_naive(events, outlines)
        result["naive_build_s"] = round(time.perf_counter() - started, 3)
        result["naive_payload_bytes"] = len(naive_html.encode())
        result["naive_peak_rss_mb"] = round(_rss_mb(), 1)
    if args.browser:
        pages = {"aggregated": html}
        if naive_html is not None:
            pages["naive"] = naive_html
        del naive_html
        draws = measure_browser(pages, settings.static_dir, args.chromium)
        result["browser_draw_s"] = draws.get("aggregated")
        result["naive_browser_draw_s"] = draws.get("naive")
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
