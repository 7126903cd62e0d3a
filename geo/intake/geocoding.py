"""Geocoding: the offline gazetteer as a geopy geocoder, and an opt-in, cached, rate-limited Nominatim fallback.

Nothing here reaches the network unless the user asks for it (the
``online`` argument): the gazetteer answers first, a cache answers repeats,
and geopy's ``RateLimiter`` keeps Nominatim's one request a second.

* :class:`OfflineGeocoder` is a real ``geopy.geocoders.base.Geocoder`` over the
  gazetteer that returns ``geopy.location.Location`` objects and never touches
  the network;
* :class:`OnlineGeocoder` is the opt-in Nominatim fallback, with the user agent
  from ``settings.nominatim_user_agent`` and a SQLite cache at
  ``settings.geocode_cache_path``. It refuses to exist unless
  ``settings.online_geocoding`` is true. Tests pass ``adapter_factory=`` or
  ``geocoder=`` to replace the network at its boundary.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.errors import GeocoderUnavailable
from geo.intake.gazetteer import Gazetteer
from geo.names import normalize_name, slugify

__all__ = [
    "GeocodeCache",
    "OfflineGeocoder",
    "OnlineGeocoder",
    "geocode_place",
    "haversine_km",
    "place_location",
]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def place_location(place: dict, **extra) -> Location:
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
        locations = [place_location(p, candidates=candidates, ambiguous=len(places) > 1) for p in places]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        latitude, longitude = (query.latitude, query.longitude) if hasattr(query, "latitude") else map(float, query)
        ranked = sorted(
            self.gazetteer.places.values(),
            key=lambda p: haversine_km(latitude, longitude, float(p["latitude"]), float(p["longitude"])),
        )
        if not ranked:
            return None
        locations = [
            place_location(p, distance_km=round(haversine_km(latitude, longitude, p["latitude"], p["longitude"]), 3))
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
    return max(100, int(haversine_km(south, west, north, east) * 500))


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
        "id": f"pl-osm-{osm}" if raw.get("osm_id") else f"pl-user-{slugify(name, fallback='place')}",
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
