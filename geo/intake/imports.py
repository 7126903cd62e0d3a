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
  ignored. Precision codes, event types and actors are mapped in :mod:`geo.intake.acled`.
* ``ucdp``: a UCDP GED CSV (:data:`geo.intake.ucdp.UCDP_COLUMNS`), mapped in :mod:`geo.intake.ucdp`.
* ``csv``: the CSV this tool exports (:data:`geo.export.CSV_COLUMNS`);
  :data:`geo.intake.tabular.GENERIC_REQUIRED` must be present, the rest is optional.
* ``geojson``: the GeoJSON this tool exports: a FeatureCollection of Point
  features, positions ``[lon, lat]``, properties named as in the CSV.

Files stream: rows are read and checked one at a time (neither the file's
text nor its rows are held), and the good events are kept until the whole
file has been checked; they are then stored in one transaction, set-wise
(:meth:`geo.store.Store.add_events`: one read of the stored hashes, unchanged
events skipped, the rest written in bulk). A file that turns out not to be an
import (no good row, a broken quote, a byte that is not UTF-8) is refused
before the store is touched. Actor names are linked through
``data/dataset_actors.csv`` (:mod:`geo.intake.actor_links`).

Imported events carry their origin (``acled``, ``ucdp`` or ``import:<name>``) and a
provenance record (format, file, row, and for datasets a ``record``: dataset,
its id, source, fatalities), so they can be filtered
(``origin=acled`` in the URL grammar), exported and removed like the rest.
Row numbers are the line numbers a spreadsheet shows (the header is row 1);
GeoJSON features are numbered from 1.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import DataFileError, ImportFailed, StoreError
from geo.intake.acled import ACLED_COLUMNS, ACLED_OPTIONAL_COLUMNS, iter_acled
from geo.intake.actor_links import ActorLinker, curated_names, load_actor_table
from geo.intake.rows import ParsedImport, Progress, open_binary, open_table
from geo.intake.tabular import GENERIC_REQUIRED, IMPORT_ID, iter_generic, read_csv_records, read_geojson_records
from geo.intake.ucdp import UCDP_COLUMNS, UCDP_OPTIONAL_COLUMNS, iter_ucdp

__all__ = [
    "DEFAULT_ACTOR_TABLE",
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
    "ucdp": "UCDP GED CSV (id, type_of_violence, side_a, side_b, where_prec, date_prec, best, ...).",
    "csv": "This tool's CSV export format (id, title, category, latitude, longitude, ...).",
    "geojson": "This tool's GeoJSON export format: a FeatureCollection of Point features.",
}

# The documented table of dataset actor names (data/README.md, "Dataset actor names").
DEFAULT_ACTOR_TABLE = Path(__file__).resolve().parents[2] / "data" / "dataset_actors.csv"

_RESERVED_ORIGINS = ("curated", "ingest")
_UNLINKED_SHOWN = 10
_READING_SHARE = 0.5


@dataclass
class ImportReport:
    """The outcome of an import: counts, refused rows with their fixes, actor links, and the store's changes."""

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
    refused_rows: int = 0
    problem_count: int = 0
    delimiter: str | None = None
    linked_names: list[str] = field(default_factory=list)
    unlinked: list[tuple[str, int, bool]] = field(default_factory=list)

    def summary(self) -> str:
        """The outcome in one paragraph, as the command line and the page show it."""
        return (
            f"{self.file}: {self.rows_read} row(s) read as {self.format}, {self.rows_imported} imported "
            f"under origin '{self.origin}' ({self.added} added, {self.modified} modified, "
            f"{self.unchanged} unchanged, {self.removed} removed), {self.refused_rows} refused "
            f"({self.problem_count} problem(s)); "
            f"{self.actors} actor(s), {len(self.linked_actors)} linked to curated actors; "
            f"data version {self.data_version}."
        )

    def actor_lines(self) -> list[str]:
        """What the actor linking did, in words: how many names were linked and the most frequent unlinked ones."""
        if not self.actors or self.format not in ("acled", "ucdp"):
            return []
        linked = sorted(self.linked_names)
        lines = [
            f"actor names: {self.actors} in the file, {len(linked)} linked to our actors"
            + (f": {'; '.join(linked[:_UNLINKED_SHOWN])}" if linked else "")
            + (f"; ... and {len(linked) - _UNLINKED_SHOWN} more" if len(linked) > _UNLINKED_SHOWN else "")
        ]
        if self.unlinked:
            listed = sum(1 for _, _, in_table in self.unlinked if in_table)
            shown = [
                f"{name} ({count:,} event{'s' if count != 1 else ''}{', listed as none of ours' if in_table else ''})"
                for name, count, in_table in self.unlinked[:_UNLINKED_SHOWN]
            ]
            lines.append(
                f"not linked: {len(self.unlinked)} name(s) ({listed} listed in data/dataset_actors.csv as none of "
                f"ours, {len(self.unlinked) - listed} not in it); the most frequent: " + "; ".join(shown)
            )
            if listed < len(self.unlinked):
                lines.append(
                    "to link a name to one of our actors, add a row to data/dataset_actors.csv (see data/README.md)"
                )
        return lines


