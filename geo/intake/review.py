"""The review of an article's proposed events before they are stored: the table, the accept rule, hand-pinned places.

The Add article page shows :func:`review_table` in words (:class:`ReviewWords`:
place names, layer names, actors with their roles; never an id), lets the reader
edit it (actors as "Norinco: supplier; Mandalay PDF: seizer"), accept every
proposal that has a place in one click
(:func:`accept_all`) and pin the places the gazetteer lacks
(:func:`pinned_place`), then turns the edited words back into ids
(:meth:`ReviewWords.accepted`) and stores the accepted rows with
:func:`geo.intake.ingest.build_events` and
:func:`geo.intake.ingest.store_articles`. Keeping the rules here keeps the page a
recipe and makes them testable without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from geo.names import normalize_name, slugify
from geo.schema import CATEGORIES, PLACE_KINDS, ROLES

__all__ = [
    "ACCEPT_THRESHOLD",
    "REVIEW_COLUMNS",
    "WORD_COLUMNS",
    "ReviewWords",
    "accept_all",
    "guess_place_kind",
    "new_place_kinds",
    "pinned_place",
    "places_to_store",
    "review_table",
]

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


def new_place_kinds(mentions: Iterable) -> dict[str, str]:
    """The kind the article's words give each new place, by its text ("Nyaung Kone village": village)."""
    return {m.text: m.place_kind for m in mentions if m.kind == "place" and m.status == "new" and m.place_kind}


