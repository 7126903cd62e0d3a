"""Dates in article text, resolved as a reader would against the publication date, with their precision.

Absolute dates ("Feb 1, 2021", "2 January 2024", "Jan 31", "10-9-2023": the
reading of day and month that is a date, the publication day when both
are), months and years, ranges ("between February 2021 and December 2022",
"July 14 to 18"), weekdays ("on Tuesday": the latest such day on or before
publication, or the next one when the sentence looks ahead: "will",
"scheduled"), relative days and weeks ("yesterday", "last week",
"earlier/later this week", "during the week", "the first week of February",
"this weekend": the one of the week of publication, "the following week":
after the date mentioned before it), seasons ("last spring": March to May),
parts of a year ("early 2023", "the first months of 2023", "the beginning of
the year": January to April; "mid-", "late", "the end of 2017": September
to December; "earlier this year": New Year
to the day before publication), "December last year", "last November" (a
year ago when said in December), decades ("the 1960s"). Calendar arithmetic
is python-dateutil's ``relativedelta``. Values are ISO ``YYYY-MM-DD``,
``YYYY-MM``, ``YYYY`` or a range ``A/B``; a vague qualifier inside a month
("end of June 2024", "early July") keeps the whole month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.relativedelta import MO, SU, relativedelta, weekday

from geo.intake.mentions import Mention

__all__ = [
    "date_interval",
    "parse_published",
    "resolve_dates",
]


_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
                        "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}  # fmt: skip


# A month abbreviation written without its period ("Jan 31", "Feb 1, 2021") counts only before a number.
_BARE_ABBREVIATION = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?=\s+\d)"

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = r"(?:" + "|".join(_WEEKDAYS) + r")"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
_YEAR_PARTS = {"early": (1, 4), "first months of": (1, 4), "mid": (5, 8), "middle of": (5, 8), "late": (9, 12),
               "last months of": (9, 12), "first half of": (1, 6), "second half of": (7, 12), "q1": (1, 3), "q2": (4, 6),
               "q3": (7, 9), "q4": (10, 12), "beginning of": (1, 4), "start of": (1, 4), "end of": (9, 12), "first quarter of": (1, 3), "second quarter of": (4, 6),
               "third quarter of": (7, 9), "fourth quarter of": (10, 12)}  # fmt: skip


_MONTH = (
    r"(?:" + "|".join(_MONTHS) + "|" + "|".join(f"{m}\\." for m in _MONTH_ABBREVIATIONS)
    + "|" + "|".join(m.upper() for m in _MONTHS) + "|" + _BARE_ABBREVIATION + r")"
)  # fmt: skip


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"


_YEAR = r"(?:19|20)\d{2}"


_MODIFIER = r"(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate|[Mm]id-?)"


_PREPOSITION = r"(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Oo]n|[Bb]efore|[Aa]fter|[Tt]ill|[Ee]nd of|[Oo]f)"


_DATE_PATTERN = re.compile(
    rf"""
    (?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])(?:-(?P<iso_d>0[1-9]|[12]\d|3[01]))?\b)
  | (?P<yy>\b(?P<yy_1>{_YEAR})\s*[-–—\ufffd]\s*(?P<yy_2>{_YEAR}|\d\d(?![-\d]))\b)
  | (?P<mdd>\b(?P<mdd_m>{_MONTH})\s+(?P<mdd_d1>{_DAY})\s*(?:to|-|–|until|through)\s*(?P<mdd_d2>{_DAY})\b
       (?:,?\s+(?P<mdd_y>{_YEAR})\b)?)
  | (?P<mm>\b(?:(?P<mm_open>[Bb]etween)\s+|[Ff]rom\s+)?(?P<mm_m1>{_MONTH})\s*(?(mm_open)(?:and|to|-|–)|(?:to|until|through|-|–))\s*
       (?P<mm_m2>{_MONTH})\b(?:,?\s+(?P<mm_y>{_YEAR})\b|\s+(?P<mm_rel>this|last|next)\s+year\b)?(?!\s*\d))
  | (?P<ddm>\b(?P<ddm_d1>{_DAY})\s*(?:to|-|–|until|through)\s*(?P<ddm_d2>{_DAY})\s+(?P<ddm_m>{_MONTH})\b
       (?:,?\s+(?P<ddm_y>{_YEAR})\b)?)
  | (?P<wdd>\b(?:(?P<wdd_mod>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom)\s+)?(?P<wdd_1>{_WEEKDAY})
       (?:\s+and\s+(?P<wdd_2>{_WEEKDAY}))?\b(?!,?\s+(?:{_MONTH}|{_DAY}\s)))
  | (?P<reld>\b(?P<reld_w>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b)
  | (?P<num>\b(?P<num_a>[0-3]?\d)(?P<num_sep>[-/.])(?P<num_b>[0-3]?\d)(?P=num_sep)(?P<num_y>{_YEAR})\b)
  | (?P<wkof>\b(?:[Tt]he\s+)?(?P<wkof_n>first|second|third|fourth|last)\s+week\s+of\s+(?P<wkof_m>{_MONTH})\b
       (?:,?\s+(?P<wkof_y>{_YEAR})\b)?)
  | (?P<relw>\b(?P<relw_mod>[Ii]n\s+the\s+(?:last|past)|[Dd]uring\s+the|[Oo]ver\s+the\s+(?:last|past)|[Tt]he\s+past|[Ll]ast|[Nn]ext|[Tt]he\s+following|[Tt]he\s+previous|[Ee]arlier\s+this|[Ll]ater\s+this|[Tt]his)
       \s+week\b(?!\s+of\s+{_MONTH}))
  | (?P<mrel>\b(?P<mrel_m>{_MONTH})\s+(?P<mrel_mod>last|this|next)\s+year\b)
  | (?P<season>\b(?P<season_mod>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<season_s>spring|summer|autumn|fall|winter)\b)
  | (?P<sy>\b(?:[Ii]n\s+|[Tt]he\s+|[Ss]ince\s+)(?:the\s+)?(?P<sy_s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?
       (?P<sy_y>{_YEAR})\b)
  | (?P<wkend>\b(?P<wkend_mod>[Ll]ast|[Tt]his|[Oo]ver\s+the|[Tt]he\s+past|[Aa]t\s+the|[Ll]ate\s+last|[Tt]he)\s+weekend\b)
  | (?P<reldd>\b(?:[Tt]he\s+(?P<reldd_a>following|next|previous|preceding)\s+day|[Aa]\s+day\s+(?P<reldd_b>later|earlier)
       |[Tt]he\s+day\s+(?P<reldd_c>before|after))\b)
  | (?P<ypart>\b(?:[Ii]n\s+)?(?:the\s+)?(?P<ypart_p>[Ee]arly|[Mm]id|[Ll]ate|[Ff]irst\s+months\s+of|[Ll]ast\s+months\s+of|
       [Mm]iddle\s+of|[Ff]irst\s+half\s+of|[Ss]econd\s+half\s+of|(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+of|
       Q[1-4]|[Bb]eginning\s+of|[Ss]tart\s+of|[Ee]nd\s+of)[\s-]+(?:(?P<ypart_y>{_YEAR})\b|(?P<ypart_rel>this|last|next|the)\s+year\b))
  | (?P<sofar>\b[Ee]arlier\s+this\s+year\b)
  | (?P<decade>\b(?:the\s+)?(?P<decade_y>(?:19|20)\d0)[’']?s\b)
  | (?P<dmy>\b(?P<dmy_d>{_DAY})\s+(?P<dmy_m>{_MONTH}),?\s+(?P<dmy_y>{_YEAR})\b)
  | (?P<mdy>\b(?P<mdy_m>{_MONTH})(?:\s+|(?<=\.))(?P<mdy_d>{_DAY})(?:,|\.)?\s+(?P<mdy_y>{_YEAR})\b)
  | (?P<my>\b(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_y>{_YEAR})\b)
  | (?P<md>(?:\b(?P<md_mod>{_MODIFIER})\s+)?\b(?P<md_m>{_MONTH})(?:\s+|(?<=\.))(?P<md_d>{_DAY})\b(?![\d,.]*\s*\d)
       (?:\s+(?P<md_rel>this|last|next)\s+year\b)?)
  | (?P<dm>(?:\b(?P<dm_mod>{_MODIFIER})\s+)?\b(?P<dm_d>{_DAY})\s+(?P<dm_m>{_MONTH})\b(?!,?\s*\d))
  | (?P<mo>\b(?P<mo_pre>{_PREPOSITION}|{_MODIFIER})(?:\s+|(?<=-))(?P<mo_m>{_MONTH})\b(?!\s*\d)
       (?!\s+(?:last|this|next)\s+year))
  | (?P<rel>\b(?P<rel_mod>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<rel_unit>year|month)\b)
  | (?P<y>(?<![\w$£€.,/#-])(?P<y_y>{_YEAR})(?![\w%/-]|[.,]\d))
    """,
    re.VERBOSE,
)


_RANGE_JOINER = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*$")


_RANGE_OPENER = re.compile(r"(?:\b[Bb]etween|\b[Ff]rom)\s+(?:the\s+)?$")


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
    if modifier == "last":  # "last November" in December is a year ago: the month just gone is "last month"
        return (year - 1, True) if month >= pub_month - 1 or (pub_month == 1 and month == 12) else (year, False)
    if modifier in ("next", "forward"):
        return (year + 1, True) if month < pub_month or (modifier == "next" and month == pub_month) else (year, False)
    # news reports the past: a month after the publication month is last year's
    return (year - 1, True) if month > pub_month else (year, False)


_KINDS = ("iso", "num", "wkof", "sofar", "yy", "mm", "mdd", "ddm", "wdd", "reld", "relw", "mrel", "season", "sy", "wkend", "reldd", "ypart", "decade", "dmy", "mdy", "my", "md",
          "dm", "mo", "rel", "y")  # fmt: skip

# Words before a weekday in the same sentence that point forward ("talks will resume on Monday").
_FORWARD = re.compile(
    r"\b(?:will|would|shall|scheduled|due|expected|planned|plans?|to be held|upcoming|set to|next)\b", re.I
)


_PAST = re.compile(r"\b(?:said|says|was|were|had|did|told|reported|announced|began|started)\b", re.I)


def _looks_ahead(before: str) -> bool:
    """Whether the clause before a date points forward ("will be selected after the holidays in April").

    A forward word counts unless a past-tense report follows it ("will attend, he said on Monday").
    """
    found = list(_FORWARD.finditer(before))
    return bool(found) and not _PAST.search(before, found[-1].end())


def _day_of(reference) -> dt.date | None:
    if reference is None or reference[1] is None or reference[2] is None:
        return None
    return dt.date(*reference)


def _span(first: dt.date, last: dt.date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"


def _month_range(year: int, first: int, last: int) -> str:
    """'YYYY-MM/YYYY-MM' for months first..last of year (last may pass December: 14 is next February)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return f"{year:04d}-{first:02d}/{end_year:04d}-{end_month:02d}"


def _weekday_value(groups, reference, before: str) -> tuple[str | None, float]:
    day = _day_of(reference)
    if day is None:
        return None, 0.3
    modifier = (groups.get("wdd_mod") or "").lower()
    names = [groups["wdd_1"], groups.get("wdd_2")]
    forward = modifier == "next" or (modifier not in ("last", "since") and _looks_ahead(before[-40:]))
    found = []
    for name in filter(None, names):
        target = weekday(_WEEKDAYS.index(name.capitalize()))
        if forward:
            found.append(day + relativedelta(days=1, weekday=target(+1)))
        elif modifier == "last":
            found.append(day + relativedelta(days=-1, weekday=target(-1)))
        else:
            found.append(day + relativedelta(weekday=target(-1)))
    if len(found) == 2 and found[1] < found[0]:  # "on Sunday and Monday": the second day follows the first
        if forward:
            found[1] += relativedelta(weeks=1)
        else:
            found[0] -= relativedelta(weeks=1)
    return _span(found[0], found[-1]), 0.75


def _week_value(groups, reference, previous: str | None) -> tuple[str | None, float]:
    day = _day_of(reference)
    modifier = re.sub(r"\s+", " ", groups["relw_mod"].lower())
    if modifier in ("the following", "the previous") and previous:
        anchor = dt.date.fromisoformat(date_interval(previous)[1 if modifier == "the following" else 0])
        monday = anchor + relativedelta(weekday=MO(-1))
        monday += relativedelta(weeks=1 if modifier == "the following" else -1)
        return _span(monday, monday + relativedelta(days=6)), 0.65
    if day is None:
        return None, 0.3
    if modifier == "during the":  # "fighting during the week": the week of publication
        modifier = "this"
    if modifier.endswith(("the last", "the past")):  # "in the last week": the seven days before publication
        return _span(day - relativedelta(days=7), day - relativedelta(days=1)), 0.7
    monday = day + relativedelta(weekday=MO(-1))
    if modifier in ("last", "the previous"):
        return _span(monday - relativedelta(weeks=1), monday - relativedelta(days=1)), 0.75
    if modifier in ("next", "the following"):
        return _span(monday + relativedelta(weeks=1), monday + relativedelta(days=13)), 0.7
    if modifier == "earlier this":
        return _span(monday, max(monday, day - relativedelta(days=1))), 0.75
    if modifier == "later this":
        sunday = day + relativedelta(weekday=SU(+1))
        return _span(min(sunday, day + relativedelta(days=1)), sunday), 0.7
    return _span(monday, monday + relativedelta(days=6)), 0.7


def _numeric_value(groups, reference) -> tuple[str | None, float]:
    """'10-9-2023', '10/09/2023': day-month or month-day, the reading that is a valid date (the publication day when
    both are); None when the two readings stay apart."""
    first, second, year = int(groups["num_a"]), int(groups["num_b"]), int(groups["num_y"])
    readings = []
    for month, day in ((second, first), (first, second)):
        if 1 <= month <= 12 and _valid_day(year, month, day) and (year, month, day) not in readings:
            readings.append((year, month, day))
    if reference in readings:
        readings = [reference]
    if len(readings) != 1:
        return None, 0.3
    return "{:04d}-{:02d}-{:02d}".format(*readings[0]), 0.8


def _date_value(match: re.Match, reference, before: str = "", previous: str | None = None) -> tuple[str | None, float]:
    """The ISO value of one date match and its confidence.

    ``before``: the sentence up to 40 characters before it (for forward-looking words: "will be held on");
    ``previous``: the value of the date mentioned before (for "the following week").
    """
    groups = match.groupdict()
    kind = next((name for name in _KINDS if groups.get(name)), None)
    if kind == "iso":
        return groups["iso"], 0.95
    if kind == "num":
        return _numeric_value(groups, reference)
    if kind == "wkof":  # "the first week of February": days 1-7; "the last week of": its last seven days
        month = _month_number(groups["wkof_m"])
        year = int(groups["wkof_y"]) if groups.get("wkof_y") else _year_for(month, None, reference)[0]
        if year is None:
            return None, 0.3
        length = calendar.monthrange(year, month)[1]
        index = ("first", "second", "third", "fourth").index(groups["wkof_n"]) if groups["wkof_n"] != "last" else None
        first = 1 + 7 * index if index is not None else length - 6
        return _span(dt.date(year, month, first), dt.date(year, month, first + 6)), 0.7
    if kind == "sofar":  # "earlier this year": from New Year to the day before publication
        day = _day_of(reference)
        if day is None or (day.month, day.day) == (1, 1):
            return (f"{reference[0]:04d}", 0.5) if reference else (None, 0.3)
        return _span(dt.date(day.year, 1, 1), day - relativedelta(days=1)), 0.65
    if kind == "yy":
        first, last = int(groups["yy_1"]), int(groups["yy_2"])
        last += first - first % 100 if last < 100 else 0  # "2022-23": the century of the first year
        return (f"{first:04d}/{last:04d}", 0.85) if first < last else (None, 0.0)
    if kind == "mm":  # "between January and June this year", "January to June 2024": months of one year
        first, last = _month_number(groups["mm_m1"]), _month_number(groups["mm_m2"])
        if groups.get("mm_y"):
            year = int(groups["mm_y"])
        elif groups.get("mm_rel") and reference is not None:
            year = reference[0] + {"this": 0, "last": -1, "next": 1}[groups["mm_rel"]]
        else:
            year = _year_for(last, None, reference)[0]
        if year is None:
            return None, 0.3
        start_year = year if first <= last else year - 1
        return f"{start_year:04d}-{first:02d}/{year:04d}-{last:02d}", 0.8
    if kind in ("mdd", "ddm"):
        month = _month_number(groups[f"{kind}_m"])
        first, last = _day_number(groups[f"{kind}_d1"]), _day_number(groups[f"{kind}_d2"])
        if groups.get(f"{kind}_y"):
            year, rolled = int(groups[f"{kind}_y"]), False
        else:
            year, rolled = _year_for(month, None, reference)
        if year is None:
            return None, 0.3
        if not (first < last and _valid_day(year, month, first) and _valid_day(year, month, last)):
            return None, 0.0
        return f"{year:04d}-{month:02d}-{first:02d}/{year:04d}-{month:02d}-{last:02d}", 0.7 if rolled else 0.85
    if kind == "wdd":
        return _weekday_value(groups, reference, before)
    if kind == "reld":
        day = _day_of(reference)
        if day is None:
            return None, 0.3
        step = {"yesterday": -1, "today": 0, "tomorrow": 1}[groups["reld_w"].lower()]
        return (day + relativedelta(days=step)).isoformat(), 0.8
    if kind == "relw":
        return _week_value(groups, reference, previous)
    if kind == "mrel":
        if reference is None:
            return None, 0.3
        step = {"last": -1, "this": 0, "next": 1}[groups["mrel_mod"]]
        return f"{reference[0] + step:04d}-{_month_number(groups['mrel_m']):02d}", 0.85
    if kind == "sy":  # "in the summer of 2022"
        first, last = _SEASONS[groups["sy_s"].lower()]
        return _month_range(int(groups["sy_y"]), first, last), 0.7
    if kind == "wkend":  # "over the weekend": the latest Saturday and Sunday up to publication
        day = _day_of(reference)
        if day is None:
            return None, 0.3
        saturday = day + relativedelta(weekday=weekday(5)(-1))
        if groups["wkend_mod"].lower() == "this":  # "to be held this weekend": the weekend of this week
            saturday = day + relativedelta(weekday=MO(-1)) + relativedelta(days=5)
        if match.group("wkend").lower().startswith("last") and day.weekday() >= 5:
            saturday -= relativedelta(weeks=1)  # "last weekend" on a Sunday: the one before
        return _span(saturday, saturday + relativedelta(days=1)), 0.6
    if kind == "reldd":  # "the following day": after the date mentioned before it
        step = -1 if (groups.get("reldd_a") or groups.get("reldd_b") or groups.get("reldd_c")) in (
            "previous", "preceding", "earlier", "before") else 1  # fmt: skip
        if not previous or len(date_interval(previous)[1] or "") != 10 or "/" in previous:
            return None, 0.3
        return (dt.date.fromisoformat(date_interval(previous)[1]) + relativedelta(days=step)).isoformat(), 0.6
    if kind == "season":
        if reference is None or reference[1] is None:
            return None, 0.3
        first, last = _SEASONS[groups["season_s"].lower()]
        year, month = reference[0], reference[1]
        modifier = groups["season_mod"].lower()
        if modifier == "last":
            year -= 1 if month <= last or (first == 12 and month <= 2) else 0
        elif modifier == "next":
            year += 1 if month >= first else 0
        if first == 12 and modifier == "this" and month <= 2:
            year -= 1
        return _month_range(year, first, last), 0.6
    if kind == "ypart":
        part = re.sub(r"\s+", " ", groups["ypart_p"].lower()).removeprefix("the ")
        first, last = _YEAR_PARTS[part]
        if groups.get("ypart_rel"):  # "early this year", "late last year"
            if reference is None:
                return None, 0.3
            year = reference[0] + {"this": 0, "the": 0, "last": -1, "next": 1}[groups["ypart_rel"]]
        else:
            year = int(groups["ypart_y"])
        return _month_range(year, first, last), 0.7
    if kind == "decade":
        start = int(groups["decade_y"])
        return f"{start:04d}/{start + 9:04d}", 0.7
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
        if not modifier and _looks_ahead(before):
            modifier = "forward"  # "elections will be held on January 11": the next January
        year, rolled = _year_for(month, modifier, reference)
        if groups.get("md_rel") and reference is not None:  # "on March 27 this year"
            year, rolled = reference[0] + {"this": 0, "last": -1, "next": 1}[groups["md_rel"]], False
        if year is None:
            return None, 0.3
        if not _valid_day(year, month, day):
            return None, 0.0
        return f"{year:04d}-{month:02d}-{day:02d}", 0.7 if rolled else 0.85
    if kind == "mo":
        month = _month_number(groups["mo_m"])
        modifier = groups["mo_pre"] if re.fullmatch(_MODIFIER, groups["mo_pre"]) else None
        if not modifier and _looks_ahead(before):
            modifier = "forward"  # "elections will be held on January 11": the next January
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


# Every date expression holds one of these: a year, a month or weekday name, or a relative word. The big pattern
# runs only in windows around them (a date reaches at most ~25 characters before its anchor ("in the first months of 2023"), ~20 after), which
# keeps it off the bulk of a text; windows start and end at spaces so no match is cut.
_ANCHOR = re.compile(
    r"(?:19|20)\d\d|(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"yesterday|today|tomorrow|week|year|month|spring|summer|autumn|fall|winter|day\b))"
)


def _date_matches(text: str):
    """The matches of the date pattern, left to right, as ``finditer`` over the whole text would give them."""
    windows: list[list[int]] = []
    for anchor in _ANCHOR.finditer(text):
        first = text.rfind(" ", 0, max(0, anchor.start() - 40)) + 1
        last = text.find(" ", anchor.end() + 30)
        last = len(text) if last == -1 else last
        if windows and first <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], last)
        else:
            windows.append([first, last])
    for first, last in windows:
        yield from _DATE_PATTERN.finditer(text, first, last)


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
    previous = None
    for match in _date_matches(text):
        if (match.group("y") and _NAMED_NUMBER.search(text, max(0, match.start() - 30), match.start())) or (
            match.group("rel") and _DURATION.search(text, max(0, match.start() - 30), match.start())
        ):
            continue  # "ATOMEXPO 2022" (a name's number), "in the last year" (a duration)
        since = max(0, match.start() - 90)
        sentence_start = max(text.rfind(".", since, match.start()), text.rfind("\n", since, match.start())) + 1
        before = text[max(sentence_start, match.start() - 90) : match.start()]
        value, confidence = _date_value(match, reference, "" if "since" in before else before, previous)
        previous = value or previous
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
            opener = _RANGE_OPENER.search(text, max(0, first.start - 16), first.start)
            joined = (
                _RANGE_JOINER.fullmatch(" " + between.strip() + " ")
                or between.strip() in ("-", "–", "—")
                or (opener and opener.group().lower().startswith("between") and _NOUN_AND.fullmatch(between))
            )
            if first.value and second.value and _refines(first.value, second.value) and _REFINED_BY.fullmatch(between):
                index += 1  # "last week on Dec. 12": the day says which day of the week
                continue
            if (
                first.value
                and second.value
                and joined
                and (opener or between.strip() in ("-", "–", "—", "to", "until", "through"))
                and first.value <= second.value
            ):
                start = opener.start() if opener else first.start
                merged.append(
                    Mention("date", text[start : second.end], start, second.end, value=f"{first.value.split('/')[0]}/{second.value.split('/')[-1]}",
                            confidence=min(first.confidence, second.confidence))
                )  # fmt: skip
                index += 2
                continue
        months = _MONTHS_FROM.search(text, max(0, first.start - 40), first.start)
        if months and first.value and len(first.value) == 7:  # "the six months from October 2021"
            count = _COUNTS.get(months.group("n").lower()) or int(months.group("n"))
            year, month = (int(p) for p in first.value.split("-"))
            last = year * 12 + month - 1 + count - 1
            value = f"{first.value}/{last // 12:04d}-{last % 12 + 1:02d}"
            merged.append(Mention("date", text[months.start() : first.end], months.start(), first.end, value=value,
                                  confidence=first.confidence))  # fmt: skip
            index += 1
            continue
        merged.append(first)
        index += 1
    return merged


# Before a year or "last year": a name it numbers ("ATOMEXPO 2022", "Expo-2020") or a duration ("in the last
# year", "over the past year": the twelve months before, not the calendar year).
_NAMED_NUMBER = re.compile(r"\b(?!(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)\b)[A-Z]{3,}[ -]$")
_DURATION = re.compile(r"\b(?:the|[Ii]n\s+the|[Oo]ver\s+the|[Dd]uring\s+the|[Ff]or\s+the)\s+$")
# "between the February 2021 coup and December last year": a noun may follow the first date
_NOUN_AND = re.compile(r"\s+(?:[a-z]+\s+){1,2}and\s+")
# "last week on Dec. 12", "earlier this month, on the 5th": the second date names a day inside the first
_REFINED_BY = re.compile(r"\s*,?\s*(?:on|,)\s+")
_MONTHS_FROM = re.compile(
    r"\b(?:the\s+|[Ii]n\s+the\s+)?(?:first\s+)?(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
    r"\s+months\s+(?:from|after|starting(?:\s+in)?|beginning(?:\s+in)?)\s+$"
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12}  # fmt: skip


def _refines(outer: str, inner: str) -> bool:
    """Whether the day ``inner`` lies inside the range ``outer`` (a week or a month named before it)."""
    if "/" not in outer and len(outer) == 10:
        return False
    first, last, _ = date_interval(outer)
    start, end, precision = date_interval(inner)
    return precision == "day" and first <= start and end <= last


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
