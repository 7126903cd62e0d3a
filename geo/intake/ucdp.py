"""UCDP GED (the Uppsala Georeferenced Event Dataset) in its CSV layout: columns, precision codes, sides, deaths.

:func:`iter_ucdp` turns the rows of a GED CSV (the official download, or a
re-save from R or pandas) into events; the tables here say how each UCDP code
becomes our location precision (:data:`WHERE_PRECISIONS`), date precision
(:data:`DATE_PRECISIONS`) and layer (:data:`VIOLENCE_TYPES`). The mapping is
documented in the README, section "Importing event data", beside ACLED's.

Each event keeps UCDP's death estimates (``best``, ``low``, ``high``) and its
source text (``source_headline``, ``source_article``, ``source_original``,
``source_office``) in its note and in the ``record`` of its provenance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from geo.intake.acled import parse_acled_date
from geo.intake.actor_links import ActorLinker
from geo.intake.rows import (
    ParsedImport,
    Table,
    check_coordinates,
    check_dataset_id,
    checked_rows,
    dataset_event,
    parse_count,
)

__all__ = [
    "DATE_PRECISIONS",
    "UCDP_COLUMNS",
    "UCDP_OPTIONAL_COLUMNS",
    "VIOLENCE_TYPES",
    "WHERE_PRECISIONS",
    "iter_ucdp",
    "ucdp_date_interval",
]


# The GED columns an import requires; the other GED columns are ignored, except UCDP_OPTIONAL_COLUMNS.
UCDP_COLUMNS: list[str] = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "best",
]

# Read when present: place names, the source text, the low and high death estimates.
UCDP_OPTIONAL_COLUMNS: list[str] = [
    "relid",
    "conflict_name",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "country",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "low",
    "high",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
]

# GED where_prec -> (our precision_m, meaning, from the GED codebook).
WHERE_PRECISIONS: dict[int, tuple[int, str]] = {
    1: (2_000, "the exact location (a village or town) is known"),
    2: (25_000, "within about 25 km of a named place"),
    3: (50_000, "only the second-order administrative division (district) is known: its centroid"),
    4: (150_000, "only the first-order division (state or region) is known: its centroid"),
    5: (250_000, "a part of the country larger than a state or region, between places, or vague"),
    6: (500_000, "only the country is known: its centroid"),
    7: (100_000, "over water or in international airspace"),
}

# GED date_prec -> (our date_precision, meaning). The interval stored is UCDP's date_start..date_end,
# widened to the whole month (4) or year (5).
DATE_PRECISIONS: dict[int, tuple[str, str]] = {
    1: ("day", "the exact day is known"),
    2: ("range", "a span of 2 to 6 days is known: date_start .. date_end"),
    3: ("range", "only the week is known: date_start .. date_end"),
    4: ("month", "only the month is known: the whole calendar month"),
    5: ("year", "only the year is known: the whole calendar year"),
}

# GED type_of_violence -> (words, our layer, kind of side_a, kind of side_b).
VIOLENCE_TYPES: dict[int, tuple[str, str, str, str]] = {
    1: ("State-based armed conflict", "seizures-combat", "state", "armed-resistance"),
    2: ("Non-state conflict", "seizures-combat", "armed-resistance", "armed-resistance"),
    3: ("One-sided violence", "seizures-combat", "armed-resistance", "group"),
}

_UCDP_ID = re.compile(r"^[0-9]{1,12}$")


def ucdp_date_interval(start: dt.date, end: dt.date, date_prec: int) -> tuple[str, str, str]:
    """(date_start, date_end, date_precision) for UCDP's dates and its date_prec."""
    precision = DATE_PRECISIONS[date_prec][0]
    if precision == "day" and start != end:
        precision = "range"
    if precision == "month":
        start = start.replace(day=1)
        following = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = following - dt.timedelta(days=1)
    elif precision == "year":
        start, end = start.replace(month=1, day=1), end.replace(month=12, day=31)
    return start.isoformat(), end.isoformat(), precision


def _code(value: str) -> int | None:
    """A GED code or id (``4``, ``4.0``), or None."""
    return parse_count(value)


