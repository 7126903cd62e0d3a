"""Benchmark: what a reader waits for in a real browser, the app beside the floor of its stack, same run.

    python bench/browser.py --events 41 10000 100000 --repeat 3 --json

For each size a store of its own is made (41 = the curated data; more = the curated data plus
``python -m geo synth`` events imported with ``python -m geo import``), then two servers run on it:
the app (``app.py``, map page, ``base=none``) and the floor (``bench/bare_app.py``: the same events as
plain ``folium.Marker``s through ``st_folium`` under one sidebar multiselect, no tiles). Headless
Debian Chromium (Playwright, ``executable_path`` from :func:`geo.render.browser.find_chromium`, every
non-local request aborted) times, alternating app and floor in each repetition:

* ``open_s``: from navigation start until the first markers are drawn in the map frame (a
  ``.leaflet-marker-icon`` or, for the app's aggregated view, one canvas draw);
* ``filter_s``: from the click on the first layer of the sidebar's "Layers" until the map is redrawn
  (every marker drawn before is gone and a new one is drawn, or the aggregated canvas drew again).

One warm-up navigation per server is left out (it fills the caches: loading the store, building
indexes), so the figures are those of a reader on a running server. Prints one JSON object (with
--json): per size and side the median and every repetition; ``null`` where the wait passed ``--cap``
seconds (the floor at 100,000 plain markers does). The machine's load is printed beside the figures
(``os.getloadavg``): run the comparison in one run so both sides share it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.render.browser import BROWSER_ARGS, find_chromium  # noqa: E402
from geo.schema import CATEGORIES  # noqa: E402
from geo.settings import load_settings  # noqa: E402
from geo.store import Store  # noqa: E402

FIRST_LAYER = next(iter(CATEGORIES.values()))  # the option both pages list first
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")

# Evaluated in the top page: the map frame is same-origin, so its document is readable from here.
_DRAWN = """() => {
  for (const f of document.querySelectorAll('iframe')) {
    let d = null; try { d = f.contentDocument; } catch (e) { continue; }
    if (!d) continue;
    const w = f.contentWindow;
    if (d.querySelector('.leaflet-marker-icon') || (w.geoAggregateDrawn || 0) > 0) return true;
  }
  return false;
}"""
_MARK = """() => {
  for (const f of document.querySelectorAll('iframe')) {
    let d = null; try { d = f.contentDocument; } catch (e) { continue; }
    if (!d) continue;
    d.querySelectorAll('.leaflet-marker-icon').forEach(e => e.setAttribute('data-bench-old', '1'));
    f.contentWindow.benchDrawn = f.contentWindow.geoAggregateDrawn || 0;
  }
}"""
_REDRAWN = """() => {
  let fresh = false;
  for (const f of document.querySelectorAll('iframe')) {
    let d = null; try { d = f.contentDocument; } catch (e) { continue; }
    if (!d) continue;
    const w = f.contentWindow;
    if (d.querySelector('.leaflet-marker-icon[data-bench-old]')) return false;
    if (d.querySelector('.leaflet-marker-icon:not([data-bench-old])')) fresh = true;
    if ((w.geoAggregateDrawn || 0) > (w.benchDrawn === undefined ? 0 : w.benchDrawn)) fresh = true;
  }
  return fresh;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _make_store(folder: Path, events: int) -> Path:
    """A store with the curated data, plus ``events - 41`` synthetic ones imported as a user would."""
    store_path = folder / f"store-{events}.sqlite"
    Store(store_path).ensure_current(load_settings().data_dir)
    if events > 41:
        csv_path = folder / f"synth-{events}.csv"
        env = dict(os.environ, GEO_STORE_PATH=str(store_path))
        run = [sys.executable, "-m", "geo"]
        subprocess.run([*run, "synth", "--events", str(events - 41), "--out", str(csv_path)], check=True, env=env)
        subprocess.run([*run, "import", "--quiet", str(csv_path)], check=True, env=env, cwd=ROOT)
    return store_path


@contextlib.contextmanager
def _server(script: Path, store_path: Path):
    port = _free_port()
    env = dict(os.environ, GEO_STORE_PATH=str(store_path))
    log = (store_path.parent / f"{script.stem}-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"{script.name} did not start; see {log.name}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _block_remote(route) -> None:
    if route.request.url.startswith(LOCAL):
        route.continue_()
    else:
        route.abort()


def _measure(browser, url: str, cap_s: float) -> tuple[float | None, float | None]:
    """(open_s, filter_s) for one fresh page; None for a wait over ``cap_s``."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("**/*", _block_remote)
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function(_DRAWN, polling="raf", timeout=cap_s * 1000)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: over the cap
            return None, None
        open_s = time.perf_counter() - start
        time.sleep(1.0)  # let the mount rerun settle (streamlit-folium's first value), as a reader would
        box = page.locator('[data-testid="stMultiSelect"]', has_text="Layers")
        option = page.get_by_role("option", name=FIRST_LAYER)
        for _ in range(int(cap_s // 5) or 1):  # a rerun still running may close the list: open it again
            try:
                box.locator("input").click(timeout=5_000)  # a page still busy drawing may not take the click
                option.wait_for(timeout=5_000)
                break
            except Exception:  # noqa: BLE001 - Playwright's TimeoutError
                page.keyboard.press("Escape")
        else:
            return open_s, None
        page.evaluate(_MARK)
        start = time.perf_counter()
        option.click()
        try:
            page.wait_for_function(_REDRAWN, polling="raf", timeout=cap_s * 1000)
        except Exception:  # noqa: BLE001
            return open_s, None
        return open_s, time.perf_counter() - start
    finally:
        context.close()


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 3) if known and len(known) == len(values) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[41, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a wait counts as too long")
    parser.add_argument("--floor-repeat-above", type=int, default=50_000, help="one floor repetition above N")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    executable = find_chromium(load_settings())
    results: dict = {"load_before": os.getloadavg(), "cpus": os.cpu_count(), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        # Streamlit serves static/ beside the main script: the floor runs from a folder holding both
        bare_script = Path(tmp) / "bare_app.py"
        bare_script.write_text((ROOT / "bench" / "bare_app.py").read_text(encoding="utf-8"), encoding="utf-8")
        (Path(tmp) / "static").symlink_to(ROOT / "static")
        for size in args.events:
            store_path = _make_store(Path(tmp), size)
            with _server(ROOT / "app.py", store_path) as app, _server(bare_script, store_path) as bare:
                urls = {"app": f"{app}/?base=none", "floor": f"{bare}/"}
                runs: dict[str, list] = {"app": [], "floor": []}
                for url in urls.values():  # warm-up, left out
                    _measure(browser, url, args.cap)
                for _ in range(args.repeat):
                    for side, url in urls.items():
                        if side == "floor" and size > args.floor_repeat_above and runs["floor"]:
                            continue
                        runs[side].append(_measure(browser, url, args.cap))
                        print(size, side, runs[side][-1], file=sys.stderr, flush=True)
            entry = {}
            for side, values in runs.items():
                entry[side] = {
                    "open_s": _median([v[0] for v in values]),
                    "filter_s": _median([v[1] for v in values]),
                    "runs": values,
                }
            for measure in ("open_s", "filter_s"):
                app_s, floor_s = entry["app"][measure], entry["floor"][measure]
                entry[f"{measure}_ratio"] = round(app_s / floor_s, 2) if app_s and floor_s else None
            results["sizes"][str(size)] = entry
        browser.close()
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
