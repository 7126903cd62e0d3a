"""Snapshots: the captioned HTML map, the PNG drawn by Chromium, and the data exports.

Every check reads the output the way another tool would: the HTML as text
(the ids in its popups), the PNG as pixels (Pillow), GeoJSON with json,
CSV with csv, KML with xml.dom.minidom. No test touches the network: the
PNG test blocks every request that leaves the page.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from xml.dom import minidom

import pandas as pd
import pytest

from geo.dataset import load_dataset
from geo.errors import SnapshotFailed
from geo.escaping import escape_html
from geo.evidence import Evidence
from geo.export import CSV_COLUMNS
from geo.query import parse_query
from geo.render.assets import assets_missing
from geo.render.browser import find_chromium
from geo.render.snapshot import (
    PRECISION_BANDS,
    capture_png,
    count_by_precision,
    make_caption,
    make_snapshot,
    render_html,
)
from geo.schema import CATEGORY_COLOURS
from geo.settings import Settings
from geo.store import Store

MADE = dt.datetime(2025, 8, 1, 12, 30, tzinfo=dt.UTC)
HOSTILE_ARTICLE = 'Rights <script>alert("article")</script> & ${boom}'
HOSTILE_EVENT = "Seizure </script><img src=x onerror=alert(1)>"

needs_assets = pytest.mark.skipif(
    bool(assets_missing(Settings().static_dir)),
    reason="map assets not installed under static/vendor: run python -m geo assets install (scripts/setup does)",
)


def _chromium_or_none() -> str | None:
    try:
        return find_chromium(Settings())
    except SnapshotFailed:
        return None


needs_browser = pytest.mark.skipif(
    _chromium_or_none() is None, reason="no Chromium: apt-get install chromium, or set GEO_CHROMIUM_PATH"
)


@pytest.fixture
def settings(tmp_path, core_data_dir) -> Settings:
    return Settings(data_dir=core_data_dir, store_path=tmp_path / "store.sqlite")


@pytest.fixture
def evidence(core_store) -> Evidence:
    return Evidence.from_store(core_store)


@pytest.fixture
def hostile_evidence(tmp_path, core_data_dir) -> Evidence:
    """The core data with markup and template syntax in an article title and an event title."""
    for name, column, match, value in (
        ("articles/index.csv", "title", "art-test-one", HOSTILE_ARTICLE),
        ("events.csv", "title", "ev-seizure", HOSTILE_EVENT),
    ):
        path = core_data_dir / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row["id"] == match:
                row[column] = value
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    store = Store(tmp_path / "hostile.sqlite")
    store.load_curated(load_dataset(core_data_dir))
    return Evidence.from_store(store)


def _state(evidence: Evidence, query: str):
    state, notices = parse_query(query, evidence.vocabulary, strict=True)
    assert notices == []
    return state


# ------------------------------------------------------------------ precision bands


@pytest.mark.parametrize(
    ("precision_m", "band"),
    [
        (1, "exact"),
        (999, "exact"),
        (1000, "town"),
        (3000, "town"),
        (10_000, "town"),
        (10_001, "district"),
        (25_000, "district"),
        (50_000, "district"),
        (50_001, "region"),
        (600_000, "region"),
        (None, "unknown"),
    ],
)
def test_precision_band_of_an_event(precision_m, band):
    frame = pd.DataFrame({"precision_m": pd.array([precision_m], dtype="Int64")})
    counts = count_by_precision(frame)
    assert counts[band] == 1
    assert sum(counts.values()) == 1


def test_every_band_is_listed_even_when_empty():
    counts = count_by_precision(pd.DataFrame({"precision_m": pd.array([], dtype="Int64")}))
    assert counts == {band.id: 0 for band in PRECISION_BANDS}


# ------------------------------------------------------------------ caption


def test_caption_says_filters_date_version_counts_and_sources(evidence):
    state = _state(evidence, "actor=norinco&layer=seizures-combat&layer=arms-supply")
    events = evidence.select(state)
    caption = make_caption(evidence, state, events, made_at=MADE, app_url="https://maps.example.org")
    text = caption.as_text()
    expected_lines = [
        "Filters: actors Norinco (with subsidiaries and affiliates); layers Seizures and combat, Arms supply",
        f"Events shown: {len(events)} of {len(evidence.events)}",
        # ev-seizure is in Madaya Township (20 km); ev-contract is located at the country (600 km)
        "Location precision: exact (under 1 km): 0, town (1-10 km): 0, township or district (10-50 km): 1, "
        "region or country (over 50 km): 1",
        "Sources: Rights group calls for sanctions on Norinco (Test Post)",
        "Made: 2025-08-01 12:30 UTC",
        f"Data version: {evidence.version}",
        "View: https://maps.example.org/?actor=norinco&layer=seizures-combat&layer=arms-supply&v="
        + str(evidence.version),
    ]
    assert sorted(events["id"]) == ["ev-contract", "ev-seizure"]
    for line in expected_lines:
        assert line in text.splitlines()
    metadata = caption.as_metadata()
    assert metadata["data_version"] == evidence.version
    assert metadata["count_by_location_precision"] == {"exact": 0, "town": 0, "district": 1, "region": 1}
    assert metadata["sources"] == [{"title": "Rights group calls for sanctions on Norinco", "publisher": "Test Post"}]
    assert metadata["made_at"] == "2025-08-01T12:30:00+00:00"


def test_caption_html_escapes_article_titles_and_user_text(hostile_evidence):
    state = _state(hostile_evidence, "q=<b onmouseover=alert(2)>crates</b>")
    # the caption of every event (so the hostile article is a source), described with the hostile filter
    fragment = make_caption(hostile_evidence, state, hostile_evidence.events).as_html()
    assert "<script>" not in fragment and "<b onmouseover" not in fragment
    assert "&lt;script&gt;alert(&quot;article&quot;)&lt;/script&gt;" in fragment
    assert "&lt;b onmouseover=alert(2)&gt;" in fragment


# ------------------------------------------------------------------ HTML

_POPUP_EVENT = re.compile(r'data-geo-key=\\?"([^"\\]+)\\?"')


def _event_ids_in_html(page: str) -> list[str]:
    # every event's popup carries its id in a data attribute (never in text); routes' popups too
    return sorted(
        set(_POPUP_EVENT.findall(page)) - {r for r in set(_POPUP_EVENT.findall(page)) if r.startswith("route-")}
    )


@needs_assets
@pytest.mark.parametrize(
    "query",
    [
        "",
        "layer=arms-supply",
        "actor=norinco",
        "actor=norinco&affiliates=0",
        "from=2025-01-01&to=2025-12-31",
        "near=pl-kyaukphyu&km=30",
        "q=pipeline",
        "q=no-such-words-anywhere",
        "kind=site&base=none&lat=22&lon=96&z=7",
    ],
)
def test_html_snapshot_holds_exactly_the_filtered_events(evidence, settings, query):
    state = _state(evidence, query)
    expected = sorted(evidence.select(state)["id"])
    page = render_html(evidence, state, settings)
    assert _event_ids_in_html(page) == expected
    for other in set(evidence.events["id"]) - set(expected):
        assert other not in page, f"{other} is not in the view {query!r} but is in the HTML"


@needs_assets
def test_html_snapshot_keeps_the_base_map_centre_and_zoom(evidence, settings):
    page = render_html(evidence, _state(evidence, "base=none&lat=22.5&lon=96.25&z=7"), settings)
    assert re.search(r"center:\s*\[22\.5,\s*96\.25\]", page)
    assert re.search(r"\"?zoom\"?:\s*7\b", page)
    assert "basemaps.cartocdn.com" not in page  # base=none draws no tiles
    light = render_html(evidence, _state(evidence, ""), settings)
    assert "basemaps.cartocdn.com" in light


@needs_assets
def test_html_snapshot_carries_caption_and_escapes_untrusted_text(hostile_evidence, settings):
    page = render_html(hostile_evidence, _state(hostile_evidence, ""), settings)
    assert 'id="snapshot-caption"' in page and "Data version:" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert scripts and not any("${boom}" in script for script in scripts)  # popups are JS template literals
    assert "&lt;script&gt;alert(&quot;article&quot;)&lt;/script&gt;" in page  # shown, as text


@needs_assets
def test_inlined_html_needs_no_network(evidence, settings):
    page = render_html(evidence, _state(evidence, "base=none"), settings, inline_assets=True)
    remote = re.findall(r"""<(?:script|link)\b[^>]*(?:src|href)=["'](https?:)?//[^"']+""", page)
    assert remote == []
    assert "L.map(" in page or "L.map (" in page  # Leaflet's code is in the file


def test_inlining_without_installed_assets_says_how_to_install(evidence, settings, tmp_path):
    with pytest.raises(SnapshotFailed, match="python -m geo assets install"):
        render_html(
            evidence, _state(evidence, ""), replace(settings, static_dir=tmp_path / "empty"), inline_assets=True
        )


# ------------------------------------------------------------------ PNG


def _close(pixel, hex_colour: str, tolerance: int = 8) -> bool:
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], target))


