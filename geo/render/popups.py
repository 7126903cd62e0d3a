"""What a marker says when clicked or hovered: the popup of an event, of a place with several, of a route.

A popup leaves the map visible: title, date with its precision, place with
its precision, the quote (or, for an imported event, the dataset's notes),
fatalities when the dataset counts them, the source, the links, and the
sanctions status in one line. The side panel holds the rest (actors and
their roles, summaries, notes). No internal id is shown anywhere a reader
looks; the event's id travels in a ``data-geo-key`` attribute, which the
map's click channel reads (:mod:`geo.render.mapping`).

Every text that reaches the map's HTML or JavaScript goes through
:func:`geo.escaping.escape_html`: article text is untrusted, and folium puts
popups in JavaScript template literals, where ``${...}`` would run. Missing
values (None, NaN, "nan", "NA") never reach the reader
(:func:`geo.render.wording.clean_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.escaping import escape_html
from geo.links import article_link
from geo.render.wording import (
    PLACE_KIND_WORDS,
    clean_text,
    describe_date,
    describe_precision,
    describe_source,
)
from geo.schema import CATEGORIES, CATEGORY_COLOURS
from geo.settings import Settings

__all__ = [
    "MapContext",
    "event_facts",
    "popup_html",
    "record_url",
    "route_popup_html",
    "stack_popup_html",
    "tooltip_text",
]

_NOTES_LIMIT = 320  # characters of a dataset's notes in a popup; the side panel has them whole
_KIND_WORDS = {"event": "event", "site": "site"}


def record_url(row) -> str | None:
    """The dataset's own page for an imported event, when it has one (http or https only)."""
    for name in ("record_url", "url", "source_url"):
        value = clean_text(row.get(name))
        if value and value.lower().startswith(("https://", "http://")):
            return value
    return None


def event_facts(row, context: MapContext) -> dict[str, str]:
    """An event's facts in words (no HTML): date, place, notes, fatalities, source. Missing ones are left out.

    ``row`` has the columns of :data:`geo.store.EVENT_COLUMNS`, and may have ``fatalities``,
    ``source`` and ``record_url`` (imported datasets).
    """
    facts: dict[str, str] = {"Date": describe_date(row)}
    place = clean_text(row.get("place_name"))
    route = context.routes.get(clean_text(row.get("route_id")) or "")
    if route is not None:
        facts["Place"] = f"{place + ', ' if place else ''}on the line {clean_text(route.get('name')) or ''}".strip()
    else:
        place_kind = PLACE_KIND_WORDS.get(context.place_kinds.get(clean_text(row.get("place_id")) or "", ""), "")
        detail = ", ".join(x for x in (place_kind, describe_precision(row.get("precision_m"))) if x)
        facts["Place"] = f"{place or 'unnamed place'} ({detail})"
    fatalities = clean_text(row.get("fatalities"))
    if fatalities is not None:
        try:
            facts["Fatalities"] = f"{int(float(fatalities)):,} (as the dataset counts them)"
        except ValueError:
            facts["Fatalities"] = fatalities
    source = describe_source(row)
    if source:
        facts["Source"] = source
    return facts


def popup_html(row, context: MapContext) -> str:
    """The popup of one event. ``row`` has the columns of :data:`geo.store.EVENT_COLUMNS`; all text is escaped."""
    e = escape_html
    category = row.get("category")
    colour = CATEGORY_COLOURS.get(category, "#555")
    facts = event_facts(row, context)
    lines = [
        f'<div class="geo-popup" data-geo-key="{e(row.get("id"))}">',
        f'<div class="geo-popup-layer" style="color:#333"><span style="color:{colour}">&#9632;</span> '
        f"{e(CATEGORIES.get(category, category))} &middot; {e(_KIND_WORDS.get(row.get('kind'), 'event'))}</div>",
        f'<div class="geo-popup-title">{e(clean_text(row.get("title")) or "Untitled event")}</div>',
        f"<div><b>Date:</b> {e(facts['Date'])}</div>",
        f"<div><b>Place:</b> {e(facts['Place'])}</div>",
    ]
    badges = [context.badges[a] for a in row.get("actors") or [] if context.badges.get(a)]
    if badges:
        text = "; ".join(badges)
        lines.append(f'<div class="geo-badges" title="{e(text)}"><b>Sanctions:</b> {e(text)}</div>')
    quote = clean_text(row.get("quote"))
    if quote:
        lines.append(
            f'<blockquote class="geo-quote" style="border-left-color:{colour}">&ldquo;{e(quote)}&rdquo;</blockquote>'
        )
    elif not clean_text(row.get("article_id")):
        notes = clean_text(row.get("summary"))
        if notes:
            short = notes if len(notes) <= _NOTES_LIMIT else notes[: _NOTES_LIMIT - 1].rstrip() + "\u2026"
            lines.append(f'<div class="geo-notes"><b>Notes:</b> {e(short)}</div>')
    if "Fatalities" in facts:
        lines.append(f"<div><b>Fatalities:</b> {e(facts['Fatalities'])}</div>")
    if "Source" in facts:
        lines.append(f'<div class="geo-source"><b>Source:</b> {e(facts["Source"])}</div>')
    links = []
    article = clean_text(row.get("article_id"))
    if article:
        href = article_link(article, row.get("source_start"), row.get("source_end"), context.app_url)
        links.append(f'<a class="geo-read" href="{e(href)}" target="_blank" rel="noopener">Read in the article</a>')
    record = record_url(row)
    if record:
        links.append(f'<a class="geo-record" href="{e(record)}" target="_blank" rel="noopener">Dataset record</a>')
    if links:
        lines.append('<div class="geo-links">' + " &middot; ".join(links) + "</div>")
    lines.append("</div>")
    return "".join(lines)


