"""What a marker says when clicked or hovered: the popup of an event or a route, and its tooltip.

Every text that reaches the map's HTML or JavaScript goes through
:func:`geo.escaping.escape_html`: article text is untrusted, and folium puts
popups in JavaScript template literals, where ``${...}`` would run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from geo.escaping import escape_html
from geo.links import article_link
from geo.render.wording import PLACE_KIND_WORDS, describe_date, describe_precision
from geo.schema import CATEGORIES, CATEGORY_COLOURS
from geo.settings import Settings

__all__ = [
    "MapContext",
    "event_id_from_tooltip",
    "popup_html",
    "route_popup_html",
    "tooltip_text",
]


def _actors_text(row, context: MapContext) -> list[str]:
    roles: dict[str, list[str]] = {}
    for pair in row.get("actor_roles") or []:
        actor, _, role = str(pair).partition(":")
        roles.setdefault(actor, []).append(role)
    out = []
    for actor in row.get("actors") or []:
        name = context.actor_names.get(actor, actor)
        role = ", ".join(roles.get(actor, []))
        out.append(f"{name} ({role})" if role else name)
    return out


def popup_html(row, context: MapContext) -> str:
    """The popup of one event: title, date, place, actors, quote, source and the link to the passage.

    ``row`` has the columns of :data:`geo.store.EVENT_COLUMNS`. All text is escaped.
    """
    e = escape_html
    category = row.get("category")
    colour = CATEGORY_COLOURS.get(category, "#555")
    place_kind = PLACE_KIND_WORDS.get(context.place_kinds.get(row.get("place_id") or "", ""), "")
    place = e(row.get("place_name"))
    if row.get("route_id"):
        place_detail = "route; see the line for its segments"
    else:
        place_detail = ", ".join(x for x in (place_kind, describe_precision(row.get("precision_m"))) if x)
    lines = [
        f'<div class="geo-popup" data-event="{e(row.get("id"))}" style="font:13px/1.35 sans-serif;max-width:320px">',
        f'<div style="color:{colour};font-size:11px;text-transform:uppercase;letter-spacing:.04em">'
        f"{e(CATEGORIES.get(category, category))} &middot; {e(row.get('kind'))}</div>",
        f'<div class="geo-popup-title" style="font-weight:600;font-size:14px;margin:2px 0 4px">{e(row.get("title"))}</div>',
        f"<div><b>Date:</b> {e(describe_date(row))}</div>",
        f"<div><b>Place:</b> {place} <span style='color:#666'>({e(place_detail)})</span></div>",
    ]
    actors = _actors_text(row, context)
    if actors:
        lines.append(f"<div><b>Actors:</b> {e('; '.join(actors))}</div>")
    badges = [context.badges[a] for a in row.get("actors") or [] if context.badges.get(a)]
    if badges:
        lines.append(
            '<div class="geo-badges" style="color:#8a4b00"><b>Sanctions:</b> ' + e("; ".join(badges)) + "</div>"
        )
    if row.get("quote"):
        lines.append(
            '<blockquote class="geo-quote" style="margin:6px 0;padding-left:8px;border-left:3px solid '
            f'{colour};color:#333">&ldquo;{e(row.get("quote"))}&rdquo;</blockquote>'
        )
    source = ", ".join(
        e(x) for x in (row.get("article_title"), row.get("article_publisher"), row.get("article_published")) if x
    )
    if source:
        lines.append(f"<div><b>Source:</b> {source}</div>")
    if row.get("article_id"):
        href = article_link(row["article_id"], row.get("source_start"), row.get("source_end"), context.app_url)
        lines.append(
            f'<div style="margin-top:6px"><a class="geo-read" href="{e(href)}" target="_blank" rel="noopener">'
            "Read in the article</a></div>"
        )
    lines.append(f'<div style="color:#888;font-size:11px;margin-top:4px">{e(row.get("id"))}</div></div>')
    return "".join(lines)


def tooltip_text(identifier, title) -> str:
    # The tooltip starts with the id: st_folium returns the tooltip text, and the app reads the id from it.
    return f"{escape_html(identifier)} \u2014 {escape_html(title)}"


def event_id_from_tooltip(tooltip: str | None) -> str | None:
    """The event or route id at the start of a tooltip text returned by st_folium."""
    if not tooltip:
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9_.:-]*)", str(tooltip))
    return match.group(1) if match else None


def route_popup_html(route: dict, events: pd.DataFrame) -> str:
    e = escape_html
    parts = [
        f'<div class="geo-popup geo-route" style="font:13px/1.35 sans-serif;max-width:340px">'
        f'<div style="font-weight:600;font-size:14px">{e(route.get("name"))}</div>',
        f"<div>{e(route.get('kind'))}, {e(route.get('status'))}</div>",
        f"<p style='margin:4px 0'>{e(route.get('description'))}</p>",
    ]
    if len(events):
        parts.append("<div><b>Events on this line:</b> " + e("; ".join(events["title"].astype(str))) + "</div>")
    sources = [s for s in str(route.get("sources") or "").split("|") if s.strip()]
    if sources:
        parts.append("<div><b>Sources:</b><ul style='margin:2px 0 0 16px;padding:0'>")
        parts += [f"<li>{e(s.strip())}</li>" for s in sources]
        parts.append("</ul></div>")
    parts.append(f'<div style="color:#888;font-size:11px">{e(route.get("id"))}</div></div>')
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
