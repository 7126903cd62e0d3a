"""The gazetteer: names of places and actors, and the index that text is matched against.

This module owns the name index that extraction matches text against
(:class:`NameIndex`: NFKC + casefold keys, longest match, word boundaries,
case rules), the :class:`Gazetteer` over the store's places and their
aliases (and other romanisations of their names: :meth:`Gazetteer.closest`),
and the world regions a report names that have no single point
(:func:`world_regions`). Geocoding through geopy's interface lives in
:mod:`geo.intake.geocoding`, GeoNames dumps are read by
:mod:`geo.intake.geonames`.

Coordinates are ``latitude``/``longitude`` everywhere; a place's
``precision_m`` says how far the truth may be from its point (a township
is an area, not a point).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from geo.intake.mentions import Mention
from geo.names import fold_text, normalize_name
from geo.schema import PLACE_KIND_RANK

__all__ = [
    "WORLD_REGION_NAMES",
    "Gazetteer",
    "NameIndex",
    "NameMatch",
    "places_near",
    "romanisation_key",
    "world_regions",
]

# ------------------------------------------------------------------ folding


# --------------------------------------------------------------- name index

_TOKEN = re.compile(r"\w+")


# Scripts written without spaces between words (Burmese, Thai, Lao, Khmer, Tibetan, Chinese, Japanese): their
# names are matched anywhere they do not cut a syllable, not word by word.
_UNSPACED = re.compile(
    "[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u3000-\u9fff\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff\U00020000-\U0003ffff]"
)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class NameMatch:
    """One match of a known name in a text: the span, the alias matched and every id it names."""

    start: int
    end: int
    alias: str
    ids: tuple[str, ...]


class NameIndex:
    """Find known names (and aliases) in text: longest match, word boundaries, case rules.

    Rules, in order:

    * text and names are compared after :func:`fold_text` (NFKC + casefold,
      typographic quotes and dashes folded), so offsets index the original;
    * a Latin-script name matches whole words only; a Burmese or Chinese
      name (no spaces between words in those scripts) matches anywhere it
      does not cut a syllable (it may not be followed by a combining mark);
    * case counts: an all-capitals name (an acronym such as ``PLAN`` or
      ``UN``) matches only in capitals, and a name with capitals does not
      match text written all in lower case (``Muse`` the town is not
      ``muse``; ``Made Island`` is not ``made island``);
    * overlapping matches are resolved longest first, then leftmost.
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._keys: dict[str, dict[str, list[str]]] = {}  # key -> {alias: [ids]}
        for alias, ident in names:
            alias = re.sub(r"\s+", " ", str(alias)).strip()
            if not alias:
                continue
            key = normalize_name(alias)
            ids = self._keys.setdefault(key, {}).setdefault(alias, [])
            if ident not in ids:
                ids.append(ident)
        self._by_word: dict[str, list[str]] = {}
        self._by_char: dict[str, list[str]] = {}
        for key in self._keys:
            first = _TOKEN.match(key)
            if first and not _UNSPACED.match(key):  # a script that spaces its words: matched word by word
                self._by_word.setdefault(first.group(), []).append(key)
            else:
                self._by_char.setdefault(key[0], []).append(key)
        for table in (self._by_word, self._by_char):
            for keys in table.values():
                keys.sort(key=len, reverse=True)
        # the keys of each first word grouped by length, longest first: one set lookup per length, not a
        # comparison per key (a word like "myanmar" opens hundreds of names)
        self._word_lengths: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for word, keys in self._by_word.items():
            lengths: dict[int, set[str]] = {}
            for key in keys:
                lengths.setdefault(len(key), set()).add(key)
            self._word_lengths[word] = [(n, frozenset(lengths[n])) for n in sorted(lengths, reverse=True)]
        chars = "".join(re.escape(c) for c in self._by_char)
        self._char_pattern = re.compile(f"[{chars}]") if chars else None

    def __len__(self) -> int:
        return len(self._keys)

    def ids_for(self, name: str) -> list[str]:
        """Every id a name (or alias) refers to, in index order."""
        found: list[str] = []
        for ids in self._keys.get(normalize_name(name), {}).values():
            found += [i for i in ids if i not in found]
        return found

    def _accepts(self, key: str, span: str) -> str | None:
        """The alias (as written in the data) whose case rules ``span`` satisfies, or None."""
        span_has_upper = any(c.isupper() for c in span)
        for alias in self._keys[key]:
            if _is_acronym(alias):
                if fold_text(alias) == fold_text(span) and all(a == s for a, s in zip(alias, span) if a.isalpha()):
                    return alias
                continue
            if any(c.isupper() for c in alias) and not span_has_upper:
                continue
            return alias
        return None

    def find(self, text: str, folded: str | None = None) -> list[NameMatch]:
        """Every known name in ``text``, non-overlapping, sorted by position."""
        folded = fold_text(text) if folded is None else folded
        length = len(folded)
        found: list[NameMatch] = []

        def consider(start: int, keys: list[str], word: bool) -> None:
            for key in keys:  # longest first
                end = start + len(key)
                if end > length or not folded.startswith(key, start):
                    continue
                if end < length:
                    after = folded[end]
                    if (word and (after.isalnum() or after == "_")) or _is_mark(after):
                        continue
                alias = self._accepts(key, text[start:end])
                if alias is None:
                    continue
                ids: list[str] = []
                for alias_ids in self._keys[key].values():
                    ids += [i for i in alias_ids if i not in ids]
                found.append(NameMatch(start, end, alias, tuple(ids)))
                return

        for token in _TOKEN.finditer(folded):
            lengths = self._word_lengths.get(token.group())
            if lengths:
                start = token.start()
                consider(start, [folded[start : start + n] for n, keys in lengths if folded[start : start + n] in keys],
                         word=True)  # fmt: skip
        if self._char_pattern is not None:
            for char in self._char_pattern.finditer(folded):
                consider(char.start(), self._by_char[char.group()], word=False)
        found.sort(key=lambda m: (m.start - m.end, m.start))  # longest first, then leftmost
        taken: list[NameMatch] = []
        occupied = bytearray(length + 1)  # one flag per character: linear, however many names a text holds
        for match in found:
            if any(occupied[match.start : match.end]):
                continue
            taken.append(match)
            occupied[match.start : match.end] = b"\x01" * (match.end - match.start)
        taken.sort(key=lambda m: m.start)
        return taken


