"""Reading and checking the rows of an event file: decoding, the delimiter, the header, missing values, numbers.

Shared by every import format (:mod:`geo.intake.acled`, :mod:`geo.intake.ucdp`,
:mod:`geo.intake.tabular`). A file is read as a stream of lines, so memory does
not grow with its length: :func:`open_table` decodes UTF-8 line by line (a BOM is
accepted), detects the delimiter (``,``, ``;`` or tab) from the header, reads the
header in any case, and yields one ``(row number, {column: text})`` per record
with every missing-value marker (:data:`MISSING_MARKERS`) turned into ``""``.
Each bad value becomes a :class:`~geo.errors.DataFileError` naming the row, the
field and the fix; a file that cannot be read at all raises
:class:`~geo.errors.ImportFailed`, and since the import stores in one
transaction, the store is then left exactly as it was.

Limits (documented in the README, "Importing event data"): a cell holds at most
:data:`MAX_CELL` characters (a longer one refuses its row, naming the field);
a quoted cell running past :data:`MAX_BROKEN_CELL` characters is an unclosed
quote and refuses the file; at most :data:`MAX_PROBLEMS_KEPT` problems are kept
in detail, the rest are counted.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from geo.errors import DataFileError, ImportFailed

__all__ = [
    "DELIMITERS",
    "MAX_BROKEN_CELL",
    "MAX_CELL",
    "MAX_PROBLEMS_KEPT",
    "MAX_TEXT",
    "MISSING_MARKERS",
    "ParsedImport",
    "Progress",
    "Table",
    "cell_text",
    "check_coordinates",
    "check_dataset_id",
    "checked_rows",
    "dataset_event",
    "decode_import",
    "is_missing_cell",
    "open_binary",
    "open_table",
    "parse_count",
    "parse_number",
]


MAX_TEXT = 5000

# The longest cell an import reads: the csv module's own default limit. A longer cell refuses its row.
MAX_CELL = 131_072
# A quoted cell longer than this is a quote that is never closed: the rest of the file is inside it.
MAX_BROKEN_CELL = 16 * 1024 * 1024
MAX_PROBLEMS_KEPT = 1000

# Cells that mean "no value", whatever tool wrote the file (R writes NA, pandas nan, databases NULL).
MISSING_MARKERS = frozenset({"", "na", "n/a", "#n/a", "null", "nan", "none", "<na>"})

# Every way of writing each marker in upper and lower case (NA, na, Na, nA...): one set lookup per cell.
_MISSING_ANY_CASE = frozenset(
    "".join(letters) for marker in MISSING_MARKERS for letters in itertools.product(*({c, c.upper()} for c in marker))
)

_EMPTY_IF_MISSING = dict.fromkeys(_MISSING_ANY_CASE, "")

DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}

Progress = Callable[[float, str], None]

_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def is_missing_cell(value) -> bool:
    """True for None, a float NaN and the text markers of :data:`MISSING_MARKERS` (any case)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and value.strip().lower() in MISSING_MARKERS


