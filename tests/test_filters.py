"""Filters: date overlap, actors with affiliates, layers, text, geodesic nearness."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from geopy.distance import geodesic

from geo.evidence import Evidence
from geo.filters import FilterContext, densify_line, describe_state, distance_km, expand_actors
from geo.query import ViewState

PARENTS = {"wanbao-mining": "norinco", "myanmar-wanbao": "wanbao-mining", "kapasa": "military-junta"}


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ({"norinco"}, {"norinco", "wanbao-mining", "myanmar-wanbao"}),
        ({"wanbao-mining"}, {"wanbao-mining", "myanmar-wanbao"}),
        ({"myanmar-wanbao"}, {"myanmar-wanbao"}),
        ({"military-junta", "norinco"}, {"military-junta", "kapasa", "norinco", "wanbao-mining", "myanmar-wanbao"}),
    ],
)
def test_affiliates_are_taken_in_at_any_depth(selected, expected):
    assert expand_actors(selected, PARENTS) == expected


@pytest.fixture
def evidence(core_store):
    return Evidence.from_store(core_store)


def _ids(evidence, **kwargs):
    return sorted(evidence.select(ViewState(**kwargs))["id"])


ALL = ["ev-contract", "ev-seizure", "site-letpadaung", "site-pipeline"]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({}, ALL),
        # date overlap: the 2017 contract (whole year) overlaps a range touching December 2017
        (
            {"date_from": dt.date(2017, 12, 31), "date_to": dt.date(2018, 1, 1)},
            ["ev-contract", "site-letpadaung", "site-pipeline"],
        ),
        (
            {"date_from": dt.date(2025, 7, 20), "date_to": dt.date(2025, 7, 20)},
            ["ev-seizure", "site-letpadaung", "site-pipeline"],
        ),
        ({"date_from": dt.date(2025, 7, 21), "undated": False}, ["site-letpadaung"]),  # open-ended site still runs
        ({"date_to": dt.date(2011, 12, 31), "undated": False}, []),
        ({"actors": ("norinco",)}, ["ev-contract", "ev-seizure", "site-letpadaung"]),  # takes in Myanmar Wanbao
        ({"actors": ("norinco",), "affiliates": False}, ["ev-contract", "ev-seizure"]),
        ({"layers": ("infrastructure", "resource-extraction")}, ["site-letpadaung", "site-pipeline"]),
        ({"kinds": ("event",)}, ["ev-contract", "ev-seizure"]),
        ({"text": "LETPADAUNG"}, ["site-letpadaung"]),
        ({"text": "Mandalay People"}, ["ev-seizure"]),  # matches an actor's name
        ({"near": "pl-letpadaung-mine", "km": 5}, ["site-letpadaung"]),
        # distances to the fixture pipeline: seizure 18.8 km, Letpadaung 89.9 km, contract 97.0 km
        ({"near": "route-pipeline-test", "km": 10}, ["site-pipeline"]),
        ({"near": "route-pipeline-test", "km": 30}, ["ev-seizure", "site-pipeline"]),
        ({"near": "route-pipeline-test", "km": 95}, ["ev-seizure", "site-letpadaung", "site-pipeline"]),
        ({"articles": ("art-test-one",), "origins": ("curated",)}, ALL),
    ],
)
def test_filters_select_the_expected_events(evidence, state, expected):
    assert _ids(evidence, **state) == expected


POINTS = [(21.9894, 96.0921), (19.5, 93.6), (22.95277, 97.74747), (25.03889, 102.71833), (10.0, 99.0), (28.0, 97.5)]


@pytest.mark.parametrize("km", [0.5, 10.0, 100.0, 338.0, 800.0])
def test_near_cut_is_the_geodesic_cut(km):
    target = [(19.4239, 93.5544), (20.0, 94.0)]
    exact = [min(geodesic(p, t).km for t in target) for p in POINTS]
    got = distance_km([p[0] for p in POINTS], [p[1] for p in POINTS], target, within_km=km)
    assert list(got <= km) == [e <= km for e in exact]
    for value, truth in zip(got, exact):
        if np.isfinite(value):
            assert value == pytest.approx(truth, rel=0.006)


def test_points_on_the_border_get_the_exact_geodesic_distance():
    target = [(19.4239, 93.5544)]
    point = (21.9894, 96.0921)
    exact = geodesic(point, target[0]).km
    got = distance_km([point[0]], [point[1]], target, within_km=round(exact, 1))
    assert got[0] == pytest.approx(exact, rel=1e-9)


def test_filters_described_in_words():
    context = FilterContext(actor_names={"norinco": "Norinco"}, target_names={"route-x": "the pipeline"})
    text = describe_state(
        ViewState(date_from=dt.date(2025, 1, 1), actors=("norinco",), layers=("arms-supply",), near="route-x", km=10),
        context,
    )
    assert "dates 2025-01-01 to any" in text
    assert "actors Norinco (with subsidiaries and affiliates)" in text
    assert "layers Arms supply" in text
    assert "within 10 km of the pipeline" in text
    assert describe_state(ViewState()) == "no filters (all events)"


@pytest.mark.parametrize("km", [5.0, 25.0, 80.0])
def test_near_cut_matches_brute_force_geodesic_on_a_long_route(km):
    # a ~700 km line densified to ~5 km steps: well over 16 vertices, so the coarse screen is used
    route = densify_line([(19.4239, 93.5544), (20.46, 94.87), (21.9894, 96.0921), (22.95, 97.75)], step_km=5.0)
    assert len(route) > 100
    rng = np.random.default_rng(7)
    lat = rng.uniform(18.5, 24.0, 120)
    lon = rng.uniform(92.5, 98.8, 120)
    exact = np.array([min(geodesic((a, b), v).km for v in route) for a, b in zip(lat, lon)])
    got = distance_km(lat, lon, route, within_km=km)
    assert list(got <= km) == list(exact <= km)
    assert (exact <= km).any() and (exact > km).any()
