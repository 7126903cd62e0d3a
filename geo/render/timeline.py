"""The timeline: events over time, one row per layer, as an Altair (Vega-Lite) chart.

An event dated to a day is a tick; anything longer (a month, a year, an
explicit range, a site's period of operation) is drawn as a bar from its
first to its last day, so a year-precise contract does not pretend to a
day. A site still operating runs to today. Undated rows are left out (the
caller says how many). Above ``MAX_MARKS`` dated events the chart draws,
instead of one mark per event, one cell per layer and month whose shade is
the number of events starting that month, so the chart stays small at
100,000 events. A drag across it (the cursor is a cross-hair) sets an interval selection named
``brush`` on the x axis: Streamlit returns it as epoch milliseconds, which
the app turns into the date filter. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.schema import CATEGORIES, CATEGORY_COLOURS

__all__ = ["BRUSH", "MAX_MARKS", "monthly_counts", "timeline_chart", "timeline_frame"]

BRUSH = "brush"
# Above this many dated events the timeline shows monthly counts per layer.
MAX_MARKS = 1000


def timeline_frame(events: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """One row per dated event: id, title, layer, start, end (datetimes), dated_as, is_range.

    Requires columns id, title, category, date_start, date_end, date_precision.
    """
    today = today or dt.date.today()
    dated = events[events["date_start"].notna() & (events["date_start"] != "")]
    start = pd.to_datetime(dated["date_start"], errors="coerce")
    end = pd.to_datetime(
        dated["date_end"].where(dated["date_end"].notna() & (dated["date_end"] != "")), errors="coerce"
    )
    end = end.fillna(pd.Timestamp(today))
    frame = pd.DataFrame(
        {
            "id": dated["id"].values,
            "title": dated["title"].values,
            "layer": dated["category"].map(lambda c: CATEGORIES.get(c, c)).values,
            "start": start.values,
            "end": end.values,
            "dated_as": dated["date_precision"].values,
        }
    )
    frame = frame[frame["start"].notna()]
    frame["is_range"] = frame["end"] > frame["start"]
    return frame.reset_index(drop=True)


def monthly_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Events per layer and month of their start: layer, start, end (the month's bounds), count.

    Requires the columns of :func:`timeline_frame`.
    """
    month = frame["start"].dt.to_period("M")
    counts = frame.assign(month=month).groupby(["layer", "month"], observed=True).size().reset_index(name="count")
    counts["start"] = counts["month"].dt.start_time
    counts["end"] = (counts["month"] + 1).dt.start_time
    return counts.drop(columns="month")


def timeline_chart(
    events: pd.DataFrame, date_from: dt.date | None = None, date_to: dt.date | None = None, height: int = 220
) -> alt.LayerChart | None:
    """The chart, with the brush set to ``[date_from, date_to]`` when a range is chosen; None if nothing is dated."""
    frame = timeline_frame(events)
    if frame.empty:
        return None
    layers = [CATEGORIES[c] for c in CATEGORIES]
    colour = alt.Color(
        "layer:N",
        scale=alt.Scale(domain=layers, range=[CATEGORY_COLOURS[c] for c in CATEGORIES]),
        legend=None,
    )
    if date_from or date_to:
        low = pd.Timestamp(date_from or frame["start"].min().date())
        high = pd.Timestamp(date_to or frame["end"].max().date())
        brush = alt.selection_interval(name=BRUSH, encodings=["x"], value={"x": [low, high]})
    else:
        brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    # Layer names whole (no label limit), the ticks of the time axis as dates; a row per layer of at least 18 px.
    height = alt.Step(max(18, height // len(layers)))
    y = alt.Y(
        "layer:N",
        title=None,
        sort=layers,
        scale=alt.Scale(domain=layers),
        # every name shown, whole: never dropped for want of room (a row per layer is tall enough)
        axis=alt.Axis(labelLimit=0, labelPadding=6, labelOverlap=False),
    )
    if len(frame) > MAX_MARKS:
        counts = monthly_counts(frame)
        cells = (
            alt.Chart(counts)
            .mark_rect(height=12)
            .encode(
                x=alt.X("start:T", title=None),
                x2="end:T",
                y=y,
                color=colour,
                opacity=alt.Opacity("count:Q", scale=alt.Scale(range=[0.15, 1]), legend=None),
                tooltip=[
                    alt.Tooltip("layer:N", title="Layer"),
                    alt.Tooltip("start:T", title="Month", format="%B %Y"),
                    alt.Tooltip("count:Q", title="Events starting"),
                ],
            )
        )
        return cells.add_params(brush).properties(height=height).configure_view(cursor="crosshair")
    tooltip = [
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("start:T", title="From", format="%-d %B %Y"),
        alt.Tooltip("end:T", title="To", format="%-d %B %Y"),
        alt.Tooltip("dated_as:N", title="Dated as"),
    ]
    base = alt.Chart(frame)
    ranges = (
        base.transform_filter("datum.is_range")
        .mark_bar(height=10, opacity=0.55, cornerRadius=2)
        .encode(x=alt.X("start:T", title=None), x2="end:T", y=y, color=colour, tooltip=tooltip)
    )
    points = (
        base.mark_tick(thickness=3, size=16)
        .encode(x=alt.X("start:T", title=None), y=y, color=colour, tooltip=tooltip)
        .transform_filter("!datum.is_range")
    )
    return (ranges + points).add_params(brush).properties(height=height).configure_view(cursor="crosshair")
