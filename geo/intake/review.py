"""The review of an article's proposed events before they are stored: the table, the accept rule, hand-pinned places.

The Add article page shows :func:`review_table`, lets the reader edit it and pin
the places the gazetteer lacks (:func:`pinned_place`), then stores the accepted
rows with :func:`geo.intake.ingest.build_events` and
:func:`geo.intake.ingest.store_articles`. Keeping the rules here keeps the page a
recipe and makes them testable without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.names import slugify

__all__ = ["ACCEPT_THRESHOLD", "REVIEW_COLUMNS", "guess_place_kind", "pinned_place", "places_to_store", "review_table"]

# A proposal at or above this confidence, at a known place, starts accepted.
ACCEPT_THRESHOLD = 0.7

REVIEW_COLUMNS: list[str] = [
    "accept",
    "confidence",
    "place_text",
    "place_id",
    "date_start",
    "date_end",
    "date_precision",
    "category",
    "actor_roles",
    "title",
    "quote",
    "start",
    "end",
]


def guess_place_kind(name: str) -> str:
    """The kind of a hand-pinned place from its name: township, village, else town."""
    folded = name.casefold()
    if "township" in folded:
        return "township"
    if "village" in folded:
        return "village"
    return "town"


def pinned_place(name: str, latitude: float, longitude: float, precision_m: int, who: str) -> dict:
    """A gazetteer row for a place the reader pinned by hand (``text`` keeps the name as the article wrote it)."""
    return {
        # no fallback: a name without Latin letters (Burmese script) gets a hash, so two such names differ
        "id": f"pl-user-{slugify(name)}",
        "name": name,
        "aliases": "",
        "kind": guess_place_kind(name),
        "latitude": round(latitude, 5),
        "longitude": round(longitude, 5),
        "precision_m": int(precision_m),
        "admin_area": "",
        "country": "",
        "source": f"pinned by hand by {who or 'anonymous'}",
        "text": name,
    }


def review_table(proposals: Iterable, pinned: Iterable[dict] = ()) -> pd.DataFrame:
    """One row per proposed event (:class:`geo.intake.extraction.ProposedEvent`), in :data:`REVIEW_COLUMNS`.

    A proposal whose place the gazetteer lacks takes the id of the place the
    reader pinned for that name. It starts accepted when its confidence reaches
    :data:`ACCEPT_THRESHOLD` and it has a place.
    """
    pinned_by_text = {place["text"]: place["id"] for place in pinned}
    rows = []
    for event in proposals:
        place_id = event.place_id or pinned_by_text.get(event.place_text)
        rows.append(
            {
                "accept": event.confidence >= ACCEPT_THRESHOLD and place_id is not None,
                "confidence": event.confidence,
                "place_text": event.place_text,
                "place_id": place_id,
                "date_start": event.date_start,
                "date_end": event.date_end,
                "date_precision": event.date_precision,
                "category": event.category,
                "actor_roles": "|".join(event.actor_roles),
                "title": event.title,
                "quote": event.quote,
                "start": event.start,
                "end": event.end,
            }
        )
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def places_to_store(pinned: Iterable[dict], events: Iterable[dict]) -> list[dict]:
    """The pinned places that stored events use, as gazetteer rows (without the ``text`` key)."""
    used = {event["place_id"] for event in events}
    return [{k: v for k, v in place.items() if k != "text"} for place in pinned if place["id"] in used]
