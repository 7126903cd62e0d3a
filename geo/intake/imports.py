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
  with at least the columns :data:`geo.intake.acled.ACLED_COLUMNS`; other ACLED columns are
  ignored. Precision codes, event types and actors are mapped in :mod:`geo.intake.acled`
* ``csv``: the CSV this tool exports (:data:`geo.export.CSV_COLUMNS`);
  :data:`geo.intake.tabular.GENERIC_REQUIRED` must be present, the rest is optional.
* ``geojson``: the GeoJSON this tool exports: a FeatureCollection of Point
  features, positions ``[lon, lat]``, properties named as in the CSV.

Imported events carry their origin (``acled`` or ``import:<name>``) and a
provenance record (format, file, row), so they can be filtered
(``origin=acled`` in the URL grammar), exported and removed like the rest.
Row numbers are the line numbers a spreadsheet shows (the header is row 1);
GeoJSON features are numbered from 1.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataFileError, ImportFailed
from geo.intake.acled import parse_acled
from geo.intake.actor_links import curated_names
from geo.intake.rows import ParsedImport, Progress, decode_import
from geo.intake.tabular import IMPORT_ID, parse_generic, read_csv_records, read_geojson_records

__all__ = [
    "FORMATS",
    "ImportReport",
    "check_origin",
    "default_origin",
    "detect_format",
    "import_events",
    "parse_import",
]

FORMATS: dict[str, str] = {
    "acled": "ACLED CSV export (event_id_cnty, event_date, time_precision, ...).",
    "csv": "This tool's CSV export format (id, title, category, latitude, longitude, ...).",
    "geojson": "This tool's GeoJSON export format: a FeatureCollection of Point features.",
}


_RESERVED_ORIGINS = ("curated", "ingest")


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
    if not IMPORT_ID.match(origin or "") or origin in _RESERVED_ORIGINS:
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
    text = decode_import(data, parsed.file)
    known = (
        _known(store) if store is not None else {k: {} for k in ("owners", "articles", "actors", "places", "routes")}
    )
    if fmt == "acled":
        owners = known["owners"]
        curated = curated_names(store.actors()) if store is not None else {}
        parse_acled(text, parsed, curated, progress)
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
        records = read_csv_records(text, parsed) if fmt == "csv" else read_geojson_records(text, parsed)
        parse_generic(records, parsed, known, progress)
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