def default_origin(fmt: str, file_name: str) -> str:
    """``acled`` / ``ucdp`` for those datasets, ``import:<file stem>`` otherwise."""
    if fmt in ("acled", "ucdp"):
        return fmt
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(file_name).stem).strip("-.")[:60] or "file"
    return f"import:{stem}"


def detect_format(data: bytes, file_name: str = "") -> str:
    """Guess the format from the name and the first bytes: geojson, acled, ucdp or csv (header in any case)."""
    head = bytes(data[:8192]).lstrip(b"\xef\xbb\xbf \t\r\n")
    if file_name.lower().endswith((".geojson", ".json")) or head.startswith(b"{"):
        return "geojson"
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    names = {cell.strip().strip('"') for cell in re.split(r"[,;\t]", first_line)}
    if "event_id_cnty" in names:
        return "acled"
    if {"where_prec", "side_a", "date_prec"} <= names:
        return "ucdp"
    return "csv"


def _known(store, origin: str) -> dict:
    """The ids the store holds, to check rows against: of events, only those another origin owns."""
    with store._connect() as conn:  # one read of ids, not five DataFrames
        return {
            "owners": dict(conn.rows("SELECT id, origin FROM events WHERE origin <> ?", (origin,))),
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


class _Stream:
    """One pass over a file: the parsed state and the iterator of its good events (with progress by bytes)."""

    def __init__(self, source, file_name, fmt, origin, store, progress, actor_table, share: float = 1.0) -> None:
        self.binary = open_binary(source)
        self.share = share  # of the progress bar: reading and checking the file is this much of the whole
        self.owns_file = isinstance(source, (str, Path))
        try:
            self._open(file_name, fmt, origin, store, progress, actor_table)
        except BaseException:
            self.close()
            raise

    def _open(self, file_name, fmt, origin, store, progress, actor_table) -> None:
        head = self.binary.read(8192)
        self.binary.seek(0)
        fmt = fmt or detect_format(head, file_name)
        if fmt not in FORMATS:
            raise ImportFailed(f"unknown import format '{fmt}'. Fix: use one of: {', '.join(FORMATS)}")
        origin = check_origin(origin or default_origin(fmt, file_name))
        self.parsed = ParsedImport(format=fmt, origin=origin, file=Path(file_name).name or "upload")
        self.known = (
            _known(store, origin)
            if store is not None
            else {k: {} for k in ("owners", "articles", "actors", "places", "routes")}
        )
        self.progress = progress
        self.linker = None
        self.total = self._size()
        self.table = None
        if fmt in ("acled", "ucdp"):
            curated = curated_names(store.actors()) if store is not None else {}
            label = "ACLED" if fmt == "acled" else "UCDP GED"
            self.linker = ActorLinker(load_actor_table(actor_table, fmt), curated, f"{fmt}-", label)
            required = ACLED_COLUMNS if fmt == "acled" else UCDP_COLUMNS
            read = {*required, *(ACLED_OPTIONAL_COLUMNS if fmt == "acled" else UCDP_OPTIONAL_COLUMNS)}
            self.table = open_table(
                self.binary, self.parsed, required, fmt, numeric=("latitude", "longitude"), columns=read
            )
            iterate = iter_acled if fmt == "acled" else iter_ucdp
            self.events = iterate(self.table, self.parsed, self.linker, self.known["owners"])
        elif fmt == "csv":
            self.table = open_table(self.binary, self.parsed, GENERIC_REQUIRED, fmt, numeric=("latitude", "longitude"))
            self.events = iter_generic(read_csv_records(self.table), self.parsed, self.known)
        else:
            self.events = iter_generic(read_geojson_records(self.binary, self.parsed), self.parsed, self.known)
        if self.parsed.delimiter and self.parsed.delimiter != ",":
            names = {";": "semicolons", "\t": "tabs"}
            self.parsed.notices.append(
                f"columns separated by {names[self.parsed.delimiter]} (detected from the header)"
            )
        self.count = 0

    def close(self) -> None:
        """Close the file when this stream opened it (a path was given)."""
        if self.owns_file:
            self.binary.close()

    def _size(self) -> int:
        try:
            position = self.binary.tell()
            size = self.binary.seek(0, io.SEEK_END)
            self.binary.seek(position)
            return max(size, 1)
        except (OSError, AttributeError):
            return 1

    def __iter__(self) -> Iterator[dict]:
        for event in self.events:
            self.count += 1
            if self.progress and self.count % 5000 == 0:
                done = self.table.bytes_read[0] / self.total if self.table else 0.5
                self.progress(self.share * min(done, 1.0), f"{self.parsed.rows_read:,} rows read, {self.count:,} good")
            yield event
        if self.linker is not None:
            self.parsed.actors.extend(self.linker.actors.values())
        if not self.count:
            raise self.no_rows()

    def no_rows(self) -> ImportFailed:
        parsed = self.parsed
        shown = "\n".join(f"  - {p}" for p in parsed.problems[:20])
        more = f"\n  ... and {parsed.problem_count - 20} more" if parsed.problem_count > 20 else ""
        return ImportFailed(
            f"{parsed.file}: no row could be imported ({parsed.rows_read} read, {parsed.refused_rows} refused); "
            f"the store is unchanged. Fix: correct the rows below and import again"
            + (f":\n{shown}{more}" if shown else "")
        )


def parse_import(
    data,
    file_name: str,
    fmt: str | None = None,
    origin: str | None = None,
    store=None,
    progress: Progress | None = None,
    actor_table: Path | None = DEFAULT_ACTOR_TABLE,
) -> ParsedImport:
    """Validate a file without storing anything (events kept in ``.events``). ``store`` supplies known ids."""
    stream = _Stream(data, file_name, fmt, origin, store, progress, actor_table)
    try:
        stream.parsed.events = list(stream)
    except ImportFailed:
        if stream.count:
            raise
    finally:
        stream.close()
    stream.parsed.problems.sort(key=lambda p: p.row or 0)
    return stream.parsed


def _storage_failed(file_name: str, error: Exception) -> ImportFailed:
    text = str(error)
    if "full" in text.lower() or getattr(error, "errno", None) == 28:
        return ImportFailed(
            f"{file_name}: the disk holding the store filled up while the events were stored ({text}); nothing "
            "was imported and the store is as it was. Fix: free some space on that disk (or set GEO_STORE_PATH "
            "to a disk with room) and import again"
        )
    return ImportFailed(
        f"{file_name}: the store could not be written ({text}); nothing was imported and the store is as it "
        "was. Fix: check that GEO_STORE_PATH is writable and not locked by another program, then import again"
    )


def import_events(
    store,
    data,
    file_name: str,
    fmt: str | None = None,
    origin: str | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    actor_table: Path | None = DEFAULT_ACTOR_TABLE,
) -> ImportReport:
    """Validate ``data`` (bytes, a path or a binary file) and store its good rows in one transaction.

    Rows stream from the file (memory holds the good events, not the file's
    text or rows). With ``replace`` the events of the same origin that the
    file no longer holds are removed in the same transaction. Raises
    :class:`~geo.errors.ImportFailed` (store unchanged) when the file is not
    an import of ``fmt``, no row passes, or the store cannot be written (a
    full disk); the error lists the bad rows or says what to free.
    """
    # reading and checking takes about half of a new import's time, storing the rest (bench/imports.py)
    stream = _Stream(data, file_name, fmt, origin, store, progress, actor_table, share=_READING_SHARE)
    parsed = stream.parsed
    try:
        # Rows stream from the file (neither its text nor its rows are held); the good events are
        # kept until the whole file has been checked, then stored in one transaction.
        events = list(stream)
    finally:
        stream.close()
    if progress:
        progress(_READING_SHARE, f"storing {len(events):,} events")
    provenance = {"format": parsed.format, "file": parsed.file, "imported_at": dt.datetime.now(dt.UTC).isoformat()}
    try:
        changes = store.add_events(
            events,
            origin=parsed.origin,
            description=f"import of {parsed.file} ({parsed.format}) as origin {parsed.origin}",
            actors=parsed.actors,
            provenance=provenance,
            replace=replace,
            progress=(
                (lambda done, message: progress(_READING_SHARE + (1 - _READING_SHARE) * done, message))
                if progress
                else None
            ),
        )
    except (sqlite3.Error, OSError, StoreError) as error:
        raise _storage_failed(parsed.file, error) from None
    parsed.problems.sort(key=lambda p: p.row or 0)
    linked = {a["id"]: a["affiliated_with"] for a in parsed.actors if a.get("affiliated_with")}
    linked_names, unlinked = stream.linker.report() if stream.linker else ([], [])
    return ImportReport(
        format=parsed.format,
        origin=parsed.origin,
        file=parsed.file,
        rows_read=parsed.rows_read,
        rows_imported=stream.count,
        problems=parsed.problems,
        notices=parsed.notices,
        added=len(changes["added"]),
        modified=len(changes["modified"]),
        removed=len(changes["removed"]),
        unchanged=stream.count - len(changes["added"]) - len(changes["modified"]),
        actors=len(parsed.actors),
        linked_actors=linked,
        data_version=store.data_version(),
        refused_rows=parsed.refused_rows,
        problem_count=parsed.problem_count,
        delimiter=parsed.delimiter,
        linked_names=linked_names,
        unlinked=unlinked,
    )
