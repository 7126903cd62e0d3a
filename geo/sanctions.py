"""Sanctions statuses of actors: who is sanctioned, by whom, and who is not.

This module owns the reading of the ``sanctions`` table of the store
(curated rows from ``data/sanctions.csv``, validated by :mod:`geo.dataset`,
plus rows imported from OpenSanctions exports by :mod:`geo.intake.opensanctions`)
and everything derived from it: the sets the sanctions filter uses, the
one-line badge shown in popups and tables, the status tables, the "gaps"
table of actors tied to events but not designated by a jurisdiction, and
the date of the sanctions data for captions.

Semantics (documented in data/README.md and the README):

* **sanctioned** means *listed*: an asset freeze or blocking designation.
  A narrower measure in force (an investment ban such as Norinco's US
  NS-CMIC listing, a financial-services, visa or travel ban) is
  *restricted*: shown in badges and tables, never counted as sanctioned.
* For one actor and one jurisdiction the **effective status** is the
  strongest of its rows: listed > restricted > expired > none-found; no
  row at all is "not checked".
* An actor is **assessed** when it has at least one row. Only assessed
  actors can be "not sanctioned" (filter ``sanctions=unlisted``, gaps
  table): we never call an actor unsanctioned when nobody checked.

Every status shown comes from a row that carries its source URLs; text is
plain (callers escape it for HTML).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

from geo.export import csv_safe  # the one CSV-injection guard of the package
from geo.schema import JURISDICTIONS

__all__ = [
    "ACTOR_TABLE_COLUMNS",
    "GAPS_COLUMNS",
    "STATUS_FILTERS",
    "STATUS_RANK",
    "actor_roles",
    "actor_table",
    "actor_table_csv",
    "badge_text",
    "badge_texts",
    "effective_statuses",
    "filter_actor_table",
    "gaps_csv",
    "gaps_table",
    "sanctioned_actors",
    "sanctions_as_of",
    "sanctions_rows",
    "short_name",
    "status_matrix",
    "status_table",
    "status_words",
]

# Strength of a status, to pick the effective one among several rows.
STATUS_RANK: dict[str, int] = {"listed": 3, "restricted": 2, "expired": 1, "none-found": 0}

_SHORT = {"us": "US", "eu": "EU", "uk": "UK", "ca": "Canada", "au": "Australia", "ch": "Switzerland", "nz": "NZ"}

# Columns of gaps_table(), with their meaning (the CSV export's header).
GAPS_COLUMNS: list[tuple[str, str]] = [
    ("actor_id", "Actor id (actors.csv)."),
    ("actor", "Actor name."),
    ("jurisdiction", "The jurisdiction asked about (or 'any')."),
    ("status", "Its status there: none-found, restricted, expired or not checked."),
    ("status_detail", "The measure and date behind a restricted or expired status; the list checked for none-found."),
    ("badge", "The actor's sanctions status everywhere, in one line."),
    ("role", "The actor's role in the event."),
    ("event_id", "Event or site id."),
    ("event_title", "Event title."),
    ("event_date", "Date interval of the event (YYYY-MM-DD..YYYY-MM-DD), empty if undated."),
    ("place", "Place or route name."),
    ("article_id", "Id of the supporting article."),
    ("article_title", "Title of the supporting article."),
    ("article_publisher", "Publisher of the supporting article."),
    ("quote", "The supporting passage, verbatim."),
    ("sanctions_sources", "Sources of the status in this jurisdiction, separated by '|'."),
    ("sanctions_as_of", "Date of the newest source of that status."),
]


def _date_key(value) -> str:
    """Sort key for partial ISO dates: 2025-08 sorts before 2025-08-11."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return (text + "-00-00")[:10] if text else ""


def sanctions_rows(source) -> pd.DataFrame:
    """The sanctions rows of a Store, an Evidence (``.sanctions``) or a frame, as a frame.

    Columns: those of ``data/sanctions.csv`` plus ``origin`` and ``source_row``.
    """
    if isinstance(source, pd.DataFrame):
        frame = source
    elif hasattr(source, "sanctions") and isinstance(getattr(source, "sanctions", None), pd.DataFrame):
        frame = source.sanctions
    elif callable(getattr(source, "sanctions", None)):
        frame = source.sanctions()
    else:
        frame = pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=["actor_id", "jurisdiction", "status", "source_url", "as_of", "origin"])
    return frame.astype(object).where(frame.notna(), None)


