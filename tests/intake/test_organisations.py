"""The curated organisations as actors: the rows of data/organisations.csv and the forms reporters write names in."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.intake.organisations import load_organisations, merge_organisations, name_variants

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("China National Petroleum Corporation", "China National Petroleum Corp."),
        ("Adani Ports and Special Economic Zone", "Adani Ports & Special Economic Zone"),
        ("Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"),
        ("Mandalay People's Defence Force", "Mandalay People's Defense Force"),
        ("People's Defence Force", "People's Defence Forces"),
        ("Border Guard Forces", "Border Guard Force"),
    ],
)
def test_a_name_is_matched_in_the_forms_reporters_write_it(name, variant):
    assert variant in name_variants(name)
    assert name_variants(name)[0] == name


def test_well_known_companies_and_bodies_are_curated_with_a_source():
    rows = {row["name"]: row for row in load_organisations(DATA / "organisations.csv")}
    for name in (
        "Google",
        "Apple",
        "Huawei",
        "Siemens",
        "Chinese Communist Party",
        "EarthRights International",
        "RIA Novosti",
        "Hindustan Times",
    ):
        assert rows[name]["source"].startswith("https://"), name
    assert "militia" not in rows["People's Militia"]["aliases"].split("|")  # a common noun is no alias
    # the BBC and its Burmese service stay two actors
    merged = {a["name"]: a for a in merge_organisations([], list(rows.values()))}
    assert "BBC" in merged and "BBC Burmese" in merged


def test_an_organisation_already_curated_as_an_actor_widens_its_names():
    actors = [{"id": "mandalay-pdf", "name": "Mandalay People's Defense Force", "aliases": "Mandalay PDF"}]
    organisations = [{"id": "org-mdy", "name": "Mandalay People's Defence Force", "aliases": "Mandalay PDF|MDY PDF"}]
    merged = merge_organisations(actors, organisations)
    assert [a["id"] for a in merged] == ["mandalay-pdf"]
    assert "MDY PDF" in merged[0]["aliases"].split("|")


def test_names_reports_give_the_armed_forces_and_companies_are_aliases():
    rows = {row["name"]: row for row in load_organisations(DATA / "organisations.csv")}
    assert {"Burma Army", "government troops"} <= set(rows["Myanmar Armed Forces"]["aliases"].split("|"))
    assert "China Power Investment" in rows["China Power Investment Corporation"]["aliases"].split("|")
    assert "RIA" in rows["RIA Novosti"]["aliases"].split("|")


def test_foreign_makers_legislatures_and_outlets_recurring_in_reporting_are_found_as_actors():
    from geo.intake.extraction import Extractor

    rows = load_organisations(DATA / "organisations.csv")
    by_name = {row["name"]: row for row in rows}
    for name in ("Irkut", "Shell", "Kommersant", "House of Nationalities (Myanmar)", "Election Commission of India"):
        assert by_name[name]["source"].startswith("https://"), name
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))  # one row per organisation
    extractor = Extractor([], [], rows)
    text = "The aircraft maker Irkut delivered six jets, Kommersant reported, while Shell sold its stake. Seats in the Amyotha Hluttaw went to the party."
    result = extractor.extract(text, "2024-05-01")
    found = {(m.text, extractor.actors[m.id]["name"]) for m in result.of_kind("actor") if m.id}
    assert ("Irkut", "Irkut") in found
    assert ("Kommersant", "Kommersant") in found
    assert ("Shell", "Shell") in found
    assert ("Amyotha Hluttaw", "House of Nationalities (Myanmar)") in found


def test_a_state_or_region_legislature_is_an_actor_not_the_place_in_its_name():
    import csv

    from geo.intake.extraction import Extractor

    with (DATA / "gazetteer_extra" / "myanmar.csv").open(encoding="utf-8") as handle:
        places = [row for row in csv.DictReader(handle) if row["kind"] == "admin1"]
    extractor = Extractor(places, [], load_organisations(DATA / "organisations.csv"))
    result = extractor.extract("The Rakhine State Hluttaw met in Sittwe.", "2024-05-01")
    actors = [(m.text, extractor.actors[m.id]["name"]) for m in result.of_kind("actor") if m.id]
    assert actors == [("Rakhine State Hluttaw", "Rakhine State Hluttaw")]
    assert [m.text for m in result.of_kind("place") if m.id == "pl-rakhine-state"] == []


def test_the_air_force_named_with_a_possessive_is_the_myanmar_air_force():
    from geo.intake.extraction import Extractor

    extractor = Extractor([], [], load_organisations(DATA / "organisations.csv"))
    result = extractor.extract("Myanmar’s Air Force relies on older jets.", "2023-09-02")
    actors = [(m.text, extractor.actors[m.id]["name"]) for m in result.of_kind("actor") if m.id]
    assert actors == [("Myanmar’s Air Force", "Myanmar Air Force")]
