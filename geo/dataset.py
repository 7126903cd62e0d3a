"""Reading and validating the curated files under ``data/``.

This module turns the data directory into a :class:`Dataset` of plain
records, checking every file against the schema declared in
:mod:`geo.schema`. It collects *every* problem (not just the first), each a
:class:`~geo.errors.DataFileError` naming file, row and column and the fix,
and raises :class:`~geo.errors.DataInvalid` with all of them. It never
touches the store: the store only receives a dataset that passed.

Row numbers are the line numbers a text editor shows (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo import schema
from geo.errors import DataFileError, DataInvalid
from geo.schema import JURISDICTIONS

__all__ = ["Dataset", "fingerprint_data_dir", "load_dataset", "parse_actor_roles", "validate_data_dir"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID_PREFIX = {
    "articles/index.csv": ("art-",),
    "gazetteer.csv": ("pl-",),
    "routes/index.csv": ("route-",),
    "events.csv": ("ev-", "site-"),
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Dataset:
    """The validated content of a data directory, as lists of row dicts."""

    articles: list[dict] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)
    places: list[dict] = field(default_factory=list)
    reference_places: list[dict] = field(default_factory=list)  # gazetteer_extra/*.csv: known, not curated
    actors: list[dict] = field(default_factory=list)
    routes: list[dict] = field(default_factory=list)
    route_geometries: dict[str, dict] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    sanctions: list[dict] = field(default_factory=list)
    fingerprint: str = ""


def parse_actor_roles(cell: str) -> list[tuple[str, str]]:
    """Split an ``actors`` cell (``'norinco:supplier|kapasa:recipient'``) into pairs."""
    pairs = []
    for item in filter(None, (part.strip() for part in (cell or "").split("|"))):
        actor_id, _, role = item.partition(":")
        pairs.append((actor_id.strip(), role.strip()))
    return pairs


def fingerprint_data_dir(data_dir: Path) -> str:
    """A hash of every data file's name and bytes: it changes when any file does."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file() and p.suffix != ".md"):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[DataFileError] = []

    def add(self, file: str, problem: str, fix: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(DataFileError(file, problem, fix, row=row, column=column))


def _read_text(path: Path, rel: str, out: _Collector) -> str | None:
    if not path.is_file():
        out.add(rel, "the file is missing", f"restore data/{rel} (see data/README.md)")
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.add(
            rel,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line})",
            "re-save the file as UTF-8",
        )
        return None


def _read_csv(data_dir: Path, file_schema: schema.FileSchema, out: _Collector) -> list[dict] | None:
    rel = file_schema.path
    text = _read_text(data_dir / rel, rel, out)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    expected = file_schema.column_names
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    for name in missing:
        out.add(rel, "the column is missing from the header", f"add a '{name}' column (see data/README.md)", 1, name)
    for name in extra:
        out.add(rel, "the column is not in the schema", f"remove '{name}' or declare it in geo/schema.py", 1, name)
    if missing:
        return None
    rows = []
    required = [c.name for c in file_schema.columns if c.required]
    for record in reader:
        row_number = reader.line_num
        if None in record:
            out.add(rel, "the row has more cells than the header", "quote cells that contain commas", row_number)
            continue
        record = {key: (value or "").strip() if key != "quote" else (value or "") for key, value in record.items()}
        for name in required:
            if not record.get(name, "").strip():
                out.add(rel, "a required value is empty", f"fill in '{name}'", row_number, name)
        record["_row"] = row_number
        rows.append(record)
    return rows


def _check_ids(rows: list[dict], rel: str, out: _Collector) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    prefixes = _ID_PREFIX.get(rel)
    for row in rows:
        ident = row.get("id", "")
        if not ident:
            continue
        if prefixes and not ident.startswith(prefixes):
            out.add(
                rel, f"id '{ident}' lacks its prefix", f"start the id with {' or '.join(prefixes)}", row["_row"], "id"
            )
        elif not _SLUG.match(ident):
            out.add(rel, f"id '{ident}' is not a slug", "use lower-case letters, digits and '-'", row["_row"], "id")
        if ident in seen:
            out.add(
                rel,
                f"duplicate id '{ident}' (first used in row {seen[ident]['_row']})",
                "give each row its own id",
                row["_row"],
                "id",
            )
        else:
            seen[ident] = row
    return seen


def _check_enum(row: dict, rel: str, column: str, allowed, out: _Collector) -> None:
    value = row.get(column, "")
    if value and value not in allowed:
        out.add(rel, f"'{value}' is not allowed", "use one of: " + ", ".join(allowed), row["_row"], column)


