"""Validation of data files: every kind of broken file gives its clear error."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.dataset import load_dataset, parse_actor_roles, validate_data_dir
from geo.errors import DataInvalid


def _rewrite_cell(path: Path, row_id: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    for row in rows:
        if row["id"] == row_id:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _drop_column(path: Path, column: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = [f for f in rows[0] if f != column]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def test_fixture_is_valid(core_data_dir):
    dataset, problems = validate_data_dir(core_data_dir)
    assert problems == []
    assert len(dataset.events) == 4


def _break_missing_column(d):
    _drop_column(d / "gazetteer.csv", "precision_m")


def _break_bad_date(d):
    _rewrite_cell(d / "events.csv", "ev-seizure", "date_start", "2025-13-40")


def _break_latitude(d):
    _rewrite_cell(d / "gazetteer.csv", "pl-kyaukphyu", "latitude", "200")


def _break_unknown_place(d):
    _rewrite_cell(d / "events.csv", "ev-seizure", "place_id", "pl-atlantis")


def _break_duplicate_id(d):
    _rewrite_cell(d / "events.csv", "ev-contract", "id", "ev-seizure")


def _break_encoding(d):
    path = d / "actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Norinco", "Norinco\u2019s").encode("cp1252"))


def _break_quote(d):
    _rewrite_cell(d / "events.csv", "ev-seizure", "source_start", "3")


def _break_unknown_actor(d):
    _rewrite_cell(d / "events.csv", "ev-seizure", "actors", "nobody:seizer")


@pytest.mark.parametrize(
    ("breaker", "file", "row", "column", "words"),
    [
        (_break_missing_column, "gazetteer.csv", 1, "precision_m", "missing"),
        (_break_bad_date, "events.csv", 2, "date_start", "not a real calendar date"),
        (_break_latitude, "gazetteer.csv", 4, "latitude", "outside -90..90"),
        (_break_unknown_place, "events.csv", 2, "place_id", "unknown place id 'pl-atlantis'"),
        (_break_duplicate_id, "events.csv", 5, "id", "duplicate id 'ev-seizure'"),
        (_break_encoding, "actors.csv", None, None, "not UTF-8"),
        (_break_quote, "events.csv", 2, "quote", "quote is not the article text"),
        (_break_unknown_actor, "events.csv", 2, "actors", "unknown actor id 'nobody'"),
    ],
)
def test_broken_file_names_file_row_column_and_fix(core_data_dir, breaker, file, row, column, words):
    breaker(core_data_dir)
    with pytest.raises(DataInvalid) as caught:
        load_dataset(core_data_dir)
    matching = [p for p in caught.value.problems if p.file == file and words in p.problem]
    assert matching, str(caught.value)
    problem = matching[0]
    assert problem.row == row
    assert problem.column == column
    assert problem.fix
    message = str(caught.value)
    assert file in message and "Fix:" in message


def test_every_problem_is_reported_not_just_the_first(core_data_dir):
    _break_latitude(core_data_dir)
    _break_bad_date(core_data_dir)
    _break_unknown_actor(core_data_dir)
    _, problems = validate_data_dir(core_data_dir)
    assert {p.column for p in problems} >= {"latitude", "date_start", "actors"}


def test_route_segments_must_chain(core_data_dir):
    path = core_data_dir / "routes" / "pipeline.geojson"
    path.write_text(path.read_text().replace('"from_place": "pl-mandalay"', '"from_place": "pl-kunming"'))
    _, problems = validate_data_dir(core_data_dir)
    assert any("not where the last ended" in p.problem for p in problems)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", []),
        ("norinco:supplier", [("norinco", "supplier")]),
        ("norinco:supplier|kapasa:recipient", [("norinco", "supplier"), ("kapasa", "recipient")]),
        (" a:b | c:d ", [("a", "b"), ("c", "d")]),
    ],
)
def test_actor_roles_cell_is_split_into_pairs(cell, expected):
    assert parse_actor_roles(cell) == expected
