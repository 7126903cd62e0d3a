"""Synthetic events: seeded, sized as asked, inside Myanmar, dated since the coup, importable as ACLED."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.intake.acled import ACLED_COLUMNS
from geo.intake.imports import import_events
from geo.intake.synthetic import (
    DATE_FIRST,
    DATE_LAST,
    MYANMAR_BBOX,
    TOWNS,
    events_frame,
    generate_acled,
    write_acled_csv,
)
from geo.store import EVENT_COLUMNS, Store


def test_the_same_seed_gives_the_same_rows():
    pd.testing.assert_frame_equal(generate_acled(500, seed=11), generate_acled(500, seed=11))
    pd.testing.assert_frame_equal(events_frame(300, seed=11), events_frame(300, seed=11))


def test_another_seed_gives_other_rows():
    assert not generate_acled(200, seed=1)["latitude"].equals(generate_acled(200, seed=2)["latitude"])


@pytest.mark.parametrize("n", [1, 10, 1000, 20_000])
def test_sizes_and_columns(n):
    acled = generate_acled(n, seed=3)
    assert len(acled) == n and list(acled.columns) == ACLED_COLUMNS
    assert acled["event_id_cnty"].is_unique
    frame = events_frame(n, seed=3)
    assert len(frame) == n and list(frame.columns) == EVENT_COLUMNS


def test_points_lie_inside_myanmar_and_near_a_town():
    acled = generate_acled(20_000, seed=5)
    lat, lon = acled["latitude"].astype(float), acled["longitude"].astype(float)
    south, west, north, east = MYANMAR_BBOX
    assert lat.between(south, north).all() and lon.between(west, east).all()
    assert all(south <= t[2] <= north and west <= t[3] <= east for t in TOWNS)
    # geo_precision 1 points stay within ~2.5 km of their town
    towns = {t[0]: (t[2], t[3]) for t in TOWNS}
    exact = acled[acled["geo_precision"] == "1"]
    offsets = [
        max(abs(float(r.latitude) - towns[r.location][0]), abs(float(r.longitude) - towns[r.location][1]))
        for r in exact.itertuples()
    ]
    assert max(offsets) < 0.03


def test_dates_fall_between_the_coup_and_mid_2025_and_rise_over_time():
    acled = generate_acled(20_000, seed=6)
    dates = pd.to_datetime(acled["event_date"]).dt.date
    assert dates.min() >= DATE_FIRST and dates.max() <= DATE_LAST
    assert dt.date(2021, 2, 1) == DATE_FIRST
    years = pd.to_datetime(acled["event_date"]).dt.year.value_counts()
    assert years[2024] > years[2021]


def test_codes_are_acled_codes():
    acled = generate_acled(5000, seed=7)
    assert set(acled["time_precision"]) == {"1", "2", "3"}
    assert set(acled["geo_precision"]) == {"1", "2", "3"}
    assert acled["fatalities"].str.isdigit().all()
    assert (acled["actor1"] != "").all()


def test_the_csv_imports_without_a_refused_row_and_matches_the_direct_frame(tmp_path):
    path = write_acled_csv(tmp_path / "synthetic.csv", 600, seed=9)
    store = Store(tmp_path / "store.sqlite")
    report = import_events(store, path.read_bytes(), path.name, fmt="acled")
    assert report.problems == [] and report.rows_imported == 600
    stored = store.events().set_index("id").sort_index()
    direct = events_frame(600, seed=9, origin="acled").set_index("id").sort_index()
    for column in ("category", "date_start", "date_end", "date_precision", "precision_m", "title", "actors"):
        assert stored[column].tolist() == direct[column].tolist(), column
    assert stored["latitude"].round(4).tolist() == direct["latitude"].round(4).tolist()


@pytest.mark.parametrize(
    "options",
    [
        {"dates": "timestamp", "missing": "NA"},
        {"dates": "words", "upper_headers": True},
        {"delimiter": "semicolon", "missing": "NULL"},
        {"delimiter": "tab", "dates": "timestamp", "upper_headers": True, "missing": "nan"},
    ],
)
def test_real_world_forms_import_as_the_plain_file_does(tmp_path, options):
    plain = write_acled_csv(tmp_path / "plain.csv", 300, seed=4)
    varied = write_acled_csv(tmp_path / "varied.csv", 300, seed=4, **options)
    text = varied.read_bytes().decode("utf-8-sig")
    if options.get("upper_headers"):
        assert text.startswith("EVENT_ID_CNTY")
    if options.get("missing"):
        assert options["missing"] in text
    if options.get("dates") == "timestamp":
        assert "T00:00:00Z" in text
    frames = []
    for path in (plain, varied):
        store = Store(tmp_path / f"{path.stem}.sqlite")
        report = import_events(store, path.read_bytes(), path.name)
        assert report.problems == [] and report.rows_imported == 300
        frames.append(store.events().drop(columns=["origin"]).set_index("id").sort_index())
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_colocated_events_stack_on_their_town(tmp_path):
    acled = generate_acled(2000, seed=8, colocated=0.64)
    pairs = acled.groupby(["latitude", "longitude"]).size()
    stacked = pairs[pairs > 3].sum()
    assert 0.6 <= stacked / 2000 <= 0.75
    assert (
        generate_acled(2000, seed=8)["latitude"].tolist()
        == generate_acled(2000, seed=8, colocated=0)["latitude"].tolist()
    )


def test_synth_command_writes_the_forms_asked(cli, tmp_path):
    out = tmp_path / "s.csv"
    result = cli(
        "synth", "--events", "50", "--out", str(out), "--delimiter", "semicolon", "--dates", "words", "--missing", "NA"
    )
    assert result.returncode == 0, result.stderr
    header = out.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("event_id_cnty;event_date;")
    assert cli("synth", "--events", "5", "--out", str(out), "--colocated", "2").returncode == 2