def _parse_number(row: dict, rel: str, column: str, low: float, high: float, out: _Collector) -> float | None:
    value = row.get(column, "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        out.add(rel, f"'{value}' is not a number", "write a decimal number such as 21.9894", row["_row"], column)
        return None
    if not low <= number <= high:
        out.add(
            rel,
            f"{value} is outside {low:g}..{high:g}",
            f"give a value between {low:g} and {high:g}",
            row["_row"],
            column,
        )
        return None
    return number


def _parse_day(row: dict, rel: str, column: str, out: _Collector) -> dt.date | None:
    value = row.get(column, "")
    if not value:
        return None
    if not _ISO_DAY.match(value):
        out.add(rel, f"'{value}' is not a date in YYYY-MM-DD form", "write the date as YYYY-MM-DD", row["_row"], column)
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        out.add(rel, f"'{value}' is not a real calendar date", "check the month and day", row["_row"], column)
        return None


def _check_bool(row: dict, rel: str, column: str, out: _Collector) -> None:
    if row.get(column, "") not in ("true", "false"):
        out.add(rel, f"'{row.get(column, '')}' is not true or false", "write true or false", row["_row"], column)


def _validate_articles(data_dir: Path, out: _Collector, dataset: Dataset) -> None:
    rel = schema.ARTICLES.path
    rows = _read_csv(data_dir, schema.ARTICLES, out)
    if rows is None:
        return
    _check_ids(rows, rel, out)
    for row in rows:
        _check_bool(row, rel, "title_is_estimate", out)
        _check_bool(row, rel, "published_is_estimate", out)
        _check_enum(row, rel, "published_precision", tuple(schema.PUBLISHED_PRECISIONS), out)
        if row["published"] and not _ISO_PARTIAL.match(row["published"]):
            out.add(
                rel,
                f"'{row['published']}' is not ISO 8601",
                "write YYYY-MM-DD, YYYY-MM or YYYY",
                row["_row"],
                "published",
            )
        file_name = row.get("file", "")
        if file_name:
            if "/" in file_name or file_name.startswith("."):
                out.add(
                    rel,
                    f"'{file_name}' is not a plain file name",
                    "name a file inside data/articles/",
                    row["_row"],
                    "file",
                )
                continue
            body = _read_text(data_dir / "articles" / file_name, f"articles/{file_name}", out)
            if body is not None:
                dataset.bodies[row["id"]] = body
    dataset.articles = rows


def _read_places(data_dir: Path, file_schema: schema.FileSchema, out: _Collector) -> list[dict]:
    rel = file_schema.path
    rows = _read_csv(data_dir, file_schema, out)
    if rows is None:
        return []
    _check_ids(rows, rel, out)
    for row in rows:
        _check_enum(row, rel, "kind", schema.PLACE_KINDS, out)
        row["latitude"] = _parse_number(row, rel, "latitude", -90, 90, out)
        row["longitude"] = _parse_number(row, rel, "longitude", -180, 180, out)
        precision = _parse_number(row, rel, "precision_m", 1, 3_000_000, out)
        row["precision_m"] = int(precision) if precision is not None else None
    return rows


def _validate_places(data_dir: Path, out: _Collector, dataset: Dataset) -> None:
    dataset.places = _read_places(data_dir, schema.GAZETTEER, out)
    seen = {row["id"]: schema.GAZETTEER.path for row in dataset.places}
    for path in sorted((data_dir / schema.GAZETTEER_EXTRA_DIR).glob("*.csv")):
        rel = f"{schema.GAZETTEER_EXTRA_DIR}/{path.name}"
        for row in _read_places(data_dir, replace(schema.GAZETTEER, path=rel), out):
            if row["id"] in seen:
                out.add(rel, f"id '{row['id']}' is already used in {seen[row['id']]}", "give it a new id", row["_row"])
                continue
            seen[row["id"]] = rel
            dataset.reference_places.append(row)


def _validate_actors(data_dir: Path, out: _Collector, dataset: Dataset) -> None:
    rel = schema.ACTORS.path
    rows = _read_csv(data_dir, schema.ACTORS, out)
    if rows is None:
        return
    known = _check_ids(rows, rel, out)
    for row in rows:
        _check_enum(row, rel, "kind", schema.ACTOR_KINDS, out)
        parent = row.get("affiliated_with", "")
        if parent and parent not in known:
            out.add(
                rel,
                f"unknown actor id '{parent}'",
                "use an id from the id column of actors.csv",
                row["_row"],
                "affiliated_with",
            )
        if parent == row.get("id"):
            out.add(
                rel, "an actor cannot be affiliated with itself", "name another actor", row["_row"], "affiliated_with"
            )
    dataset.actors = rows


def _validate_route_file(data_dir: Path, row: dict, places: dict, out: _Collector) -> dict | None:
    rel = f"routes/{row['file']}"
    text = _read_text(data_dir / "routes" / row["file"], rel, out)
    if text is None:
        return None
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as exc:
        out.add(rel, f"not valid JSON ({exc.msg} at line {exc.lineno})", "fix the JSON syntax")
        return None
    if collection.get("type") != "FeatureCollection" or not isinstance(collection.get("features"), list):
        out.add(rel, "not a GeoJSON FeatureCollection", "write a FeatureCollection of LineString features")
        return None
    previous_to = None
    for number, feature in enumerate(collection["features"], start=1):
        geometry = feature.get("geometry") or {}
        props = feature.get("properties") or {}
        where = f"feature {number}"
        if geometry.get("type") != "LineString" or len(geometry.get("coordinates") or []) < 2:
            out.add(rel, f"{where} is not a LineString of two or more positions", "use LineString geometry")
            continue
        for lon, lat, *_ in geometry["coordinates"]:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                out.add(
                    rel, f"{where} has position [{lon}, {lat}] out of range", "write positions as [longitude, latitude]"
                )
        if props.get("route_id") != row["id"]:
            out.add(rel, f"{where} has route_id '{props.get('route_id')}'", f"set route_id to '{row['id']}'")
        for key in ("from_place", "to_place"):
            if props.get(key) not in places:
                out.add(rel, f"{where} {key} '{props.get(key)}' is not in gazetteer.csv", "add the place or fix the id")
        if not isinstance(props.get("inferred"), bool):
            out.add(rel, f"{where} property 'inferred' is not true/false", "mark each stretch inferred: true or false")
        if previous_to is not None and props.get("from_place") != previous_to:
            out.add(
                rel,
                f"{where} starts at '{props.get('from_place')}', not where the last ended ('{previous_to}')",
                "order the segments along the line",
            )
        previous_to = props.get("to_place")
    return collection


def _validate_routes(data_dir: Path, out: _Collector, dataset: Dataset) -> None:
    rel = schema.ROUTES.path
    rows = _read_csv(data_dir, schema.ROUTES, out)
    if rows is None:
        return
    _check_ids(rows, rel, out)
    places = {place["id"]: place for place in dataset.places}
    for row in rows:
        _check_enum(row, rel, "kind", tuple(schema.ROUTE_KINDS), out)
        _check_enum(row, rel, "status", tuple(schema.ROUTE_STATUSES), out)
        if row.get("file"):
            collection = _validate_route_file(data_dir, row, places, out)
            if collection is not None:
                dataset.route_geometries[row["id"]] = collection
    dataset.routes = rows


def _validate_events(data_dir: Path, out: _Collector, dataset: Dataset) -> None:
    rel = schema.EVENTS.path
    rows = _read_csv(data_dir, schema.EVENTS, out)
    if rows is None:
        return
    _check_ids(rows, rel, out)
    places = {row["id"] for row in dataset.places}
    routes = {row["id"] for row in dataset.routes}
    actors = {row["id"] for row in dataset.actors}
    articles = {row["id"] for row in dataset.articles}
    for row in rows:
        line = row["_row"]
        _check_enum(row, rel, "kind", schema.EVENT_KINDS, out)
        _check_enum(row, rel, "category", schema.CATEGORIES, out)
        _check_enum(row, rel, "date_precision", schema.DATE_PRECISIONS, out)
        if row.get("id", "").startswith("site-") and row.get("kind") != "site":
            out.add(
                rel, "an id starting 'site-' must have kind site", "set kind to site or rename the id", line, "kind"
            )
        start = _parse_day(row, rel, "date_start", out)
        end = _parse_day(row, rel, "date_end", out)
        precision = row.get("date_precision")
        if start and end and end < start:
            out.add(rel, f"date_end {end} is before date_start {start}", "swap or correct the dates", line, "date_end")
        if precision == "undated" and (start or end):
            out.add(
                rel, "an undated row has dates", "clear the dates or choose another precision", line, "date_precision"
            )
        if precision not in ("undated", "period", "") and not (row.get("date_start") and row.get("date_end")):
            out.add(
                rel,
                f"precision '{precision}' needs both date_start and date_end",
                "fill in the whole interval",
                line,
                "date_end",
            )
        if precision == "day" and start and end and start != end:
            out.add(
                rel,
                "a day-precision interval must start and end on the same day",
                "use precision range",
                line,
                "date_precision",
            )
        place_id, route_id = row.get("place_id", ""), row.get("route_id", "")
        if bool(place_id) == bool(route_id):
            out.add(
                rel,
                "exactly one of place_id and route_id must be set",
                "fill in one and clear the other",
                line,
                "place_id",
            )
        if place_id and place_id not in places:
            out.add(
                rel,
                f"unknown place id '{place_id}'",
                "use an id from gazetteer.csv or add the place there",
                line,
                "place_id",
            )
        if route_id and route_id not in routes:
            out.add(rel, f"unknown route id '{route_id}'", "use an id from routes/index.csv", line, "route_id")
        if row.get("precision_m"):
            value = _parse_number(row, rel, "precision_m", 1, 3_000_000, out)
            row["precision_m"] = int(value) if value is not None else None
        else:
            row["precision_m"] = None
        pairs = parse_actor_roles(row.get("actors", ""))
        for actor_id, role in pairs:
            if actor_id not in actors:
                out.add(
                    rel,
                    f"unknown actor id '{actor_id}'",
                    "use an id from actors.csv or add the actor there",
                    line,
                    "actors",
                )
            if role not in schema.ROLES:
                out.add(
                    rel,
                    f"role '{role}' of '{actor_id}' is not allowed",
                    "use one of: " + ", ".join(schema.ROLES),
                    line,
                    "actors",
                )
        row["actor_roles"] = pairs
        article_id = row.get("article_id", "")
        if article_id and article_id not in articles:
            out.add(rel, f"unknown article id '{article_id}'", "use an id from articles/index.csv", line, "article_id")
        _check_span(row, rel, dataset.bodies.get(article_id), out)
    dataset.events = rows


def _check_span(row: dict, rel: str, body: str | None, out: _Collector) -> None:
    line = row["_row"]
    try:
        start, end = int(row.get("source_start", "")), int(row.get("source_end", ""))
    except ValueError:
        out.add(
            rel,
            "source_start and source_end must be whole numbers",
            "give character offsets into the article",
            line,
            "source_start",
        )
        return
    row["source_start"], row["source_end"] = start, end
    if body is None:
        return
    if not 0 <= start < end <= len(body):
        out.add(
            rel,
            f"span {start}-{end} is outside the article (length {len(body)})",
            "recompute the offsets",
            line,
            "source_start",
        )
        return
    if body[start:end] != row.get("quote", ""):
        out.add(
            rel,
            f"the quote is not the article text at {start}-{end} (which reads {body[start:end][:40]!r}...)",
            "recompute the offsets with body.index(quote)",
            line,
            "quote",
        )


def _validate_sanctions(data_dir: Path, out: _Collector, dataset: Dataset) -> None:
    """sanctions.csv is optional (a data folder without it has no sanctions data)."""
    rel = schema.SANCTIONS.path
    if not (data_dir / rel).exists():
        return
    rows = _read_csv(data_dir, schema.SANCTIONS, out)
    if rows is None:
        return
    actors = {row["id"] for row in dataset.actors}
    for row in rows:
        line = row["_row"]
        if row["actor_id"] and row["actor_id"] not in actors:
            out.add(rel, f"unknown actor id '{row['actor_id']}'", "use an id from actors.csv", line, "actor_id")
        _check_enum(row, rel, "jurisdiction", JURISDICTIONS, out)
        _check_enum(row, rel, "status", schema.SANCTION_STATUSES, out)
        _check_bool(row, rel, "inferred", out)
        for column in ("listed_on", "as_of"):
            value = row.get(column, "")
            if value and not _ISO_PARTIAL.match(value):
                out.add(rel, f"'{value}' is not ISO 8601", "write YYYY-MM-DD, YYYY-MM or YYYY", line, column)
        if row.get("status") in ("listed", "restricted", "expired") and not (row.get("listed_on") or row.get("note")):
            out.add(
                rel,
                f"a {row['status']} row has neither a date nor a note",
                "give listed_on or explain in note why the date is unknown",
                line,
                "listed_on",
            )
        for url in filter(None, (part.strip() for part in row.get("source_url", "").split("|"))):
            if not url.startswith(("https://", "http://")):
                out.add(rel, f"'{url}' is not a web address", "give http(s) URLs separated by '|'", line, "source_url")
        if row.get("inferred") == "true" and not row.get("note"):
            out.add(
                rel, "an inferred row does not say what was inferred", "explain the inference in note", line, "note"
            )
    dataset.sanctions = rows


def validate_data_dir(data_dir: Path) -> tuple[Dataset, list[DataFileError]]:
    """Read every file of ``data_dir``; return the dataset and every problem found."""
    data_dir = Path(data_dir)
    out = _Collector()
    dataset = Dataset()
    _validate_articles(data_dir, out, dataset)
    _validate_places(data_dir, out, dataset)
    _validate_actors(data_dir, out, dataset)
    _validate_routes(data_dir, out, dataset)
    _validate_events(data_dir, out, dataset)
    _validate_sanctions(data_dir, out, dataset)
    dataset.fingerprint = fingerprint_data_dir(data_dir) if data_dir.is_dir() else ""
    return dataset, out.problems


def load_dataset(data_dir: Path) -> Dataset:
    """Read and validate ``data_dir``; raise :class:`DataInvalid` listing every problem."""
    dataset, problems = validate_data_dir(data_dir)
    if problems:
        raise DataInvalid(problems)
    return dataset
