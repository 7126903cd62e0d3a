"""Snapshots of a view: captioned HTML maps, PNG images and data exports.

A snapshot is what a user shares: the view of a :class:`~geo.query.ViewState`
(the same filters, layers, base map, centre and zoom as on screen) with a
:class:`Caption` that says what it shows and where it comes from: a title,
the filters in words, when it was made, the data version, how many events
fall in each location-precision band (:data:`PRECISION_BANDS`), the sources
(article title and publisher) and, when sanctions data is loaded, its date.

Formats (:data:`FORMATS`):

* ``html``: the map the app draws (:func:`geo.render.mapping.build_map`) as one
  page with the caption and legend under it. Scripts and styles either
  point at the app's own copies (``app_url`` set) or at folium's CDNs, or,
  with ``inline_assets``, are inlined by :func:`geo.render.assets.inline_assets` so
  the file opens with no network (tiles of an online base map excepted).
* ``png``: that inlined page rendered by the system's Chromium through
  Playwright (no browser download), once the map has drawn its markers and
  its tiles have loaded or failed. Every request that leaves the page is
  blocked, except tile images when the base map needs online tiles.
* ``geojson``, ``csv``, ``kml``: :mod:`geo.export`, with the caption in the
  GeoJSON ``metadata`` member and the KML ``Document/description``. CSV has
  no place for it that every reader accepts, so it stays pure data (the
  documented header) and the caption travels beside it
  (:meth:`Caption.as_text`; the command line writes ``PATH.caption.txt``).

All text from articles and users is escaped before it enters HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pandas as pd

from geo.errors import GeoError, SnapshotFailed
from geo.evidence import Evidence
from geo.export import kml_html, write_export
from geo.filters import describe_state
from geo.formats import DEFAULT_TITLE, SNAPSHOT_FORMATS
from geo.permalink import make_permalink
from geo.query import BASE_MAPS, ViewState, format_query
from geo.render.browser import Capture, capture_png
from geo.sanctions import badge_texts
from geo.schema import CATEGORIES, CATEGORY_COLOURS
from geo.settings import Settings

__all__ = [
    "DEFAULT_TITLE",
    "FORMATS",
    "PRECISION_BANDS",
    "Caption",
    "Capture",
    "PrecisionBand",
    "capture_png",
    "count_by_precision",
    "make_caption",
    "make_snapshot",
    "render_html",
    "render_png",
    "snapshot_filename",
    "view_name",
]


# format -> (media type, file extension)
FORMATS = SNAPSHOT_FORMATS


@dataclass(frozen=True)
class PrecisionBand:
    """A range of location precision (how far the true place may be from the point)."""

    id: str
    label: str
    max_m: float  # inclusive upper bound; the lower bound is the previous band's

    def describe(self) -> str:
        return self.label


# How exact a location is, from the event's precision_m (metres). Each band
# holds precisions up to and including max_m and above the previous band's.
PRECISION_BANDS: tuple[PrecisionBand, ...] = (
    PrecisionBand("exact", "exact (under 1 km)", 999),
    PrecisionBand("town", "town (1-10 km)", 10_000),
    PrecisionBand("district", "township or district (10-50 km)", 50_000),
    PrecisionBand("region", "region or country (over 50 km)", math.inf),
)
_UNKNOWN_BAND = PrecisionBand("unknown", "precision unknown", math.nan)


def count_by_precision(events: pd.DataFrame) -> dict[str, int]:
    """Events per precision band id (every band listed, ``unknown`` only when present).

    Requires the column ``precision_m``.
    """
    values = pd.to_numeric(events["precision_m"], errors="coerce").astype(float).to_numpy()
    known = values[~np.isnan(values)]
    limits = np.array([band.max_m for band in PRECISION_BANDS])
    # index of the first band whose max_m is >= the value (bands are inclusive above)
    positions = np.minimum(np.searchsorted(limits, known, side="left"), len(PRECISION_BANDS) - 1)
    tally = np.bincount(positions, minlength=len(PRECISION_BANDS))
    counts = {band.id: int(n) for band, n in zip(PRECISION_BANDS, tally)}
    unknown = len(values) - len(known)
    if unknown:
        counts[_UNKNOWN_BAND.id] = unknown
    return counts


@dataclass(frozen=True)
class Caption:
    """What a snapshot shows and where it comes from. Text fields are raw; renderers escape."""

    title: str
    filters: str
    made_at: dt.datetime
    data_version: int
    query: str
    event_count: int
    precision_counts: dict[str, int]
    sources: list[tuple[str, str]]
    base_map: str
    legend: list[tuple[str, str, str, int]] = field(default_factory=list)  # (layer id, label, colour, count)
    sanctions_as_of: str | None = None
    permalink: str | None = None  # the view's URL pinned to data_version
    count_text: str = ""  # the count in words, undated items apart (geo.render.wording.describe_shown)
    count_sentence: str = ""  # the same as a sentence, as the map's corner and the app's sidebar say it
    undated_by_layer: dict[str, int] = field(default_factory=dict)  # layer id -> undated events shown
    name: str = "myanmar-evidence"  # the view in a few words, for file names (snapshot_filename)

    def _precision_words(self) -> str:
        labels = {band.id: band.label for band in (*PRECISION_BANDS, _UNKNOWN_BAND)}
        return ", ".join(f"{labels[band]}: {count}" for band, count in self.precision_counts.items())

    def _made_words(self) -> str:
        return self.made_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    def lines(self) -> list[tuple[str, str]]:
        """The caption as (label, text) lines, in display order."""
        lines = [
            ("Filters", self.filters),
            ("Events shown", self.count_text or str(self.event_count)),
            ("Location precision", self._precision_words()),
            ("Sources", "; ".join(f"{title} ({publisher})" for title, publisher in self.sources) or "none"),
            ("Made", self._made_words()),
            ("Data version", str(self.data_version)),
            ("Base map", BASE_MAPS.get(self.base_map, self.base_map)),
        ]
        if self.sanctions_as_of:
            lines.append(("Sanctions data as of", self.sanctions_as_of))
        lines.append(("View", self.permalink or ("?" + self.query if self.query else "(all events, default view)")))
        return lines

    def as_text(self) -> str:
        """The caption as plain text, one ``Label: text`` line each, after the title."""
        return "\n".join([self.title, *(f"{label}: {text}" for label, text in self.lines())]) + "\n"

    def as_metadata(self) -> dict:
        """The caption as JSON-ready data (the GeoJSON ``metadata`` member)."""
        return {
            "title": self.title,
            "filters": self.filters,
            "made_at": self.made_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "data_version": self.data_version,
            "query": self.query,
            "permalink": self.permalink,
            "count": self.event_count,
            "count_by_location_precision": dict(self.precision_counts),
            "location_precision_bands": {
                band.id: band.label for band in PRECISION_BANDS if band.id in self.precision_counts
            }
            | ({"unknown": _UNKNOWN_BAND.label} if "unknown" in self.precision_counts else {}),
            "sources": [{"title": title, "publisher": publisher} for title, publisher in self.sources],
            "base_map": self.base_map,
            "sanctions_as_of": self.sanctions_as_of,
            "caption": self.as_text(),
        }

    def as_html(self) -> str:
        """The caption and legend as an escaped HTML fragment (a ``<footer>``)."""
        esc = html.escape
        lines = dict(self.lines())
        rows = "".join(
            "<div>"
            + " &middot; ".join(f"<b>{esc(label)}:</b> {esc(lines[label])}" for label in group if label in lines)
            + "</div>"
            for group in _HTML_ROWS
        )
        legend = "".join(
            f'<span class="snapshot-key"><span class="snapshot-swatch" style="background:{esc(colour)}"></span>'
            f"{esc(label)} ({count}"
            + (f", {self.undated_by_layer[layer]} undated" if self.undated_by_layer.get(layer) else "")
            + ")</span>"
            for layer, label, colour, count in self.legend
        )
        return (
            '<footer class="snapshot-caption" id="snapshot-caption">'
            f"<h1>{esc(self.title)}</h1>"
            f'<div class="snapshot-legend" id="snapshot-legend"><b>Legend:</b> {legend or "no events"}</div>'
            f"{rows}</footer>"
        )


# How the caption's lines are grouped into rows in HTML (and so in the PNG), to keep the map large.
_HTML_ROWS = (
    ("Filters",),
    ("Events shown", "Location precision"),
    ("Sources",),
    ("Made", "Data version", "Base map", "Sanctions data as of"),
    ("View",),
)


def _sanctions_date(source) -> str | None:
    from geo.sanctions import sanctions_as_of

    try:
        value = sanctions_as_of(source)
    except GeoError:
        return None
    return str(value) if value else None


def make_caption(
    evidence: Evidence,
    state: ViewState,
    events: pd.DataFrame,
    title: str = DEFAULT_TITLE,
    made_at: dt.datetime | None = None,
    store=None,
    app_url: str = "",
) -> Caption:
    """The caption of ``events`` (the rows ``state`` selects from ``evidence``).

    Requires the columns id, category, precision_m, article_title and
    article_publisher. The caption carries the date of the sanctions data
    (:func:`geo.sanctions.sanctions_as_of` of ``store``, default ``evidence``) when loaded;
    ``app_url`` makes the permalink absolute.
    """
    sources = list(
        dict.fromkeys(
            (str(title_), str(publisher) if publisher else "publisher unknown")
            for title_, publisher in zip(events["article_title"], events["article_publisher"])
            if isinstance(title_, str) and title_
        )
    )
    from dataclasses import replace as replace_state

    from geo.render.wording import describe_shown, is_undated

    undated = is_undated(events)
    hidden = 0
    if not state.undated:
        hidden = int(is_undated(evidence.select(replace_state(state, undated=True))).sum())
    counted = (len(events), len(evidence.events), int(undated.sum()), hidden, bool(state.date_from or state.date_to))
    count_text = describe_shown(*counted, short=True)
    undated_by_layer = {k: int(v) for k, v in events.loc[undated, "category"].value_counts().items()}
    counts = events["category"].value_counts()
    legend = [
        (layer, CATEGORIES.get(layer, layer), CATEGORY_COLOURS.get(layer, "#555555"), int(counts[layer]))
        for layer in CATEGORIES
        if layer in counts
    ]
    return Caption(
        title=title,
        filters=describe_state(state, evidence.context),
        made_at=made_at or dt.datetime.now(dt.UTC),
        data_version=evidence.version,
        query=format_query(state),
        event_count=len(events),
        precision_counts=count_by_precision(events),
        sources=sources,
        base_map=state.base,
        legend=legend,
        sanctions_as_of=_sanctions_date(store if store is not None else evidence),
        permalink=make_permalink(state, evidence.version, app_url),
        count_text=count_text,
        count_sentence=describe_shown(*counted),
        undated_by_layer=undated_by_layer,
        name=view_name(evidence, state),
    )


def view_name(evidence: Evidence, state: ViewState) -> str:
    """The view in a few words for a file name: actors (as the articles name them), layers, dates, text.

    E.g. ``norinco-arms-supply-2025``; ``myanmar-evidence`` for the whole evidence base.
    """
    from geo.names import slugify
    from geo.render.wording import actor_labels

    parts: list[str] = []
    if state.actors:
        labels = actor_labels(evidence.actors.loc[evidence.actors["id"].isin(state.actors)], _article_texts(evidence))
        parts += [labels.get(a, a).split(" (")[0] for a in state.actors]
    parts += list(state.layers)
    parts += [{"event": "events", "site": "sites"}.get(k, k) for k in state.kinds]
    start, end = state.date_from, state.date_to
    if start and end and start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        parts.append(str(start.year))
    elif start or end:
        parts.append(f"{start.isoformat() if start else 'start'}-to-{end.isoformat() if end else 'now'}")
    if state.text:
        parts.append(state.text)
    if state.near:
        parts.append("near " + str(evidence.context.target_names.get(state.near, state.near)))
    name = slugify(" ".join(parts), limit=70, fallback="view") if parts else ""
    return name or "myanmar-evidence"


def _article_texts(evidence: Evidence) -> list[str]:
    curated = evidence.events[evidence.events["article_id"].notna()]
    return [*curated["title"], *curated["quote"].fillna(""), *curated["summary"].fillna("")]


# ---------------------------------------------------------------------- HTML

_PAGE_STYLE = """
<style>
html, body { margin: 0; padding: 0; width: 100%; height: 100%; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
body > .folium-map { flex: 1 1 auto !important; height: auto !important; min-height: 120px; }
.snapshot-caption { flex: 0 0 auto; padding: 6px 10px; font-size: 12px; line-height: 1.35; color: #222;
  background: #fff; border-top: 1px solid #999; overflow-wrap: anywhere; }
.snapshot-caption h1 { font-size: 15px; margin: 0 0 3px 0; }
.snapshot-legend { margin-bottom: 2px; }
.snapshot-key { display: inline-block; margin-right: 10px; white-space: nowrap; }
.snapshot-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 4px; vertical-align: -1px; border: 1px solid #333; }
</style>
"""


def _build_map(
    evidence: Evidence,
    state: ViewState,
    events: pd.DataFrame,
    settings: Settings,
    asset_base: str,
    summary: str | None = None,
):
    """The folium.Map the app shows for ``state``: :func:`geo.render.mapping.build_map`, reused as is."""
    from geo.render import assets, mapping

    try:
        outlines = assets.load_outlines(settings.static_dir)
    except GeoError as error:
        raise SnapshotFailed(f"cannot draw the map: {error}") from error
    context = mapping.MapContext.from_evidence(
        evidence,
        app_url=settings.app_url,
        asset_base=asset_base,
        badges=_sanction_badges(evidence),
        max_points=settings.max_map_points,
    )
    context.summary = summary
    return mapping.build_map(events, context, state, outlines)


def _sanction_badges(evidence: Evidence) -> dict[str, str]:
    # the same badges the app's map shows in its popups (geo.ui.loaders.sanction_badges)
    try:
        return badge_texts(evidence)
    except GeoError:
        return {}


def _set_title(page: str, caption: Caption) -> str:
    head_end = page.find("</head>")
    extra = f"<title>{html.escape(caption.title)}</title>\n" + _PAGE_STYLE
    if head_end < 0:
        return extra + page
    return page[:head_end] + extra + page[head_end:]


def _append_caption(page: str, caption: Caption) -> str:
    # The caption goes at the end of <body>, after the map's div and before folium's
    # trailing <script>, so that it is laid out before Leaflet measures the map.
    body_start = page.find("<body>")
    marker = page.find("<script>", body_start if body_start >= 0 else 0)
    if marker < 0:
        marker = page.rfind("</body>")
    return page[:marker] + caption.as_html() + "\n" + page[marker:]


def render_html(
    evidence: Evidence,
    state: ViewState,
    settings: Settings,
    caption: Caption | None = None,
    inline_assets: bool = False,
    events: pd.DataFrame | None = None,
) -> str:
    """The view as one standalone HTML page, with the caption and legend under the map.

    With ``inline_assets`` every script, stylesheet, icon and font is in the
    file (about 0.7 MB) and it opens with no network; otherwise assets load
    from ``settings.app_url`` (the app's own copies) when set, or from
    folium's CDNs. Raises :class:`~geo.errors.SnapshotFailed` when inlining is
    asked for but the assets are not installed.
    """
    from geo.render import assets

    events = evidence.select(state) if events is None else events
    caption = caption or make_caption(evidence, state, events, app_url=settings.app_url)
    local_base = settings.static_url
    remote_base = settings.app_url.rstrip("/") + local_base if settings.app_url else None
    folium_map = _build_map(evidence, state, events, settings, remote_base or local_base, caption.count_sentence)
    if inline_assets:
        missing = assets.assets_missing(settings.static_dir)
        if missing:
            raise SnapshotFailed(
                f"cannot inline the map's assets: {len(missing)} file(s) missing under {settings.static_dir}/vendor "
                f"(e.g. {missing[0]}). Fix: run python -m geo assets install"
            )
        assets.localize_map(folium_map, base_url=local_base, strict=False)
    elif remote_base:
        assets.localize_map(folium_map, base_url=remote_base, strict=False)
    page = folium_map.get_root().render()
    page = _append_caption(_set_title(page, caption), caption)
    if inline_assets:
        try:
            page = assets.inline_assets(page, settings.static_dir, base_url=local_base)
        except GeoError as error:
            raise SnapshotFailed(f"cannot inline the map's assets: {error}") from error
    return page


# ---------------------------------------------------------------------- PNG


def render_png(
    evidence: Evidence,
    state: ViewState,
    settings: Settings,
    caption: Caption | None = None,
    width: int = 1200,
    height: int = 800,
    events: pd.DataFrame | None = None,
    allow_online_tiles: bool = True,
) -> bytes:
    """The view as a PNG image of ``width`` x ``height`` pixels: the map, then caption and legend.

    Online tiles are fetched only when the base map needs them and
    ``allow_online_tiles``; otherwise they fail and the map still draws
    its country outlines and markers.
    """
    events = evidence.select(state) if events is None else events
    caption = caption or make_caption(evidence, state, events, app_url=settings.app_url)
    page = render_html(evidence, state, settings, caption, inline_assets=True, events=events)
    online = allow_online_tiles and state.base != "none"
    return capture_png(page, settings, width, height, online_tiles=online, expect_markers=len(events) > 0).png


# ---------------------------------------------------------------------- data


def _kml_with_description(kml: str, description: str) -> str:
    """The KML with ``description`` as the Document's description, right after its name."""
    marker = "</name>"  # the first name in to_kml's output is the Document's
    at = kml.index(marker) + len(marker)
    return kml[:at] + "<description>" + xml_escape(kml_html(description)) + "</description>" + kml[at:]


def make_snapshot(
    evidence: Evidence,
    state: ViewState,
    fmt: str,
    settings: Settings,
    caption: Caption | None = None,
    width: int = 1200,
    height: int = 800,
    inline_assets: bool = False,
    allow_online_tiles: bool = True,
) -> bytes:
    """The snapshot of ``state`` in ``fmt`` (one of :data:`FORMATS`) as bytes (UTF-8 for text)."""
    if fmt not in FORMATS:
        raise SnapshotFailed(f"unknown snapshot format '{fmt}'. Fix: use one of {', '.join(FORMATS)}")
    events = evidence.select(state)
    caption = caption or make_caption(evidence, state, events, app_url=settings.app_url)
    if fmt == "html":
        return render_html(evidence, state, settings, caption, inline_assets, events).encode("utf-8")
    if fmt == "png":
        return render_png(evidence, state, settings, caption, width, height, events, allow_online_tiles)
    if fmt == "geojson":
        return write_export(events, "geojson", evidence.routes, caption.as_metadata()).encode("utf-8")
    text = write_export(events, fmt, evidence.routes)
    if fmt == "kml":
        text = _kml_with_description(text, caption.as_text())
    return text.encode("utf-8")


def snapshot_filename(caption: Caption, fmt: str) -> str:
    """A download file name that describes the view: ``<view>-v<version>.<ext>``, e.g. ``norinco-arms-supply-2025-v7.png``."""
    return f"{caption.name}-v{caption.data_version}.{FORMATS[fmt][1]}"
