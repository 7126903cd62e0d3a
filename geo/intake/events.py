"""Proposed events: the sentences of an article that tie a place to a date and/or actors, drafted for review.

:func:`propose_events` reads the mentions extraction found
(:mod:`geo.intake.extraction`) sentence by sentence (:func:`split_sentences`)
and drafts one :class:`ProposedEvent` per distinct place of a sentence, with
the sentence's most telling date, its actors and their roles (from the verb
after each), a map layer from the sentence's words (the earliest action:
"seized", "delivered", "air strike", "contract", "sanctioned"...; else its
topic: arms, a mine, a pipeline...; else a guess the reasons say to check),
a confidence and the reasons for it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from geo.intake.dates import date_interval
from geo.intake.gazetteer import Gazetteer
from geo.intake.mentions import Mention
from geo.names import fold_text
from geo.schema import CATEGORIES, PLACE_KIND_RANK

__all__ = ["ProposedEvent", "propose_events", "split_sentences"]


@dataclass
class ProposedEvent:
    """A sentence that ties a place to a date and/or actors: a draft event for review."""

    start: int
    end: int
    quote: str
    place_id: str | None
    place_text: str
    place_status: str
    date: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str
    actors: list[str]
    actor_roles: list[str]
    category: str
    title: str
    confidence: float
    reasons: list[str]
    place_candidates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


_ABBREVIATIONS = {"dec", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "no", "mr",
                  "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "u.s", "u.n", "vs", "etc", "sr", "jr"}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s)|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text`` (ends exclusive, surrounding spaces trimmed)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group() != "\n":
            word = re.search(r"([\w.]+)[.!?][\"”’')\]]*$", text[max(start, match.start() - 12) : match.end()])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
            following = text[match.end() : match.end() + 3].lstrip()
            if following and not (following[0].isupper() or following[0] in "\"“‘'(" or not following[0].isascii()):
                continue
        spans.append((start, match.end() if match.group() != "\n" else match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for first, last in spans:
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if last > first:
            trimmed.append((first, last))
    return trimmed


# Keyword cues for the map layer of a proposed event, tried in order.
_CATEGORY_CUES: list[tuple[str, re.Pattern]] = [
    ("seizures-combat", re.compile(r"\b(seiz|captur|attack|bomb|shell|clash|fight|offensive|airstrike|raid|killed)", re.I)),
    ("territorial-control", re.compile(r"\b(returned|handed back|took control|control of|regime control|territor|ceasefire|cease hostilities)", re.I)),
    ("arms-supply", re.compile(r"\b(arms|weapon|ammunition|missile|tank|military-related|munition|explosive|aircraft|fighter jet|simulator)", re.I)),
    ("resource-extraction", re.compile(r"\b(mine|mining|copper|jade|rare earth|timber|extraction|oil field|gems?)\b", re.I)),
    ("infrastructure", re.compile(r"\b(pipeline|railway|port|economic zone|SEZ|dam|road|bridge|terminal|airport)\b", re.I)),
    ("diplomacy-sanctions", re.compile(r"\b(sanction|embargo|statement|diplomat|recogni|agreement|visit|summit|resolution|talks|urg)", re.I)),
]  # fmt: skip

# What the sentence's actors do, by layer: the earliest such word decides ("Troops seized the weapons" is a
# seizure, "Russia delivered jets later used in strikes" a supply); only without one do the nouns above decide.
_ACTION_CUES: list[tuple[str, re.Pattern]] = [
    ("seizures-combat", re.compile(r"\b(seiz(?:ed|es|ing|ure)|captur(?:ed|es|ing)|overr[au]n|attack(?:ed|s|ing)?|bomb(?:ed|ing|ard\w*)|shell(?:ed|ing)|struck|(?:air[ -]?)?strikes?|raid(?:ed|s)?|clash(?:ed|es)?|fought|ambush(?:ed)?|killed|burn(?:ed|t|ing)|torched|razed|arrest(?:ed|s)?|detained|abducted|executed|massacred?|surrender(?:ed|s)?)\b", re.I)),
    ("territorial-control", re.compile(r"\b(took control|seized control|in control|handed (?:over|back)|withdr[ea]w\w*|retook|ceasefire|curfew|martial law)\b", re.I)),
    ("arms-supply", re.compile(r"\b(deliver(?:ed|ies|y|ing)?|suppl(?:ied|ies|ying)|shipp?(?:ed|ments?)|sold|sells?|export(?:ed|s)?|import(?:ed|s)?|procure(?:d|ment)|transferred|bought|purchased?)\b", re.I)),
    ("infrastructure", re.compile(r"\b(contracts?|contracted|construct(?:ed|ion|ing)|built|build(?:s|ing)?|tender)\b", re.I)),
    ("resource-extraction", re.compile(r"\b(mined|mining|extract(?:ed|ion|s)?|logging|concessions?)\b", re.I)),
    ("diplomacy-sanctions", re.compile(r"\b(sanction(?:ed|s|ing)?|designated|met|visit(?:ed|s)?|talks|urged|condemned|recogni[sz]ed)\b", re.I)),
]  # fmt: skip


def _category(quote: str) -> tuple[str, str]:
    """The layer of a sentence and why: its earliest action word, else its first topic word, else a guess to check."""
    actions = [(m.start(), c, m.group()) for c, cue in _ACTION_CUES if (m := cue.search(quote))]
    if actions:
        _, category, word = min(actions)
        return category, f"layer from '{word}'"
    topic = next(((c, m.group()) for c, cue in _CATEGORY_CUES if (m := cue.search(quote))), None)
    if topic:
        return topic[0], f"layer from '{topic[1]}'"
    return "diplomacy-sanctions", "no word says the layer: check it"


# Verbs right after an actor that say its role (checked within the same clause).
_ROLE_CUES: list[tuple[str, re.Pattern]] = [
    ("supplier", re.compile(r"^[-\s]*(?:supplied|supplies|supplying|sold|sells|delivered|exported|exports|ships|shipped|arms|provided)\b", re.I)),
    ("seizer", re.compile(r"^(?:\s*\([^)]*\))?\s*(?:seized|captured|took|overran)\b", re.I)),
    ("accuser", re.compile(r"^(?:\s*\([^)]*\))?\s*(?:alleges|alleged|accuses|accused|stated|said|urged|urges|calls|called|demand|warned|has issued)", re.I)),
    ("perpetrator", re.compile(r"^(?:\s*\([^)]*\))?\s*(?:returned|bombed|attacked|killed|shelled|carried out)\b", re.I)),
    ("operator", re.compile(r"^,?[^.;]{0,60}?\boperates\b", re.I)),
]  # fmt: skip

_EVENT_VERBS = re.compile(
    r"\b(seized|captured|supplied|delivered|exported|signed|handed|returned|bombed|attacked|operates|announced|"
    r"visited|met|agreed|imported|launched|killed|built|funded)\b",
    re.I,
)


def _role(text: str, mention: Mention, sentence_end: int) -> str:
    after = text[mention.end : min(sentence_end, mention.end + 80)]
    for role, cue in _ROLE_CUES:
        if cue.search(after):
            return role
    return "subject"


def propose_events(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[ProposedEvent]:
    """Draft events: each sentence that ties a place to a date and/or actors, one per distinct place."""
    events = []
    position = 0
    ordered = sorted(mentions, key=lambda m: m.start)
    for start, end in split_sentences(text):
        inside = []
        while position < len(ordered) and ordered[position].start < start:
            position += 1
        probe = position
        while probe < len(ordered) and ordered[probe].start < end:
            inside.append(ordered[probe])
            probe += 1
        places = [m for m in inside if m.kind == "place"]
        dates = [m for m in inside if m.kind == "date" and m.value]
        actors = [m for m in inside if m.kind == "actor" and m.id]
        if not places or not (dates or actors):
            continue
        quote = text[start:end]
        ranked = _event_places(places, gazetteer)
        # the most telling date: a day, then a range, then a month, then a bare year
        date = min(dates, key=lambda d: ("/" not in d.value, len(d.value) < 10, len(d.value))) if dates else None
        date_start, date_end, precision = date_interval(date.value if date else None)
        actor_ids = list(dict.fromkeys(a.id for a in actors))
        roles: dict[str, str] = {}
        for actor in actors:
            role = _role(text, actor, end)
            if roles.get(actor.id, "subject") == "subject":
                roles[actor.id] = role
        category, layer_reason = _category(quote)
        for place in ranked:
            reasons = []
            confidence = 0.2
            if place.status == "resolved":
                confidence += 0.3
                reasons.append("place in gazetteer")
            elif place.status == "ambiguous":
                confidence += 0.1
                reasons.append("ambiguous place: choose a candidate")
            else:
                reasons.append("new place: geocode or pin it")
            if date:
                confidence += 0.2 * date.confidence + 0.05
                reasons.append(f"date {date.value}")
            if actors:
                confidence += 0.15
                reasons.append(f"{len(actor_ids)} actor(s)")
            if _EVENT_VERBS.search(quote):
                confidence += 0.1
                reasons.append("event verb")
            reasons.append(layer_reason)
            place_id = place.id or (place.candidates[0] if place.candidates else None)
            place_name = gazetteer.places[place_id]["name"] if place_id in gazetteer else place.text
            label = CATEGORIES.get(category, category)
            events.append(
                ProposedEvent(
                    start=start, end=end, quote=quote, place_id=place_id, place_text=place.text,
                    place_status=place.status, date=date.value if date else None, date_start=date_start,
                    date_end=date_end, date_precision=precision, actors=actor_ids,
                    actor_roles=[f"{a}:{r}" for a, r in roles.items()], category=category,
                    title=f"{label}: {place_name}" + (f", {date.value}" if date else ""),
                    confidence=round(min(confidence, 0.95), 2), reasons=reasons,
                    place_candidates=place.candidates,
                )
            )  # fmt: skip
    return events


def _event_places(places: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Distinct places of a sentence; a country or region is dropped when a more specific place is named."""
    distinct: dict[str, Mention] = {}
    for place in places:
        key = place.id or (place.candidates[0] if place.candidates else "new:" + fold_text(place.text))
        distinct.setdefault(key, place)

    def rank(mention: Mention) -> int:
        ident = mention.id or (mention.candidates[0] if mention.candidates else None)
        if ident in gazetteer:
            return PLACE_KIND_RANK.get(gazetteer.places[ident]["kind"], 3)
        return 3

    ranks = {key: rank(m) for key, m in distinct.items()}
    inner_areas = {
        fold_text(str(gazetteer.places[key].get("admin_area") or ""))
        for key in distinct
        if key in gazetteer and ranks[key] < PLACE_KIND_RANK["admin1"]
    }
    kept = []
    resolved = any(m.status != "new" for m in distinct.values())
    for key, mention in distinct.items():
        if mention.status == "new" and mention.confidence < 0.5 and resolved:
            continue  # a weak "in X" guess next to a known place is noise
        if ranks[key] == PLACE_KIND_RANK["country"] and any(r < PLACE_KIND_RANK["country"] for r in ranks.values()):
            continue  # the country adds nothing to a sentence that names a place in it ("arms from Russia and China": both)
        if ranks[key] == PLACE_KIND_RANK["admin1"] and fold_text(gazetteer.places[key]["name"]) in inner_areas:
            continue  # "Salingyi Township, Sagaing Region": the township says where
        kept.append(mention)
    return kept
