"""Headless Chromium: where to find it and how to start it.

PNG snapshots, the browser tests and the benchmarks all drive Debian's
Chromium through Playwright's ``executable_path`` (no browser download).
This module owns the one list of flags and the one lookup, which honours the
``chromium_path`` setting and says how to install a browser when none is found.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.errors import SnapshotFailed
from geo.settings import Settings

__all__ = ["BROWSER_ARGS", "find_chromium"]

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
