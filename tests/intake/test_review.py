"""The review of an article's proposed events (geo.intake.review): the table, the accept rule, hand-pinned places."""

from __future__ import annotations

import re

import pytest

from geo.intake.extraction import ProposedEvent
from geo.intake.review import (
    ACCEPT_THRESHOLD,
    REVIEW_COLUMNS,
    WORD_COLUMNS,
    ReviewWords,
    accept_all,
    guess_place_kind,
    new_place_kinds,
    pinned_place,
    places_to_store,
    review_table,
)

# The id rule of data/gazetteer.csv (geo.dataset): lower-case ASCII letters, digits and hyphens.
PLACE_ID = re.compile(r"^pl-[a-z0-9][a-z0-9-]*$")


def _proposal(place_text: str, place_id: str | None, confidence: float, **fields) -> ProposedEvent:
    values = {
        "start": 0,
        "end": 69,
        "quote": "The Mandalay PDF seized Norinco crates in Madaya Township on July 20.",
        "place_id": place_id,
        "place_text": place_text,
        "place_status": "resolved" if place_id else "unknown",
        "date": "July 20",
        "date_start": "2025-07-20",
        "date_end": "2025-07-20",
        "date_precision": "day",
        "actors": ["mandalay-pdf", "norinco"],
        "actor_roles": ["mandalay-pdf:seizer", "norinco:supplier"],
        "category": "seizures-combat",
        "title": "Seizure in Madaya Township",
        "confidence": confidence,
        "reasons": [],
        **fields,
    }
    return ProposedEvent(**values)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kani Township", "township"),
        ("kani TOWNSHIP", "township"),
        ("Nyaung Pin Village", "village"),
        ("Kyauk Sit village tract", "village"),
        ("Kani", "town"),
        ("Hpakant", "town"),
        ("", "town"),
    ],
)
def test_a_pinned_place_kind_is_guessed_from_its_name(name, kind):
    assert guess_place_kind(name) == kind


def test_a_pinned_place_takes_the_kind_the_article_gave_it():
    from pathlib import Path

    from geo.dataset import load_dataset
    from geo.intake.extraction import Extractor

    dataset = load_dataset(Path(__file__).resolve().parents[2] / "data")
    extractor = Extractor([*dataset.places, *dataset.reference_places], dataset.actors)
    text = "A jet bombed Zinbawkone village, and then Hnget Taw and Sabai Kone villages, on June 27, 2023."
    kinds = new_place_kinds(extractor.extract(text, "2023-06-28").mentions)
    assert kinds == {"Zinbawkone": "village", "Hnget Taw": "village", "Sabai Kone": "village"}
    later = extractor.extract("Jets bombed a school in the village of Pazigyi in April 2023.", "2023-06-28")
    assert new_place_kinds(later.mentions) == {"Pazigyi": "village"}
    assert pinned_place("Zinbawkone", 22.1, 95.1, 2000, "tester", kinds.get("Zinbawkone"))["kind"] == "village"
    assert pinned_place("Zinbawkone", 22.1, 95.1, 2000, "tester", "gossip")["kind"] == "town"  # not a kind: guessed


def test_a_pinned_place_is_a_gazetteer_row_keeping_the_name_as_written():
    place = pinned_place("Kani Township", 22.4123456, 94.8765432, 5000.0, "tester")
    assert place == {
        "id": "pl-user-kani-township",
        "name": "Kani Township",
        "aliases": "",
        "kind": "township",
        "latitude": 22.41235,
        "longitude": 94.87654,
        "precision_m": 5000,
        "admin_area": "",
        "country": "",
        "source": "pinned by hand by tester",
        "text": "Kani Township",
    }
    assert isinstance(place["precision_m"], int)


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Kani Township", "pl-user-kani-township"),
        ("  Kani   Township ", "pl-user-kani-township"),
        ("Mogok (Ruby Land)", "pl-user-mogok-ruby-land"),
        ("Pyin Oo Lwin / Maymyo", "pl-user-pyin-oo-lwin-maymyo"),
        ("Hpa-an", "pl-user-hpa-an"),
        ("Thazi’s market", "pl-user-thazis-market"),
    ],
)
def test_a_pinned_place_id_is_the_slug_of_its_name(name, place_id):
    assert pinned_place(name, 20.0, 96.0, 1000, "tester")["id"] == place_id


@pytest.mark.parametrize(
    "name",
    ["Kani Township", "ကနီမြို့နယ်", "Ministère <script>", "x" * 200, "!!!"],
)
def test_a_pinned_place_id_is_a_valid_place_id(name):
    place_id = pinned_place(name, 20.0, 96.0, 1000, "tester")["id"]
    assert place_id.startswith("pl-user-")
    assert PLACE_ID.match(place_id), place_id
    assert len(place_id) <= len("pl-user-") + 40


