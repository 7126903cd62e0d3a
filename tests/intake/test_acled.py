"""ACLED files as people have them: every date form, header case, delimiter and missing-value marker imports its good rows."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from geo.intake.acled import parse_acled_date
from geo.intake.actor_links import inter_kind
from geo.intake.imports import detect_format, import_events

# Two good rows and one bad one (row 4: its latitude), in the pre-2023 layout R re-saves, with extra columns.
HEADER = [
    "data_id", "iso", "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "timestamp", "civ_involved",
]  # fmt: skip
GOOD_1 = {
    "data_id": "1", "iso": "104", "event_id_cnty": "SYN9000001", "year": "2024", "time_precision": "1", "event_type": "Battles",
    "sub_event_type": "Armed clash", "actor1": "Military Forces of Myanmar (2021-)", "assoc_actor_1": None,
    "inter1": "1", "actor2": "PDF: People's Defense Force", "assoc_actor_2": None, "inter2": "3",
    "interaction": "13", "country": "Myanmar", "admin1": "Sagaing", "admin2": "Monywa", "admin3": "Salingyi",
    "location": "Salingyi", "latitude": "21.9736", "longitude": "95.0827", "geo_precision": "1",
    "source": "Synthetic Weekly; Synthetic Radio", "notes": "Synthetic test row: a clash near the town.",
    "fatalities": "3", "timestamp": "1618492757", "civ_involved": "no",
}  # fmt: skip
GOOD_2 = dict(
    GOOD_1,
    data_id="2",
    event_id_cnty="SYN9000002",
    event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike",
    assoc_actor_1="Government of Myanmar (2021-) State Administration Council",
    actor2="Civilians (Myanmar)",
    inter2="7",
    source=None,
    notes=None,
    fatalities="0",
    geo_precision="2",
)
BAD_3 = dict(GOOD_1, data_id="3", event_id_cnty="SYN9000003", latitude="north")
DATE_FORMS = {
    "iso day": "2024-03-05",
    "R / pandas timestamp": "2024-03-05T00:00:00Z",
    "timestamp with fraction": "2024-03-05 00:00:00.000",
    "ACLED words": "05 March 2024",
    "ACLED words, no zero": "5 March 2024",
    "dashed words": "05-March-2024",
    "short month": "05 Mar 2024",
}
MISSING = ["NA", "N/A", "NULL", "nan", "", "None", "#N/A"]


def _write(rows, *, date: str, delimiter: str = ",", missing: str = "NA", header=str.lower) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([header(name) for name in HEADER])
    for row in rows:
        cells = []
        for name in HEADER:
            value = row[name]
            if name == "event_date":
                value = date
            elif value is None:
                value = missing
            if delimiter == ";" and name in ("latitude", "longitude"):
                value = value.replace(".", ",")  # a European spreadsheet's decimal comma
            cells.append(value)
        writer.writerow(cells)
    prefix = "\ufeff" if delimiter == ";" else ""  # Excel's UTF-8 BOM
    return (prefix + buffer.getvalue()).encode("utf-8")


ROWS = [dict(r, event_date="") for r in (GOOD_1, GOOD_2, BAD_3)]

VARIANTS = (
    [pytest.param({"date": d}, id=f"date: {name}") for name, d in DATE_FORMS.items()]
    + [pytest.param({"date": "2024-03-05", "missing": m}, id=f"missing as {m or 'empty'}") for m in MISSING]
    + [
        pytest.param({"date": "2024-03-05", "header": str.upper}, id="upper-case header"),
        pytest.param({"date": "2024-03-05", "header": str.title}, id="title-case header"),
        pytest.param({"date": "2024-03-05", "delimiter": ";"}, id="semicolons, BOM, decimal commas"),
        pytest.param({"date": "2024-03-05", "delimiter": "\t"}, id="tabs"),
        pytest.param(
            {"date": "05 March 2024", "delimiter": ";", "missing": "", "header": str.upper},
            id="all at once",
        ),
    ]
)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_real_variant_imports_its_good_rows(core_store, variant):
    data = _write(ROWS, **variant)
    assert detect_format(data, "export.csv") == "acled"
    report = import_events(core_store, data, "export.csv")
    assert (report.rows_read, report.rows_imported, report.refused_rows) == (3, 2, 1)
    assert [(p.row, p.column) for p in report.problems] == [(4, "latitude")]
    events = core_store.events().set_index("id")
    first, second = events.loc["acled-SYN9000001"], events.loc["acled-SYN9000002"]
    assert (first["date_start"], first["date_end"], first["date_precision"]) == ("2024-03-05", "2024-03-05", "day")
    assert (first["latitude"], first["longitude"]) == (21.9736, 95.0827)
    assert first["precision_m"] == 5000 and second["precision_m"] == 25000
    # A missing-value marker is never a value: no actor "NA", no summary "nan", no source "None".
    actors = core_store.actors()
    imported = actors[actors["origin"] == "acled"]
    assert sorted(imported["name"]) == [
        "Civilians (Myanmar)",
        "Government of Myanmar (2021-) State Administration Council",
        "Military Forces of Myanmar (2021-)",
        "PDF: People's Defense Force",
    ]
    assert second["summary"] is None or second["summary"] != second["summary"]  # None (or NaN in the frame)
    assert "Source: not given." in second["note"]
    for value in (*first.tolist(), *second.tolist()):
        if isinstance(value, str):
            assert value.strip().lower() not in {"na", "n/a", "null", "nan", "none", "#n/a", ""}, value
    if variant.get("delimiter", ",") != ",":
        assert any("separated by" in n for n in report.notices)


def test_the_delimiter_is_said_and_decimal_commas_are_counted(core_store):
    report = import_events(core_store, _write(ROWS, date="2024-03-05", delimiter=";"), "european.csv")
    assert report.delimiter == ";"
    assert "columns separated by semicolons" in report.notices[0]
    assert report.notices[1].startswith("5 value(s) in latitude, longitude were written with a decimal comma")


def test_kinds_come_from_the_inter_codes_and_the_table_not_from_the_wording(core_store):
    rows = [
        dict(GOOD_1, event_date="2024-03-05", actor1="Monywa Young People Group", inter1="3"),  # a militia, by code
        dict(GOOD_2, event_date="2024-03-05", actor1="Synthetic Workers (Myanmar)", inter1="Protesters"),
    ]
    import_events(core_store, _write(rows, date="2024-03-05"), "kinds.csv")
    kinds = core_store.actors().set_index("name")["kind"]
    assert kinds["Monywa Young People Group"] == "armed-resistance"  # the wording alone says "group"
    assert kinds["Synthetic Workers (Myanmar)"] == "group"
    assert kinds["Government of Myanmar (2021-) State Administration Council"] == "state"  # the table


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("1", "Military Forces of Myanmar (2021-)", "military"),
        ("1", "Government of Myanmar (2021-)", "state"),
        ("State forces", "Police Forces of Myanmar (2021-)", "military"),
        ("2", "AA: Arakan Army", "armed-resistance"),
        ("Rebel group", "AA: Arakan Army", "armed-resistance"),
        ("3.0", "Pyu Saw Htee", "armed-resistance"),  # the table, not the code, makes it a junta affiliate
        ("Identity militia", "X", "armed-resistance"),
        ("6", "Protesters (Myanmar)", "group"),
        ("Civilians", "Civilians (Myanmar)", "group"),
        ("8", "Military Forces of China", "military"),
        ("", "Anything", None),
        ("NA", "Anything", None),
    ],
)
def test_inter_codes_as_numbers_or_words(code, name, kind):
    assert inter_kind(code, name) == kind


def test_the_junta_names_of_acled_are_linked_with_their_relation(core_store):
    rows = [
        dict(GOOD_1, event_date="2024-03-05", assoc_actor_1="Military Forces of Myanmar (2021-) Border Guard Force"),
        dict(GOOD_2, event_date="2024-03-05", actor1="Military Forces of Myanmar (2021-) People's Militia Force"),
    ]
    report = import_events(core_store, _write(rows, date="2024-03-05"), "links.csv")
    actors = core_store.actors().set_index("name")
    assert (
        actors.loc["Government of Myanmar (2021-) State Administration Council", "affiliated_with"] == "military-junta"
    )
    assert actors.loc["Military Forces of Myanmar (2021-) Border Guard Force", "relation"] == "affiliate-of"
    assert (
        actors.loc["Military Forces of Myanmar (2021-) People's Militia Force", "affiliated_with"] == "military-junta"
    )
    lines = report.actor_lines()
    assert lines[0].startswith("actor names: 6 in the file, 4 linked to our actors")
    assert "not linked: 2 name(s)" in lines[1] and "Civilians (Myanmar) (1 event" in lines[1]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-07-20", "2025-07-20"),
        ("2025-07-20T00:00:00Z", "2025-07-20"),
        ("2025-07-20T00:00:00+06:30", "2025-07-20"),
        ("2025-07-20 00:00:00.000", "2025-07-20"),
        ("20 July 2025", "2025-07-20"),
        ("20-July-2025", "2025-07-20"),
        ("20 Jul 2025", "2025-07-20"),
        ("July 20, 2025", "2025-07-20"),
        ("2025-02-30", None),
        ("20/07/2025", None),  # day/month or month/day: not guessed
        ("NA", None),
    ],
)
def test_dates_as_datasets_write_them(text, day):
    parsed = parse_acled_date(text)
    assert (parsed.isoformat() if parsed else None) == day


def test_dataset_record_keeps_source_and_fatalities_for_the_map(core_store):
    import_events(core_store, _write(ROWS, date="2024-03-05"), "record.csv")
    with core_store._connect() as conn:
        stored = dict(conn.execute("SELECT id, provenance FROM events WHERE origin = 'acled'").fetchall())
    first = json.loads(stored["acled-SYN9000001"])["record"]
    second = json.loads(stored["acled-SYN9000002"])["record"]
    assert first == {
        "dataset": "ACLED",
        "id": "SYN9000001",
        "source": "Synthetic Weekly; Synthetic Radio",
        "fatalities": 3,
    }
    assert second["source"] is None and second["fatalities"] == 0


@pytest.mark.parametrize("raw_id", ['SYN"9000009', "SYN9000009\\", "SYN9000009\n", " SYN9000009\r\n"])
def test_an_id_with_a_quote_backslash_or_line_break_never_breaks_the_stored_provenance(core_store, raw_id):
    # The provenance is written from a template: an id must be refused, or stored clean, never pasted raw.
    rows = [dict(r, event_date="") for r in (GOOD_1, dict(GOOD_2, event_id_cnty=raw_id))]
    report = import_events(core_store, _write(rows, date="2024-03-05"), "hostile.csv")
    with core_store._connect() as conn:
        stored = dict(conn.execute("SELECT id, provenance FROM events WHERE origin = 'acled'").fetchall())
    if raw_id.strip() == "SYN9000009":  # a quoted cell's spaces and line break are trimmed, as every cell's
        assert report.problems == [] and json.loads(stored["acled-SYN9000009"])["event_id_cnty"] == "SYN9000009"
    else:
        assert [(p.row, p.column) for p in report.problems] == [(3, "event_id_cnty")]
    assert all(json.loads(text)["format"] == "acled" for text in stored.values())


def test_the_events_frame_carries_fatalities_and_source_of_imported_events_only(core_store):
    import_events(core_store, _write(ROWS, date="2024-03-05"), "frame.csv")
    events = core_store.events().set_index("id")
    first, second = events.loc["acled-SYN9000001"], events.loc["acled-SYN9000002"]
    assert (first["fatalities"], first["source"]) == (3, "Synthetic Weekly; Synthetic Radio")
    assert second["fatalities"] == 0 and pd.isna(second["source"])  # None, which pandas shows as NaN
    curated = events[events["origin"] == "curated"]
    assert curated["fatalities"].isna().all() and curated["source"].isna().all()
    assert events["record_url"].isna().all()  # neither dataset publishes a page per event


def test_a_column_named_twice_reads_its_last_copy_and_every_check_still_applies(core_store):
    # A spreadsheet merge can leave two "notes" columns: the last one is read, as before the import read columns
    # by position; a bad value in a column read by position is still refused with its row and field.
    data = _write([dict(GOOD_1, event_date=""), dict(BAD_3, event_date="")], date="2024-03-05").decode()
    lines = data.split("\r\n")
    lines[0] += ",Notes"
    lines[1] += ",the second notes column"
    lines[2] += ",also the second"
    report = import_events(core_store, "\r\n".join(lines).encode(), "twice.csv", fmt="acled")
    assert report.rows_imported == 1
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "latitude")
    [summary] = core_store.events().query("origin == 'acled'")["summary"]
    assert summary == "the second notes column"


def test_a_file_without_the_actor_type_columns_imports_its_rows_and_their_actors(core_store):
    header = [name for name in HEADER if name not in ("inter1", "inter2")]
    row = dict(GOOD_1, event_date="2024-03-05")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerow([row[name] or "" for name in header])
    report = import_events(core_store, buffer.getvalue().encode(), "no-inter.csv")
    assert (report.rows_imported, report.refused_rows) == (1, 0)
    [event] = core_store.events().query("origin == 'acled'").to_dict("records")
    assert len(event["actors"]) == 2
