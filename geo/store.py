"""The embedded SQLite store: the one place evidence is kept and queried.

The store holds articles (with their bodies), places, actors, routes and
events. Curated rows come from ``data/`` (origin ``curated``); articles and
events added later carry their own origin (``ingest``, ``acled``,
``import``...) and survive a reload of the curated files.

Every write runs in one transaction: a failure leaves the store exactly as
it was. Every write that changes the set of events records a new *data
version* and the ids it added, removed or modified, so that a permalink
pinned to an old version can say what changed since.

Coordinates are stored as ``latitude``/``longitude`` columns; route
geometry is stored as GeoJSON text (``[lon, lat]``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from geo.dataset import Dataset, fingerprint_data_dir, load_dataset
from geo.errors import StoreError

__all__ = ["EVENT_COLUMNS", "Store", "event_content_hash"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_is_estimate INTEGER NOT NULL DEFAULT 0,
    publisher TEXT NOT NULL, published TEXT, published_precision TEXT,
    published_is_estimate INTEGER NOT NULL DEFAULT 0, url TEXT, language TEXT,
    body TEXT NOT NULL, note TEXT, origin TEXT NOT NULL, content_hash TEXT,
    added_by TEXT, added_at TEXT
);
CREATE TABLE IF NOT EXISTS places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT NOT NULL,
    latitude REAL NOT NULL, longitude REAL NOT NULL, precision_m INTEGER NOT NULL,
    admin_area TEXT, country TEXT, source TEXT, origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT NOT NULL,
    affiliated_with TEXT, relation TEXT, country TEXT, description TEXT,
    wikidata_qid TEXT, opensanctions_id TEXT, origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS routes (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT,
    description TEXT, sources TEXT, geojson TEXT NOT NULL, origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, summary TEXT,
    category TEXT NOT NULL, date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL,
    place_id TEXT, place_name TEXT, route_id TEXT,
    latitude REAL, longitude REAL, precision_m INTEGER,
    article_id TEXT, source_start INTEGER, source_end INTEGER, quote TEXT, note TEXT,
    origin TEXT NOT NULL, provenance TEXT, content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_origin ON events(origin);
CREATE INDEX IF NOT EXISTS events_dates ON events(date_start, date_end);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL, actor_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_id, role)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
CREATE TABLE IF NOT EXISTS versions (
    version INTEGER PRIMARY KEY, created_at TEXT NOT NULL, description TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS version_changes (
    version INTEGER NOT NULL, event_id TEXT NOT NULL, change TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS version_changes_version ON version_changes(version);
-- last known title of every event ever stored, so a removed event can still be named
CREATE TABLE IF NOT EXISTS event_titles (event_id TEXT PRIMARY KEY, title TEXT NOT NULL);
-- sanctions statuses (see geo.sanctions): curated rows from data/sanctions.csv, imported rows by origin
CREATE TABLE IF NOT EXISTS sanctions (
    actor_id TEXT NOT NULL, jurisdiction TEXT NOT NULL, status TEXT NOT NULL, measure TEXT, listed_as TEXT,
    programme TEXT, listed_on TEXT, act TEXT, list_id TEXT, source_url TEXT NOT NULL,
    inferred INTEGER NOT NULL DEFAULT 0, note TEXT, as_of TEXT NOT NULL,
    origin TEXT NOT NULL, source_row INTEGER, added_at TEXT
);
CREATE INDEX IF NOT EXISTS sanctions_actor ON sanctions(actor_id);
"""

# Columns of the events table that describe an event, in order.
_EVENT_FIELDS = [
    "id", "kind", "title", "summary", "category", "date_start", "date_end", "date_precision",
    "place_id", "place_name", "route_id", "latitude", "longitude", "precision_m",
    "article_id", "source_start", "source_end", "quote", "note", "origin", "provenance",
]  # fmt: skip

# Columns of the events frame returned by Store.events(), in order.
EVENT_COLUMNS = [
    *(name for name in _EVENT_FIELDS if name != "provenance"),
    "actors", "actor_roles", "article_title", "article_publisher", "article_published",
]  # fmt: skip


