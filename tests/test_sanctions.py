"""Sanctions: statuses trace to sourced rows, the filter and the gaps table, badges, imports.

The core fixture (tests/data/core) plus tests/data/sanctions_core.csv: the
junta listed by the US and the EU; Norinco under a US investment ban
(restricted, not sanctioned) and not found on the EU and SDN lists; Myanmar
Wanbao not found by the US or the EU; CNPC and the Mandalay PDF not assessed.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo import sanctions
from geo.dataset import load_dataset, validate_data_dir
from geo.errors import ImportFailed
from geo.evidence import Evidence
from geo.intake.opensanctions import match_entities, normalise_name, read_export
from geo.query import ViewState
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "data"
REPO_DATA = ROOT / "data"


@pytest.fixture
def core_data_dir(core_data_dir: Path) -> Path:
    """The core fixture data plus its sanctions.csv."""
    shutil.copy(FIXTURES / "sanctions_core.csv", core_data_dir / "sanctions.csv")
    return core_data_dir


@pytest.fixture
def data_dir(core_data_dir: Path) -> Path:
    return core_data_dir


@pytest.fixture
def store(core_store: Store) -> Store:
    return core_store


@pytest.fixture
def evidence(store: Store) -> Evidence:
    return Evidence.from_store(store)


# ------------------------------------------------------------ traceability


def _check_traceable(evidence: Evidence, data_dir: Path | None) -> None:
    """Every status a user sees (badge, matrix, filter sets) comes from a row with sources."""
    table = sanctions.status_table(evidence)
    assert not table.empty
    assert all(table["sources"].map(bool)), "a sanctions row without a source"
    assert all(url.startswith(("https://", "http://")) for urls in table["sources"] for url in urls)
    if data_dir is not None:
        with (data_dir / "sanctions.csv").open(encoding="utf-8", newline="") as handle:
            file_rows = {
                (r["actor_id"], r["jurisdiction"], r["status"], r["source_url"]) for r in csv.DictReader(handle)
            }
        for row in table.to_dict("records"):
            if row["origin"] == "curated":
                assert (row["actor_id"], row["jurisdiction"], row["status"], "|".join(row["sources"])) in file_rows
    matrix = sanctions.status_matrix(evidence)
    for record in matrix.to_dict("records"):
        for code in ("us", "eu", "uk", "ca", "au", "ch", "nz"):
            shown = record[code]
            if not shown:
                continue
            status = "none-found" if shown == "none found" else shown.split()[0]
            behind = table[
                (table["actor_id"] == record["actor_id"]) & (table["jurisdiction"] == code) & table["effective"]
            ]
            assert set(behind["status"]) == {status}, (record["actor_id"], code)
    for key, actor_ids in evidence.sanctioned.items():
        if key in ("any", "assessed") or key.startswith("restricted:"):
            continue
        for actor_id in actor_ids:
            rows = table[(table["actor_id"] == actor_id) & (table["jurisdiction"] == key)]
            assert "listed" in set(rows["status"]) and all(rows["sources"].map(bool))
    for actor_id in sanctions.badge_texts(evidence):
        assert actor_id in set(table["actor_id"])


def test_every_status_shown_traces_to_a_sourced_row_in_the_fixture(evidence, data_dir):
    _check_traceable(evidence, data_dir)


def test_every_status_shown_traces_to_a_sourced_row_in_the_real_data(tmp_path):
    if not (REPO_DATA / "sanctions.csv").exists():
        pytest.skip("data/sanctions.csv not present")
    store = Store(tmp_path / "real.sqlite")
    store.load_curated(load_dataset(REPO_DATA))
    _check_traceable(Evidence.from_store(store), REPO_DATA)


def test_real_data_keeps_the_documented_gaps_and_inferences():
    if not (REPO_DATA / "sanctions.csv").exists():
        pytest.skip("data/sanctions.csv not present")
    frame = pd.read_csv(REPO_DATA / "sanctions.csv", dtype=str, keep_default_na=False)
    status = {(r.actor_id, r.jurisdiction): set() for r in frame.itertuples()}
    for r in frame.itertuples():
        status[(r.actor_id, r.jurisdiction)].add(r.status)
    # Norinco: a US investment ban, no asset freeze anywhere
    assert "restricted" in status[("norinco", "us")]
    assert not any("listed" in s for (a, _), s in status.items() if a == "norinco")
    # CNPC and the Wanbao companies: nothing found anywhere checked
    for actor in ("cnpc", "wanbao-mining", "china-wanbao-engineering", "myanmar-wanbao"):
        assert {s for (a, _), v in status.items() if a == actor for s in v} == {"none-found"}
    # inferred values stay marked, and say what was inferred
    inferred = frame[frame["inferred"] == "true"]
    assert len(inferred) >= 10
    assert all(inferred["note"].str.contains("nfer"))
    assert set(frame.loc[frame["note"].str.contains("2021/480"), "inferred"]) == {"true"}


# ------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("actor_id", "nobody", "unknown actor id 'nobody'"),
        ("jurisdiction", "fr", "'fr' is not allowed"),
        ("status", "sanctioned", "'sanctioned' is not allowed"),
        ("listed_on", "17 May 2021", "is not ISO 8601"),
        ("source_url", "", "a required value is empty"),
        ("source_url", "see the OFAC list", "is not a web address"),
        ("inferred", "maybe", "is not true or false"),
        ("as_of", "", "a required value is empty"),
    ],
)
def test_bad_sanctions_rows_are_named_by_file_row_and_column(data_dir, column, value, message):
    path = data_dir / "sanctions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, column] = value
    frame.to_csv(path, index=False)
    _, problems = validate_data_dir(data_dir)
    assert any(
        p.file == "sanctions.csv" and p.row == 3 and p.column == column and message in p.problem for p in problems
    ), [p.describe() for p in problems]


def test_an_inferred_row_must_say_what_was_inferred(data_dir):
    path = data_dir / "sanctions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, ["inferred", "note"]] = ["true", ""]
    frame.to_csv(path, index=False)
    _, problems = validate_data_dir(data_dir)
    assert [(p.row, p.column) for p in problems] == [(2, "note")]


def test_a_bad_sanctions_file_leaves_the_store_as_it_was(store, data_dir):
    before = store.sanctions()
    (data_dir / "sanctions.csv").write_text("actor_id,jurisdiction\nnorinco,us\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"sanctions\.csv"):
        store.load_curated(load_dataset(data_dir))
    pd.testing.assert_frame_equal(store.sanctions(), before)


# ------------------------------------------------------------ filter


ALL = ["ev-contract", "ev-seizure", "site-letpadaung", "site-pipeline"]


@pytest.mark.parametrize(
    ("sanctions_filter", "by", "expected"),
    [
        ("listed", "any", ["ev-contract", "ev-seizure"]),  # the junta is listed
        ("listed", "eu", ["ev-contract", "ev-seizure"]),
        ("listed", "us", ["ev-contract", "ev-seizure"]),
        ("listed", "uk", []),  # nobody listed by the UK in the fixture
        # unlisted: an assessed actor the jurisdiction has not listed; Norinco's US
        # investment ban is not a listing; CNPC (pipeline) was never assessed
        ("unlisted", "eu", ["ev-contract", "ev-seizure", "site-letpadaung"]),
        ("unlisted", "us", ["ev-contract", "ev-seizure", "site-letpadaung"]),
        ("unlisted", "uk", ["ev-contract", "ev-seizure", "site-letpadaung"]),
        ("unlisted", "any", ["ev-contract", "ev-seizure", "site-letpadaung"]),
        (None, "any", ALL),
    ],
)
def test_sanctions_filter_selects_the_expected_events(evidence, sanctions_filter, by, expected):
    selected = evidence.select(ViewState(sanctions=sanctions_filter, sanctions_by=by))
    assert sorted(selected["id"]) == expected


def test_sanctioned_sets_count_only_asset_freezes(evidence):
    sets = evidence.sanctioned
    assert sets["us"] == {"military-junta"}
    assert sets["eu"] == {"military-junta"}
    assert sets["any"] == {"military-junta"}
    assert sets["restricted:us"] == {"norinco"}
    assert sets["assessed"] == {"military-junta", "norinco", "myanmar-wanbao"}


# ------------------------------------------------------------ gaps


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        (
            "eu",
            {
                ("myanmar-wanbao", "site-letpadaung", "none-found", "operator"),
                ("norinco", "ev-contract", "none-found", "supplier"),
                ("norinco", "ev-seizure", "none-found", "supplier"),
            },
        ),
        (
            "us",
            {
                ("myanmar-wanbao", "site-letpadaung", "none-found", "operator"),
                ("norinco", "ev-contract", "restricted", "supplier"),
                ("norinco", "ev-seizure", "restricted", "supplier"),
            },
        ),
        (
            "uk",
            {
                ("military-junta", "ev-contract", "not checked", "recipient"),
                ("military-junta", "ev-seizure", "not checked", "subject"),
                ("myanmar-wanbao", "site-letpadaung", "not checked", "operator"),
                ("norinco", "ev-contract", "not checked", "supplier"),
                ("norinco", "ev-seizure", "not checked", "supplier"),
            },
        ),
        (
            "any",
            {
                ("myanmar-wanbao", "site-letpadaung", "none-found", "operator"),
                ("norinco", "ev-contract", "restricted", "supplier"),
                ("norinco", "ev-seizure", "restricted", "supplier"),
            },
        ),
    ],
)
def test_gaps_table_lists_unlisted_actors_with_their_events(evidence, jurisdiction, expected):
    gaps = sanctions.gaps_table(evidence, jurisdiction)
    assert set(zip(gaps["actor_id"], gaps["event_id"], gaps["status"], gaps["role"])) == expected
    assert list(gaps.columns) == [name for name, _ in sanctions.GAPS_COLUMNS]


def test_gaps_rows_carry_the_event_source_and_the_sanctions_source(evidence):
    gaps = sanctions.gaps_table(evidence, "eu")
    row = gaps[(gaps["actor_id"] == "norinco") & (gaps["event_id"] == "ev-seizure")].iloc[0]
    event = evidence.events.set_index("id").loc["ev-seizure"]
    assert row["quote"] == event["quote"]
    assert row["article_title"] == "Rights group calls for sanctions on Norinco"
    assert row["article_publisher"] == "Test Post"
    assert row["event_date"] == "2025-07-20"
    assert row["sanctions_sources"] == "https://example.org/jfm-call"
    assert row["sanctions_as_of"] == "2025-07-25"


def test_gaps_of_a_selection_only(evidence):
    selection = Evidence(**{**evidence.__dict__, "events": evidence.select(ViewState(kinds=("site",)))})
    assert set(sanctions.gaps_table(selection, "eu")["event_id"]) == {"site-letpadaung"}


def test_gaps_csv_is_spreadsheet_safe(evidence):
    gaps = sanctions.gaps_table(evidence, "eu")
    gaps.loc[0, "quote"] = '=HYPERLINK("http://evil.example")'
    text = sanctions.gaps_csv(gaps)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [name for name, _ in sanctions.GAPS_COLUMNS]
    assert len(rows) == len(gaps) + 1
    assert rows[1][rows[0].index("quote")].startswith("'=")


def test_unknown_jurisdiction_is_refused(evidence):
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        sanctions.gaps_table(evidence, "fr")


# ------------------------------------------------------------ badges and dates


@pytest.mark.parametrize(
    ("actor_id", "expected"),
    [
        ("norinco", "Norinco: US investment ban (2021), no asset freeze anywhere (checked: EU*); * partly inferred"),
        ("military-junta", "Myanmar military junta: sanctioned by US (2021), EU (2022)"),
        ("myanmar-wanbao", "Myanmar Wanbao: not sanctioned anywhere (checked: US, EU)"),
        ("cnpc", ""),  # not assessed: no badge rather than a false "not sanctioned"
    ],
)
def test_badge_text(store, actor_id, expected):
    assert sanctions.badge_text(store, actor_id) == expected


@pytest.mark.parametrize(
    ("name", "aliases", "expected"),
    [
        ("China North Industries Group Corporation", "Norinco|Norinco Group", "Norinco"),
        ("Myanmar military junta", "SAC", "Myanmar military junta"),
        ("Rosatom State Atomic Energy Corporation", "", "Rosatom State Atomic Energy Corporation"),
    ],
)
def test_short_name(name, aliases, expected):
    assert sanctions.short_name(name, aliases) == expected


def test_sanctions_as_of_is_the_newest_row(store, tmp_path):
    assert sanctions.sanctions_as_of(store) == "2025-08"  # later than 2025-07-25 at month precision
    assert sanctions.sanctions_as_of(Store(tmp_path / "empty.sqlite")) is None


def test_a_change_of_sanctions_alone_makes_a_new_data_version(store, data_dir):
    version = store.data_version()
    store.load_curated(load_dataset(data_dir))  # nothing changed
    assert store.data_version() == version
    path = data_dir / "sanctions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2022-11-08,Implementing", "2022-11-09,Implementing"))
    store.load_curated(load_dataset(data_dir))
    assert store.data_version() == version + 1
    assert store.changes_since(version) == {"added": [], "removed": [], "modified": []}
    row = {"actor_id": "cnpc", "jurisdiction": "us", "status": "listed", "source_url": "https://e.org", "as_of": "2025"}
    store.replace_sanctions([row], "opensanctions:x.csv")
    store.replace_sanctions([row], "opensanctions:x.csv")  # the same again: no new version
    assert store.data_version() == version + 2


# ------------------------------------------------------------ import


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("China North Industries Group Corporation Limited", "china north industries"),
        ("Myanmar Wanbao, Ltd.", "myanmar wanbao"),
        ("Industrial Workers’ Federation of Myanmar", "industrial workers federation of myanmar"),
        ("Ministère de la Défense", "ministere de la defense"),
        ("Group", "group"),
    ],
)
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize("fixture", ["sanctions_entities.jsonl", "sanctions_targets.csv"])
def test_matching_in_both_formats(store, fixture):
    entities = read_export(FIXTURES / fixture)
    matches = {
        m.entity.name: (m.method, m.actor_ids) for m in match_entities(entities, store.actors(), store.sanctions())
    }
    junta = "State Administrative Council" if fixture.endswith("jsonl") else "STATE ADMINISTRATIVE COUNCIL"
    norinco = next(n for n in matches if n.startswith("China North"))
    mwanbao = next(n for n in matches if n.startswith("Myanmar Wanbao"))
    both = next(n for n in matches if n.startswith("Wanbao Mining"))
    assert matches[junta] == ("identifier", ["military-junta"])  # ofac-31937 is a curated list_id
    assert matches[norinco] == ("alias", ["norinco"])  # only our alias "China North Industries Group" fits
    assert matches[mwanbao] == ("name", ["myanmar-wanbao"])
    assert matches[both] == ("ambiguous", ["myanmar-wanbao", "wanbao-mining"])
    assert [v for v in matches.values() if v[0] == "none"] == [("none", [])]
    assert all(m.entity.schema != "Address" for m in match_entities(entities, store.actors(), store.sanctions()))


@pytest.mark.parametrize(
    ("fixture", "junta_as_of", "wanbao_listed_on"),
    [("sanctions_entities.jsonl", "2025-09-01", "2025-08-20"), ("sanctions_targets.csv", "2025-09-10", "")],
)
def test_import_applies_certain_matches_and_holds_uncertain_ones(
    cli, tmp_path, data_dir, fixture, junta_as_of, wanbao_listed_on
):
    store_path = tmp_path / "cli.sqlite"
    review = tmp_path / "review.csv"
    result = cli(
        "sanctions",
        "import",
        str(FIXTURES / fixture),
        "--review",
        str(review),
        GEO_DATA_DIR=data_dir,
        GEO_STORE_PATH=store_path,
    )
    assert result.returncode == 0, result.stderr
    assert "alias-only 1, ambiguous 1" in result.stdout
    assert "changes a curated status: myanmar-wanbao/eu: curated status none-found, the export says listed" in (
        result.stdout
    )
    store = Store(store_path)
    rows = store.sanctions()
    imported = rows[rows["origin"] == f"opensanctions:{fixture}"]
    # applied: the junta (identifier) and Myanmar Wanbao (name); never Norinco (alias) or Wanbao Mining (ambiguous)
    assert set(imported["actor_id"]) == {"military-junta", "myanmar-wanbao"}
    assert all(imported["source_url"].str.startswith("https://www.opensanctions.org/entities/"))
    junta = imported[imported["actor_id"] == "military-junta"]
    assert set(junta["as_of"]) == {junta_as_of}
    wanbao = imported[imported["actor_id"] == "myanmar-wanbao"].iloc[0]
    listed_on = "" if pd.isna(wanbao["listed_on"]) else wanbao["listed_on"]
    assert (wanbao["jurisdiction"], wanbao["status"], listed_on) == ("eu", "listed", wanbao_listed_on)
    # the curated rows are all still there, and the status now shown names its import
    assert len(rows[rows["origin"] == "curated"]) == 7
    evidence = Evidence.from_store(store)
    assert "myanmar-wanbao" in evidence.sanctioned["eu"]
    assert sanctions.badge_text(evidence, "myanmar-wanbao").startswith("Myanmar Wanbao: sanctioned by EU (")
    reviewed = pd.read_csv(review, dtype=str)
    assert sorted(reviewed["match"]) == ["alias", "ambiguous"]
    assert set(reviewed["candidate_actors"]) == {"norinco", "myanmar-wanbao|wanbao-mining"}
    # importing the same file again replaces its rows: nothing doubles
    again = cli("sanctions", "import", str(FIXTURES / fixture), GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path)
    assert again.returncode == 0, again.stderr
    assert len(Store(store_path).sanctions()) == len(rows)


def test_dry_run_stores_nothing_and_remove_undoes_an_import(cli, tmp_path, data_dir):
    store_path = tmp_path / "cli.sqlite"
    fixture = FIXTURES / "sanctions_targets.csv"
    dry = cli("sanctions", "import", str(fixture), "--dry-run", GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path)
    assert dry.returncode == 0 and "dry run: 2 rows would be stored" in dry.stdout
    assert set(Store(store_path).sanctions()["origin"]) == {"curated"}
    assert cli("sanctions", "import", str(fixture), GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path).returncode == 0
    removed = cli(
        "sanctions", "remove", "opensanctions:sanctions_targets.csv", GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path
    )
    assert removed.returncode == 0
    assert set(Store(store_path).sanctions()["origin"]) == {"curated"}
    refused = cli("sanctions", "remove", "curated", GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path)
    assert refused.returncode == 2 and "curated" in refused.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x", "schema": "Company"}\nnot json\n', "line 2: not valid JSON"),
        ('{"schema": "Company"}\n', "line 1: an entity needs 'id' and 'schema'"),
        ("name,aliases\nNorinco,\n", "the header lacks id, schema"),
    ],
)
def test_bad_exports_are_refused_with_the_line(tmp_path, content, message):
    path = tmp_path / "export.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message):
        read_export(path)


def test_cli_gaps_csv_and_status(cli, tmp_path, data_dir):
    store_path = tmp_path / "cli.sqlite"
    gaps = cli("sanctions", "gaps", "--by", "eu", "--format", "csv", GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path)
    assert gaps.returncode == 0, gaps.stderr
    rows = list(csv.DictReader(io.StringIO(gaps.stdout)))
    assert {(r["actor_id"], r["event_id"]) for r in rows} == {
        ("norinco", "ev-contract"),
        ("norinco", "ev-seizure"),
        ("myanmar-wanbao", "site-letpadaung"),
    }
    status = cli("sanctions", "status", "norinco", GEO_DATA_DIR=data_dir, GEO_STORE_PATH=store_path)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("Norinco: US investment ban (2021)")
    assert "https://example.org/ofac-cons" in status.stdout


# ------------------------------------------------------------ one row per actor


def test_actor_table_has_one_row_per_actor_with_roles_counts_and_words(evidence):
    table = sanctions.actor_table(evidence)
    assert table["actor_id"].is_unique
    rows = table.set_index("actor_id")
    assert rows.at["norinco", "events"] == 2 and rows.at["norinco", "roles"] == ["supplier"]
    assert rows.at["norinco", "us"] == "restricted 2021 (investment ban)"
    assert rows.at["norinco", "eu"] == "not listed (inferred)"
    assert rows.at["military-junta", "eu"] == "listed 2022"
    assert rows.at["cnpc", "us"] == "not checked" and not rows.at["cnpc", "assessed"]
    assert rows.at["military-junta", "sources"][0].startswith("https://")


@pytest.mark.parametrize(
    ("roles", "jurisdiction", "status", "expected"),
    [
        (["supplier"], "eu", "not-listed", {"norinco"}),
        (["supplier"], "uk", "not-listed", set()),  # nobody checked the UK list in this fixture
        (["supplier"], "uk", "not-checked", {"norinco"}),
        (["operator"], "any", "not-listed", {"myanmar-wanbao"}),
        (["operator"], "any", "not-checked", {"cnpc"}),
        ([], "eu", "listed", {"military-junta"}),
        ([], "any", "all", {"military-junta", "norinco", "myanmar-wanbao", "mandalay-pdf", "cnpc"}),
    ],
)
def test_actor_table_filters_never_call_the_unchecked_unsanctioned(evidence, roles, jurisdiction, status, expected):
    table = sanctions.actor_table(evidence)
    assert set(sanctions.filter_actor_table(table, roles, jurisdiction, status)["actor_id"]) == expected


def test_actor_table_csv_has_plain_headers_and_is_spreadsheet_safe(evidence):
    table = sanctions.actor_table(evidence)
    table.loc[table["actor_id"] == "norinco", "actor"] = "=HYPERLINK(1)"
    rows = list(csv.reader(io.StringIO(sanctions.actor_table_csv(table))))
    assert rows[0] == [name for name, _ in sanctions.ACTOR_TABLE_COLUMNS]
    norinco = next(r for r in rows if r[0].startswith("'="))
    assert norinco[rows[0].index("eu")] == "not listed (inferred)" and norinco[rows[0].index("roles")] == "supplier"
