"""Exports parse with independent parsers and keep coordinates as lon, lat."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from geo.evidence import Evidence
from geo.export import CSV_COLUMNS, to_csv, to_geojson, to_kml
from geo.query import ViewState


@pytest.fixture
def evidence(core_store):
    return Evidence.from_store(core_store)


def test_geojson_is_rfc7946_with_lon_lat(evidence):
    collection = json.loads(json.dumps(to_geojson(evidence.events, evidence.routes)))
    assert collection["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in collection["features"]}
    seizure = by_id["ev-seizure"]
    assert seizure["geometry"] == {"type": "Point", "coordinates": [96.1724, 22.2159]}
    for key in (
        "id",
        "title",
        "category",
        "date_start",
        "date_end",
        "date_precision",
        "place",
        "location_precision_m",
        "actors",
        "source_article",
        "source_start",
        "source_end",
        "quote",
    ):
        assert key in seizure["properties"]
    assert seizure["properties"]["location_precision_m"] == 20000
    assert seizure["properties"]["actors"] == ["mandalay-pdf", "norinco", "military-junta"]
    pipeline = by_id["site-pipeline"]["geometry"]
    assert pipeline["type"] == "MultiLineString"
    assert pipeline["coordinates"][0][0] == [93.5544, 19.4239]  # Kyaukphyu, lon first
    for feature in collection["features"]:
        positions = feature["geometry"]["coordinates"]
        flat = [positions] if feature["geometry"]["type"] == "Point" else [p for line in positions for p in line]
        for lon, lat in flat:
            assert 92 <= lon <= 104 and 9 <= lat <= 29


def test_csv_has_documented_header_and_one_row_per_event(evidence):
    text = to_csv(evidence.events)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == [name for name, _ in CSV_COLUMNS]
    assert sorted(r["id"] for r in rows) == sorted(evidence.events["id"])
    seizure = next(r for r in rows if r["id"] == "ev-seizure")
    assert seizure["quote"] == "The Mandalay PDF seized Norinco crates in Madaya Township on July 20."
    assert seizure["actors"] == "mandalay-pdf|norinco|military-junta"
    assert float(seizure["latitude"]) == 22.2159


def test_csv_neutralises_spreadsheet_formulas(evidence):
    events = evidence.events.copy()
    events.loc[events["id"] == "ev-seizure", "title"] = '=HYPERLINK("http://x")'
    row = next(r for r in csv.DictReader(io.StringIO(to_csv(events))) if r["id"] == "ev-seizure")
    assert row["title"].startswith("'=")


def test_kml_parses_and_has_a_placemark_per_event(evidence):
    events = evidence.select(ViewState())
    events = events.copy()
    events.loc[events["id"] == "ev-seizure", "title"] = "<script>alert(1)</script> & more"
    root = ET.fromstring(to_kml(events, evidence.routes).encode("utf-8"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemarks = root.findall(".//k:Placemark", ns)
    assert sorted(p.get("id") for p in placemarks) == sorted(events["id"])
    seizure = next(p for p in placemarks if p.get("id") == "ev-seizure")
    assert seizure.find("k:name", ns).text == "<script>alert(1)</script> & more"
    assert seizure.find("k:Point/k:coordinates", ns).text == "96.1724,22.2159,0"
    assert seizure.find("k:TimeSpan/k:begin", ns).text == "2025-07-20"
    pipeline = next(p for p in placemarks if p.get("id") == "site-pipeline")
    assert pipeline.find("k:MultiGeometry/k:LineString/k:coordinates", ns).text.startswith("93.5544,19.4239,0")


# ------------------------------------------------------------------ hostile text (issue 16)

HOSTILE = '<script>window.__x = 1</script><img src=http://127.0.0.1:9/t.png onerror="x()"> & <b>bold</b>'
FORBIDDEN = "\x00\x01\x08\x0b\x0c\x1f\ufffe"


def _hostile(evidence):
    events = evidence.select(ViewState()).copy()
    pick = events["id"] == "ev-seizure"
    for column in ("title", "summary", "quote", "place_name", "article_title", "article_publisher"):
        events.loc[pick, column] = f"{column}: {HOSTILE} ctl{FORBIDDEN}end"
    events.loc[pick, "note"] = f"=cmd|' /C calc'!A0 note{FORBIDDEN}"
    return events


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def test_kml_descriptions_are_html_built_from_escaped_parts(evidence):
    """Google Earth renders a description as HTML: after XML parsing it holds only our <b> and <br>, no script."""
    root = ET.fromstring(to_kml(_hostile(evidence), evidence.routes).encode("utf-8"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    seizure = next(p for p in root.findall(".//k:Placemark", ns) if p.get("id") == "ev-seizure")
    description = seizure.find("k:description", ns).text
    tags = _Tags()
    tags.feed(description)
    assert set(tags.tags) <= {"b", "br"} and tags.attributes == []
    assert "<script" not in description and "<img" not in description
    shown = html.unescape(re.sub(r"<[^>]+>", " ", description))  # what Google Earth's balloon shows
    assert "quote: <script>window.__x = 1</script>" in shown and "<b>bold</b>" in shown
    for style in root.findall(".//k:Style", ns):  # the balloon shows only the description, never the raw name
        assert style.find("k:BalloonStyle/k:text", ns).text == "$[description]"


def test_every_export_strips_the_characters_xml_forbids(evidence):
    events = _hostile(evidence)
    kml = to_kml(events, evidence.routes)
    root = ET.fromstring(kml.encode("utf-8"))  # expat refuses \x00, \x0b... anywhere in the document
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    seizure = next(p for p in root.findall(".//k:Placemark", ns) if p.get("id") == "ev-seizure")
    assert seizure.find("k:name", ns).text == f"title: {HOSTILE} ctlend"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(events)))}
    assert rows["ev-seizure"]["quote"] == f"quote: {HOSTILE} ctlend"
    assert rows["ev-seizure"]["note"].startswith("'=cmd")  # the formula protection stays
    assert not set(FORBIDDEN) & set(to_csv(events))
    properties = next(f for f in to_geojson(events)["features"] if f["id"] == "ev-seizure")["properties"]
    assert properties["summary"] == f"summary: {HOSTILE} ctlend"
    assert not set(FORBIDDEN) & set(json.dumps(to_geojson(events), ensure_ascii=False))


def test_kml_snapshot_with_hostile_text_stays_valid_xml(cli, tmp_path, core_data_dir):
    from geo.dataset import load_dataset
    from geo.store import Store

    store = Store(tmp_path / "cli.sqlite")
    store.load_curated(load_dataset(core_data_dir))
    store.add_events(
        [
            {
                "id": "ev-hostile",
                "kind": "event",
                "title": f"{HOSTILE}{FORBIDDEN}",
                "summary": f"summary {FORBIDDEN}",
                "category": "arms-supply",
                "date_start": "2024-03-01",
                "date_end": "2024-03-01",
                "date_precision": "day",
                "place_name": "Yangon",
                "latitude": 16.8,
                "longitude": 96.15,
                "precision_m": 500,
                "note": f"imported note with a vertical tab \x0b and NUL \x00{FORBIDDEN}",
                "actor_roles": [],
            }
        ],
        origin="test-hostile",
        description="hostile text",
    )
    out = tmp_path / "view.kml"
    result = cli("snapshot", "--query", f"q={HOSTILE[:40]}&layer=arms-supply", "--out", out, "--title", "T\x0b<i>")
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    names = [p.find("k:name", ns).text for p in root.findall(".//k:Placemark", ns)]
    assert names == [HOSTILE]
    document_description = root.find("k:Document/k:description", ns).text
    tags = _Tags()
    tags.feed(document_description)
    assert set(tags.tags) <= {"br"}
