"""The view state and its query-string grammar.

One grammar serves the dashboard URL, ``python -m geo export --query`` and
``python -m geo snapshot --query``, so a copied URL and a script see the
same view. :class:`ViewState` is the whole view: filters, layers, base map,
centre, zoom, the selected event and the pinned data version.
:func:`parse_query` reads a query string (or a mapping of lists) into a
state; :func:`format_query` writes the canonical string back. The module
knows nothing of HTTP or Streamlit. The grammar is documented in the README
(section "Query grammar") and ``tests/test_query.py`` holds it to that.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from geo.errors import QueryInvalid
from geo.schema import CATEGORIES, EVENT_KINDS, JURISDICTIONS

__all__ = [
    "BASE_MAPS",
    "PARAMETERS",
    "ViewState",
    "Vocabulary",
    "format_query",
    "parse_query",
    "query_mapping",
]

BASE_MAPS: dict[str, str] = {
    "streets": "OpenStreetMap streets (online tiles)",
    "light": "CARTO light (online tiles)",
    "satellite": "Esri World Imagery satellite (online tiles)",
    "none": "No tiles: country outlines only (works offline)",
}

# name in the URL -> help. The order is the canonical order of format_query().
PARAMETERS: dict[str, str] = {
    "from": "First day of the date range, YYYY-MM-DD. Events whose interval overlaps the range are kept.",
    "to": "Last day of the date range, YYYY-MM-DD.",
    "undated": "1 (default) shows undated sites and events; 0 hides them.",
    "actor": "Actor id (repeatable). Keeps events involving any of them.",
    "affiliates": "1 (default) also matches the actors' subsidiaries and affiliates; 0 matches only the named ones.",
    "layer": "Layer (category) id (repeatable): " + ", ".join(CATEGORIES) + ". None given means all.",
    "kind": "event or site (repeatable). None given means both.",
    "article": "Source article id (repeatable).",
    "origin": "Origin of the events (repeatable): curated, ingest, or an import name such as acled.",
    "q": "Free text, matched case-insensitively in titles, summaries, quotes, places and actor names.",
    "near": "Id of a place, site event or route; keeps events within km of it (geodesic distance).",
    "km": "Distance for near, in kilometres (default 50).",
    "sanctions": "listed or unlisted: keep events involving actors that are (not) sanctioned by 'by'.",
    "by": "Jurisdiction for the sanctions filter: " + ", ".join(JURISDICTIONS) + " or any (default).",
    "base": "Base map: " + ", ".join(BASE_MAPS) + " (default light).",
    "lat": "Latitude of the map centre.",
    "lon": "Longitude of the map centre.",
    "z": "Zoom level, 1-18.",
    "event": "Id of the selected event: its details and passage are shown.",
    "v": "Data version the view was made with; newer data shows what changed since.",
}

_DEFAULT_KM = 50.0
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")  # used with fullmatch: ASCII only, no trailing newline
# ASCII digits only: str.isdigit() is also true for '²' or '①', which int() refuses.
_VERSION = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class ViewState:
    """Everything that defines a view of the map. Defaults show everything."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = True
    actors: tuple[str, ...] = ()
    affiliates: bool = True
    layers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    text: str = ""
    near: str | None = None
    km: float = _DEFAULT_KM
    sanctions: str | None = None
    sanctions_by: str = "any"
    base: str = "light"
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    event: str | None = None
    version: int | None = None

    def filter_key(self) -> ViewState:
        """The state without map position or selection: what decides which events show."""
        return replace(self, lat=None, lon=None, zoom=None, event=None, base="light", version=None)


@dataclass(frozen=True)
class Vocabulary:
    """Known ids, to refuse a query naming an actor, layer or article that does not exist."""

    actors: frozenset[str] = field(default_factory=frozenset)
    articles: frozenset[str] = field(default_factory=frozenset)
    near_targets: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    origins: frozenset[str] = field(default_factory=frozenset)


def _pairs(query: str | Mapping) -> list[tuple[str, str]]:
    if isinstance(query, Mapping):
        pairs = []
        for key, value in query.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            pairs += [(str(key), str(item)) for item in values]
        return pairs
    text = str(query or "").strip()
    if "?" in text and ("://" in text or text.startswith("/") or text.startswith("?")):
        text = text.split("?", 1)[1]
    text = text.split("#", 1)[0]
    return parse_qsl(text, keep_blank_values=True)


