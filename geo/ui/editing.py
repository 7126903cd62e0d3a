"""Editing on screen: the correction form, the retraction, an event's history, and the log of changes.

Every text an editor types and every stored text shown here goes through
the one escaping path (:func:`geo.escaping.escape_markdown`, or plain
``st.text``/dataframes). Writes run in the buttons' callbacks (before the page
runs, so no rerun can drop a click), are refused for anyone who may not
write, and record the signed-in account.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.errors import GeoError
from geo.escaping import escape_markdown
from geo.evidence import Evidence, open_store
from geo.history import audit_log, correct_event, event_history, read_event, retract_event, undo_version
from geo.schema import CATEGORIES, DATE_PRECISIONS, ROLES
from geo.ui.access import current_access
from geo.ui.loaders import cached_store, reader_labels, settings

__all__ = ["CORRECT_PAGE", "render_audit_log", "render_correction", "render_event_history", "render_event_tools"]

CORRECT_PAGE = "pages/85_correct.py"
_FLASH = "_geo_editing_done"  # what the last write did, shown after the rerun that follows it
_CHANGE_WORDS = {
    "added": "added",
    "modified": "updated by its source",
    "corrected": "corrected",
    "retracted": "retracted",
    "removed": "removed",
    "restored": "restored",
}
_ACTION_WORDS = {
    "load": "curated data loaded",
    "ingest": "article added",
    "import": "events imported",
    "correct": "event corrected",
    "retract": "event retracted",
    "undo": "import undone",
    "remove": "events removed",
    "sanctions": "sanctions updated",
    "restore": "store restored from a backup",
    "add": "events added",
}


def _store():
    config = settings()
    return cached_store(config.store_location, str(config.data_dir))


_FIELD_WORDS = {
    "category": "layer", "date_start": "first day", "date_end": "last day", "date_precision": "date precision",
    "place_id": "place", "place_name": "place name", "latitude": "point", "longitude": "point",
    "precision_m": "location precision", "actor_roles": "actors and roles", "article_id": "source article",
    "source_start": "passage", "source_end": "passage", "route_id": "line",
}  # fmt: skip


def render_event_history(event_id: str, show_accounts: bool | None = None) -> None:
    """An event's versions, oldest first: what happened, when, why, and (for editors) who."""
    show_accounts = current_access().can_write if show_accounts is None else show_accounts
    lines = []
    for item in event_history(_store(), event_id):
        words = [item.at.replace("T", " ")[:16] + " UTC", _CHANGE_WORDS.get(item.change, item.change)]
        if show_accounts:
            words[-1] += f" by {item.account or 'an unrecorded account'}"
        if item.reason or item.description:
            words.append(f"why: {item.reason or item.description}")
        fields = list(dict.fromkeys(_FIELD_WORDS.get(f, f.replace("_", " ")) for f in item.changed_fields))
        if fields:
            words.append("changed: " + ", ".join(fields))
        lines.append(f"{item.revision}. " + escape_markdown(" · ".join(words)))
    st.markdown("\n".join(lines) if lines else "No versions recorded.")


def render_event_tools(event_id: str) -> None:
    """Under an event's details: its history, and for editors the way to correct or retract it."""
    access = current_access()
    with st.expander("History of this event"):
        render_event_history(event_id, show_accounts=access.can_write)
    if access.can_write:
        st.page_link(CORRECT_PAGE, label="Correct or retract", icon=":material/edit:", query_params={"event": event_id})


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _show_flash() -> None:
    done = st.session_state.pop(_FLASH, None)
    if done:
        ok, text = done
        (st.success if ok else st.error)(text, icon=":material/check:" if ok else ":material/error:")


def _write(what: str, write) -> None:
    """Run ``write(store)`` as the signed-in editor (in a callback, before the page runs); the outcome is flashed."""
    access = current_access()
    if not access.can_write:
        st.session_state[_FLASH] = (False, access.refusal(what))
        return
    try:
        message = write(open_store(settings()).acting_as(access.account or ""))
    except GeoError as error:
        st.session_state[_FLASH] = (False, str(error))
    else:
        st.session_state[_FLASH] = (True, message)


def _actor_rows(event: dict, names: dict[str, str]) -> pd.DataFrame:
    rows = [{"Actor": names.get(a, a), "Role": r or None} for a, r in event["actor_roles"]]
    return pd.DataFrame(rows, columns=["Actor", "Role"])


