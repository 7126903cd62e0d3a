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
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from geo.intake.candidates import (
    COMPASS_WORDS,
    PLACE_TYPE_WORDS,
    candidate_actors,
    capitalised_runs,
    has_organisation_word,
    place_or_actor,
)
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

_PLACE_TYPES = (
    r"Township|Village|Region|State|District|Division|Province|City|Town|River|Sea|Ocean|Bay|Lake|Gulf|Island"
)
_CANDIDATE_TYPED_PLACE = re.compile(
    rf"\b(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){{0,2}})[ \t]+(?P<type>{_PLACE_TYPES}|township|village|town)\b"
)
_WATER_OF = re.compile(r"\b(?:Strait|Straits|Gulf|Bay|Sea)[ \t]+of[ \t]+[A-Z][\w'’-]+")
_CANDIDATE_IN_PLACE = re.compile(r"\b(?:in|at|near)\s+(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})\b")
# "Madaya and Patheingyi townships", "Kin, Nyaung Kone, Thit Kyi and Kyaung Taung villages"
_NAME = r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}"
_PLACE_LIST = re.compile(
    rf"\b(?P<names>{_NAME}(?:(?:,[ \t]+|,?[ \t]+and[ \t]+){_NAME})+)[ \t]+(?P<type>townships|villages|towns|regions|states)\b"
)
_LOWER_TYPE = re.compile(r"^[ \t]+(?P<type>township|village|town|region|state|district|city)\b")
_CAPITAL_TYPE = re.compile(r"^[ \t]+(?P<type>City|Town)\b")
# "the Muse-Mandalay railway", "Pathein-Monywa road": a route's name, not two places
_ROUTE_PAIR = re.compile(
    r"\b[A-Z][\w'’]+(?:[ \t][A-Z][\w'’]+)?[-–][A-Z][\w'’]+(?:[ \t][A-Z][\w'’]+)?(?=[ \t]+(?:railway|railroad|rail|highway|"
    r"road|expressway|motorway|pipelines?|gas[ \t]+pipeline|oil[ \t]+pipeline|line|route|corridor|bridge|trade[ \t]+route)\b)"
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

    def _place_mention(self, span: str, start: int, end: int, ids: list[str], alias: str) -> Mention:
        """A known place; of several with the name, the one it is called by, else the most specific kind."""
        if len(ids) == 1:
            record = self.gazetteer.places[ids[0]]
            canonical = fold_text(str(record["name"])) == fold_text(span)
            confidence = 0.95 if canonical else (0.85 if len(span) <= 3 else 0.9)
            return Mention("place", span, start, end, ids[0], confidence=confidence)
        ranked = [p for p in self.gazetteer.lookup(alias) if p["id"] in ids] or [self.gazetteer.places[i] for i in ids]
        candidates = [p["id"] for p in ranked]
        first = ranked[0]
        kinds = {p["kind"] for p in ranked}
        if fold_text(str(first["name"])) == fold_text(span) and not any(
            fold_text(str(p["name"])) == fold_text(span) for p in ranked[1:]
        ):
            return Mention("place", span, start, end, first["id"], confidence=0.85, candidates=candidates)
        near = all(_km(first, p) <= 30 for p in ranked[1:])
        if len(kinds) == len(ranked) and near:  # a town and its township: the town, the most specific
            return Mention("place", span, start, end, first["id"], confidence=0.8, candidates=candidates)
        return Mention("place", span, start, end, None, confidence=0.5, status="ambiguous", candidates=candidates)

    def _known_mentions(self, text: str, folded: str) -> list[Mention]:
        """Gazetteer places and actors; a name that is both is the one its context says (and says why)."""
        mentions = []
        for match in self.index.find(text, folded):
            span = text[match.start : match.end]
            places = [i.split(":", 1)[1] for i in match.ids if i.startswith("place:")]
            actors = [i.split(":", 1)[1] for i in match.ids if i.startswith("actor:")]
            reason = ""
            dual = places and (actors or self._stands_for_government(places))
            if dual:
                kind, reason = place_or_actor(text, match.start, match.end, bool(actors))
                if kind is None:
                    continue
                if kind == "actor" and not actors:
                    record = self.gazetteer.places[places[0]]
                    mentions.append(Mention("actor", span, match.start, match.end, None, confidence=0.6,
                                            status="new", name=str(record["name"]), reason=reason))  # fmt: skip
                    continue
                if kind == "actor":
                    places = []
                else:
                    actors = []
            if places:
                mention = self._place_mention(span, match.start, match.end, places, match.alias)
                mention.reason = reason
                mentions.append(mention)
            if actors:
                record = self.actors.get(actors[0])
                canonical = record is not None and fold_text(str(record["name"])) == fold_text(span)
                confidence = 0.95 if canonical else (0.85 if len(span) <= 3 else 0.9)
                mentions.append(Mention("actor", span, match.start, match.end, actors[0], confidence=confidence,
                                        candidates=actors if len(actors) > 1 else [], reason=reason))  # fmt: skip
        return mentions

    def _stands_for_government(self, place_ids: list[str]) -> bool:
        """A country (or a country's capital) can stand for its state: 'Thailand said', 'Naypyitaw denied'."""
        return any(self.gazetteer.places[i]["kind"] == "country" for i in place_ids)

    def _tidy_places(self, text: str, mentions: list[Mention], runs: list[tuple[int, int]]) -> list[Mention]:
        """Cut place names where a reader cuts them; drop places inside other names and route names."""
        routes = [m.span() for m in _ROUTE_PAIR.finditer(text)]
        actor_spans = [(m.start, m.end) for m in mentions if m.kind == "actor"]
        kept = []
        for mention in mentions:
            if mention.kind != "place":
                kept.append(mention)
                continue
            if any(s <= mention.start and mention.end <= e for s, e in routes):
                continue  # "the Muse-Mandalay railway"
            if any(s <= mention.start and mention.end <= e for s, e in actor_spans):
                continue
            run = next(((s, e) for s, e in runs if s <= mention.start and mention.end <= e), None)
            if run is not None and not self._place_fills_run(text, mention, run):
                continue  # "Aung San Suu Kyi", "Wa State Army", "Kyaukphyu Special Economic Zone"
            typed = re.search(r"[ \t](township|village|town|region|state|district|city)$", mention.text)
            if typed:  # "Madaya town" (an alias): the lowercase word is not the name, but says the kind
                mention.end -= len(typed.group())
                mention.text = text[mention.start : mention.end]
                wanted = typed.group(1)
                match = [p for p in self.gazetteer.lookup(f"{mention.text} {wanted}") if p["kind"] == wanted]
                if match:
                    mention.id, mention.candidates, mention.status = match[0]["id"], [], "resolved"
            after = text[mention.end : mention.end + 12]
            capital = _CAPITAL_TYPE.match(after)
            lower = _LOWER_TYPE.match(after)
            if capital:  # "Yangon City": the capitalised word is part of the name
                mention.end += capital.end()
                mention.text = text[mention.start : mention.end]
            elif lower and mention.id:  # "Rathedaung township": the township, named without the word
                wanted = lower.group("type")
                typed = [p for p in self.gazetteer.lookup(f"{mention.text} {wanted}") if p["kind"] == wanted]
                if typed:
                    mention.id, mention.candidates, mention.status = typed[0]["id"], [], "resolved"
            kept.append(mention)
        return kept

    def _place_fills_run(self, text: str, mention: Mention, run: tuple[int, int]) -> bool:
        """Whether a place is the whole capitalised phrase, give or take compass words and place types."""
        before = text[run[0] : mention.start].split()
        after = text[mention.end : run[1]].split()
        if any(word not in COMPASS_WORDS for word in before):
            return False
        return all(word.rstrip("'’s") in PLACE_TYPE_WORDS for word in after)

    def _place_lists(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'Madaya and Patheingyi townships', 'A, B C and D E villages': each name is a place of that type."""
        extra = []
        for match in _PLACE_LIST.finditer(text):
            kind = {"townships": "township", "villages": "village", "towns": "town", "regions": "admin1",
                    "states": "admin1"}[match.group("type")]  # fmt: skip
            suffix = {"township": "Township", "village": "village", "town": "", "admin1": ""}[kind]
            base = match.start("names")
            for name in re.finditer(_NAME, match.group("names")):
                if name.group() == "and":
                    continue
                start, end = base + name.start(), base + name.end()
                places = [p for p in self.gazetteer.lookup(f"{name.group()} {suffix}".strip()) if p["kind"] == kind]
                places = places or [p for p in self.gazetteer.lookup(name.group()) if p["kind"] == kind]
                overlapping = [m for m in mentions if m.start < end and start < m.end]
                if places:
                    for old in overlapping:
                        mentions.remove(old)
                    extra.append(Mention("place", name.group(), start, end, places[0]["id"], confidence=0.85,
                                         candidates=[p["id"] for p in places] if len(places) > 1 else []))  # fmt: skip
                elif not overlapping:
                    extra.append(Mention("place", name.group(), start, end, None, confidence=0.55, status="new"))
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
            end = match.end() if not match.group("type").islower() else match.end("name")
            if free(start, match.end()) and not has_organisation_word(text[start:end]):
                found.append(Mention("place", text[start:end], start, end, None, confidence=0.6, status="new"))
                taken.append((start, match.end()))
        for match in _WATER_OF.finditer(text):
            if free(*match.span()):
                found.append(Mention("place", match.group(), *match.span(), None, confidence=0.6, status="new"))
                taken.append(match.span())
        for match in _CANDIDATE_IN_PLACE.finditer(text):
            name = match.group("name")
            if name.split()[0] in _NOT_PLACE_WORDS or self.gazetteer.lookup(name):
                continue  # a known name left out on purpose (an adjective, an actor) is not a new place
            start, end = match.start("name"), match.end("name")
            after = text[end : end + 40]
            if has_organisation_word(name + " " + after[:20]) or not free(start, end) or after.startswith(" ("):
                continue
            found.append(Mention("place", name, start, end, None, confidence=0.35, status="new"))
            taken.append((start, end))
        return found

    def extract(self, text: str, published=None) -> Extraction:
        """Mentions and proposed events of ``text`` (published: date or ISO string, for relative dates).

        A long text is read in blocks of whole paragraphs (about 20,000
        characters each), so the cost stays linear in its length.
        """
        reference = parse_published(published)
        mentions: list[Mention] = []
        for offset, block in _blocks(text):
            for mention in self._mentions(block, reference):
                mention.start += offset
                mention.end += offset
                mentions.append(mention)
        return Extraction(text, mentions, self._propose_events(text, mentions))

    def _mentions(self, text: str, reference) -> list[Mention]:
        folded = fold_text(text)
        dates = resolve_dates(text, reference)
        runs = capitalised_runs(text)
        mentions = self._known_mentions(text, folded)
        date_spans = [(d.start, d.end) for d in dates]
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in date_spans)]
        mentions = self._tidy_places(text, mentions, runs)
        mentions = self._place_lists(text, mentions)
        taken = [(m.start, m.end) for m in mentions] + date_spans
        mentions += self._candidate_places(text, taken)
        organisations = candidate_actors(text, runs, mentions, dates, self.gazetteer.lookup)
        new_names = [o for o in organisations if o.status == "new" and o.name == o.text]
        # a known name inside a new organisation's name ("Myanmar Economic Holdings") is part of the name
        mentions = [m for m in mentions if not any(o.start <= m.start and m.end <= o.end for o in new_names)]
        mentions += organisations
        mentions += dates
        mentions.sort(key=lambda m: (m.start, m.end, m.kind))
        return mentions

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


_BLOCK = 20_000


def _km(first: dict, second: dict) -> float:
    """Rough distance in km between two gazetteer rows (equirectangular: enough to tell 'the same place')."""
    try:
        dy = (float(first["latitude"]) - float(second["latitude"])) * 111.0
        dx = (float(first["longitude"]) - float(second["longitude"])) * 111.0 * 0.9
    except (TypeError, ValueError, KeyError):
        return math.inf
    return math.hypot(dx, dy)


def _blocks(text: str) -> list[tuple[int, str]]:
    """(offset, block) pieces of at most about _BLOCK characters, cut at paragraph (else line) ends."""
    if len(text) <= _BLOCK:
        return [(0, text)]
    blocks, start = [], 0
    while start < len(text):
        end = min(len(text), start + _BLOCK)
        if end < len(text):
            cut = text.rfind("\n\n", start + _BLOCK // 2, end)
            cut = cut if cut != -1 else text.rfind("\n", start + _BLOCK // 2, end)
            end = cut + 1 if cut != -1 else end
        blocks.append((start, text[start:end]))
        start = end
    return blocks


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