def pinned_place(
    name: str, latitude: float, longitude: float, precision_m: int, who: str, kind: str | None = None
) -> dict:
    """A gazetteer row for a place the reader pinned by hand (``text`` keeps the name as the article wrote it).

    ``kind``: what the article called it (see :func:`new_place_kinds`); else guessed from the name.
    """
    return {
        # no fallback: a name without Latin letters (Burmese script) gets a hash, so two such names differ
        "id": f"pl-user-{slugify(name)}",
        "name": name,
        "aliases": "",
        "kind": kind if kind in PLACE_KINDS else guess_place_kind(name),
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


# ------------------------------------------------------------------ in words

# The table the reader edits: the columns of REVIEW_COLUMNS with ids replaced by words.
WORD_COLUMNS: list[str] = [
    "accept",
    "confidence",
    "place_text",
    "place",
    "date_start",
    "date_end",
    "date_precision",
    "layer",
    "actors",
    "title",
    "quote",
    "start",
    "end",
]

# Place kinds as a reader says them (geo.render.wording has the map's; intake does not import render).
_KIND_WORDS = {"admin1": "state or region", "admin2": "district", "site": "site", "city": "city"}


def accept_all(table: pd.DataFrame, place_column: str = "place") -> pd.DataFrame:
    """Every proposal that has a place, accepted (the others cannot be stored)."""
    table = table.copy()
    table["accept"] = table[place_column].notna() & (table[place_column].astype(str).str.strip() != "")
    return table


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


@dataclass
class ReviewWords:
    """Names for the ids of the review table, and back: places, layers, actors and roles in words."""

    place_labels: dict[str, str] = field(default_factory=dict)
    actor_names: dict[str, str] = field(default_factory=dict)
    actor_ids: dict[str, str] = field(default_factory=dict)  # folded name or alias -> id

    @classmethod
    def build(cls, places, actors, pinned: Iterable[dict] = (), actor_labels: dict | None = None) -> ReviewWords:
        """From the gazetteer and actors tables (DataFrames or row dicts) and the places pinned by hand.

        ``actor_labels`` (id -> label, e.g. :func:`geo.render.wording.actor_labels` over the article) name
        the actors as readers know them; without it an actor is its name.
        """
        rows = _records(places) + [{**p, "admin_area": "", "country": "", "pinned": True} for p in pinned]
        labels: dict[str, str] = {}
        taken: dict[str, int] = {}
        for row in rows:
            kind = _text(row.get("kind"))
            where = _text(row.get("admin_area")) or _text(row.get("country"))
            words = [_KIND_WORDS.get(kind, kind.replace("-", " "))] + ([where] if where else [])
            if row.get("pinned"):
                words = [f"{words[0]} pinned by hand"]
            label = f"{_text(row.get('name')) or 'unnamed place'} ({', '.join(w for w in words if w)})"
            if label in taken:  # two places of one name and area: tell them apart by where they are
                label = f"{label[:-1]}, at {float(row['latitude']):.2f}, {float(row['longitude']):.2f})"
            while label in taken:
                taken[label] += 1
                label = f"{label} #{taken[label]}"
            taken[label] = 1
            labels[str(row["id"])] = label
        words = cls(place_labels=labels)
        for row in _records(actors):
            actor_id, name = str(row["id"]), _text(row.get("name")) or str(row["id"])
            label = _text((actor_labels or {}).get(actor_id)) or name
            words.actor_names[actor_id] = label
            for alias in [label, name, *_text(row.get("aliases")).split("|")]:
                if alias.strip():
                    words.actor_ids.setdefault(normalize_name(alias), actor_id)
        return words

    @property
    def place_options(self) -> list[str]:
        """Every place label, sorted, for the table's place picker."""
        return sorted(self.place_labels.values(), key=str.casefold)

    def actors_in_words(self, actor_roles: str) -> str:
        """'mandalay-pdf:seizer|norinco:supplier' -> 'Mandalay PDF: seizer; Norinco: supplier'."""
        parts = []
        for item in _text(actor_roles).split("|"):
            actor, _, role = item.partition(":")
            if actor.strip():
                parts.append(f"{self.actor_names.get(actor.strip(), actor.strip())}: {role.strip() or 'subject'}")
        return "; ".join(parts)

    def mentions_in_words(self, mentions: Iterable) -> list[dict]:
        """Mentions for :func:`geo.render.annotation.article_html` whose tooltips name, never show an id."""
        shown = []
        for m in mentions:
            if m.kind == "place":
                if m.status == "ambiguous":
                    value = "which one? " + " or ".join(self.place_labels.get(c, "a place") for c in m.candidates)
                else:
                    value = self.place_labels.get(m.id or "") or "not in the gazetteer: pin it below"
            elif m.kind == "actor":
                value = self.actor_names.get(m.id or "") or (f"new: {m.name}" if m.name else "new name")
            else:
                value = m.value or ""
            shown.append({"kind": m.kind, "start": m.start, "end": m.end, "value": value})
        return shown

    def to_words(self, table: pd.DataFrame) -> pd.DataFrame:
        """The id table of :func:`review_table` as the reader sees it (:data:`WORD_COLUMNS`)."""
        words = table.copy()
        words["place"] = [self.place_labels.get(p) if _text(p) else None for p in words["place_id"]]
        words["layer"] = [CATEGORIES.get(c, c) for c in words["category"]]
        words["actors"] = [self.actors_in_words(a) for a in words["actor_roles"]]
        return words[WORD_COLUMNS]

    def accepted(self, edited: pd.DataFrame) -> tuple[list[dict], list[str]]:
        """The accepted rows of the edited word table with ids again, and every problem found, in words."""
        place_ids = {label: place_id for place_id, label in self.place_labels.items()}
        layers = {name.casefold(): key for key, name in CATEGORIES.items()} | {k: k for k in CATEGORIES}
        rows, problems = [], []
        for number, row in enumerate(edited.to_dict("records"), start=1):
            if not row.get("accept"):
                continue
            where = f"Row {number} ({_text(row.get('place_text')) or 'no place'})"
            place = _text(row.get("place"))
            if not place:
                problems.append(f"{where}: choose its place (or pin it on the map above), or untick it.")
            elif place not in place_ids:
                problems.append(f"{where}: the place '{place}' is not in the list. Choose one from the list.")
            layer = layers.get(_text(row.get("layer")).casefold())
            if layer is None:
                problems.append(f"{where}: choose its layer from the list ({', '.join(CATEGORIES.values())}).")
            roles = []
            for part in _text(row.get("actors")).replace("\n", ";").split(";"):
                if not part.strip():
                    continue
                name, colon, role = part.rpartition(":")
                name, role = (name, role.strip().casefold() or "subject") if colon else (part, "subject")
                actor = self.actor_ids.get(normalize_name(name))
                if actor is None:
                    problems.append(
                        f"{where}: no actor is called '{name.strip()}'. Write an actor's name or alias and its "
                        "role, e.g. 'Norinco: supplier', or remove it."
                    )
                elif role not in ROLES:
                    problems.append(
                        f"{where}: '{role}' is not a role. Use one of: {', '.join(ROLES)} "
                        f"(e.g. '{name.strip()}: supplier')."
                    )
                else:
                    roles.append(f"{actor}:{role}")
            rows.append(
                {
                    **{k: row.get(k) for k in ("confidence", "place_text", "date_start", "date_end", "title")},
                    **{k: row.get(k) for k in ("date_precision", "quote", "start", "end")},
                    "place_id": place_ids.get(place),
                    "category": layer,
                    "actor_roles": "|".join(roles),
                }
            )
        return rows, problems


def _records(table) -> list[dict]:
    if table is None:
        return []
    if isinstance(table, pd.DataFrame):
        return table.to_dict("records")
    return [dict(row) for row in table]