def _edited_actor_roles(event: dict, names: dict[str, str], edits: dict) -> list[tuple[str, str]]:
    """The event's (actor id, role) pairs after the table's edits (st.data_editor's edited, added and deleted rows)."""
    by_name: dict[str, str] = {}
    for actor_id, name in names.items():
        by_name.setdefault(name, actor_id)
    rows = _actor_rows(event, names).to_dict("records")
    for index, change in (edits.get("edited_rows") or {}).items():
        rows[int(index)].update(change)
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    rows = [row for i, row in enumerate(rows) if i not in deleted] + list(edits.get("added_rows") or [])
    pairs = []
    for row in rows:
        name = row.get("Actor")
        if name in by_name:
            pairs.append((by_name[name], row.get("Role") or ""))
    return pairs


def _store_correction(event: dict, place_ids: list[str], key: str, evidence: Evidence) -> None:
    ss = st.session_state
    start, _, end = str(ss[f"{key}_span"]).partition("-")
    place = ss[f"{key}_place"]
    actors = _edited_actor_roles(event, reader_labels(evidence), ss.get(f"{key}_actors") or {})
    changes = {
        "title": str(ss[f"{key}_title"]).strip(),
        "summary": str(ss[f"{key}_summary"]).strip() or None,
        "category": ss[f"{key}_layer"],
        "date_precision": ss[f"{key}_precision"],
        "date_start": str(ss[f"{key}_start"]).strip() or None,
        "date_end": str(ss[f"{key}_end"]).strip() or None,
        "place_id": place or None,
        "precision_m": int(ss[f"{key}_metres"]),
        "actor_roles": actors,
        "article_id": ss[f"{key}_article"] or None,
        "source_start": int(start) if start.strip().isdigit() else None,
        "source_end": int(end) if end.strip().isdigit() else None,
    }
    if not place:
        changes.update(latitude=float(ss[f"{key}_lat"]), longitude=float(ss[f"{key}_lon"]))
    if changes["place_id"] == event["place_id"]:
        changes.pop("place_id")
    changes = {k: v for k, v in changes.items() if v != event.get(k)}

    def write(store) -> str:
        version = correct_event(store, event["id"], changes, ss[f"{key}_reason"])
        return f"Correction stored as data version {version}; the map shows it now."

    _write("correct events", write)


def _retract(event_id: str, key: str) -> None:
    def write(store) -> str:
        version = retract_event(store, event_id, st.session_state[f"{key}_retract_reason"])
        return f"Retracted as data version {version}: it has left the map and the exports."

    _write("retract events", write)


def _undo(version: int) -> None:
    def write(store) -> str:
        changes = undo_version(store, version, st.session_state["geo_undo_reason"])
        return f"Undone: {len(changes['removed'])} event(s) removed, {len(changes['modified'])} restored."

    _write("undo imports", write)


