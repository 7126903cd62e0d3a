"""Every address of the app: the article page at a passage, an actor's profile, a view of the map.

One module builds them all, so a page, a popup, a table, an export and a
snapshot link to the same place in the same form. ``app_url`` is the app's
public root (``https://maps.example.org``); without it the links are relative
to the address the app is served from. The URL grammar of a map view is
:mod:`geo.query`'s; the page-local parameters are ``doc`` and ``span``
(article page) and ``profile`` (actors page).
"""

from __future__ import annotations

from urllib.parse import urlencode

from geo.escaping import is_missing

__all__ = [
    "ACTORS_PAGE",
    "ARTICLE_PAGE",
    "EVENTS_PAGE",
    "actor_link",
    "article_link",
    "article_params",
    "events_link",
    "passage_span",
    "view_link",
]

ARTICLE_PAGE = "article"
ACTORS_PAGE = "actors"
EVENTS_PAGE = "events"


def passage_span(start, end) -> str | None:
    """The ``span`` parameter of a passage (``"<start>-<end>"``), or None when either offset is missing."""
    if is_missing(start) or is_missing(end):
        return None
    return f"{int(start)}-{int(end)}"


def article_params(article_id: str, start=None, end=None) -> dict[str, str]:
    """The query parameters of the article page at a passage (``doc``, and ``span`` when known)."""
    span = passage_span(start, end)
    return {"doc": article_id, **({"span": span} if span else {})}


def _page_url(page: str, params: dict[str, str], app_url: str) -> str:
    return f"{app_url.strip().rstrip('/')}/{page}?{urlencode(params)}"


def article_link(article_id: str, start=None, end=None, app_url: str = "") -> str:
    """URL of the article page at a passage: ``<app_url>/article?doc=<id>&span=<start>-<end>``."""
    return _page_url(ARTICLE_PAGE, article_params(article_id, start, end), app_url)


def actor_link(actor_id: str, app_url: str = "") -> str:
    """URL of an actor's profile: ``<app_url>/actors?profile=<id>``."""
    return _page_url(ACTORS_PAGE, {"profile": actor_id}, app_url)


def events_link(query: str, app_url: str = "") -> str:
    """URL of the Events page (the table) under a view's canonical query: ``<app_url>/events?<query>``."""
    return f"{app_url.strip().rstrip('/')}/{EVENTS_PAGE}?{query}"


def view_link(query: str, app_url: str = "") -> str:
    """URL of a map view from its canonical query string (relative, ``?...``, without ``app_url``)."""
    base = app_url.strip().rstrip("/")
    return f"{base}/?{query}" if base else "?" + query