def _pixels(image) -> list[tuple[int, int, int]]:
    flattened = getattr(image, "get_flattened_data", None)  # Pillow >= 12; getdata() is deprecated
    return list(flattened() if flattened else image.getdata())


def _count_colour(image, boxes, hex_colour: str) -> int:
    count = 0
    for x, y, width, height in boxes:
        region = image.crop((max(x, 0), max(y, 0), min(x + width, image.width), min(y + height, image.height)))
        count += sum(1 for pixel in _pixels(region) if _close(pixel, hex_colour))
    return count


@pytest.mark.browser
@needs_browser
@needs_assets
def test_png_shows_markers_in_their_colours_legend_and_caption(evidence, settings):
    Image = pytest.importorskip("PIL.Image", reason="Pillow decodes the PNG (installed with streamlit)")
    state = _state(evidence, "base=light&lat=21.5&lon=96.2&z=6")  # online tiles: blocked here, the map still draws
    events = evidence.select(state)
    caption = make_caption(evidence, state, events, made_at=MADE)
    page = render_html(evidence, state, settings, caption, inline_assets=True, events=events)
    capture = capture_png(page, settings, width=900, height=700, online_tiles=False)

    image = Image.open(io.BytesIO(capture.png)).convert("RGB")
    assert image.size == (900, 700)
    assert capture.view == (pytest.approx(21.5, abs=1e-6), pytest.approx(96.2, abs=1e-6), 6)
    assert len(set(_pixels(image))) > 50, "the image is (nearly) blank"
    assert capture.boxes["markers"], "no marker is drawn"
    assert capture.boxes["legend"] and capture.boxes["caption"], "legend or caption is not on the image"
    assert capture.boxes["controls"] == [], "zoom or layer buttons are in the picture"
    page_has_zoom = "leaflet-control-zoom" in page or "zoomControl" in page
    assert page_has_zoom  # the HTML keeps them (it is a working map); only the picture drops them
    for layer in set(events["category"]):
        assert _count_colour(image, capture.boxes["markers"], CATEGORY_COLOURS[layer]) >= 10, layer
    for layer in set(CATEGORY_COLOURS) - set(events["category"]):
        assert _count_colour(image, capture.boxes["markers"], CATEGORY_COLOURS[layer]) == 0, layer
    # the caption is text on white: dark pixels in its box
    (x, y, width, height) = capture.boxes["caption"][0]
    assert y >= capture.map_box[1] + capture.map_box[3] - 1, "the caption covers the map"
    caption_pixels = _pixels(image.crop((x, y, x + width, min(y + height, image.height))))
    assert sum(1 for pixel in caption_pixels if max(pixel) < 90) > 200
    # nothing left the machine: the tile requests were all blocked
    assert capture.blocked and all("basemaps.cartocdn.com" in url for url in capture.blocked)


