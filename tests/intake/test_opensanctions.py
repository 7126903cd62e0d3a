"""OpenSanctions exports (geo.intake.opensanctions), function by function.

tests/test_sanctions.py runs the import through the command line on
tests/data/sanctions_entities.jsonl and sanctions_targets.csv; here the
reader, the matcher and the plan are checked directly, on
tests/data/opensanctions_ftm.jsonl (a Sanction before its subject, a blank
line, previous names, a Wikidata id, schemas that are not parties) and on
small exports written by each test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import ImportFailed
from geo.intake.opensanctions import (
    ExportEntity,
    ImportPlan,
    Match,
    match_entities,
    normalise_name,
    plan_import,
    read_export,
)
from geo.store import Store

FIXTURES = Path(__file__).parent.parent / "data"
HEADER = "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,dataset,first_seen,last_seen,last_change\n"  # fmt: skip


def _write(tmp_path: Path, text: str, name: str = "export.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _actors(*rows: tuple) -> pd.DataFrame:
    """Actors as the store gives them: id, name, aliases ('|'-joined), opensanctions_id, wikidata_qid."""
    return pd.DataFrame(rows, columns=["id", "name", "aliases", "opensanctions_id", "wikidata_qid"])


NO_CURATED = pd.DataFrame()


# ------------------------------------------------------------ reading FollowTheMoney JSON lines


def test_ftm_parties_are_read_with_their_names_identifiers_and_sanctions():
    entities = {e.id: e for e in read_export(FIXTURES / "opensanctions_ftm.jsonl")}
    assert sorted(entities) == ["NK-body", "NK-kbz", "NK-person"]  # no Sanction, Vessel or Address
    htoo = entities["NK-kbz"]
    assert (htoo.schema, htoo.name, htoo.line) == ("Company", "Htoo Trading Company Limited", 2)
    # every other name, alias and previous name is an alias; the caption is not repeated
    assert htoo.aliases == ["HTOO TRADING CO LTD", "Htoo Group", "Htoo Trading Ltd"]
    assert htoo.identifiers == {"NK-kbz", "ofac-99001", "eu-fsf-eu-9001", "Q999001"}
    assert htoo.datasets == ["us_ofac_sdn", "eu_fsf"]
    assert htoo.topics == ["sanction", "export.control"]
    assert htoo.last_seen == "2025-09-30"  # no last_change: last_seen, as a date


def test_sanction_entities_are_folded_into_their_subject_wherever_they_stand():
    htoo = next(e for e in read_export(FIXTURES / "opensanctions_ftm.jsonl") if e.id == "NK-kbz")
    # san-1 comes before the company, san-2 after a blank line; programmes are not repeated
    assert htoo.programmes == ["EU-MMR", "BURMA-EO14014", "EO13448"]
    assert htoo.source_urls == ["https://example.org/ofac-2023", "https://example.org/ofac-2021"]
    # the earliest start date per jurisdiction; a Russian sanction (no jurisdiction of ours) is left out
    assert htoo.start_dates == {"us": "2021-02-11", "uk": "2022-05-01"}
    assert htoo.countries == {"us", "uk"}
    assert htoo.jurisdictions() == {"us": "listed", "eu": "listed", "uk": "listed"}


@pytest.mark.parametrize(
    ("entity_id", "name", "last_seen", "line"),
    [
        ("NK-person", "Min Aung Hlaing", "2025-08-01", 8),  # no caption: the first name; last_change wins
        ("NK-body", "NK-body", "", 11),  # no name at all: the id stands in
    ],
)
def test_an_entity_without_a_caption_is_named_by_its_first_name_or_its_id(entity_id, name, last_seen, line):
    entity = next(e for e in read_export(FIXTURES / "opensanctions_ftm.jsonl") if e.id == entity_id)
    assert (entity.name, entity.last_seen, entity.line) == (name, last_seen, line)


def test_an_export_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "sanctions_entities.jsonl").read_bytes())
    assert "NK-junta" in {e.id for e in read_export(path)}


# ------------------------------------------------------------ reading the simple CSV


def test_simple_csv_rows_are_read_with_split_cells_and_line_numbers(tmp_path):
    text = HEADER + (
        'NK-1,Company,"Myanmar Wanbao, Ltd.","Wanbao;""Wanbao, the miner"";  ;Myanmar Wanbao Mining",,mm,,,'
        "EU Myanmar/Burma;UK Myanmar,,,EU Financial Sanctions Files (FSF);UK FCDO Sanctions List,"
        "2025-08-21T00:00:00,2025-09-30T00:00:00,2025-09-12T08:00:00\n"
        "NK-2,Vessel,MV Sea Star,,,,,,,,,US OFAC Specially Designated Nationals (SDN) List,,,\n"
        "NK-3,Person,Somebody,,,,,,,,,US OFAC Specially Designated Nationals (SDN) List,,2025-01-02T00:00:00,\n"
    )
    entities = read_export(_write(tmp_path, text, "targets.simple.csv"))
    assert [e.id for e in entities] == ["NK-1", "NK-3"]  # vessels are not parties
    wanbao, somebody = entities
    assert wanbao.name == "Myanmar Wanbao, Ltd."
    assert wanbao.aliases == ["Wanbao", "Wanbao, the miner", "Myanmar Wanbao Mining"]  # quoted ';' kept, blanks out
    assert wanbao.programmes == ["EU Myanmar/Burma", "UK Myanmar"]
    assert wanbao.topics == ["sanction"]
    assert wanbao.identifiers == {"NK-1"}
    assert wanbao.last_seen == "2025-09-12"
    assert wanbao.jurisdictions() == {"eu": "listed", "uk": "listed"}
    assert (wanbao.line, somebody.line) == (2, 4)
    assert (somebody.topics, somebody.programmes, somebody.last_seen) == ([], [], "2025-01-02")


def test_simple_csv_programmes_fall_back_to_program_ids(tmp_path):
    text = "id,schema,name,sanctions,program_ids,dataset\nNK-1,Company,Norinco,,CMIC-EO13959;NS-MBS,us_ofac_cons\n"
    (entity,) = read_export(_write(tmp_path, text))
    assert entity.programmes == ["CMIC-EO13959", "NS-MBS"]
    assert entity.jurisdictions() == {"us": "restricted"}


# ------------------------------------------------------------ bad exports, named by line


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "schema": "Company"}\n\n\n{"id": "b", "schema": ', "line 4: not valid JSON"),  # blanks count
        ('{"id": "a", "schema": "Company"}\n[1, 2]\n', "line 2: an entity needs 'id' and 'schema'"),
        ('{"id": "", "schema": "Company"}\n', "line 1: an entity needs 'id' and 'schema'"),
        ('{"id": "a"}\n', "line 1: an entity needs 'id' and 'schema'"),
        ("id,schema,name\nNK-1,Company,A\n,Company,B\n", "row 3, column 'id': empty"),
        ("id,name\nNK-1,A\n", "row 1: the header lacks schema"),
        ("", "row 1: the header lacks id, schema, name"),
    ],
)
def test_a_bad_line_is_refused_with_its_number_and_the_file_name(tmp_path, content, message):
    with pytest.raises(ImportFailed, match=message) as caught:
        read_export(_write(tmp_path, content, "my-export.json"))
    assert "my-export.json" in str(caught.value) and "Fix:" in str(caught.value)


def test_a_missing_export_says_which_path(tmp_path):
    with pytest.raises(ImportFailed, match="no such file") as caught:
        read_export(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in str(caught.value)


def test_an_export_that_is_not_utf8_is_refused(tmp_path):
    path = _write(tmp_path, HEADER + "NK-1,Company,Ministère de la Défense,,,,,,,,,,,,\n", "latin1.csv", "latin-1")
    with pytest.raises(ImportFailed, match="not UTF-8"):
        read_export(path)


# ------------------------------------------------------------ names and jurisdictions


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Norinco Group Co., Ltd.", "norinco"),  # legal forms drop from the end, one after another
        ("NORINCO LIMITED", "norinco"),
        ("Sky One Construction Co.,Ltd", "sky one construction"),
        ("Htoo Trading Pte. Ltd", "htoo trading"),
        ("The Limited Company", "the"),  # never down to nothing
        ("Limited Group Holdings", "limited group holdings"),  # only at the end
        ("  Myanma   Economic\tHoldings  ", "myanma economic holdings"),
        ("Myawaddy Bank PLC", "myawaddy bank"),
        ("Ministère de la Défense", "ministere de la defense"),
        ("", ""),
    ],
)
def test_names_are_normalised_for_matching(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize(
    ("datasets", "identifiers", "expected"),
    [
        (["us_ofac_sdn"], set(), {"us": "listed"}),
        (["us_ofac_cons"], set(), {"us": "restricted"}),  # a non-SDN list restricts, does not freeze
        (["US OFAC Consolidated (non-SDN) Sanctions List"], set(), {"us": "restricted"}),
        (["us_ofac_cons", "us_ofac_sdn"], set(), {"us": "listed"}),  # the stronger status wins
        (["us_ofac_sdn", "us_ofac_cons"], set(), {"us": "listed"}),
        ([], {"ofac-31937"}, {"us": "listed"}),  # a referent names the list
        ([], {"eu-fsf-eu-9001", "gb-fcdo-mya0027"}, {"eu": "listed", "uk": "listed"}),
        (["UK HM Treasury"], set(), {"uk": "listed"}),
        (["ca_dfatd_sema_sanctions", "au_dfat_sanctions"], set(), {"ca": "listed", "au": "listed"}),
        (["Swiss SECO Sanctions/Embargoes"], set(), {"ch": "listed"}),
        (["nz_russia_sanctions"], set(), {"nz": "listed"}),
        (["interpol_red_notices", "everypolitician"], {"Q123"}, {}),  # not sanctions lists of ours
    ],
)
def test_jurisdictions_and_statuses_come_from_datasets_and_referents(datasets, identifiers, expected):
    entity = ExportEntity(id="NK-x", schema="Company", name="X", datasets=datasets, identifiers={"NK-x", *identifiers})
    assert entity.jurisdictions() == expected


# ------------------------------------------------------------ matching


ACTORS = _actors(
    ("htoo", "Htoo Group", "Htoo Trading", "", ""),
    ("norinco", "Norinco", "China North Industries Group", "NK-norinco", "Q1053"),
    ("wanbao-mining", "Wanbao Mining", "", "", ""),
    ("myanmar-wanbao", "Myanmar Wanbao", "", "", ""),
    ("mec", "Myanmar Economic Corporation", "MEC", "", ""),
    ("mec-two", "Mining Enterprise Company", "MEC", "", ""),
)


def _entity(entity_id: str, name: str, aliases=(), identifiers=()) -> ExportEntity:
    return ExportEntity(
        id=entity_id, schema="Company", name=name, aliases=list(aliases), identifiers={entity_id, *identifiers}
    )


@pytest.mark.parametrize(
    ("entity", "method", "actor_ids"),
    [
        # an identifier wins over any name: the entity id, a referent, a Wikidata id
        (_entity("NK-norinco", "Some Other Name"), "identifier", ["norinco"]),
        (_entity("NK-x", "Unrelated", identifiers=["Q1053"]), "identifier", ["norinco"]),
        (_entity("NK-x", "Wanbao Mining", identifiers=["Q1053"]), "identifier", ["norinco"]),
        # the name, normalised: case, accents, punctuation, legal forms
        (_entity("NK-x", "MYANMAR WANBAO CO., LTD."), "name", ["myanmar-wanbao"]),
        (_entity("NK-x", "Myanmar Wanbáo Limited"), "name", ["myanmar-wanbao"]),
        (_entity("NK-x", "Wanbao Mining", aliases=["Wanbao"]), "name", ["wanbao-mining"]),
        (_entity("NK-x", "Htoo"), "name", ["htoo"]),  # "Group" is a legal form: Htoo Group is Htoo
        # an alias alone is held for review
        (_entity("NK-x", "Htoo Trading Ltd"), "alias", ["htoo"]),  # our alias is their name
        (_entity("NK-x", "China North Industries Group Corporation Limited"), "alias", ["norinco"]),
        (_entity("NK-x", "Some Name", aliases=["Myanmar Wanbao"]), "alias", ["myanmar-wanbao"]),
        # several actors fit: held for review with every candidate
        (_entity("NK-x", "MEC"), "ambiguous", ["mec", "mec-two"]),
        (
            _entity("NK-x", "Wanbao Mining", aliases=["Myanmar Wanbao"]),
            "ambiguous",
            ["myanmar-wanbao", "wanbao-mining"],
        ),
        # nothing fits
        (_entity("NK-x", "Norinco Mining"), "none", []),
    ],
)
def test_an_entity_matches_by_identifier_then_name_then_alias(entity, method, actor_ids):
    (match,) = match_entities([entity], ACTORS, NO_CURATED)
    assert (match.method, match.actor_ids) == (method, actor_ids)
    assert match.applied is (method in ("identifier", "name"))


def test_a_curated_list_id_is_an_identifier():
    curated = pd.DataFrame([{"actor_id": "htoo", "list_id": "ofac-99001", "origin": "curated"}])
    (match,) = match_entities([_entity("NK-kbz", "Anything", identifiers=["ofac-99001"])], ACTORS, curated)
    assert (match.method, match.actor_ids, match.reason) == ("identifier", ["htoo"], "identifier ofac-99001")


def test_an_imported_rows_list_id_is_not_an_identifier():
    # an earlier import recorded NK-kbz against Htoo by name; that is our own match, not independent evidence
    sanctions = pd.DataFrame(
        [{"actor_id": "htoo", "list_id": "NK-kbz", "origin": "opensanctions:last.csv"}],
    )
    (match,) = match_entities([_entity("NK-kbz", "Htoo Trading Ltd")], ACTORS, sanctions)
    assert (match.method, match.applied) == ("alias", False)


def test_an_identifier_two_actors_share_is_held_for_review():
    actors = _actors(("a", "Alpha", "", "NK-1", ""), ("b", "Beta", "", "", "Q7"))
    (match,) = match_entities([_entity("NK-1", "Alpha", identifiers=["Q7"])], actors, NO_CURATED)
    assert (match.method, match.actor_ids, match.applied) == ("ambiguous", ["a", "b"], False)


def test_several_entities_that_fit_one_actor_by_name_are_all_held_for_review():
    entities = [_entity("NK-1", "Myanmar Wanbao Ltd"), _entity("NK-2", "MYANMAR WANBAO"), _entity("NK-3", "Norinco")]
    matches = match_entities(entities, ACTORS, NO_CURATED)
    assert [(m.method, m.actor_ids) for m in matches] == [
        ("ambiguous", ["myanmar-wanbao"]),
        ("ambiguous", ["myanmar-wanbao"]),
        ("name", ["norinco"]),
    ]
    assert matches[0].reason == "2 entities match actor 'myanmar-wanbao' by name"


def test_an_identifier_match_and_a_name_match_on_one_actor_both_apply():
    # the identifier is certain; the name match alone is not "several by name"
    entities = [_entity("NK-norinco", "Norinco"), _entity("NK-2", "Norinco Ltd")]
    assert [(m.method, m.applied) for m in match_entities(entities, ACTORS, NO_CURATED)] == [
        ("identifier", True),
        ("name", True),
    ]


# ------------------------------------------------------------ the plan


@pytest.fixture
def store(core_store: Store, core_data_dir: Path) -> Store:
    """The core store with tests/data/sanctions_core.csv loaded as its curated sanctions."""
    from geo.dataset import load_dataset

    shutil.copy(FIXTURES / "sanctions_core.csv", core_data_dir / "sanctions.csv")
    core_store.load_curated(load_dataset(core_data_dir))
    return core_store


def _plan(store: Store, entities: list[ExportEntity], file_date: str = "2025-10-01") -> ImportPlan:
    return plan_import(entities, store.actors(), store.sanctions(), "opensanctions:x.csv", "x.csv", file_date)


def _listed(entity_id: str, name: str, datasets: list[str], **fields) -> ExportEntity:
    return ExportEntity(id=entity_id, schema="Company", name=name, identifiers={entity_id}, datasets=datasets, **fields)


def test_a_plan_adds_one_row_per_jurisdiction_of_each_applied_match(store):
    entity = _listed(
        "NK-mw",
        "Myanmar Wanbao Ltd.",
        ["eu_fsf", "us_ofac_cons"],
        programmes=["EU Myanmar/Burma"],
        start_dates={"eu": "2025-08-20"},
        source_urls=["https://example.org/eu-oj", "https://www.opensanctions.org/entities/NK-mw/"],
        last_seen="2025-09-03",
        line=7,
    )
    plan = _plan(store, [entity])
    rows = {row["jurisdiction"]: row for row in plan.rows}
    assert sorted(rows) == ["eu", "us"]
    eu, us = rows["eu"], rows["us"]
    assert (eu["actor_id"], eu["status"], eu["measure"]) == ("myanmar-wanbao", "listed", "asset freeze")
    assert (us["status"], us["measure"]) == ("restricted", "restriction (see programme)")
    assert (eu["listed_on"], us["listed_on"]) == ("2025-08-20", "")
    assert eu["listed_as"] == "Myanmar Wanbao Ltd." and eu["list_id"] == "NK-mw"
    assert eu["programme"] == "EU Myanmar/Burma"
    # the entity's page first, then its sources, each once
    assert eu["source_url"] == "https://www.opensanctions.org/entities/NK-mw/|https://example.org/eu-oj"
    assert (eu["as_of"], eu["_row"], eu["inferred"]) == ("2025-09-03", 7, "false")
    assert eu["note"] == "Imported from x.csv (line 7), matched by name 'Myanmar Wanbao Ltd.'."
    assert plan.origin == "opensanctions:x.csv"


def test_an_entity_without_last_seen_is_as_of_the_file_date_and_programme_falls_back_to_datasets(store):
    (row,) = _plan(store, [_listed("NK-mw", "Myanmar Wanbao", ["eu_fsf"])], file_date="2025-10-01").rows
    assert (row["as_of"], row["programme"]) == ("2025-10-01", "eu_fsf")


def test_matches_held_for_review_add_no_rows_and_fill_the_review_frame(store):
    entities = [
        _listed("NK-1", "China North Industries Group", ["us_ofac_sdn"], line=3),  # our alias of Norinco
        _listed("NK-2", "Wanbao Mining Co.", ["eu_fsf"], aliases=["Myanmar Wanbao"], line=4),  # two actors
        _listed("NK-3", "Nobody We Know", ["eu_fsf"], line=5),
    ]
    plan = _plan(store, entities)
    assert plan.rows == []
    assert [m.method for m in plan.review] == ["alias", "ambiguous"]
    frame = plan.review_frame()
    assert list(frame.columns) == [
        "entity_id",
        "entity_name",
        "line",
        "match",
        "candidate_actors",
        "reason",
        "jurisdictions",
    ]
    assert frame.to_dict("records")[1] == {
        "entity_id": "NK-2",
        "entity_name": "Wanbao Mining Co.",
        "line": 4,
        "match": "ambiguous",
        "candidate_actors": "myanmar-wanbao|wanbao-mining",
        "reason": "'Wanbao Mining Co.' fits several actors",
        "jurisdictions": "eu:listed",
    }


@pytest.mark.parametrize(
    ("entity", "conflicts"),
    [
        # curated: Myanmar Wanbao none-found in the EU and the US; the export says listed
        (
            _listed("NK-mw", "Myanmar Wanbao", ["eu_fsf"], line=2),
            [
                "myanmar-wanbao/eu: curated status none-found, the export says listed (entity NK-mw, line 2); "
                "both rows are kept and listed now shows"
            ],
        ),
        # curated: the junta listed by the US; the export agrees
        (_listed("NK-j", "Myanmar military junta", ["us_ofac_sdn"]), []),
        # curated: Norinco restricted by the US; an export saying restricted is no conflict, listed is
        (_listed("NK-n", "Norinco", ["us_ofac_cons"]), []),
        (_listed("NK-n", "Norinco", ["us_ofac_sdn"], line=9), ["norinco/us: curated status restricted"]),
        # CNPC was never assessed: nothing to conflict with
        (_listed("NK-c", "China National Petroleum Corporation", ["us_ofac_sdn"]), []),
    ],
)
def test_a_stronger_status_than_the_curated_one_is_a_conflict(store, entity, conflicts):
    plan = _plan(store, [entity])
    assert len(plan.rows) == 1
    assert len(plan.conflicts) == len(conflicts)
    for found, expected in zip(plan.conflicts, conflicts):
        assert found.startswith(expected)


def test_a_plan_is_idempotent_and_storing_it_twice_changes_nothing(store):
    entities = read_export(FIXTURES / "sanctions_entities.jsonl")

    def without_time(plan: ImportPlan) -> list[dict]:
        return [{k: v for k, v in row.items() if k != "added_at"} for row in plan.rows]

    first = _plan(store, entities)
    assert without_time(first) == without_time(_plan(store, entities))
    store.replace_sanctions(first.rows, first.origin)
    version, stored = store.data_version(), store.sanctions()
    # planned again against a store that now holds the import: the same rows (only curated rows count)
    again = _plan(store, entities)
    assert without_time(again) == without_time(first)
    assert again.conflicts == first.conflicts
    store.replace_sanctions(again.rows, again.origin)
    assert store.data_version() == version
    assert len(store.sanctions()) == len(stored)


def test_match_applied_only_for_one_certain_actor():
    entity = _entity("NK-1", "X")
    assert Match(entity, "identifier", ["a"], "").applied
    assert Match(entity, "name", ["a"], "").applied
    assert not Match(entity, "name", ["a", "b"], "").applied
    assert not Match(entity, "alias", ["a"], "").applied
    assert not Match(entity, "ambiguous", ["a", "b"], "").applied
    assert not Match(entity, "none", [], "").applied