def stack_popup_html(rows: list[dict], context: MapContext) -> str:
    """The popup of a place with several events: a list (date, layer, title) whose items open each event.

    Every event's own popup is in the page, hidden; a click on an item shows it (and selects the event
    in the app), a "back" link returns to the list. ``rows`` are ordered as the list shows them.
    """
    e = escape_html
    place = clean_text(rows[0].get("place_name")) or "this place"
    items, panes = [], []
    for index, row in enumerate(rows):
        colour = CATEGORY_COLOURS.get(row.get("category"), "#555")
        date = describe_date(row)
        items.append(
            f'<li><a href="#" data-geo-open="{index}" data-geo-key="{e(row.get("id"))}">'
            f'<span style="color:{colour}">&#9632;</span> <span class="geo-stack-date">{e(date)}</span> '
            f"{e(clean_text(row.get('title')) or 'Untitled event')}</a></li>"
        )
        panes.append(
            f'<div class="geo-stack-item" data-geo-item="{index}" hidden>'
            f'<a href="#" class="geo-stack-back" data-geo-back="1">&larr; All {len(rows)} events here</a>'
            f"{popup_html(row, context)}</div>"
        )
    return (
        f'<div class="geo-stack"><div class="geo-stack-list"><div class="geo-popup-title">'
        f"{len(rows)} events at {e(place)}</div><ol>{''.join(items)}</ol></div>{''.join(panes)}</div>"
    )


def tooltip_text(title, extra: str | None = None) -> str:
    """A marker's tooltip: what it is, in words (never an id); escaped."""
    text = escape_html(clean_text(title) or "Untitled")
    return text + (f" <span class='geo-tooltip-extra'>{escape_html(extra)}</span>" if extra else "")


def route_popup_html(route: dict, events: pd.DataFrame) -> str:
    e = escape_html
    kind = ", ".join(x for x in (clean_text(route.get("kind")), clean_text(route.get("status"))) if x)
    parts = [
        f'<div class="geo-popup geo-route" data-geo-key="{e(route.get("id"))}">'
        f'<div class="geo-popup-title">{e(clean_text(route.get("name")) or "Unnamed line")}</div>',
        f"<div>{e(kind)}</div>" if kind else "",
        f"<p style='margin:4px 0'>{e(clean_text(route.get('description')) or '')}</p>",
    ]
    if len(events):
        titles = [t for t in (clean_text(t) for t in events["title"]) if t]
        parts.append("<div><b>Events on this line:</b> " + e("; ".join(titles)) + "</div>")
    sources = [s for s in str(clean_text(route.get("sources")) or "").split("|") if s.strip()]
    if sources:
        parts.append("<div><b>Sources:</b><ul style='margin:2px 0 0 16px;padding:0'>")
        parts += [f"<li>{e(s.strip())}</li>" for s in sources]
        parts.append("</ul></div>")
    parts.append("</div>")
    return "".join(parts)


@dataclass
class MapContext:
    """What popups need beyond the events frame: names, place kinds, routes, sanctions badges, links."""

    actor_names: dict[str, str] = field(default_factory=dict)
    place_kinds: dict[str, str] = field(default_factory=dict)
    routes: dict[str, dict] = field(default_factory=dict)
    badges: dict[str, str] = field(default_factory=dict)
    app_url: str = ""
    asset_base: str = "/app/static"
    # Above this many events, points are aggregated on the server (geo.render.aggregation); None: never.
    max_points: int | None = field(default_factory=lambda: Settings().max_map_points)
    # A sentence the map shows in its corner: what it holds (geo.render.wording.describe_shown).
    summary: str | None = None

    @classmethod
    def from_evidence(
        cls, evidence, app_url: str = "", asset_base: str = "/app/static", badges=None, max_points: int | None = None
    ) -> MapContext:
        context = cls(
            actor_names=dict(evidence.actor_names),
            place_kinds=dict(zip(evidence.places["id"], evidence.places["kind"])),
            routes={route["id"]: route for route in evidence.routes},
            badges=dict(badges or {}),
            app_url=app_url,
            asset_base=asset_base,
        )
        if max_points is not None:
            context.max_points = max_points
        return context
