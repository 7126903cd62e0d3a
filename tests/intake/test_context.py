"""Context: a name that is both a place and an actor, read as the place or the actor by its surroundings."""

from __future__ import annotations

import pytest

from geo.intake.context import is_capital, is_dateline, not_the_name, place_or_actor


def _kind(sentence: str, name: str, has_actor: bool = True) -> str | None:
    start = sentence.index(name)
    return place_or_actor(sentence, start, start + len(name), has_actor)[0]


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("Suppliers in China shipped the fuel.", "China", "place"),
        ("China supplies the jets.", "China", "actor"),
        ("They held talks with China on Monday.", "China", "actor"),
        ("China's support for the junta grew.", "China", "actor"),
        ("China's Huawei built the network.", "China", None),
        ("BANGKOK: The talks ended.", "BANGKOK", "place"),
        ("Delegates met in Sochi, Russia.", "Russia", "place"),
        ("the China-Myanmar Economic Corridor", "China", None),
    ],
)
def test_place_or_actor_reads_the_context(sentence, name, kind):
    assert _kind(sentence, name) == kind


def test_a_name_used_as_a_currency_an_owner_or_one_of_a_kind_is_not_the_name():
    text = "It cost US$24 million. The military-owned firms. Clashes between a PDF and the army."
    assert not_the_name(text, text.index("US"), text.index("US") + 2, actor_only=False)
    at = text.index("military")
    assert not_the_name(text, at, at + len("military"), actor_only=True)
    at = text.index("PDF")
    assert not_the_name(text, at, at + 3, actor_only=True)
    assert not not_the_name("The PDF said so.", 4, 7, actor_only=True)


def test_a_dateline_and_a_capital():
    assert is_dateline("UNITED NATIONS: The council met.", 0)
    assert not is_dateline("The UNITED NATIONS met.", 4)
    assert is_capital({"kind": "city", "source": "GeoNames, capital, feature PPLC"})
    assert not is_capital({"kind": "city", "source": "GeoNames"})
