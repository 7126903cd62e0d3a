"""No symbol of the aggregated map is drawn on top of another, at any zoom (geo.render.overlap)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.intake.synthetic import events_frame
from geo.render.aggregation import aggregate_events
from geo.render.overlap import RING_BELOW, SINGLE_HALF, merge_overlapping, pixel_xy, ring_half


def _boxes(x, y, count, ring):
    half = np.where(ring, ring_half(count), SINGLE_HALF)
    below = np.where(ring, RING_BELOW, 0.0)
    return np.column_stack([x - half, x + half, y - half, y + half + below])


def _touching_pairs(boxes):
    """Brute force: every pair of boxes that intersect."""
    x0, x1, y0, y1 = boxes.T
    hit = (x0[:, None] < x1[None, :]) & (x0[None, :] < x1[:, None]) & (y0[:, None] < y1[None, :])
    hit &= y0[None, :] < y1[:, None]
    return np.argwhere(np.triu(hit, 1))


def test_symbols_far_apart_stay_apart_and_touching_ones_become_one():
    x = np.array([0.0, 100.0, 105.0, 300.0])
    y = np.zeros(4)
    labels = merge_overlapping(x, y, np.array([1, 5, 2, 1]), np.array([False, True, True, False]))
    assert labels.tolist() == [0, 1, 1, 2]


def test_a_merge_that_grows_a_symbol_into_a_third_merges_that_one_too():
    # 0 and 1 touch; their merged ring (more events, so wider) then reaches 2, which touched neither
    x = np.array([0.0, 20.0, 43.0])
    labels = merge_overlapping(x, np.zeros(3), np.array([1, 1, 1000]), np.array([False, False, True]))
    assert len(set(labels.tolist())) == 1


def test_pixels_follow_web_mercator_tiles():
    x, y = pixel_xy(np.array([0.0]), np.array([0.0]), 0)
    assert (x[0], y[0]) == pytest.approx((128.0, 128.0))
    x, _ = pixel_xy(np.array([0.0]), np.array([90.0]), 2)
    assert x[0] == pytest.approx(256 * 4 * 0.75)


def _drawn(aggregation, level):
    places = aggregation.places
    lat = np.concatenate([level.latitude, places.latitude[level.places]])
    lon = np.concatenate([level.longitude, places.longitude[level.places]])
    count = np.concatenate([level.count, places.count[level.places]])
    ring = np.concatenate([np.ones(level.clusters, dtype=bool), places.count[level.places] > 1])
    x, y = pixel_xy(lat, lon, level.zoom)
    return _boxes(x, y, count, ring), count


@pytest.mark.parametrize(("n", "seed"), [(300, 1), (3000, 2), (20_000, 3)])
def test_no_two_drawn_symbols_touch_at_any_zoom_and_every_event_is_counted(n, seed):
    events = events_frame(n, seed=seed)
    # near but not identical places: a few metres to a few kilometres apart, as real datasets have
    rng = np.random.default_rng(seed)
    near = events.sample(n // 5, random_state=seed).copy()
    near["latitude"] += rng.uniform(-0.02, 0.02, len(near))
    near["longitude"] += rng.uniform(-0.02, 0.02, len(near))
    near["id"] = near["id"].astype(str) + "-near"
    events = pd.concat([events, near], ignore_index=True)
    aggregation = aggregate_events(events, max_points=500)
    for level in aggregation.levels:
        boxes, count = _drawn(aggregation, level)
        assert count.sum() == len(events), level.zoom
        assert len(_touching_pairs(boxes)) == 0, f"symbols drawn on each other at zoom {level.zoom}"


def test_the_finest_level_lists_the_events_of_a_merged_stack():
    events = events_frame(400, seed=5)
    base = events.iloc[0]
    stack = events.iloc[:6].copy()
    stack["latitude"] = base["latitude"] + np.arange(6) * 0.00002  # about 2 m apart: never apart on screen
    stack["longitude"] = base["longitude"]
    stack["id"] = [f"close-{i}" for i in range(6)]
    aggregation = aggregate_events(pd.concat([events, stack], ignore_index=True), max_points=500)
    finest = aggregation.levels[-1]
    listed = aggregation.listed_rows
    ids = {listed["id"].iloc[int(i)] for members in finest.lists.values() for i in members}
    assert {f"close-{i}" for i in range(6)} <= ids
