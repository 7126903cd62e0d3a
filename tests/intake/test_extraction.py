"""Extraction: tables of sentences and the mentions expected from them, and of dates resolved."""

from __future__ import annotations

import time

import pytest

from geo.intake.dates import date_interval, resolve_dates
from geo.intake.extraction import Extractor, extract_mentions, split_sentences
from geo.intake.gazetteer import Gazetteer

PLACES = [
    {"id": "pl-madaya-township", "name": "Madaya Township", "aliases": "မတ္တရာမြို့နယ်", "kind": "township",
     "latitude": 22.2, "longitude": 96.1, "precision_m": 25000, "admin_area": "Mandalay Region", "country": "Myanmar"},
    {"id": "pl-madaya", "name": "Madaya", "aliases": "Madaya Town|မတ္တရာ", "kind": "town",
     "latitude": 22.21, "longitude": 96.1, "precision_m": 2000, "admin_area": "Mandalay Region", "country": "Myanmar"},
    {"id": "pl-patheingyi-township", "name": "Patheingyi Township", "aliases": "", "kind": "township",
     "latitude": 22.0, "longitude": 96.2, "precision_m": 20000, "admin_area": "Mandalay Region", "country": "Myanmar"},
    {"id": "pl-patheingyi", "name": "Patheingyi", "aliases": "", "kind": "town",
     "latitude": 22.0, "longitude": 96.16, "precision_m": 2000, "admin_area": "Mandalay Region", "country": "Myanmar"},
    {"id": "pl-muse", "name": "Muse", "aliases": "Mu Se", "kind": "town",
     "latitude": 23.98, "longitude": 97.9, "precision_m": 3000, "admin_area": "Shan State (North)", "country": "Myanmar"},
    {"id": "pl-kyaukphyu", "name": "Kyaukphyu", "aliases": "Kyaukpyu", "kind": "town",
     "latitude": 19.42, "longitude": 93.55, "precision_m": 3000, "admin_area": "Rakhine State", "country": "Myanmar"},
    {"id": "pl-kyaukphyu-port", "name": "Kyaukphyu deep-sea port", "aliases": "Kyaukphyu port|deep port of Kyaukphyu",
     "kind": "site", "latitude": 19.36, "longitude": 93.66, "precision_m": 10000, "admin_area": "Rakhine State",
     "country": "Myanmar"},
    {"id": "pl-sagaing-region", "name": "Sagaing Region", "aliases": "", "kind": "admin1",
     "latitude": 24.1, "longitude": 95.3, "precision_m": 250000, "admin_area": "", "country": "Myanmar"},
    {"id": "pl-salingyi-township", "name": "Salingyi Township", "aliases": "", "kind": "township",
     "latitude": 21.9, "longitude": 95.0, "precision_m": 20000, "admin_area": "Sagaing Region", "country": "Myanmar"},
    {"id": "pl-myanmar", "name": "Myanmar", "aliases": "Burma", "kind": "country",
     "latitude": 21.1, "longitude": 96.5, "precision_m": 600000, "admin_area": "", "country": "Myanmar"},
    # two places share the name "Namtu": the mention is ambiguous
    {"id": "pl-namtu", "name": "Namtu", "aliases": "", "kind": "town",
     "latitude": 23.09, "longitude": 97.4, "precision_m": 2000, "admin_area": "Shan State (North)", "country": "Myanmar"},
    {"id": "pl-namtu-village", "name": "Namtu", "aliases": "", "kind": "village",
     "latitude": 21.0, "longitude": 95.0, "precision_m": 1000, "admin_area": "Mandalay Region", "country": "Myanmar"},
]  # fmt: skip
ACTORS = [
    {"id": "norinco", "name": "China North Industries Group Corporation", "aliases": "Norinco"},
    {"id": "military-junta", "name": "Myanmar military junta", "aliases": "junta|Myanmar’s military|the military"},
    {"id": "mandalay-pdf", "name": "Mandalay People's Defense Force", "aliases": "Mandalay PDF"},
    {"id": "un", "name": "United Nations", "aliases": "UN"},
    {"id": "pla-navy", "name": "People's Liberation Army Navy", "aliases": "PLAN"},
]

EXTRACTOR = Extractor(Gazetteer(PLACES), ACTORS)