def _date(param: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryInvalid(param, value, "not a date", "write the date as YYYY-MM-DD, e.g. 2025-07-20") from None


def _float(param: str, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise QueryInvalid(param, value, "not a number", f"give a number between {low:g} and {high:g}") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise QueryInvalid(param, value, "out of range", f"give a number between {low:g} and {high:g}")
    return number


def _flag(param: str, value: str) -> bool:
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    raise QueryInvalid(param, value, "not 1 or 0", f"write {param}=1 or {param}=0")


def _ident(param: str, value: str, known: frozenset[str] | None, what: str) -> str:
    if not _ID.fullmatch(value):
        raise QueryInvalid(
            param, value, f"not a valid {what} id", f"use an id such as those listed by the {what} filter"
        )
    if known is not None and known and value not in known:
        sample = ", ".join(sorted(known)[:6])
        raise QueryInvalid(param, value, f"unknown {what}", f"use a known {what} id, e.g. {sample}")
    return value


def _choice(param: str, value: str, allowed) -> str:
    if value not in allowed:
        raise QueryInvalid(param, value, "not one of the allowed values", "use one of: " + ", ".join(allowed))
    return value


def parse_query(
    query: str | Mapping, vocabulary: Vocabulary | None = None, strict: bool = False
) -> tuple[ViewState, list[QueryInvalid]]:
    """Read a query string into a :class:`ViewState`.

    With ``strict=True`` the first bad parameter raises
    :class:`~geo.errors.QueryInvalid` (the command line uses this). Otherwise
    bad parameters are skipped and returned as notices, so the app can show
    them and still open the rest of the view. Never raises anything else.
    """
    vocab = vocabulary or Vocabulary()
    values: dict[str, object] = {}
    lists: dict[str, list[str]] = {"actors": [], "layers": [], "kinds": [], "articles": [], "origins": []}
    notices: list[QueryInvalid] = []
    try:
        pairs = _pairs(query)
    except Exception:  # noqa: BLE001 - any unparsable input is a notice, never a crash
        pairs = []
        notices.append(QueryInvalid("?", str(query)[:60], "not a query string", "write name=value pairs joined by &"))
    for param, raw in pairs:
        value = raw.strip()
        try:
            if param == "from":
                values["date_from"] = _date(param, value)
            elif param == "to":
                values["date_to"] = _date(param, value)
            elif param == "undated":
                values["undated"] = _flag(param, value)
            elif param == "actor":
                lists["actors"].append(_ident(param, value, vocab.actors, "actor"))
            elif param == "affiliates":
                values["affiliates"] = _flag(param, value)
            elif param == "layer":
                lists["layers"].append(_choice(param, value, CATEGORIES))
            elif param == "kind":
                lists["kinds"].append(_choice(param, value, EVENT_KINDS))
            elif param == "article":
                lists["articles"].append(_ident(param, value, vocab.articles, "article"))
            elif param == "origin":
                lists["origins"].append(_ident(param, value, vocab.origins, "origin"))
            elif param == "q":
                if len(raw) > 200:
                    raise QueryInvalid(param, raw, "longer than 200 characters", "search for a shorter phrase")
                values["text"] = raw.strip()
            elif param == "near":
                values["near"] = _ident(param, value, vocab.near_targets, "place, site or route")
            elif param == "km":
                values["km"] = _float(param, value, 0.1, 5000)
            elif param == "sanctions":
                values["sanctions"] = _choice(param, value, ("listed", "unlisted"))
            elif param == "by":
                values["sanctions_by"] = _choice(param, value, (*JURISDICTIONS, "any"))
            elif param == "base":
                values["base"] = _choice(param, value, BASE_MAPS)
            elif param == "lat":
                values["lat"] = _float(param, value, -90, 90)
            elif param == "lon":
                values["lon"] = _float(param, value, -180, 180)
            elif param == "z":
                values["zoom"] = int(_float(param, value, 1, 18))
            elif param == "event":
                values["event"] = _ident(param, value, vocab.events, "event")
            elif param == "v":
                if not _VERSION.fullmatch(value):
                    raise QueryInvalid(param, value, "not a data version", "use the whole number from a permalink")
                values["version"] = int(value)
            else:
                raise QueryInvalid(param, raw, "unknown parameter", "use one of: " + ", ".join(PARAMETERS))
        except QueryInvalid as problem:
            if strict:
                raise
            notices.append(problem)
    for name, items in lists.items():
        values[name] = tuple(dict.fromkeys(items))
    state = ViewState(**values)
    if state.date_from and state.date_to and state.date_from > state.date_to:
        problem = QueryInvalid(
            "to", state.date_to.isoformat(), "ends before 'from'", "give a 'to' date on or after 'from'"
        )
        if strict:
            raise problem
        notices.append(problem)
        state = replace(state, date_to=None)
    if (state.lat is None) != (state.lon is None):
        problem = QueryInvalid(
            "lat" if state.lat is None else "lon", "", "lat and lon come together", "give both or neither"
        )
        if strict:
            raise problem
        notices.append(problem)
        state = replace(state, lat=None, lon=None)
    return state, notices


def _params(state: ViewState) -> list[tuple[str, str]]:
    default = ViewState()
    out: list[tuple[str, str]] = []

    def put(name: str, value) -> None:
        out.append((name, value))

    if state.date_from:
        put("from", state.date_from.isoformat())
    if state.date_to:
        put("to", state.date_to.isoformat())
    if state.undated != default.undated:
        put("undated", "1" if state.undated else "0")
    for actor in state.actors:
        put("actor", actor)
    if state.affiliates != default.affiliates:
        put("affiliates", "1" if state.affiliates else "0")
    for name, items in (
        ("layer", state.layers),
        ("kind", state.kinds),
        ("article", state.articles),
        ("origin", state.origins),
    ):
        for item in items:
            put(name, item)
    if state.text:
        put("q", state.text)
    if state.near:
        put("near", state.near)
        if state.km != _DEFAULT_KM:
            put("km", f"{state.km:g}")
    if state.sanctions:
        put("sanctions", state.sanctions)
        if state.sanctions_by != default.sanctions_by:
            put("by", state.sanctions_by)
    if state.base != default.base:
        put("base", state.base)
    if state.lat is not None and state.lon is not None:
        put("lat", f"{state.lat:.5f}".rstrip("0").rstrip("."))
        put("lon", f"{state.lon:.5f}".rstrip("0").rstrip("."))
    if state.zoom is not None:
        put("z", str(state.zoom))
    if state.event:
        put("event", state.event)
    if state.version is not None:
        put("v", str(state.version))
    return out


def format_query(state: ViewState) -> str:
    """The canonical query string of a state (defaults omitted, fixed order)."""
    return urlencode(_params(state))


def query_mapping(state: ViewState) -> dict[str, list[str]]:
    """The state as a mapping of parameter name to list of values (for ``st.query_params``)."""
    mapping: dict[str, list[str]] = {}
    for name, value in _params(state):
        mapping.setdefault(name, []).append(value)
    return mapping
