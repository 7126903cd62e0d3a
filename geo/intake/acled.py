"""ACLED (Armed Conflict Location & Event Data) exports: their columns, precision codes, event types and actors.

:func:`iter_acled` turns the rows of an ACLED CSV export into events and actors, one at a time;
the tables here (:data:`TIME_PRECISIONS`, :data:`GEO_PRECISIONS`,
:data:`EVENT_TYPE_LAYERS`) say how each ACLED code becomes our date interval,
location precision and layer. The mapping is documented in the README,
section "Importing event data".
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Iterator

from geo.errors import DataFileError
from geo.intake.actor_links import ActorLinker, inter_kind
from geo.intake.rows import (
    ParsedImport,
    Table,
    _to_json,
    check_coordinates,
    check_dataset_id,
    dataset_event,
    parse_count,
)

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_OPTIONAL_COLUMNS",
    "EVENT_TYPE_LAYERS",
    "GEO_PRECISIONS",
    "TIME_PRECISIONS",
    "acled_date_interval",
    "acled_layer",
    "iter_acled",
    "parse_acled_date",
]


# The ACLED columns an import requires. ACLED exports carry more (year, disorder_type,
# iso, timestamp...): those are ignored, except the optional ACLED_OPTIONAL_COLUMNS.
ACLED_COLUMNS: list[str] = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]

# Read when present: the actor-type codes of actor1 and actor2, which give the actors' kinds.
ACLED_OPTIONAL_COLUMNS: list[str] = ["inter1", "inter2"]


# ACLED time_precision -> (our date_precision, days of margin each side of event_date or None
# for the whole calendar month, meaning). ACLED codes a single event_date in every case; the
# interval we store is the span the true date lies in.
TIME_PRECISIONS: dict[int, tuple[str, int | None, str]] = {
    1: ("day", 0, "the source gives the day: the interval is event_date itself"),
    2: (
        "range",
        6,
        "the source gives a week or a few days, not the day: event_date - 6 .. event_date + 6 days, "
        "which holds the whole week whichever of its days ACLED coded",
    ),
    3: ("month", None, "the source gives only the month: the whole calendar month of event_date"),
}


# ACLED geo_precision -> (our precision_m, meaning). ACLED's point is a town's coordinates.
GEO_PRECISIONS: dict[int, tuple[int, str]] = {
    1: (5_000, "the source names the town (or village): its built-up area, about 5 km"),
    2: (25_000, "near a town or in part of a region: coded to the nearest town, about a township, 25 km"),
    3: (150_000, "only the region or state is known: coded to its capital, about a region, 150 km"),
}


# (event_type, sub_event_type) -> our layer; (event_type, None) is the layer for a
# sub-event type not listed. An event_type not listed here is a bad row.
EVENT_TYPE_LAYERS: dict[tuple[str, str | None], str] = {
    ("Battles", None): "seizures-combat",
    ("Battles", "Armed clash"): "seizures-combat",
    ("Battles", "Government regains territory"): "territorial-control",
    ("Battles", "Non-state actor overtakes territory"): "territorial-control",
    ("Explosions/Remote violence", None): "seizures-combat",
    ("Violence against civilians", None): "seizures-combat",
    ("Riots", None): "seizures-combat",
    ("Protests", None): "diplomacy-sanctions",
    ("Protests", "Excessive force against protesters"): "seizures-combat",
    ("Strategic developments", None): "territorial-control",
    ("Strategic developments", "Agreement"): "diplomacy-sanctions",
    ("Strategic developments", "Disrupted weapons use"): "seizures-combat",
    ("Strategic developments", "Looting/property destruction"): "seizures-combat",
    ("Strategic developments", "Arrests"): "seizures-combat",
}


_ACLED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DATE_PATTERNS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%B %d, %Y", "%Y/%m/%d")


def acled_date_interval(event_date: dt.date, time_precision: int) -> tuple[str, str, str]:
    """(date_start, date_end, date_precision) for an ACLED date and its time_precision."""
    precision, margin, _ = TIME_PRECISIONS[time_precision]
    if margin is None:
        first = event_date.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first.isoformat(), (following - dt.timedelta(days=1)).isoformat(), precision
    delta = dt.timedelta(days=margin)
    return (event_date - delta).isoformat(), (event_date + delta).isoformat(), precision


def acled_layer(event_type: str, sub_event_type: str) -> str | None:
    """Our layer for an ACLED event type and sub-event type, or None for an unknown event type."""
    return EVENT_TYPE_LAYERS.get((event_type, sub_event_type)) or EVENT_TYPE_LAYERS.get((event_type, None))


def parse_acled_date(value: str) -> dt.date | None:
    """The day of a dataset date: ``2025-07-20``, ``2025-07-20T00:00:00Z`` (R, pandas), ``2025-07-20 00:00:00.000``,
    ``20 July 2025``, ``20-July-2025``, ``20 Jul 2025``; None for anything else."""
    text = (value or "").strip()
    match = _ISO_DATE.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    for pattern in _DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _split_actors(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _code(value: str) -> str:
    text = (value or "").strip()
    return text[:-2] if text.endswith(".0") else text


# The columns iter_acled reads, in this order (the optional ones may be absent: they read as empty).
_READ = [
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "admin1", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities", "inter1", "inter2",
]  # fmt: skip


def _row_problems(row: dict, line: int, parsed: ParsedImport, seen: dict, owners: dict) -> list:
    """Every problem of one ACLED row, worded with its fix: the path of the rows that fail a check only."""
    problems: list = []

    def add(column, problem, fix):
        problems.append(DataFileError(parsed.file, problem, fix, line, column))

    raw_id = row.get("event_id_cnty", "")
    if not _ACLED_ID.fullmatch(raw_id):  # not match: "$" lets a final line break through
        add(
            "event_id_cnty",
            f"'{raw_id[:60]}' is not an ACLED event id" if raw_id else "empty",
            "give the id ACLED assigned, e.g. MMR12345",
        )
    else:
        check_dataset_id(add, "event_id_cnty", raw_id, f"acled-{raw_id}", seen, owners, parsed.origin, "ACLED")
    date_text = row.get("event_date", "")
    if parse_acled_date(date_text) is None:
        add(
            "event_date",
            f"'{date_text[:60]}' is not a date" if date_text else "empty",
            "write it as YYYY-MM-DD (a time after it is ignored) or as ACLED does, e.g. 20 July 2025",
        )
    for column, fix in (
        ("time_precision", "use 1 (day), 2 (week) or 3 (month)"),
        ("geo_precision", "use 1 (town), 2 (near a town or part of a region) or 3 (region)"),
    ):
        code = _code(row.get(column, ""))
        if code not in ("1", "2", "3"):
            add(column, f"'{code[:60]}' is not an ACLED {column.replace('_', ' ')}", fix)
    if acled_layer(row.get("event_type", ""), row.get("sub_event_type", "")) is None:
        known = sorted({event_type for event_type, _ in EVENT_TYPE_LAYERS})
        add(
            "event_type",
            f"'{row.get('event_type', '')[:60]}' is not an ACLED event type",
            "use one of: " + ", ".join(known),
        )
    if not row.get("actor1"):
        add("actor1", "empty", "name the first actor as ACLED does")
    if not row.get("location"):
        add("location", "empty", "give the location name")
    check_coordinates(row, add)
    fatalities_text = row.get("fatalities", "")
    if fatalities_text and parse_count(fatalities_text) is None:
        add(
            "fatalities",
            f"'{fatalities_text[:60]}' is not a count",
            "give a whole number of 0 or more (digits 0-9)",
        )
    return problems


def _interval(date_text: str, time_text: str):
    """(date interval, time precision code) of an ACLED date and time precision, or None when either is bad."""
    day, code = parse_acled_date(date_text), _code(time_text)
    if day is None or code not in ("1", "2", "3"):
        return None
    return acled_date_interval(day, int(code)), code


def _point(lat_text: str, lon_text: str):
    """The point of two coordinate cells, or None when check_coordinates refuses them."""
    refused: list = []
    point = check_coordinates({"latitude": lat_text, "longitude": lon_text}, lambda *problem: refused.append(problem))
    return None if refused or point is None else point


def _geo(text: str):
    code = _code(text)
    return (code, *GEO_PRECISIONS[int(code)]) if code in ("1", "2", "3") else None


def _fatalities(text: str):
    """(readable, count): a count, or an empty cell (None); readable False for anything else."""
    count = parse_count(text)
    return (count is not None or not text), count


def _note(event_type: str, sub_event_type: str, fatalities, source, time_code: str, geo_code: str) -> str:
    return (
        f"ACLED: {event_type}, {sub_event_type}. "
        + (f"Fatalities: {fatalities}. " if fatalities is not None else "Fatalities: not given. ")
        + f"Source: {source or 'not given'}. "
        f"Date: {TIME_PRECISIONS[int(time_code)][2]} (time precision {time_code}). "
        f"Location: {GEO_PRECISIONS[int(geo_code)][1]} (geo precision {geo_code})."
    )


def iter_acled(table: Table, parsed: ParsedImport, linker: ActorLinker, owners: dict[str, str]) -> Iterator[dict]:
    """The events of an ACLED table, one at a time; bad rows go to ``parsed.refuse`` with their fixes.

    ``owners`` maps the ids already stored to their origin: an id held by
    another origin is refused. Actors are collected in ``linker``.

    A file of 100,000 rows repeats a few thousand dates, places, sources and actor
    sets: each check and each piece of text is worked out once per distinct value
    (the caches below), and only a row that fails a check is read again, by
    :func:`_row_problems`, to word its problems.
    """
    seen: dict[str, int] = {}
    origin = parsed.origin
    names = table.names
    absent = len(names)  # an optional column the file lacks reads as the empty cell appended to each row
    pick = operator.itemgetter(*(names.index(name) if name in names else absent for name in _READ))
    # one cache per file: each worked out once per distinct value, and let go with the file
    intervals, points, geos = functools.cache(_interval), functools.cache(_point), functools.cache(_geo)
    layers, counts, notes = functools.cache(acled_layer), functools.cache(_fatalities), functools.cache(_note)
    titles = functools.cache(lambda sub_event_type, location: f"{sub_event_type}: {location}")
    places = functools.cache(lambda *parts: ", ".join(dict.fromkeys(p for p in parts if p)))
    file_json = _to_json(parsed.file)
    source_json = functools.cache(lambda source: "null" if source is None else _to_json(source))
    # The four actor cells of a row -> (every name resolved, the roles): a file repeats a few thousand
    # combinations. On a repeat every name is known already, so its kind hint would be ignored anyway.
    actor_sets: dict[tuple[str, str, str, str], tuple[list[str], list]] = {}
    for line, cells in table.cells:
        parsed.rows_read += 1
        cells.append("")
        (
            raw_id, date_text, time_text, event_type, sub_event_type, actor1, assoc_1, actor2, assoc_2, admin1,
            admin3, location, lat_text, lon_text, geo_text, source, notes_text, fatalities_text, inter1, inter2,
        ) = pick(cells)  # fmt: skip
        event_id = "acled-" + raw_id
        dated = intervals(date_text, time_text)
        located = geos(geo_text)
        layer = layers(event_type, sub_event_type)
        point = points(lat_text, lon_text)
        readable, fatalities = counts(fatalities_text)
        if (
            dated is None
            or located is None
            or layer is None
            or point is None
            or not readable
            or not actor1
            or not location
            or event_id in seen
            or owners.get(event_id, origin) != origin
            or not _ACLED_ID.fullmatch(raw_id)  # not match: "$" lets a final line break through
        ):
            cells.pop()
            parsed.refuse(_row_problems(dict(zip(names, cells)), line, parsed, seen, owners))
            continue
        seen[event_id] = line
        actor_cells = (actor1, assoc_1, actor2, assoc_2)
        repeat = actor_sets.get(actor_cells)
        if repeat is not None:
            names_met, actor_roles = repeat
            for name in names_met:  # what resolve counts: one more event for each name met
                linker.counts[name] += 1
            actor_roles = list(actor_roles)
        else:
            names_met, actor_roles = [], []
            for cell, code in zip(actor_cells, (inter1, None, inter2, None), strict=True):
                for name in _split_actors(cell):
                    hint = inter_kind(code, name) if code is not None and not linker.knows(name) else None
                    actor_id = linker.resolve(name, hint)
                    names_met.append(name)
                    # ACLED: actor1 and actor2 do not imply direction (who attacked whom).
                    if (actor_id, "party") not in actor_roles:
                        actor_roles.append((actor_id, "party"))
            actor_sets[actor_cells] = (names_met, list(actor_roles))
        shown_type = sub_event_type or event_type
        source = source or None
        interval, time_code = dated
        geo_code, precision_m, _ = located
        # The provenance as json would write it (the id is plain letters, digits, _ and -: nothing to escape).
        provenance = (
            f'{{"format": "acled", "file": {file_json}, "row": {line}, "event_id_cnty": "{raw_id}", '
            f'"record": {{"dataset": "ACLED", "id": "{raw_id}", "source": {source_json(source)}, '
            f'"fatalities": {"null" if fatalities is None else fatalities}}}}}'
        )
        yield dataset_event(
            event_id=event_id,
            title=titles(shown_type, location),
            summary=notes_text,
            layer=layer,
            dates=interval,
            place_name=places(location, admin3, admin1),
            point=point,
            precision_m=precision_m,
            note=notes(event_type, shown_type, fatalities, source, time_code, geo_code),
            actor_roles=actor_roles,
            provenance=provenance,
        )
