"""Ingest: a read article and its accepted events become store rows, with provenance, all or nothing.

This module owns the step after review. :func:`prepare_article` turns a
:class:`~geo.intake.reader.ReadArticle` plus metadata into the article row and
its extraction; :func:`build_events` turns accepted (possibly edited)
proposals into event rows, checking every field against the schema and
the gazetteer; :func:`store_articles` writes articles, new places and
events through :meth:`geo.store.Store.add_events` in ONE transaction, so
a failure halfway stores nothing. :func:`ingest_files` is the batch form
used by ``python -m geo ingest``, with a progress callback.

Ids are derived from content, so ingesting the same article twice adds
nothing twice: the article id ends with a hash of its text (an article
already stored with the same text keeps its id), and an event id is the
article id, the span and the place. Each event carries its provenance as
JSON: ``{"article", "span": [start, end], "who", "when", "method",
"confidence"}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import GeocoderUnavailable, IngestFailed
from geo.intake.dates import date_interval, parse_published
from geo.intake.extraction import Extraction, Extractor, ProposedEvent
from geo.intake.geocoding import OnlineGeocoder, geocode_place
from geo.intake.reader import ReadArticle, read_article
from geo.names import slugify
from geo.schema import CATEGORIES, DATE_PRECISIONS, ROLES

__all__ = [
    "INGEST_ORIGIN",
    "IngestReport",
    "PreparedArticle",
    "Progress",
    "article_id_for",
    "build_events",
    "ingest_files",
    "prepare_article",
    "store_articles",
]

INGEST_ORIGIN = "ingest"

Progress = Callable[[int, int, str], None]


@dataclass
class PreparedArticle:
    """An article ready to store: its row, its text and what extraction proposes."""

    row: dict
    extraction: Extraction
    source: str

    @property
    def id(self) -> str:
        return self.row["id"]

    @property
    def text(self) -> str:
        return self.row["body"]


@dataclass
class IngestReport:
    """What an ingest did (or, for a dry run, would do)."""

    articles: list[str] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    changes: dict = field(default_factory=lambda: {"added": [], "removed": [], "modified": []})


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def article_id_for(text: str, title: str, existing_ids: Iterable[str] = ()) -> str:
    """``art-<title slug>-<hash of the text>``; an existing id with the same text hash is reused."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    for existing in existing_ids:
        if str(existing).endswith("-" + digest):
            return str(existing)
    return f"art-{slugify(title, fallback='article')}-{digest}"


def prepare_article(
    article: ReadArticle,
    extractor: Extractor,
    *,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
    who: str = "unknown",
    existing_ids: Iterable[str] = (),
    author: str | None = None,
) -> PreparedArticle:
    """The article row and extraction; options override what the file says. Missing metadata is refused.

    The author (optional) is kept in the article's note, which the store has room for.
    """
    title = (title or article.title or "").strip()
    author = ((article.author if author is None else author) or "").strip()  # "" removes the file's byline
    publisher = (publisher or article.publisher or "").strip()
    published = (published or article.published or "").strip()
    missing = [
        name for name, value in (("title", title), ("publisher", publisher), ("published", published)) if not value
    ]
    if missing:
        options = " ".join(f"--{name} ..." for name in missing)
        raise IngestFailed(
            f"{article.source}: no {', '.join(missing)} in the file. Fix: pass {options} "
            "(or add them to the Markdown front matter)"
        )
    try:
        parsed = parse_published(published)
    except ValueError as error:
        raise IngestFailed(f"{article.source}: {error}. Fix: give the date as YYYY-MM-DD") from None
    precision = "day" if parsed[2] else ("month" if parsed[1] else "year")
    row = {
        "id": article_id_for(article.text, title, existing_ids),
        "title": title,
        "title_is_estimate": False,
        "publisher": publisher,
        "published": published,
        "published_precision": precision,
        "published_is_estimate": False,
        "url": (url or article.url or "").strip() or None,
        "language": article.language or "en",
        "body": article.text,
        "note": (f"By {author}. " if author else "")
        + f"Added from {Path(article.source).name} ({article.format}"
        + (f", read by {article.reader}" if article.reader else "")
        + (f", converted from {article.converted_from}" if article.converted_from else "")
        + "); "
        + (f"stripped: {'; '.join(article.removed[:8])}" if article.removed else "nothing stripped"),
        "added_by": who,
        "added_at": _now(),
    }
    return PreparedArticle(row=row, extraction=extractor.extract(article.text, published), source=article.source)


