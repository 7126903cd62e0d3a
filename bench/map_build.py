"""Benchmark: from a filter change to the map's HTML, and the map's payload in bytes.

What the app does on a filter change: select the events for the new view
state (geo.filters), build the map layers (geo.render.mapping), point them at the
local assets (geo.render.assets), and render what streamlit-folium ships to the
browser (the base map script, which is cached by the browser across filter
changes, plus the layers' script). Measured on the demo data (data/) and on
10,000 synthetic events (geo.intake.synthetic), with the default aggregation
threshold (settings.max_map_points) and with one marker per event.

    .venv/bin/python bench/map_build.py [--repeat 5] [--n 10000]

Prints a Markdown table for the README. Timings are medians of --repeat runs
on this machine (2 cores); they are for comparison, not asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit_folium import _get_feature_group_string, _get_map_string

from geo.evidence import Evidence, open_evidence
from geo.filters import filter_events
from geo.query import ViewState
from geo.render.assets import load_outlines, localize_map
from geo.render.mapping import build_map_parts
from geo.render.popups import MapContext
from geo.settings import load_settings


def _render(events, context: MapContext, outlines) -> tuple[int, int]:
    """Bytes of the base map script and of the layers' script, as st_folium builds them."""
    parts = build_map_parts(events, context, "light", outlines)
    localize_map(parts.base)
    for layer in parts.layers:
        localize_map(layer)
    base = _get_map_string(parts.base)
    layers = "".join(_get_feature_group_string(g, parts.base, i) for i, g in enumerate(parts.layers))
    return len(base.encode()), len(layers.encode())


def _measure(label: str, select, context: MapContext, outlines, repeat: int) -> dict:
    times, sizes = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        events = select()
        sizes = _render(events, context, outlines)
        times.append(time.perf_counter() - start)
    return {
        "case": label,
        "events": len(events),
        "seconds": statistics.median(times),
        "base": sizes[0],
        "layers": sizes[1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    settings = load_settings()
    outlines = load_outlines(settings.static_dir)
    with tempfile.TemporaryDirectory() as tmp:
        demo = open_evidence(replace(settings, store_path=Path(tmp) / "bench.sqlite"))
    context = MapContext.from_evidence(demo)
    rows = []
    layer_state = ViewState(layers=("arms-supply", "seizures-combat"))
    rows.append(_measure("demo, all events", lambda: demo.select(ViewState()), context, outlines, args.repeat))
    rows.append(_measure("demo, 2 layers", lambda: demo.select(layer_state), context, outlines, args.repeat))

    from geo.intake.synthetic import events_frame

    synthetic = events_frame(args.n, seed=1)
    synthetic_evidence = Evidence(
        events=synthetic, actors=demo.actors, places=demo.places, routes=demo.routes, articles=demo.articles, version=0
    )
    ctx = MapContext.from_evidence(synthetic_evidence)
    date_state = ViewState()

    def pick(state):
        return lambda: filter_events(synthetic, state, synthetic_evidence.context)

    year = ViewState(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    rows.append(_measure(f"{args.n:,} synthetic, all (aggregated)", pick(date_state), ctx, outlines, args.repeat))
    rows.append(_measure(f"{args.n:,} synthetic, one year (aggregated)", pick(year), ctx, outlines, args.repeat))
    per_marker = replace(ctx, max_points=None)
    rows.append(_measure(f"{args.n:,} synthetic, all, one marker each", pick(date_state), per_marker, outlines, 1))
    print(
        "| case | events drawn | filter change -> map HTML (s) | base map script (bytes, sent once) | layers script (bytes, per change) |"
    )
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['case']} | {row['events']:,} | {row['seconds']:.3f} | {row['base']:,} | {row['layers']:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