def _clean_space(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def iter_ucdp(table: Table, parsed: ParsedImport, linker: ActorLinker, owners: dict[str, str]) -> Iterator[dict]:
    """The events of a UCDP GED table, one at a time; bad rows go to ``parsed.refuse`` with their fixes."""
    seen: dict[str, int] = {}
    for line, row, bad, add in checked_rows(table, parsed):
        ged_id = _code(row.get("id", ""))
        event_id = f"ucdp-{ged_id}"
        if ged_id is None or not _UCDP_ID.match(str(ged_id)):
            add(
                "id",
                f"'{row.get('id', '')[:60]}' is not a GED event id" if row.get("id") else "empty",
                "give the id UCDP assigned (a number)",
            )
        else:
            check_dataset_id(add, "id", str(ged_id), event_id, seen, owners, parsed.origin, "GED")
        violence = _code(row.get("type_of_violence", ""))
        if violence not in VIOLENCE_TYPES:
            add(
                "type_of_violence",
                f"'{row.get('type_of_violence', '')[:60]}' is not a GED type of violence",
                "use 1 (state-based), 2 (non-state) or 3 (one-sided)",
            )
        where_prec = _code(row.get("where_prec", ""))
        if where_prec not in WHERE_PRECISIONS:
            add("where_prec", f"'{row.get('where_prec', '')[:60]}' is not a GED location precision", "use 1 to 7")
        date_prec = _code(row.get("date_prec", ""))
        if date_prec not in DATE_PRECISIONS:
            add("date_prec", f"'{row.get('date_prec', '')[:60]}' is not a GED date precision", "use 1 to 5")
        dates = []
        for column in ("date_start", "date_end"):
            value = parse_acled_date(row.get(column, ""))
            if value is None:
                add(
                    column,
                    f"'{row.get(column, '')[:60]}' is not a date" if row.get(column) else "empty",
                    "write YYYY-MM-DD (UCDP writes 2023-11-07 00:00:00.000; the time is ignored)",
                )
            dates.append(value)
        if dates[0] and dates[1] and dates[1] < dates[0]:
            add("date_end", "before date_start", "swap the dates")
        if not row.get("side_a"):
            add("side_a", "empty", "name side A as UCDP does")
        if not row.get("side_b"):
            add("side_b", "empty", "name side B as UCDP does")
        point = check_coordinates(row, add)
        deaths = {}
        for column in ("best", "low", "high"):
            text = row.get(column, "")
            deaths[column] = parse_count(text)
            if (text or column == "best") and deaths[column] is None:
                add(column, f"'{text[:60]}' is not a count" if text else "empty", "give a whole number of 0 or more")
        if bad:
            parsed.refuse(bad)
            continue
        seen[event_id] = line
        words, layer, kind_a, kind_b = VIOLENCE_TYPES[violence]
        actor_roles = []
        for column, kind in (("side_a", kind_a), ("side_b", kind_b)):
            name = row[column]
            if column == "side_a" and violence != 2 and name.lower().startswith("government of"):
                kind = "state"  # UCDP: side A of state-based conflict is a government
            actor_id = linker.resolve(name, kind)
            if (actor_id, "party") not in actor_roles:
                actor_roles.append((actor_id, "party"))
        place = _clean_space(row.get("where_coordinates", "")) or _clean_space(row.get("adm_2", ""))
        place = place or _clean_space(row.get("adm_1", "")) or f"{row['latitude']}, {row['longitude']}"
        place_parts = list(dict.fromkeys(p for p in (place, _clean_space(row.get("adm_1", ""))) if p))
        headline = _clean_space(row.get("source_headline", ""))
        article = _clean_space(row.get("source_article", ""))
        offices = [_clean_space(part) for part in row.get("source_office", "").split(";")]
        source = "; ".join(dict.fromkeys(part for part in offices if part)) or None
        original = _clean_space(row.get("source_original", "")) or None
        low, high = deaths["low"], deaths["high"]
        estimate = f"Deaths: best estimate {deaths['best']}" + (
            f" (low {low}, high {high})" if low is not None and high is not None else ""
        )
        note = (
            f"UCDP GED: {words}"
            + (f" ({_clean_space(row.get('conflict_name', ''))})" if row.get("conflict_name") else "")
            + f". {estimate}. Source: {source or 'not given'}"
            + (f"; original source: {original}" if original else "")
            + "."
            + (f" Articles: {article}." if article else "")
            + f" Date: {DATE_PRECISIONS[date_prec][1]} (date precision {date_prec})."
            + f" Location: {WHERE_PRECISIONS[where_prec][1]} (location precision {where_prec})"
            + (f": {_clean_space(row['where_description'])}" if row.get("where_description") else "")
            + "."
        )
        record = {
            "dataset": "UCDP GED",
            "id": str(ged_id),
            "source": source,
            "source_original": original,
            "source_text": article or None,
            "fatalities": deaths["best"],
            "fatalities_low": low,
            "fatalities_high": high,
        }
        yield dataset_event(
            event_id=event_id,
            title=f"{words}: {place}",
            summary=headline,
            layer=layer,
            dates=ucdp_date_interval(dates[0], dates[1], date_prec),
            place_name=", ".join(place_parts),
            point=point,
            precision_m=WHERE_PRECISIONS[where_prec][0],
            note=note,
            actor_roles=actor_roles,
            provenance={"format": "ucdp", "file": parsed.file, "row": line, "ged_id": str(ged_id), "record": record},
        )