def event_content_hash(event: dict) -> str:
    """A short hash of what an event says, to tell a modified event from an unchanged one."""
    keys = [k for k in _EVENT_FIELDS if k not in ("origin", "provenance")]
    payload = json.dumps([event.get(k) for k in keys] + [sorted(event.get("actor_roles") or [])], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _route_midpoint(collection: dict) -> tuple[float, float]:
    """The middle vertex of a route (as latitude, longitude), used as its label point."""
    positions = [pos for feature in collection["features"] for pos in feature["geometry"]["coordinates"]]
    lon, lat = positions[len(positions) // 2][:2]
    return lat, lon


class Store:
    """A SQLite file holding the evidence base. Cheap to create; opens a connection per call."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.executescript(_SCHEMA)
                conn.execute("INSERT OR IGNORE INTO event_titles SELECT id, title FROM events")
                conn.commit()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the store at {self.path}: {exc}. Fix: set GEO_STORE_PATH to a writable file"
            ) from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write: commit on success, roll back on any exception."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    # ----------------------------------------------------------------- writing

    def load_curated(self, dataset: Dataset) -> dict:
        """Replace every curated row with ``dataset``; user-added rows stay. Returns the changes."""
        with self.transaction() as conn:
            for table in ("articles", "places", "actors", "routes"):
                conn.execute(f"DELETE FROM {table} WHERE origin = 'curated'")
            self._insert_articles(conn, [dict(a, body=dataset.bodies[a["id"]]) for a in dataset.articles], "curated")
            self._insert_places(conn, [*dataset.places, *dataset.reference_places], "curated")
            self._insert_actors(conn, dataset.actors, "curated")
            for route in dataset.routes:
                conn.execute(
                    "INSERT INTO routes VALUES (?,?,?,?,?,?,?,?)",
                    (
                        route["id"],
                        route["name"],
                        route["kind"],
                        route["status"],
                        route["description"],
                        route["sources"],
                        json.dumps(dataset.route_geometries[route["id"]]),
                        "curated",
                    ),
                )
            events = [self._resolve_curated_event(conn, event) for event in dataset.events]
            changes = self._replace_events(conn, events, origin="curated", replace_all_of_origin=True)
            before = self._sanctions_digest(conn, "curated")
            conn.execute("DELETE FROM sanctions WHERE origin = 'curated'")
            self._insert_sanctions(conn, dataset.sanctions, "curated")
            if self._sanctions_digest(conn, "curated") != before and not any(changes.values()):
                self._record_sanctions_version(conn, "curated sanctions loaded from data/sanctions.csv")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('data_fingerprint', ?)", (dataset.fingerprint,))
            self._record_version(conn, changes, "curated data loaded from data/")
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
    ) -> dict:
        """Add or update user events (and their articles, places, actors) in one transaction.

        Each event dict has the keys of :data:`_EVENT_FIELDS` (place fields may
        be resolved from ``place_id``) plus ``actor_roles``: a list of
        ``(actor_id, role)``. Events whose id already exists with the same
        content are left alone, so adding the same thing twice adds nothing.
        With ``replace``, events of ``origin`` that ``events`` lacks are
        removed in the same transaction (a re-import that replaces the last).
        """
        with self.transaction() as conn:
            self._insert_articles(conn, list(articles), origin, replace=True)
            self._insert_places(conn, list(places), origin, replace=True)
            self._insert_actors(conn, list(actors), origin, replace=True)
            prepared = []
            for event in events:
                event = dict(event)
                if provenance and not event.get("provenance"):
                    event["provenance"] = json.dumps(provenance)
                if event.get("place_id") and event.get("latitude") is None:
                    event = self._resolve_curated_event(conn, event)
                prepared.append(event)
            changes = self._replace_events(conn, prepared, origin=origin, replace_all_of_origin=replace)
            self._record_version(conn, changes, description)
        return changes

    def delete_origin(self, origin: str, description: str) -> dict:
        """Remove every event of one origin (e.g. an import), recording the change."""
        with self.transaction() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE origin = ?", (origin,))]
            conn.executemany("DELETE FROM event_actors WHERE event_id = ?", [(i,) for i in ids])
            conn.execute("DELETE FROM events WHERE origin = ?", (origin,))
            changes = {"added": [], "removed": ids, "modified": []}
            self._record_version(conn, changes, description)
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
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        for a in rows:
            conn.execute(
                f"{verb} INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a["id"],
                    a["title"],
                    _flag(a.get("title_is_estimate")),
                    a["publisher"],
                    a.get("published"),
                    a.get("published_precision"),
                    _flag(a.get("published_is_estimate")),
                    a.get("url") or None,
                    a.get("language") or "en",
                    a["body"],
                    a.get("note"),
                    origin,
                    hashlib.sha256(a["body"].encode()).hexdigest(),
                    a.get("added_by"),
                    a.get("added_at"),
                ),
            )

    def _insert_places(self, conn, rows: list[dict], origin: str, replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        conn.executemany(
            f"{verb} INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    p["id"],
                    p["name"],
                    p.get("aliases"),
                    p["kind"],
                    p["latitude"],
                    p["longitude"],
                    p["precision_m"],
                    p.get("admin_area"),
                    p.get("country"),
                    p.get("source"),
                    origin,
                )
                for p in rows
            ],
        )

    def _insert_actors(self, conn, rows: list[dict], origin: str, replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        conn.executemany(
            f"{verb} INTO actors VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    a["id"],
                    a["name"],
                    a.get("aliases"),
                    a["kind"],
                    a.get("affiliated_with") or None,
                    a.get("relation") or None,
                    a.get("country"),
                    a.get("description"),
                    a.get("wikidata_qid") or None,
                    a.get("opensanctions_id") or None,
                    origin,
                )
                for a in rows
            ],
        )

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
                self._record_sanctions_version(conn, f"sanctions of origin {origin} replaced")

    def _sanctions_digest(self, conn, origin: str) -> str:
        rows = conn.execute(
            "SELECT actor_id, jurisdiction, status, measure, listed_as, programme, listed_on, act, list_id, "
            "source_url, inferred, note, as_of FROM sanctions WHERE origin = ? ORDER BY 1, 2, 3, 7, 10",
            (origin,),
        ).fetchall()
        return hashlib.sha256(json.dumps([list(r) for r in rows]).encode()).hexdigest()

    def _record_sanctions_version(self, conn, description: str) -> None:
        conn.execute("INSERT INTO versions (created_at, description) VALUES (?, ?)", (_now(), description))

    def _insert_sanctions(self, conn, rows: list[dict], origin: str) -> None:
        conn.executemany(
            "INSERT INTO sanctions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    r["actor_id"],
                    r["jurisdiction"],
                    r["status"],
                    r.get("measure") or None,
                    r.get("listed_as") or None,
                    r.get("programme") or None,
                    r.get("listed_on") or None,
                    r.get("act") or None,
                    r.get("list_id") or None,
                    r["source_url"],
                    _flag(r.get("inferred")),
                    r.get("note") or None,
                    r["as_of"],
                    origin,
                    r.get("_row"),
                    r.get("added_at") or _now(),
                )
                for r in rows
            ],
        )

    def _resolve_curated_event(self, conn, event: dict) -> dict:
        """Fill the point, precision and place name of an event from its place or route."""
        event = dict(event)
        if event.get("place_id"):
            place = conn.execute("SELECT * FROM places WHERE id = ?", (event["place_id"],)).fetchone()
            event["latitude"], event["longitude"] = place["latitude"], place["longitude"]
            event["place_name"] = place["name"]
            event["precision_m"] = event.get("precision_m") or place["precision_m"]
        elif event.get("route_id"):
            route = conn.execute("SELECT name, geojson FROM routes WHERE id = ?", (event["route_id"],)).fetchone()
            event["latitude"], event["longitude"] = _route_midpoint(json.loads(route["geojson"]))
            event["place_name"] = route["name"]
            event["precision_m"] = event.get("precision_m") or 1000
        return event

    def _replace_events(self, conn, events: list[dict], origin: str, replace_all_of_origin: bool) -> dict:
        existing = {
            row["id"]: (row["content_hash"], row["origin"])
            for row in conn.execute("SELECT id, content_hash, origin FROM events")
        }
        added, modified = [], []
        incoming = set()
        for event in events:
            event = dict(event, origin=event.get("origin") or origin)
            event.setdefault("provenance", None)
            content_hash = event_content_hash(event)
            incoming.add(event["id"])
            before = existing.get(event["id"])
            if before and before[0] == content_hash:
                continue
            (modified if before else added).append(event["id"])
            conn.execute("DELETE FROM event_actors WHERE event_id = ?", (event["id"],))
            conn.execute(
                f"INSERT OR REPLACE INTO events ({', '.join(_EVENT_FIELDS)}, content_hash) "
                f"VALUES ({', '.join('?' * (len(_EVENT_FIELDS) + 1))})",
                [_cell(event.get(k)) for k in _EVENT_FIELDS] + [content_hash],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO event_actors VALUES (?,?,?)",
                [(event["id"], actor_id, role) for actor_id, role in event.get("actor_roles") or []],
            )
        removed = []
        if replace_all_of_origin:
            removed = [i for i, (_, o) in existing.items() if o == origin and i not in incoming]
            conn.executemany("DELETE FROM event_actors WHERE event_id = ?", [(i,) for i in removed])
            conn.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in removed])
        return {"added": added, "removed": removed, "modified": modified}

    def _record_version(self, conn, changes: dict, description: str) -> None:
        if not any(changes.values()):
            return
        cursor = conn.execute("INSERT INTO versions (created_at, description) VALUES (?, ?)", (_now(), description))
        version = cursor.lastrowid
        conn.executemany(
            "INSERT INTO version_changes VALUES (?,?,?)",
            [(version, event_id, kind) for kind in ("added", "removed", "modified") for event_id in changes[kind]],
        )
        conn.execute(
            "INSERT OR REPLACE INTO event_titles SELECT id, title FROM events "
            "WHERE id IN (SELECT event_id FROM version_changes WHERE version = ?)",
            (version,),
        )

    # ----------------------------------------------------------------- reading

    def meta(self, key: str) -> str | None:
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def data_version(self) -> int:
        """The current data version: it grows whenever the set of events changes."""
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
        ids = list(event_ids)
        titles: dict[str, str] = {}
        with self._connect() as conn:
            for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
                chunk = ids[start : start + 500]
                sql = f"SELECT event_id, title FROM event_titles WHERE event_id IN ({', '.join('?' * len(chunk))})"
                titles.update(conn.execute(sql, chunk).fetchall())
        return titles

    def events(self) -> pd.DataFrame:
        """Every event and site, one row each, with columns :data:`EVENT_COLUMNS`.

        ``actors`` is a list of actor ids; ``actor_roles`` a list of
        ``'actor_id:role'`` strings; dates are ISO strings or None.
        """
        with self._connect() as conn:
            frame = pd.read_sql_query(
                "SELECT e.*, a.title AS article_title, a.publisher AS article_publisher, "
                "a.published AS article_published FROM events e LEFT JOIN articles a ON a.id = e.article_id "
                "ORDER BY e.date_start IS NULL, e.date_start, e.id",
                conn,
            )
            links = conn.execute("SELECT event_id, actor_id, role FROM event_actors ORDER BY rowid").fetchall()
        # A plain pass over the links: a pandas groupby with a Python function per
        # group takes seconds at 100,000 events.
        actor_ids: dict[str, list[str]] = {}
        roles: dict[str, list[str]] = {}
        for event_id, actor_id, role in links:
            ids = actor_ids.setdefault(event_id, [])
            if actor_id not in ids:
                ids.append(actor_id)
            roles.setdefault(event_id, []).append(f"{actor_id}:{role}")
        frame["actors"] = [actor_ids.get(event_id, []) for event_id in frame["id"]]
        frame["actor_roles"] = [roles.get(event_id, []) for event_id in frame["id"]]
        frame = frame.astype({"source_start": "Int64", "source_end": "Int64", "precision_m": "Int64"})
        return frame[EVENT_COLUMNS]

    def _frame(self, sql: str, params: Iterable = ()) -> pd.DataFrame:
        with self._connect() as conn:
            return pd.read_sql_query(sql, conn, params=list(params))

    def articles(self) -> pd.DataFrame:
        """Article metadata (no bodies), one row per article."""
        return self._frame(
            "SELECT id, title, title_is_estimate, publisher, published, published_precision, "
            "published_is_estimate, url, language, note, origin FROM articles ORDER BY published, id"
        )

    def article(self, article_id: str) -> dict | None:
        """One article with its body, or None."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return dict(row) if row else None

    def places(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM places ORDER BY id")

    def actors(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM actors ORDER BY name")

    def routes(self) -> list[dict]:
        """Routes with their GeoJSON FeatureCollection under ``geometry``."""
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM routes ORDER BY id").fetchall()
        return [dict(row, geometry=json.loads(row["geojson"])) for row in rows]

    def sanctions(self) -> pd.DataFrame:
        """Every sanctions row (curated and imported), with its origin and source row."""
        return self._frame("SELECT * FROM sanctions ORDER BY actor_id, jurisdiction, listed_on, origin")

    def counts(self) -> dict[str, int]:
        with self._connect() as conn:
            return {
                table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("articles", "places", "actors", "routes", "events")
            }


def _flag(value) -> int:
    return 1 if str(value).lower() in ("1", "true") else 0


def _cell(value):
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if hasattr(value, "item"):
        return value.item()
    return value