@pytest.mark.browser
@needs_browser
@needs_assets
def test_png_of_a_filtered_view_has_only_that_layer(evidence, settings):
    Image = pytest.importorskip("PIL.Image", reason="Pillow decodes the PNG (installed with streamlit)")
    state = _state(evidence, "layer=resource-extraction&base=none")
    png = make_snapshot(evidence, state, "png", settings, width=600, height=500)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (600, 500)
    pixels = _pixels(image)
    assert sum(1 for p in pixels if _close(p, CATEGORY_COLOURS["resource-extraction"])) > 20


def test_png_without_a_browser_says_how_to_install_one(evidence, settings, tmp_path):
    missing = replace(settings, chromium_path=str(tmp_path / "no-chromium"))
    with pytest.raises(SnapshotFailed) as caught:
        make_snapshot(evidence, _state(evidence, ""), "png", missing)
    message = str(caught.value)
    assert "apt-get install chromium" in message and "GEO_CHROMIUM_PATH" in message


# ------------------------------------------------------------------ data exports


def _check_position(position, event_row) -> None:
    lon, lat = position[:2]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert lon == pytest.approx(event_row["longitude"], abs=1e-4)  # [lon, lat], not [lat, lon]
    assert lat == pytest.approx(event_row["latitude"], abs=1e-4)