# ---------------------------------------------------------------- gazetteer


def romanisation_key(name: str) -> str:
    """A name's letters as romanisations of Burmese agree on them: 'Sar Lin Gyi' and 'Salingyi' give 'salingyi'."""
    letters = re.sub(r"[^a-z]", "", normalize_name(name))
    return re.sub(r"ar(?![aeiou])", "a", letters)


def places_near(first: dict, second: dict, km: float = 30.0) -> bool:
    """Whether two gazetteer rows are within ``km`` of each other (a town and its own township)."""
    try:
        dy = (float(first["latitude"]) - float(second["latitude"])) * 111.0
        dx = (
            (float(first["longitude"]) - float(second["longitude"]))
            * 111.0
            * math.cos(math.radians(float(first["latitude"])))
        )
    except (TypeError, ValueError, KeyError):
        return False
    return math.hypot(dx, dy) <= km


def _split_aliases(value) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [part.strip() for part in str(value).split("|") if part.strip()]


class Gazetteer:
    """The places of the store (or of any list of gazetteer rows), indexed by name and alias.

    Each place is a dict with the columns of ``data/gazetteer.csv``
    (id, name, aliases, kind, latitude, longitude, precision_m, admin_area,
    country, source).
    """

    def __init__(self, places: Iterable[dict]) -> None:
        self.places: dict[str, dict] = {}
        for place in places:
            self.places[str(place["id"])] = dict(place)
        names = []
        for ident, place in self.places.items():
            names.append((place["name"], ident))
            names += [(alias, ident) for alias in _split_aliases(place.get("aliases"))]
        self.index = NameIndex(names)
        self._keys: dict[str, list[dict]] | None = None  # romanisation keys, built on the first closest()

    @classmethod
    def from_frame(cls, frame) -> Gazetteer:
        """From a DataFrame of places (e.g. ``Store.places()`` or ``Evidence.places``)."""
        return cls(frame.to_dict("records"))

    @classmethod
    def from_store(cls, store) -> Gazetteer:
        return cls.from_frame(store.places())

    def __len__(self) -> int:
        return len(self.places)

    def __contains__(self, place_id: str) -> bool:
        return place_id in self.places

    def lookup(self, name: str) -> list[dict]:
        """Places whose name or alias is ``name`` (any case), canonical-name matches first."""
        key = normalize_name(name)
        ids = self.index.ids_for(name)
        return sorted(
            (self.places[i] for i in ids),
            key=lambda p: (normalize_name(p["name"]) != key, PLACE_KIND_RANK.get(p.get("kind"), 9)),
        )

    def closest(self, name: str, kind: str | None = None, country: str = "Myanmar") -> dict | None:
        """The one place of ``country`` whose name is another romanisation of ``name``, or None.

        Burmese names are romanised many ways ("Sar Lin Gyi" and "Salingyi",
        "Chanmyatharzi" and "Chanmyathazi", "Singku" and "Singu"): names are
        compared by :func:`romanisation_key` (no spaces or hyphens, a
        lengthening "r" after "a" dropped), then by similarity (difflib's
        ratio at least 0.88, same first letter). The answer is the place
        when every name that close is that one place, or a town and its own
        township (then the town); otherwise there is no guess. ``kind``
        limits the places considered (a "... Township" is a township).
        """
        key = romanisation_key(name)
        if len(key) < 5:
            return None
        if self._keys is None:
            self._keys = {}
            for place in self.places.values():
                if place.get("country") != country:
                    continue
                for alias in [place["name"], *_split_aliases(place.get("aliases"))]:
                    self._keys.setdefault(romanisation_key(alias), []).append(place)
            self._by_letter: dict[str, list[str]] = {}
            for known in self._keys:
                self._by_letter.setdefault(known[:1], []).append(known)
        exact = [p for p in self._keys.get(key, []) if kind is None or p.get("kind") == kind]
        if not exact:
            pool = [k for k in self._by_letter.get(key[:1], []) if abs(len(k) - len(key)) <= 2]
            close = difflib.get_close_matches(key, pool, n=3, cutoff=0.88)
            exact = [p for k in close for p in self._keys[k] if kind is None or p.get("kind") == kind]
        ranked = sorted({p["id"]: p for p in exact}.values(), key=lambda p: PLACE_KIND_RANK.get(p.get("kind"), 9))
        if ranked and all(places_near(ranked[0], p) for p in ranked[1:]):
            return ranked[0]  # one place, or a town and its township: the town, the most specific
        return None

    def extended(self, places: Iterable[dict]) -> Gazetteer:
        """A new gazetteer with ``places`` added (same ids replace)."""
        return Gazetteer([*self.places.values(), *places])


