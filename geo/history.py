"""Corrections, retractions and their history: nothing is overwritten, every change says who, when and why.

An editor **corrects** an event (place, dates and their precision, actors
and roles, layer, title, summary, passage) or **retracts** it with a
reason. Each change is a new revision of the event holding its whole
content, in the same write as the new data version; a retracted event leaves
the map and the exports (:meth:`geo.store.Store.events` skips it) and keeps
its history. An admin can **undo an import**: the events it added go, the
ones it changed get their previous revision back, all in one write, refused
as a whole when an event has changed since. :func:`event_history` reads an
event's revisions, :func:`audit_log` the versions (who did what, when) and
:func:`notes_since` what a permalink made earlier should say about them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd

from geo.errors import StoreError
from geo.migrations import EVENT_FIELDS, event_content, materialize_revisions
from geo.schema import CATEGORIES, DATE_PRECISIONS
from geo.store import Store

__all__ = [
    "CORRECTABLE",
    "Revision",
    "audit_log",
    "correct_event",
    "event_history",
    "notes_since",
    "read_event",
    "retract_event",
    "undo_version",
]

# What an editor may correct; the point, place name and precision follow a new place_id.
CORRECTABLE = (
    "title", "summary", "category", "date_start", "date_end", "date_precision", "place_id", "latitude",
    "longitude", "precision_m", "place_name", "actor_roles", "article_id", "source_start", "source_end",
)  # fmt: skip


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _refuse(event_id: str, problem: str, fix: str) -> StoreError:
    return StoreError(f"event {event_id}: {problem}; nothing was changed. Fix: {fix}")


def _read(conn, event_id: str) -> dict | None:
    row = conn.execute(
        f"SELECT {', '.join(EVENT_FIELDS)}, source_hash, content_hash, retracted_at, retracted_by, retraction_reason "
        "FROM events WHERE id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        return None
    event = dict(row)
    event["actor_roles"] = [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT actor_id, role FROM event_actors WHERE event_id = ? ORDER BY position", (event_id,)
        )
    ]
    return event


def read_event(store: Store, event_id: str) -> dict | None:
    """An event as stored (retracted ones too), with ``actor_roles`` as ``(actor, role)`` pairs; None if unknown."""
    with store._connect() as conn:
        return _read(conn, event_id)


def _check_date(event_id: str, name: str, value) -> None:
    if value in (None, ""):
        return
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        raise _refuse(event_id, f"{name} '{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2025-07-20") from None


def _checked(conn, event: dict) -> dict:
    """``event`` with its place resolved and its passage cut from the article, or :class:`StoreError` with the fix."""
    event_id = event["id"]
    if not str(event.get("title") or "").strip():
        raise _refuse(event_id, "the title is empty", "give the event a title")
    if event.get("category") not in CATEGORIES:
        raise _refuse(event_id, f"'{event.get('category')}' is not a layer", f"use one of: {', '.join(CATEGORIES)}")
    if event.get("date_precision") not in DATE_PRECISIONS:
        raise _refuse(
            event_id,
            f"'{event.get('date_precision')}' is not a date precision",
            f"use one of: {', '.join(DATE_PRECISIONS)}",
        )
    for name in ("date_start", "date_end"):
        event[name] = event.get(name) or None
        _check_date(event_id, name, event[name])
    if event["date_precision"] == "undated":
        event["date_start"] = event["date_end"] = None
    elif event["date_start"] is None:
        raise _refuse(
            event_id, "a dated event needs its first day", "give date_start, or choose the precision 'undated'"
        )
    if event["date_end"] and event["date_end"] < event["date_start"]:
        raise _refuse(event_id, "the last day is before the first", "swap the dates")
    if event.get("place_id"):
        place = conn.execute(
            "SELECT name, latitude, longitude, precision_m FROM places WHERE id = ?", (event["place_id"],)
        )
        place = place.fetchone()
        if place is None:
            raise _refuse(event_id, f"there is no place '{event['place_id']}'", "choose a place of the gazetteer")
        event["place_name"], event["latitude"], event["longitude"] = place[0], place[1], place[2]
        event["precision_m"] = event.get("precision_m") or place[3]
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        value = event.get(name)
        if value is None or not (low <= float(value) <= high):
            raise _refuse(event_id, f"{name} {value} is not on the globe", f"give a {name} between {low} and {high}")
    if event.get("precision_m") is None or int(event["precision_m"]) < 1:
        raise _refuse(event_id, "the location precision is missing", "give it in metres (e.g. 5000 for a town)")
    known = {r[0] for r in conn.execute("SELECT id FROM actors")}
    pairs = [(str(a).strip(), str(r).strip()) for a, r in event.get("actor_roles") or []]
    unknown = sorted({a for a, _ in pairs if a not in known})
    if unknown:
        raise _refuse(event_id, f"unknown actor(s) {', '.join(unknown)}", "choose actors the store knows")
    if any(not role for _, role in pairs):
        raise _refuse(event_id, "an actor has no role", "give each actor a role (e.g. supplier, recipient)")
    event["actor_roles"] = pairs
    if event.get("article_id"):
        body = conn.execute("SELECT body FROM articles WHERE id = ?", (event["article_id"],)).fetchone()
        if body is None:
            raise _refuse(event_id, f"there is no article '{event['article_id']}'", "choose a stored article")
        start, end = event.get("source_start"), event.get("source_end")
        if start is None or end is None or not (0 <= int(start) < int(end) <= len(body[0])):
            raise _refuse(
                event_id,
                f"the passage {start}-{end} is not inside the article",
                f"give offsets from 0 to {len(body[0])}",
            )
        event["source_start"], event["source_end"] = int(start), int(end)
        event["quote"] = body[0][event["source_start"] : event["source_end"]]
    return event


def _reason(event_id: str, reason: str) -> str:
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise _refuse(event_id, "no reason was given", "say why, in a sentence: it is kept in the event's history")
    return reason


def _add_revision(store: Store, conn, event_id: str, version: int, change: str, reason: str, content) -> None:
    conn.execute(
        "INSERT INTO event_revisions (event_id, revision, version, change, account, at, reason, content) "
        "SELECT ?, COALESCE(MAX(revision), 0) + 1, ?, ?, ?, ?, ?, ? FROM event_revisions WHERE event_id = ?",
        (event_id, version, change, store.account or None, _now(), reason, content, event_id),
    )


def _mark_changed(conn, version: int, event_id: str, change: str, title: str) -> None:
    conn.execute("INSERT INTO version_changes VALUES (?,?,?)", (version, event_id, change))
    conn.execute(
        "INSERT INTO event_titles (event_id, title) VALUES (?, ?) ON CONFLICT (event_id) DO UPDATE SET title = excluded.title",
        (event_id, title),
    )


def correct_event(store: Store, event_id: str, changes: dict, reason: str) -> int:
    """Correct fields of an event (keys of :data:`CORRECTABLE`); returns the new data version.

    The event keeps its origin and the hash of what its origin delivered, so
    re-importing the same source leaves the correction alone. Nothing
    changes (and :class:`StoreError` says why) for an unknown or retracted
    event, a value the schema refuses, or an empty reason.
    """
    reason = _reason(event_id, reason)
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise _refuse(event_id, f"{', '.join(unknown)} cannot be corrected", f"correct only: {', '.join(CORRECTABLE)}")
    with store.transaction() as conn:
        event = _read(conn, event_id)
        if event is None:
            raise _refuse(event_id, "there is no such event", "check the event's id (python -m geo history ID)")
        if event["retracted_at"]:
            raise _refuse(event_id, "it is retracted", "a retracted event stays as it was retracted")
        before = {k: event[k] for k in CORRECTABLE}
        if "place_id" in changes and changes["place_id"] != event["place_id"] and "precision_m" not in changes:
            event["precision_m"] = None  # the new place's own precision
        event.update(changes)
        event = _checked(conn, event)
        if {k: event[k] for k in CORRECTABLE} == before:
            raise _refuse(event_id, "the correction changes nothing", "change at least one field")
        materialize_revisions(conn, [event_id])  # a revision that reads "as the row" keeps what the row said
        store.write_event_rows(conn, [event], source_hashes={event_id: event["source_hash"] or event["content_hash"]})
        version = store.record_version(conn, f"correction of {event['title']}: {reason}", "correct", event["origin"])
        _mark_changed(conn, version, event_id, "modified", event["title"])
        _add_revision(store, conn, event_id, version, "corrected", reason, event_content(event, event["actor_roles"]))
    return version


def retract_event(store: Store, event_id: str, reason: str) -> int:
    """Retract an event: it leaves the map and the exports, keeps its history; returns the new data version."""
    reason = _reason(event_id, reason)
    with store.transaction() as conn:
        event = _read(conn, event_id)
        if event is None:
            raise _refuse(event_id, "there is no such event", "check the event's id (python -m geo history ID)")
        if event["retracted_at"]:
            raise _refuse(event_id, f"it was already retracted on {event['retracted_at'][:10]}", "nothing to do")
        version = store.record_version(conn, f"retraction of {event['title']}: {reason}", "retract", event["origin"])
        conn.execute(
            "UPDATE events SET retracted_at = ?, retracted_by = ?, retraction_reason = ? WHERE id = ?",
            (_now(), store.account or None, reason, event_id),
        )
        _mark_changed(conn, version, event_id, "removed", event["title"])
        _add_revision(store, conn, event_id, version, "retracted", reason, event_content(event, event["actor_roles"]))
    return version


def undo_version(store: Store, version: int, reason: str) -> dict:
    """Undo an import (the write of data ``version``): its new events go, changed ones get their previous revision.

    Refused as a whole when the version is not an import, was already
    undone, or one of its events has changed since. Returns the changes.
    """
    reason = _reason(f"of version {version}", reason)
    with store.transaction() as conn:
        row = conn.execute("SELECT action, undone_by, origin, description FROM versions WHERE version = ?", (version,))
        row = row.fetchone()
        if row is None or row[0] != "import":
            raise StoreError(f"data version {version} is not an import; nothing was undone. Fix: choose an import")
        if row[1]:
            raise StoreError(f"data version {version} was already undone by version {row[1]}. Fix: nothing to do")
        changed = conn.execute("SELECT event_id, change FROM version_changes WHERE version = ?", (version,)).fetchall()
        later = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT c.event_id FROM version_changes c JOIN version_changes mine ON mine.event_id = c.event_id "
                "WHERE mine.version = ? AND c.version > ?",
                (version, version),
            )
        }
        if later:
            shown = ", ".join(sorted(later)[:5])
            raise StoreError(
                f"{len(later)} event(s) of data version {version} changed after it ({shown}); nothing was undone. "
                "Fix: correct or retract those events one by one"
            )
        materialize_revisions(conn, [event_id for event_id, _ in changed])  # before their rows change or go
        new_version = store.record_version(conn, f"undo of version {version} ({row[3]}): {reason}", "undo", row[2])
        result = {"added": [], "removed": [], "modified": []}
        for event_id, change in changed:
            if change == "added":
                title = (_read(conn, event_id) or {}).get("title", event_id)
                conn.execute("DELETE FROM event_actors WHERE event_id = ?", (event_id,))
                conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
                _mark_changed(conn, new_version, event_id, "removed", title)
                _add_revision(store, conn, event_id, new_version, "removed", reason, None)
                result["removed"].append(event_id)
                continue
            previous = conn.execute(
                "SELECT content FROM event_revisions WHERE event_id = ? AND version < ? AND content IS NOT NULL "
                "ORDER BY revision DESC LIMIT 1",
                (event_id, version),
            ).fetchone()
            if previous is None:
                continue
            content = json.loads(previous[0])
            store.write_event_rows(conn, [content])
            kind = "added" if change == "removed" else "modified"
            _mark_changed(conn, new_version, event_id, kind, content["title"])
            _add_revision(store, conn, event_id, new_version, "restored", reason, previous[0])
            result[kind].append(event_id)
        conn.execute("UPDATE versions SET undone_by = ? WHERE version = ?", (new_version, version))
    return result


@dataclass(frozen=True)
class Revision:
    """One version of an event: what it said, who made the change, when and why."""

    revision: int
    version: int
    change: str  # added, modified, corrected, retracted, removed, restored
    account: str | None
    at: str
    reason: str | None
    description: str
    content: dict | None
    changed_fields: list[str] = field(default_factory=list)


def _same(one, other) -> bool:
    """Equal as a reader sees it: an empty cell and a missing one are the same, 5000 and 5000.0 too."""
    if one in (None, "") and other in (None, ""):
        return True
    if isinstance(one, (int, float)) and isinstance(other, (int, float)):
        return float(one) == float(other)
    return one == other


def event_history(store: Store, event_id: str) -> list[Revision]:
    """Every revision of an event, oldest first, each with the fields it changed."""
    with store._connect() as conn:
        rows = conn.execute(
            "SELECT r.revision, r.version, r.change, r.account, r.at, r.reason, v.description, r.content "
            "FROM event_revisions r LEFT JOIN versions v ON v.version = r.version WHERE r.event_id = ? "
            "ORDER BY r.revision",
            (event_id,),
        ).fetchall()
        # a revision that reads "as the row" (migration 3): the row as it is, since it has not changed since
        current = _read(conn, event_id) if any(r[7] is None and r[2] != "removed" for r in rows) else None
    history, previous = [], None
    for revision, version, change, account, at, reason, description, content in rows:
        if content is None and change != "removed" and current is not None:
            content = event_content(current, current["actor_roles"])
        content = json.loads(content) if content else None
        fields = []
        if content and previous:
            fields = [
                k for k in [*EVENT_FIELDS, "actor_roles"] if k != "quote" and not _same(content.get(k), previous.get(k))
            ]
        history.append(Revision(revision, version, change, account, at, reason, description or "", content, fields))
        previous = content or previous
    return history


def audit_log(store: Store, account: str | None = None, action: str | None = None, limit: int = 200) -> pd.DataFrame:
    """The latest writes, newest first: version, when, account, kind of change, description, events changed."""
    where, params = [], []
    if account:
        where.append("v.account = ?")
        params.append(account)
    if action:
        where.append("v.action = ?")
        params.append(action)
    sql = (
        "SELECT v.version, v.created_at, v.account, v.action, v.origin, v.description, v.undone_by, "
        "(SELECT COUNT(*) FROM version_changes c WHERE c.version = v.version) AS events FROM versions v"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY v.version DESC LIMIT {int(limit)}"
    )
    return store._frame(sql, params)


def notes_since(store: Store, version: int) -> dict[str, str]:
    """For each event corrected or retracted after ``version``: "retracted on DATE: reason" (the latest)."""
    with store._connect() as conn:
        rows = conn.execute(
            "SELECT event_id, change, at, reason FROM event_revisions "
            "WHERE version > ? AND change IN ('corrected', 'retracted') ORDER BY revision",
            (version,),
        ).fetchall()
    return {event_id: f"{change} on {at[:10]}: {reason}" for event_id, change, at, reason in rows}