def _actor_frame(source) -> pd.DataFrame:
    actors = getattr(source, "actors", None)
    if callable(actors):
        actors = actors()
    return actors if isinstance(actors, pd.DataFrame) else pd.DataFrame(columns=["id", "name", "aliases"])


def short_name(name: str, aliases: str | None) -> str:
    """A label for badges: the first alias when the name is long and the alias shorter (Norinco, MOGE)."""
    first = next((a.strip() for a in str(aliases or "").split("|") if a.strip()), "")
    if len(name) > 30 and first and len(first) < len(name):
        return first
    return name


def effective_statuses(source) -> pd.DataFrame:
    """One row per (actor_id, jurisdiction): the strongest status and the rows behind it.

    Columns: actor_id, jurisdiction, status, listed_on (earliest date of the
    rows with that status), rows (their indices in :func:`sanctions_rows`).
    """
    rows = sanctions_rows(source)
    records = []
    for (actor_id, jurisdiction), group in rows.groupby(["actor_id", "jurisdiction"], sort=True):
        best = max(group["status"], key=lambda s: STATUS_RANK.get(s, -1))
        chosen = group[group["status"] == best]
        dates = sorted((d for d in chosen.get("listed_on", pd.Series(dtype=str)).dropna() if d), key=_date_key)
        # first listed for a designation; the latest measure for a restriction
        date = (dates[0] if best == "listed" else dates[-1]) if dates else None
        records.append(
            {
                "actor_id": actor_id,
                "jurisdiction": jurisdiction,
                "status": best,
                "listed_on": date,
                "rows": list(chosen.index),
            }
        )
    return pd.DataFrame(records, columns=["actor_id", "jurisdiction", "status", "listed_on", "rows"])


def sanctioned_actors(source) -> dict[str, set[str]]:
    """Actor ids by jurisdiction whose effective status is *listed* (asset freeze).

    Keys: every jurisdiction code (``us``, ``eu``...), ``any`` (listed by at
    least one), ``assessed`` (actors with at least one sanctions row: the
    only ones the filter and the gaps table may call not sanctioned) and
    ``restricted:<code>`` (a narrower measure in force, not counted as
    sanctioned).
    """
    result: dict[str, set[str]] = {code: set() for code in JURISDICTIONS}
    result["any"] = set()
    rows = sanctions_rows(source)
    result["assessed"] = set(rows["actor_id"])
    for code in JURISDICTIONS:
        result[f"restricted:{code}"] = set()
    for row in effective_statuses(rows).itertuples():
        if row.status == "listed":
            result.setdefault(row.jurisdiction, set()).add(row.actor_id)
            result["any"].add(row.actor_id)
        elif row.status == "restricted":
            result.setdefault(f"restricted:{row.jurisdiction}", set()).add(row.actor_id)
    return result


def _year(value) -> str:
    text = _date_key(value)
    return text[:4] if text else "date unknown"


def _measure(row) -> str:
    measure = row.get("measure")
    return str(measure) if isinstance(measure, str) and measure else "restriction"


