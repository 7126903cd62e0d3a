"""Exports parse with independent parsers and keep coordinates as lon, lat."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

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
