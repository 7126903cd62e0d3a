"""This tool's own event formats read back in: the exported CSV and GeoJSON (:data:`geo.export.CSV_COLUMNS`)."""

from __future__ import annotations

import datetime as dt
import json
import re

from geo.dataset import parse_actor_roles
from geo.errors import DataFileError, ImportFailed
from geo.intake.rows import MAX_TEXT, ParsedImport, Progress, cell_text, check_coordinates, parse_number, read_rows
from geo.schema import CATEGORIES, DATE_PRECISIONS, EVENT_KINDS, ROLES

__all__ = [
    "GENERIC_REQUIRED",
    "IMPORT_ID",
    "parse_generic",
    "read_csv_records",
    "read_geojson_records",
]


# Fields of the generic formats: the names of this tool's own CSV export.
GENERIC_REQUIRED: list[str] = ["id", "title", "category", "latitude", "longitude"]


_GENERIC_DEFAULT_PRECISION_M = 10_000


IMPORT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")


def read_csv_records(text: str, parsed: ParsedImport) -> list[tuple[int, dict]]:
    _, rows = read_rows(text, parsed.file, GENERIC_REQUIRED, "csv")
    for _, row in rows:
        # A value the export protected against spreadsheet formulas ('=..., '-...) reads back as written.
        for key, value in row.items():
            if value[:2] in ("'=", "'+", "'@", "'-", "'\t", "'\r"):
                row[key] = value[1:]
    return rows