def badge_texts(source) -> dict[str, str]:
    """The badge of every assessed actor (see :func:`badge_text`), computed once."""
    rows = sanctions_rows(source)
    actors = _actor_frame(source)
    labels = {
        a: short_name(str(n), al if isinstance(al, str) else "")
        for a, n, al in zip(actors["id"], actors["name"], actors.get("aliases", pd.Series([None] * len(actors))))
    }
    statuses = effective_statuses(rows)
    badges = {}
    for actor_id, group in statuses.groupby("actor_id", sort=False):
        listed, restricted, not_found = [], [], []
        inferred = False
        unlisted_names: dict[str, list[str]] = {}
        for row in sorted(
            group.itertuples(), key=lambda r: (_date_key(r.listed_on), _jurisdiction_order(r.jurisdiction))
        ):
            name = _SHORT.get(row.jurisdiction, row.jurisdiction.upper())
            behind = rows.loc[row.rows]
            flagged = bool(behind.get("inferred", pd.Series(dtype=object)).isin([1, True, "true"]).any())
            mark = "*" if flagged else ""
            inferred |= flagged
            if row.status == "listed":
                listed.append(f"{name} ({_year(row.listed_on)}{mark})")
                # e.g. the junta: listed as the SAC, but not as its successor, the SSPC
                others = rows[
                    (rows["actor_id"] == actor_id)
                    & (rows["jurisdiction"] == row.jurisdiction)
                    & (rows["status"] == "none-found")
                ]
                for listed_as in others.get("listed_as", pd.Series(dtype=object)).dropna():
                    unlisted_names.setdefault(listed_as, []).append(name)
            elif row.status == "restricted":
                latest = max(behind.to_dict("records"), key=lambda r: _date_key(r.get("listed_on")))
                restricted.append(f"{name} {_measure(latest)} ({_year(latest.get('listed_on'))}{mark})")
            elif row.status == "none-found":
                not_found.append(name + mark)
        parts = []
        if listed:
            parts.append("sanctioned by " + ", ".join(listed))
        parts += restricted
        if not listed:
            parts.append("no asset freeze anywhere" if restricted else "not sanctioned anywhere")
            if not_found:
                parts[-1] += " (checked: " + ", ".join(not_found) + ")"
        elif not_found:
            parts.append("none found in " + ", ".join(not_found))
        parts += [f"not listed as {n} by {', '.join(where)}" for n, where in unlisted_names.items()]
        text = f"{labels.get(actor_id, actor_id)}: " + ", ".join(parts)
        if inferred:
            text += "; * partly inferred"
        badges[actor_id] = text
    return badges


def badge_text(source, actor_id: str) -> str:
    """One line on an actor's sanctions, e.g. "Norinco: US investment ban (2021), no asset freeze anywhere ...".

    ``source`` is a Store or an Evidence. Plain text: escape it for HTML.
    Empty for an actor the sanctions data does not assess. For many actors,
    call :func:`badge_texts` once instead.
    """
    return badge_texts(source).get(actor_id, "")


def _urls(value) -> list[str]:
    return [u.strip() for u in str(value or "").split("|") if u.strip()]