def found(text: str, kind: str, published="2025-07-28"):
    result = EXTRACTOR.extract(text, published)
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text  # offsets index the text as read
    return [(m.text, m.id or m.status) for m in result.mentions if m.kind == kind]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the longest match wins: the township, not the town inside it
        ("Fighting in Madaya Township went on.", [("Madaya Township", "pl-madaya-township")]),
        ("Fighting in Madaya went on.", [("Madaya", "pl-madaya")]),
        # a list of townships names each township
        ("Bases in Madaya and Patheingyi townships fell.",
         [("Madaya", "pl-madaya-township"), ("Patheingyi", "pl-patheingyi-township")]),
        # word boundaries: no match inside a longer word
        ("The Madayan dialect; Kyaukphyuport.", []),
        # case counts: a lower-case common word is not the town of Muse
        ("A muse of poets.", []),
        ("Trade through Muse grew.", [("Muse", "pl-muse")]),
        ("TRADE THROUGH MUSE GREW.", [("MUSE", "pl-muse")]),
        # aliases, typographic variants and the site before the town
        ("Ships reach the deep port of Kyaukphyu and Kyaukpyu town.",
         [("deep port of Kyaukphyu", "pl-kyaukphyu-port"), ("Kyaukpyu", "pl-kyaukphyu")]),
        # an ambiguous name is flagged
        ("Troops entered Namtu.", [("Namtu", "ambiguous")]),
        # Burmese script, no spaces between words: the longest alias wins
        ("မတ္တရာမြို့နယ်တွင် တိုက်ပွဲ", [("မတ္တရာမြို့နယ်", "pl-madaya-township")]),
        ("မတ္တရာတွင်", [("မတ္တရာ", "pl-madaya")]),
        # names the gazetteer lacks become candidate places
        ("Villagers fled Kani Township and Sin Gaung village.",
         [("Kani Township", "new"), ("Sin Gaung", "new")]),
        ("The attack happened in Yinmabin last week.", [("Yinmabin", "new")]),
        ("In April the rains came.", []),  # a month after 'in' is a date, not a place
    ],
)  # fmt: skip
def test_place_mentions(sentence, expected):
    assert found(sentence, "place") == expected


def test_ambiguous_place_lists_its_candidates():
    mention = EXTRACTOR.extract("Troops entered Namtu.", None).of_kind("place")[0]
    assert mention.id is None
    assert sorted(mention.candidates) == ["pl-namtu", "pl-namtu-village"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Norinco supplied the junta.", [("Norinco", "norinco"), ("junta", "military-junta")]),
        ("The Mandalay PDF and Myanmar’s military clashed.",
         [("Mandalay PDF", "mandalay-pdf"), ("Myanmar’s military", "military-junta")]),
        # NFKC + casefold: the straight apostrophe matches the curly one
        ("Myanmar's military.", [("Myanmar's military", "military-junta")]),
        # acronyms match in capitals only
        ("The UN said so.", [("UN", "un")]),
        ("A plan to un-do it.", []),
        ("The PLAN sails; a plan fails.", [("PLAN", "pla-navy")]),
        # candidate new organisations
        ("The Karen National Liberation Army attacked.", [("Karen National Liberation Army", "new")]),
        ("Arms came from Myanmar Economic Holdings Limited.", [("Myanmar Economic Holdings Limited", "new")]),
    ],
)  # fmt: skip
def test_actor_mentions(sentence, expected):
    assert found(sentence, "actor") == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("seized on July 20.", "2025-07", "2025-07-20"),
        ("seized on July 20.", "2025-07-28", "2025-07-20"),
        ("In April, the army returned Lashio.", "2025-07", "2025-04"),
        ("December 5 was the day.", "2024-01-02", "2023-12-05"),
        ("Last December 5, he handed over the order.", "2024-01-02", "2023-12-05"),
        ("Last July 4 it began.", "2025-07-28", "2024-07-04"),
        ("next March 3", "2025-07-28", "2026-03-03"),
        ("between February 2021 and December 2022", "2025-07", "2021-02/2022-12"),
        ("from 2018 to 2019", "2025-07", "2018/2019"),
        ("in 2017", "2025-07", "2017"),
        ("a 2017 arms contract", None, "2017"),
        ("In August 2022 the junta", "2024-01-02", "2022-08"),
        ("on 2 January 2024", "2024-01-02", "2024-01-02"),
        ("January 2, 2024", None, "2024-01-02"),
        ("The Irrawaddy Dec. 27. 2023", "2024-01-02", "2023-12-27"),
        ("published 2024-01-02", None, "2024-01-02"),
        ("20 July", "2025-07-28", "2025-07-20"),
        ("last year", "2024-01-02", "2023"),
        ("this month", "2024-01-02", "2024-01"),
        ("July 20", None, None),  # no publication date: left unresolved
        ("February 30, 2024", None, None),  # no such day
        ("In the 1990s", None, "1990/1999"),  # a decade is a range of years
        ("on Tuesday", "2024-02-09", "2024-02-06"),  # the latest Tuesday on or before publication
        ("talks will resume on Monday", "2024-02-09", "2024-02-12"),  # looking ahead
        ("yesterday", "2024-02-09", "2024-02-08"),
        ("last week", "2024-02-09", "2024-01-29/2024-02-04"),  # the Monday-Sunday week before
        ("later this week", "2024-02-07", "2024-02-08/2024-02-11"),
        ("Jan 31", "2024-02-09", "2024-01-31"),
        ("Feb 1, 2021", None, "2021-02-01"),
        ("from July 14 to 18", "2024-08-03", "2024-07-14/2024-07-18"),
        ("at the end of June 2024", None, "2024-06"),  # a vague part of a month keeps the month
        ("in the first months of 2023", None, "2023-01/2023-04"),
        ("late 2023", None, "2023-09/2023-12"),
        ("last spring", "2022-01-12", "2021-03/2021-05"),
        ("December last year", "2024-01-05", "2023-12"),
        ("2022-2023", None, "2022/2023"),
        ("on Sunday and Monday", "2024-03-28", "2024-03-24/2024-03-25"),
        ("elections will be held on January 11", "2025-12-28", "2026-01-11"),
    ],
)
def test_dates_resolved_against_publication(text, published, expected):
    dates = resolve_dates(text, published)
    assert [d.value for d in dates] == [expected]