def test_geojson_snapshot_is_rfc7946_with_caption_metadata(evidence, settings):
    state = _state(evidence, "actor=norinco")
    events = evidence.select(state).set_index("id")
    collection = json.loads(make_snapshot(evidence, state, "geojson", settings).decode("utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 section 4: no crs member
    assert sorted(f["id"] for f in collection["features"]) == sorted(events.index)
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            _check_position(geometry["coordinates"], events.loc[feature["id"]])
        else:
            assert geometry["type"] == "MultiLineString"
            for line in geometry["coordinates"]:
                assert len(line) >= 2
                for lon, lat in line:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90
    metadata = collection["metadata"]
    assert metadata["data_version"] == evidence.version and metadata["count"] == len(events)
    assert metadata["filters"].startswith("actors Norinco")
    assert "Location precision:" in metadata["caption"]


def test_csv_snapshot_parses_with_the_documented_header(hostile_evidence, settings):
    state = _state(hostile_evidence, "")
    data = make_snapshot(hostile_evidence, state, "csv", settings).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert list(rows[0]) == [name for name, _ in CSV_COLUMNS]
    assert sorted(r["id"] for r in rows) == sorted(hostile_evidence.events["id"])
    by_id = {r["id"]: r for r in rows}
    assert by_id["ev-seizure"]["title"] == HOSTILE_EVENT
    assert by_id["ev-seizure"]["source_title"] == HOSTILE_ARTICLE


def test_kml_snapshot_is_well_formed_with_caption_description(hostile_evidence, settings):
    state = _state(hostile_evidence, "layer=seizures-combat&layer=resource-extraction")
    events = hostile_evidence.select(state).set_index("id")
    document = minidom.parseString(make_snapshot(hostile_evidence, state, "kml", settings))
    root = document.documentElement
    assert root.tagName == "kml" and root.getAttribute("xmlns") == "http://www.opengis.net/kml/2.2"
    kml_document = root.getElementsByTagName("Document")[0]
    children = [n for n in kml_document.childNodes if n.nodeType == n.ELEMENT_NODE]
    assert [n.tagName for n in children[:2]] == ["name", "description"]
    description = children[1].firstChild.data
    assert "Filters: layers Seizures and combat, Resource extraction" in description
    # The description is HTML (geo.export.kml_html): the title is escaped text in it, never markup
    assert "<script" not in description and escape_html(HOSTILE_ARTICLE) in description
    assert HOSTILE_ARTICLE in html.unescape(description.replace("<br>", "\n"))
    placemarks = {p.getAttribute("id"): p for p in document.getElementsByTagName("Placemark")}
    assert sorted(placemarks) == sorted(events.index)
    point = placemarks["ev-seizure"].getElementsByTagName("Point")[0]
    lon, lat, _ = point.getElementsByTagName("coordinates")[0].firstChild.data.split(",")
    _check_position([float(lon), float(lat)], events.loc["ev-seizure"])


def test_unknown_format_is_refused(evidence, settings):
    with pytest.raises(SnapshotFailed, match="use one of html, png, geojson, csv, kml"):
        make_snapshot(evidence, _state(evidence, ""), "pdf", settings)


def test_snapshot_files_are_named_after_the_view(evidence):
    from geo.render.snapshot import snapshot_filename

    caption = make_caption(evidence, _state(evidence, ""), evidence.events, made_at=MADE)
    assert snapshot_filename(caption, "kml") == f"myanmar-evidence-v{evidence.version}.kml"
    assert Path(snapshot_filename(caption, "geojson")).suffix == ".geojson"
    state = _state(evidence, "actor=norinco&layer=arms-supply&from=2025-01-01&to=2025-12-31")
    caption = make_caption(evidence, state, evidence.select(state), made_at=MADE)
    assert snapshot_filename(caption, "png") == f"norinco-arms-supply-2025-v{evidence.version}.png"


def test_caption_counts_undated_items_apart_in_a_date_range(evidence):
    state = _state(evidence, "from=2025-01-01&to=2025-12-31")
    events = evidence.select(state)
    undated = int((events["date_start"].isna() | (events["date_start"] == "")).sum())
    assert 0 < undated < len(events), "the core data should hold dated and undated events in this view"
    caption = make_caption(evidence, state, events, made_at=MADE)
    expected = f"{len(events)} of {len(evidence.events)} ({len(events) - undated} in the date range, {undated} undated)"
    assert f"Events shown: {expected}" in caption.as_text().splitlines()
    assert caption.as_metadata()["caption"] == caption.as_text()  # GeoJSON and KML carry the same words
    hidden = _state(evidence, "from=2025-01-01&to=2025-12-31&undated=0")
    caption = make_caption(evidence, hidden, evidence.select(hidden), made_at=MADE)
    assert f"+ {undated} undated not shown" in caption.as_text()


def test_every_caption_names_articles_by_title_and_actors_by_name(evidence, settings):
    title = "Rights group calls for sanctions on Norinco"
    state = _state(evidence, "article=art-test-one&actor=norinco&kind=event")
    caption = make_caption(evidence, state, evidence.select(state), made_at=MADE)
    assert f"article \u201c{title}\u201d" in caption.filters and "actors Norinco" in caption.filters
    assert "only events" in caption.filters
    html_page = make_snapshot(evidence, state, "html", settings).decode("utf-8")
    footer = html_page[html_page.index('id="snapshot-caption"') :]
    kml = minidom.parseString(make_snapshot(evidence, state, "kml", settings))
    kml_description = html.unescape(kml.getElementsByTagName("description")[0].firstChild.data)
    metadata = json.loads(make_snapshot(evidence, state, "geojson", settings))["metadata"]
    texts = {
        "html": html.unescape(footer.split("<b>View:</b>")[0]),
        "text (CSV caption file)": caption.as_text().split("View:")[0],
        "kml": kml_description.split("View:")[0],
        "geojson filters": metadata["filters"],
        "geojson caption": metadata["caption"].split("View:")[0],
    }
    for where, text in texts.items():  # the permalink (View) is a URL and keeps the ids it needs
        assert title in text, where
        assert "art-test-one" not in text and "norinco," not in text, where


def test_caption_gives_the_date_of_the_sanctions_data_when_there_is_some(evidence):
    state = _state(evidence, "")
    assert "Sanctions data as of" not in make_caption(evidence, state, evidence.events).as_text()
    rows = pd.DataFrame(
        {
            "actor_id": ["norinco", "cnpc"],
            "jurisdiction": ["us", "eu"],
            "status": ["listed", "none-found"],
            "source_url": ["https://example.org/a", "https://example.org/b"],
            "as_of": ["2025-08-11", "2025-06-30"],
            "origin": ["curated", "curated"],
        }
    )
    with_sanctions = replace(evidence, sanctions=rows)
    caption = make_caption(with_sanctions, state, evidence.events)
    assert "Sanctions data as of: 2025-08-11" in caption.as_text().splitlines()
    assert caption.as_metadata()["sanctions_as_of"] == "2025-08-11"


# ------------------------------------------------------------------ the Share panel in the running app
