"""Names of places and actors, and geocoding through geopy's interface.

This module owns the name index that extraction matches text against
(:class:`NameIndex`: NFKC + casefold keys, longest match, word boundaries,
case rules), the :class:`Gazetteer` over the store's places and their
aliases, and geocoding:

* :class:`OfflineGeocoder` is a real ``geopy.geocoders.base.Geocoder``
  over the gazetteer that returns ``geopy.location.Location`` objects and
  never touches the network;
* :func:`read_geonames` reads a GeoNames-format tab-separated file (the
  ``allCountries``/``MM.txt`` dump layout) into gazetteer rows;
* :class:`OnlineGeocoder` is the opt-in Nominatim fallback: geopy's
  ``Nominatim`` behind ``RateLimiter(min_delay_seconds=1)`` with the user
  agent from ``settings.nominatim_user_agent`` and a SQLite cache at
  ``settings.geocode_cache_path``. It refuses to exist unless
  ``settings.online_geocoding`` is true, so nothing reaches the network by
  default. Tests pass ``adapter_factory=`` or ``geocoder=`` to replace the
  network at its boundary.

Coordinates are ``latitude``/``longitude`` everywhere; a place's
``precision_m`` says how far the truth may be from its point (a township
is an area, not a point).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.errors import DataFileError, GeocoderUnavailable, ImportFailed

__all__ = [
    "GEONAMES_COLUMNS",
    "Gazetteer",
    "GeocodeCache",
    "NameIndex",
    "NameMatch",
    "OfflineGeocoder",
    "OnlineGeocoder",
    "fold_text",
    "geocode_place",
    "normalize_name",
    "read_geonames",
]

# ------------------------------------------------------------------ folding

_PUNCTUATION_FOLDS = {
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
}  # fmt: skip


class _FoldTable(dict):
    """A str.translate table that folds each character to at most one character (offsets survive)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _PUNCTUATION_FOLDS.get(char)
        if folded is None:
            folded = unicodedata.normalize("NFKC", char).casefold()
            if len(folded) != 1:  # e.g. 'ß' -> 'ss', ligatures: keep one character
                folded = char.lower() if len(char.lower()) == 1 else char
            if folded.isspace():
                folded = " "
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_text(text: str) -> str:
    """Casefold and NFKC-fold ``text`` character by character, so ``len`` and offsets are unchanged."""
    return text.translate(_FOLD)


def normalize_name(name: str) -> str:
    """The lookup key of a name: NFKC + casefold, typographic quotes folded, spaces collapsed."""
    folded = fold_text(unicodedata.normalize("NFKC", str(name)))
    return re.sub(r"\s+", " ", folded).strip()


# --------------------------------------------------------------- name index

_TOKEN = re.compile(r"\w+")


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
            if first and first.group().isascii():
                self._by_word.setdefault(first.group(), []).append(key)
            else:
                self._by_char.setdefault(key[0], []).append(key)
        for table in (self._by_word, self._by_char):
            for keys in table.values():
                keys.sort(key=len, reverse=True)
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
            keys = self._by_word.get(token.group())
            if keys:
                consider(token.start(), keys, word=True)
        if self._char_pattern is not None:
            for char in self._char_pattern.finditer(folded):
                consider(char.start(), self._by_char[char.group()], word=False)
        found.sort(key=lambda m: (m.start - m.end, m.start))  # longest first, then leftmost
        taken: list[NameMatch] = []
        occupied: list[tuple[int, int]] = []
        for match in found:
            if any(match.start < end and start < match.end for start, end in occupied):
                continue
            taken.append(match)
            occupied.append((match.start, match.end))
        taken.sort(key=lambda m: m.start)
        return taken


# ---------------------------------------------------------------- gazetteer

_KIND_RANK = {"site": 0, "island": 1, "village": 2, "town": 3, "city": 4, "township": 5, "admin1": 6, "country": 7}


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
            key=lambda p: (normalize_name(p["name"]) != key, _KIND_RANK.get(p.get("kind"), 9)),
        )

    def extended(self, places: Iterable[dict]) -> Gazetteer:
        """A new gazetteer with ``places`` added (same ids replace)."""
        return Gazetteer([*self.places.values(), *places])


