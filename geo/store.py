"""The store: the one place evidence is kept and queried, in SQLite (embedded) or PostgreSQL (a team).

It holds articles (with their bodies), places, actors, routes, events and
sanctions. Curated rows come from ``data/`` (origin ``curated``); rows added
later carry their own origin (``ingest``, ``acled``, ``import``...) and
survive a reload of the curated files. Every write is one transaction: a
failure leaves the store as it was. Every write that changes what readers
see records a new *data version* (with its account) and the event ids it
added, removed or modified, so a permalink pinned to an old version can say
what changed since; every change of an event is also a *revision* holding
its whole content (:mod:`geo.history` reads, corrects, retracts, undoes); an
import's revisions read "as the row" until the row changes, when they get
their content (:func:`geo.migrations.materialize_revisions`).
Many events are written set-wise (:mod:`geo.event_writes`). Every check that
decides what a write may do (an id held by another origin) runs inside that
write's transaction. The database is :mod:`geo.database`
(SQLite file or ``postgresql://`` URL); the schema, created once and
upgraded in place, is :mod:`geo.migrations`. Coordinates are stored as
``latitude``/``longitude``; route geometry as GeoJSON text (``[lon, lat]``).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from geo.database import Connection, open_database
from geo.dataset import Dataset, fingerprint_data_dir, load_dataset
from geo.errors import StoreError
from geo.event_writes import insert_sql as _insert_sql
from geo.event_writes import replace_events, write_rows
from geo.migrations import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_FIELDS,
    PLACE_COLUMNS,
    event_content_hash,
    event_hash_and_cells,
    event_links,
    materialize_revisions,
    migrate,
    provenance_record,
)

__all__ = ["EVENT_COLUMNS", "Store", "event_content_hash"]

_EVENT_FIELDS = EVENT_FIELDS

# Columns of the events frame returned by Store.events(), in order. The last three come from the
# ``record`` an imported dataset row keeps in its provenance (geo.intake: ACLED, UCDP GED), else None.
EVENT_COLUMNS = [
    *(name for name in _EVENT_FIELDS if name != "provenance"),
    "actors", "actor_roles", "article_title", "article_publisher", "article_published",
    "fatalities", "source", "record_url",
]  # fmt: skip

_PART_ROWS = 20_000  # rows of the events query turned into a frame at a time


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """The evidence base in a SQLite file or a PostgreSQL database. Cheap to create; the schema is made once.

    ``where`` is a path (SQLite) or a ``postgresql://`` URL. Writes record
    ``account`` (see :meth:`acting_as`) in the audit log and the revisions.
    """

    def __init__(self, where: Path | str, account: str = "") -> None:
        self.database = open_database(where)
        self.path = getattr(self.database, "path", None)
        self.location = self.database.location
        self.account = account
        self.load_error = None
        try:
            migrate(self.database)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the store at {self.location}: {exc}. Fix: set GEO_STORE_PATH to a writable file"
            ) from exc
        except StoreError:
            raise
        except Exception as exc:  # the PostgreSQL driver's errors
            raise StoreError(
                f"cannot open the store at {self.location}: {str(exc).strip()}. Fix: check GEO_DATABASE_URL"
            ) from exc

    @property
    def dialect(self) -> str:
        return self.database.dialect

    def acting_as(self, account: str) -> Store:
        """The same store, whose writes are recorded as made by ``account``."""
        bound = copy.copy(self)
        bound.account = account
        return bound

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection for reading (read-only on SQLite)."""
        with self.database.read() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One all-or-nothing write, holding the store's write lock: commit on success, roll back on any exception."""
        with self.database.write() as conn:
            yield conn

    # ----------------------------------------------------------------- writing

    def load_curated(self, dataset: Dataset) -> dict:
        """Replace every curated row with ``dataset``; user-added rows stay. Returns the changes."""
        with self.transaction() as conn:
            shown_before = self._shown_digest(conn)
            for table in ("articles", "places", "actors", "routes"):
                conn.execute(f"DELETE FROM {table} WHERE origin = 'curated'")
            self._insert_articles(conn, [dict(a, body=dataset.bodies[a["id"]]) for a in dataset.articles], "curated")
            self._insert_places(conn, dataset.places, "curated")
            self._insert_actors(conn, dataset.actors, "curated")
            conn.executemany(
                "INSERT INTO routes VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        route["id"], route["name"], route["kind"], route["status"], route["description"],
                        route["sources"], json.dumps(dataset.route_geometries[route["id"]]), "curated",
                    )
                    for route in dataset.routes
                ],
            )  # fmt: skip
            events = [self._resolve_curated_event(conn, event) for event in dataset.events]
            changes, revisions = replace_events(conn, events, "curated", replace_all_of_origin=True)
            before = self._sanctions_digest(conn, "curated")
            conn.execute("DELETE FROM sanctions WHERE origin = 'curated'")
            self._insert_sanctions(conn, dataset.sanctions, "curated")
            if not any(changes.values()):
                if self._sanctions_digest(conn, "curated") != before:
                    self.record_version(conn, "curated sanctions loaded from data/sanctions.csv", "sanctions")
                elif self._shown_digest(conn) != shown_before:  # an article, place, actor or line readers see
                    self.record_version(conn, "curated data loaded from data/", "load", "curated")
            conn.execute(_insert_sql("meta", ["key", "value"], True, "key"), ("data_fingerprint", dataset.fingerprint))
            self._record_version(conn, changes, "curated data loaded from data/", revisions, "load", "curated")
        return changes

    def add_events(
        self,
        events: list[dict],
        origin: str,
        description: str,
        articles: list[dict] = (),
        places: list[dict] = (),
        actors: list[dict] = (),
        provenance: dict | None = None,
        replace: bool = False,
        progress: Callable[[float, str], None] | None = None,
    ) -> dict:
        """Add or update user events (and their articles, places, actors) in one transaction.

        Each event dict has the keys of :data:`_EVENT_FIELDS` (place fields may
        be resolved from ``place_id``) plus ``actor_roles``: a list of
        ``(actor_id, role)``. Events whose id already exists with the same
        content are left alone, so adding the same thing twice adds nothing.
        With ``replace``, events of ``origin`` that ``events`` lacks are
        removed in the same transaction (a re-import that replaces the last).
        An id that another origin holds refuses the whole write (checked
        inside the transaction, so a concurrent write cannot slip past it).
        ``progress(fraction, message)``, when given, hears how far the write is (0 to 1) on a long write.
        """
        report = progress or (lambda fraction, message: None)
        with self.transaction() as conn:
            shown_before = self._shown_digest(conn) if articles or places or actors else None
            self._insert_articles(conn, list(articles), origin, replace=True)
            self._insert_places(conn, list(places), origin, replace=True)
            self._insert_actors(conn, list(actors), origin, replace=True)
            prepared, provenance_text = [], json.dumps(provenance) if provenance else None
            for event in events:  # copied only when something is filled in: the caller's dicts stay as they were
                if provenance_text and not event.get("provenance"):
                    event = dict(event, provenance=provenance_text)
                if event.get("place_id") and event.get("latitude") is None:
                    event = self._resolve_curated_event(conn, event)
                prepared.append(event)
            changes, revisions = replace_events(conn, prepared, origin, replace_all_of_origin=replace, progress=report)
            action = "ingest" if origin == "ingest" else "import"
            if any(changes.values()):
                report(0.85, f"recording {len(revisions):,} event change(s) in the history")
            self._record_version(conn, changes, description, revisions, action, origin)
            if not any(changes.values()) and shown_before is not None and self._shown_digest(conn) != shown_before:
                self.record_version(conn, description, action, origin)  # e.g. an article stored without events
            report(0.95, "saving")
        report(1.0, "saved")
        return changes

    def delete_origin(self, origin: str, description: str) -> dict:
        """Remove every event of one origin (e.g. an import), recording the change."""
        with self.transaction() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE origin = ?", (origin,))]
            materialize_revisions(conn, ids)
            conn.executemany("DELETE FROM event_actors WHERE event_id = ?", [(i,) for i in ids])
            conn.execute("DELETE FROM events WHERE origin = ?", (origin,))
            changes = {"added": [], "removed": ids, "modified": []}
            self._record_version(conn, changes, description, [(i, "removed", None) for i in ids], "remove", origin)
        return changes

    def ensure_current(self, data_dir: Path) -> bool:
        """Load ``data_dir`` if the store is empty or the files changed since the last load.

        Returns True when it loaded. Invalid files raise
        :class:`~geo.errors.DataInvalid` and leave the store as it was.
        """
        fingerprint = fingerprint_data_dir(data_dir)
        if self.meta("data_fingerprint") == fingerprint:
            return False
        self.load_curated(load_dataset(data_dir))
        return True

    def _insert_articles(self, conn, rows: list[dict], origin: str, replace: bool = False) -> None:
        conn.executemany(
            _insert_sql("articles", ARTICLE_COLUMNS, replace),
            [
                (
                    a["id"], a["title"], _flag(a.get("title_is_estimate")), a["publisher"], a.get("published"),
                    a.get("published_precision"), _flag(a.get("published_is_estimate")), a.get("url") or None,
                    a.get("language") or "en", a["body"], a.get("note"), origin,
                    hashlib.sha256(a["body"].encode()).hexdigest(), a.get("added_by"), a.get("added_at"),
                )
                for a in rows
            ],
        )  # fmt: skip

    def _insert_places(self, conn, rows: list[dict], origin: str, replace: bool = False) -> None:
        conn.executemany(
            _insert_sql("places", PLACE_COLUMNS, replace),
            [
                (
                    p["id"], p["name"], p.get("aliases"), p["kind"], p["latitude"], p["longitude"], p["precision_m"],
                    p.get("admin_area"), p.get("country"), p.get("source"), origin,
                )
                for p in rows
            ],
        )  # fmt: skip

    def _insert_actors(self, conn, rows: list[dict], origin: str, replace: bool = False) -> None:
        conn.executemany(
            _insert_sql("actors", ACTOR_COLUMNS, replace),
            [
                (
                    a["id"], a["name"], a.get("aliases"), a["kind"], a.get("affiliated_with") or None,
                    a.get("relation") or None, a.get("country"), a.get("description"), a.get("wikidata_qid") or None,
                    a.get("opensanctions_id") or None, origin,
                )
                for a in rows
            ],
        )  # fmt: skip

    def replace_sanctions(self, rows: list[dict], origin: str) -> None:
        """Replace every sanctions row of ``origin`` (an import, never 'curated') in one transaction.

        A change records a new data version without event changes, so that
        caches keyed on the version (the app's) show the new statuses.
        """
        if origin == "curated":
            raise StoreError("curated sanctions rows come only from data/sanctions.csv. Fix: use an import origin")
        with self.transaction() as conn:
            before = self._sanctions_digest(conn, origin)
            conn.execute("DELETE FROM sanctions WHERE origin = ?", (origin,))
            self._insert_sanctions(conn, rows, origin)
            if self._sanctions_digest(conn, origin) != before:
                self.record_version(conn, f"sanctions of origin {origin} replaced", "sanctions", origin)

    def _sanctions_digest(self, conn, origin: str) -> str:
        rows = conn.execute(
            "SELECT actor_id, jurisdiction, status, measure, listed_as, programme, listed_on, act, list_id, "
            "source_url, inferred, note, as_of FROM sanctions WHERE origin = ? ORDER BY 1, 2, 3, 7, 10",
            (origin,),
        ).fetchall()
        return hashlib.sha256(json.dumps([list(r) for r in rows]).encode()).hexdigest()

    def _shown_digest(self, conn) -> str:
        """A hash of what readers see besides events (articles, places, actors, lines): a change is a new version."""
        digest = hashlib.sha256()
        for sql in (
            "SELECT id, title, publisher, published, url, content_hash FROM articles ORDER BY id",
            f"SELECT {', '.join(PLACE_COLUMNS)} FROM places ORDER BY id",
            f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors ORDER BY id",
            "SELECT id, name, kind, status, description, sources, geojson FROM routes ORDER BY id",
        ):
            for row in conn.execute(sql):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()

    def record_version(self, conn, description: str, action: str, origin: str | None = None) -> int:
        """A new data version in the audit log (made by this store's account), inside ``conn``'s write."""
        return conn.execute(
            "INSERT INTO versions (created_at, description, account, action, origin) VALUES (?, ?, ?, ?, ?) "
            "RETURNING version",
            (_now(), description, self.account or None, action, origin),
        ).fetchone()[0]

    def _insert_sanctions(self, conn, rows: list[dict], origin: str) -> None:
        conn.executemany(
            "INSERT INTO sanctions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    r["actor_id"], r["jurisdiction"], r["status"], r.get("measure") or None,
                    r.get("listed_as") or None, r.get("programme") or None, r.get("listed_on") or None,
                    r.get("act") or None, r.get("list_id") or None, r["source_url"], _flag(r.get("inferred")),
                    r.get("note") or None, r["as_of"], origin, r.get("_row"), r.get("added_at") or _now(),
                )
                for r in rows
            ],
        )  # fmt: skip

    def _resolve_curated_event(self, conn, event: dict) -> dict:
        """Fill the point, precision and place name of an event from its place or route."""
        event = dict(event)
        if event.get("place_id"):
            place = conn.execute("SELECT * FROM places WHERE id = ?", (event["place_id"],)).fetchone()
            if place is None:
                raise StoreError(f"event '{event.get('id')}' names the unknown place '{event['place_id']}'. "
                                 "Fix: choose a place of the gazetteer")  # fmt: skip
            event["latitude"], event["longitude"] = place["latitude"], place["longitude"]
            event["place_name"] = place["name"]
            event["precision_m"] = event.get("precision_m") or place["precision_m"]
        elif event.get("route_id"):
            route = conn.execute("SELECT name, geojson FROM routes WHERE id = ?", (event["route_id"],)).fetchone()
            # its label point: the middle vertex (GeoJSON positions are [lon, lat])
            positions = [p for f in json.loads(route["geojson"])["features"] for p in f["geometry"]["coordinates"]]
            event["longitude"], event["latitude"] = positions[len(positions) // 2][:2]
            event["place_name"] = route["name"]
            event["precision_m"] = event.get("precision_m") or 1000
        return event

    def write_event_rows(self, conn, events: list[dict], source_hashes: dict[str, str] | None = None) -> None:
        """Insert or overwrite the rows of ``events`` (fields, actors in order) inside ``conn``'s write.

        ``source_hashes`` keeps, per id, the hash of what the event's origin
        last delivered (a corrected event keeps its origin's); default: the
        content's own hash.
        """
        source_hashes, rows, links = source_hashes or {}, [], []
        for event in events:
            content_hash, cells = event_hash_and_cells(list(map(event.get, _EVENT_FIELDS)), event.get("actor_roles"))
            rows.append([*cells, content_hash, source_hashes.get(event["id"], content_hash)])
            event_links(links, event["id"], event.get("actor_roles"))
        write_rows(conn, rows, links, [e["id"] for e in events])

    def _record_version(
        self, conn, changes: dict, description: str, revisions=(), action: str = "add", origin=None, reason=None
    ):
        """A version for ``changes`` (none when nothing changed), its change list, and the events' revisions."""
        if not any(changes.values()):
            return None
        version = self.record_version(conn, description, action, origin)
        conn.insert_rows(
            "version_changes",
            ["version", "event_id", "change"],
            [(version, event_id, kind) for kind in ("added", "removed", "modified") for event_id in changes[kind]],
        )
        at, account, revisions = _now(), self.account or None, list(revisions)
        # revisions are numbered per event: the last number of each event this version changes, in one query
        latest = dict(
            conn.rows(
                "SELECT r.event_id, MAX(r.revision) FROM event_revisions r JOIN version_changes c "
                "ON c.event_id = r.event_id WHERE c.version = ? GROUP BY r.event_id",
                (version,),
            )
        )
        conn.insert_rows(
            "event_revisions",
            ["event_id", "revision", "version", "change", "account", "at", "reason", "content"],
            [(i, latest.get(i, 0) + 1, version, change, account, at, reason, text) for i, change, text in revisions],
        )
        conn.execute(
            "INSERT INTO event_titles (event_id, title) SELECT id, title FROM events "
            "WHERE id IN (SELECT event_id FROM version_changes WHERE version = ?) "
            "ON CONFLICT (event_id) DO UPDATE SET title = excluded.title",
            (version,),
        )
        return version

    # ----------------------------------------------------------------- reading

    def meta(self, key: str) -> str | None:
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def data_version(self) -> int:
        """The current data version, read from the database: it grows whenever the set of events changes."""
        with self._connect() as conn:
            return conn.execute("SELECT COALESCE(MAX(version), 0) FROM versions").fetchone()[0]

    def changes_since(self, version: int) -> dict:
        """Events added, removed and modified after ``version`` (net of later reversals)."""
        state: dict[str, str] = {}
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT event_id, change FROM version_changes WHERE version > ? ORDER BY version", (version,)
            ).fetchall()
        for event_id, change in rows:
            before = state.get(event_id)
            if before == "added" and change == "removed":
                state.pop(event_id)
            elif before == "added":
                continue
            elif before == "removed" and change == "added":
                state[event_id] = "modified"
            else:
                state[event_id] = change
        result = {"added": [], "removed": [], "modified": []}
        for event_id, change in sorted(state.items()):
            result[change].append(event_id)
        return result

    def event_titles(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The last known title of each event id, including events removed since."""
        with self._connect() as conn:
            return dict(conn.rows_in("SELECT event_id, title FROM event_titles WHERE event_id IN ({})", event_ids))

    def events(self) -> pd.DataFrame:
        """Every event and site that is not retracted, one row each, with columns :data:`EVENT_COLUMNS`.

        ``actors`` is a list of actor ids; ``actor_roles`` a list of ``'actor_id:role'``
        strings; dates are ISO strings or None; ``note`` is of dtype object (each text once).
        """
        with self._connect() as conn:
            cursor = conn.execute(
                f"SELECT {', '.join('e.' + c for c in _EVENT_FIELDS)}, a.title AS article_title, "
                "a.publisher AS article_publisher, a.published AS article_published "
                "FROM events e LEFT JOIN articles a ON a.id = e.article_id WHERE e.retracted_at IS NULL "
                "ORDER BY e.date_start IS NULL, e.date_start, e.id",
            )
            # A part at a time: the Python objects of one part, not of all 100,000 rows, are alive at once.
            columns = cursor.columns
            parts = [_events_part(rows, columns) for rows in cursor.chunks(_PART_ROWS)]
            links = conn.rows(
                "SELECT l.event_id, l.actor_id, l.role FROM event_actors l JOIN events e ON e.id = l.event_id "
                "WHERE e.retracted_at IS NULL ORDER BY l.event_id, l.position"
            )
        frame = pd.concat(parts, ignore_index=True) if parts else _events_part([], columns)
        frame = frame.infer_objects()  # a column empty in one part and not in another, as if read at once
        # A plain pass over the links (a pandas groupby with a Python function per group takes seconds at
        # 100,000 events); every id and role string is kept once, not once per event.
        actor_ids: dict[str, list[str]] = {}
        roles: dict[str, list[str]] = {}
        strings: dict[str, str] = {}  # each id, role and note text once
        for event_id, actor_id, role in links:
            actor_id = strings.setdefault(actor_id, actor_id)
            ids = actor_ids.setdefault(event_id, [])
            if actor_id not in ids:
                ids.append(actor_id)
            pair = f"{actor_id}:{role}"
            roles.setdefault(event_id, []).append(strings.setdefault(pair, pair))
        frame["actors"] = [actor_ids.get(event_id, []) for event_id in frame["id"]]
        frame["actor_roles"] = [roles.get(event_id, []) for event_id in frame["id"]]
        for column in ("latitude", "longitude"):
            frame[column] = frame[column].astype("float64")
        frame = frame.astype({"source_start": "Int64", "source_end": "Int64", "precision_m": "Int64"})
        # the longest, most repeated text (a dataset's codes in words): each once, so a selection copies references
        texts = [n if not isinstance(n, str) else strings.setdefault(n, n) for n in frame["note"]]
        frame["note"] = pd.Series(texts, index=frame.index, dtype=object)
        return frame[EVENT_COLUMNS]

    def _frame(self, sql: str, params: Iterable = ()) -> pd.DataFrame:
        with self._connect() as conn:
            return _frame(conn, sql, params)

    def articles(self) -> pd.DataFrame:
        """Article metadata (no bodies), one row per article."""
        return self._frame(
            "SELECT id, title, title_is_estimate, publisher, published, published_precision, "
            "published_is_estimate, url, language, note, origin FROM articles ORDER BY published NULLS FIRST, id"
        )

    def article(self, article_id: str) -> dict | None:
        """One article with its body, or None."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return dict(row) if row else None

    def places(self) -> pd.DataFrame:
        return self._frame(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places ORDER BY id")

    def actors(self) -> pd.DataFrame:
        return self._frame(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors ORDER BY name, id")

    def routes(self) -> list[dict]:
        """Routes with their GeoJSON FeatureCollection under ``geometry``."""
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM routes ORDER BY id").fetchall()
        return [dict(row, geometry=json.loads(row["geojson"])) for row in rows]

    def sanctions(self) -> pd.DataFrame:
        """Every sanctions row (curated and imported), with its origin and source row."""
        return self._frame(
            "SELECT * FROM sanctions ORDER BY actor_id, jurisdiction, listed_on NULLS FIRST, origin, source_row"
        )

    def counts(self) -> dict[str, int]:
        """Rows per table (events: those not retracted)."""
        with self._connect() as conn:
            counts = {
                table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("articles", "places", "actors", "routes")
            }
            counts["events"] = conn.execute("SELECT COUNT(*) FROM events WHERE retracted_at IS NULL").fetchone()[0]
        return counts


def _events_part(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Some rows of the events query as a frame, with the columns read from each row's provenance ``record``."""
    part = pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
    records = [provenance_record(text) for text in part.pop("provenance")]
    part["fatalities"] = pd.array([r.get("fatalities") for r in records], dtype="Int64")
    part["source"] = [r.get("source") for r in records]
    part["record_url"] = [r.get("url") for r in records]
    return part


def _frame(conn: Connection, sql: str, params: Iterable = ()) -> pd.DataFrame:
    """A query's rows as a DataFrame, with the query's column names (empty ones too)."""
    cursor = conn.execute(sql, list(params))
    return pd.DataFrame.from_records(cursor.fetchall(), columns=cursor.columns, coerce_float=True)


def _flag(value) -> int:
    return 1 if str(value).lower() in ("1", "true") else 0
