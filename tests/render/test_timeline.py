"""The timeline (geo.render.timeline): ranges drawn as ranges, undated rows left out, a brush on x."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.render.timeline import BRUSH, timeline_chart, timeline_frame
from geo.schema import CATEGORY_COLOURS


def _events(rows):
    return pd.DataFrame(rows, columns=["id", "title", "category", "date_start", "date_end", "date_precision"])


ROWS = [
    ("ev-day", "A day", "seizures-combat", "2025-07-20", "2025-07-20", "day"),
    ("ev-year", "A year", "arms-supply", "2017-01-01", "2017-12-31", "year"),
    ("site-open", "A mine", "resource-extraction", "2012-01-01", None, "period"),
    ("ev-undated", "No date", "arms-supply", None, None, "undated"),
]


@pytest.mark.parametrize(
    ("event_id", "is_range", "end"),
    [("ev-day", False, "2025-07-20"), ("ev-year", True, "2017-12-31"), ("site-open", True, "2030-01-01")],
)
def test_each_dated_event_is_a_tick_or_a_range(event_id, is_range, end):
    frame = timeline_frame(_events(ROWS), today=dt.date(2030, 1, 1)).set_index("id")
    assert bool(frame.loc[event_id, "is_range"]) is is_range
    assert frame.loc[event_id, "end"] == pd.Timestamp(end)


def test_undated_events_are_left_out():
    assert "ev-undated" not in set(timeline_frame(_events(ROWS))["id"])


def test_chart_has_a_brush_on_time_and_layers_in_their_colours():
    spec = timeline_chart(_events(ROWS)).to_dict()
    params = spec["params"]
    assert params[0]["name"] == BRUSH and params[0]["select"]["encodings"] == ["x"]
    marks = {layer["mark"]["type"] for layer in spec["layer"]}
    assert marks == {"bar", "tick"}
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"][0] == "Arms supply" and colour["range"][0] == CATEGORY_COLOURS["arms-supply"]


def test_a_chosen_date_range_becomes_the_initial_brush():
    spec = timeline_chart(_events(ROWS), dt.date(2017, 1, 1), dt.date(2018, 6, 30)).to_dict()
    value = spec["params"][0]["value"]["x"]
    assert [str(v)[:10] for v in value] == ["2017-01-01", "2018-06-30"]


def test_nothing_dated_gives_no_chart():
    assert timeline_chart(_events(ROWS[3:])) is None


def test_many_events_become_monthly_counts_that_add_up():
    import datetime as dt

    import pandas as pd

    from geo.render.timeline import MAX_MARKS, monthly_counts, timeline_chart, timeline_frame

    days = pd.date_range("2021-02-01", periods=MAX_MARKS * 3, freq="6h")
    events = pd.DataFrame(
        {
            "id": [f"ev-{i}" for i in range(len(days))],
            "title": "t",
            "category": ["arms-supply", "infrastructure", "seizures-combat"] * MAX_MARKS,
            "date_start": days.strftime("%Y-%m-%d"),
            "date_end": days.strftime("%Y-%m-%d"),
            "date_precision": "day",
        }
    )
    counts = monthly_counts(timeline_frame(events, today=dt.date(2025, 1, 1)))
    assert counts["count"].sum() == len(events)
    assert set(counts["layer"]) == {"Arms supply", "Infrastructure", "Seizures and combat"}
    spec = timeline_chart(events).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == len(counts) < 100  # one row per layer and month, not per event


def test_every_layer_name_is_shown_whole_however_short_the_chart():
    from geo.intake.synthetic import events_frame
    from geo.render.timeline import timeline_chart

    spec = timeline_chart(events_frame(50, seed=2), height=60).to_dict()
    text = str(spec)
    # Vega-Lite drops every other label when they overlap: names are never dropped, and each row is tall enough
    assert "'labelOverlap': False" in text and "'labelLimit': 0" in text
    assert spec["height"] == {"step": 18}