# ----------------------------------------------------------------- GeoNames

GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
    "population", "elevation", "dem", "timezone", "modification_date",
)  # fmt: skip

_COUNTRY_NAMES = {"MM": "Myanmar", "CN": "China", "TH": "Thailand", "IN": "India", "BD": "Bangladesh",
                  "LA": "Laos", "RU": "Russia"}  # fmt: skip
_KIND_PRECISION_M = {"country": 600000, "admin1": 150000, "township": 25000, "city": 5000, "town": 3000,
                     "village": 1000, "site": 2000, "island": 10000}  # fmt: skip


def _geonames_kind(feature_class: str, feature_code: str, population: int) -> str:
    if feature_code.startswith("PCL"):
        return "country"
    if feature_code == "ADM1":
        return "admin1"
    if feature_code in ("ADM2", "ADM3", "ADM4"):
        return "township"
    if feature_code.startswith("ISL"):
        return "island"
    if feature_class == "P":
        if feature_code in ("PPLC", "PPLA", "PPLG") or population >= 100000:
            return "city"
        return "town" if population >= 5000 or feature_code.startswith("PPLA") else "village"
    return "site"


def read_geonames(path: str | Path, countries: Iterable[str] = (), limit_aliases: int = 20) -> list[dict]:
    """Gazetteer rows (ids ``pl-gn-<geonameid>``) from a GeoNames-format tab-separated file.

    ``countries`` (ISO codes such as ``MM``) keeps only those countries.
    Alternate names become aliases (at most ``limit_aliases``, Burmese and
    Chinese script included). A malformed row raises
    :class:`~geo.errors.ImportFailed` naming the file, row and column.
    """
    path = Path(path)
    wanted = {c.upper() for c in countries}
    rows: list[dict] = []
    problems: list[DataFileError] = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise ImportFailed(f"{path}: cannot read it ({error.strerror}). Fix: check the path") from None
    with handle:
        try:
            for number, cells in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
                if not cells or cells[0].startswith("#"):
                    continue
                if len(cells) < 9:
                    problems.append(
                        DataFileError(
                            str(path),
                            f"{len(cells)} columns, expected 19 (GeoNames format)",
                            "export the file in the GeoNames dump layout",
                            row=number,
                        )
                    )
                    continue
                record = dict(zip(GEONAMES_COLUMNS, cells))
                if wanted and record["country_code"].upper() not in wanted:
                    continue
                try:
                    latitude, longitude = float(record["latitude"]), float(record["longitude"])
                    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                        raise ValueError
                except ValueError:
                    problems.append(
                        DataFileError(
                            str(path),
                            f"coordinates '{record['latitude']}, {record['longitude']}' are not valid degrees",
                            "give WGS 84 decimal degrees",
                            row=number,
                            column="latitude",
                        )
                    )
                    continue
                population = int(record.get("population") or 0) if (record.get("population") or "0").isdigit() else 0
                kind = _geonames_kind(record["feature_class"], record["feature_code"], population)
                aliases = [
                    a
                    for a in (record.get("asciiname", ""), *record.get("alternatenames", "").split(","))
                    if a and a != record["name"] and not a.startswith("http")
                ]
                aliases = list(dict.fromkeys(aliases))[:limit_aliases]
                code = record["country_code"].upper()
                rows.append({
                    "id": f"pl-gn-{record['geonameid']}",
                    "name": record["name"],
                    "aliases": "|".join(a.replace("|", "/") for a in aliases),
                    "kind": kind,
                    "latitude": round(latitude, 5),
                    "longitude": round(longitude, 5),
                    "precision_m": _KIND_PRECISION_M[kind],
                    "admin_area": "",
                    "country": _COUNTRY_NAMES.get(code, code),
                    "source": f"GeoNames {record['geonameid']} ({record['feature_class']}.{record['feature_code']}); "
                              f"precision is our default for a {kind}",
                })  # fmt: skip
        except csv.Error as error:
            raise ImportFailed(
                f"{path}: not a tab-separated GeoNames file ({error}). Fix: give a GeoNames dump"
            ) from None
    if problems:
        raise ImportFailed(
            f"{len(problems)} problem(s) in {path}; nothing was imported:\n"
            + "\n".join(f"  - {p.describe()}" for p in problems[:20])
        )
    return rows