def render_correction(evidence: Evidence, event_id: str) -> None:
    """The correction form and the retraction of one event, then its history."""
    _show_flash()
    event = read_event(_store(), event_id)
    if event is None:
        st.warning("There is no such event in the store.")
        return
    st.subheader(escape_markdown(event["title"]), anchor=False)
    if event["retracted_at"]:
        st.info(f"Retracted on {event['retracted_at'][:10]}: {escape_markdown(event['retraction_reason'] or '')}")
        render_event_history(event_id)
        return
    places = evidence.places.sort_values("name")
    place_ids = ["", *places["id"]]
    place_names = dict(zip(places["id"], places["name"]))
    articles = dict(zip(evidence.articles["id"], evidence.articles["title"]))
    key = f"geo_correct_{event_id}"
    with st.form(key):
        st.text_input("Title", value=event["title"], key=f"{key}_title")
        st.text_area("Summary", value=_text(event["summary"]), key=f"{key}_summary", height=90)
        left, right = st.columns(2)
        layers = list(CATEGORIES)
        left.selectbox(
            "Layer", layers, index=layers.index(event["category"]), format_func=CATEGORIES.get, key=f"{key}_layer"
        )
        precisions = list(DATE_PRECISIONS)
        right.selectbox(
            "Date precision", precisions, index=precisions.index(event["date_precision"]), key=f"{key}_precision"
        )
        left.text_input("First day (YYYY-MM-DD)", value=_text(event["date_start"]), key=f"{key}_start")
        right.text_input("Last day (YYYY-MM-DD)", value=_text(event["date_end"]), key=f"{key}_end")
        left.selectbox(
            "Place (from the gazetteer; empty: the point below)",
            place_ids,
            index=place_ids.index(event["place_id"]) if event["place_id"] in place_ids else 0,
            format_func=lambda pid: place_names.get(pid, "(a point of its own)"),
            key=f"{key}_place",
        )
        right.number_input(
            "Location precision (m)", 1, 2_000_000, value=int(event["precision_m"] or 1000), key=f"{key}_metres"
        )
        left.number_input("Latitude", -90.0, 90.0, value=float(event["latitude"] or 0), format="%.5f", key=f"{key}_lat")
        right.number_input(
            "Longitude", -180.0, 180.0, value=float(event["longitude"] or 0), format="%.5f", key=f"{key}_lon"
        )
        actor_names = reader_labels(evidence)
        st.caption("Actors and their roles: pick from the lists; add a row at the bottom, or select rows to delete.")
        st.data_editor(
            _actor_rows(event, actor_names),
            column_config={
                "Actor": st.column_config.SelectboxColumn(
                    "Actor", options=sorted(set(actor_names.values())), required=True
                ),
                "Role": st.column_config.SelectboxColumn("Role", options=list(ROLES)),
            },
            num_rows="dynamic",
            hide_index=True,
            key=f"{key}_actors",
        )
        article_ids = ["", *articles]
        left.selectbox(
            "Source article",
            article_ids,
            index=article_ids.index(event["article_id"]) if event["article_id"] in article_ids else 0,
            format_func=lambda aid: articles.get(aid, "(none)"),
            key=f"{key}_article",
        )
        right.text_input(
            "Passage (start-end character offsets in the article)",
            value=f"{event['source_start']}-{event['source_end']}" if event["source_start"] is not None else "",
            key=f"{key}_span",
        )
        st.text_input("Why this correction (kept in the event's history)", key=f"{key}_reason")
        st.form_submit_button(
            "Store the correction", type="primary", on_click=_store_correction, args=(event, place_ids, key, evidence)
        )
    with st.expander("Retract this event"):
        st.caption(
            "A retracted event leaves the map and the exports; its history stays, and links made before say why."
        )
        st.text_input("Why it is retracted", key=f"{key}_retract_reason")
        st.button("Retract", key=f"{key}_retract", icon=":material/delete:", on_click=_retract, args=(event_id, key))
    st.markdown("**History**")
    render_event_history(event_id)


def render_audit_log() -> None:
    """The latest writes, filterable by account and kind; admins can undo an import from here."""
    _show_flash()
    store = _store()
    log = audit_log(store, limit=2000)
    left, right = st.columns(2)
    accounts = sorted({a for a in log["account"] if isinstance(a, str)})
    account = left.selectbox(
        "Account", ["", *accounts], format_func=lambda a: a or "every account", key="geo_log_account"
    )
    kinds = sorted({a for a in log["action"] if isinstance(a, str)})
    kind = right.selectbox(
        "Kind of change",
        ["", *kinds],
        format_func=lambda k: _ACTION_WORDS.get(k, k) or "every kind",
        key="geo_log_kind",
    )
    shown = audit_log(store, account=account or None, action=kind or None, limit=500)
    table = pd.DataFrame(
        {
            "version": shown["version"],
            "when": shown["created_at"].str.replace("T", " ").str[:16],
            "who": shown["account"].fillna("not recorded"),
            "what": shown["action"].map(lambda a: _ACTION_WORDS.get(a, a)),
            "events": shown["events"],
            "description": shown["description"],
            "undone by version": shown["undone_by"].astype("Int64"),
        }
    )
    st.caption(f"{len(table)} change(s) shown, newest first.")
    st.dataframe(table, hide_index=True, key="geo_log_table")
    access = current_access()
    imports = log[(log["action"] == "import") & log["undone_by"].isna()]
    if not access.can_administer or imports.empty:
        return
    st.subheader("Undo an import", anchor=False)
    choice = st.selectbox(
        "Import",
        list(imports["version"]),
        format_func=lambda v: f"version {v}: {imports.set_index('version').loc[v, 'description']}",
        key="geo_undo_version",
    )
    st.text_input("Why it is undone", key="geo_undo_reason")
    st.button("Undo this import", key="geo_undo", icon=":material/undo:", on_click=_undo, args=(int(choice),))
