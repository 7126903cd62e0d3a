"""Dates as a reader resolves them against the publication date, with an honest precision."""

from __future__ import annotations

import random

import pytest

from geo.intake.dates import _DATE_PATTERN, _date_matches, date_interval, resolve_dates


def values(text: str, published: str) -> list[str | None]:
    return [m.value for m in resolve_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # weekdays: the latest such day on or before publication, the next one when the sentence looks ahead
        ("The report was issued on Wednesday.", "2023-05-18", ["2023-05-17"]),
        ("Regional meetings are scheduled for Wednesday and Thursday.", "2024-11-05", ["2024-11-06/2024-11-07"]),
        ("He will attend the summit, the ministry said on Monday.", "2024-11-05", ["2024-11-04"]),
        # two coordinated weekdays are consecutive days; a day after a dated one follows it
        ("Strikes hit the town on Sunday and Monday.", "2024-08-04", ["2024-07-28/2024-07-29"]),
        (
            "The army attacked on August 1. The following day, troops withdrew.",
            "2024-08-04",
            ["2024-08-01", "2024-08-02"],
        ),
        ("Residents fled over the weekend.", "2024-08-05", ["2024-08-03/2024-08-04"]),
        ("Residents fled last weekend.", "2024-08-04", ["2024-07-27/2024-07-28"]),
        # seasons of a year and "mid-July" (a qualifier inside a month keeps the month)
        ("Deliveries resumed in the summer of 2022.", "2023-05-18", ["2022-06/2022-08"]),
        ("Fighting flared in mid-July.", "2024-08-03", ["2024-07"]),
        # relative days and weeks
        ("Troops withdrew yesterday.", "2024-02-09", ["2024-02-08"]),
        ("The US sanctioned the firm last week.", "2021-03-30", ["2021-03-22/2021-03-28"]),
        ("Talks resume later this week.", "2024-03-13", ["2024-03-14/2024-03-17"]),
        ("A meeting with the manager earlier this week.", "2013-05-30", ["2013-05-27/2013-05-29"]),
        # abbreviations without a period, and a day with its year is a day, not the year
        ("The vote was held Jan 31.", "2024-03-01", ["2024-01-31"]),
        ("From the day of the coup on Feb 1, 2021 to December 2022.", "2023-05-18", ["2021-02-01/2022-12"]),
        ("The coup on Feb 1, 2021 ousted the government.", "2023-05-18", ["2021-02-01"]),
        # a range with the month left out
        ("The forum runs July 14 to 18.", "2024-07-01", ["2024-07-14/2024-07-18"]),
        # vague qualifiers keep an honest precision: inside a month the month, inside a year part of it
        ("Shipments arrived at the end of June 2024.", "2024-07-08", ["2024-06"]),
        ("Prices rose in the first months of 2023.", "2023-08-01", ["2023-01/2023-04"]),
        ("The offensive was launched late 2023.", "2024-08-03", ["2023-09/2023-12"]),
        # "this year" after a day names that day's year, not a second date
        ("A parade in the capital on March 27 this year.", "2023-05-18", ["2023-03-27"]),
        # a forward word earlier in the clause looks ahead to the next such month
        ("The first conscripts will be selected after the New Year holidays in April.", "2024-03-15", ["2024-04"]),
        ("Villagers said they fled in April.", "2024-03-15", ["2023-04"]),
        # months sharing one year are one range; "and" joins them only after "between"
        ("Shipments entered between January and June this year.", "2024-07-08", ["2024-01/2024-06"]),
        ("Imports from January to June 2024 doubled.", "2024-08-01", ["2024-01/2024-06"]),
        ("Raids in January and June 2024.", "2024-08-01", ["2024-01", "2024-06"]),
        # an abbreviation's period may stand without a space before the day
        ("The officer visited on Dec.13 to tell them to leave.", "2012-12-17", ["2012-12-13"]),
        # a relative week refined by the day that follows it is that day
        ("Last week on Dec. 12, protesters built new camps.", "2012-12-17", ["2012-12-12"]),
        # "in the last week" is the seven days before publication; "in the last year" is a duration, no date
        ("In the last week, delegations attended forums.", "2022-11-23", ["2022-11-16/2022-11-22"]),
        ("The military carried out 300 air strikes in the last year.", "2023-06-28", []),
        # a noun after the first date of "between ... and ..."
        ("Transactions between the February 2021 coup and December last year.", "2023-05-18", ["2021-02/2022-12"]),
        # "the six months from October 2021": a range of that many months
        ("Loans issued in the six months from October 2021.", "2023-05-04", ["2021-10/2022-03"]),
        # a range between two parts of years runs from the first's start to the second's end
        ("Between late 2023 and early 2024, the alliance took 20 towns.", "2024-08-01", ["2023-09/2024-04"]),
        # parts of "this year" / "last year" and quarters, as parts of a written year are
        ("Prices rose early this year.", "2024-03-28", ["2024-01/2024-04"]),
        ("The offensive began late last year.", "2024-03-28", ["2023-09/2023-12"]),
        (
            "Imports doubled in Q1 2024 and in the third quarter of 2023.",
            "2024-08-01",
            ["2024-01/2024-03", "2023-07/2023-09"],
        ),
        # "In November last year" is one month, not a month and a year
        ("In November last year, the alliance attacked.", "2024-03-28", ["2023-11"]),
        # a fiscal year written "2022-23" is the two years
        ("Banks processed $254 million in fiscal year 2022-23.", "2024-03-28", ["2022/2023"]),
        # "would" in reported speech looks ahead
        ("The commission said voting would take place on December 28.", "2025-09-03", ["2025-12-28"]),
        ("The commission said voting would take place on January 11.", "2025-12-20", ["2026-01-11"]),
        # a number that belongs to a name in capitals is not a year
        ("The delegation attended the forum ATOMEXPO 2022 in Sochi.", "2022-11-23", []),
    ],
)
def test_dates_resolved_as_a_reader_would(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize(
    ("value", "interval"),
    [
        ("2023-01/2023-04", ("2023-01-01", "2023-04-30", "range")),
        ("2024-06", ("2024-06-01", "2024-06-30", "month")),
        ("2021-02-01", ("2021-02-01", "2021-02-01", "day")),
    ],
)
def test_a_value_says_its_precision(value, interval):
    assert date_interval(value) == interval


def test_the_date_pattern_in_windows_finds_what_it_finds_over_the_whole_text():
    # the pattern runs only around anchors (years, month and weekday names, relative words) for speed; the
    # matches must be those of the whole text, on text that mixes dates with numbers and capitalised words
    pieces = ["On Tuesday", "12 March 2024", "from July 14 to 18", "in the first months of 2023", "last week",
              "the 1990s", "between 2011 to 2013", "March 5 to 18, 2024", "in the second half of 2022",
              "December last year", "$1.2 billion", "3,500 civilians", "Battalion 372", "the Mandalay PDF",
              "may", "Later this week", "Feb. 10, 2024", "2022-2023", "2024-08-03", "yesterday"]  # fmt: skip
    generator = random.Random(15)
    for _ in range(200):
        text = " ".join(generator.choice(pieces) + generator.choice([",", ".", "", " and", " —"]) for _ in range(30))
        assert [m.span() for m in _date_matches(text)] == [m.span() for m in _DATE_PATTERN.finditer(text)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # "this weekend" is the weekend of the week of publication (ahead on a Friday); "the weekend" the last one
        ("The final round is to be held this weekend.", "2026-01-23", ["2026-01-24/2026-01-25"]),
        ("Results trickled in after the weekend's election.", "2020-11-10", ["2020-11-07/2020-11-08"]),
        # "during the week" is the week of publication; weeks of a month by their days
        ("Fighting flared during the week.", "2015-02-04", ["2015-02-02/2015-02-08"]),
        ("Fighting continued into the first week of February.", "2015-02-04", ["2015-02-01/2015-02-07"]),
        ("Talks were held in the last week of June 2024.", "2024-08-01", ["2024-06-24/2024-06-30"]),
        # "earlier this year": New Year to the day before publication; "the beginning of the year" as "early"
        ("Earlier this year, a mine was burned.", "2015-02-04", ["2015-01-01/2015-02-03"]),
        ("Fighting has intensified since the beginning of the year.", "2024-02-26", ["2024-01/2024-04"]),
        ("Clashes began at the start of 2023.", "2024-02-26", ["2023-01/2023-04"]),
        # "last November" said in December is a year ago (the month just gone is "last month"); in January it is not
        ("Fighting resumed last November.", "2024-12-21", ["2023-11"]),
        ("There were clashes last November.", "2022-01-12", ["2021-11"]),
        # numeric dates: the reading that is a date, the publication day when both are, none when they stay apart
        ("10-9-2023 (YANGON) Myanmar has taken delivery.", "2023-09-10", ["2023-09-10"]),
        ("Signed on 25/12/2023 in Yangon.", "2024-01-10", ["2023-12-25"]),
        ("Signed on 12/25/2023 in Yangon.", "2024-01-10", ["2023-12-25"]),
        ("Signed on 3/4/2023 in Yangon.", "2024-01-10", [None]),
    ],
)
def test_relative_weeks_year_parts_and_numeric_dates(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # "the end of <year>" is the year's late part, September to December, like "late 2017"
        ("Jets will be delivered by the end of 2017.", "2016-04-27", [("the end of 2017", "2017-09/2017-12")]),
        ("Delivery is due by the end of this year.", "2016-04-27", [("the end of this year", "2016-09/2016-12")]),
        # the end of a month stays the whole month
        ("Talks ended at the end of June 2024.", "2024-08-01", [("June 2024", "2024-06")]),
        # a year range whose dash was lost to a broken encoding is still one range
        ("The 2017\ufffd2020 plan was signed.", "2017-09-06", [("2017\ufffd2020", "2017/2020")]),
    ],
)
def test_the_end_of_a_year_and_a_range_with_a_broken_dash(text, published, expected):
    assert [(m.text, m.value) for m in resolve_dates(text, published)] == expected