def status_table(source) -> pd.DataFrame:
    """Every sanctions row with the actor's name, jurisdiction name and sources as a list.

    Columns: actor_id, actor, jurisdiction, jurisdiction_name, status, measure,
    listed_as, programme, listed_on, act, list_id, sources (list of URLs),
    inferred (bool), note, as_of, origin, effective (True when the row
    decides the actor's status there).
    """
    rows = sanctions_rows(source).copy()
    names = dict(zip(_actor_frame(source)["id"], _actor_frame(source)["name"]))
    effective = {i for chosen in effective_statuses(rows)["rows"] for i in chosen}
    columns = [
        "actor_id",
        "actor",
        "jurisdiction",
        "jurisdiction_name",
        "status",
        "measure",
        "listed_as",
        "programme",
        "listed_on",
        "act",
        "list_id",
        "sources",
        "inferred",
        "note",
        "as_of",
        "origin",
        "effective",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["actor"] = rows["actor_id"].map(lambda a: names.get(a, a))
    rows["jurisdiction_name"] = rows["jurisdiction"].map(lambda j: JURISDICTIONS.get(j, j))
    rows["sources"] = rows["source_url"].map(_urls)
    rows["inferred"] = rows.get("inferred", pd.Series(0, index=rows.index)).isin([1, True, "true"])
    rows["effective"] = [i in effective for i in rows.index]
    for column in columns:
        if column not in rows:
            rows[column] = None
    order = rows["jurisdiction"].map(_jurisdiction_order)
    rows = rows.assign(_order=order).sort_values(["actor", "_order", "listed_on"], na_position="last")
    return rows[columns].reset_index(drop=True)


def _jurisdiction_order(code: str) -> int:
    codes = list(JURISDICTIONS)
    return codes.index(code) if code in codes else len(codes)


def status_matrix(source) -> pd.DataFrame:
    """One row per assessed actor, one column per jurisdiction: 'listed 2021', 'restricted 2021',
    'none found', or '' (not checked); plus 'badge'."""
    statuses = effective_statuses(source)
    names = dict(zip(_actor_frame(source)["id"], _actor_frame(source)["name"]))
    badges = badge_texts(source)
    records = []
    for actor_id, group in statuses.groupby("actor_id", sort=False):
        record = {"actor_id": actor_id, "actor": names.get(actor_id, actor_id)}
        cells = {row.jurisdiction: row for row in group.itertuples()}
        for code in JURISDICTIONS:
            row = cells.get(code)
            if row is None:
                record[code] = ""
            elif row.status == "none-found":
                record[code] = "none found"
            else:
                record[code] = f"{row.status} {_year(row.listed_on)}"
        record["badge"] = badges.get(actor_id, "")
        records.append(record)
    return pd.DataFrame(records, columns=["actor_id", "actor", *JURISDICTIONS, "badge"]).sort_values("actor")


def _event_date(start, end) -> str:
    start = start if isinstance(start, str) and start else ""
    end = end if isinstance(end, str) and end else ""
    if not start:
        return ""
    return start if start == end else f"{start}..{end}"


def gaps_table(evidence, jurisdiction: str) -> pd.DataFrame:
    """Assessed actors tied to events but not listed by ``jurisdiction`` ('any': listed nowhere).

    One row per (actor, event), columns :data:`GAPS_COLUMNS`, ordered by
    actor then event date. ``evidence`` has ``.events`` (columns of
    :data:`geo.store.EVENT_COLUMNS`: id, title, date_start, date_end,
    place_name, actor_roles, article_id, article_title, article_publisher,
    quote), ``.actors`` and ``.sanctions``; an already filtered Evidence-like
    object gives the gaps of that selection.
    """
    if jurisdiction != "any" and jurisdiction not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction {jurisdiction!r}; use one of {', '.join(JURISDICTIONS)} or any")
    rows = sanctions_rows(evidence)
    sets = sanctioned_actors(rows)
    gaps = sets["assessed"] - sets[jurisdiction]
    statuses = effective_statuses(rows)
    names = dict(zip(_actor_frame(evidence)["id"], _actor_frame(evidence)["name"]))
    badges = badge_texts(evidence)
    records = []
    for event in evidence.events.to_dict("records"):
        for pair in event.get("actor_roles") or []:
            actor_id, _, role = pair.partition(":")
            if actor_id not in gaps:
                continue
            status, detail, sources, as_of = _status_in(rows, statuses, actor_id, jurisdiction)
            records.append(
                {
                    "actor_id": actor_id,
                    "actor": names.get(actor_id, actor_id),
                    "jurisdiction": jurisdiction,
                    "status": status,
                    "status_detail": detail,
                    "badge": badges.get(actor_id, ""),
                    "role": role,
                    "event_id": event["id"],
                    "event_title": event.get("title"),
                    "event_date": _event_date(event.get("date_start"), event.get("date_end")),
                    "place": event.get("place_name"),
                    "article_id": event.get("article_id"),
                    "article_title": event.get("article_title"),
                    "article_publisher": event.get("article_publisher"),
                    "quote": event.get("quote"),
                    "sanctions_sources": "|".join(sources),
                    "sanctions_as_of": as_of,
                    "_date": event.get("date_start") or "9999",
                }
            )
    frame = pd.DataFrame(records, columns=[name for name, _ in GAPS_COLUMNS] + ["_date"])
    frame = frame.sort_values(["actor", "_date", "event_id"], kind="stable").drop(columns="_date")
    return frame.reset_index(drop=True)


def _status_in(rows: pd.DataFrame, statuses: pd.DataFrame, actor_id: str, jurisdiction: str):
    """(status, detail, source URLs, as_of) of an actor in one jurisdiction, or across all for 'any'."""
    mine = statuses[statuses["actor_id"] == actor_id]
    if jurisdiction != "any":
        mine = mine[mine["jurisdiction"] == jurisdiction]
    if mine.empty:
        return "not checked", "", [], ""
    best = max(mine.itertuples(), key=lambda r: STATUS_RANK.get(r.status, -1))
    indices = [i for chosen in mine[mine["status"] == best.status]["rows"] for i in chosen]
    behind = rows.loc[indices]
    sources = list(dict.fromkeys(u for value in behind["source_url"] for u in _urls(value)))
    as_of = max((v for v in behind["as_of"] if isinstance(v, str)), key=_date_key, default="")
    if best.status == "none-found":
        detail = "; ".join(
            (f"{_SHORT.get(r['jurisdiction'], r['jurisdiction'])}: " if jurisdiction == "any" else "")
            + _first_sentence(r.get("note") or r.get("programme") or "")
            for r in behind.to_dict("records")
        )
    else:
        detail = "; ".join(
            f"{_SHORT.get(r['jurisdiction'], r['jurisdiction'])} {_measure(r)} ({r.get('listed_on') or 'date unknown'})"
            for r in behind.to_dict("records")
        )
    return best.status, detail, sources, as_of


def _first_sentence(text: str) -> str:
    head, dot, _ = str(text).partition(". ")
    return head + ("." if dot and not head.endswith(".") else "")


def gaps_csv(gaps: pd.DataFrame) -> str:
    """The gaps table as CSV (header :data:`GAPS_COLUMNS`), safe to open in a spreadsheet."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in GAPS_COLUMNS])
    for row in gaps.to_dict("records"):
        writer.writerow([csv_safe(row.get(name)) for name, _ in GAPS_COLUMNS])
    return buffer.getvalue()


def sanctions_as_of(source) -> str | None:
    """The date of the sanctions data: the newest ``as_of`` among its rows (None without rows).

    For captions: "Sanctions data as of 2025-08-11".
    """
    values: Iterable = sanctions_rows(source).get("as_of", pd.Series(dtype=object))
    dates = [v for v in values if isinstance(v, str) and v]
    return max(dates, key=_date_key) if dates else None


# --------------------------------------------------------------- one row per actor

# What a status filter keeps, in words (keys are the values of filter_actor_table's ``status``).
STATUS_FILTERS: dict[str, str] = {
    "all": "any status",
    "listed": "sanctioned (asset freeze)",
    "not-listed": "not sanctioned (checked, no asset freeze)",
    "not-checked": "not checked",
}

# Columns of actor_table_csv(), with their meaning.
ACTOR_TABLE_COLUMNS: list[tuple[str, str]] = [
    ("actor", "Actor name."),
    ("kind", "Kind of actor: state, military, company, person..."),
    ("roles", "Its roles in the events, most frequent first, separated by '; '."),
    ("events", "Number of events and sites it is tied to."),
    *[(code, f"Status with the {name}, in words.") for code, name in JURISDICTIONS.items()],
    ("sources", "Sources of the statuses, separated by ' | '."),
]


def status_words(status: str | None, listed_on=None, measure=None, inferred: bool = False) -> str:
    """A status in words: 'listed 2022', 'restricted 2021 (investment ban)', 'not listed', 'not checked'."""
    mark = " (inferred)" if inferred else ""
    if status is None or status == "not-checked":
        return "not checked"
    if status == "none-found":
        return "not listed" + mark
    words = f"{status} {_year(listed_on)}" if listed_on else f"{status}, date unknown"
    if status == "restricted" and isinstance(measure, str) and measure:
        words += f" ({measure})"
    return words + mark


def actor_roles(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Actor id -> {role: number of events with that role}, from the events' ``actor_roles``."""
    roles: dict[str, dict[str, int]] = {}
    for pairs in events["actor_roles"]:
        for pair in set(pairs or []):
            actor_id, _, role = str(pair).partition(":")
            counts = roles.setdefault(actor_id, {})
            counts[role or "party"] = counts.get(role or "party", 0) + 1
    return roles


def actor_table(evidence) -> pd.DataFrame:
    """One row per actor tied to an event or assessed: its roles, its events, its status in each jurisdiction.

    ``evidence`` has ``.events`` (id, actors, actor_roles), ``.actors`` (id,
    name, kind) and ``.sanctions``. Columns: actor_id, actor, kind, roles
    (list, most frequent first), events (count), assessed (bool), one column
    per jurisdiction code with the status in words (:func:`status_words`),
    ``status_<code>`` with its code (listed, restricted, expired, none-found,
    not-checked), sources (list of URLs, deduplicated) and badge. Ordered by
    number of events, then name.
    """
    rows = sanctions_rows(evidence)
    statuses = effective_statuses(rows)
    actors = _actor_frame(evidence)
    kinds = dict(zip(actors["id"], actors.get("kind", pd.Series([None] * len(actors)))))
    names = dict(zip(actors["id"], actors["name"]))
    roles = actor_roles(evidence.events)
    counts: dict[str, int] = {}
    for ids in evidence.events["actors"]:
        for actor_id in set(ids or []):
            counts[actor_id] = counts.get(actor_id, 0) + 1
    badges = badge_texts(evidence)
    cells = {(r.actor_id, r.jurisdiction): r for r in statuses.itertuples()}
    inferred = rows.get("inferred", pd.Series(dtype=object)).isin([1, True, "true"])
    records = []
    for actor_id in sorted(
        set(counts) | set(rows["actor_id"]), key=lambda a: (-counts.get(a, 0), str(names.get(a, a)))
    ):
        record = {
            "actor_id": actor_id,
            "actor": names.get(actor_id, actor_id),
            "kind": kinds.get(actor_id) or "",
            "roles": sorted(roles.get(actor_id, {}), key=lambda r: (-roles[actor_id][r], r)),
            "events": counts.get(actor_id, 0),
            "assessed": actor_id in set(rows["actor_id"]),
        }
        sources: list[str] = []
        for code in JURISDICTIONS:
            cell = cells.get((actor_id, code))
            if cell is None:
                record[code], record[f"status_{code}"] = status_words(None), "not-checked"
                continue
            behind = rows.loc[cell.rows]
            latest = max(behind.to_dict("records"), key=lambda r: _date_key(r.get("listed_on")))
            record[code] = status_words(
                cell.status, cell.listed_on, latest.get("measure"), bool(inferred.loc[cell.rows].any())
            )
            record[f"status_{code}"] = cell.status
            sources += [u for value in behind["source_url"] for u in _urls(value)]
        record["sources"] = list(dict.fromkeys(sources))
        record["badge"] = badges.get(actor_id, "")
        records.append(record)
    columns = [
        "actor_id", "actor", "kind", "roles", "events", "assessed",
        *JURISDICTIONS, *(f"status_{code}" for code in JURISDICTIONS), "sources", "badge",
    ]  # fmt: skip
    return pd.DataFrame(records, columns=columns)


def filter_actor_table(
    table: pd.DataFrame, roles: Iterable[str] = (), jurisdiction: str = "any", status: str = "all"
) -> pd.DataFrame:
    """The rows of :func:`actor_table` with any of ``roles`` (none: all) and ``status`` in ``jurisdiction``.

    ``status`` is a key of :data:`STATUS_FILTERS`. "not-listed" keeps only
    actors that were checked in ``jurisdiction`` and are not listed there
    (not listed, restricted or expired; "any": assessed somewhere and listed
    nowhere), never an actor nobody checked; "not-checked" keeps the actors
    with no row for that jurisdiction ("any": not assessed at all).
    """
    if jurisdiction != "any" and jurisdiction not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction {jurisdiction!r}; use one of {', '.join(JURISDICTIONS)} or any")
    if status not in STATUS_FILTERS:
        raise ValueError(f"unknown status filter {status!r}; use one of {', '.join(STATUS_FILTERS)}")
    wanted = set(roles)
    keep = table["roles"].map(lambda have: bool(wanted.intersection(have))) if wanted else pd.Series(True, table.index)
    codes = [jurisdiction] if jurisdiction != "any" else list(JURISDICTIONS)
    statuses = table[[f"status_{c}" for c in codes]]
    listed = (statuses == "listed").any(axis=1)
    if status == "listed":
        keep &= listed
    elif status == "not-listed":
        checked = (statuses != "not-checked").all(axis=1) if jurisdiction != "any" else table["assessed"]
        keep &= checked & ~listed
    elif status == "not-checked":
        keep &= (statuses == "not-checked").all(axis=1) if jurisdiction != "any" else ~table["assessed"]
    return table[keep]


def actor_table_csv(table: pd.DataFrame) -> str:
    """Rows of :func:`actor_table` as CSV (header :data:`ACTOR_TABLE_COLUMNS`), safe to open in a spreadsheet."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in ACTOR_TABLE_COLUMNS])
    for row in table.to_dict("records"):
        values = {**row, "roles": "; ".join(row["roles"]), "sources": " | ".join(row["sources"])}
        writer.writerow([csv_safe(values.get(name)) for name, _ in ACTOR_TABLE_COLUMNS])
    return buffer.getvalue()
