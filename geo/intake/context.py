"""Context: whether a name that is both a place and an actor is used as the place or as the actor.

A country or a capital is a place in "in China", "the border with China",
"Sochi, Russia" and an actor in "China supplies", "talks with China",
"China's support"; it is neither where it only qualifies another name
("China's Huawei", "the Myanmar military", "China-backed"). This module owns
that decision (:func:`place_or_actor`) and the other readings of a known
name's surroundings that extraction (:mod:`geo.intake.extraction`) makes
before it keeps a name: a currency ("US$"), an owner ("military-owned"), one
of a kind ("a PDF"), a dateline ("UNITED NATIONS:"), a capital standing for
its state.
"""

from __future__ import annotations

import re

from geo.intake.candidates import SENTENCE_OPENERS, TITLE_WORDS

__all__ = ["is_capital", "is_dateline", "not_the_name", "place_or_actor"]


# Context of a name that is both a place and an actor. A list after the cue shares it: "suppliers in Russia,
# China, Singapore and India" are all places, "talks with China and Laos" both actors.
# "in central Myanmar", "exports to nearby China", "popular in neighboring China": a lowercase word that
# describes the land between the cue and the name
_SITUATED = (
    r"(?:(?:nearby|neighbou?ring|far|northernmost|southernmost|central|upper|lower|(?:north|south)?(?:-?(?:east|west))?ern|"
    r"northern|southern)\s+)*"
)
_LIST_SO_FAR = r"(?-i:(?:the\s+)?[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’-]*)?,?\s+(?:and\s+)?(?:the\s+)?){0,10}"
# "bordering rising powers India and China", "exports to neighbours Thailand and Laos": a plural noun naming
# what the places are, between the cue and the names
_KIND_OF_LAND = r"(?:(?:[a-z]+\s+)?(?:powers|neighbou?rs|countries|nations|states|giants)\s+)?"
# "the Myanmar/Thailand border", "the Thai-Myanmar frontier": countries joined before a border are its two sides
_BORDER_AFTER = re.compile(r"^(?:[/–-][A-Z][\w'’]*)*\s+(?:border|frontier|boundary)\b")
_BORDER_BEFORE = re.compile(r"[A-Z][\w'’]*[/–-]$")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|into|to|from|across|throughout|inside|within|near|at|via|through|towards?|out\s+of|around|"
    r"entered|reached|visited|visit\s+to|trip\s+to|border\s+with|borders?\s+of|bordering|parts?\s+of|"
    r"north\s+of|south\s+of|east\s+of|west\s+of|capital\s+of|outside|based\s+in|travel(?:led)?\s+to|"
    r"arrived\s+in|fled\s+to|shipped\s+to|exported\s+to|flights?\s+to|capital|city\s+of|port\s+of|borders|bordered\s+by)\s+(?:the\s+)?(?-i:"
    + _SITUATED
    + ")"
    + _KIND_OF_LAND
    + _LIST_SO_FAR
    + r")$",
    re.I,
)
_ACTOR_BEFORE = re.compile(
    r"(?:\b(?:by|with|between|urged|urges|called\s+on|calls\s+on|leaders?\s+of|governments?\s+of|"
    r"support\s+from|pressure\s+on|pressur(?:e|ed|ise|ised|ize|ized|ing)|ties\s+with|relations\s+with|talks\s+with|"
    r"deal\s+with|accused|asked|told|against|victory\s+over|war\s+(?:with|on)|hosted\s+by|(?:countries|nations|states|members|governments)\s*(?:—|–|--|:|,|such\s+as|"
    r"including|like)|(?:countries|nations|governments|donors)\b[^.;:]{0,60}?\b(?:include|included|includes))\s+(?:the\s+)?"
    + _LIST_SO_FAR
    + r")$"
)
# "representatives from Cambodia, Thailand and Laos", "officials of China": people who speak for the state
_ENVOYS_FROM = re.compile(
    r"\b(?:representatives?|delegates?|delegations?|officials?|ministers?|envoys?|diplomats?|ambassadors?|"
    r"counterparts?|negotiators?)\s+(?:from|of)\s+(?:the\s+)?" + _LIST_SO_FAR + r"$"
)
_ACTOR_AFTER = re.compile(
    r"^(?:\s*(?:,|and)\s+[A-Z][\w'’-]*)*\s+(?:has|have|had|will|would|could|can|may|might|must|should|shall|"
    r"said|says|supplies|supplied|supplying|sold|sells|sent|sends|signed|signs|agreed|agrees|urged|urges|called|"
    r"calls|condemned|condemns|backed|backs|supports|supported|imposed|imposes|sanctioned|sanctions|provided|"
    r"provides|delivered|delivers|recognised|recognized|voted|votes|denied|denies|announced|announces|warned|"
    r"warns|accused|accuses|pledged|pledges|refused|refuses|wants|hopes|plans|continues|continued|remains|"
    r"remained|became|helped|helps|offered|offers|invested|invests|built|builds|opposed|opposes|welcomed|"
    r"welcomes|expressed|expresses|reiterated|stressed|vetoed|blocked|and\s+Myanmar\s+signed|also|"
    # an irregular past tense: "after Thailand cut off electricity", "China sought", "Russia gave"
    r"cut|shut|struck|sought|bought|brought|gave|took|began|made|won|lost|kept|told|sent|sold|"
    r"(?!based\b|owned\b|backed\b|led\b)[a-z]{2,}ed)\b"  # a past tense: "Beijing closed", "China urged"
)
# "Russia and Myanmar sign", "China and India agree": a bare verb after names joined as one subject
_BARE_VERBS = (
    r"sign|agree|say|supply|sell|send|hold|meet|discuss|condemn|urge|call|pledge|vow|reject|deny|back|support|"
    r"oppose|plan|want|seek|share|boost|expand|deepen|strengthen|step\s+up|launch|accuse|warn|impose|join|vote"
)
_PLURAL_ACTOR_AFTER = re.compile(rf"^(?:\s*(?:,|and)\s+[A-Z][\w'’-]*)+\s+(?:{_BARE_VERBS})\b")
_JOINED_BEFORE = re.compile(r"[A-Z][\w'’-]*,?\s+and\s+$")
_BARE_VERB_AFTER = re.compile(rf"^\s+(?:{_BARE_VERBS})\b")
_AFFILIATION_AFTER = re.compile(r"^(?:['’]s)?\s+[A-Z]")
# "China's support" is China acting; "Myanmar's president" names a person by it; "Myanmar's 330 townships" a place.
_POSSESSIVE_ACTION = re.compile(
    r"^['’]s\s+(?:[a-z-]+\s+)?(?:support|backing|help|aid|assistance|supplies|supply|sales?|sanctions|pressure|"
    r"decision|position|stance|policy|policies|role|investments?|interests?|demands?|request|offer|veto|vote|"
    r"refusal|approval|opposition|response|protests?|involvement|complicity|arms|weapons|purchases?)\b"
)
_POSSESSIVE_PERSON = re.compile(
    r"^['’]s\s+(?:[a-z-]+\s+)*?(?:president|premier|leaders?|generals?|ambassador|envoy|ministers?|officials?|"
    r"government|rulers?|military|army|armies|junta|regime|spokes\w+|foreign\s+minister|armed\s+forces|forces|"
    r"troops|soldiers|police|navy|air\s+force|party|parties|opposition|company|companies|firms?|media|newspapers?|"
    r"outlets?|airlines?|banks?|conglomerates?|tycoons?)\b"
)
# "Myanmar's 330 townships", "Myanmar's rare earth hubs": the land; any other noun is the state's ("China's
# imports", "Myanmar's peace process"), unless it names someone (above)
_POSSESSIVE_NOUN = re.compile(
    r"^['’]s\s+(?:[\w-]+\s+){0,3}?(?:townships?|states|regions?|provinces?|districts?|cities|city|towns?|villages?|"
    r"borders?|border\w+|north|south|east|west|\w+ern|capital|coast\w*|territor\w+|soil|airspace|waters|hubs?|"
    r"mountains?|jungles?|ports?|islands?|frontier|heartland|interior|countryside|hinterland|land|landscape|"
    r"mines?|fields?|forests?|rivers?|seas?|cities|streets|airports?|industry|industries|economy|sector|market|"
    r"resources|reserves|people|peoples|population|citizens|residents|civilians|history|conflicts?|civil\s+war|"
    r"crisis|war|ethnic|minorities|refugees|displaced|children|women|youth|vicinity|neighbou?rhood|backyard|"
    r"doorstep|periphery)\b"
)
# "Burma's Kachin State", "Sri Lanka's Hambantota port": the country of a place named after it
_PLACE_INSIDE_AFTER = re.compile(
    r"^['’]s\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:State|Region|Division|Township|District|Province|City|Island|port|Port)\b"
)
# "Myanmar has been in turmoil since the coup": the state of the land, not something the state does
_STATE_OF_PLACE_AFTER = re.compile(
    r"^\s+(?:has|had|have)?\s*(?:been|is|was|remains|remained)\s+(?:in|mired\s+in|gripped\s+by|engulfed\s+in|"
    r"plunged\s+into)\s+(?:an?\s+)?(?:[a-z]+\s+)?(?:turmoil|chaos|crisis|conflict|civil\s+war|war|upheaval|unrest)\b"
)
# "a China-backed project": who backs it, an adjective
_BACKED_AFTER = re.compile(
    r"^[-–](?:backed|owned|led|run|linked|funded|financed|built|proposed|sponsored|controlled)\b"
)
_ADJECTIVAL_AFTER = re.compile(
    r"^\s+(?!and\b|or\b|on\b|in\b|to\b|at\b|for\b|from\b|with\b|as\b|but\b|since\b|the\b|an?\b|is\b|was\b|are\b|were\b)[a-z]"
)
_DATELINE_AFTER = re.compile(r"^(?:\)\s*)?(?::|,\s+[A-Z]|\s*[—–]|\s+--)")