def test_distinct_burmese_names_pinned_by_hand_get_distinct_ids():
    # Burmese-script names have no Latin letters to slug; two of them must not share one id, or storing
    # the second would overwrite the first and move its events.
    first = pinned_place("ကနီမြို့နယ်", 22.4, 94.9, 5000, "tester")
    second = pinned_place("ဆားလင်းကြီးမြို့နယ်", 22.6, 95.0, 5000, "tester")
    assert first["id"] != second["id"]
    assert pinned_place("ကနီမြို့နယ်", 22.0, 95.0, 100, "other")["id"] == first["id"]  # stable


@pytest.mark.parametrize(
    ("who", "source"), [("tester", "pinned by hand by tester"), ("", "pinned by hand by anonymous")]
)
def test_a_pinned_place_names_who_pinned_it(who, source):
    assert pinned_place("Kani", 22.4, 94.9, 5000, who)["source"] == source


@pytest.mark.parametrize(
    ("confidence", "place_id", "pinned", "accepted", "shown_place"),
    [
        (ACCEPT_THRESHOLD, "pl-madaya-township", (), True, "pl-madaya-township"),  # at the threshold
        (0.95, "pl-madaya-township", (), True, "pl-madaya-township"),
        (ACCEPT_THRESHOLD - 0.01, "pl-madaya-township", (), False, "pl-madaya-township"),  # just below
        (0.0, "pl-madaya-township", (), False, "pl-madaya-township"),
        (0.95, None, (), False, None),  # confident, but nowhere to put it
        (0.95, None, ("Kani Township",), True, "pl-user-kani-township"),  # the reader pinned the place
        (0.5, None, ("Kani Township",), False, "pl-user-kani-township"),
        (0.95, None, ("Kani",), False, None),  # a pin for another name does not count
    ],
)
def test_a_proposal_starts_accepted_when_confident_and_placed(confidence, place_id, pinned, accepted, shown_place):
    pins = [pinned_place(name, 22.4, 94.9, 5000, "tester") for name in pinned]
    table = review_table([_proposal("Kani Township", place_id, confidence)], pins)
    assert table["accept"].tolist() == [accepted]
    assert table["place_id"].tolist() == [shown_place]


def test_a_known_place_wins_over_a_pin_of_the_same_name():
    pins = [pinned_place("Madaya Township", 1.0, 1.0, 5000, "tester")]
    table = review_table([_proposal("Madaya Township", "pl-madaya-township", 0.9)], pins)
    assert table["place_id"].tolist() == ["pl-madaya-township"]


def test_the_review_table_has_one_row_per_proposal_in_its_columns():
    proposals = [
        _proposal("Madaya Township", "pl-madaya-township", 0.9),
        _proposal("Kani Township", None, 0.4, start=70, end=110, quote="Villagers fled Kani Township.", actor_roles=[]),
    ]
    table = review_table(proposals)
    assert list(table.columns) == REVIEW_COLUMNS
    rows = table.to_dict("records")
    assert rows[0] | {"confidence": None} == {
        "accept": True,
        "confidence": None,
        "place_text": "Madaya Township",
        "place_id": "pl-madaya-township",
        "date_start": "2025-07-20",
        "date_end": "2025-07-20",
        "date_precision": "day",
        "category": "seizures-combat",
        "actor_roles": "mandalay-pdf:seizer|norinco:supplier",
        "title": "Seizure in Madaya Township",
        "quote": "The Mandalay PDF seized Norinco crates in Madaya Township on July 20.",
        "start": 0,
        "end": 69,
    }
    assert rows[0]["confidence"] == pytest.approx(0.9)
    assert (rows[1]["actor_roles"], rows[1]["start"], rows[1]["end"], rows[1]["accept"]) == ("", 70, 110, False)


def test_no_proposals_give_an_empty_table_with_the_columns():
    table = review_table([])
    assert table.empty and list(table.columns) == REVIEW_COLUMNS


def test_only_pinned_places_that_stored_events_use_are_stored_without_the_text_key():
    kani = pinned_place("Kani Township", 22.4, 94.9, 5000, "tester")
    unused = pinned_place("Nyaung Pin Village", 22.5, 95.0, 1000, "tester")
    events = [{"id": "ev-1", "place_id": "pl-user-kani-township"}, {"id": "ev-2", "place_id": "pl-madaya-township"}]
    stored = places_to_store([kani, unused], events)
    assert stored == [{k: v for k, v in kani.items() if k != "text"}]
    assert "text" not in stored[0]
    assert places_to_store([kani, unused], []) == []


