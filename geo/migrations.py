"""The store's schema, as numbered migrations, and the columns of its tables.

The schema is created once and upgraded in place: ``meta`` holds
``schema_version``, and opening a store that is behind runs the missing
steps in one write transaction (a store whose schema is current is opened
without writing anything, so a read-only file can still be read). Migration
1 is the schema of the stores made before migrations existed (which have no
``schema_version``: one with an ``events`` table is at 1), so those upgrade
in place too. Tables are written in SQLite's words and translated for
PostgreSQL by :meth:`geo.database.Database.ddl`.

How an event becomes rows of those tables is here too, beside the columns:
its cells (:func:`event_cells`), its actor links (:func:`event_links`), the
hash that tells a changed event from an unchanged one
(:func:`event_content_hash`, whose formula stores already hold) and the
content a revision keeps (:func:`event_content`, or "as the row" until the row
changes: :func:`materialize_revisions`), and what the ``record`` of an
imported row's provenance holds (:func:`provenance_record`).
"""

from __future__ import annotations

import hashlib
import json

from geo.database import Connection, Database, SQLiteDatabase

__all__ = [
    "ACTOR_COLUMNS",
    "ARTICLE_COLUMNS",
    "EVENT_FIELDS",
    "PLACE_COLUMNS",
    "SCHEMA_VERSION",
    "TABLES",
    "event_cells",
    "event_content",
    "event_content_hash",
    "event_content_of",
    "event_hash_and_cells",
    "event_links",
    "event_values_hash",
    "materialize_revisions",
    "migrate",
    "provenance_record",
    "schema_version",
]

# Columns of the events table that describe an event, in order.
EVENT_FIELDS = [
    "id", "kind", "title", "summary", "category", "date_start", "date_end", "date_precision",
    "place_id", "place_name", "route_id", "latitude", "longitude", "precision_m",
    "article_id", "source_start", "source_end", "quote", "note", "origin", "provenance",
]  # fmt: skip

# Columns of the articles, places and actors tables, in order.
ARTICLE_COLUMNS = [
    "id", "title", "title_is_estimate", "publisher", "published", "published_precision", "published_is_estimate",
    "url", "language", "body", "note", "origin", "content_hash", "added_by", "added_at",
]  # fmt: skip
PLACE_COLUMNS = [
    "id", "name", "aliases", "kind", "latitude", "longitude", "precision_m", "admin_area", "country", "source", "origin",
]  # fmt: skip
ACTOR_COLUMNS = [
    "id", "name", "aliases", "kind", "affiliated_with", "relation", "country", "description", "wikidata_qid",
    "opensanctions_id", "origin",
]  # fmt: skip

