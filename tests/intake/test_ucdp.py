"""UCDP GED imports: precision codes mapped, source text and death estimates kept, sides linked, bad rows named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.intake.imports import detect_format, import_events
from geo.intake.ucdp import DATE_PRECISIONS, WHERE_PRECISIONS, ucdp_date_interval

SAMPLE = Path(__file__).parent.parent / "data" / "ucdp_ged_sample.csv"


def _import(store, **kwargs):
    return import_events(store, SAMPLE.read_bytes(), SAMPLE.name, **kwargs)


def test_the_ged_layout_is_recognised_and_its_good_rows_imported(core_store):
    assert detect_format(SAMPLE.read_bytes(), SAMPLE.name) == "ucdp"
    report = _import(core_store)
    assert (report.format, report.origin, report.rows_read, report.rows_imported) == ("ucdp", "ucdp", 6, 4)
    assert [(p.row, p.column) for p in report.problems] == [(6, "where_prec"), (7, "best")]
    assert "'²' is not a count" in report.problems[1].problem  # str.isdigit says yes, int() says no


def test_precisions_dates_and_places(core_store):
    _import(core_store)
    events = core_store.events().set_index("id")
    exact, state, week, year = (events.loc[f"ucdp-90000{i}"] for i in (1, 2, 3, 4))
    assert (exact["date_start"], exact["date_end"], exact["date_precision"]) == ("2023-11-07", "2023-11-07", "day")
    assert exact["precision_m"] == WHERE_PRECISIONS[1][0]
    assert exact["title"] == "State-based armed conflict: Synthetic village"
    assert exact["place_name"] == "Synthetic village, Sagaing region"
    assert (state["date_start"], state["date_end"], state["date_precision"]) == ("2023-02-01", "2023-02-28", "month")
    assert state["precision_m"] == WHERE_PRECISIONS[4][0] == 150_000
    assert (week["date_start"], week["date_end"], week["date_precision"]) == ("2023-05-18", "2023-05-21", "range")
    assert (year["date_start"], year["date_end"], year["date_precision"]) == ("2023-01-01", "2023-12-31", "year")
    assert year["precision_m"] == WHERE_PRECISIONS[6][0]


def test_source_text_and_death_estimates_are_kept(core_store):
    _import(core_store)
    events = core_store.events().set_index("id")
    exact = events.loc["ucdp-900001"]
    assert exact["summary"] == "Clash near a village"
    assert "Deaths: best estimate 3 (low 3, high 5)." in exact["note"]
    assert "Source: Synthetic Daily; Synthetic Radio; original source: a local resident." in exact["note"]
    with core_store._connect() as conn:
        provenance = json.loads(conn.execute("SELECT provenance FROM events WHERE id = 'ucdp-900001'").fetchone()[0])
    assert provenance["record"] == {
        "dataset": "UCDP GED",
        "id": "900001",
        "source": "Synthetic Daily; Synthetic Radio",
        "source_original": "a local resident",
        "source_text": '"Synthetic Daily,2023-11-08,Clash near a village"; "Synthetic Radio,2023-11-09,Fighting ""continues"""',
        "fatalities": 3,
        "fatalities_low": 3,
        "fatalities_high": 5,
    }
    old = events.loc["ucdp-900002"]  # NA in source_office, source_headline, source_original and adm_2
    assert old["summary"] is None or old["summary"] != old["summary"]
    assert "Source: not given." in old["note"] and "Articles: Synthetic Wire 2023-02-02." in old["note"]
    assert "NA" not in old["place_name"]


def test_sides_are_linked_through_the_table_with_kinds_from_the_conflict_type(core_store):
    report = _import(core_store)
    actors = core_store.actors().set_index("name")
    government = actors.loc["Government of Myanmar (Burma)"]
    assert (government["affiliated_with"], government["relation"], government["kind"]) == (
        "military-junta",
        "same-as",
        "state",
    )
    assert actors.loc["Civilians", "kind"] == "group"
    assert actors.loc["NUG", "kind"] == "armed-resistance"
    assert report.linked_actors == {"ucdp-government-of-myanmar-burma": "military-junta"}
    assert report.actor_lines()[0].startswith("actor names: 6 in the file, 1 linked to our actors")


@pytest.mark.parametrize(
    ("start", "end", "prec", "expected"),
    [
        ("2023-11-07", "2023-11-07", 1, ("2023-11-07", "2023-11-07", "day")),
        ("2023-11-07", "2023-11-09", 2, ("2023-11-07", "2023-11-09", "range")),
        ("2023-11-06", "2023-11-12", 3, ("2023-11-06", "2023-11-12", "range")),
        ("2023-11-10", "2023-11-20", 4, ("2023-11-01", "2023-11-30", "month")),
        ("2024-02-03", "2024-02-03", 4, ("2024-02-01", "2024-02-29", "month")),
        ("2023-03-01", "2023-05-01", 5, ("2023-01-01", "2023-12-31", "year")),
    ],
)
def test_date_precision_maps_to_an_interval(start, end, prec, expected):
    import datetime as dt

    assert ucdp_date_interval(dt.date.fromisoformat(start), dt.date.fromisoformat(end), prec) == expected


def test_precision_tables_cover_every_ged_code():
    assert sorted(WHERE_PRECISIONS) == [1, 2, 3, 4, 5, 6, 7]
    assert sorted(DATE_PRECISIONS) == [1, 2, 3, 4, 5]
    assert [WHERE_PRECISIONS[k][0] for k in (1, 2, 3, 4, 5, 6)] == sorted(WHERE_PRECISIONS[k][0] for k in range(1, 7))


def test_a_reimport_changes_nothing_and_the_cli_names_the_format(core_store, cli):
    _import(core_store)
    again = _import(core_store)
    assert (again.added, again.modified, again.unchanged) == (0, 0, 4)
    result = cli("import", str(SAMPLE), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "read as ucdp, 4 imported under origin 'ucdp'" in result.stdout
    assert "actor names: 6 in the file" in result.stdout
    assert "refused: ucdp_ged_sample.csv, row 6, column 'where_prec'" in result.stderr
