"""The curated evidence base in data/: every claim traces to its passage.

These tests read the real data/ folder, as the app does.
"""

from __future__ import annotations

import json
import math
import re
from itertools import pairwise
from pathlib import Path

import pytest

from geo.dataset import load_dataset

DATA = Path(__file__).resolve().parent.parent / "data"

# Rough outlines (lon, lat) of Myanmar and of Yunnan/southern China, enough to
# catch swapped coordinates, sign errors and places put in the wrong country.
MYANMAR = [
    (92.1, 20.6),
    (92.3, 21.5),
    (93.1, 22.3),
    (93.4, 24.1),
    (94.2, 24.0),
    (95.1, 25.9),
    (97.6, 28.6),
    (98.7, 27.4),
    (98.7, 25.9),
    (97.5, 24.8),
    (97.7, 23.9),
    (98.9, 24.1),
    (99.6, 22.1),
    (101.2, 21.4),
    (100.1, 20.3),
    (98.9, 19.7),
    (97.7, 17.9),
    (98.6, 16.1),
    (99.0, 10.0),
    (97.9, 9.8),
    (97.6, 16.5),
    (96.0, 15.6),
    (94.2, 15.8),
    (94.0, 18.5),
    (93.1, 19.5),
    (92.1, 20.6),
]
CHINA_SOUTHWEST = [
    (97.4, 24.5),
    (97.6, 23.9),
    (98.8, 24.2),
    (99.5, 22.1),
    (101.2, 21.2),
    (106.0, 21.5),
    (112.0, 21.0),
    (115.0, 30.0),
    (100.0, 34.0),
    (97.0, 29.0),
    (98.5, 27.0),
    (98.5, 25.7),
    (97.4, 24.5),
]


def _inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def test_data_folder_validates(dataset):
    assert dataset.events, "events.csv is empty"


def test_every_span_cut_from_its_article_is_the_quote(dataset):
    for event in dataset.events:
        body = dataset.bodies[event["article_id"]]
        assert body[event["source_start"] : event["source_end"]] == event["quote"], event["id"]


def _names(row: dict) -> list[str]:
    return [row["name"], *[a for a in (row.get("aliases") or "").split("|") if a]]


def test_every_quote_names_the_place_or_an_actor(dataset):
    places = {p["id"]: p for p in dataset.places}
    actors = {a["id"]: a for a in dataset.actors}
    routes = {r["id"]: r for r in dataset.routes}
    for event in dataset.events:
        quote = event["quote"].casefold()
        names = [a for actor_id, _ in event["actor_roles"] for a in _names(actors[actor_id])]
        if event.get("place_id"):
            names += _names(places[event["place_id"]])
        if event.get("route_id"):
            names += [routes[event["route_id"]]["name"], routes[event["route_id"]]["kind"]]
        assert any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", quote) for n in names), (
            f"{event['id']}: the quote names neither its place nor an actor"
        )


def _km_to_ring(lon: float, lat: float, ring: list[tuple[float, float]]) -> float:
    """Distance in km from a point to the nearest edge of a ring (equirectangular; fine at 10 km)."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for (x1, y1), (x2, y2) in pairwise(ring):
        ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def test_every_place_lies_in_myanmar_or_china(dataset):
    # The outlines are rough, and Muse (Myanmar) and Ruili (China) sit 2 km apart on
    # the border, so a place passes when it is inside either country or within 10 km.
    for place in dataset.places:
        lon, lat = place["longitude"], place["latitude"]
        assert place["country"] in ("Myanmar", "China"), place["id"]
        ok = any(_inside(lon, lat, ring) or _km_to_ring(lon, lat, ring) < 10 for ring in (MYANMAR, CHINA_SOUTHWEST))
        assert ok, f"{place['id']} ({lat}, {lon}) is in neither Myanmar nor China"


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [(96.09, 21.99, True), (102.7, 25.0, True), (90.4, 23.8, False), (100.5, 13.75, False), (21.99, 96.09, False)],
)
def test_country_check_catches_places_outside(lon, lat, expected):
    assert any(_inside(lon, lat, r) or _km_to_ring(lon, lat, r) < 10 for r in (MYANMAR, CHINA_SOUTHWEST)) is expected


def test_township_and_region_places_are_not_points(dataset):
    minimum = {"township": 5_000, "admin1": 50_000, "country": 200_000}
    for place in dataset.places:
        if place["kind"] in minimum:
            assert place["precision_m"] >= minimum[place["kind"]], place["id"]


def test_named_places_of_the_articles_are_in_the_gazetteer(dataset):
    names = " ".join(n.casefold() for p in dataset.places for n in _names(p))
    for name in (
        "Madaya",
        "Patheingyi",
        "Letpadaung",
        "Salingyi",
        "Kyaukse",
        "Lashio",
        "Kyaukphyu",
        "Naypyitaw",
        "Yunnan",
        "Kunming",
        "Ruili",
        "Sagaing",
        "Magway",
        "Rakhine",
        "Shan",
    ):
        assert name.casefold() in names, name


def _route(dataset, kind: str) -> dict:
    return next(dataset.route_geometries[r["id"]] for r in dataset.routes if r["kind"] == kind)


@pytest.mark.parametrize(
    ("kind", "start_admin", "end_admin"),
    [("pipeline", "Rakhine", "Yunnan"), ("railway", "Rakhine", "Shan")],
)
def test_route_ends_are_where_they_should_be(dataset, kind, start_admin, end_admin):
    places = {p["id"]: p for p in dataset.places}
    features = _route(dataset, kind)["features"]
    first, last = places[features[0]["properties"]["from_place"]], places[features[-1]["properties"]["to_place"]]
    assert start_admin in first["admin_area"], first
    assert end_admin in last["admin_area"], last
    start = features[0]["geometry"]["coordinates"][0]
    assert start == pytest.approx([first["longitude"], first["latitude"]], abs=1e-4)


def test_route_segments_join_at_their_waypoints(dataset):
    places = {p["id"]: p for p in dataset.places}
    for collection in dataset.route_geometries.values():
        for feature in collection["features"]:
            props, line = feature["properties"], feature["geometry"]["coordinates"]
            for end, key in ((line[0], "from_place"), (line[-1], "to_place")):
                place = places[props[key]]
                assert end == pytest.approx([place["longitude"], place["latitude"]], abs=1e-4), props


def test_issue_events_are_present(dataset):
    events = {e["id"]: e for e in dataset.events}
    text = json.dumps([(e["title"], e["summary"], e["date_start"], e["place_id"]) for e in events.values()]).casefold()
    for needle in ("madaya", "patheingyi", "letpadaung", "kyaukse", "lashio", "kyaukphyu", "nevsky", "rosatom", "2017"):
        assert needle in text, needle
    seizures = [e for e in events.values() if e["date_start"] == "2025-07-20"]
    assert {e["place_id"] for e in seizures} >= {"pl-madaya-township", "pl-patheingyi-township"}