_SCHEMA_1 = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_is_estimate INTEGER NOT NULL DEFAULT 0,
    publisher TEXT NOT NULL, published TEXT, published_precision TEXT,
    published_is_estimate INTEGER NOT NULL DEFAULT 0, url TEXT, language TEXT,
    body TEXT NOT NULL, note TEXT, origin TEXT NOT NULL, content_hash TEXT,
    added_by TEXT, added_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT NOT NULL,
    latitude REAL NOT NULL, longitude REAL NOT NULL, precision_m INTEGER NOT NULL,
    admin_area TEXT, country TEXT, source TEXT, origin TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT NOT NULL,
    affiliated_with TEXT, relation TEXT, country TEXT, description TEXT,
    wikidata_qid TEXT, opensanctions_id TEXT, origin TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS routes (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT,
    description TEXT, sources TEXT, geojson TEXT NOT NULL, origin TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, summary TEXT,
    category TEXT NOT NULL, date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL,
    place_id TEXT, place_name TEXT, route_id TEXT,
    latitude REAL, longitude REAL, precision_m INTEGER,
    article_id TEXT, source_start INTEGER, source_end INTEGER, quote TEXT, note TEXT,
    origin TEXT NOT NULL, provenance TEXT, content_hash TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS events_origin ON events(origin)",
    "CREATE INDEX IF NOT EXISTS events_dates ON events(date_start, date_end)",
    """CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL, actor_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_id, role))""",
    "CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id)",
    """CREATE TABLE IF NOT EXISTS versions (
    version INTEGER PRIMARY KEY, created_at TEXT NOT NULL, description TEXT NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS version_changes (version INTEGER NOT NULL, event_id TEXT NOT NULL, change TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS version_changes_version ON version_changes(version)",
    # last known title of every event ever stored, so a removed event can still be named
    "CREATE TABLE IF NOT EXISTS event_titles (event_id TEXT PRIMARY KEY, title TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS sanctions (
    actor_id TEXT NOT NULL, jurisdiction TEXT NOT NULL, status TEXT NOT NULL, measure TEXT, listed_as TEXT,
    programme TEXT, listed_on TEXT, act TEXT, list_id TEXT, source_url TEXT NOT NULL,
    inferred INTEGER NOT NULL DEFAULT 0, note TEXT, as_of TEXT NOT NULL,
    origin TEXT NOT NULL, source_row INTEGER, added_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS sanctions_actor ON sanctions(actor_id)",
]

# 2: who changed what. Every version records its account and kind of change (the audit log); every
# change of an event is a revision holding its whole content (nothing is overwritten); an event can be
# retracted (it leaves the map and the exports, its history stays); actors keep their order on both stores.
_SCHEMA_2 = [
    "ALTER TABLE versions ADD COLUMN account TEXT",
    "ALTER TABLE versions ADD COLUMN action TEXT",
    "ALTER TABLE versions ADD COLUMN origin TEXT",
    "ALTER TABLE versions ADD COLUMN undone_by INTEGER",
    "ALTER TABLE events ADD COLUMN source_hash TEXT",
    "ALTER TABLE events ADD COLUMN retracted_at TEXT",
    "ALTER TABLE events ADD COLUMN retracted_by TEXT",
    "ALTER TABLE events ADD COLUMN retraction_reason TEXT",
    "ALTER TABLE event_actors ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
    """CREATE TABLE event_revisions (
    event_id TEXT NOT NULL, revision INTEGER NOT NULL, version INTEGER NOT NULL, change TEXT NOT NULL,
    account TEXT, at TEXT NOT NULL, reason TEXT, content TEXT,
    PRIMARY KEY (event_id, revision))""",
    "CREATE INDEX event_revisions_version ON event_revisions(version)",
    "CREATE INDEX versions_account ON versions(account)",
    "UPDATE events SET source_hash = content_hash",
]

# 3: a revision may say "as the event's row" (content NULL, a change other than 'removed'): an import writes
# its events' revisions so, instead of a second copy of every event; before a row changes or goes, those
# revisions get their content (materialize_revisions), so each still reads as the event was. No table changes.
_SCHEMA_3: list[str] = []

SCHEMA_VERSION = 3

# Every table, in an order that copies cleanly (backup, restore, migrate).
TABLES = [
    "meta", "articles", "places", "actors", "routes", "events", "event_actors", "versions",
    "version_changes", "event_titles", "event_revisions", "sanctions",
]  # fmt: skip


# json.dumps(..., ensure_ascii=False) and json.dumps(..., default=str) as encoders built once: the same
# text, without building an encoder for each of 100,000 events
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False).encode
_HASH_JSON = json.JSONEncoder(default=str).encode
_HASHED = EVENT_FIELDS.index("origin")
assert EVENT_FIELDS[_HASHED:] == ["origin", "provenance"]  # what an event says, not where it came from
_SAFE_TYPES = frozenset({str, int, float, type(None)})


def event_content(row: dict, actor_roles) -> str:
    """An event's whole content as stored in a revision: its fields and its ``[actor, role]`` pairs."""
    return event_content_of([row.get(name) for name in EVENT_FIELDS], actor_roles)


def event_content_of(values: list, actor_roles) -> str:
    """:func:`event_content` from the event's values in the order of :data:`EVENT_FIELDS`."""
    content = dict(zip(EVENT_FIELDS, values, strict=True))
    content["actor_roles"] = [list(pair) for pair in actor_roles]
    return _CONTENT_JSON(content)


def event_values_hash(values: list, actor_roles) -> str:
    """The content hash of an event from its values in the order of :data:`EVENT_FIELDS` (see :func:`event_content_hash`)."""
    payload = _HASH_JSON([*values[:_HASHED], sorted(actor_roles or [])])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def event_hash_and_cells(values: list, actor_roles) -> tuple[str, list]:
    """:func:`event_values_hash` and :func:`event_cells` of one event in one pass: what a write of many events needs."""
    payload = _HASH_JSON([*values[:_HASHED], sorted(actor_roles or [])])
    digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
    # A float NaN among the hashed values is written NaN in the payload: without it, and with plain types,
    # only the two last values (origin, provenance) can still be a NaN.
    plain = "NaN" not in payload and _SAFE_TYPES.issuperset(map(type, values))
    if plain and all(type(v) is not float or v == v for v in values[_HASHED:]):
        return digest, values
    return digest, event_cells(values)


def event_content_hash(event: dict) -> str:
    """A short hash of what an event says (every field but origin and provenance, and its actors), to tell a
    modified event from an unchanged one. Stores keep it: its formula never changes."""
    return event_values_hash([event.get(k) for k in EVENT_FIELDS], event.get("actor_roles"))


def materialize_revisions(conn: Connection, event_ids) -> int:
    """Give the revisions of ``event_ids`` that read "as the row" (content NULL) the content of the row, now.

    Called inside a write before any of those rows changes or is deleted (migration 3). Returns how many.
    """
    pending = conn.rows_in(
        "SELECT DISTINCT event_id FROM event_revisions WHERE content IS NULL AND change <> 'removed' "
        "AND event_id IN ({})",
        event_ids,
    )
    ids = [row[0] for row in pending]
    roles: dict[str, list] = {}
    for event_id, actor_id, role in conn.rows_in(
        "SELECT event_id, actor_id, role FROM event_actors WHERE event_id IN ({}) ORDER BY event_id, position", ids
    ):
        roles.setdefault(event_id, []).append((actor_id, role))
    rows = conn.rows_in(f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE id IN ({{}})", ids)
    conn.executemany(
        "UPDATE event_revisions SET content = ? WHERE event_id = ? AND content IS NULL AND change <> 'removed'",
        [(event_content_of(list(row), roles.get(row[0], [])), row[0]) for row in rows],
    )
    return len(rows)


def provenance_record(provenance) -> dict:
    """The ``record`` of an imported dataset row (dataset, id, source, fatalities...) in a ``provenance`` cell, or {}."""
    if not isinstance(provenance, str) or '"record"' not in provenance:
        return {}
    try:
        record = json.loads(provenance).get("record")
    except (ValueError, AttributeError):
        return {}
    return record if isinstance(record, dict) else {}


def _cell(value):
    """One value as the databases take it: NaN is NULL, a dict or list is JSON, a numpy number a Python one."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def event_cells(values: list) -> list:
    """An event's values as the events table takes them (:func:`_cell`); plain values, NaN-free, as they are."""
    if _SAFE_TYPES.issuperset(map(type, values)) and all(v == v for v in values if type(v) is float):
        return values
    return [_cell(v) for v in values]


def event_links(links: list, event_id: str, actor_roles) -> None:
    """Append the ``event_actors`` rows of one event to ``links``: each (actor, role) once, in order."""
    seen = set()
    for position, (actor_id, role) in enumerate(actor_roles or []):
        if (actor_id, role) not in seen:
            seen.add((actor_id, role))
            links.append((event_id, actor_id, role, position))


def _backfill_2(conn: Connection) -> None:
    """What migration 2 derives from a store made before it: kinds of versions, first revisions, actor order."""
    if conn.dialect == "sqlite":
        conn.execute("UPDATE event_actors SET position = rowid")
    for pattern, action in (
        ("curated data loaded%", "load"),
        ("curated sanctions%", "sanctions"),
        ("sanctions of origin%", "sanctions"),
        ("import of%", "import"),
        ("ingest of%", "ingest"),
    ):
        conn.execute("UPDATE versions SET action = ? WHERE action IS NULL AND description LIKE ?", (action, pattern))
    conn.execute("UPDATE versions SET action = 'add' WHERE action IS NULL")
    roles: dict[str, list] = {}
    for event_id, actor_id, role in conn.execute(
        "SELECT event_id, actor_id, role FROM event_actors ORDER BY event_id, position"
    ):
        roles.setdefault(event_id, []).append((actor_id, role))
    first = {
        row[0]: (row[1], row[2])
        for row in conn.execute(
            "SELECT c.event_id, MAX(c.version), MAX(v.created_at) FROM version_changes c "
            "JOIN versions v ON v.version = c.version WHERE c.change IN ('added', 'modified') GROUP BY c.event_id"
        )
    }
    cursor = conn.execute(f"SELECT {', '.join(EVENT_FIELDS)} FROM events")
    rows = []
    for row in cursor:
        event = dict(zip(EVENT_FIELDS, row))
        version, at = first.get(event["id"], (0, "unknown"))
        content = event_content(event, roles.get(event["id"], []))
        rows.append((event["id"], 1, version, "added", None, at, "stored before revisions were kept", content))
    conn.executemany("INSERT INTO event_revisions VALUES (?,?,?,?,?,?,?,?)", rows)


_MIGRATIONS = {1: (_SCHEMA_1, None), 2: (_SCHEMA_2, _backfill_2), 3: (_SCHEMA_3, None)}


def schema_version(conn: Connection) -> int:
    """The schema version of the store behind ``conn``: 0 for an empty database."""
    tables = conn.tables()
    if "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row:
            return int(row[0])
    return 1 if "events" in tables else 0


def migrate(database: Database) -> int:
    """Bring the store's schema up to :data:`SCHEMA_VERSION`; returns the version it was at.

    Reads first, so that a current store is never written (nor locked) on
    open; otherwise runs the missing migrations in one write transaction,
    checking the version again once the write lock is held (two servers
    starting at once upgrade it once).
    """
    if isinstance(database, SQLiteDatabase) and (not database.path.is_file() or not database.path.stat().st_size):
        before = 0
    else:
        with database.read() as conn:
            before = schema_version(conn)
    if before >= SCHEMA_VERSION:
        return before
    if isinstance(database, SQLiteDatabase):
        database.set_journal()
    with database.write() as conn:
        before = schema_version(conn)
        for number in range(before + 1, SCHEMA_VERSION + 1):
            statements, backfill = _MIGRATIONS[number]
            for statement in statements:
                conn.execute(database.ddl(statement))
            if backfill:
                backfill(conn)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SCHEMA_VERSION),),
        )
    return before
