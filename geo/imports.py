"""Imports of event datasets: ACLED-format CSV, and generic CSV or GeoJSON.

This module turns an uploaded or named file into events, actors and a
report, then hands them to :meth:`geo.store.Store.add_events` in one
transaction. Every row is validated; each bad row becomes a
:class:`~geo.errors.DataFileError` naming the row, the field and the fix,
and the good rows are kept. A file that cannot be an import at all (not
UTF-8, wrong header, not an ACLED file, not a FeatureCollection, no usable
row) raises :class:`~geo.errors.ImportFailed` before the store is touched,
so a failed import leaves the store exactly as it was.

Formats (documented in the README, section "Importing event data"):

* ``acled``: a CSV export of ACLED (Armed Conflict Location & Event Data)
  with at least the columns :data:`ACLED_COLUMNS`; other ACLED columns are
  ignored. Precision codes are mapped by :data:`TIME_PRECISIONS` and
  :data:`GEO_PRECISIONS`, event types by :data:`EVENT_TYPE_LAYERS`, actors
  by :func:`classify_actor` and :data:`ACLED_ACTOR_LINKS`.
* ``csv``: the CSV this tool exports (:data:`geo.export.CSV_COLUMNS`);
  :data:`GENERIC_REQUIRED` must be present, the rest is optional.
* ``geojson``: the GeoJSON this tool exports: a FeatureCollection of Point
  features, positions ``[lon, lat]``, properties named as in the CSV.

Imported events carry their origin (``acled`` or ``import:<name>``) and a
provenance record (format, file, row), so they can be filtered
(``origin=acled`` in the URL grammar), exported and removed like the rest.
Row numbers are the line numbers a spreadsheet shows (the header is row 1);
GeoJSON features are numbered from 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.dataset import parse_actor_roles
from geo.errors import DataFileError, ImportFailed
from geo.schema import CATEGORIES, DATE_PRECISIONS, EVENT_KINDS, ROLES

__all__ = [
    "ACLED_ACTOR_LINKS",
    "ACLED_COLUMNS",
    "EVENT_TYPE_LAYERS",
    "FORMATS",
    "GENERIC_REQUIRED",
    "GEO_PRECISIONS",
    "TIME_PRECISIONS",
    "ImportReport",
    "ParsedImport",
    "acled_date_interval",
    "acled_layer",
    "actor_slug",
    "classify_actor",
    "default_origin",
    "detect_format",
    "import_events",
    "link_actor",
    "parse_import",
]

FORMATS: dict[str, str] = {
    "acled": "ACLED CSV export (event_id_cnty, event_date, time_precision, ...).",
    "csv": "This tool's CSV export format (id, title, category, latitude, longitude, ...).",
    "geojson": "This tool's GeoJSON export format: a FeatureCollection of Point features.",
}

# The ACLED columns an import reads. ACLED exports carry more (year, disorder_type,
# inter1, iso, timestamp...): those are ignored.
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

# ACLED actor names that denote a curated actor without matching its name or an alias:
# normalised ACLED name -> (curated actor id, relation). ACLED suffixes a regime's forces with
# the year it took power, so the post-coup military is "Military Forces of Myanmar (2021-)".
ACLED_ACTOR_LINKS: dict[str, tuple[str, str]] = {
    "military forces of myanmar (2021-)": ("military-junta", "same-as"),
    "government of myanmar (2021-)": ("military-junta", "same-as"),
    "police forces of myanmar (2021-)": ("military-junta", "part-of"),
}

# Fields of the generic formats: the names of this tool's own CSV export.
GENERIC_REQUIRED: list[str] = ["id", "title", "category", "latitude", "longitude"]
_GENERIC_DEFAULT_PRECISION_M = 10_000
_IMPORT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
_ACLED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_RESERVED_ORIGINS = ("curated", "ingest")
_MAX_TEXT = 5000

Progress = Callable[[float, str], None]


@dataclass
class ParsedImport:
    """What a file holds once validated: events, actors, and the rows refused."""

    format: str
    origin: str
    file: str
    rows_read: int = 0
    events: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)
    problems: list[DataFileError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """The outcome of an import: counts, refused rows with their fixes, and the store's changes."""

    format: str
    origin: str
    file: str
    rows_read: int
    rows_imported: int
    problems: list[DataFileError]
    notices: list[str]
    added: int
    modified: int
    removed: int
    unchanged: int
    actors: int
    linked_actors: dict[str, str]
    data_version: int

    def summary(self) -> str:
        """The outcome in one paragraph, as the command line and the page show it."""
        text = (
            f"{self.file}: {self.rows_read} row(s) read as {self.format}, {self.rows_imported} imported "
            f"under origin '{self.origin}' ({self.added} added, {self.modified} modified, "
            f"{self.unchanged} unchanged, {self.removed} removed), {len(self.problems)} refused; "
            f"{self.actors} actor(s), {len(self.linked_actors)} linked to curated actors; "
            f"data version {self.data_version}."
        )
        return text