@pytest.mark.parametrize(
    "text",
    ["The MBT-2000 tank", "$2017 paid", "2.6 million people", "power cuts1.", "a 15% rise"],
)
def test_numbers_that_are_not_dates(text):
    assert [d.value for d in resolve_dates(text, "2025-07")] == []


@pytest.mark.parametrize(
    ("value", "interval"),
    [
        ("2025-07-20", ("2025-07-20", "2025-07-20", "day")),
        ("2024-02", ("2024-02-01", "2024-02-29", "month")),
        ("2017", ("2017-01-01", "2017-12-31", "year")),
        ("2021-02/2022-12", ("2021-02-01", "2022-12-31", "range")),
        (None, (None, None, "undated")),
    ],
)
def test_date_interval(value, interval):
    assert date_interval(value) == interval


def test_sentences_do_not_break_after_abbreviated_months():
    text = "It began Dec. 27. 2023 in Kyaukphyu. Then it ended.\nNew line here"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "It began Dec. 27. 2023 in Kyaukphyu.",
        "Then it ended.",
        "New line here",
    ]


def test_proposed_events_tie_places_to_dates_and_actors():
    text = (
        "The Mandalay PDF seized Norinco-supplied crates from junta bases in Madaya and Patheingyi townships on July 20. "
        "The weather in Myanmar was fine. "
        "Norinco's subsidiary runs a mine in Salingyi Township, Sagaing Region."
    )
    events = EXTRACTOR.extract(text, "2025-07-28").events
    assert [(e.place_id, e.date, e.category) for e in events] == [
        ("pl-madaya-township", "2025-07-20", "seizures-combat"),
        ("pl-patheingyi-township", "2025-07-20", "seizures-combat"),
        ("pl-salingyi-township", None, "resource-extraction"),  # the region adds nothing to the township
    ]
    seizure = events[0]
    assert text[seizure.start : seizure.end] == seizure.quote
    assert seizure.date_start == seizure.date_end == "2025-07-20"
    assert "mandalay-pdf:seizer" in seizure.actor_roles and "norinco:supplier" in seizure.actor_roles
    assert seizure.confidence > events[2].confidence  # a dated event with a verb beats an undated one


def test_new_place_event_has_low_confidence_and_no_place_id():
    events = EXTRACTOR.extract("The junta bombed Kani Township on 3 May 2024.", None).events
    assert [(e.place_id, e.place_text, e.place_status) for e in events] == [(None, "Kani Township", "new")]
    assert events[0].confidence < 0.8


