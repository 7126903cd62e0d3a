"""Proposed events: the layer a sentence's words give it, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.intake.extraction import Extractor
from geo.intake.organisations import load_organisations

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    dataset = load_dataset(DATA)
    return Extractor(
        [*dataset.places, *dataset.reference_places],
        dataset.actors,
        organisations=load_organisations(DATA / "organisations.csv"),
    )


@pytest.mark.parametrize(
    ("sentence", "layer", "word"),
    [
        # what the actors do decides, the earliest such word first
        ("The Arakan Army captured weapons in Rathedaung Township on February 9, 2024.", "seizures-combat", "captured"),
        ("Russia delivered jets to Naypyitaw in May 2024 that were used in attacks.", "arms-supply", "delivered"),
        ("Tankers shipped aviation fuel to Yangon in May 2024.", "arms-supply", "shipped"),
        ("A military air strike on Nyaung Kone village killed ten on June 27, 2023.", "seizures-combat", "air strike"),
        ("MEC won a contract for the port in Yangon in October 2021.", "infrastructure", "contract"),
        ("The US sanctioned the firm in Yangon on August 23, 2023.", "diplomacy-sanctions", "sanctioned"),
        ("A junta column burned 200 houses in Ye-U Township on March 22, 2024.", "seizures-combat", "burned"),
        ("The regime imposed a curfew in Lashio on March 12, 2024.", "territorial-control", "curfew"),
        ("Two generals surrendered in Laukkai on January 5, 2024.", "seizures-combat", "surrendered"),
        # without an action, the sentence's topic
        ("The copper mine in Salingyi Township belongs to the Myanmar Economic Holdings in 2012.",
         "resource-extraction", "copper"),
    ],
)  # fmt: skip
def test_the_layer_comes_from_the_sentences_words(extractor, sentence, layer, word):
    event = extractor.extract(sentence, "2024-08-01").events[0]
    assert (event.category, f"layer from '{word}'") == (layer, next(r for r in event.reasons if r.startswith("layer")))


def test_a_sentence_without_a_cue_says_its_layer_is_a_guess(extractor):
    event = extractor.extract("The Arakan Army held a ceremony in Sittwe on May 3, 2024.", "2024-08-01").events[0]
    assert "no word says the layer: check it" in event.reasons


def test_a_sentence_naming_only_countries_proposes_them(extractor):
    text = "The junta has bought $1 billion of arms from Russia and China since the February 2021 coup."
    events = extractor.extract(text, "2023-05-18").events
    assert [(e.place_id, e.category) for e in events] == [("pl-russia", "arms-supply"), ("pl-china", "arms-supply")]


def test_a_country_is_dropped_beside_a_place_inside_it(extractor):
    text = "Jets bombed Kani Township in Myanmar on May 3, 2024."
    assert [e.place_text for e in extractor.extract(text, "2024-08-01").events] == ["Kani Township"]
