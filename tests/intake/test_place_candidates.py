"""Candidate places: names the gazetteer lacks, found by their type words, a named site, or a cue before them."""

from __future__ import annotations

import pytest

from geo.intake.place_candidates import candidate_places

KNOWN = {"india": [{"id": "pl-india", "kind": "country", "name": "India"}]}


def _lookup(name: str) -> list[dict]:
    return KNOWN.get(name.casefold(), [])


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.place_kind) for m in candidate_places(text, [], _lookup)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops entered Nyaung Kone village at dawn.", [("Nyaung Kone", "village")]),
        ("Fighting spread to Hpakant Township.", [("Hpakant Township", "township")]),
        ("Protests at the Carmichael coal mine went on.", [("Carmichael coal mine", "")]),
        ("Shipping through the Strait of Malacca grew.", [("Strait of Malacca", "")]),
        ("The port at Mundra, India.", [("Mundra", "")]),
        ("Hundreds of residents of Moetargyi fled.", [("Moetargyi", "")]),
    ],
)
def test_candidate_places_by_their_words(text, expected):
    assert _found(text) == expected


def test_a_name_already_taken_is_not_a_candidate():
    text = "Troops entered Nyaung Kone village at dawn."
    start = text.index("Nyaung")
    assert candidate_places(text, [(start, start + len("Nyaung Kone"))], _lookup) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a feature or a site whose type word belongs to its name
        ("The port is at the mouth of Kaladan river.", [("Kaladan river", "")]),
        ("Monasteries in the Sagaing Hills were hit.", [("Sagaing Hills", "")]),
        ("Bombs went off outside the Jade City Hotel.", [("Jade City Hotel", "")]),
        ("A port in Kyauk Phyu Special Economic Zone (SEZ), north of Yangon.",
         [("Kyauk Phyu Special Economic Zone", "")]),
        ("Loans for the Ahlone International Port Terminal (2).", []),  # the name goes on past "Port"
        ("Junta Sweetens Deal For China in US$ 8 Billion SEZ And Port in Rakhine State.", [("Rakhine State", "admin1")]),
        # a port after its owner, and one named alone
        ("China acquired Sri Lanka's Hambantota port on debt swap.", [("Hambantota port", "")]),
        ("China is developing deepwater strategic Gwadar port, it said.", [("Gwadar port", "")]),
        # a name set off as a place; a person set off by a role is not one
        ("They seized Hway Hkar, a strategic hill, from the junta.", [("Hway Hkar", "")]),
        ("Aung Hein Min, a Kachin political analyst, said so.", []),
    ],
)  # fmt: skip
def test_features_sites_and_names_set_off_as_places(text, expected):
    assert _found(text) == expected
