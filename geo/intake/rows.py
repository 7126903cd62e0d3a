"""Reading and checking the rows of an event file: decoding, the CSV header, numbers and coordinates.

Shared by every import format (:mod:`geo.intake.acled`, :mod:`geo.intake.tabular`):
each bad value becomes a :class:`~geo.errors.DataFileError` naming the row, the
field and the fix, and a file that cannot be read at all raises
:class:`~geo.errors.ImportFailed` before the store is touched.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from geo.errors import DataFileError, ImportFailed

__all__ = [
    "MAX_TEXT",
    "ParsedImport",
    "Progress",
    "cell_text",
    "check_coordinates",
    "decode_import",
    "parse_number",
    "read_rows",
]


MAX_TEXT = 5000


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


def decode_import(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"{file_name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "nothing was imported. Fix: save the file as UTF-8 (ACLED's exports are UTF-8; in a spreadsheet "
            "choose 'CSV UTF-8')"
        ) from None


def read_rows(text: str, file_name: str, required: list[str], fmt: str) -> tuple[list[str], list[tuple[int, dict]]]:
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


def parse_number(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not low <= number <= high:
        return None
    return number


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


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value).strip()
