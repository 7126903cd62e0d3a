"""Writing many events at once, set-wise, inside a store's write: what changed is found by hash and written in parts.

:func:`replace_events` reads the stored ids (and, of the origin written, their
content hashes) once, skips every event whose hash is unchanged, writes the new
ones as plain inserts (PostgreSQL: ``COPY``) and the changed ones as upserts,
:data:`WRITE_PART` at a time with their actor links, and removes, when asked,
the events of the origin that the write no longer holds. It returns the
changes and their revisions, which :class:`geo.store.Store` records as a new
data version. An id that another origin holds refuses the whole write.
"""

from __future__ import annotations

from geo.errors import StoreError
from geo.migrations import EVENT_FIELDS, event_hash_and_cells, event_links, materialize_revisions

__all__ = ["EVENT_ROW", "WRITE_PART", "insert_sql", "replace_events", "write_rows"]

# The columns of an events row as a write gives them: the event's fields, then its two hashes.
EVENT_ROW = [*EVENT_FIELDS, "content_hash", "source_hash"]
WRITE_PART = 20_000  # events written (and compared) between two reports of a long write's progress
_ORIGIN = EVENT_FIELDS.index("origin")


def insert_sql(table: str, columns: list[str], replace: bool = False, key: str = "id") -> str:
    """``INSERT`` of ``columns``; with ``replace`` an existing row of the same ``key`` is updated (both dialects)."""
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    if replace:
        sql += f" ON CONFLICT ({key}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return sql


def write_rows(
    conn, rows: list[list], links: list[tuple], existing: list[str], new: bool = False, progress=None
) -> None:
    """Write event rows and their links; ``existing`` ids lose their old links; ``new``: none is stored yet.

    ``progress(done, message)`` hears, part after part of a large write, the share written (0 to 1).
    """
    conn.executemany("DELETE FROM event_actors WHERE event_id = ?", [(i,) for i in existing])
    for start in range(0, len(rows), WRITE_PART):
        part = rows[start : start + WRITE_PART]
        if new:  # none is stored: plain inserts (PostgreSQL: COPY)
            conn.insert_rows("events", EVENT_ROW, part)
        else:
            conn.executemany(insert_sql("events", EVENT_ROW, replace=True), part)
        if progress:
            progress(0.7 * (start + len(part)) / len(rows), f"{start + len(part):,} of {len(rows):,} events written")
    conn.insert_rows("event_actors", ["event_id", "actor_id", "role", "position"], links)
    if progress and rows:
        progress(1.0, f"{len(links):,} actor links written")


def replace_events(conn, events: list[dict], origin: str, replace_all_of_origin: bool, progress=None):
    """Store what changed in ``events`` (all of ``origin``), set-wise; returns the changes and their revisions.

    Reads each stored id of ``origin`` with its hash once, and of the other origins only the ids (an
    id another origin holds refuses the write); an event whose hash is unchanged costs its hash only.
    """
    columns = "SELECT id, source_hash, content_hash, origin FROM events"
    every = origin == "curated" or any(e.get("origin") not in (None, "", origin) for e in events)
    # the curated load, or events naming their own origins, read every stored id; an import, its own
    # origin's with their hashes, and only the ids of the others
    rows = conn.rows(columns) if every else conn.rows(f"{columns} WHERE origin = ?", (origin,))
    stored = {row[0]: (row[1] or row[2], row[3]) for row in rows}
    if origin != "curated":
        owners = {} if every else dict(conn.rows("SELECT id, origin FROM events WHERE origin <> ?", (origin,)))
        owners.update((i, owner) for i, (_, owner) in stored.items())
        clashes = sorted(
            {e["id"] for e in events if owners.get(e["id"], e.get("origin") or origin) != (e.get("origin") or origin)}
        )
        if clashes:
            held = sorted({owners[i] for i in clashes})
            raise StoreError(
                f"{len(clashes)} event id(s) already belong to another origin ({', '.join(held)}): "
                f"{', '.join(clashes[:5])}{' ...' if len(clashes) > 5 else ''}; nothing was stored. "
                f"Fix: store them under origin '{held[0]}', or give them other ids"
            )
    added, modified, revisions, incoming = [], [], [], set()
    writes = {False: ([], []), True: ([], [])}  # rows and links of new events, and of stored ones
    report = progress or (lambda fraction, message: None)
    for count, event in enumerate(events, start=1):
        if count % WRITE_PART == 0:
            report(0.25 * count / len(events), f"{count:,} of {len(events):,} events compared with the store")
        event_id = event["id"]
        incoming.add(event_id)
        values = list(map(event.get, EVENT_FIELDS))
        values[_ORIGIN] = values[_ORIGIN] or origin
        roles = event.get("actor_roles") or []
        content_hash, cells = event_hash_and_cells(values, roles)
        before = stored.get(event_id)
        if before and before[0] == content_hash:
            continue
        (modified if before else added).append(event_id)
        rows, links = writes[bool(before)]
        rows.append([*cells, content_hash, content_hash])
        event_links(links, event_id, roles)
        revisions.append((event_id, "modified" if before else "added", None))  # "as the row" (migration 3)
    # the share of the writes each part of the write takes: new events, then stored ones that changed
    share = len(added) / max(len(added) + len(modified), 1)
    write_rows(
        conn,
        *writes[False],
        [],
        new=True,
        progress=lambda done, message: report(0.25 + 0.6 * share * done, message),
    )
    materialize_revisions(conn, modified)  # their revisions that read "as the row" keep what it says now
    write_rows(
        conn,
        *writes[True],
        modified,
        progress=lambda done, message: report(0.25 + 0.6 * (share + (1 - share) * done), message),
    )
    removed = []
    if replace_all_of_origin:
        removed = [i for i, (_, owner) in stored.items() if owner == origin and i not in incoming]
        materialize_revisions(conn, removed)
        conn.executemany("DELETE FROM event_actors WHERE event_id = ?", [(i,) for i in removed])
        conn.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in removed])
        revisions += [(i, "removed", None) for i in removed]
    return {"added": added, "removed": removed, "modified": modified}, revisions