# ------------------------------------------------------------------ mapping tables


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


def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def actor_slug(name: str, prefix: str = "acled-") -> str:
    """A stable id for an imported actor name: ``prefix`` + ASCII slug (or a hash for non-Latin names)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if not slug:
        slug = "actor-" + hashlib.sha256(name.encode()).hexdigest()[:10]
    return prefix + slug


_GROUP_WORDS = (
    "civilians",
    "protesters",
    "rioters",
    "students",
    "journalists",
    "prisoners",
    "refugees",
    "health workers",
    "teachers",
    "farmers",
    "labor group",
    "labour group",
    "women",
    "unidentified",
    "private security",
)


def classify_actor(name: str) -> tuple[str, str | None]:
    """(kind, country) of an ACLED actor name.

    ``Military Forces of X`` -> military; ``Police Forces of X`` and
    ``Government of X`` -> state; names of civilians, protesters, rioters and
    unidentified groups -> group; ``Pyu Saw Htee`` (pro-military militia) ->
    military; any other named organisation -> armed-resistance. The country
    is read from ``... of X`` or a trailing ``(X)``.
    """
    lowered = _normalise(name)
    country = None
    match = re.search(r"\bof ([A-Z][A-Za-z ]+?)(?: \(|$)", name)
    if match:
        country = match.group(1).strip()
    else:
        match = re.search(r"\(([A-Z][A-Za-z ]+)\)\s*$", name)
        if match:
            country = match.group(1).strip()
    if lowered.startswith("military forces of") or "pyu saw htee" in lowered:
        return "military", country
    if lowered.startswith(("police forces of", "government of")):
        return "state", country
    if any(word in lowered for word in _GROUP_WORDS):
        return "group", country
    return "armed-resistance", country


def _name_variants(name: str) -> list[str]:
    """The ways an ACLED name may match a curated name: whole, without '(...)', each side of 'ABBR: Name'."""
    variants = [name]
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    variants.append(bare)
    if ":" in bare:
        short, _, long = bare.partition(":")
        variants += [short.strip(), long.strip()]
    return [_normalise(v) for v in variants if v.strip()]


def link_actor(name: str, curated: dict[str, str]) -> tuple[str, str] | None:
    """(curated actor id, relation) an ACLED actor name stands for, or None.

    ``curated`` maps normalised curated names and aliases to ids. A name
    links when it, its form without a trailing ``(...)``, or either side of
    ``ABBR: Long name`` equals a curated name or alias; or when it is in
    :data:`ACLED_ACTOR_LINKS`. Matching is exact (after case and apostrophe
    folding): ``PDF: People's Defense Force`` does not link to the Mandalay
    PDF, which is one of many PDF units.
    """
    for variant in _name_variants(name):
        if variant in ACLED_ACTOR_LINKS:
            target, relation = ACLED_ACTOR_LINKS[variant]
            if target in curated.values():
                return target, relation
        if variant in curated:
            return curated[variant], "same-as"
    return None


def curated_names(actors) -> dict[str, str]:
    """Normalised name and alias -> id, over the curated actors (a frame or list of dicts)."""
    rows = actors.to_dict("records") if hasattr(actors, "to_dict") else list(actors)
    names: dict[str, str] = {}
    for row in rows:
        if row.get("origin", "curated") != "curated":
            continue
        for text in [row["name"], *str(row.get("aliases") or "").split("|")]:
            if text and text.strip():
                names.setdefault(_normalise(text), row["id"])
    return names


def default_origin(fmt: str, file_name: str) -> str:
    """``acled`` for ACLED files, ``import:<file stem>`` otherwise."""
    if fmt == "acled":
        return "acled"
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(file_name).stem).strip("-.")[:60] or "file"
    return f"import:{stem}"


def detect_format(data: bytes, file_name: str = "") -> str:
    """Guess the format from the name and the first bytes: geojson, acled or csv."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if file_name.lower().endswith((".geojson", ".json")) or head.startswith(b"{"):
        return "geojson"
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    return "acled" if "event_id_cnty" in first_line else "csv"


# ------------------------------------------------------------------ reading


def _decode(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"{file_name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "nothing was imported. Fix: save the file as UTF-8 (ACLED's exports are UTF-8; in a spreadsheet "
            "choose 'CSV UTF-8')"
        ) from None


def _read_rows(text: str, file_name: str, required: list[str], fmt: str) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise ImportFailed(f"{file_name}: the file is empty; nothing was imported. Fix: choose a CSV file") from None
    except csv.Error as error:
        raise ImportFailed(f"{file_name}: not a readable CSV file ({error}). Fix: export it again as CSV") from None
    missing = [name for name in required if name not in header]
    if missing:
        hint = ""
        if fmt == "acled" and "id" in header and "category" in header:
            hint = " This looks like this tool's own CSV: import it with --format csv."
        elif fmt == "csv" and "event_id_cnty" in header:
            hint = " This looks like an ACLED export: import it with --format acled."
        what = "an ACLED export" if fmt == "acled" else "an event CSV"
        raise ImportFailed(
            f"{file_name}: not {what}: the header lacks {', '.join(missing)}; nothing was imported.{hint} "
            f"Fix: use a file whose first row names the columns {', '.join(required)}"
        )
    rows: list[tuple[int, dict]] = []
    line = 1
    try:
        for cells in reader:
            line += 1
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((line, dict(zip(header, (cell.strip() for cell in cells)))))
    except csv.Error as error:
        raise ImportFailed(
            f"{file_name}, row {line + 1}: broken CSV ({error}); nothing was imported. "
            "Fix: close the quoted field or remove the stray quote"
        ) from None
    return header, rows


def _number(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not low <= number <= high:
        return None
    return number


def _acled_date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _split_actors(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r";", cell or "") if part.strip()]


def _check_coordinates(row: dict, add) -> tuple[float, float] | None:
    raw_lat = _number(row.get("latitude", ""), -1000, 1000)
    raw_lon = _number(row.get("longitude", ""), -1000, 1000)
    if raw_lat is not None and raw_lon is not None and 92 <= raw_lat <= 102 and 9 <= raw_lon <= 29:
        add("latitude", "latitude and longitude look swapped (this is Myanmar's longitude)", "swap the two values")
        return None
    lat = _number(row.get("latitude", ""), -90, 90)
    lon = _number(row.get("longitude", ""), -180, 180)
    if lat is None:
        add("latitude", f"'{row.get('latitude', '')}' is not a latitude", "give decimal degrees between -90 and 90")
    if lon is None:
        add(
            "longitude", f"'{row.get('longitude', '')}' is not a longitude", "give decimal degrees between -180 and 180"
        )
    if lat is None or lon is None:
        return None
    return lat, lon


def _parse_acled(text: str, parsed: ParsedImport, curated: dict[str, str], progress: Progress | None) -> None:
    _, rows = _read_rows(text, parsed.file, ACLED_COLUMNS, "acled")
    parsed.rows_read = len(rows)
    actors: dict[str, dict] = {}
    seen: dict[str, int] = {}
    total = max(len(rows), 1)
    for index, (line, row) in enumerate(rows):
        if progress and index % 2000 == 0:
            progress(0.8 * index / total, f"checked {index} of {len(rows)} rows")
        bad: list[DataFileError] = []

        def add(column, problem, fix, line=line, bad=bad):
            bad.append(DataFileError(parsed.file, problem, fix, line, column))

        event_id = row.get("event_id_cnty", "")
        if not _ACLED_ID.match(event_id):
            add("event_id_cnty", f"'{event_id}' is not an ACLED event id", "give the id ACLED assigned, e.g. MMR12345")
        elif event_id in seen:
            add("event_id_cnty", f"'{event_id}' repeats row {seen[event_id]}", "keep one row per ACLED event")
        event_date = _acled_date(row.get("event_date", ""))
        if event_date is None:
            add(
                "event_date",
                f"'{row.get('event_date', '')}' is not a date",
                "write it as YYYY-MM-DD or as ACLED does, e.g. 20 July 2025",
            )
        time_precision = row.get("time_precision", "")
        if time_precision not in ("1", "2", "3"):
            add(
                "time_precision",
                f"'{time_precision}' is not an ACLED time precision",
                "use 1 (day), 2 (week) or 3 (month)",
            )
        geo_precision = row.get("geo_precision", "")
        if geo_precision not in ("1", "2", "3"):
            add(
                "geo_precision",
                f"'{geo_precision}' is not an ACLED geo precision",
                "use 1 (town), 2 (near a town or part of a region) or 3 (region)",
            )
        layer = acled_layer(row.get("event_type", ""), row.get("sub_event_type", ""))
        if layer is None:
            known = sorted({event_type for event_type, _ in EVENT_TYPE_LAYERS})
            add(
                "event_type",
                f"'{row.get('event_type', '')}' is not an ACLED event type",
                "use one of: " + ", ".join(known),
            )
        if not row.get("actor1"):
            add("actor1", "empty", "name the first actor as ACLED does")
        if not row.get("location"):
            add("location", "empty", "give the location name")
        point = _check_coordinates(row, add)
        fatalities = row.get("fatalities", "")
        if not fatalities.isdigit():
            add("fatalities", f"'{fatalities}' is not a count", "give a whole number of 0 or more")
        if bad:
            parsed.problems += bad
            continue
        seen[event_id] = line
        date_start, date_end, date_precision = acled_date_interval(event_date, int(time_precision))
        actor_roles = []
        for column in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
            for name in _split_actors(row.get(column, "")):
                actor_id = actor_slug(name)
                if actor_id not in actors:
                    kind, country = classify_actor(name)
                    link = link_actor(name, curated)
                    actors[actor_id] = {
                        "id": actor_id,
                        "name": name,
                        "aliases": None,
                        "kind": kind,
                        "affiliated_with": link[0] if link else None,
                        "relation": link[1] if link else None,
                        "country": country,
                        "description": "Actor as named in ACLED data (imported).",
                    }
                # ACLED: actor1 and actor2 do not imply direction (who attacked whom).
                if (actor_id, "party") not in actor_roles:
                    actor_roles.append((actor_id, "party"))
        place_parts = list(dict.fromkeys(p for p in (row["location"], row.get("admin3"), row.get("admin1")) if p))
        sub_event_type = row.get("sub_event_type") or row["event_type"]
        note = (
            f"ACLED {row['event_type']} / {sub_event_type}; fatalities {int(fatalities)}; "
            f"source: {row.get('source') or 'not given'}; time_precision {time_precision} "
            f"({TIME_PRECISIONS[int(time_precision)][2]}); geo_precision {geo_precision} "
            f"({GEO_PRECISIONS[int(geo_precision)][1]})."
        )
        parsed.events.append(
            {
                "id": f"acled-{event_id}",
                "kind": "event",
                "title": f"{sub_event_type}: {row['location']}"[:200],
                "summary": (row.get("notes") or "")[:_MAX_TEXT] or None,
                "category": layer,
                "date_start": date_start,
                "date_end": date_end,
                "date_precision": date_precision,
                "place_id": None,
                "place_name": ", ".join(place_parts),
                "route_id": None,
                "latitude": round(point[0], 5),
                "longitude": round(point[1], 5),
                "precision_m": GEO_PRECISIONS[int(geo_precision)][0],
                "article_id": None,
                "source_start": None,
                "source_end": None,
                "quote": None,
                "note": note,
                "actor_roles": actor_roles,
                "provenance": json.dumps(
                    {"format": "acled", "file": parsed.file, "row": line, "event_id_cnty": event_id},
                    ensure_ascii=False,
                ),
            }
        )
    parsed.actors = list(actors.values())


def _generic_records_csv(text: str, parsed: ParsedImport) -> list[tuple[int, dict]]:
    _, rows = _read_rows(text, parsed.file, GENERIC_REQUIRED, "csv")
    for _, row in rows:
        # A value the export protected against spreadsheet formulas ('=..., '-...) reads back as written.
        for key, value in row.items():
            if value[:2] in ("'=", "'+", "'@", "'-", "'\t", "'\r"):
                row[key] = value[1:]
    return rows


def _generic_records_geojson(text: str, parsed: ParsedImport) -> list[tuple[int, dict]]:
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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value).strip()


def _parse_generic(
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
        row = {key: _text(value) for key, value in raw.items()}
        for column in GENERIC_REQUIRED:
            if not row.get(column):
                add(column, "empty", f"give a {column}")
        event_id = row.get("id", "")
        if event_id and not _IMPORT_ID.match(event_id):
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
            point = _check_coordinates(row, add)
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
            number = _number(precision_text, 1, 5_000_000)
            if number is None:
                add("location_precision_m", f"'{precision_text}' is not a distance", "give metres, 1 to 5000000")
            else:
                precision_m = int(number)
        pairs = parse_actor_roles(row.get("actor_roles", ""))
        for actor_id in (a for a in row.get("actors", "").split("|") if a.strip()):
            if actor_id.strip() not in {a for a, _ in pairs}:
                pairs.append((actor_id.strip(), "party"))
        for actor_id, role in pairs:
            if not _IMPORT_ID.match(actor_id):
                add("actor_roles", f"'{actor_id[:40]}' is not an actor id", "write actor_id:role pairs separated by |")
            if role not in ROLES:
                add("actor_roles", f"'{role}' is not a role", "use one of: " + ", ".join(ROLES))
        article_id = row.get("source_article") or row.get("article_id") or None
        if article_id and article_id not in known["articles"]:
            add("source_article", f"unknown article '{article_id}'", "leave it empty or ingest the article first")
        source_start, source_end, quote = None, None, row.get("quote") or None
        if article_id and row.get("source_start") and row.get("source_end") and article_id in known["articles"]:
            source_start = _number(row["source_start"], 0, 10**9)
            source_end = _number(row["source_end"], 0, 10**9)
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
                "summary": row.get("summary", "")[:_MAX_TEXT] or None,
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
                "quote": quote[:_MAX_TEXT] if quote else None,
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


def _known(store) -> dict:
    with store._connect() as conn:  # one read of ids, not five DataFrames
        return {
            "owners": dict(conn.execute("SELECT id, origin FROM events").fetchall()),
            "articles": {r[0] for r in conn.execute("SELECT id FROM articles")},
            "actors": {r[0] for r in conn.execute("SELECT id FROM actors")},
            "places": {r[0] for r in conn.execute("SELECT id FROM places")},
            "routes": {r[0] for r in conn.execute("SELECT id FROM routes")},
        }


def check_origin(origin: str) -> str:
    """The origin name, or :class:`ImportFailed` when it cannot name an import."""
    if not _IMPORT_ID.match(origin or "") or origin in _RESERVED_ORIGINS:
        raise ImportFailed(
            f"'{origin}' cannot name an import; nothing was imported. Fix: choose a name of letters, digits and "
            "- _ . : other than 'curated' and 'ingest', e.g. acled or import:mydata"
        )
    return origin


def parse_import(
    data: bytes,
    file_name: str,
    fmt: str | None = None,
    origin: str | None = None,
    store=None,
    progress: Progress | None = None,
) -> ParsedImport:
    """Validate a file without storing anything. ``store`` supplies known ids (actors, articles...)."""
    fmt = fmt or detect_format(data, file_name)
    if fmt not in FORMATS:
        raise ImportFailed(f"unknown import format '{fmt}'. Fix: use one of: {', '.join(FORMATS)}")
    origin = check_origin(origin or default_origin(fmt, file_name))
    parsed = ParsedImport(format=fmt, origin=origin, file=Path(file_name).name or "upload")
    text = _decode(data, parsed.file)
    known = (
        _known(store) if store is not None else {k: {} for k in ("owners", "articles", "actors", "places", "routes")}
    )
    if fmt == "acled":
        owners = known["owners"]
        curated = curated_names(store.actors()) if store is not None else {}
        _parse_acled(text, parsed, curated, progress)
        clashes = [e for e in parsed.events if owners.get(e["id"], origin) != origin]
        for event in clashes:
            row = json.loads(event["provenance"])["row"]
            parsed.problems.append(
                DataFileError(
                    parsed.file,
                    f"'{event['id']}' already belongs to origin '{owners[event['id']]}'",
                    f"import this file under origin '{owners[event['id']]}'",
                    row,
                    "event_id_cnty",
                )
            )
        if clashes:
            clash_ids = {e["id"] for e in clashes}
            parsed.events = [e for e in parsed.events if e["id"] not in clash_ids]
    else:
        records = _generic_records_csv(text, parsed) if fmt == "csv" else _generic_records_geojson(text, parsed)
        _parse_generic(records, parsed, known, progress)
    parsed.problems.sort(key=lambda p: p.row or 0)
    return parsed


def import_events(
    store,
    data: bytes,
    file_name: str,
    fmt: str | None = None,
    origin: str | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate ``data`` and store its good rows in one transaction; return the report.

    With ``replace`` the events of the same origin that the file no longer
    holds are removed in the same transaction. Raises
    :class:`~geo.errors.ImportFailed` (store unchanged) when the file is not
    an import of ``fmt`` or no row passes; the error lists the bad rows.
    """
    parsed = parse_import(data, file_name, fmt, origin, store, progress)
    if not parsed.events:
        shown = "\n".join(f"  - {p}" for p in parsed.problems[:20])
        more = f"\n  ... and {len(parsed.problems) - 20} more" if len(parsed.problems) > 20 else ""
        raise ImportFailed(
            f"{parsed.file}: no row could be imported ({parsed.rows_read} read, {len(parsed.problems)} refused); "
            f"the store is unchanged. Fix: correct the rows below and import again"
            + (f":\n{shown}{more}" if shown else "")
        )
    if progress:
        progress(0.85, f"storing {len(parsed.events)} events")
    provenance = {"format": parsed.format, "file": parsed.file, "imported_at": dt.datetime.now(dt.UTC).isoformat()}
    changes = store.add_events(
        parsed.events,
        origin=parsed.origin,
        description=f"import of {parsed.file} ({parsed.format}) as origin {parsed.origin}",
        actors=parsed.actors,
        provenance=provenance,
        replace=replace,
    )
    if progress:
        progress(1.0, "done")
    linked = {a["id"]: a["affiliated_with"] for a in parsed.actors if a.get("affiliated_with")}
    return ImportReport(
        format=parsed.format,
        origin=parsed.origin,
        file=parsed.file,
        rows_read=parsed.rows_read,
        rows_imported=len(parsed.events),
        problems=parsed.problems,
        notices=parsed.notices,
        added=len(changes["added"]),
        modified=len(changes["modified"]),
        removed=len(changes["removed"]),
        unchanged=len(parsed.events) - len(changes["added"]) - len(changes["modified"]),
        actors=len(parsed.actors),
        linked_actors=linked,
        data_version=store.data_version(),
    )