# ----------------------------------------------------------------- geocoders


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _place_location(place: dict, **extra) -> Location:
    address = ", ".join(str(p) for p in (place["name"], place.get("admin_area"), place.get("country")) if p)
    raw = {k: v for k, v in place.items() if k != "aliases"}
    raw.update(extra, method="gazetteer")
    return Location(address, (float(place["latitude"]), float(place["longitude"])), raw)


class OfflineGeocoder(Geocoder):
    """A geopy geocoder over a :class:`Gazetteer`: no network, ever.

    ``geocode`` looks the query up by name and alias (any case); the
    returned ``Location.raw`` holds the gazetteer row (id, kind,
    precision_m, source...) and, when the name is ambiguous,
    ``candidates`` (every matching id). ``reverse`` returns the nearest
    place.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        super().__init__(user_agent="geo-offline-gazetteer")
        self.gazetteer = gazetteer

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        name = query if isinstance(query, str) else " ".join(str(v) for v in dict(query).values())
        places = self.gazetteer.lookup(name)
        if not places:
            return None
        candidates = [p["id"] for p in places]
        locations = [_place_location(p, candidates=candidates, ambiguous=len(places) > 1) for p in places]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        latitude, longitude = (query.latitude, query.longitude) if hasattr(query, "latitude") else map(float, query)
        ranked = sorted(
            self.gazetteer.places.values(),
            key=lambda p: _haversine_km(latitude, longitude, float(p["latitude"]), float(p["longitude"])),
        )
        if not ranked:
            return None
        locations = [
            _place_location(p, distance_km=round(_haversine_km(latitude, longitude, p["latitude"], p["longitude"]), 3))
            for p in ranked[: 1 if exactly_one else 10]
        ]
        return locations[0] if exactly_one else locations


class GeocodeCache:
    """Results of online geocoding kept in SQLite (negative results too), keyed by service and query."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS geocodes (service TEXT, query TEXT, result TEXT, fetched_at TEXT, "
                "PRIMARY KEY (service, query))"
            )

    def get(self, service: str, query: str) -> tuple[bool, dict | None]:
        """(found, result): found is False when the query was never asked."""
        with sqlite3.connect(self.path) as conn:
            row = conn.execute(
                "SELECT result FROM geocodes WHERE service = ? AND query = ?", (service, normalize_name(query))
            ).fetchone()
        if row is None:
            return False, None
        return True, json.loads(row[0])

    def put(self, service: str, query: str, result: dict | None) -> None:
        with sqlite3.connect(self.path) as conn:
            conn.execute(
                "INSERT OR REPLACE INTO geocodes VALUES (?,?,?,?)",
                (service, normalize_name(query), json.dumps(result),
                 dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()),
            )  # fmt: skip


def _bbox_radius_m(raw: dict) -> int:
    """Half the diagonal of Nominatim's bounding box, in metres (at least 100 m)."""
    try:
        south, north, west, east = (float(v) for v in raw["boundingbox"])
    except (KeyError, TypeError, ValueError):
        return 5000
    return max(100, int(_haversine_km(south, west, north, east) * 500))


