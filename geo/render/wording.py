"""Plain words for what tables, popups, captions and pages show: dates and places with their precision.

A reader sees "2017 (year)" or "within ~25 km", never a precision code. Every
screen and every snapshot uses these, so the same event reads the same way
everywhere.
"""

from __future__ import annotations

from geo.escaping import is_missing

__all__ = ["PLACE_KIND_WORDS", "describe_date", "describe_precision"]


PLACE_KIND_WORDS = {
    "country": "country",
    "admin1": "region or state",
    "township": "township",
    "city": "city",
    "town": "town",
    "village": "village",
    "site": "site",
    "island": "island",
}


def describe_date(row) -> str:
    """An event's date with its precision, e.g. '2017 (year)', '2021-02-01 to 2022-12-31 (range)'."""
    start, end, precision = row.get("date_start"), row.get("date_end"), row.get("date_precision") or ""
    start = None if is_missing(start) or start == "" else str(start)
    end = None if is_missing(end) or end == "" else str(end)
    if not start:
        return "undated (no date in the source)"
    if precision == "day":
        return f"{start} (day)"
    if precision == "month":
        return f"{start[:7]} (month)"
    if precision == "year":
        return f"{start[:4]} (year)"
    if precision == "period":
        return f"{start} to {end} (period of operation)" if end else f"since {start} (period of operation, still open)"
    return f"{start} to {end or 'open'} ({precision or 'range'})"


def describe_precision(precision_m) -> str:
    """How far the true location may be from the point, in words."""
    if is_missing(precision_m):
        return "precision unknown"
    metres = int(precision_m)
    if metres < 1000:
        return f"within ~{metres} m"
    return f"within ~{metres / 1000:g} km"
