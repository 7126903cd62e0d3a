"""This tool's own event formats read back in: the exported CSV and GeoJSON (:data:`geo.export.CSV_COLUMNS`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from geo.dataset import parse_actor_roles
from geo.errors import DataFileError, ImportFailed
from geo.intake.rows import (
    MAX_TEXT,
    ParsedImport,
    Table,
    cell_text,
    check_coordinates,
    decode_import,
    is_missing_cell,
    parse_number,
)
from geo.schema import CATEGORIES, DATE_PRECISIONS, EVENT_KINDS, ROLES

__all__ = [
    "GENERIC_REQUIRED",
    "IMPORT_ID",
    "MAX_GEOJSON_BYTES",
    "iter_generic",
    "read_csv_records",
    "read_geojson_records",
]


# Fields of the generic formats: the names of this tool's own CSV export.
GENERIC_REQUIRED: list[str] = ["id", "title", "category", "latitude", "longitude"]


_GENERIC_DEFAULT_PRECISION_M = 10_000


IMPORT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")


def read_csv_records(table: Table) -> Iterator[tuple[int, dict]]:
    """The rows of a CSV in this tool's export format, as they stream."""
    for line, row in table.rows:
        # A value the export protected against spreadsheet formulas ('=..., '-...) reads back as written.
        for key, value in row.items():
            if value[:2] in ("'=", "'+", "'@", "'-", "'\t", "'\r"):
                row[key] = value[1:]
        yield line, row


# A GeoJSON file is read whole (JSON has no rows to stream): this is the largest one an import reads.
MAX_GEOJSON_BYTES = 256 * 1024 * 1024


def read_geojson_records(binary: BinaryIO, parsed: ParsedImport) -> list[tuple[int, dict]]:
    """The features of a GeoJSON FeatureCollection as records; a broken feature becomes a record with its error."""
    data = binary.read(MAX_GEOJSON_BYTES + 1)
    if len(data) > MAX_GEOJSON_BYTES:
        raise ImportFailed(
            f"{parsed.file}: larger than {MAX_GEOJSON_BYTES // 2**20} MB, the largest GeoJSON file an import reads; "
            "nothing was imported. Fix: export the events as CSV (which streams, with no size limit) or split the file"
        )
    text = decode_import(data, parsed.file)
    del data
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{parsed.file}: not JSON ({error.msg} at line {error.lineno}, column {error.colno}); nothing was "
            "imported. Fix: export the file again as GeoJSON"
        ) from None
    except RecursionError:
        raise ImportFailed(
            f"{parsed.file}: the JSON is nested too deeply to read (arrays or objects inside each other "
            "thousands of levels deep); nothing was imported. Fix: export the file again as GeoJSON: a feature "
            "needs only a few levels"
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed(
            f"{parsed.file}: not a GeoJSON FeatureCollection; nothing was imported. "
            'Fix: give a file of the form {"type": "FeatureCollection", "features": [...]}'
        )
    features = document.get("features")
    if features is None:
        features = []
    if not isinstance(features, list):
        raise ImportFailed(
            f'{parsed.file}: its "features" member is {type(features).__name__}, not a list of features; nothing '
            'was imported. Fix: give "features": [ {"type": "Feature", ...}, ... ]'
        )
    records = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            records.append((number, {"_geometry_error": "the feature is not an object"}))
            continue
        properties = feature.get("properties")
        geometry = feature.get("geometry")
        if properties is not None and not isinstance(properties, dict):
            records.append(
                (number, {"_properties_error": f"its properties are a {type(properties).__name__}, not an object"})
            )
            continue
        record = {key: value for key, value in (properties or {}).items() if not is_missing_cell(value)}
        if (
            "id" not in record
            and not is_missing_cell(feature.get("id"))
            and not isinstance(feature.get("id"), (dict, list))
        ):
            record["id"] = feature.get("id")
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coordinates, list)
            or len(coordinates) < 2
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates[:2])
        ):
            record["_geometry_error"] = "only Point features with two numbers [longitude, latitude] can be imported"
        else:
            record["longitude"], record["latitude"] = coordinates[0], coordinates[1]
        records.append((number, record))
    return records


def iter_generic(records: Iterable[tuple[int, dict]], parsed: ParsedImport, known: dict) -> Iterator[dict]:
    """The events of this tool's CSV or GeoJSON records, one at a time; bad rows go to ``parsed.refuse``.

    New actor ids become placeholder actors in ``parsed.actors`` (filled as the rows stream).
    """
    row_word = "feature" if parsed.format == "geojson" else "row"
    new_actors: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for line, raw in records:
        parsed.rows_read += 1
        bad: list[DataFileError] = []

        def add(column, problem, fix, line=line, bad=bad):
            if row_word == "feature":  # GeoJSON has no rows: name the feature instead
                bad.append(DataFileError(f"{parsed.file}, feature {line}", problem, fix, None, column))
            else:
                bad.append(DataFileError(parsed.file, problem, fix, line, column))

        if raw.get("_properties_error"):
            add("properties", raw["_properties_error"], 'give "properties": {"title": ..., "category": ...}')
            parsed.refuse(bad)
            continue
        if raw.get("_geometry_error"):
            add("geometry", raw["_geometry_error"], "give a Point geometry with [longitude, latitude]")
            parsed.refuse(bad)
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
            parsed.refuse(bad)
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
                parsed.actors.append(new_actors[actor_id])
        place_id = row.get("place_id") if row.get("place_id") in known["places"] else None
        route_id = row.get("route_id") if row.get("route_id") in known["routes"] else None
        note = row.get("note") or None
        if not precision_text:
            note = ((note + " ") if note else "") + "Location precision not given in the import; 10 km assumed."
        yield (
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
