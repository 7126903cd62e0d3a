"""Names cut where a reader cuts them, people and organisations found, and place-or-actor by context.

Each row is a sentence of the kind reporting on Myanmar is written in, with
what a reader takes from it; the extractor is built over the project's own
data (``data/``: gazetteer, extra gazetteer, actors and organisations), as
the app and the bench use it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.intake.candidates import burmese_name_tail, capitalised_runs
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


def _mentions(extractor: Extractor, text: str, kind: str) -> list[tuple[str, str]]:
    """(text as written, what it names: a place or actor name, or the new name) for one kind."""
    result = extractor.extract(text, "2024-03-28")
    assert all(text[m.start : m.end] == m.text for m in result.mentions)
    table = extractor.gazetteer.places if kind == "place" else extractor.actors
    named = []
    for mention in result.of_kind(kind):
        ident = mention.id or (mention.candidates[0] if mention.candidates else None)
        named.append((mention.text, str(table[ident]["name"]) if ident in table else (mention.name or mention.text)))
    return named


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a capitalised City or Town belongs to the name; a lowercase town or region does not
        ("Protests spread across Yangon City.", [("Yangon City", "Yangon")]),
        ("Troops left Madaya town.", [("Madaya", "Madaya")]),
        ("Fighting reached Sagaing region.", [("Sagaing", "Sagaing Region")]),
        # a route's name is not two towns
        ("Trucks on the Muse-Mandalay highway stopped.", []),
        ("The Muse-Mandalay railway was cut.", []),
        # a list of multi-word village names, each a place
        ("Jets bombed Kin, Nyaung Kone, Thit Kyi and Kyaung Taung villages.",
         [("Kin", "Kin"), ("Nyaung Kone", "Nyaung Gon"), ("Thit Kyi", "Thit Kyi"), ("Kyaung Taung", "Kyaung Taung")]),
        # no place taken from inside an organisation's name
        ("The United Wa State Army denied it.", []),
        # "in X and Y", "in the X area", "residents of X": candidate places the gazetteer lacks
        ("Houses burned in Moetargyi and Kachinsu.", [("Moetargyi", "Moetargyi"), ("Kachinsu", "Kachinsu")]),
        ("Troops shelled the Indawgyi area of the township.", []),
        ("An airstrike hit the Indawgyi area of Mohnyin Township.",
         [("Mohnyin Township", "Mohnyin Township")]),
        ("Jets struck in the Indawgyi area of Mohnyin Township.",
         [("Indawgyi", "Indawgyi"), ("Mohnyin Township", "Mohnyin Township")]),
        ("Three villages from Mogyopyin joined.", [("Mogyopyin", "Mogyopyin")]),
        ("The nighttime attack on Mung Lai Hkyet injured 60 people.", [("Mung Lai Hkyet", "Mung Lai Hkyet")]),
        ("The attack on Min Aung Hlaing's convoy failed.", []),
        # a named site keeps its type word; a project's name is not the place
        ("Shells landed near the Byuhar Yawng Chi Buddhist monastery.",
         [("Byuhar Yawng Chi Buddhist monastery", "Byuhar Yawng Chi Buddhist monastery")]),
        ("They cited the Letpadaung copper mine inquiry report.", []),
        # a camp or a station is named after the place it is at
        ("The AA attacked the Koe Tan Kauk border guard police station.", [("Koe Tan Kauk", "Koe Tan Kauk")]),
        ("Jets struck the Mung Lai Hkyet displacement camp.", [("Mung Lai Hkyet", "Mung Lai Hkyet")]),
        ("The seized items included GBP128 mine-clearing line charges.", []),  # a compound, not a mine
        # a described part of a state is the state; "X-based" says where
        ("Fighting goes on in northern Shan state.", [("Shan", "Shan State")]),
        ("Three Singapore-based companies were named.", [("Singapore", "Singapore")]),
        # a person's name is not a candidate place
        ("Power went to the party led by Aung San Suu Kyi.", []),
        # two places joined by a hyphen are two places (a route's "X-Y railway" is not, above)
        ("Rare earth mining resumes in the Pangwa-Chipwi area.", [("Pangwa", "Pang War"), ("Chipwi", "Chipwi")]),
        ("The TNLA attacked security posts in Madaya-Singku.", [("Madaya", "Madaya"), ("Singku", "Singu")]),
        # another romanisation of a gazetteer name is that place; the owner before a township is not its name
        ("An officer came from Sar Lin Gyi Township to warn them.",
         [("Sar Lin Gyi Township", "Salingyi Township")]),
        ("Fighting broke out in Mandalay’s Chanmyatharzi Township.",
         [("Mandalay", "Mandalay"), ("Chanmyatharzi Township", "Chanmyathazi Township")]),
        # a numbered region keeps its number, and its shorter name later is the same place
        ("The towns are in Kachin State Special Region 1. Militias hold most of Special Region 1.",
         [("Kachin State Special Region 1", "Kachin State Special Region 1"),
          ("Special Region 1", "Kachin State Special Region 1")]),
        # a name listed between known places is a place
        ("The region has mining hubs including Tsawlaw, Kanpiketi and Waingmaw.",
         [("Tsawlaw", "Tsawlaw"), ("Kanpiketi", "Kan Paik Ti"), ("Waingmaw", "Waingmaw")]),
        # "Rakhine and Shan states" are the two states
        ("The rebels gained ground in Rakhine and Shan states.", [("Rakhine", "Rakhine State"), ("Shan", "Shan State")]),
        # a township of a list spelled otherwise than the gazetteer is that township; a state named bare too
        ("Junta troops torched houses in Kani, Yinmabin and Salingyi townships.",
         [("Kani", "Kani Township"), ("Yinmabin", "Yinmarbin Township"), ("Salingyi", "Salingyi Township")]),
        ("The AA now controls 14 of Rakhine's 17 townships.", [("Rakhine", "Rakhine State")]),
        # a bare name after the region it named is the region
        ("Jets bombed a village in Sagaing region. Sagaing has become a hotspot.",
         [("Sagaing", "Sagaing Region"), ("Sagaing", "Sagaing Region")]),
        # world regions are places without a point
        ("The pipeline carries crude imports from the Middle East and Africa.",
         [("Middle East", "Middle East"), ("Africa", "Africa")]),
        ("He writes for Asia Times.", []),
        # a list after "in" ends with "and": a name set off by commas is not one of its places
        ("The envoy to Myanmar stayed in Yangon, Thomas Andrews, the rapporteur, said.",
         [("Myanmar", "Myanmar"), ("Yangon", "Yangon")]),
        # "the village of X" names a place
        ("Jets bombed a school in the village of Pazigyi.", [("Pazigyi", "Pazigyi")]),
        # a town named with its country, the country is where it is
        ("Siemens said the cranes went to Mundra, India.", [("Mundra", "Mundra"), ("India", "India")]),
        # a name with a number is an operation or a unit, not a place
        ("Local forces took part in Operation 1027.", []),
        # a currency is not a country
        ("The firm lent US$24 million to the port.", []),
    ],
)  # fmt: skip
def test_place_names_are_cut_where_a_reader_cuts_them(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "place") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an organisation's name is not cut at its first organisation word, and its acronym is linked
        ("The National League for Democracy (NLD) won. The NLD said so.",
         [("National League for Democracy", "National League for Democracy"),
          ("NLD", "National League for Democracy"), ("NLD", "National League for Democracy")]),
        # "Full Name's (ACR)" defines the acronym too
        ("A new survey's (NGS) estimate came from the National Geology Survey’s (NGS) model. NGS said so.",
         [("National Geology Survey", "National Geology Survey"), ("NGS", "National Geology Survey")]),
        # a possessive ends a name: the department and its office are two organisations
        ("A statement by the US Treasury Department’s Office of Foreign Assets Control (OFAC) followed.",
         [("US Treasury Department", "US Department of the Treasury"),
          ("Office of Foreign Assets Control", "Office of Foreign Assets Control"),
          ("OFAC", "Office of Foreign Assets Control")]),
        # organisations without an organisation word, from organisations.csv
        ("Human Rights Watch said the strike was unlawful, residents told Radio Free Asia.",
         [("Human Rights Watch", "Human Rights Watch"), ("Radio Free Asia", "Radio Free Asia")]),
        # "the military" does not swallow "the military council"
        ("Under the military council, the military kept fighting.",
         [("military council", "Myanmar military junta"), ("the military", "Myanmar military junta")]),
        # honorifics and titles mark people, and are left out of the name
        ("U Kyaw Tint and Daw Khin Win met Sao Hso Hom.",
         [("Kyaw Tint", "Kyaw Tint"), ("Khin Win", "Khin Win"), ("Hso Hom", "Hso Hom")]),
        ("Gen. Mya Tun Oo briefed Chinese Premier Li Qiang and Foreign Minister Wang Yi.",
         [("Mya Tun Oo", "Mya Tun Oo"), ("Li Qiang", "Li Qiang"), ("Wang Yi", "Wang Yi")]),
        # two titled officials in one phrase are two people; a known actor inside is not swallowed
        ("It was signed by Union Minister of Science and Technology of Myanmar Myo Thein Kyaw and Union Minister "
         "of Electric Power of Myanmar Thaung Han.",
         [("Myo Thein Kyaw", "Myo Thein Kyaw"), ("Thaung Han", "Thaung Han")]),
        ("The visit by Senior Gen Min Aung Hlaing was his first.", [("Min Aung Hlaing", "Min Aung Hlaing")]),
        # Burmese names need no title: they are made of name elements
        ("Zaw Min Tun became the director of the firm.", [("Zaw Min Tun", "Zaw Min Tun")]),
        ("Thein Sein's government fell.", [("Thein Sein", "Thein Sein")]),
        # bylines and coordinated names
        ("Edited by Kiana Duncan and Mike Firn.", [("Kiana Duncan", "Kiana Duncan"), ("Mike Firn", "Mike Firn")]),
        ("He met CNPC general manager Liao Yongyuan.", [("CNPC", "China National Petroleum Corporation"),
                                                        ("Liao Yongyuan", "Liao Yongyuan")]),
        # a sentence's full stop is not part of a name; an abbreviation's is
        ("Residents told Radio Free Asia. Then they left.", [("Radio Free Asia", "Radio Free Asia")]),
        ("It is built by China National Petroleum Corp. and others.",
         [("China National Petroleum Corp.", "China National Petroleum Corporation")]),
        # "A of X and the B of Y" names two bodies, not one long one
        ("The President of the Industrial Workers’ Federation of Myanmar and the General Secretary of "
         "ITALIA-BIRMANIA.INSIEME presented a statement.",
         [("Industrial Workers’ Federation of Myanmar", "Industrial Workers' Federation of Myanmar"),
          ("ITALIA-BIRMANIA.INSIEME", "ITALIA-BIRMANIA.INSIEME")]),
        # units are parts of a force, not actors; a committee named for a report is an organisation
        ("Junta Battalion 372 is near the villages.", [("Junta", "Myanmar military junta")]),
        ("The office formed an Implementation Committee for the Inquiry Commission Report.",
         [("Implementation Committee for the Inquiry Commission Report",
           "Implementation Committee for the Inquiry Commission Report")]),
        # a company keeps its legal form (and a subsidiary's country in brackets); "Singapore-based" is not its name
        ("Fuel traders Singapore-based Sahara Energy International Pte. Ltd. and Chinese state-owned entity (SOE) "
         "CNOOC Trading (Singapore) Pte. Ltd. took part.",
         [("Sahara Energy International Pte. Ltd.", "Sahara Energy International Pte. Ltd."),
          ("CNOOC Trading (Singapore) Pte. Ltd.", "CNOOC Trading (Singapore) Pte. Ltd.")]),
        # a known company written with "&" and its legal form is the known company
        ("Adani Ports & Special Economic Zone Limited increased its investment.",
         [("Adani Ports & Special Economic Zone", "Adani Ports and Special Economic Zone")]),
        ("The Shanghai Cooperation Organization (SCO) met.",
         [("Shanghai Cooperation Organization", "Shanghai Cooperation Organisation"),
          ("SCO", "Shanghai Cooperation Organisation")]),
        # the person after a long title is the person; the organisation before it stays itself
        ("EarthRights Director of Strategy and Campaigns Keith Slack issued a statement.",
         [("EarthRights", "EarthRights International"), ("Keith Slack", "Keith Slack")]),
        ("Sar Lin Gyi Township Township Administration Officer Zaw Aung visited on Monday.", [("Zaw Aung", "Zaw Aung")]),
        ("Police Major Aung Myo Thant was killed in the attack.", [("Aung Myo Thant", "Aung Myo Thant")]),
        # people set off by their role, or named by their country
        ("Mi Gongsheng, director of the province's commission, told reporters.", [("Mi Gongsheng", "Mi Gongsheng")]),
        ("The rapporteur on human rights in Myanmar, Thomas Andrews, released the report.",
         [("Thomas Andrews", "Thomas Andrews")]),
        ("He met Chinese leader Xi Jinping and India’s Narendra Modi.",
         [("Xi Jinping", "Xi Jinping"), ("Narendra Modi", "Narendra Modi")]),
        ("He flew to Russia's Far East and China's South West.", []),
        # documents, projects and offices are not organisations, even with an acronym
        ("The junta signed a Memorandum of Understanding (MOU) with Rosatom.",
         [("junta", "Myanmar military junta"), ("Rosatom", "Rosatom State Atomic Energy Corporation")]),
        ("A delegation led by the Minister for Electricity and Energy arrived.", []),
        ("The talks covered the China-Myanmar Economic Corridor (CMEC).", []),
        ("Standards laid out in the OECD Guidelines for Multinational Enterprises apply.",
         [("OECD", "Organisation for Economic Co-operation and Development")]),
        # a place's own force is a new organisation, not the known one its name ends with
        ("The Sagaing-based Burma People's Liberation Army seized Kawlin.",
         [("Burma People's Liberation Army", "Burma People's Liberation Army")]),
        # "a PDF" is one of a kind; "an Arakan Army spokesman" still names the army
        ("It was one of the first clashes between a PDF and the military.", [("the military", "Myanmar military junta")]),
        ("An Arakan Army spokesman said so.", [("Arakan Army", "Arakan Army")]),
        ("A KIA statement said so.", [("KIA", "Kachin Independence Army")]),
        # an organ of a known party acts as the party
        ("A meeting of the Central Committee of the Chinese Communist Party began.",
         [("Chinese Communist Party", "Chinese Communist Party")]),
        # "military-owned" says whose a business is; it does not name the military as an actor
        ("The mine is run by the military-owned Union of Myanmar Economic Holdings Limited.",
         [("Union of Myanmar Economic Holdings Limited", "Myanma Economic Holdings Limited")]),
        # a long organisation name written in lower case is still the organisation
        ("Tin Myint, deputy director-general of the general administration department, visited.",
         [("Tin Myint", "Tin Myint"), ("general administration department", "General Administration Department")]),
        # well-known companies without an organisation word, from organisations.csv
        ("US tech giants Google and Apple and China's Huawei were listed.",
         [("Google", "Google"), ("Apple", "Apple"), ("Huawei", "Huawei")]),
    ],
)  # fmt: skip
def test_organisations_and_people_are_found_and_cut_as_a_reader_would(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "actor") == expected


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("BANGKOK: A Myanmar armed group said it had captured the command.", "BANGKOK", "place"),
        ("(Bangkok) – The Myanmar military attacked a village.", "Bangkok", "place"),
        ("UNITED NATIONS: The economy of Myanmar is in free-fall.", "UNITED NATIONS", "place"),
        # a list after a place word shares it
        ("Arms came from suppliers in Russia, China, Singapore, India and Thailand.", "India", "place"),
        ("Arms came from suppliers in Russia, China, Singapore, India and Thailand.", "Thailand", "place"),
        # members of a grouping are actors
        ("The summit groups five countries — Cambodia, Laos, Myanmar, Thailand and Vietnam.", "Laos", "actor"),
        # a possessive by its noun
        ("Wang expressed China’s support for the election.", "China", "actor"),
        ("He met Myanmar's president.", "Myanmar", None),
        ("It covers 265 of Myanmar's 330 townships.", "Myanmar", "place"),
        ("A lecturer at Thailand's Kasetsart University said so.", "Thailand", None),
        # a verb makes it an actor; a copula does not
        ("The US sanctioned the corporation last week.", "US", "actor"),
        ("Meanwhile Myanmar is in the grips of a civil war.", "Myanmar", "place"),
        # a foreign capital can stand for its government
        ("The aim is to pressurise Canberra into dumping the investment.", "Canberra", "actor"),
        # a past tense makes it an actor, even after a list that began with a place word
        ("With clashes near the border with China, Beijing closed all border trade posts.", "Beijing", "actor"),
        ("With clashes near the border with China, Beijing closed all border trade posts.", "China", "place"),
        # the other side of a victory or a war is an actor
        ("The parade marked China's victory over Japan.", "Japan", "actor"),
        # a possessive of anything but the land is the state's
        ("Xi pledged support for Myanmar’s peace process.", "Myanmar", "actor"),
        ("Mining resumed in one of Myanmar’s rare earth hubs.", "Myanmar", "place"),
        ("The UK started sanctioning Myanmar’s jet fuel industry.", "Myanmar", "place"),
        ("Millions fled Myanmar’s civil war.", "Myanmar", "place"),
        # names joined as one subject of a bare verb are actors
        ("Russia and Myanmar sign a nuclear roadmap.", "Myanmar", "actor"),
        ("Russia and Myanmar sign a nuclear roadmap.", "Russia", "actor"),
        # a possessive decides before a place word: the preposition belongs to the noun
        ("They discussed cooperation in Myanmar’s peace process.", "Myanmar", "actor"),
        # an adjective after a partner word is still an adjective
        ("The report accused the US tech giants of hosting apps.", "US", None),
        # a capital is where things happen after "in", and its government when it acts
        ("Dr. Sasa told reporters in Washington that aid was needed.", "Washington", "place"),
        ("Washington imposed new sanctions on the junta.", "Washington", "actor"),
        # "the Russian capital Moscow": a place
        ("Delegations attended forums in the Russian capital Moscow.", "Moscow", "place"),
        # a country that ends a longer capitalised name is part of it
        ("Burcamp UK urged them to stop.", "UK", None),
        # inside a compound it is neither
        ("Work on the China-Myanmar Economic Corridor resumed.", "China", None),
        # an adjective after a place word is still an adjective
        ("He discussed foreign interference in Myanmar politics.", "Myanmar", None),
        ("Fighting went on in Myanmar last year.", "Myanmar", "place"),
        # "Town, Country" at a clause's end: the country is where the town is
        ("The end destination of the cranes was Mundra, India.", "India", "place"),
        # a list "by the US, Australia, Canada, the EU and UK" keeps its cue across "the"
        ("MEC is sanctioned by the US, Australia, Canada, the EU and UK.", "UK", "actor"),
        # a cue is read in the name's own sentence
        ("Revenues go to the Oil and Gas Enterprise. The United States should act.", "United States", "actor"),
    ],
)
def test_a_name_both_place_and_actor_is_decided_by_context(extractor, sentence, name, kind):
    kinds = {m.kind for m in extractor.extract(sentence, "2024-03-28").mentions if m.text == name}
    assert kinds == ({kind} if kind else set())


def test_a_country_no_cue_decides_is_what_its_other_mentions_are(extractor):
    text = (
        "The United Kingdom has started sanctioning the firm. Others must follow the United States and United Kingdom."
    )
    kinds = [m.kind for m in extractor.extract(text, "2023-08-23").mentions if m.text == "United Kingdom"]
    assert kinds == ["actor", "actor"]


def test_a_capital_standing_for_its_government_names_the_country(extractor):
    mention = next(
        m for m in extractor.extract("The aim is to pressurise Canberra into it.", "2021-03-30").mentions
        if m.text == "Canberra"
    )  # fmt: skip
    assert (mention.kind, mention.name) == ("actor", "Australia")


@pytest.mark.parametrize(
    "text",
    [
        "Reporters from Mandalay\nPeople gathered at the Kachin Independence\nArmy office.",
        "UNITED NATIONS\nThe Economy Of Myanmar",
    ],
)
def test_capitalised_phrases_never_cross_a_line(text):
    runs = capitalised_runs(text)
    assert runs
    assert all("\n" not in text[start:end] for start, end in runs)


@pytest.mark.parametrize(
    ("words", "tail"),
    [
        ("Union Minister of Electric Power of Myanmar Thaung Han", 2),
        ("Aung San Suu Kyi", 4),
        ("Kiana Duncan", 0),
        ("Myanmar Economic Corporation", 0),
        ("Mandalay", 0),
    ],
)
def test_a_burmese_name_is_told_by_its_elements(words, tail):
    assert burmese_name_tail(words.split()) == tail


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a person named again by the end of their name is the same person
        ("Union Minister Sarbananda Sonowal said so. Mr Sonowal added more.",
         [("Sarbananda Sonowal", "Sarbananda Sonowal"), ("Sonowal", "Sarbananda Sonowal")]),
        # an initial belongs to the name after a long title
        ("said Under Secretary of the Treasury for Terrorism and Financial Intelligence Brian E. Nelson.",
         [("Brian E. Nelson", "Brian E. Nelson")]),
        # a rank written without its period
        ("Col James Lum Dau told reporters.", [("James Lum Dau", "James Lum Dau")]),
        # an office named by its country is no person
        ("The news was confirmed by Myanmar’s Trade Minister, Charlie Than, who spoke on Monday.",
         [("Charlie Than", "Charlie Than")]),
        # an acronym before "and" is a name of its own
        ("Clashes between the KIA and the Burma Army went on.",
         [("KIA", "Kachin Independence Army"), ("Burma Army", "Myanmar military junta")]),
        # a new name followed by a known actor's acronym is that actor
        ("The joint venture South East Asia Gas Pipeline Co, Ltd (SEAGP) holds a stake.",
         [("South East Asia Gas Pipeline Co, Ltd", "South-East Asia Gas Pipeline Company"),
          ("SEAGP", "South-East Asia Gas Pipeline Company")]),
        # an outlet's desk is the outlet's
        ("The protester told RFA’s Burmese Service on Friday.", [("RFA", "Radio Free Asia")]),
    ],
)  # fmt: skip
def test_names_read_with_the_rest_of_the_text(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "actor") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Protests spread to Ahmedabad and Hyderabad.", [("Ahmedabad", "Ahmedabad"), ("Hyderabad", "Hyderabad")]),
        ("Rescue teams flew in from Ho Chi Minh City.", [("Ho Chi Minh City", "Ho Chi Minh City")]),
        ("Gas from Urumqi reaches the coast.", [("Urumqi", "Ürümqi")]),
    ],
)
def test_large_cities_of_the_world_are_places(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "place") == expected


def test_first_level_units_next_to_myanmar_are_places(extractor):
    found = _mentions(extractor, "Refugees crossed into Mizoram and Manipur from Chin State.", "place")
    assert found == [("Mizoram", "Mizoram"), ("Manipur", "Manipur"), ("Chin State", "Chin State")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a name and the kind of body it is, in lower case, is an organisation (not the place it is named after)
        ("According to the Kyunhla activist group, 100 people died.",
         [("Kyunhla activist group", "Kyunhla activist group")]),
        ("Prospectors burned the Kyauk Sein Taung mining company’s office.",
         [("Kyauk Sein Taung mining company", "Kyauk Sein Taung mining company")]),
        ("A Chinese mining company left.", []),  # an adjective of a country is no name
        ("A Sagaing activist group said so.", []),  # "a ... group" describes; "the ... group" names
        # a person, then whom they speak for
        ("said spokesperson Lway Yay Oo for the TNLA on Monday.",
         [("Lway Yay Oo", "Lway Yay Oo"), ("TNLA", "Ta'ang National Liberation Army")]),
    ],
)  # fmt: skip
def test_bodies_named_in_lower_case_and_people_before_whom_they_speak_for(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "actor") == expected
    assert "Kyunhla" not in [text for text, _ in _mentions(extractor, sentence, "place")]


def test_a_township_spelled_otherwise_with_a_lowercase_type_word_is_found(extractor):
    found = _mentions(extractor, "Rare earths were found in Chi-pwe township last year.", "place")
    assert found == [("Chi-pwe", "Chipwi Township")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a local unit of a force, named by the force's acronym and its town, is an actor of its own
        ("The Chinland Defense Force (CDF) said CDF-Falam and Zotung CDF joined the attack.",
         [("Chinland Defense Force", "Chinland Defense Force"), ("CDF", "Chinland Defense Force"),
          ("CDF-Falam", "CDF-Falam"), ("Zotung CDF", "Zotung CDF")]),
        # a unit named like the acronym's own definition is that force again, not a new one
        ("The Hualngoram Chin Defence Force (CDF) said CDF-Hualngoram lost two men.",
         [("Hualngoram Chin Defence Force", "Chinland Defense Force"), ("CDF", "Chinland Defense Force"),
          ("CDF", "Chinland Defense Force")]),
    ],
)  # fmt: skip
def test_local_units_named_by_a_force_acronym(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "actor") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a route by water between two places is not two places
        ("Boats on the Teknaf-St. Martin waterway stopped.", []),
        # an adjective made from a place name, or a people's adjective before a noun, is no place
        ("Both sides agreed at China-brokered talks in Kunming.", [("Kunming", "Kunming")]),
        ("Forty citizens were held in Indian jails.", []),
    ],
)
def test_adjectives_and_water_routes_are_not_places(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "place") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a Burmese name before "of the <place> ..." is the person, not a longer name
        ("Police superintendent Kyaw Zin Htut of the Mogaung police station said it fell.",
         [("Kyaw Zin Htut", "Kyaw Zin Htut")]),
        # a company named with two lowercase words saying what it is, as with one ("the X mining company")
        ("The pit was run by the Shwe Hlaing jade mining company until May.",
         [("Shwe Hlaing jade mining company", "Shwe Hlaing jade mining company")]),
    ],
)  # fmt: skip
def test_people_before_of_and_companies_with_a_lowercase_kind(extractor, sentence, expected):
    assert _mentions(extractor, sentence, "actor") == expected