# ----------------------------------------------------------------- GeoNames


# ----------------------------------------------------------------- geocoders


# Continents and world regions: places a report names ("imports from the Middle East and Africa") that have no
# single point, so the gazetteer holds none of them; longest first.
WORLD_REGION_NAMES = sorted(
    ["Africa", "Asia", "Europe", "North America", "South America", "Latin America", "Oceania", "Antarctica",
     "Middle East", "Southeast Asia", "South-East Asia", "South Asia", "East Asia", "Central Asia", "West Asia",
     "Asia-Pacific", "Asia Pacific", "Indo-Pacific", "West Africa", "East Africa", "North Africa",
     "Southern Africa", "Eastern Europe", "Western Europe", "Gulf", "Persian Gulf", "Caribbean", "Balkans",
     "Scandinavia", "Horn of Africa", "Sub-Saharan Africa", "Central America", "Mekong region", "Greater Mekong"],
    key=len,
    reverse=True,
)  # fmt: skip
_WORLD_REGION = re.compile(
    r"(?<![\w-])(?:the[ \t]+)?(?P<name>" + "|".join(re.escape(n) for n in WORLD_REGION_NAMES) + r")(?![\w-])"
)


def world_regions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Continents and world regions named as places ("from the Middle East and Africa"), outside ``taken`` spans.

    A region inside a longer capitalised name ("Asia Times", "Africa Corps")
    is part of that name, not the place.
    """
    found = []
    for match in _WORLD_REGION.finditer(text):
        start, end = match.span("name")
        if match.group("name") == "Gulf" and not match.group().startswith("the"):
            continue  # "the Gulf" is the region; "Gulf" alone opens many names
        if any(start < e and s < end for s, e in taken) or re.match(r"[ \t]+[A-Z]", text[end:]):
            continue
        if re.search(r"[A-Z][\w'’-]*[ \t]+$", text[max(0, start - 30) : start]) and not match.group().startswith("the"):
            continue  # "Southeast Asia" is one name, "Nikkei Asia" an outlet
        found.append(Mention("place", match.group("name"), start, end, None, confidence=0.4, status="new",
                             name=match.group("name"), reason="a world region (no single point on the map)"))  # fmt: skip
    return found
