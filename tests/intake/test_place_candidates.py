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