def read_geojson_records(text: str, parsed: ParsedImport) -> list[tuple[int, dict]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{parsed.file}: not JSON ({error.msg} at line {error.lineno}, column {error.colno}); nothing was "
            "imported. Fix: export the file again as GeoJSON"
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed(
            f"{parsed.file}: not a GeoJSON FeatureCollection; nothing was imported. "
            'Fix: give a file of the form {"type": "FeatureCollection", "features": [...]}'
        )
    records = []
    for number, feature in enumerate(document.get("features") or [], start=1):
        if not isinstance(feature, dict):
            records.append((number, {"_geometry_error": "the feature is not an object"}))
            continue
        properties = dict(feature.get("properties") or {})
        geometry = feature.get("geometry") or {}
        record = {key: value for key, value in properties.items() if value is not None}
        record.setdefault("id", feature.get("id"))
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if geometry.get("type") != "Point" or not isinstance(coordinates, list) or len(coordinates) < 2:
            record["_geometry_error"] = "only Point features can be imported"
        else:
            record["longitude"], record["latitude"] = coordinates[0], coordinates[1]
        records.append((number, record))
    return records


def parse_generic(
    records: list[tuple[int, dict]], parsed: ParsedImport, known: dict, progress: Progress | None
) -> None:
    parsed.rows_read = len(records)
    row_word = "feature" if parsed.format == "geojson" else "row"
    new_actors: dict[str, dict] = {}
    seen: dict[str, int] = {}
    total = max(len(records), 1)
    for index, (line, raw) in enumerate(records):
        if progress and index % 2000 == 0:
            progress(0.8 * index / total, f"checked {index} of {len(records)} {row_word}s")
        bad: list[DataFileError] = []

        def add(column, problem, fix, line=line, bad=bad):
            if row_word == "feature":  # GeoJSON has no rows: name the feature instead
                bad.append(DataFileError(f"{parsed.file}, feature {line}", problem, fix, None, column))
            else:
                bad.append(DataFileError(parsed.file, problem, fix, line, column))

        if raw.get("_geometry_error"):
            add("geometry", raw["_geometry_error"], "give a Point geometry with [longitude, latitude]")
            parsed.problems += bad
            continue
        row = {key: cell_text(value) for key, value in raw.items()}
        for column in GENERIC_REQUIRED:
            if not row.get(column):
                add(column, "empty", f"give a {column}")
        event_id = row.get("id", "")
        if event_id and not IMPORT_ID.match(event_id):
            add("id", f"'{event_id[:40]}' is not a usable id", "use letters, digits and - _ . : (at most 128)")
        elif event_id in seen:
            add("id", f"'{event_id}' repeats {row_word} {seen[event_id]}", "give every event its own id")
        elif event_id in known["owners"] and known["owners"][event_id] != parsed.origin:
            add(
                "id",
                f"'{event_id}' already belongs to origin '{known['owners'][event_id]}'",
                "give the event another id, or import it under that origin",
            )
        category = row.get("category", "")
        if category and category not in CATEGORIES:
            add("category", f"'{category}' is not a layer", "use one of: " + ", ".join(CATEGORIES))
        kind = row.get("kind") or "event"
        if kind not in EVENT_KINDS:
            add("kind", f"'{kind}' is not a kind", "use event or site")
        point = None
        if row.get("latitude") and row.get("longitude"):
            point = check_coordinates(row, add)
        dates = []
        for column in ("date_start", "date_end"):
            value = row.get(column, "")
            try:
                dates.append(dt.date.fromisoformat(value) if value else None)
            except ValueError:
                add(column, f"'{value}' is not a date", "write YYYY-MM-DD or leave it empty")
                dates.append(None)
        start, end = dates
        precision = row.get("date_precision") or (
            "undated" if not start and not end else "day" if start == end else "range"
        )
        if precision not in DATE_PRECISIONS:
            add("date_precision", f"'{precision}' is not a date precision", "use one of: " + ", ".join(DATE_PRECISIONS))
        if start and end and end < start:
            add("date_end", "before date_start", "swap the dates")
        precision_text = row.get("location_precision_m") or row.get("precision_m") or ""
        precision_m = _GENERIC_DEFAULT_PRECISION_M
        if precision_text:
            number = parse_number(precision_text, 1, 5_000_000)
            if number is None:
                add("location_precision_m", f"'{precision_text}' is not a distance", "give metres, 1 to 5000000")
            else:
                precision_m = int(number)
        pairs = parse_actor_roles(row.get("actor_roles", ""))
        for actor_id in (a for a in row.get("actors", "").split("|") if a.strip()):
            if actor_id.strip() not in {a for a, _ in pairs}:
                pairs.append((actor_id.strip(), "party"))
        for actor_id, role in pairs:
            if not IMPORT_ID.match(actor_id):
                add("actor_roles", f"'{actor_id[:40]}' is not an actor id", "write actor_id:role pairs separated by |")
            if role not in ROLES:
                add("actor_roles", f"'{role}' is not a role", "use one of: " + ", ".join(ROLES))
        article_id = row.get("source_article") or row.get("article_id") or None
        if article_id and article_id not in known["articles"]:
            add("source_article", f"unknown article '{article_id}'", "leave it empty or ingest the article first")
        source_start, source_end, quote = None, None, row.get("quote") or None
        if article_id and row.get("source_start") and row.get("source_end") and article_id in known["articles"]:
            source_start = parse_number(row["source_start"], 0, 10**9)
            source_end = parse_number(row["source_end"], 0, 10**9)
            if source_start is None or source_end is None or source_end <= source_start:
                add("source_start", "the passage offsets are not a span", "give two offsets, start < end")
        if bad:
            parsed.problems += bad
            continue
        seen[event_id] = line
        for actor_id, _ in pairs:
            if actor_id not in known["actors"] and actor_id not in new_actors:
                new_actors[actor_id] = {
                    "id": actor_id,
                    "name": actor_id,
                    "kind": "group",
                    "description": f"Actor id found in {parsed.file} and not in the store (imported).",
                }
        place_id = row.get("place_id") if row.get("place_id") in known["places"] else None
        route_id = row.get("route_id") if row.get("route_id") in known["routes"] else None
        note = row.get("note") or None
        if not precision_text:
            note = ((note + " ") if note else "") + "Location precision not given in the import; 10 km assumed."
        parsed.events.append(
            {
                "id": event_id,
                "kind": kind,
                "title": row["title"][:200],
                "summary": row.get("summary", "")[:MAX_TEXT] or None,
                "category": category,
                "date_start": start.isoformat() if start else None,
                "date_end": end.isoformat() if end else None,
                "date_precision": precision,
                "place_id": place_id,
                "place_name": row.get("place") or row.get("place_name") or None,
                "route_id": route_id,
                "latitude": round(point[0], 6),
                "longitude": round(point[1], 6),
                "precision_m": precision_m,
                "article_id": article_id,
                "source_start": int(source_start) if source_start is not None else None,
                "source_end": int(source_end) if source_end is not None else None,
                "quote": quote[:MAX_TEXT] if quote else None,
                "note": note,
                "actor_roles": pairs,
                "provenance": json.dumps(
                    {"format": parsed.format, "file": parsed.file, row_word: line}, ensure_ascii=False
                ),
            }
        )
    if new_actors:
        parsed.notices.append(
            f"{len(new_actors)} actor id(s) not in the store were created as placeholder actors: "
            + ", ".join(sorted(new_actors)[:10])
            + (" ..." if len(new_actors) > 10 else "")
        )
    parsed.actors = list(new_actors.values())
