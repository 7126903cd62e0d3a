"""Event imports: ACLED and generic files in, events out; bad rows named, failed imports harmless."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import ImportFailed
from geo.evidence import Evidence
from geo.export import to_csv, to_geojson
from geo.intake.acled import GEO_PRECISIONS, TIME_PRECISIONS, acled_date_interval, acled_layer
from geo.intake.actor_links import actor_slug, classify_actor, curated_names, link_actor
from geo.intake.imports import import_events
from geo.query import parse_query
from geo.store import Store

DATA = Path(__file__).parent.parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = DATA / "acled_sample.csv"
BAD = DATA / "acled_bad_rows.csv"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _snapshot(store: Store):
    events = store.events()
    return store.data_version(), store.counts(), events.drop(columns=["actors", "actor_roles"]).to_json()


def _import(store, path: Path, **kwargs):
    return import_events(store, path.read_bytes(), path.name, **kwargs)


# ------------------------------------------------------------------ the mapping tables


@pytest.mark.parametrize(
    ("event_date", "time_precision", "expected"),
    [
        ("2024-03-05", 1, ("2024-03-05", "2024-03-05", "day")),
        ("2024-03-05", 2, ("2024-02-28", "2024-03-11", "range")),
        ("2024-02-10", 3, ("2024-02-01", "2024-02-29", "month")),  # leap year
        ("2023-12-31", 3, ("2023-12-01", "2023-12-31", "month")),
        ("2021-02-01", 1, ("2021-02-01", "2021-02-01", "day")),
    ],
)
def test_time_precision_maps_to_an_interval_holding_the_true_date(event_date, time_precision, expected):
    assert acled_date_interval(dt.date.fromisoformat(event_date), time_precision) == expected


@pytest.mark.parametrize(
    ("geo_precision", "metres"),
    [(1, 5_000), (2, 25_000), (3, 150_000)],
)
def test_geo_precision_table(geo_precision, metres):
    assert GEO_PRECISIONS[geo_precision][0] == metres


def test_precision_tables_cover_every_acled_code_and_grow_coarser():
    assert sorted(TIME_PRECISIONS) == [1, 2, 3]
    assert [GEO_PRECISIONS[k][0] for k in (1, 2, 3)] == sorted(GEO_PRECISIONS[k][0] for k in (1, 2, 3))


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "layer"),
    [
        ("Battles", "Armed clash", "seizures-combat"),
        ("Battles", "Non-state actor overtakes territory", "territorial-control"),
        ("Battles", "Government regains territory", "territorial-control"),
        ("Explosions/Remote violence", "Air/drone strike", "seizures-combat"),
        ("Violence against civilians", "Attack", "seizures-combat"),
        ("Protests", "Peaceful protest", "diplomacy-sanctions"),
        ("Protests", "Excessive force against protesters", "seizures-combat"),
        ("Riots", "Mob violence", "seizures-combat"),
        ("Strategic developments", "Agreement", "diplomacy-sanctions"),
        ("Strategic developments", "Disrupted weapons use", "seizures-combat"),
        ("Strategic developments", "Headquarters or base established", "territorial-control"),
        ("Strategic developments", "A sub-type ACLED adds later", "territorial-control"),
        ("Sieges", "Blockade", None),
    ],
)
def test_event_types_map_to_layers(event_type, sub_event_type, layer):
    assert acled_layer(event_type, sub_event_type) == layer


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Military Forces of Myanmar (2021-)", "military", "Myanmar"),
        ("Police Forces of Myanmar (2021-)", "state", "Myanmar"),
        ("Government of Myanmar (2021-)", "state", "Myanmar"),
        ("Civilians (Myanmar)", "group", "Myanmar"),
        ("Protesters (Myanmar)", "group", "Myanmar"),
        ("Unidentified Armed Group (Myanmar)", "group", "Myanmar"),
        ("Pyu Saw Htee", "military", None),
        ("PDF: People's Defense Force", "armed-resistance", None),
        ("KIA: Kachin Independence Army", "armed-resistance", None),
    ],
)
def test_actor_kinds(name, kind, country):
    assert classify_actor(name) == (kind, country)


CURATED = curated_names(
    [
        {"id": "military-junta", "name": "Myanmar military junta", "aliases": "SAC|Tatmadaw", "origin": "curated"},
        {"id": "mandalay-pdf", "name": "Mandalay People's Defense Force", "aliases": "Mandalay PDF"},
        {"id": "mndaa", "name": "Myanmar National Democratic Alliance Army", "aliases": "MNDAA|Kokang army"},
        {"id": "acled-x", "name": "Imported elsewhere", "origin": "acled"},
    ]
)


@pytest.mark.parametrize(
    ("name", "link"),
    [
        ("Military Forces of Myanmar (2021-)", ("military-junta", "same-as")),
        ("Police Forces of Myanmar (2021-)", ("military-junta", "part-of")),
        ("Mandalay PDF", ("mandalay-pdf", "same-as")),
        ("Mandalay People’s Defense Force", ("mandalay-pdf", "same-as")),  # curly apostrophe
        ("MNDAA: Myanmar National Democratic Alliance Army", ("mndaa", "same-as")),
        ("Tatmadaw", ("military-junta", "same-as")),
        ("PDF: People's Defense Force", None),  # one of many PDF units: not the Mandalay PDF
        ("Military Forces of Myanmar (2011-2016)", None),  # an earlier government's forces
        ("Imported elsewhere", None),  # only curated actors are link targets
    ],
)
def test_actor_links_to_curated_actors(name, link):
    assert link_actor(name, CURATED) == link


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Military Forces of Myanmar (2021-)", "acled-military-forces-of-myanmar-2021"),
        ("PDF: People's Defense Force", "acled-pdf-people-s-defense-force"),
        ("Ta'ang", "acled-ta-ang"),
    ],
)
def test_actor_slugs(name, slug):
    assert actor_slug(name) == slug


def test_actor_slug_of_a_burmese_name_is_stable_and_ascii():
    slug = actor_slug("ပြည်သူ့ကာကွယ်ရေးတပ်")
    assert slug == actor_slug("ပြည်သူ့ကာကွယ်ရေးတပ်")
    assert slug.startswith("acled-actor-") and slug.isascii()


# ------------------------------------------------------------------ ACLED round trip


def test_acled_import_then_export_gives_back_the_rows(core_store):
    report = _import(core_store, SAMPLE)
    assert (report.rows_read, report.rows_imported, report.added, report.problems) == (8, 8, 8, [])
    events = core_store.events()
    imported = events[events["origin"] == "acled"]
    exported = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(imported)))}
    geojson = {f["id"]: f for f in to_geojson(imported)["features"]}
    for source in _rows(SAMPLE):
        row = exported[f"acled-{source['event_id_cnty']}"]
        assert float(row["latitude"]) == pytest.approx(float(source["latitude"]))
        assert float(row["longitude"]) == pytest.approx(float(source["longitude"]))
        assert geojson[row["id"]]["geometry"]["coordinates"] == [float(source["longitude"]), float(source["latitude"])]
        assert int(row["location_precision_m"]) == GEO_PRECISIONS[int(source["geo_precision"])][0]
        assert row["category"] == acled_layer(source["event_type"], source["sub_event_type"])
        assert row["summary"] == source["notes"]
        assert row["origin"] == "acled"
        assert f"Fatalities: {source['fatalities']}." in row["note"]
        assert f"Source: {source['source']}." in row["note"]
        assert "_precision" not in row["note"]  # plain words, no column names
        assert row["place"].startswith(source["location"])
        names = [source[c] for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2") if source[c]]
        names = [part.strip() for name in names for part in name.split(";")]
        assert row["actors"].split("|") == [actor_slug(n) for n in names]
    by_id = {r["id"]: r for r in exported.values()}
    assert by_id["acled-SYN0000002"]["date_start"] == "2024-04-06"  # '12 April 2024', week precision
    assert by_id["acled-SYN0000003"]["date_precision"] == "month"


def test_acled_events_keep_their_provenance(core_store):
    _import(core_store, SAMPLE)
    with core_store._connect() as conn:
        provenance = json.loads(
            conn.execute("SELECT provenance FROM events WHERE id = 'acled-SYN0000004'").fetchone()[0]
        )
    assert provenance == {
        "format": "acled",
        "file": "acled_sample.csv",
        "row": 5,
        "event_id_cnty": "SYN0000004",
        "record": {"dataset": "ACLED", "id": "SYN0000004", "source": "Synthetic Weekly", "fatalities": 0},
    }


def test_importing_the_same_file_twice_adds_nothing(core_store):
    _import(core_store, SAMPLE)
    version = core_store.data_version()
    again = _import(core_store, SAMPLE)
    assert (again.added, again.modified, again.unchanged) == (0, 0, 8)
    assert core_store.data_version() == version


def test_imported_events_are_filterable_by_origin_and_by_linked_actor(core_store):
    _import(core_store, SAMPLE)
    evidence = Evidence.from_store(core_store)
    state, notices = parse_query("origin=acled", evidence.vocabulary)
    assert notices == []
    assert len(evidence.select(state)) == 8
    state, _ = parse_query("origin=curated", evidence.vocabulary)
    assert not evidence.select(state)["id"].str.startswith("acled-").any()
    # ACLED's "Military Forces of Myanmar (2021-)" is linked to the curated junta, so actor=military-junta finds it.
    state, _ = parse_query("actor=military-junta&origin=acled", evidence.vocabulary)
    assert sorted(evidence.select(state)["id"].str[-1]) == ["1", "2", "3", "5", "7", "8"]  # 8: police, part-of
    state, _ = parse_query("actor=military-junta&affiliates=0&origin=acled", evidence.vocabulary)
    assert len(evidence.select(state)) == 0


def test_acled_actors_are_stored_with_their_origin_and_links(core_store):
    report = _import(core_store, SAMPLE)
    actors = core_store.actors().set_index("id")
    assert actors.loc["acled-military-forces-of-myanmar-2021", "affiliated_with"] == "military-junta"
    assert actors.loc["acled-mandalay-pdf", "affiliated_with"] == "mandalay-pdf"
    assert pd.isna(actors.loc["acled-pdf-people-s-defense-force", "affiliated_with"])
    assert set(actors[actors.index.str.startswith("acled-")]["origin"]) == {"acled"}
    assert report.linked_actors == {
        "acled-military-forces-of-myanmar-2021": "military-junta",
        "acled-mandalay-pdf": "mandalay-pdf",
        "acled-police-forces-of-myanmar-2021": "military-junta",
        "acled-pyu-saw-htee": "military-junta",  # an affiliate, by data/dataset_actors.csv
    }
    assert actors.loc["acled-pyu-saw-htee", "relation"] == "affiliate-of"
    assert actors.loc["acled-police-forces-of-myanmar-2021", "relation"] == "part-of"


# ------------------------------------------------------------------ bad rows


def test_bad_rows_are_reported_by_row_and_field_and_good_rows_kept(core_store):
    report = _import(core_store, BAD)
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "event_date"),
        (4, "latitude"),
        (5, "time_precision"),
        (5, "event_type"),
        (7, "event_id_cnty"),
        (8, "actor1"),
        (8, "fatalities"),
    ]
    assert all(p.fix for p in report.problems)
    assert "swap" in report.problems[1].fix
    assert "repeats row 2" in report.problems[4].problem
    ids = set(core_store.events()["id"])
    assert {"acled-SYN0000101", "acled-SYN0000105"} <= ids
    assert not ids & {"acled-SYN0000102", "acled-SYN0000103", "acled-SYN0000104", "acled-SYN0000107"}
    assert "5 refused (7 problem(s))" in report.summary()


# ------------------------------------------------------------------ failed imports


ACLED_HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (ACLED_HEADER.encode() + b"\nSYN1,2024-01-01,caf\xe9\n", "acled", "not UTF-8"),
        (b"a,b\n1,2\n", "acled", "not an ACLED export"),
        (b"", "acled", "empty"),
        (b"id,title,category,latitude,longitude\n", "acled", "this tool's own CSV"),
        (ACLED_HEADER.encode() + b"\n", "csv", "looks like an ACLED export"),
        (b'{"type": "Feature"}', "geojson", "not a GeoJSON FeatureCollection"),
        (b"{not json", "geojson", "not JSON"),
        (b"\n".join(BAD.read_bytes().splitlines()[i] for i in (0, 2, 3, 4, 7)), "acled", "no row could be imported"),
    ],
)
def test_a_failed_import_leaves_the_store_as_it_was(core_store, content, fmt, message):
    before = _snapshot(core_store)
    with pytest.raises(ImportFailed, match=message):
        import_events(core_store, content, "upload.csv", fmt=fmt)
    assert _snapshot(core_store) == before


def test_a_store_error_midway_rolls_the_whole_import_back(core_store, monkeypatch):
    before = _snapshot(core_store)
    original = Store._record_version

    def failing(self, conn, changes, description, *rest):
        original(self, conn, changes, description, *rest)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_record_version", failing)
    with pytest.raises(RuntimeError):
        _import(core_store, SAMPLE)
    monkeypatch.undo()
    assert _snapshot(core_store) == before


@pytest.mark.parametrize("origin", ["curated", "ingest", "bad origin!", ""])
def test_reserved_or_malformed_origins_are_refused(core_store, origin):
    with pytest.raises(ImportFailed, match="cannot name an import"):
        _import(core_store, SAMPLE, origin=origin or " ")


def test_an_acled_file_under_another_origin_cannot_take_over_events(core_store):
    _import(core_store, SAMPLE)
    with pytest.raises(ImportFailed, match="already belongs to origin 'acled'") as refused:
        _import(core_store, SAMPLE, origin="import:copy")
    # the id as the file writes it, not the store's internal one
    first_id = next(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))["event_id_cnty"]
    assert f"'{first_id}' already belongs" in str(refused.value)
    assert "'acled-" not in str(refused.value)


def test_replace_removes_the_events_a_new_file_no_longer_holds(core_store, tmp_path):
    _import(core_store, SAMPLE)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "acled_smaller.csv"
    smaller.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    kept = _import(core_store, smaller)
    assert kept.removed == 0 and (core_store.events()["origin"] == "acled").sum() == 8
    replaced = _import(core_store, smaller, replace=True)
    assert replaced.removed == 5
    assert sorted(core_store.events().query("origin == 'acled'")["id"]) == [
        "acled-SYN0000001",
        "acled-SYN0000002",
        "acled-SYN0000003",
    ]
    assert len(core_store.events().query("origin == 'curated'")) > 0  # other origins untouched


# ------------------------------------------------------------------ generic CSV and GeoJSON


def _export_without_origin(store: Store, origin: str) -> list[dict]:
    events = store.events()
    rows = list(csv.DictReader(io.StringIO(to_csv(events[events["origin"] == origin]))))
    for row in rows:
        row.pop("origin")
    return rows


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_generic_round_trip_export_import_export(core_store, tmp_path, fmt):
    _import(core_store, SAMPLE)
    events = core_store.events()
    acled = events[events["origin"] == "acled"]
    text = to_csv(acled) if fmt == "csv" else json.dumps(to_geojson(acled))
    second = Store(tmp_path / "second.sqlite")
    report = import_events(second, text.encode(), f"exported.{fmt}", fmt=fmt, origin="import:roundtrip")
    assert report.problems == [] and report.rows_imported == 8
    assert _export_without_origin(second, "import:roundtrip") == _export_without_origin(core_store, "acled")


def test_generic_csv_with_bad_rows_keeps_the_good_ones(core_store):
    text = (
        "id,title,category,latitude,longitude,date_start,date_end,actor_roles,location_precision_m\n"
        "imp-1,Good row,arms-supply,21.9,96.1,2024-01-01,2024-01-01,norinco:supplier,2000\n"
        "imp-2,Unknown layer,weapons,21.9,96.1,,,,\n"
        "ev-seizure,Takes a curated id,arms-supply,21.9,96.1,,,,\n"
        "imp-4,Bad date,arms-supply,21.9,96.1,2024-13-01,,,\n"
        "imp-5,Bad role,arms-supply,21.9,96.1,,,norinco:sponsor,\n"
        "imp-6,No precision given,arms-supply,21.9,96.1,,,new-actor:party,\n"
    )
    report = import_events(core_store, text.encode(), "mine.csv", fmt="csv")
    assert report.origin == "import:mine"
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "category"),
        (4, "id"),
        (5, "date_start"),
        (6, "actor_roles"),
    ]
    assert "already belongs to origin 'curated'" in str(report.problems[1])
    events = core_store.events().set_index("id")
    assert events.loc["imp-1", "actors"] == ["norinco"]
    assert events.loc["imp-1", "date_precision"] == "day"
    assert events.loc["imp-6", "precision_m"] == 10_000
    assert "10 km assumed" in events.loc["imp-6", "note"]
    assert "new-actor" in report.notices[0]
    assert events.loc["ev-seizure", "origin"] == "curated"


def test_geojson_features_are_numbered_and_non_points_refused(core_store):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "g-1",
                "geometry": {"type": "Point", "coordinates": [96.1, 21.9]},
                "properties": {"title": "A point", "category": "infrastructure"},
            },
            {
                "type": "Feature",
                "id": "g-2",
                "geometry": {"type": "LineString", "coordinates": [[96, 21], [97, 22]]},
                "properties": {"title": "A line", "category": "infrastructure"},
            },
        ],
    }
    report = import_events(core_store, json.dumps(collection).encode(), "lines.geojson")
    assert report.format == "geojson" and report.rows_imported == 1
    assert "feature 2" in str(report.problems[0]) and "Point" in str(report.problems[0])
    event = core_store.events().set_index("id").loc["g-1"]
    assert (event["latitude"], event["longitude"]) == (21.9, 96.1)


# ------------------------------------------------------------------ command line


def test_import_command_reports_refused_rows_and_exits_2_on_failure(cli, tmp_path):
    ok = cli("import", str(BAD), "--quiet")
    assert ok.returncode == 0, ok.stderr
    assert "2 imported under origin 'acled'" in ok.stdout
    assert "refused: acled_bad_rows.csv, row 3, column 'event_date'" in ok.stderr
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    failed = cli("import", str(wrong), "--format", "acled")
    assert failed.returncode == 2
    assert "not an ACLED export" in failed.stderr and "Traceback" not in failed.stderr
    exported = cli("export", "--format", "csv", "--query", "origin=acled")
    assert exported.stdout.count("acled-SYN") == 2


# ------------------------------------------------------------------ hostile input


def _acled_lines(count: int, bad_latitude: bool = False) -> list[str]:
    header, row = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    cells = next(csv.reader([row]))
    lines = [header]
    for number in range(count):
        cells[0] = f"SYN{number:07d}"
        if bad_latitude:
            cells[16] = "north"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        lines.append(buffer.getvalue())
    return lines


def test_a_superscript_fatality_count_is_a_row_error_not_a_traceback(core_store):
    lines = _acled_lines(2)
    lines[2] = lines[2].rsplit(",", 1)[0] + ",²"  # '²'.isdigit() is True, int('²') raises
    report = import_events(core_store, "\n".join(lines).encode(), "super.csv")
    assert report.rows_imported == 1
    assert [(p.row, p.column) for p in report.problems] == [(3, "fatalities")]
    assert "'²' is not a count" in str(report.problems[0])


def test_rows_with_extra_cells_are_reported_not_taken(core_store):
    lines = _acled_lines(3)
    lines[2] += ",shifted,cells"
    lines[3] += ",,"  # trailing empty cells, as some spreadsheets write: harmless
    report = import_events(core_store, "\n".join(lines).encode(), "extra.csv")
    assert report.rows_imported == 2
    assert [p.row for p in report.problems] == [3]
    assert "has 24 cells but the header names 22 columns" in str(report.problems[0])
    assert "quote the cell" in report.problems[0].fix


def test_a_cell_over_the_csv_limit_names_its_row_and_field_and_keeps_the_rest(core_store):
    lines = _acled_lines(3)
    cells = next(csv.reader([lines[3]]))
    cells[20] = "x" * 200_000  # notes
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[3] = buffer.getvalue()
    report = import_events(core_store, "\n".join(lines).encode(), "long.csv")
    assert report.rows_imported == 2
    [problem] = report.problems
    assert (problem.row, problem.column) == (4, "notes")
    assert "200,000 characters, more than the 131,072" in problem.problem


def test_an_unclosed_quote_refuses_the_file_with_the_fix(core_store):
    lines = _acled_lines(2)
    lines[2] = lines[2].replace("Synthetic test row", '"Synthetic test row', 1)
    data = ("\n".join(lines) + "\n" + "y" * (17 * 1024 * 1024)).encode()
    before = _snapshot(core_store)
    with pytest.raises(ImportFailed, match="never closed") as failure:
        import_events(core_store, data, "quote.csv")
    assert "row 3" in str(failure.value) and "Fix: close the quoted field" in str(failure.value)
    assert _snapshot(core_store) == before


def test_a_byte_that_is_not_utf8_late_in_the_file_names_its_line(core_store):
    lines = _acled_lines(5)
    data = "\n".join(lines).encode().replace(b"Synthetic Weekly", b"Synth\xe9tic Weekly")
    before = _snapshot(core_store)
    with pytest.raises(ImportFailed, match=r"not UTF-8 text \(byte 0xe9 at offset \d+, line 2\)"):
        import_events(core_store, data, "latin1.csv")
    assert _snapshot(core_store) == before


def _feature(number, geometry=None, properties=None):
    return {
        "type": "Feature",
        "id": f"g-{number}",
        "geometry": geometry if geometry is not None else {"type": "Point", "coordinates": [96.1, 21.9]},
        "properties": properties
        if properties is not None
        else {"title": f"Point {number}", "category": "infrastructure"},
    }


def test_geojson_features_with_broken_members_are_refused_and_good_ones_kept(core_store):
    features = [
        _feature(1),
        _feature(2, geometry=[96.1, 21.9]),
        _feature(3, geometry="POINT (96.1 21.9)"),
        _feature(4, properties=["title", "category"]),
        _feature(5, properties="a string"),
        _feature(6, geometry={"type": "Point", "coordinates": ["96", {"a": 1}]}),
        _feature(7, properties={"title": "NaN props", "category": "infrastructure", "summary": "nan", "note": None}),
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    report = import_events(core_store, data, "hostile.geojson")
    assert report.rows_imported == 2
    assert [(p.file.rpartition(", ")[2], p.column) for p in report.problems] == [
        ("feature 2", "geometry"),
        ("feature 3", "geometry"),
        ("feature 4", "properties"),
        ("feature 5", "properties"),
        ("feature 6", "geometry"),
    ]
    event = core_store.events().set_index("id").loc["g-7"]
    assert event["summary"] is None or event["summary"] != event["summary"]  # missing, not the text "nan"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"type": "FeatureCollection", "features": 5}', "not a list of features"),
        ('{"type": "FeatureCollection", "features": "x"}', "not a list of features"),
        ('{"type": "FeatureCollection", "features": [' + "[" * 20_000 + "]" * 20_000 + "]}", "nested too deeply"),
    ],
)
def test_geojson_that_cannot_hold_features_is_refused_cleanly(core_store, document, message):
    before = _snapshot(core_store)
    with pytest.raises(ImportFailed, match=message):
        import_events(core_store, document.encode(), "bad.geojson")
    assert _snapshot(core_store) == before


def test_a_disk_that_fills_during_the_import_gives_a_clear_error_and_changes_nothing(core_store, monkeypatch):
    import sqlite3

    data = "\n".join(_acled_lines(3000)).encode()
    before = _snapshot(core_store)
    real_connect = sqlite3.connect

    def small_disk(*args, **kwargs):  # SQLite refuses to grow the file past its size now + 2 pages
        conn = real_connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    with pytest.raises(ImportFailed) as failure:
        import_events(core_store, data, "big.csv")
    monkeypatch.undo()
    assert "disk holding the store filled up" in str(failure.value)
    assert "Fix: free some space" in str(failure.value)
    assert _snapshot(core_store) == before


def test_memory_does_not_grow_with_the_number_of_rows_read(core_store):
    import tracemalloc

    peaks = []
    for count in (2_000, 12_000):
        data = "\n".join(_acled_lines(count, bad_latitude=True) + _acled_lines(1)[1:]).encode()
        tracemalloc.start()
        report = import_events(core_store, data, "many.csv")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert report.refused_rows == count and report.rows_imported == 1
        assert len(report.problems) == 1000 and report.problem_count == count
        peaks.append(peak)  # the bytes handed in were allocated before tracing started
    assert peaks[1] < peaks[0] + 2_000_000, peaks


# ------------------------------------------------ the faster import gives what the row-by-row one gave

IMPORT_SNAPSHOT = DATA / "import_snapshot.json.gz"


def import_snapshot(folder: Path) -> dict:
    """What each committed sample file and each synthetic variant gives: events, actors, problems, report, stored rows.

    ``tests/data/import_snapshot.json.gz`` was written by this function running on the row-by-row import code
    from before the import was sped up (commit cb28800): ``import_snapshot(folder)`` dumped as sorted JSON.
    """
    from geo.intake.imports import parse_import
    from geo.intake.synthetic import write_acled_csv

    files = [(name, (DATA / name).read_bytes()) for name in ("acled_sample.csv", "acled_bad_rows.csv")]
    files.append(("ucdp_ged_sample.csv", (DATA / "ucdp_ged_sample.csv").read_bytes()))
    number = 0
    for dates in ("iso", "timestamp", "words"):
        for delimiter in ("comma", "semicolon", "tab"):
            for missing, upper in (("", False), ("NA", True)):
                number += 1
                path = write_acled_csv(
                    folder / f"variant{number}.csv", 60, seed=number, dates=dates, missing=missing,
                    upper_headers=upper, delimiter=delimiter, colocated=0.5,
                )  # fmt: skip
                files.append((f"synthetic-{dates}-{delimiter}-{missing or 'empty'}-{upper}.csv", path.read_bytes()))
    snapshot = {}
    for name, data in files:
        parsed = parse_import(data, name)
        store = Store(folder / f"{name}.sqlite")
        report = import_events(store, data, name)
        stored = json.loads(store.events().sort_values("id").to_json(orient="records"))
        snapshot[name] = {
            "events": [
                dict(event, actor_roles=[list(pair) for pair in event["actor_roles"]]) for event in parsed.events
            ],
            "actors": parsed.actors,
            "problems": [str(problem) for problem in parsed.problems],
            "notices": parsed.notices,
            "counts": [parsed.rows_read, parsed.refused_rows, parsed.problem_count, parsed.delimiter, parsed.format],
            "report": [report.summary(), report.actor_lines()],
            "stored": stored,
        }
    return json.loads(json.dumps(snapshot, sort_keys=True, ensure_ascii=False, default=str))


def test_imports_give_field_by_field_what_the_row_by_row_code_gave(tmp_path):
    import gzip

    expected = json.loads(gzip.decompress(IMPORT_SNAPSHOT.read_bytes()))
    actual = import_snapshot(tmp_path)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        for part in expected[name]:
            if part in ("events", "stored"):
                assert len(actual[name][part]) == len(expected[name][part]), (name, part)
                for got, want in zip(actual[name][part], expected[name][part], strict=True):
                    assert got == want, (name, part, {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v})
            else:
                assert actual[name][part] == expected[name][part], (name, part)


def test_a_long_import_reports_its_progress_while_it_stores_and_ends_at_the_whole(core_store, tmp_path, monkeypatch):
    import geo.event_writes
    from geo.intake.synthetic import write_acled_csv

    monkeypatch.setattr(geo.event_writes, "WRITE_PART", 100)  # a part of 100 events: 450 rows make a long write
    path = write_acled_csv(tmp_path / "long.csv", 450, seed=3, dates="timestamp", missing="NA")
    heard: list[tuple[float, str]] = []
    report = import_events(
        core_store, path, "long.csv", progress=lambda fraction, message: heard.append((fraction, message))
    )
    assert report.added == 450
    fractions = [fraction for fraction, _ in heard]
    assert fractions == sorted(fractions) and fractions[0] >= 0 and fractions[-1] == 1.0
    storing = [(fraction, message) for fraction, message in heard if fraction > 0.5]
    messages = [message for _, message in storing]
    assert "100 of 450 events compared with the store" in messages
    assert [m for m in messages if m.endswith("events written") and m.split()[0] in ("100", "200", "450")] == [
        "100 of 450 events written",
        "200 of 450 events written",
        "450 of 450 events written",
    ]
    assert any(m == "recording 450 event change(s) in the history" for m in messages)
    assert messages[-2:] == ["saving", "saved"]
    # the same file again: nothing to write, and the bar still ends at the whole
    heard.clear()
    again = import_events(
        core_store, path, "long.csv", progress=lambda fraction, message: heard.append((fraction, message))
    )
    assert again.unchanged == 450 and heard[-1] == (1.0, "saved")
    assert not any(message.endswith("events written") for _, message in heard)