def test_extract_mentions_json_shape():
    result = extract_mentions("Norinco armed the junta in Madaya on July 20.", PLACES, ACTORS, "2025-07-28").to_dict()
    assert set(result) == {"mentions", "events"}
    kinds = {(m["kind"], m["text"], m.get("id"), m.get("value")) for m in result["mentions"]}
    assert kinds == {
        ("actor", "Norinco", "norinco", None),
        ("actor", "junta", "military-junta", None),
        ("place", "Madaya", "pl-madaya", None),
        ("date", "July 20", None, "2025-07-20"),
    }
    assert all(0 < m["confidence"] <= 1 for m in result["mentions"])


def test_command_line_extract_prints_one_json_object(cli):
    import json
    from pathlib import Path

    article = Path(__file__).parent.parent / "data" / "ingest_article.md"
    result = cli("extract", article, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    text = payload["article"]["text"]
    for mention in payload["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
    resolved = {(m["kind"], m["text"], m.get("id") or m.get("value")) for m in payload["mentions"]}
    assert ("place", "Madaya Township", "pl-madaya-township") in resolved
    assert ("date", "July 20", "2025-07-20") in resolved  # published 2025-07-28, from the front matter
    assert ("date", "In April", "2025-04") in resolved
    assert ("actor", "Norinco", "norinco") in resolved
    assert [e["place_id"] for e in payload["events"]][:1] == ["pl-madaya-township"]


def test_extraction_is_near_linear_on_a_two_megabyte_article():
    # 2 MB took 294 s when every candidate was checked against every other; now blocks of paragraphs
    paragraph = "The Mandalay PDF seized Norinco crates in Madaya Township on July 20, the junta said.\n\n"
    small, large = paragraph * 2_000, paragraph * 24_000  # about 170 KB and 2 MB
    timings = []
    for text in (small, large):
        started = time.perf_counter()
        result = EXTRACTOR.extract(text, "2025-07-28")
        timings.append(time.perf_counter() - started)
        assert all(text[m.start : m.end] == m.text for m in result.mentions)
    assert timings[1] < timings[0] * 12 * 2  # 12 times the text, well under twice the linear cost
    assert len(large) > 2_000_000


@pytest.mark.parametrize(
    "unit",
    [
        "Kani, Yinmabin, Pale, Mingin, Salingyi, ",  # a list that never ends with "and"
        "Kani-Pale Yinmabin-Mingin ",  # hyphen-joined names
        "The Kachin State Special Region Township Village ",  # capitalised words without end
    ],
)
def test_one_block_of_lists_and_capitals_costs_time_in_proportion(unit):
    # a block is up to 20,000 characters; a list scanned from each of its names cost its square (1.6 s at 16 KB)
    small, large = unit * (2_000 // len(unit)), unit * (16_000 // len(unit))
    timings = []
    for text in (small, large, small, large):
        started = time.process_time()
        EXTRACTOR.extract(text, "2024-01-01")
        timings.append(time.process_time() - started)
    assert min(timings[1], timings[3]) < min(timings[0], timings[2]) * 8 * 2.5 + 0.02


@pytest.mark.parametrize(
    ("sentence", "kind", "reason"),
    [
        ("Arms were shipped to China last year.", "place", "place word"),
        ("China supplies the junta with jets.", "actor", "verb"),
    ],
)
def test_a_name_both_place_and_actor_is_decided_by_context(sentence, kind, reason):
    places = [*PLACES, {"id": "pl-china", "name": "China", "aliases": "", "kind": "country", "latitude": 35.0,
                        "longitude": 103.0, "precision_m": 2000000, "admin_area": "", "country": "China"}]  # fmt: skip
    extractor = Extractor(Gazetteer(places), [*ACTORS, {"id": "china", "name": "People's Republic of China",
                                                         "aliases": "China"}])  # fmt: skip
    mention = next(m for m in extractor.extract(sentence, "2025-07-28").mentions if m.text == "China")
    assert mention.kind == kind
    assert reason in mention.reason


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Aung San Suu Kyi spoke.", []),  # no village 'San' inside a person's name
        ("Trains on the Muse-Madaya railway stopped.", []),  # a route's name, not two towns
        ("Troops reached Madaya town.", [("Madaya", "pl-madaya")]),  # the lowercase word is not the name
        ("Troops reached Madaya township.", [("Madaya", "pl-madaya-township")]),
    ],
)
def test_place_names_are_cut_where_a_reader_cuts_them(sentence, expected):
    assert found(sentence, "place") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The National League for Democracy (NLD) won. The NLD said so.",
         [("National League for Democracy", "National League for Democracy"), ("NLD", "National League for Democracy")]),
        ("Senior General Min Tun spoke.", [("Min Tun", "Min Tun")]),
        ("Daw Khin Win arrived.", [("Khin Win", "Khin Win")]),
    ],
)  # fmt: skip
def test_organisations_and_people_are_found_without_a_suffix_list(text, expected):
    result = EXTRACTOR.extract(text, "2025-07-28")
    assert [(m.text, m.name) for m in result.of_kind("actor")] == expected


