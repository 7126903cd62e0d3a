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


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        # a word describing the land between the cue and the name
        ("Local media in central Myanmar reported 600 deaths.", "Myanmar", "place"),
        ("Rare earths are mined for export to nearby China, locals say.", "China", "place"),
        ("Jade is popular in neighboring China, researchers say.", "China", "place"),
        ("Mining in northern Burma’s Kachin State has stopped.", "Burma", "place"),
        ("Neighboring China has announced emergency aid.", "China", "actor"),
        # "borders" is a place word, and a list after it shares it
        ("Shan state, which borders China, Laos and Thailand, is large.", "China", "place"),
        ("Shan state, which borders China, Laos and Thailand, is large.", "Thailand", "place"),
        # countries named as those that include: actors, to the end of a long list
        ("Other countries sending aid include the US, Britain, Australia, Russia, India, Malaysia, Thailand, "
         "Singapore and Vietnam.", "Vietnam", "actor"),
        # a possessive that only says whose the next thing is
        ("Fighting between Myanmar’s armed forces and the Karen resistance grew.", "Myanmar", None),
        ("The USDP opposition, Myanmar’s next biggest party, said so.", "Myanmar", None),
        ("Burma’s national petroleum company MOGE is a partner.", "Burma", None),
        # a possessive of the land
        ("This is the third port in India’s vicinity.", "India", "place"),
        ("It has also acquired Sri Lanka's Hambantota port on debt swap.", "Sri Lanka", "place"),
        # the state of the land, not an act of the state
        ("Myanmar has been in turmoil since the army seized power.", "Myanmar", "place"),
        # who backs a thing: an adjective
        ("Residents protested against a China-backed pipeline project.", "China", None),
        # a verb after the name, not a noun: the name is not an adjective
        ("The arrival of the jets in Myanmar comes at a time of tension.", "Myanmar", "place"),
        ("Rescue teams from China, Hong Kong, and India began their second day.", "India", "place"),
        ("A strike on a village in Myanmar sheltering displaced people killed 21.", "Myanmar", "place"),
        ("Interference in Myanmar politics grew.", "Myanmar", None),
        ("Investors in Myanmar mining lost money.", "Myanmar", None),
    ],
)  # fmt: skip
def test_place_or_actor_reads_general_cues(sentence, name, kind):
    assert _kind(sentence, name) == kind


def test_a_currency_after_a_spaced_country_abbreviation_is_not_the_country():
    text = "worth more than U.S. $1 billion"
    at = text.index("U.S.")
    assert not_the_name(text, at, at + 4, actor_only=True)


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        # people who speak for a state make it the actor, even after "from"
        ("The minister met representatives from Laos, Cambodia and Vietnam.", "Cambodia", "actor"),
        ("Officials of Thailand attended the talks.", "Thailand", "actor"),
        ("Refugees from Laos crossed the river.", "Laos", "place"),
        # an irregular past tense is the state acting
        ("Traders stocked up after Thailand cut off power to the border town.", "Thailand", "actor"),
        ("Fighting eased after India sought a ceasefire.", "India", "actor"),
    ],
)
def test_envoys_and_irregular_verbs_mark_the_state(sentence, name, kind):
    assert _kind(sentence, name) == kind


@pytest.mark.parametrize(
    ("text", "name", "medium"),
    [
        ("The general said on Facebook that the talks failed.", "Facebook", True),
        ("He wrote on his official Telegram channel that rebels fled.", "Telegram", True),
        ("A video appeared on the Hpakant Jade Facebook page.", "Facebook", True),
        ("Facebook banned the military's accounts.", "Facebook", False),
    ],
)
def test_a_platform_carrying_what_someone_says_is_not_the_company(text, name, medium):
    at = text.index(name)
    assert not_the_name(text, at, at + len(name), actor_only=True) is medium


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        # a plural noun saying what the places are does not hide the cue before it
        ("A poor country bordering rising powers India and China.", "China", "place"),
        ("Rice is exported to neighbours Thailand and Laos.", "Thailand", "place"),
        # countries joined before a border are its two sides
        ("Gas flows to the Myanmar/Thailand border.", "Thailand", "place"),
        ("Gas flows to the Myanmar/Thailand border.", "Myanmar", "place"),
        ("Refugees massed on the Thailand-Myanmar frontier.", "Thailand", "place"),
        # a compound that is not a border stays a compound
        ("The China-Myanmar Economic Corridor stalled.", "China", None),
    ],
)
def test_kinds_of_land_and_the_sides_of_a_border_are_places(sentence, name, kind):
    assert _kind(sentence, name) == kind