# ------------------------------------------------------------------ in words

PLACES = [
    {"id": "pl-madaya-township", "name": "Madaya Township", "kind": "township", "admin_area": "Mandalay Region",
     "country": "Myanmar", "latitude": 22.2, "longitude": 96.1},
    {"id": "pl-china", "name": "China", "kind": "country", "admin_area": "", "country": "", "latitude": 35.0,
     "longitude": 103.0},
    {"id": "pl-a", "name": "Nyaung Bin", "kind": "village", "admin_area": "Sagaing Region", "country": "Myanmar",
     "latitude": 22.1, "longitude": 95.1},
    {"id": "pl-b", "name": "Nyaung Bin", "kind": "village", "admin_area": "Sagaing Region", "country": "Myanmar",
     "latitude": 23.4, "longitude": 94.9},
]  # fmt: skip
ACTORS = [
    {"id": "norinco", "name": "China North Industries Group Corporation", "aliases": "Norinco|NORINCO"},
    {"id": "mandalay-pdf", "name": "Mandalay People's Defense Force", "aliases": "Mandalay PDF"},
]
ID = re.compile(r"\b(?:ev|pl|art|site|route)-[a-z0-9]")


def _words(**labels) -> ReviewWords:
    return ReviewWords.build(PLACES, ACTORS, actor_labels=labels or None)


def test_the_reader_sees_places_layers_and_actors_in_words_never_ids():
    table = _words().to_words(review_table([_proposal("Madaya Township", "pl-madaya-township", 0.9)]))
    assert list(table.columns) == WORD_COLUMNS
    row = table.to_dict("records")[0]
    assert row["place"] == "Madaya Township (township, Mandalay Region)"
    assert row["layer"] == "Seizures and combat"
    assert (
        row["actors"] == "Mandalay People's Defense Force: seizer; China North Industries Group Corporation: supplier"
    )
    assert not ID.search(table.drop(columns=["start", "end"]).to_string())


def test_actors_are_named_by_the_labels_readers_know():
    words = _words(norinco="Norinco (China North Industries Group Corporation)")
    assert words.actors_in_words("norinco:supplier") == "Norinco (China North Industries Group Corporation): supplier"


def test_places_of_one_name_and_area_are_told_apart_without_ids():
    options = _words().place_options
    assert len(options) == len(set(options)) == 4
    assert "Nyaung Bin (village, Sagaing Region)" in options
    assert "Nyaung Bin (village, Sagaing Region, at 23.40, 94.90)" in options
    assert "China (country)" in options


def test_edited_words_come_back_as_ids():
    words = _words()
    table = words.to_words(review_table([_proposal("Madaya Township", "pl-madaya-township", 0.9)]))
    table.loc[0, "layer"] = "Arms supply"
    table.loc[0, "actors"] = "norinco : Supplier;  Mandalay PDF:seizer; ;China North Industries Group Corporation"
    table.loc[0, "place"] = "China (country)"
    rows, problems = words.accepted(table)
    assert problems == []
    assert (rows[0]["place_id"], rows[0]["category"]) == ("pl-china", "arms-supply")
    assert rows[0]["actor_roles"] == "norinco:supplier|mandalay-pdf:seizer|norinco:subject"
    assert (rows[0]["start"], rows[0]["end"], rows[0]["date_start"]) == (0, 69, "2025-07-20")


def test_unticked_rows_are_left_out_and_mistakes_are_named_in_words():
    words = _words()
    proposals = [_proposal("Madaya Township", "pl-madaya-township", 0.9), _proposal("Kani", None, 0.2)]
    table = words.to_words(review_table(proposals))
    assert words.accepted(table)[0][0]["place_id"] == "pl-madaya-township" and len(words.accepted(table)[0]) == 1
    table["accept"] = True
    table.loc[0, "actors"] = "Norinco: seller; Tatmadaw Inc: supplier"
    table.loc[0, "layer"] = "Weapons"
    _rows, problems = words.accepted(table)
    text = "\n".join(problems)
    assert "'seller' is not a role" in text and "Norinco: supplier" in text
    assert "no actor is called 'Tatmadaw Inc'" in text
    assert "choose its layer" in text
    assert "Row 2 (Kani): choose its place" in text
    assert not ID.search(text)


def test_accept_all_ticks_every_proposal_that_has_a_place():
    words = _words()
    proposals = [
        _proposal("Madaya Township", "pl-madaya-township", 0.3),
        _proposal("Kani", None, 0.95),
        _proposal("China", "pl-china", 0.1),
    ]
    table = words.to_words(review_table(proposals))
    assert table["accept"].tolist() == [False, False, False]
    assert accept_all(table)["accept"].tolist() == [True, False, True]