class OnlineGeocoder:
    """The opt-in Nominatim fallback: one request per second at most, every answer cached on disk.

    Refuses to be built unless ``settings.online_geocoding`` is true and
    ``settings.nominatim_user_agent`` identifies you (Nominatim's usage
    policy). ``geocoder=`` replaces Nominatim with any object that has a
    geopy-style ``geocode``; ``adapter_factory=`` replaces geopy's HTTP
    adapter (both are how tests keep off the network).
    """

    service = "nominatim"

    def __init__(self, settings, geocoder=None, adapter_factory=None, country_codes=("mm", "cn")) -> None:
        if not settings.online_geocoding:
            raise GeocoderUnavailable(
                "online geocoding is off, so nothing is sent to Nominatim. Fix: set GEO_ONLINE_GEOCODING=true "
                "(and GEO_NOMINATIM_USER_AGENT) to allow it, or pin the place by hand"
            )
        agent = (settings.nominatim_user_agent or "").strip()
        if not agent:
            raise GeocoderUnavailable(
                "online geocoding is on but no user agent is set; Nominatim's policy requires one that identifies "
                "you. Fix: set GEO_NOMINATIM_USER_AGENT, e.g. 'myorg-geo/1.0 (you@example.org)'"
            )
        if geocoder is None:
            options = {"user_agent": agent, "timeout": 10}
            if adapter_factory is not None:
                options["adapter_factory"] = adapter_factory
            geocoder = Nominatim(**options)
        self.geocoder = geocoder
        self.country_codes = list(country_codes)
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=1, max_retries=1, error_wait_seconds=2)
        self.cache = GeocodeCache(settings.geocode_cache_path)
        self.requests = 0

    def geocode(self, query: str) -> Location | None:
        """The best Nominatim match for ``query`` (from the cache when asked before), or None."""
        found, cached = self.cache.get(self.service, query)
        if found:
            if cached is None:
                return None
            return Location(cached["address"], (cached["latitude"], cached["longitude"]), cached["raw"])
        self.requests += 1
        try:
            location = self._geocode(query, exactly_one=True, country_codes=self.country_codes)
        except GeopyError as error:
            raise GeocoderUnavailable(
                f"Nominatim did not answer for '{query}' ({type(error).__name__}: {error}). "
                "Fix: retry later, or pin the place by hand"
            ) from None
        record = None
        if location is not None:
            record = {"address": location.address, "latitude": location.latitude,
                      "longitude": location.longitude, "raw": dict(location.raw or {})}  # fmt: skip
        self.cache.put(self.service, query, record)
        return location


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-")[:40] or "place"


def geocode_place(name: str, gazetteer: Gazetteer, online: OnlineGeocoder | None = None) -> dict | None:
    """A gazetteer row for ``name``: from the gazetteer, else from Nominatim when ``online`` is given.

    Returns None when nobody knows the place (the user can pin it by hand).
    A row found online gets the id ``pl-osm-<type><id>`` (or a slug), its
    precision from Nominatim's bounding box, and a source that credits
    OpenStreetMap contributors.
    """
    places = gazetteer.lookup(name)
    if places:
        return dict(places[0], method="gazetteer", candidates=[p["id"] for p in places])
    bare = re.sub(r"\s+(?:township|village|town|city)$", "", name.strip(), flags=re.I)
    if bare != name.strip():
        places = [p for p in gazetteer.lookup(bare) if p["kind"] in ("township", "village", "town", "city")]
        wanted = "township" if name.strip().lower().endswith("township") else None
        if wanted:
            places = [p for p in places if p["kind"] == wanted]
        if places:
            return dict(places[0], method="gazetteer", candidates=[p["id"] for p in places])
    if online is None:
        return None
    location = online.geocode(name)
    if location is None:
        return None
    raw = dict(location.raw or {})
    osm = f"{str(raw.get('osm_type', ''))[:1]}{raw.get('osm_id', '')}"
    kind = (
        "township"
        if re.search(r"township", name, re.I)
        else ("village" if re.search("village", name, re.I) else "town")
    )
    return {
        "id": f"pl-osm-{osm}" if raw.get("osm_id") else f"pl-user-{_slug(name)}",
        "name": name.strip(),
        "aliases": "",
        "kind": kind,
        "latitude": round(float(location.latitude), 5),
        "longitude": round(float(location.longitude), 5),
        "precision_m": _bbox_radius_m(raw),
        "admin_area": "",
        "country": (location.address or "").split(",")[-1].strip() or "",
        "source": f"Nominatim geocode of '{name.strip()}' ({location.address}); © OpenStreetMap contributors, ODbL",
        "method": "nominatim",
        "candidates": [],
    }