@dataclass
class ParsedImport:
    """What a file holds once validated: events, actors, the rows refused, and what was noticed on the way."""

    format: str
    origin: str
    file: str
    rows_read: int = 0
    events: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)
    problems: list[DataFileError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    refused_rows: int = 0
    problem_count: int = 0
    delimiter: str | None = None
    actor_counts: dict[str, int] = field(default_factory=dict)
    actor_table_rows: int = 0

    def refuse(self, problems: list[DataFileError]) -> None:
        """Record the problems of one refused row (at most :data:`MAX_PROBLEMS_KEPT` kept in detail)."""
        self.refused_rows += 1
        self.problem_count += len(problems)
        room = MAX_PROBLEMS_KEPT - len(self.problems)
        if room > 0:
            self.problems += problems[:room]


def open_binary(source) -> BinaryIO:
    """A binary stream over ``source``: bytes, a path, or an already open binary file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source)
    if isinstance(source, (str, Path)):
        return open(source, "rb")
    return source


def _not_utf8(file_name: str, raw: bytes, error: UnicodeDecodeError, offset: int, line: int) -> ImportFailed:
    return ImportFailed(
        f"{file_name}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {offset + error.start}, line {line}); "
        "nothing was imported. Fix: save the file as UTF-8 (ACLED's and UCDP's exports are UTF-8; in a "
        "spreadsheet choose 'CSV UTF-8', or convert with: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.csv)"
    )


def _text_lines(binary: BinaryIO, file_name: str, counter: list[int]) -> Iterator[str]:
    """The file's lines decoded as UTF-8, one at a time; ``counter[0]`` is kept at the bytes read so far."""
    offset = 0
    for number, raw in enumerate(binary, start=1):
        start = 3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
        try:
            line = raw[start:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _not_utf8(file_name, raw[start:], error, offset + start, number) from None
        offset += len(raw)
        counter[0] = offset
        yield line


def decode_import(data: bytes, file_name: str) -> str:
    """The whole of ``data`` as text (a BOM dropped), or :class:`ImportFailed` naming the first non-UTF-8 byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _not_utf8(file_name, data, error, 0, line) from None


def _sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class Table:
    """An open delimited file: its header (lower case), its delimiter and a stream of its rows.

    Read either ``rows`` (``(row number, {column: text})``) or ``cells`` (``(row number, [text, ...])``
    in the order of ``names``, the cheaper form for a large file), not both: they share one stream.
    """

    header: list[str]
    delimiter: str
    cells: Iterator[tuple[int, list[str]]]
    bytes_read: list[int]
    names: list[str]

    @property
    def rows(self) -> Iterator[tuple[int, dict]]:
        names = self.names
        return ((line, dict(zip(names, cells))) for line, cells in self.cells)


def open_table(
    binary: BinaryIO,
    parsed: ParsedImport,
    required: list[str],
    fmt: str,
    numeric: tuple[str, ...] = (),
    columns: list[str] | None = None,
) -> Table:
    """Read the header of ``binary`` and return a :class:`Table` whose rows stream on demand.

    Header names are matched in any case (``EVENT_ID_CNTY`` is ``event_id_cnty``);
    the delimiter is the most frequent of ``,`` ``;`` and tab in the header line and
    is recorded in ``parsed.delimiter``. In a ``;`` file, the ``numeric`` columns
    may use a decimal comma (``22,9605``). Rows with more cells than the header,
    or a cell over :data:`MAX_CELL` characters, are refused (``parsed.refuse``).
    With ``columns``, rows hold only those columns (the others are ignored).
    """
    counter = [0]
    lines = _text_lines(binary, parsed.file, counter)
    first = next(lines, None)
    while first is not None and not first.strip():
        first = next(lines, None)
    if first is None:
        raise ImportFailed(f"{parsed.file}: the file is empty; nothing was imported. Fix: choose a CSV file")
    delimiter = _sniff_delimiter(first)
    parsed.delimiter = delimiter
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BROKEN_CELL))
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except csv.Error as error:
        raise ImportFailed(f"{parsed.file}: not a readable CSV file ({error}). Fix: export it again as CSV") from None
    missing = [name for name in required if name not in header]
    if missing:
        hint = ""
        if fmt in ("acled", "ucdp") and "id" in header and "category" in header:
            hint = " This looks like this tool's own CSV: import it with --format csv."
        elif fmt != "acled" and "event_id_cnty" in header:
            hint = " This looks like an ACLED export: import it with --format acled."
        elif fmt != "ucdp" and "where_prec" in header:
            hint = " This looks like a UCDP GED file: import it with --format ucdp."
        what = {"acled": "an ACLED export", "ucdp": "a UCDP GED file"}.get(fmt, "an event CSV")
        read_as = f" (read with the {DELIMITERS[delimiter]} as delimiter, {len(header)} column(s))"
        raise ImportFailed(
            f"{parsed.file}: not {what}: the header{read_as} lacks {', '.join(missing)}; nothing was imported.{hint} "
            f"Fix: use a file whose first row names the columns {', '.join(required)}, separated by commas, "
            "semicolons or tabs"
        )
    wanted = [(name, index) for index, name in enumerate(header) if columns is None or name in columns]
    wanted = list({name: (name, index) for name, index in wanted}.values())  # a column named twice: the last one
    cells = _cells(reader, header, wanted, parsed, delimiter, numeric, counter)
    return Table(header, delimiter, cells, counter, [name for name, _ in wanted])


def _cells(reader, header, wanted, parsed: ParsedImport, delimiter: str, numeric: tuple[str, ...], counter):
    width = len(header)
    indexes = [index for _, index in wanted]
    last = max(indexes, default=-1)
    pick = operator.itemgetter(*indexes) if len(indexes) > 1 else lambda cells: tuple(cells[i] for i in indexes)
    read_before = counter[0]
    numeric_at = [position for position, (name, _) in enumerate(wanted) if name in numeric]
    decimal_commas = 0
    line = 1
    try:
        for cells in reader:
            line += 1
            if not "".join(cells).strip():  # a blank row (every cell empty or spaces)
                continue
            problems = []
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                problems.append(
                    DataFileError(
                        parsed.file,
                        f"the row has {len(cells)} cells but the header names {width} columns",
                        f"quote the cell that contains the delimiter '{delimiter}' (or remove the extra cells)",
                        line,
                    )
                )
            # a cell holds no more characters than the bytes the row took: only a long row is measured
            read, read_before = counter[0] - read_before, counter[0]
            if read > MAX_CELL and max(map(len, cells)) > MAX_CELL:
                for name, cell in zip(header, cells):
                    if len(cell) <= MAX_CELL:
                        continue
                    problems.append(
                        DataFileError(
                            parsed.file,
                            f"the cell holds {len(cell):,} characters, more than the {MAX_CELL:,} an import reads",
                            "shorten it, or close the quote that makes it run on into the next rows",
                            line,
                            name,
                        )
                    )
            if problems:
                parsed.rows_read += 1
                parsed.refuse(problems)
                continue
            if len(cells) > last:  # every wanted cell is there (the common case): no loop written in Python
                stripped = tuple(map(str.strip, pick(cells)))
                row = list(map(_EMPTY_IF_MISSING.get, stripped, stripped))
            else:  # a short row: its missing trailing cells are empty
                row = [cells[i].strip() if i < len(cells) else "" for i in indexes]
                row = ["" if text in _MISSING_ANY_CASE else text for text in row]
            if delimiter == ";":
                for position in numeric_at:
                    value = row[position]
                    if "," in value and _DECIMAL_COMMA.match(value):
                        row[position] = value.replace(",", ".")
                        decimal_commas += 1
            yield line, row
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportFailed(
                f"{parsed.file}, row {line + 1}: a quoted cell runs on for more than {MAX_BROKEN_CELL:,} characters: "
                "a quote that is never closed; nothing was imported. Fix: close the quoted field (or double the "
                'quote inside it: "")'
            ) from None
        raise ImportFailed(
            f"{parsed.file}, row {line + 1}: broken CSV ({error}); nothing was imported. "
            "Fix: close the quoted field or remove the stray quote"
        ) from None
    if decimal_commas:
        parsed.notices.append(
            f"{decimal_commas:,} value(s) in {', '.join(numeric)} were written with a decimal comma and read as "
            "decimal points"
        )


def parse_number(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or not low <= number <= high:
        return None
    return number


def parse_count(value: str) -> int | None:
    """A whole number of 0 or more written in ASCII digits (``3``, ``3.0``), or None (``²``, ``-1``, ``x``)."""
    text = (value or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def check_coordinates(row: dict, add) -> tuple[float, float] | None:
    raw_lat = parse_number(row.get("latitude", ""), -1000, 1000)
    raw_lon = parse_number(row.get("longitude", ""), -1000, 1000)
    if raw_lat is not None and raw_lon is not None and 92 <= raw_lat <= 102 and 9 <= raw_lon <= 29:
        add("latitude", "latitude and longitude look swapped (this is Myanmar's longitude)", "swap the two values")
        return None
    lat = parse_number(row.get("latitude", ""), -90, 90)
    lon = parse_number(row.get("longitude", ""), -180, 180)
    if lat is None:
        add("latitude", f"'{row.get('latitude', '')}' is not a latitude", "give decimal degrees between -90 and 90")
    if lon is None:
        add(
            "longitude", f"'{row.get('longitude', '')}' is not a longitude", "give decimal degrees between -180 and 180"
        )
    if lat is None or lon is None:
        return None
    return lat, lon


# ------------------------------------------------ what the dataset formats share (ACLED, UCDP GED)


def checked_rows(table: Table, parsed: ParsedImport) -> Iterator[tuple[int, dict, list[DataFileError], Callable]]:
    """Each row of a dataset table with an empty list of its problems and ``add(column, problem, fix)`` to fill it.

    The caller refuses the row (``parsed.refuse(problems)``) when the list is not empty once it is checked.
    """
    for line, row in table.rows:
        parsed.rows_read += 1
        problems: list[DataFileError] = []

        def add(column, problem, fix, line=line, problems=problems):
            problems.append(DataFileError(parsed.file, problem, fix, line, column))

        yield line, row, problems, add


def check_dataset_id(
    add: Callable, column: str, shown: str, event_id: str, seen: dict, owners: dict, origin: str, dataset: str
) -> None:
    """Refuse (through ``add``) an event id that an earlier row of the file has, or that another origin holds."""
    if event_id in seen:
        add(column, f"'{shown}' repeats row {seen[event_id]}", f"keep one row per {dataset} event")
    elif owners.get(event_id, origin) != origin:
        owner = owners[event_id]
        add(column, f"'{shown}' already belongs to origin '{owner}'", f"import this file under origin '{owner}'")


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every row, not one per call


def dataset_event(
    *,
    event_id: str,
    title: str,
    summary: str,
    layer: str,
    dates: tuple[str, str, str],
    place_name: str,
    point: tuple[float, float],
    precision_m: int,
    note: str,
    actor_roles: list,
    provenance: dict | str,
) -> dict:
    """The event of one dataset row; what a dataset never gives (a place or route id, a passage) is empty.

    ``dates`` is (date_start, date_end, date_precision); ``provenance`` a dict, or its JSON text already written; the point is rounded to 1e-5 degree (about a metre).
    """
    return {
        "id": event_id,
        "kind": "event",
        "title": title[:200],
        "summary": (summary or "")[:MAX_TEXT] or None,
        "category": layer,
        "date_start": dates[0],
        "date_end": dates[1],
        "date_precision": dates[2],
        "place_id": None,
        "place_name": place_name,
        "route_id": None,
        "latitude": round(point[0], 5),
        "longitude": round(point[1], 5),
        "precision_m": precision_m,
        "article_id": None,
        "source_start": None,
        "source_end": None,
        "quote": None,
        "note": note[:MAX_TEXT],
        "actor_roles": actor_roles,
        "provenance": provenance if isinstance(provenance, str) else _to_json(provenance),
    }


def cell_text(value) -> str:
    """The text of an imported value: "" for any missing value (None, NaN, NA...), lists joined by ``|``."""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value if not is_missing_cell(v))
    if isinstance(value, dict):
        return ""
    if is_missing_cell(value):
        return ""
    return str(value).strip()