def _roles(value) -> list[tuple[str, str]]:
    """Actor roles from 'id:role|id:role', a list of 'id:role' strings, or (id, role) pairs."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return []
    items = value.split("|") if isinstance(value, str) else list(value)
    pairs = []
    for item in items:
        if isinstance(item, (tuple, list)):
            pairs.append((str(item[0]).strip(), str(item[1]).strip()))
        else:
            actor, _, role = str(item).strip().partition(":")
            pairs.append((actor.strip(), (role or "subject").strip()))
    return [p for p in pairs if p[0]]


def _cell(proposal, name, default=None):
    value = proposal.get(name, default) if isinstance(proposal, dict) else getattr(proposal, name, default)
    if isinstance(value, float) and value != value:  # NaN from an edited table
        return default
    return value


def build_events(
    prepared: PreparedArticle,
    accepted: Iterable[ProposedEvent | dict],
    *,
    known_places: Iterable[str],
    known_actors: Iterable[str],
) -> list[dict]:
    """Store rows for the accepted proposals of one article; every problem is reported at once.

    A proposal (a :class:`~geo.intake.extraction.ProposedEvent` or a dict from the
    review table) needs ``start``, ``end``, ``place_id``, ``category``;
    dates come from ``date_start``/``date_end``/``date_precision`` or from
    ``date`` (an extraction value such as '2025-07' or 'A/B').
    """
    places, actors = set(known_places), set(known_actors)
    body = prepared.text
    rows, problems = [], []
    for number, proposal in enumerate(accepted, start=1):
        where = f"{prepared.source}, event {number}"
        start, end = int(_cell(proposal, "start")), int(_cell(proposal, "end"))
        place_id = _cell(proposal, "place_id")
        category = _cell(proposal, "category")
        if not 0 <= start < end <= len(body):
            problems.append(f"{where}: span {start}-{end} is outside the text. Fix: keep the proposed span")
            continue
        if not place_id or place_id not in places:
            problems.append(
                f"{where}: place '{place_id or _cell(proposal, 'place_text', '')}' is not in the gazetteer. "
                "Fix: choose a gazetteer place, geocode it, or pin it on the map"
            )
        if category not in CATEGORIES:
            problems.append(f"{where}: layer '{category}' is unknown. Fix: use one of {', '.join(CATEGORIES)}")
        date_start, date_end = _cell(proposal, "date_start"), _cell(proposal, "date_end")
        precision = _cell(proposal, "date_precision")
        if not precision:
            date_start, date_end, precision = date_interval(_cell(proposal, "date"))
        if precision not in DATE_PRECISIONS:
            problems.append(
                f"{where}: date precision '{precision}' is unknown. Fix: use one of {', '.join(DATE_PRECISIONS)}"
            )
        for value in (date_start, date_end):
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                problems.append(f"{where}: date '{value}' is not YYYY-MM-DD. Fix: write it so")
        roles = _roles(_cell(proposal, "actor_roles"))
        for actor, role in roles:
            if actor not in actors:
                problems.append(f"{where}: actor '{actor}' is not in the actors table. Fix: use a known actor id")
            if role not in ROLES:
                problems.append(f"{where}: role '{role}' is unknown. Fix: use one of {', '.join(ROLES)}")
        quote = body[start:end]
        title = str(_cell(proposal, "title") or quote[:80]).strip()
        rows.append(
            {
                "id": f"ev-{prepared.id[4:]}-{start}-{str(place_id or 'x').removeprefix('pl-')}",
                "kind": "event",
                "title": title,
                "summary": str(_cell(proposal, "summary") or title),
                "category": category,
                "date_start": date_start or None,
                "date_end": date_end or None,
                "date_precision": precision,
                "place_id": place_id,
                "route_id": None,
                "precision_m": None,
                "latitude": None,
                "longitude": None,
                "article_id": prepared.id,
                "source_start": start,
                "source_end": end,
                "quote": quote,
                "note": str(_cell(proposal, "note") or "") or None,
                "actor_roles": roles,
                "confidence": float(_cell(proposal, "confidence", 0) or 0),
            }
        )
    if problems:
        raise IngestFailed(
            f"{len(problems)} problem(s); nothing was stored:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return rows


def store_articles(
    store,
    items: list[tuple[PreparedArticle, list[dict]]],
    *,
    who: str,
    method: str,
    places: Iterable[dict] = (),
    progress: Progress | None = None,
    actors: Iterable[dict] = (),
) -> dict:
    """Write articles, new places, new actors (from the organisations list) and event rows in one transaction.

    Each event's provenance is ``{"article", "span", "who", "when",
    "method", "confidence"}``. Events that are already stored unchanged
    are left alone (their first provenance stays).
    """
    when = _now()
    events = []
    for index, (prepared, rows) in enumerate(items, start=1):
        for row in rows:
            row = dict(row)
            confidence = row.pop("confidence", None)
            row["provenance"] = {
                "article": prepared.id,
                "span": [row["source_start"], row["source_end"]],
                "who": who,
                "when": when,
                "method": method,
                "confidence": confidence,
            }
            events.append(row)
        if progress:
            progress(index, len(items), prepared.source)
    articles = [prepared.row for prepared, _ in items]
    description = f"ingest of {len(articles)} article(s) by {who} ({method})"
    return store.add_events(events, origin=INGEST_ORIGIN, description=description, articles=articles,
                            places=[{k: v for k, v in p.items() if k not in ("method", "candidates")} for p in places],
                            actors=list(actors))  # fmt: skip


def ingest_files(
    store,
    paths: Iterable[str | Path],
    *,
    accept: str = "confident",
    min_confidence: float = 0.7,
    metadata: dict | None = None,
    who: str = "command line",
    online: OnlineGeocoder | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    organisations: Iterable[dict] = (),
) -> IngestReport:
    """Read, extract and store many files; one failure (in reading or storing) stores nothing.

    ``accept``: 'confident' keeps proposals with a known (or geocoded) place
    and confidence >= ``min_confidence``; 'all' keeps every proposal whose
    place is known or geocoded; 'none' stores the articles only.
    ``metadata`` (title, publisher, published, url) overrides the files'.
    ``organisations``: rows of :func:`geo.intake.organisations.load_organisations`;
    those the stored events name are stored as actors with them.
    """
    from geo.intake.gazetteer import Gazetteer

    paths = list(paths)
    gazetteer = Gazetteer.from_store(store)
    actors = store.actors()
    extractor = Extractor(gazetteer, actors, organisations=organisations)
    existing = list(store.articles()["id"])
    report = IngestReport()
    items = []
    new_places: dict[str, dict] = {}
    total = len(paths)
    for index, path in enumerate(paths, start=1):
        prepared = prepare_article(read_article(path), extractor, who=who, existing_ids=existing, **(metadata or {}))
        existing.append(prepared.id)
        accepted = []
        for proposal in prepared.extraction.events if accept != "none" else []:
            if accept == "confident" and proposal.confidence < min_confidence:
                continue
            if proposal.place_id is None or proposal.place_status == "ambiguous":
                place = None
                if proposal.place_status == "new":
                    try:
                        place = geocode_place(proposal.place_text, gazetteer, online)
                    except GeocoderUnavailable as error:
                        report.skipped.append(f"{path}: {proposal.place_text}: {error}")
                        continue
                if place is None:
                    report.skipped.append(
                        f"{path}: sentence at {proposal.start} names '{proposal.place_text}', "
                        f"which is {'ambiguous' if proposal.place_status == 'ambiguous' else 'not in the gazetteer'}"
                    )
                    continue
                if place["id"] not in gazetteer:
                    new_places[place["id"]] = place
                proposal = ProposedEvent(**{**proposal.to_dict(), "place_id": place["id"]})
            accepted.append(proposal)
        rows = build_events(
            prepared,
            accepted,
            known_places=[*gazetteer.places, *new_places],
            known_actors=list(extractor.actors),
        )
        items.append((prepared, rows))
        report.articles.append(prepared.id)
        report.events += rows
        if progress:
            progress(index, total, str(path))
    report.places = list(new_places.values())
    if not dry_run:
        method = f"python -m geo ingest (extraction, accept={accept}" + (
            f", min_confidence={min_confidence})" if accept == "confident" else ")"
        )
        stored_actors = set(actors["id"])
        used = {actor for _, rows in items for row in rows for actor, _ in row["actor_roles"]}
        new_actors = [extractor.actors[a] for a in sorted(used - stored_actors) if a in extractor.actors]
        report.changes = store_articles(store, items, who=who, method=method, places=report.places, actors=new_actors)
    return report
