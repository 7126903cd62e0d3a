"""Extraction: places, actors and dates in an article's text, and the events they suggest.

This module owns reading meaning out of text, with character offsets into
the text as read (``text[start:end] == mention.text`` always holds):

* **places**: gazetteer names and aliases (:class:`geo.intake.gazetteer.NameIndex`:
  longest match, word boundaries, case rules); a name that several places
  share is flagged ``ambiguous`` with its ``candidates``; names the
  gazetteer lacks ("X Township", "X village", "in X") become *candidate*
  places (``status: new``) to geocode or pin by hand; "Madaya and
  Patheingyi townships" resolves each name to its township;
* **actors**: names and aliases of the actors table, plus candidate new
  organisations (capitalised names ending in Army, Corporation, Ltd...);
* **dates**: absolute and relative expressions resolved against the
  publication date (see :func:`resolve_dates` and the table in
  ``tests/test_extraction.py``); values are ISO ``YYYY-MM-DD``, ``YYYY-MM``,
  ``YYYY`` or a range ``A/B``;
* **proposed events**: sentences that tie a place to a date, an actor or
  both, one per distinct place, each with a confidence and the reasons
  for it, ready for review.

The public entry point is :func:`extract_mentions(text, gazetteer, actors,
published) <extract_mentions>`; it returns an :class:`Extraction` whose
``to_dict()`` is the JSON printed by ``python -m geo extract``. Building the
name indexes is the slow part, so :class:`Extractor` keeps them for many
articles (the bench and the command line use it).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from geo.intake.dates import date_interval, parse_published, resolve_dates
from geo.intake.gazetteer import Gazetteer, NameIndex
from geo.intake.mentions import Mention
from geo.intake.organisations import merge_organisations
from geo.names import fold_text
from geo.schema import CATEGORIES, PLACE_KIND_RANK

__all__ = [
    "Extraction",
    "Extractor",
    "ProposedEvent",
    "extract_mentions",
    "split_sentences",
]


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


@dataclass
class Extraction:
    """Everything extracted from one text."""

    text: str
    mentions: list[Mention]
    events: list[ProposedEvent]

    def to_dict(self) -> dict:
        """The JSON object of ``python -m geo extract``: {"mentions": [...], "events": [...]}."""
        return {"mentions": [m.to_dict() for m in self.mentions], "events": [e.to_dict() for e in self.events]}

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


# -------------------------------------------------------------------- dates


# ---------------------------------------------------------------- sentences

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


# ------------------------------------------------------------ the extractor

_ORG_WORDS = (
    r"Army|Force|Forces|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|Group|Enterprise|Enterprises|Federation|"
    r"Council|Union|Agency|Ministry|Bank|Party|Front|Alliance|Organi[sz]ation|Association|Committee|Commission|"
    r"Institute|Network|League|Industries|Holdings|Navy|Police|Movement|Coalition|Foundation|Watch|Directorate"
)
_CAPITAL_WORD = r"(?:[A-Z][\w'’&.-]*|of|and|for|the|on|&)"
_CANDIDATE_ORG = re.compile(
    rf"\b(?:[A-Z][\w'’&.-]*\s+)(?:{_CAPITAL_WORD}\s+){{0,5}}?(?:{_ORG_WORDS})(?:\s+(?:{_ORG_WORDS}))*\b(?:\s+\([A-Z]{{2,8}}\))?"
)
_PLACE_TYPES = r"Township|township|Village|village|Region|State|District|district|Province|province|City"
_CANDIDATE_TYPED_PLACE = re.compile(
    rf"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})\s+(?P<type>{_PLACE_TYPES})\b"
)
_CANDIDATE_IN_PLACE = re.compile(r"\b(?:in|at|near)\s+(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){0,2})\b")
_PLACE_LIST = re.compile(
    r"\b(?P<names>[A-Z][\w'’-]+(?:(?:,\s+|,?\s+and\s+)[A-Z][\w'’-]+)+)\s+(?P<type>townships|villages)\b"
)
_NOT_PLACE_WORDS = {"The", "This", "That", "These", "Those", "A", "An", "It", "Its", "Our", "Their", "His", "Her",
                    "President", "General", "Secretary", "Senior", "Minister", "Mr", "Ms", "Dr", "Article", "Part",
                    "Section", "Order", "Goal", "Target", "Dear", "Please", "Sign", "Such", "Photo", "Photos",
                    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                    *calendar.month_name[1:]}  # fmt: skip


# Keyword cues for the map layer of a proposed event, tried in order.
_CATEGORY_CUES: list[tuple[str, re.Pattern]] = [
    ("seizures-combat", re.compile(r"\b(seiz|captur|attack|bomb|shell|clash|fight|offensive|airstrike|raid|killed)", re.I)),
    ("territorial-control", re.compile(r"\b(returned|handed back|took control|control of|regime control|territor|ceasefire|cease hostilities)", re.I)),
    ("arms-supply", re.compile(r"\b(arms|weapon|ammunition|missile|tank|military-related|munition|explosive|aircraft|fighter jet|simulator)", re.I)),
    ("resource-extraction", re.compile(r"\b(mine|mining|copper|jade|rare earth|timber|extraction|oil field|gems?)\b", re.I)),
    ("infrastructure", re.compile(r"\b(pipeline|railway|port|economic zone|SEZ|dam|road|bridge|terminal|airport)\b", re.I)),
    ("diplomacy-sanctions", re.compile(r"\b(sanction|embargo|statement|diplomat|recogni|agreement|visit|summit|resolution|talks|urg)", re.I)),
]  # fmt: skip

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


def _records(table) -> list[dict]:
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        return table.to_dict("records")
    return [dict(row) for row in table]


class Extractor:
    """Name indexes built once over a gazetteer and an actors table; :meth:`Extractor.extract` runs per text."""

    def __init__(self, gazetteer: Gazetteer | Iterable[dict], actors=None, organisations: Iterable[dict] = ()) -> None:
        self.gazetteer = gazetteer if isinstance(gazetteer, Gazetteer) else Gazetteer(_records(gazetteer))
        self.actors = {str(a["id"]): a for a in merge_organisations(_records(actors), list(organisations))}
        names = []
        for ident, place in self.gazetteer.places.items():
            names.append((place["name"], f"place:{ident}"))
            names += [(alias, f"place:{ident}") for alias in _aliases(place.get("aliases"))]
        for ident, actor in self.actors.items():
            names.append((actor["name"], f"actor:{ident}"))
            names += [(alias, f"actor:{ident}") for alias in _aliases(actor.get("aliases"))]
        self.index = NameIndex(names)

    # -- mentions

    def _known_mentions(self, text: str, folded: str) -> list[Mention]:
        mentions = []
        for match in self.index.find(text, folded):
            span = text[match.start : match.end]
            for kind in ("place", "actor"):
                ids = [i.split(":", 1)[1] for i in match.ids if i.startswith(kind + ":")]
                if not ids:
                    continue
                if kind == "place" and len(ids) > 1:
                    ids = [p["id"] for p in self.gazetteer.lookup(match.alias) if p["id"] in ids] or ids
                    mentions.append(Mention(kind, span, match.start, match.end, None, confidence=0.5,
                                            status="ambiguous", candidates=ids))  # fmt: skip
                    continue
                ident = ids[0]
                record = self.gazetteer.places.get(ident) if kind == "place" else self.actors.get(ident)
                canonical = record is not None and fold_text(str(record["name"])) == fold_text(span)
                confidence = 0.95 if canonical else (0.85 if len(span) <= 3 else 0.9)
                mentions.append(Mention(kind, span, match.start, match.end, ident, confidence=confidence,
                                        candidates=ids if len(ids) > 1 else []))  # fmt: skip
        return mentions

    def _township_lists(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'Madaya and Patheingyi townships': each name is the township, not the town of that name."""
        by_start = {(m.start, m.kind): m for m in mentions}
        extra = []
        for match in _PLACE_LIST.finditer(text):
            suffix = "Township" if match.group("type") == "townships" else "village"
            for name in re.finditer(r"[A-Z][\w'’-]+", match.group("names")):
                start, end = match.start("names") + name.start(), match.start("names") + name.end()
                places = [p for p in self.gazetteer.lookup(f"{name.group()} {suffix}")
                          if p["kind"] == ("township" if suffix == "Township" else "village")]  # fmt: skip
                current = by_start.get((start, "place"))
                if places:
                    if current is not None:
                        mentions.remove(current)
                    extra.append(
                        Mention(
                            "place",
                            name.group(),
                            start,
                            end,
                            places[0]["id"],
                            confidence=0.85,
                            candidates=[p["id"] for p in places] if len(places) > 1 else [],
                        )
                    )
                elif current is None and not any(m.start <= start < m.end for m in mentions):
                    extra.append(
                        Mention("place", name.group(), start, end, None, confidence=0.55, status="new", candidates=[])
                    )
        return mentions + extra

    def _candidate_places(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        found = []

        def free(start, end):
            return not any(start < e and s < end for s, e in taken)

        for match in _CANDIDATE_TYPED_PLACE.finditer(text):
            words = match.group("name").split()
            while words and words[0] in _NOT_PLACE_WORDS:
                words.pop(0)
            if not words:
                continue
            if match.group("type").islower() and re.match(r"\s+of\b", text[match.end() : match.end() + 4]):
                continue  # "the Chinese province of Yunnan": the name follows
            start = text.rfind(words[0], match.start(), match.end())
            if free(start, match.end()):
                found.append(Mention("place", text[start : match.end()], start, match.end(), None, confidence=0.6,
                                     status="new"))  # fmt: skip
                taken.append((start, match.end()))
        for match in _CANDIDATE_IN_PLACE.finditer(text):
            name = match.group("name")
            if name.split()[0] in _NOT_PLACE_WORDS:
                continue
            start, end = match.start("name"), match.end("name")
            after = text[end : end + 40]
            if re.match(rf"\s+(?:{_ORG_WORDS})\b", after) or not free(start, end):
                continue
            found.append(Mention("place", name, start, end, None, confidence=0.35, status="new"))
            taken.append((start, end))
        return found

    def _candidate_actors(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        found = []
        for match in _CANDIDATE_ORG.finditer(text):
            start, end = match.span()
            words = text[start:end].split()
            while words and (words[0] in _NOT_PLACE_WORDS or words[0].lower() in ("of", "and", "the", "for")):
                start = text.index(words[0], start) + len(words[0])
                words.pop(0)
                while start < end and text[start].isspace():
                    start += 1
            if len(words) < 2 or any(start < e and s < end for s, e in taken):
                continue
            found.append(Mention("actor", text[start:end], start, end, None, confidence=0.5, status="new"))
            taken.append((start, end))
        return found

    def extract(self, text: str, published=None) -> Extraction:
        """Mentions and proposed events of ``text`` (published: date or ISO string, for relative dates)."""
        reference = parse_published(published)
        folded = fold_text(text)
        mentions = self._known_mentions(text, folded)
        mentions = self._township_lists(text, mentions)
        dates = resolve_dates(text, reference)
        taken = [(m.start, m.end) for m in mentions] + [(d.start, d.end) for d in dates]
        mentions += self._candidate_places(text, taken)
        taken = [(m.start, m.end) for m in mentions if m.kind != "place" or m.status == "new"]
        taken += [(d.start, d.end) for d in dates]
        organisations = self._candidate_actors(text, taken)
        # a place inside a new organisation's name ("Myanmar Economic Holdings") is part of the name
        mentions = [m for m in mentions if not any(o.start <= m.start and m.end <= o.end for o in organisations)]
        mentions += organisations
        mentions += dates
        mentions.sort(key=lambda m: (m.start, m.end, m.kind))
        return Extraction(text, mentions, self._propose_events(text, mentions))

    # -- events

    def _role(self, text: str, mention: Mention, sentence_end: int) -> str:
        after = text[mention.end : min(sentence_end, mention.end + 80)]
        for role, cue in _ROLE_CUES:
            if cue.search(after):
                return role
        return "subject"

    def _propose_events(self, text: str, mentions: list[Mention]) -> list[ProposedEvent]:
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
            ranked = self._event_places(places)
            # the most telling date: a day, then a range, then a month, then a bare year
            date = min(dates, key=lambda d: ("/" not in d.value, len(d.value) < 10, len(d.value))) if dates else None
            date_start, date_end, precision = date_interval(date.value if date else None)
            actor_ids = list(dict.fromkeys(a.id for a in actors))
            roles: dict[str, str] = {}
            for actor in actors:
                role = self._role(text, actor, end)
                if roles.get(actor.id, "subject") == "subject":
                    roles[actor.id] = role
            category = next((c for c, cue in _CATEGORY_CUES if cue.search(quote)), "diplomacy-sanctions")
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
                place_id = place.id or (place.candidates[0] if place.candidates else None)
                place_name = self.gazetteer.places[place_id]["name"] if place_id in self.gazetteer else place.text
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

    def _event_places(self, places: list[Mention]) -> list[Mention]:
        """Distinct places of a sentence; a country or region is dropped when a more specific place is named."""
        distinct: dict[str, Mention] = {}
        for place in places:
            key = place.id or (place.candidates[0] if place.candidates else "new:" + fold_text(place.text))
            distinct.setdefault(key, place)

        def rank(mention: Mention) -> int:
            ident = mention.id or (mention.candidates[0] if mention.candidates else None)
            if ident in self.gazetteer:
                return PLACE_KIND_RANK.get(self.gazetteer.places[ident]["kind"], 3)
            return 3

        ranks = {key: rank(m) for key, m in distinct.items()}
        inner_areas = {
            fold_text(str(self.gazetteer.places[key].get("admin_area") or ""))
            for key in distinct
            if key in self.gazetteer and ranks[key] < PLACE_KIND_RANK["admin1"]
        }
        kept = []
        resolved = any(m.status != "new" for m in distinct.values())
        for key, mention in distinct.items():
            if mention.status == "new" and mention.confidence < 0.5 and resolved:
                continue  # a weak "in X" guess next to a known place is noise
            if ranks[key] == PLACE_KIND_RANK["country"] and len(distinct) > 1:
                continue  # the country adds nothing to a sentence that names a place in it
            if ranks[key] == PLACE_KIND_RANK["admin1"] and fold_text(self.gazetteer.places[key]["name"]) in inner_areas:
                continue  # "Salingyi Township, Sagaing Region": the township says where
            kept.append(mention)
        return kept


def _aliases(value) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [a.strip() for a in str(value).split("|") if a.strip()]


_EXTRACTORS: dict[tuple[int, int], tuple[object, object, Extractor]] = {}


def extract_mentions(text: str, gazetteer, actors=None, published=None) -> Extraction:
    """Extract places, actors, dates and proposed events from ``text``.

    ``gazetteer``: a :class:`~geo.intake.gazetteer.Gazetteer` or rows/DataFrame of
    places (id, name, aliases, kind, latitude, longitude...); ``actors``:
    rows/DataFrame with id, name, aliases; ``published``: the publication
    date (date, 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or None) that relative dates
    resolve against. The indexes are kept for the same two objects, so
    calling this in a loop is cheap.
    """
    key = (id(gazetteer), id(actors))
    cached = _EXTRACTORS.get(key)
    if cached is None or cached[0] is not gazetteer or cached[1] is not actors:
        if len(_EXTRACTORS) > 8:
            _EXTRACTORS.clear()
        cached = (gazetteer, actors, Extractor(gazetteer, actors))
        _EXTRACTORS[key] = cached
    return cached[2].extract(text, published)
