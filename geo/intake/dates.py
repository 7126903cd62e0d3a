"""Dates in article text, resolved as a reader would against the publication date, with their precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from geo.intake.mentions import Mention

__all__ = [
    "date_interval",
    "parse_published",
    "resolve_dates",
]


_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
                        "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}  # fmt: skip


_MONTH = (
    r"(?:" + "|".join(_MONTHS) + "|" + "|".join(f"{m}\\." for m in _MONTH_ABBREVIATIONS)
    + "|" + "|".join(m.upper() for m in _MONTHS) + r")"
)  # fmt: skip


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"


_YEAR = r"(?:19|20)\d{2}"


_MODIFIER = r"(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate|[Mm]id-?)"


_PREPOSITION = r"(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Oo]n|[Bb]efore|[Aa]fter|[Tt]ill|[Ee]nd of|[Oo]f)"


_DATE_PATTERN = re.compile(
    rf"""
    (?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])(?:-(?P<iso_d>0[1-9]|[12]\d|3[01]))?\b)
  | (?P<dmy>\b(?P<dmy_d>{_DAY})\s+(?P<dmy_m>{_MONTH}),?\s+(?P<dmy_y>{_YEAR})\b)
  | (?P<mdy>\b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})(?:,|\.)?\s+(?P<mdy_y>{_YEAR})\b)
  | (?P<my>\b(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_y>{_YEAR})\b)
  | (?P<md>(?:\b(?P<md_mod>{_MODIFIER})\s+)?\b(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})\b(?![\d,.]*\s*\d))
  | (?P<dm>(?:\b(?P<dm_mod>{_MODIFIER})\s+)?\b(?P<dm_d>{_DAY})\s+(?P<dm_m>{_MONTH})\b(?!,?\s*\d))
  | (?P<mo>\b(?P<mo_pre>{_PREPOSITION}|{_MODIFIER})\s+(?P<mo_m>{_MONTH})\b(?!\s*\d))
  | (?P<rel>\b(?P<rel_mod>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<rel_unit>year|month)\b)
  | (?P<y>(?<![\w$£€.,/#-])(?P<y_y>{_YEAR})(?![\w%/-]|[.,]\d))
    """,
    re.VERBOSE,
)


_RANGE_JOINER = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*$")


_RANGE_OPENER = re.compile(r"(?:\b[Bb]etween|\b[Ff]rom)\s+$")


def parse_published(published) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a publication date given as date, 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'; None if absent."""
    if published is None or published == "":
        return None
    if isinstance(published, (dt.date, dt.datetime)):
        return published.year, published.month, published.day
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", str(published))
    if not match:
        raise ValueError(f"publication date '{published}' is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in match.groups())
    return year, month, day


def _month_number(token: str) -> int:
    token = token.rstrip(".")
    if token.capitalize() in _MONTHS:
        return _MONTHS[token.capitalize()]
    return _MONTH_ABBREVIATIONS[token]


def _day_number(token: str) -> int:
    return int(re.match(r"\d+", token).group())


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _year_for(month: int, modifier: str | None, reference) -> tuple[int | None, bool]:
    """The year of a month written without one, given the publication date; and whether it rolled over."""
    if reference is None:
        return None, False
    year, pub_month, _ = reference
    if pub_month is None:
        return year, False
    modifier = (modifier or "").lower()
    if modifier == "last":
        return (year - 1, True) if month >= pub_month else (year, False)
    if modifier == "next":
        return (year + 1, True) if month <= pub_month else (year, False)
    # news reports the past: a month after the publication month is last year's
    return (year - 1, True) if month > pub_month else (year, False)


def _date_value(match: re.Match, reference) -> tuple[str | None, float]:
    """The ISO value of one date match and its confidence."""
    kind = match.lastgroup if match.lastgroup in ("iso", "dmy", "mdy", "my", "md", "dm", "mo", "rel", "y") else None
    groups = match.groupdict()
    for name in ("iso", "dmy", "mdy", "my", "md", "dm", "mo", "rel", "y"):
        if groups.get(name):
            kind = name
            break
    if kind == "iso":
        return groups["iso"], 0.95
    if kind in ("dmy", "mdy"):
        year, month, day = (
            int(groups[f"{kind}_y"]),
            _month_number(groups[f"{kind}_m"]),
            _day_number(groups[f"{kind}_d"]),
        )
        return (f"{year:04d}-{month:02d}-{day:02d}", 0.95) if _valid_day(year, month, day) else (None, 0.0)
    if kind == "my":
        return f"{int(groups['my_y']):04d}-{_month_number(groups['my_m']):02d}", 0.9
    if kind in ("md", "dm"):
        month, day = _month_number(groups[f"{kind}_m"]), _day_number(groups[f"{kind}_d"])
        modifier = groups.get(f"{kind}_mod")
        year, rolled = _year_for(month, modifier, reference)
        if year is None:
            return None, 0.3
        if not _valid_day(year, month, day):
            return None, 0.0
        return f"{year:04d}-{month:02d}-{day:02d}", 0.7 if rolled else 0.85
    if kind == "mo":
        month = _month_number(groups["mo_m"])
        modifier = groups["mo_pre"] if re.fullmatch(_MODIFIER, groups["mo_pre"]) else None
        year, rolled = _year_for(month, modifier, reference)
        if year is None:
            return None, 0.3
        return f"{year:04d}-{month:02d}", 0.65 if rolled else 0.8
    if kind == "rel":
        if reference is None:
            return None, 0.3
        year, month, _ = reference
        step = {"last": -1, "this": 0, "next": 1}[groups["rel_mod"].lower()]
        if groups["rel_unit"] == "year":
            return f"{year + step:04d}", 0.75
        if month is None:
            return None, 0.3
        index = year * 12 + (month - 1) + step
        return f"{index // 12:04d}-{index % 12 + 1:02d}", 0.75
    if kind == "y":
        return groups["y_y"], 0.7
    return None, 0.0


def resolve_dates(text: str, published=None) -> list[Mention]:
    """Date mentions in ``text`` with ISO values resolved against the publication date.

    Two dates joined as "between A and B", "from A to B" or "A–B" become
    one range mention ``A/B``. A month (and day) without a year takes the
    publication year, or the year before when it would otherwise lie after
    the publication month ("December 5" in a January 2024 statement is
    2023-12-05); "last"/"next" move it explicitly.
    """
    reference = parse_published(published) if not isinstance(published, tuple) else published
    found: list[Mention] = []
    for match in _DATE_PATTERN.finditer(text):
        value, confidence = _date_value(match, reference)
        start, end = match.span()
        found.append(
            Mention("date", text[start:end], start, end, value=value, confidence=confidence,
                    status="resolved" if value else "unresolved")
        )  # fmt: skip
    merged: list[Mention] = []
    index = 0
    while index < len(found):
        first = found[index]
        if index + 1 < len(found):
            second = found[index + 1]
            between = text[first.end : second.start]
            opener = _RANGE_OPENER.search(text, max(0, first.start - 12), first.start)
            joined = _RANGE_JOINER.fullmatch(" " + between.strip() + " ") or between.strip() in ("-", "–", "—")
            if (
                first.value
                and second.value
                and joined
                and (opener or between.strip() in ("-", "–", "—"))
                and first.value <= second.value
            ):
                start = opener.start() if opener else first.start
                merged.append(
                    Mention("date", text[start : second.end], start, second.end, value=f"{first.value}/{second.value}",
                            confidence=min(first.confidence, second.confidence))
                )  # fmt: skip
                index += 2
                continue
        merged.append(first)
        index += 1
    return merged


def date_interval(value: str | None) -> tuple[str | None, str | None, str]:
    """(date_start, date_end, date_precision) of a date value: 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or 'A/B'."""
    if not value:
        return None, None, "undated"
    if "/" in value:
        first, second = value.split("/", 1)
        return date_interval(first)[0], date_interval(second)[1], "range"
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return value, value, "day"
    if len(parts) == 2:
        year, month = parts
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", "month"
    return f"{parts[0]:04d}-01-01", f"{parts[0]:04d}-12-31", "year"
