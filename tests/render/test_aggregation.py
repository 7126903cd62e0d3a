"""Server-side aggregation: counts conserved, payload bounded, text escaped, wired into the map builder."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from geo.intake.synthetic import events_frame
from geo.render.aggregation import (
    FEW,
    LIST_BUDGET,
    aggregate_events,
    aggregation_payload,
    build_aggregate_layer,
    cell_size,
    describe_aggregation,
)
from geo.render.mapping import build_layers, build_map
from geo.render.popups import MapContext
from geo.schema import CATEGORIES


def _conserved(aggregation, events):
    layers = list(CATEGORIES)
    expected = events["category"].value_counts().reindex(layers, fill_value=0).to_numpy()
    places = aggregation.places
    for level in aggregation.levels:
        assert level.count.sum() + places.count[level.places].sum() == len(events), level.zoom
        by_layer = level.by_layer.sum(axis=0) if level.clusters else np.zeros(len(layers), int)
        by_layer = by_layer + places.by_layer[level.places].sum(axis=0)
        assert by_layer.tolist() == expected.tolist(), level.zoom
        assert (level.by_layer.sum(axis=1) == level.count).all()


def _drawn_coordinates(payload, level):
    """The payload coordinates (integers of 1e-4 degree) of every symbol drawn at ``level``."""
    width, clusters, places = payload["width"], level["c"], payload["places"]["c"]
    drawn = [(clusters[i], clusters[i + 1]) for i in range(0, len(clusters), width)]
    return drawn + [(places[j * width], places[j * width + 1]) for j in level["p"]]


@pytest.mark.parametrize("n", [1, 40, 3000, 30_000])
def test_cluster_counts_add_up_to_the_events_at_every_level_and_layer(n):
    events = events_frame(n, seed=n)
    aggregation = aggregate_events(events)
    assert aggregation.total == n and aggregation.unplaced == 0
    assert sum(aggregation.by_layer.values()) == n
    _conserved(aggregation, events)


@pytest.mark.parametrize(
    ("n", "max_cells", "max_points"), [(3000, 2000, 100), (30_000, 5000, 500), (60_000, 8000, 2000)]
)
def test_payload_stays_within_its_budget(n, max_cells, max_points):
    aggregation = aggregate_events(events_frame(n, seed=1), max_points=max_points, max_cells=max_cells)
    clusters = sum(level.clusters for level in aggregation.levels)
    assert clusters <= max_cells or len(aggregation.levels) == 1
    assert len(aggregation.point_rows) <= max_points
    size = len(json.dumps(aggregation_payload(aggregation)))
    # clusters, lone points, and the events listed by the clusters that cannot split (LIST_BUDGET at most)
    assert size < 60 * max_cells + 300 * (max_points + LIST_BUDGET)


def test_payload_does_not_grow_with_the_number_of_events():
    small = len(json.dumps(aggregation_payload(aggregate_events(events_frame(20_000, seed=2)))))
    large = len(json.dumps(aggregation_payload(aggregate_events(events_frame(80_000, seed=2)))))
    assert large < 1.5 * small


def test_cells_halve_with_each_zoom_level():
    assert [round(cell_size(z) / cell_size(z + 1), 9) for z in range(4, 15)] == [2.0] * 11


def test_finer_levels_have_more_clusters_and_an_isolated_event_is_a_point():
    events = events_frame(2000, seed=4)
    lonely = events.iloc[[0]].assign(id="lonely", latitude=27.9, longitude=97.9, title="Alone")
    aggregation = aggregate_events(pd.concat([events, lonely], ignore_index=True))
    clusters = [level.clusters + len(level.places) for level in aggregation.levels]
    assert clusters == sorted(clusters)
    assert "lonely" in set(aggregation.point_rows["id"])
    lonely_place = aggregation.point_rows.set_index("id").loc["lonely", "place"]
    assert lonely_place in aggregation.level_for(99).places


def test_events_without_coordinates_are_counted_apart():
    events = events_frame(50, seed=3)
    events.loc[:4, "latitude"] = np.nan
    aggregation = aggregate_events(events)
    assert (aggregation.total, aggregation.unplaced) == (45, 5)
    assert "5 without coordinates" in describe_aggregation(aggregation)


def test_empty_selection_gives_an_empty_layer():
    aggregation = aggregate_events(events_frame(10, seed=1).iloc[0:0])
    assert aggregation.total == 0 and aggregation.levels[0].clusters == 0


def test_text_reaching_the_page_is_escaped():
    events = events_frame(5, seed=1)
    events.loc[0, "title"] = "</script><img src=x onerror=alert(1)>"
    events.loc[1, "id"] = "ev-<b>"
    group = build_aggregate_layer(events, max_points=FEW * 10)
    script = "".join(child._template.module.script(child) for child in group._children.values())
    data = re.search(r"var data = (.*);\n", script).group(1)
    assert "</script>" not in script and "<img" not in script
    assert "<" not in data and ">" not in data and "&" not in data  # nothing in the data can open or close markup
    payload = json.loads(data)
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in payload["points"]["title"]
    assert "ev-&lt;b&gt;" in payload["points"]["id"]


def test_map_builder_aggregates_above_max_points_only():
    events = events_frame(300, seed=8)
    small = build_layers(events, MapContext(max_points=1000))
    assert len(small) >= 1 and not any("AggregateScript" in repr(g._children) for g in small)
    big = build_layers(events, MapContext(max_points=100))
    names = [group.layer_name for group in big]
    assert names == ["Events (300 aggregated)"]
    html = build_map(events, MapContext(max_points=100)).get_root().render()
    assert "geoAggregateDrawn" in html
    naive = build_map(events, MapContext(max_points=None)).get_root().render()
    places = events.groupby([events["latitude"].round(5), events["longitude"].round(5)]).ngroups
    assert len(re.findall(r"L\.marker\(", naive)) == places  # one symbol per place below the threshold
    assert len(re.findall(r"L\.marker\(", html)) <= 1  # above it: only the script's label template


def test_a_stack_that_cannot_split_lists_every_event_with_its_date_and_title():
    events = events_frame(2000, seed=5)
    # 57 events at one point, as ACLED has at Monywa: no zoom ever splits them
    stack = events.index[:57]
    events.loc[stack, ["latitude", "longitude"]] = (22.1086, 95.1358)
    events.loc[stack, "title"] = "Shelling: Monywa"
    aggregation = aggregate_events(events, max_points=500)
    payload = aggregation_payload(aggregation)
    finest = aggregation.levels[-1]
    row = next(r for r, members in finest.lists.items() if len(members) == 57)
    listed = {payload["listed"]["id"][j] for j in payload["lists"][str(row)]}
    assert listed == set(events.loc[stack, "id"])
    dates = [payload["listed"]["date"][j] for j in payload["lists"][str(row)]]
    assert sorted(dates) == sorted(events.loc[stack, "date_start"].fillna("").astype(str))
    assert len(payload["listed"]["id"]) <= LIST_BUDGET


def _with_stacks(n: int, seed: int) -> tuple[pd.DataFrame, list[tuple[float, float]]]:
    """Synthetic events plus small stacks at identical coordinates, of several layers, far from the rest."""
    events = events_frame(n, seed=seed)
    stacks = [(27.5, 97.6), (26.0, 92.5), (10.2, 98.9)]
    rows = []
    for k, (lat, lon) in enumerate(stacks):
        for i, layer in enumerate(["arms-supply", "seizures-combat", "arms-supply"][: 2 + k % 2]):
            rows.append(events.iloc[[0]].assign(id=f"stack-{k}-{i}", latitude=lat, longitude=lon, category=layer))
    return pd.concat([events, *rows], ignore_index=True), stacks


@pytest.mark.parametrize("n", [40, 3000, 30_000])
def test_no_two_drawn_symbols_share_coordinates_at_any_zoom(n):
    events, _ = _with_stacks(n, seed=n)
    # co-located events inside the dense synthetic spread too
    events.loc[events.index[10:13], ["latitude", "longitude"]] = events.loc[
        events.index[10], ["latitude", "longitude"]
    ].to_numpy()
    payload = aggregation_payload(aggregate_events(events, max_points=500))
    for level in payload["levels"]:
        drawn = _drawn_coordinates(payload, level)
        assert len(drawn) == len(set(drawn)), f"two symbols at one point at zoom {level['z']}"


def test_three_colocated_events_of_two_layers_are_one_symbol_with_count_3_and_both_layers():
    events, stacks = _with_stacks(2000, seed=6)
    aggregation = aggregate_events(events)
    payload = aggregation_payload(aggregation)
    lat, lon = (round(v * 10_000) for v in stacks[1])  # the stack of 3: arms supply, seizures, arms supply
    layers = list(CATEGORIES)
    finest = payload["levels"][-1]
    width, places = payload["width"], payload["places"]["c"]
    at = [j for j in finest["p"] if (places[j * width], places[j * width + 1]) == (lat, lon)]
    assert len(at) == 1, "the stack is not exactly one symbol"
    row = places[at[0] * width : (at[0] + 1) * width]
    assert row[2] == 3
    assert {layers[k]: m for k, m in enumerate(row[3:]) if m} == {"arms-supply": 2, "seizures-combat": 1}
    # a click lists its events: the place's members are those three, each with a date and a title
    start = payload["places"]["s"][at[0]]
    members = payload["places"]["m"][start : start + 3]
    assert {payload["points"]["id"][j] for j in members} == {"stack-1-0", "stack-1-1", "stack-1-2"}
    assert all(payload["points"]["date"][j] and payload["points"]["title"][j] for j in members)
    # and the single-event stack of 2 elsewhere is one symbol too, never two drawn one on the other
    lat2, lon2 = (round(v * 10_000) for v in stacks[0])
    assert _drawn_coordinates(payload, finest).count((lat2, lon2)) == 1