def _town_and_township(name: str, ident: str) -> list[dict]:
    base = {"latitude": 24.0, "longitude": 97.0, "admin_area": "Kachin State", "country": "Myanmar", "aliases": ""}
    return [{**base, "id": ident, "name": name, "kind": "town", "precision_m": 2000},
            {**base, "id": f"{ident}-township", "name": f"{name} Township", "aliases": name, "kind": "township",
             "precision_m": 30000}]  # fmt: skip


_MORE_PLACES = [
    *PLACES, *_town_and_township("Bhamo", "pl-bhamo"), *_town_and_township("Hpakant", "pl-hpakant"),
    {"id": "pl-sittwe", "name": "Sittwe", "aliases": "", "kind": "city", "latitude": 20.1, "longitude": 92.9,
     "precision_m": 4000, "admin_area": "Rakhine State", "country": "Myanmar"},
    {"id": "pl-mae-sot", "name": "Mae Sot", "aliases": "", "kind": "town", "latitude": 16.7, "longitude": 98.6,
     "precision_m": 3000, "admin_area": "Tak", "country": "Thailand"},
]  # fmt: skip
_MORE = Extractor(Gazetteer(_MORE_PLACES), [*ACTORS, {"id": "org-the-irrawaddy", "name": "The Irrawaddy",
                                                       "aliases": "Irrawaddy"}])  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a port named after its town is the port, a site to geocode near the town
        ("The Sittwe port is ready for operation.", [("Sittwe port", "Sittwe Port", None, "site")]),
        # "its Yangon port project" is in the town: a project's name keeps the town
        ("It invested in its Sittwe port project.", [("Sittwe", None, "pl-sittwe", "")]),
        # a district or township the gazetteer lacks is not the town it is named after
        ("Refugees sheltered in Mae Sot district.", [("Mae Sot district", "Mae Sot District", None, "district")]),
        # the type word before the name says which of a town and its township is meant
        ("Displaced people from the northern township of Bhamo.", [("Bhamo", None, "pl-bhamo-township", "")]),
        # a town is not its township, though the township is named before it
        ("Firms in Hpakant Township halted. Hpakant is 159 km from Myitkyina.",
         [("Hpakant Township", None, "pl-hpakant-township", ""), ("Hpakant", None, "pl-hpakant", "")]),
        # a river named as a newspaper is the river
        ("The dam on the Irrawaddy River was suspended.", [("Irrawaddy River", None, None, "")]),
    ],
)  # fmt: skip
def test_places_named_with_a_type_word_or_a_site(sentence, expected):
    mentions = _MORE.extract(sentence, "2025-07-28").mentions
    assert [(m.text, m.name, m.id, m.place_kind) for m in mentions if m.kind == "place"] == expected
    assert not [m for m in mentions if m.kind == "actor" and "Irrawaddy" in m.text]


def test_a_township_named_after_its_town_under_another_spelling_is_that_township():
    base = {"latitude": 25.9, "longitude": 98.1, "admin_area": "Kachin State", "country": "Myanmar", "aliases": ""}
    places = [{**base, "id": "pl-chipwi", "name": "Chipwi", "kind": "town", "precision_m": 2000},
              {**base, "id": "pl-chipwe-township", "name": "Chipwe Township", "kind": "township",
               "precision_m": 30000}]  # fmt: skip
    mentions = Extractor(Gazetteer(places), ACTORS).extract("Mines opened in Chipwi township.", "2025-07-28").mentions
    assert [(m.text, m.id) for m in mentions if m.kind == "place"] == [("Chipwi", "pl-chipwe-township")]
