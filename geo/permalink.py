"""Permalinks: a view's URL pinned to the data version it was made with.

A permalink is the app URL plus the canonical query string of a
:class:`~geo.query.ViewState` (the one grammar of :mod:`geo.query`) with
``v=<data version>``. Opening it later shows the same filters, base map,
centre and zoom over the *current* data; when the data has changed since
``v``, :func:`describe_changes` says which events were added, removed or
modified (by title), and which of the added ones fall in the view; an event
corrected or retracted since says so with its date and reason ("retracted on
2026-05-01: the source withdrew the report"). Nothing here knows about
Streamlit or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from geo.filters import FilterContext, filter_events
from geo.links import view_link
from geo.query import ViewState, Vocabulary, format_query, parse_query
from geo.store import Store

__all__ = ["ChangesNotice", "describe_changes", "make_permalink", "read_permalink"]


def make_permalink(state: ViewState, version: int, app_url: str = "") -> str:
    """The URL of ``state`` pinned to data ``version``.

    With ``app_url`` (e.g. ``https://maps.example.org``) the link is
    absolute; without it the link is relative (``?layer=...&v=3``), to be
    appended to the address the app is served from.
    """
    return view_link(format_query(replace(state, version=version)), app_url)


def read_permalink(url: str, vocabulary: Vocabulary | None = None) -> tuple[ViewState, list]:
    """The state of a permalink (full URL, ``?query`` or bare query); bad parameters become notices."""
    return parse_query(url, vocabulary, strict=False)


@dataclass(frozen=True)
class ChangesNotice:
    """What changed in the data between a permalink's version and now.

    Each list holds ``(event id, title)`` pairs; ``added_in_view`` are the
    added or modified events that the permalink's filters select today.
    """

    since: int
    current: int
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    modified: list[tuple[str, str]] = field(default_factory=list)
    in_view: list[tuple[str, str]] = field(default_factory=list)
    unknown_version: bool = False
    # event id -> "retracted on 2026-05-01: reason" / "corrected on ...: reason", for events changed by an editor
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def retracted(self) -> list[tuple[str, str, str]]:
        """``(event id, title, note)`` of the removed events that were retracted."""
        return [(i, t, self.notes[i]) for i, t in self.removed if self.notes.get(i, "").startswith("retracted")]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.modified or self.unknown_version)

    def as_text(self, limit: int = 20) -> str:
        """The notice in plain sentences (escape it before putting it into HTML)."""
        if self.unknown_version:
            return (
                f"This link was made with data version {self.since}, which this copy of the data does not have "
                f"(it is at version {self.current}); the filters are applied to the current data."
            )
        if not self.changed:
            return f"The data has not changed since this link was made (version {self.since})."
        lines = [
            f"The data has changed since this link was made (version {self.since}, now {self.current}); "
            "the filters are applied to the current data."
        ]
        for label, items in (
            ("added", self.added),
            ("removed", self.removed),
            ("modified", self.modified),
        ):
            if items:
                shown = "; ".join(
                    f"{title} ({event_id})" + (f", {self.notes[event_id]}" if event_id in self.notes else "")
                    for event_id, title in items[:limit]
                )
                more = f"; and {len(items) - limit} more" if len(items) > limit else ""
                lines.append(f"{len(items)} event(s) {label}: {shown}{more}.")
        if self.added or self.modified:
            lines.append(f"{len(self.in_view)} of the added or modified events are in this view.")
        return "\n".join(lines)


def describe_changes(
    store: Store,
    state: ViewState,
    events: pd.DataFrame | None = None,
    context: FilterContext | None = None,
) -> ChangesNotice | None:
    """What changed since the state's pinned version, or None when it pins none or is current.

    ``events`` (columns of :data:`geo.store.EVENT_COLUMNS`, default
    ``store.events()``) and ``context`` decide which added events the
    state's filters select today.
    """
    if state.version is None:
        return None
    current = store.data_version()
    if state.version == current:
        return None
    if state.version > current:
        return ChangesNotice(since=state.version, current=current, unknown_version=True)
    changes = store.changes_since(state.version)
    ids = [event_id for kind in ("added", "removed", "modified") for event_id in changes[kind]]
    titles = store.event_titles(ids)
    events = store.events() if events is None else events
    current_titles = dict(zip(events["id"], events["title"]))
    titles.update(current_titles)

    def named(items: list[str]) -> list[tuple[str, str]]:
        return [(event_id, titles.get(event_id, event_id)) for event_id in items]

    fresh = set(changes["added"]) | set(changes["modified"])
    candidates = events[events["id"].isin(fresh)]
    selected = filter_events(candidates, state, context) if len(candidates) else candidates
    from geo.history import notes_since

    return ChangesNotice(
        notes=notes_since(store, state.version),
        since=state.version,
        current=current,
        added=named(changes["added"]),
        removed=named(changes["removed"]),
        modified=named(changes["modified"]),
        in_view=named(list(selected["id"])),
    )
