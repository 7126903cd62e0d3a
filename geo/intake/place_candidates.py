"""Candidate places: names the gazetteer lacks, found by the words around them.

Extraction (:mod:`geo.intake.extraction`) matches the gazetteer's names first;
this module owns the places it does not know, as a reader finds them
without a list: a type word after a capitalised name ("Nyaung Kone village",
"Kaladan river", "Sagaing Hills"), a named site ("the Carmichael coal mine",
"Gwadar port", "the Koe Tan Kauk border guard police station"), a water
("Strait of Malacca"), a town named with its country ("Mundra, India"), a
cue before a name ("in X", "residents of X", "the village of X", "an attack
on X") and a name set off as a place ("Hway Hkar, a strategic hill"). Each is
a mention with ``status`` "new" and the kind its words say, to geocode or pin
by hand.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from geo.intake.candidates import burmese_name_tail, has_organisation_word
from geo.intake.mentions import Mention

__all__ = ["NOT_PLACE_WORDS", "PART_OF_NAME_AFTER", "candidate_places"]


_PLACE_TYPES = (
    r"Township|Village|Region|State|District|Division|Province|City|Town|River|Sea|Ocean|Bay|Lake|Gulf|Island|"
    r"Hills?|Mountains?|Range|Valley|Plateau|Hotel|Airport|Port|Special[ \t]Economic[ \t]Zone|Economic[ \t]Zone|"
    r"Industrial[ \t]Zone"
)
_FEATURE_TYPES = frozenset(["Hill", "Hills", "Mountain", "Mountains", "Range", "Valley", "Plateau", "Hotel", "Airport",
                            "Port"])  # fmt: skip
_CANDIDATE_TYPED_PLACE = re.compile(
    rf"\b(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){{0,2}})[ \t]+(?P<type>{_PLACE_TYPES}|township|village|town|river)\b"
    r"(?:[ \t]+(?:No\.?[ \t]*)?\d{1,2}\b)?"
)
_WATER_OF = re.compile(r"\b(?:Strait|Straits|Gulf|Bay|Sea)[ \t]+of[ \t]+[A-Z][\w'’-]+")
_PLACE_NAME = r"[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2}"
# "in X", "in X and Y", "in the X area", "residents of X", "three villages from X"
_CANDIDATE_IN_PLACE = re.compile(
    rf"\b(?:(?:in|at|near)\s+(?:the\s+(?={_PLACE_NAME}[ \t]+(?:area|region|valley|hills|border)\b))?|"
    rf"(?:people|residents?|villagers?|villages|locals?|farmers|families|displaced)\s+(?:from|of)\s+|"
    rf"\b(?:the|a)\s+(?:village|town|city|township|port|hamlet)\s+of\s+|"
    rf"\b(?:attacks?|(?:air[ -]?)?strikes?|assaults?|raids?|offensive|bombing|shelling)\s+(?:on|of)\s+)"
    rf"(?P<name>{_PLACE_NAME})\b"
)
_NEXT_IN_LIST = re.compile(rf"(?:,[ \t]+|,?[ \t]+and[ \t]+)(?P<name>{_PLACE_NAME})\b")
# "the Byuhar Yawng Chi Buddhist monastery", "the Carmichael coal mine": a named site, the type word in its name
_FACILITY = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,3})(?:[ \t]+(?:Buddhist|coal|copper|jade|gold|nickel|tin|"
    r"rare[ \t]earth|deep-sea|hydropower))?(?:[ \t]+(?:monastery|pagoda|temple|church|mosque|mine|dam|airport|port)|(?P<post>"
    r"(?:[ \t]+(?:border[ \t]+guard|police|army|military|IDP|refugee|displacement))*[ \t]+(?:camp|station|outpost)))\b(?!-)"
)  # a camp or a station is named after the place it is at: "the Koe Tan Kauk border guard police station"
# words after a place that make it part of another name: "the Letpadaung copper mine project", "... inquiry report"
PART_OF_NAME_AFTER = re.compile(
    r"[ \t]+(?:project|projects|inquiry|report|deal|contract|agreement|law|committee|commission|talks|summit)\b"
)
_TYPE_KINDS = {"township": "township", "village": "village", "town": "town", "city": "city", "district": "district",
               "region": "admin1", "state": "admin1", "division": "admin1", "province": "admin1", "island": "island"}  # fmt: skip
_TOWN_COUNTRY = re.compile(
    r"(?<!, )\b(?P<name>[A-Z][a-z][\w'’-]*),[ \t]+(?P<country>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)(?=\s*(?:[.;:)]|$))"
)
_SET_OFF_AS_PLACE = re.compile(
    r"\b(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2}),[ \t]+an?[ \t]+(?:[a-z-]+[ \t]+){0,2}?"
    r"(?P<type>hill|hilltop|mountain|village|town|township|city|river|island|valley|mining[ \t]area|area)\b"
)
# "Indian", "Chinese", "Thai", "Burmese": a people's adjective, when a lowercase noun follows it
_DEMONYM = re.compile(
    r"[A-Z][a-z]+(?:ese|ian|ish|ean|ican)|Thai|Lao|Bengali|Pakistani|Bangladeshi|Nepali|Israeli|Iraqi|Saudi|Afghan"
)
_NOUN_AFTER = re.compile(
    r"[ \t]+(?!(?:and|or|on|in|at|to|for|from|with|as|but|since|where|which|who|that|last|this|next|is|was|are|were|"
    r"has|had|have|area|areas|region|district|border|township|town|village|city)\b)[a-z]{3,}"
)
_OPENING_WORDS = {"In", "At", "On", "Near", "From", "By", "And", "Of", "Like", "Including"}
NOT_PLACE_WORDS = {"The", "This", "That", "These", "Those", "A", "An", "It", "Its", "Our", "Their", "His", "Her",
                    "President", "General", "Secretary", "Senior", "Minister", "Mr", "Ms", "Dr", "Article", "Part",
                    "Section", "Order", "Goal", "Target", "Dear", "Please", "Sign", "Such", "Photo", "Photos",
                    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                    *calendar.month_name[1:]}  # fmt: skip


def candidate_places(text: str, taken: list[tuple[int, int]], lookup: Callable[[str], list]) -> list[Mention]:
    """Places the gazetteer lacks, by their type words ("X Township", "X village"), a named site ("the X mine"), a
    water ("Bay of X"), a country after them ("Mundra, India") or a cue before them ("in X", "residents of X");
    ``taken``: spans already named (extended with each one found)."""
    found = []

    def free(start, end):
        return not any(start < e and s < end for s, e in taken)

    for match in _CANDIDATE_TYPED_PLACE.finditer(text):
        words = match.group("name").split()
        while words and words[0] in NOT_PLACE_WORDS:
            words.pop(0)
        owner = max((i for i, w in enumerate(words) if w.endswith(("'s", "’s"))), default=-1)
        words = words[owner + 1 :]  # "Mandalay’s Chanmyatharzi Township": the township is after the owner
        if not words:
            continue
        if match.group("type").islower() and re.match(r"\s+of\b", text[match.end() : match.end() + 4]):
            continue  # "the Chinese province of Yunnan": the name follows
        if match.group("type") in _FEATURE_TYPES and (
            re.match(r"[ \t]+[A-Z]", text[match.end() : match.end() + 2]) or {"And", "Or", "Of", "For"} & set(words)
        ):
            continue  # "Ahlone International Port Terminal": the name goes on; "SEZ And Port": a headline's words
        start = text.rfind(words[0], match.start(), match.end())
        end = (
            match.end() if match.group("type") in ("river",) or not match.group("type").islower() else match.end("name")
        )
        if free(start, match.end()) and not has_organisation_word(text[start:end]):
            kind = _TYPE_KINDS.get(match.group("type").lower(), "")
            found.append(Mention("place", text[start:end], start, end, None, confidence=0.6, status="new",
                                 place_kind=kind))  # fmt: skip
            taken.append((start, match.end()))
    for match in _WATER_OF.finditer(text):
        if free(*match.span()):
            found.append(Mention("place", match.group(), *match.span(), None, confidence=0.6, status="new"))
            taken.append(match.span())
    for match in _FACILITY.finditer(text):
        words = match.group("name").split()
        while words and (words[0] in NOT_PLACE_WORDS or words[0] in _OPENING_WORDS):
            words.pop(0)
        owner = max((i for i, w in enumerate(words) if w.endswith(("'s", "’s"))), default=-1)
        words = words[owner + 1 :]  # "Sri Lanka's Hambantota port": the port is after its owner
        start = text.rfind(words[0], match.start(), match.end("name")) if words else -1
        if start < 0 or not free(start, match.end()) or has_organisation_word(text[start : match.end()]):
            continue
        if PART_OF_NAME_AFTER.match(text, match.end()):
            continue
        end = match.end("name") if match.group("post") else match.end()
        found.append(Mention("place", text[start:end], start, end, None, confidence=0.5, status="new"))
        taken.append((start, match.end()))
    for match in _SET_OFF_AS_PLACE.finditer(text):  # "Hway Hkar, a strategic hill": named, then said to be a place
        start, end = match.span("name")
        if free(start, end) and not lookup(match.group("name")) and not has_organisation_word(match.group("name")):
            kind = _TYPE_KINDS.get(match.group("type"), "")
            found.append(Mention("place", match.group("name"), start, end, None, confidence=0.5, status="new",
                                 place_kind=kind, reason="set off as a place ('X, a strategic hill')"))  # fmt: skip
            taken.append((start, end))
    for match in _TOWN_COUNTRY.finditer(text):  # "Mundra, India.": a town named with its country
        start, end = match.span("name")
        country = any(p["kind"] == "country" for p in lookup(match.group("country")))
        if country and free(start, end) and not lookup(match.group("name")):
            found.append(Mention("place", match.group("name"), start, end, None, confidence=0.5, status="new",
                                 reason="named with its country ('Mundra, India')"))  # fmt: skip
            taken.append((start, end))
    for match in _CANDIDATE_IN_PLACE.finditer(text):
        names = [match]
        cursor = match.end("name")
        while (more := _NEXT_IN_LIST.match(text, cursor)) is not None:  # "in Moetargyi and Kachinsu"
            names.append(more)
            cursor = more.end("name")
        if len(names) > 1 and not re.search(r"\b(?:and|or)\b", names[-1].group()):
            names = names[:1]  # "in Myanmar, Thomas Andrews, released": a list ends with "and"
        for item in names:
            _candidate_in(text, item, free, found, taken, lookup)
    return found


def _candidate_in(text: str, match: re.Match, free, found: list[Mention], taken: list, lookup) -> None:
    """One name after 'in', 'near', 'residents of': a weak candidate place unless it is something else."""
    name = match.group("name")
    words = name.split()
    if words[0] in NOT_PLACE_WORDS or lookup(name) or burmese_name_tail(words) == len(words):
        return  # a known name left out on purpose (an adjective, an actor), or a person, is not a new place
    start, end = match.start("name"), match.end("name")
    after = text[end : end + 40]
    if re.search(r"[-–][a-z]+$", name):
        return  # "at China-brokered talks", "in Chinese-made jets": an adjective
    if _DEMONYM.fullmatch(words[-1]) and _NOUN_AFTER.match(after):
        return  # "lodged in Indian jails": a people's adjective before a noun
    if (
        has_organisation_word(name + " " + after[:20])
        or not free(start, end)
        or re.match(r" \(|[ \t]+\d|[ \t]+[A-Z]", after)
    ):
        return
    said = re.search(r"\b(village|town|city|township)\s+of\s+$", text[max(0, start - 20) : start])
    found.append(Mention("place", name, start, end, None, confidence=0.35, status="new",
                         place_kind=_TYPE_KINDS[said.group(1)] if said else ""))  # fmt: skip
    taken.append((start, end))
