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
  for it, ready for review (drafted by :mod:`geo.intake.events`).

The public entry point is :func:`extract_mentions(text, gazetteer, actors,
published) <extract_mentions>`; it returns an :class:`Extraction` whose
``to_dict()`` is the JSON printed by ``python -m geo extract``. Building the
name indexes is the slow part, so :class:`Extractor` keeps them for many
articles (the bench and the command line use it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from geo.intake.candidates import (
    COMPASS_WORDS,
    PLACE_TYPE_WORDS,
    burmese_name_tail,
    candidate_actors,
    capitalised_runs,
    has_organisation_word,
)
from geo.intake.context import is_capital, is_dateline, not_the_name, place_or_actor
from geo.intake.dates import parse_published, resolve_dates
from geo.intake.events import ProposedEvent, propose_events, split_sentences
from geo.intake.gazetteer import Gazetteer, NameIndex, places_near, world_regions
from geo.intake.mentions import Mention
from geo.intake.organisations import merge_organisations, name_variants
from geo.intake.place_candidates import NOT_PLACE_WORDS, PART_OF_NAME_AFTER, candidate_places
from geo.names import fold_text

__all__ = [
    "Extraction",
    "Extractor",
    "ProposedEvent",
    "extract_mentions",
    "split_sentences",
]


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


# ------------------------------------------------------------ the extractor

# "Madaya and Patheingyi townships", "Kin, Nyaung Kone, Thit Kyi and Kyaung Taung villages"
_NAME = r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}"
_PLACE_LIST = re.compile(
    rf"\b(?P<names>{_NAME}(?:(?:,[ \t]+|,?[ \t]+and[ \t]+){_NAME}){{1,12}})[ \t]+(?P<type>townships|villages|towns|regions|states)\b"
)
_LOWER_TYPE = re.compile(r"^[ \t]+(?P<type>township|village|town|region|state|district|city)\b")
_CAPITAL_TYPE = re.compile(r"^[ \t]+(?P<type>City|Town)\b")
_PORT_AFTER = re.compile(r"[ \t]+[Pp]ort\b(?![-–])")
_PORT_NOT_NAMED = re.compile(r"[ \t]+(?:[A-Z]|city|town|authority|authorities|officials?)")  # "Yangon Port Authority"
_TYPE_OF_BEFORE = re.compile(r"\b(township|district|state)[ \t]+of[ \t]+$")
# "the Muse-Mandalay railway", "Pathein-Monywa road": a route's name, not two places
_ROUTE_PAIR = re.compile(
    r"\b[A-Z][\w'’]+\.?(?:[ \t][A-Z][\w'’]+)?[-–][A-Z][\w'’]+\.?(?:[ \t][A-Z][\w'’]+)?(?=[ \t]+(?:railway|railroad|rail|"
    r"highway|road|expressway|motorway|pipelines?|gas[ \t]+pipeline|oil[ \t]+pipeline|line|route|corridor|bridge|"
    r"trade[ \t]+route|waterway|sea[ \t]+route|river[ \t]+route|ferry|crossing|flights?)\b)"
)
# "Pangwa-Chipwi", "Madaya-Singku": two capitalised names joined by a hyphen
_PLACE_PAIR = re.compile(r"\b(?P<first>[A-Z][a-z][\w'’]*)[-–](?P<second>[A-Z][a-z][\w'’]*)\b(?![-–])")
# "A, B and C", "A, B, C, and D": a list of capitalised names
_NAME_LIST = re.compile(rf"\b{_NAME}(?:,[ \t]+{_NAME}){{1,12}},?[ \t]+(?:and|or)[ \t]+{_NAME}")  # bounded: linear


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
            for name in [actor["name"], *_aliases(actor.get("aliases"))]:
                names += [(variant, f"actor:{ident}") for variant in name_variants(str(name))]
                if len(str(name).split()) >= 3 and has_organisation_word(str(name)):
                    names.append((str(name).lower(), f"actor:{ident}"))  # "the general administration department"
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
        near = all(places_near(first, p) for p in ranked[1:])
        if len(kinds) == len(ranked) and near:  # a town and its township: the town, the most specific
            return Mention("place", span, start, end, first["id"], confidence=0.8, candidates=candidates)
        return Mention("place", span, start, end, None, confidence=0.5, status="ambiguous", candidates=candidates)

    def _known_mentions(self, text: str, folded: str) -> list[Mention]:
        """Gazetteer places and actors; a name that is both is the one its context says (and says why).

        A country that no cue decides, and that the actors table does not
        list, is an actor when its other mentions in the text are all actors by
        their cues ("The United Kingdom has started sanctioning ... join the
        United States and United Kingdom": both actors).
        """
        mentions: list[Mention] = []
        decided: dict[str, set[str | None]] = {}  # place id -> the kinds cues gave its mentions in this text
        undecided = []
        for match in self.index.find(text, folded):
            if not_the_name(text, match.start, match.end, not any(i.startswith("place:") for i in match.ids)):
                continue  # a currency ("US$"), an owner ("military-owned"), one of a kind ("a PDF")
            places = [i.split(":", 1)[1] for i in match.ids if i.startswith("place:")]
            actors = [i.split(":", 1)[1] for i in match.ids if i.startswith("actor:")]
            if places and (actors or self._stands_for_government(places)):
                kind, reason = place_or_actor(text, match.start, match.end, bool(actors))
                if reason.startswith("named"):
                    undecided.append((match, places, actors, kind, reason))
                    continue
                decided.setdefault(places[0], set()).add(kind)
                self._add_known(text, mentions, match, places, actors, kind, reason)
            else:
                self._add_known(text, mentions, match, places, actors, None, "")
        for match, places, actors, kind, reason in undecided:
            others = decided.get(places[0], set()) - {None}
            if others == {"actor"} and kind == "place":  # a place only for want of a cue; the text acts with it
                kind, reason = next(iter(others)), "as its other mentions in this text"
            self._add_known(text, mentions, match, places, actors, kind, reason)
        return mentions

    def _add_known(self, text, mentions, match, places, actors, kind, reason) -> None:
        """The mention(s) of one known name: the place, the actor, or (kind given) the one its context says."""
        span = text[match.start : match.end]
        if reason:
            if kind is None:
                return
            if kind == "actor" and not actors:
                record = self.gazetteer.places[places[0]]
                name = record["name"] if record["kind"] == "country" else record.get("country") or record["name"]
                mentions.append(Mention("actor", span, match.start, match.end, None, confidence=0.6,
                                        status="new", name=str(name), reason=reason))  # fmt: skip
                return
            if kind == "actor":
                places = []
            else:
                actors = []
        if actors and not places and is_dateline(text, match.start) and span.isupper():
            mentions.append(Mention("place", span, match.start, match.end, None, confidence=0.5, status="new",
                                    name=span.title(), reason="a dateline ('UNITED NATIONS:')"))  # fmt: skip
            return
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

    def _stands_for_government(self, place_ids: list[str]) -> bool:
        """A country (or a country's capital) can stand for its state: 'Thailand said', 'Naypyitaw denied'."""
        return any(
            self.gazetteer.places[i]["kind"] == "country" or is_capital(self.gazetteer.places[i]) for i in place_ids
        )

    def _tidy_places(self, text: str, mentions: list[Mention], runs: list[tuple[int, int]]) -> list[Mention]:
        """Cut place names where a reader cuts them; drop places inside other names and route names."""
        routes = [m.span() for m in _ROUTE_PAIR.finditer(text)]
        runs = sorted(runs)
        run_starts = [s for s, _ in runs]
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
            port = _PORT_AFTER.match(text, mention.end)
            if port and not _PORT_NOT_NAMED.match(text, port.end()) and not PART_OF_NAME_AFTER.match(text, port.end()):
                kept.append(Mention("place", text[mention.start : port.end()], mention.start, port.end(), None,
                                    confidence=0.6, status="new", name=f"{mention.text} Port", place_kind="site",
                                    candidates=[mention.id] if mention.id else mention.candidates,
                                    reason="a port named after its town ('Sittwe port')"))  # fmt: skip
                continue  # "Sittwe port": a site named after its town ("its Yangon port project" is in Yangon)
            at = bisect.bisect_right(run_starts, mention.start) - 1
            run = runs[at] if at >= 0 and mention.end <= runs[at][1] else None
            if run is not None and not self._place_fills_run(text, mention, run):
                continue  # "Aung San Suu Kyi", "Wa State Army", "Kyaukphyu Special Economic Zone"
            if PART_OF_NAME_AFTER.match(text, mention.end):
                continue  # "the Letpadaung copper mine project": a project's name, not the place
            compass = re.match(r"(northern|southern|eastern|western|upper|lower|central)[ \t]+", mention.text)
            if compass:  # "northern Shan state": a part of the state described, not the state's own name
                plain = [p for p in self.gazetteer.lookup(mention.text[compass.end() :]) if p["id"] != mention.id]
                if plain:
                    mention.start += compass.end()
                    mention.text = text[mention.start : mention.end]
                    mention.id, mention.candidates, mention.status = plain[0]["id"], [], "resolved"
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
            type_of = _TYPE_OF_BEFORE.search(text, max(0, mention.start - 30), mention.start)
            if type_of and not lower and not capital:  # "the township of Bhamo", "the state of Kachin"
                typed = [p for p in self.gazetteer.lookup(f"{mention.text} {type_of.group(1)}")
                         if p["kind"] == type_of.group(1).replace("state", "admin1")]  # fmt: skip
                if typed:
                    mention.id, mention.candidates, mention.status = typed[0]["id"], [], "resolved"
            if capital:  # "Yangon City": the capitalised word is part of the name
                mention.end += capital.end()
                mention.text = text[mention.start : mention.end]
            elif lower and mention.id:  # "Rathedaung township": the township, named without the word
                wanted = lower.group("type")
                typed = [p for p in self.gazetteer.lookup(f"{mention.text} {wanted}") if p["kind"] == wanted]
                if typed:
                    mention.id, mention.candidates, mention.status = typed[0]["id"], [], "resolved"
                elif (
                    wanted in ("township", "district")
                    and self.gazetteer.places[mention.id]["kind"] != wanted
                    and (other := self.gazetteer.closest(f"{mention.text} {wanted.title()}", wanted))
                ):  # the township under another spelling of its name
                    mention.id, mention.candidates, mention.status = other["id"], [], "resolved"
                elif wanted in ("township", "district") and self.gazetteer.places[mention.id]["kind"] != wanted:
                    # "Tak's Mae Sot district": the district, which the gazetteer lacks, not the town
                    mention.candidates = [mention.id]
                    mention.end += lower.end()
                    mention.text = text[mention.start : mention.end]
                    mention.id, mention.status, mention.place_kind = None, "new", wanted
                    mention.name = f"{mention.text[: -len(wanted)]}{wanted.title()}"
                    mention.reason = f"a {wanted} named after its town"
            kept.append(mention)
        return kept

    def _place_fills_run(self, text: str, mention: Mention, run: tuple[int, int]) -> bool:
        """Whether a place is the whole capitalised phrase, give or take compass words and place types."""
        before = text[run[0] : mention.start].split()
        after = text[mention.end : run[1]].split()
        if any(word not in COMPASS_WORDS for word in before):
            return False
        if after and after[0].startswith("-") and after[0] in ("-based", "-born"):
            return len(after) == 1  # "Singapore-based companies": where they are
        return all(word.rstrip("'’s") in PLACE_TYPE_WORDS for word in after)

    def _place_lists(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'Madaya and Patheingyi townships', 'A, B C and D E villages': each name is a place of that type."""
        extra = []
        for match in _PLACE_LIST.finditer(text):
            kind = {"townships": "township", "villages": "village", "towns": "town", "regions": "admin1",
                    "states": "admin1"}[match.group("type")]  # fmt: skip
            suffix = {"township": "Township", "village": "village", "town": "",
                      "admin1": " ".join(match.group("type")[:-1].title().split())}[kind]  # fmt: skip
            base = match.start("names")
            for name in re.finditer(_NAME, match.group("names")):
                if name.group() == "and":
                    continue
                start, end = base + name.start(), base + name.end()
                places = [p for p in self.gazetteer.lookup(f"{name.group()} {suffix}".strip()) if p["kind"] == kind]
                places = places or [p for p in self.gazetteer.lookup(name.group()) if p["kind"] == kind]
                places = places or [p for p in [self.gazetteer.closest(f"{name.group()} {suffix}", kind)] if p]
                overlapping = [m for m in mentions if m.start < end and start < m.end]
                if places:
                    for old in overlapping:
                        mentions.remove(old)
                    extra.append(Mention("place", name.group(), start, end, places[0]["id"], confidence=0.85,
                                         candidates=[p["id"] for p in places] if len(places) > 1 else []))  # fmt: skip
                elif not overlapping:
                    extra.append(Mention("place", name.group(), start, end, None, confidence=0.55, status="new",
                                         place_kind=kind))  # fmt: skip
        return mentions + extra

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
        return Extraction(text, mentions, propose_events(text, mentions, self.gazetteer))

    def _mentions(self, text: str, reference) -> list[Mention]:
        folded = fold_text(text)
        dates = resolve_dates(text, reference)
        runs = capitalised_runs(text)
        mentions = self._known_mentions(text, folded)
        date_spans = [(d.start, d.end) for d in dates]
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in date_spans)]
        mentions = self._tidy_places(text, mentions, runs)
        mentions = self._place_lists(text, mentions)
        mentions = self._place_pairs(text, mentions)
        taken = [(m.start, m.end) for m in mentions] + date_spans
        mentions += candidate_places(text, taken, self.gazetteer.lookup)
        mentions = self._list_members(text, mentions, date_spans)
        mentions += world_regions(text, [(m.start, m.end) for m in mentions])
        organisations = candidate_actors(text, runs, mentions, dates, self.gazetteer.lookup)
        new_names = [o for o in organisations if o.status == "new" and o.name == o.text]
        # a known name inside a new organisation's name ("Myanmar Economic Holdings") is part of the name
        mentions = [m for m in mentions if not any(o.start <= m.start and m.end <= o.end for o in new_names)]
        mentions += organisations
        mentions += dates
        mentions.sort(key=lambda m: (m.start, m.end, m.kind))
        self._same_places(mentions)
        return mentions

    def _place_pairs(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the Pangwa-Chipwi area', 'attacks in Madaya-Singku': two places (a route's 'X-Y railway' is not)."""
        for match in _PLACE_PAIR.finditer(text):
            if _ROUTE_PAIR.match(text, match.start()) or text.startswith(("-based", "-born"), match.end()):
                continue
            if self.gazetteer.lookup(match.group()) or re.match(r"[ \t]+[A-Z]", text[match.end() :]):
                continue  # a known hyphenated name ("Mrauk-U"), or part of a longer name ("China-Myanmar Economic")
            parts = []
            for name in ("first", "second"):
                found = self.gazetteer.lookup(match.group(name)) or [self.gazetteer.closest(match.group(name))]
                parts.append(next((p for p in found if p is not None and p["kind"] != "country"), None))
            if not any(parts):
                continue
            mentions = [
                m for m in mentions if not (m.kind == "place" and m.start < match.end() and match.start() < m.end)
            ]
            for name, place in zip(("first", "second"), parts):
                start, end = match.span(name)
                mentions.append(Mention("place", text[start:end], start, end, place["id"] if place else None,
                                        confidence=0.75 if place else 0.5, status="resolved" if place else "new",
                                        reason="one of two places joined by a hyphen ('the X-Y area')"))  # fmt: skip
        return sorted(mentions, key=lambda m: m.start)

    def _list_members(self, text: str, mentions: list[Mention], dates: list[tuple[int, int]]) -> list[Mention]:
        """'Tsawlaw, Kanpiketi and Waingmaw': a name listed between known places is a place too."""
        extra = []
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for match in _NAME_LIST.finditer(text):
            items = [m for m in re.finditer(_NAME, match.group()) if m.group() != "and"]
            places, others = [], []
            for item in items:
                start, end = match.start() + item.start(), match.start() + item.end()
                first = bisect.bisect_left(starts, start - 200)
                inside = [m for m in ordered[first : bisect.bisect_left(starts, end)] if start < m.end]
                if any(m.kind == "place" for m in inside):
                    places.append(item)
                elif not inside and not any(s < end and start < e for s, e in dates):
                    others.append((start, end))
            if len(places) < 2 or len(others) > len(places):
                continue
            for start, end in others:
                name = text[start:end]
                if has_organisation_word(name) or name.split()[0] in NOT_PLACE_WORDS or burmese_name_tail(name.split()):
                    continue
                place = self.gazetteer.closest(name)
                extra.append(Mention("place", name, start, end, place["id"] if place else None, confidence=0.5,
                                     status="resolved" if place else "new",
                                     reason="listed with known places ('A, B and C')"))  # fmt: skip
        return mentions + extra

    def _same_places(self, mentions: list[Mention]) -> None:
        """Names read as a reader reads them twice: a new place spelled as a known one is that one ('Sar Lin Gyi
        Township' is Salingyi Township); a bare 'Sagaing' after 'Sagaing region' is the region; a later 'Special
        Region 1' is the 'Kachin State Special Region 1' named before it."""
        named: dict[str, str] = {}
        new_names: list[str] = []
        for mention in mentions:
            if mention.kind != "place":
                continue
            if mention.status == "new" and not mention.name:
                typed = re.search(r"\b(Township|District|Region|State)$", mention.text)
                place = self.gazetteer.closest(mention.text, typed.group(1).lower().replace("region", "admin1")
                                               .replace("state", "admin1") if typed else None)  # fmt: skip
                if place is None and mention.place_kind in ("township", "district"):  # "Chi-pwe township"
                    place = self.gazetteer.closest(f"{mention.text} {mention.place_kind.title()}", mention.place_kind)
                if place is not None:
                    mention.id, mention.status, mention.confidence = place["id"], "resolved", 0.7
                    mention.reason = f"another spelling of {place['name']}"
                else:
                    earlier = next((n for n in new_names if n.endswith(" " + mention.text)), None)
                    mention.name = earlier
                    new_names.append(mention.text)
            ident = mention.id
            if ident in self.gazetteer:
                record = self.gazetteer.places[ident]
                base = re.sub(
                    r"[ \t]+(?:Region|State|Division)$", "", str(record["name"])
                )  # a town is not its township
                folded = fold_text(mention.text)
                if folded in named and folded == fold_text(base) and named[folded] != ident and not mention.reason:
                    mention.id, mention.candidates = named[folded], []  # the place this name stood for before
                elif fold_text(base) != fold_text(record["name"]):
                    named.setdefault(fold_text(base), ident)


_BLOCK = 20_000


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