def place_or_actor(text: str, start: int, end: int, has_actor: bool) -> tuple[str | None, str]:
    """'place', 'actor' or None (neither: an affiliation, "Myanmar military") for a place-and-actor name, and why."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 140) : start]
    sentence = list(_SENTENCE_END_BEFORE.finditer(before))
    before = before[sentence[-1].end() :] if sentence else before  # a cue is in the same sentence
    after = text[end : end + 60].split("\n", 1)[0]
    if before.strip() in ("", "(") and _DATELINE_AFTER.match(after):
        return "place", "a dateline ('BANGKOK:', '(Bangkok) –')"
    previous = re.search(r"\b([A-Z][a-z][\w'’]*)[ \t]+$", before)
    if (
        previous
        and previous.group(1) not in SENTENCE_OPENERS
        and previous.group(1) not in TITLE_WORDS
        and not re.fullmatch(_SITUATED, previous.group(1).lower() + " ")
    ):  # "Neighbouring China has announced" is China
        return None, "the end of a longer name ('Burcamp UK', 'Save the Children UK')"
    if _BORDER_AFTER.match(after) and (after[:1] in "/–-" or _BORDER_BEFORE.search(before)):
        return "place", "one side of a border named with another ('the Myanmar/Thailand border')"
    if re.match(r"[-–][A-Z]", after) or re.search(r"[A-Za-z][-–]$", before):
        return None, "part of a compound ('the China-Myanmar Economic Corridor', 'Sino-Myanmar ties')"
    if _BACKED_AFTER.match(after):
        return None, "who backs or owns what follows ('a China-backed project')"
    if _PLACE_INSIDE_AFTER.match(after):
        return "place", "the country of a place named after it ('Burma's Kachin State')"
    if _AFFILIATION_AFTER.match(after) and after[:2] in ("'s", "’s"):
        return None, "the affiliation of a name that follows ('China's Huawei')"
    if _STATE_OF_PLACE_AFTER.match(after):
        return "place", "the state of the land ('Myanmar has been in turmoil')"
    if after[:2] in ("'s", "’s") and not _POSSESSIVE_NOUN.match(after) and not _POSSESSIVE_PERSON.match(after):
        return "actor", "a possessive of the state's doing ('cooperation in Myanmar's peace process')"
    if _ENVOYS_FROM.search(before) and not _noun_follows(after):
        return "actor", "people who speak for it ('representatives from Cambodia')"
    cue = _PLACE_BEFORE.search(before)
    if cue and _noun_follows(after):
        return None, "used as an adjective ('interference in Myanmar politics')"
    if cue and not (re.search(r",\s*$", before) and _ACTOR_AFTER.match(after)):
        return "place", "a place word before it ('in', 'to', 'the border with')"
    if _POSSESSIVE_ACTION.match(after):
        return "actor", "its own action or role ('China's support')"
    if _POSSESSIVE_PERSON.match(after):
        return None, "the affiliation of someone it names ('Myanmar's president')"
    if _POSSESSIVE_NOUN.match(after):
        return "place", "a possessive of a place ('Myanmar's townships')"
    if after[:2] in ("'s", "’s"):
        return "actor", "a possessive of the state's doing ('China's imports', 'Myanmar's peace process')"
    if _AFFILIATION_AFTER.match(after):
        return None, "the affiliation of a name that follows ('China's Huawei')"
    if _PLURAL_ACTOR_AFTER.match(after) or (_JOINED_BEFORE.search(before) and _BARE_VERB_AFTER.match(after)):
        return "actor", "one of names doing something together ('Russia and Myanmar sign')"
    if _ACTOR_AFTER.match(after) or (_ACTOR_BEFORE.search(before) and not _noun_follows(after)):
        return "actor", "a verb or a partner word around it ('China supplies', 'talks with China')"
    if _ADJECTIVAL_AFTER.match(after):
        return None, "used as an adjective ('the Myanmar military')"
    if _TOWN_BEFORE.search(before) and _CLAUSE_END_AFTER.match(after):
        return "place", "the country of a place named before it ('Sochi, Russia')"
    return ("actor", "named as an actor in the actors table") if has_actor else ("place", "named without an actor cue")


def _noun_follows(after: str) -> bool:
    """Whether the name is used as an adjective: a lowercase noun follows ("in Myanmar politics", "the US tech giants")."""
    return bool(_ADJECTIVAL_AFTER.match(after)) and not (_NOT_A_NOUN_AFTER.match(after) or _ACTOR_AFTER.match(after))


# A sentence end inside the context before a name (a full stop after a lowercase word or a number).
_SENTENCE_END_BEFORE = re.compile(r"(?<=[a-z0-9\]\)”\"])[.!?][\"”’)]*\s+")
_TOWN_BEFORE = re.compile(r"\b[A-Z][a-z][\w'’-]*,\s+$")
_CLAUSE_END_AFTER = re.compile(r"^\s*(?:[.;:)]|,\s+(?:where|which|who|and|but|on|in|at|for)\b|$)")
# words after "in China" that do not make it an adjective ("in China last year", "in Myanmar since 2021")
_NOT_A_NOUN_AFTER = re.compile(
    r"^\s+(?:last|this|next|since|until|after|before|during|over|under|through|via|where|which|who|whose|that|"
    r"while|when|because|amid|despite|again|too|also|already|now|today|yesterday|recently|earlier|later|alone|"
    r"itself|said|says|has|have|had|would|will|could|can|may|might|than|then|of|by|or|not|only|even|so|yet|"
    r"into|onto|within|without|along|near|toward|towards|against|based|shortly|soon|were|was|is|are|be|been|"
    r"about|around|across|instead|either|whether|if|as|up|down|out|off|back|still|just|more|less|ever|never|"
    r"began|begins|came|comes|went|goes|took|takes|made|makes|gave|gives|got|gets|held|holds|left|fell|falls|rose|"
    r"rises|grew|grows|stood|stands|ran|runs|brought|brings|became|becomes|kept|keeps|lies|lay|met|meets|sent|"
    r"sends|told|tells|saw|sees|found|finds|seems|seemed|appears|continue|continues|"
    # a participle ("a village in Myanmar sheltering displaced people"), not an industry ("Myanmar mining")
    r"(?!(?:mining|building|trading|shipping|banking|housing|training|funding|clothing|manufacturing|logging|"
    r"fishing|farming|smuggling|trafficking|gambling|marketing|engineering|meeting|ruling|spending|planning|"
    r"bombing|shelling|fighting|offering|financing|processing|refining|timber)\b)[a-z]{3,}ing)\b"
)


_ONE_OF = re.compile(r"\b(?:[Aa]n?|[Aa]nother)[ \t]+$")
_NOUN_AFTER = re.compile(r"[ \t]+(?!(?:and|or|in|at|on|from|with|that|which|who|was|is|has|had)\b)[a-z]")
_OWNED = re.compile(
    r"[-–](?:owned|backed|run|linked|controlled|affiliated|aligned|appointed|allied|installed|related)\b"
)
_FEATURE_AFTER = re.compile(r"[ \t]+(?:River|Sea|Lake|Bay|Hills?|Mountains?|Valley|Delta|Region|Division)\b")
# "said on Facebook", "on his official Telegram channel", "the Kachin Jade Facebook page": a platform used as the
# medium of what someone else says, not the company acting ("Facebook banned the accounts")
_PLATFORMS = frozenset(("Facebook", "Telegram", "Twitter", "YouTube", "TikTok", "WeChat", "Weibo", "Instagram", "VK"))
_MEDIUM_BEFORE = re.compile(
    r"\b(?:on|via|through)[ \t]+(?:(?:the|his|her|its|their|our|an?)[ \t]+)?(?:official[ \t]+)?$", re.I
)
_MEDIUM_AFTER = re.compile(
    r"[ \t]+(?:page|pages|post|posts|posting|account|accounts|channel|channels|group|video|live|feed)\b"
)
_DATELINE = re.compile(r"(?:^|(?<=\n))\(?[A-Z][A-Z .'’-]+\)?(?=\s*(?::|[—–]|--|,\s+[A-Z]))")


def not_the_name(text: str, start: int, end: int, actor_only: bool) -> bool:
    """Whether a known name is used as something else: a currency ("US$24 million"), an owner ("military-owned
    businesses": whose they are), one of a kind ("clashes between a PDF and the military"), or a platform that only carries what someone
    says ("said on Facebook", "the group's Telegram channel")."""
    if text.startswith("$", end) or text.startswith(" $", end):  # "US$24 million", "U.S. $1 billion"
        return True
    if not actor_only:
        return False
    if text[start:end] in _PLATFORMS and (
        _MEDIUM_AFTER.match(text, end) or _MEDIUM_BEFORE.search(text, max(0, start - 30), start)
    ):
        return True  # "said on Facebook": the medium, not the company
    if _OWNED.match(text, end) or _FEATURE_AFTER.match(text, end):
        return True  # "military-owned businesses"; "the Irrawaddy River" is no newspaper
    one_of = _ONE_OF.search(text, max(0, start - 9), start)
    return bool(one_of) and text[start:end].isupper() and not _NOUN_AFTER.match(text, end)


def is_dateline(text: str, start: int) -> bool:
    """Whether the name at ``start`` opens a line as a dateline ("UNITED NATIONS:", "(YANGON)")."""
    return bool(_DATELINE.match(text, start))


def is_capital(place: dict) -> bool:
    """A foreign capital (world.csv marks them in its source: 'capital, feature PPLC')."""
    return place.get("kind") == "city" and "capital" in str(place.get("source") or "")
