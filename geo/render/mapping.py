"""Map building: a filtered events frame in, a :class:`folium.Map` out.

The map is made of two parts (:class:`MapParts`) so that the dashboard can
change filters without rebuilding the map's frame:

* the *base*: a deterministic ``folium.Map`` (no random ids in its content,
  no timestamps, a fixed start view) with the chosen tiles, the country
  outlines (always drawn, from the locally installed asset), the legend and
  the Leaflet default-icon path. It depends only on the base map and the
  asset URL, so streamlit-folium keeps the same frame across filter changes;
* the *layers*: one ``folium.FeatureGroup`` per layer (category) holding that
  layer's events, passed to ``st_folium(feature_group_to_add=...)``, and a
  ``LayerControl`` to toggle them.

:func:`build_map` assembles both into one map for a snapshot, an export or
a test. Coordinates: our frames have ``latitude``/``longitude``; folium
wants ``[lat, lon]`` and GeoJSON route geometry is ``[lon, lat]``; the
conversion happens here only.

Honest precision: a place whose ``precision_m`` is over 1 km is drawn as a
circle of that radius (in metres) with the marker at its centre. Routes are
polylines, inferred stretches dashed. Sites have a framed symbol, events a
plain one; each layer has its own colour (:data:`geo.schema.CATEGORY_COLOURS`)
and shape (:data:`geo.render.symbols.LAYER_SHAPES`). Events at one place are clustered per
layer and spiderfy when clicked.

Every text that reaches the map's HTML or JavaScript goes through
:func:`geo.escaping.escape_html` (popups: :mod:`geo.render.popups`): article text is untrusted, and folium puts popups in
JavaScript template literals, where ``${...}`` would run.

:func:`add_point_events` is the one place point markers are made; above
``settings.max_map_points`` events the scale work swaps it for server-side
aggregation. This module never imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from geo.escaping import escape_html
from geo.render.interaction import (
    MAP_STYLE,
    FitControl,
    PickChannel,
    PickOnClick,
    PickScript,
    ViewBounds,
    ViewSummary,
)
from geo.render.popups import MapContext, popup_html, route_popup_html, stack_popup_html, tooltip_text
from geo.render.symbols import CLUSTER_ICON_JS, Legend, legend_html, ring_svg, symbol_svg
from geo.render.wording import PLACE_KIND_WORDS, clean_text, describe_precision
from geo.schema import CATEGORIES, CATEGORY_COLOURS

__all__ = [
    "BASE_TILES",
    "CIRCLE_THRESHOLD_M",
    "DEFAULT_CENTER",
    "DEFAULT_ZOOM",
    "MAX_ZOOM",
    "MapParts",
    "add_point_events",
    "add_route_lines",
    "build_base_map",
    "build_layers",
    "build_map",
    "build_map_parts",
    "build_places_map",
    "colocated_events",
    "event_bounds",
]

DEFAULT_CENTER: tuple[float, float] = (21.5, 96.0)
DEFAULT_ZOOM = 5
MAX_ZOOM = 18
# Precision above this (metres) is drawn as a circle of that radius.
CIRCLE_THRESHOLD_M = 1000

# base map id -> (tile URL template, attribution, extra Leaflet options); "none" draws no tiles.
BASE_TILES: dict[str, tuple[str, str, dict] | None] = {
    "streets": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        {"max_zoom": 19},
    ),
    "light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>',
        {"subdomains": "abcd", "max_zoom": 20},
    ),
    "satellite": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
        {"max_zoom": 18},
    ),
    "none": None,
}


@dataclass
class MapParts:
    """A base map that never changes with filters, plus the filtered layers.

    There is no in-map layer control: the sidebar is the one place layers and the base map are
    chosen, so the URL, the count and the snapshots always agree with what is drawn.
    """

    base: folium.Map
    layers: list[folium.FeatureGroup]


# ------------------------------------------------------------------ text


# ------------------------------------------------------------------ symbols and legend


class _RefitWhenSized(MacroElement):
    """Fits the map to ``bounds`` again once its frame has its real size.

    A map drawn in an iframe that is still zero-sized (Streamlit sizes the
    component frame after the script ran) fits its bounds at the maximum zoom;
    refitting on the first resizes, until the reader moves the map, fixes that.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }}, bounds = L.latLngBounds({{ this.bounds_json }});
            var touched = false;
            function fit() { if (!touched) { map.fitBounds(bounds, {padding: [20, 20], maxZoom: 9}); } }
            map.on('resize', fit);
            map.on('dragstart', function () { touched = true; });
            map.getContainer().addEventListener('wheel', function () { touched = true; }, {passive: true});
            setTimeout(function () { map.invalidateSize(); fit(); }, 250);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "GeoRefitWhenSized"
        import json

        self.bounds_json = json.dumps([[round(float(v), 5) for v in corner] for corner in bounds])


class _DefaultIconPath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` in the map script, so a default marker never 404s offline."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path_json }};
        {% endmacro %}
        """
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self._name = "GeoDefaultIconPath"
        import json

        self.path_json = json.dumps(path)


# ------------------------------------------------------------------ building


def build_base_map(
    base: str = "light",
    outlines: dict | None = None,
    asset_base: str = "/app/static",
    legend: bool = True,
    title: str = "Map of the events shown",
) -> folium.Map:
    """The deterministic base: start view, tiles of ``base``, country outlines, legend (optional), icon path.

    ``title`` names the map for assistive technology (the frame's title and the map's label).
    """
    m = folium.Map(
        location=list(DEFAULT_CENTER),
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        maxZoom=MAX_ZOOM,  # MarkerCluster needs it when there is no tile layer (see engineering notes)
        control_scale=True,
    )
    # This map uses Leaflet, jQuery (folium popups), MarkerCluster and nothing else of folium's defaults.
    # MarkerCluster is loaded by the base, always: streamlit-folium loads scripts only with the first
    # frame, so layers drawn later (a filter taking the view under GEO_MAX_MAP_POINTS) find it there.
    m.default_js = [(n, u) for n, u in m.default_js if n in ("leaflet", "jquery")] + list(MarkerCluster.default_js)
    m.default_css = [(n, u) for n, u in m.default_css if n == "leaflet_css"] + list(MarkerCluster.default_css)
    m.get_root().header.add_child(Element(MAP_STYLE), name="geo_map_style")
    _DefaultIconPath(f"{asset_base.rstrip('/')}/vendor/leaflet@1.9.3/images/").add_to(m)
    PickChannel(title).add_to(m)
    FitControl().add_to(m)
    if outlines:
        # Their own pane under the overlay pane, so layers drawn on a canvas or in SVG sit above them.
        folium.map.CustomPane("geo-outlines", z_index=350, pointer_events=False).add_to(m)
        folium.GeoJson(
            outlines,
            name="Country outlines",
            control=False,
            pane="geo-outlines",
            style_function=lambda feature: {
                "color": "#6b6b6b",
                "weight": 1.6 if feature.get("id") == "104" else 0.8,
                "fillColor": "#f3efe6" if feature.get("id") == "104" else "#fafafa",
                "fillOpacity": 0.6 if base == "none" else 0.0,
            },
            interactive=False,
        ).add_to(m)
    tiles = BASE_TILES.get(base)
    if tiles:
        url, attribution, options = tiles
        folium.TileLayer(url, attr=attribution, name=base, overlay=False, control=False, **options).add_to(m)
    if legend:
        Legend(legend_html()).add_to(m)
    return m


def _place_groups(located: pd.DataFrame) -> list[list[dict]]:
    """The events of ``located`` grouped by place (coordinates to ~1 m), each group in reading order."""
    keyed = located.assign(_lat=located["latitude"].round(5), _lon=located["longitude"].round(5))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    keyed = keyed.assign(
        _layer=keyed["category"].map(order).fillna(len(order)),
        _date=keyed["date_start"].fillna("").astype(str),
    ).sort_values(["_lat", "_lon", "_layer", "_date", "id"], kind="stable")
    groups: dict[tuple[float, float], list[dict]] = {}
    for row in keyed.to_dict("records"):
        groups.setdefault((row["_lat"], row["_lon"]), []).append(row)
    return list(groups.values())


def add_point_events(group: folium.FeatureGroup, events: pd.DataFrame, context: MapContext) -> None:
    """One symbol per place, into ``group``: all layers of a place in one symbol, clustered across layers.

    A place with one event draws that event's layer shape (framed for a site); a place with several
    draws a ring divided by layer with the count (:func:`geo.render.symbols.ring_svg`), whose popup
    lists its events, each of which opens. Nearby places merge into clusters drawn the same way, so
    no symbol ever sits on another; a cluster zooms in when clicked, and spiderfies at the last zoom.
    Each marker's ``title`` (its accessible name and native tooltip) is the event title; the event's
    id travels in the marker's ``geoKey`` option, never in text a reader sees. Imprecise places get a
    dashed circle of their precision. Requires the columns of :data:`geo.store.EVENT_COLUMNS`; events
    without coordinates are skipped. This is the function the large-data path replaces.
    """
    located = events[events["latitude"].notna() & events["longitude"].notna()]
    circles: dict[tuple[float, float, int], str] = {}
    for row in located.to_dict("records"):
        precision = row.get("precision_m")
        exact = row.get("route_id") or precision is None or pd.isna(precision)
        if not exact and int(precision) > CIRCLE_THRESHOLD_M:
            key = (round(row["latitude"], 5), round(row["longitude"], 5), int(precision))
            circles.setdefault(key, row["category"])
    for (lat, lon, radius), category in sorted(circles.items()):
        folium.Circle(
            location=[lat, lon],
            radius=radius,
            color=CATEGORY_COLOURS.get(category, "#555"),
            weight=1,
            dash_array="4 4",
            fill=True,
            fill_opacity=0.06 if radius < 200_000 else 0.0,
            interactive=False,
            class_name=f"geo-area geo-layer-{category}",
        ).add_to(group)
    cluster = MarkerCluster(
        icon_create_function=CLUSTER_ICON_JS,
        options={
            # A ring is 36 x 47 px (the layer shapes under it), a lone symbol at most 26 px: two symbols
            # whose centres are 60 px apart cannot touch; clusters move to their markers' mean as they grow, so
            # a margin of 20 px keeps them apart (the dense-view browser test checks it).
            "maxClusterRadius": 80,
            "spiderfyOnMaxZoom": True,
            "showCoverageOnHover": False,
            "zoomToBoundsOnClick": True,
        },
    )
    for rows in _place_groups(located):
        first = rows[0]
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["category"]] = counts.get(row["category"], 0) + 1
        location = [first["_lat"], first["_lon"]]
        if len(rows) == 1:
            kind = first.get("kind") or "event"
            size = 26 if kind == "site" else 20
            title = clean_text(first.get("title")) or "Untitled event"
            folium.Marker(
                location=location,
                icon=folium.DivIcon(
                    html=symbol_svg(first["category"], kind),
                    icon_size=(size, size),
                    icon_anchor=(size // 2, size // 2),
                    class_name=f"geo-marker geo-layer-{first['category']} geo-kind-{kind}",
                ),
                title=title,
                geo_key=str(first["id"]),
                geo_layers=counts,
                tooltip=folium.Tooltip(tooltip_text(title), sticky=False),
                popup=folium.Popup(popup_html(first, context), max_width=320),
            ).add_to(cluster)
            continue
        place = clean_text(first.get("place_name")) or "one place"
        layers = ", ".join(f"{n} {CATEGORIES.get(c, c)}" for c, n in counts.items())
        title = f"{len(rows)} events at {place}: {layers}"
        folium.Marker(
            location=location,
            icon=folium.DivIcon(
                html=ring_svg(counts),
                icon_size=(36, 47),
                icon_anchor=(18, 18),
                class_name="geo-marker geo-stack " + " ".join(f"geo-layer-{c}" for c in counts),
            ),
            title=title,
            geo_layers=counts,
            tooltip=folium.Tooltip(tooltip_text(f"{len(rows)} events at {place}", layers), sticky=False),
            popup=folium.Popup(stack_popup_html(rows, context), max_width=340),
        ).add_to(cluster)
    PickScript().add_to(cluster)
    cluster.add_to(group)


def add_route_lines(group: folium.FeatureGroup, events: pd.DataFrame, category: str, context: MapContext) -> None:
    """The routes the events of one layer lie on, as polylines (inferred stretches dashed). Positions are [lon, lat]."""
    colour = CATEGORY_COLOURS.get(category, "#555")
    on_routes = events[events["route_id"].notna() & (events["route_id"] != "")]
    for route_id in sorted(on_routes["route_id"].unique()):
        route = context.routes.get(route_id)
        if not route:
            continue
        popup = route_popup_html(route, on_routes[on_routes["route_id"] == route_id])
        for feature in route["geometry"]["features"]:
            props = feature.get("properties") or {}
            inferred = bool(props.get("inferred"))
            positions = [[round(lat, 5), round(lon, 5)] for lon, lat, *_ in feature["geometry"]["coordinates"]]
            segment_note = (
                f"<div style='font:12px sans-serif;margin-top:4px'><b>This stretch:</b> "
                f"{'inferred' if inferred else 'documented'} &mdash; {escape_html(props.get('source'))}</div>"
            )
            line = folium.PolyLine(
                positions,
                color=colour,
                weight=4,
                opacity=0.85,
                dash_array="8 6" if inferred else None,
                class_name=f"geo-route geo-layer-{category}",
                tooltip=folium.Tooltip(tooltip_text(route.get("name"), "line")),
                popup=folium.Popup(popup + segment_note, max_width=340),
            )
            PickOnClick(str(route_id)).add_to(line)
            line.add_to(group)


def build_layers(events: pd.DataFrame, context: MapContext) -> list[folium.FeatureGroup]:
    """The filtered layers: route lines, then one symbol per place (:func:`add_point_events`).

    Above ``context.max_points`` events the point events go into one group of server-side
    clusters (:func:`geo.render.aggregation.build_aggregate_layer`) instead. With
    ``context.summary`` the map carries that sentence (what it shows, undated items apart).
    """
    aggregate = context.max_points is not None and len(events) > context.max_points
    groups = []
    lines = folium.FeatureGroup(name="Routes", control=False)
    on_routes = events[events["route_id"].notna() & (events["route_id"] != "")]
    for category in CATEGORIES:
        subset = on_routes[on_routes["category"] == category]
        if len(subset):
            add_route_lines(lines, subset, category, context)
    if lines._children:
        groups.append(lines)
    if aggregate:
        from geo.render.aggregation import build_aggregate_layer

        points = build_aggregate_layer(events, max_points=context.max_points)
    else:
        points = folium.FeatureGroup(name="Events", control=False)
        add_point_events(points, events, context)
    if context.summary:
        ViewSummary(context.summary).add_to(points)
    ViewBounds(event_bounds(events)).add_to(points)
    groups.append(points)
    for index, group in enumerate(groups):
        _number_elements(group, f"g{index}n")
    return groups


def event_bounds(events: pd.DataFrame) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the events with coordinates (Leaflet order), None if none has any.

    Requires columns: latitude, longitude.
    """
    lat = pd.to_numeric(events["latitude"], errors="coerce")
    lon = pd.to_numeric(events["longitude"], errors="coerce")
    placed = lat.notna() & lon.notna()
    if not placed.any():
        return None
    lat, lon = lat[placed], lon[placed]
    return [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]


def _number_elements(element, prefix: str) -> None:
    """Give every element under ``element`` a deterministic id (folium draws random ones).

    streamlit-folium re-evaluates the layers' JavaScript only when its text
    changes; with stable ids an unchanged selection gives the same text, so a
    rerun (a click, a pan) neither redraws the markers nor closes the open popup.
    """
    counter = 0

    def walk(item) -> None:
        nonlocal counter
        holders = [item] if hasattr(item, "_children") else []
        if isinstance(item, folium.Popup):  # a popup keeps its HTML in a separate element tree
            holders.append(item.html)
        for holder in holders:
            children = list(holder._children.values())
            for child in children:
                child._id = f"{prefix}{counter}"
                counter += 1
                walk(child)
            # the dict keys are the names the JavaScript variables are declared with
            holder._children = type(holder._children)((child.get_name(), child) for child in children)

    walk(element)


def build_map_parts(
    events: pd.DataFrame, context: MapContext, base: str = "light", outlines: dict | None = None
) -> MapParts:
    """The base map and the filtered layers, kept apart for ``st_folium``."""
    return MapParts(base=build_base_map(base, outlines, context.asset_base), layers=build_layers(events, context))


def build_map(events: pd.DataFrame, context: MapContext, state=None, outlines: dict | None = None) -> folium.Map:
    """One complete map for a :class:`~geo.query.ViewState` (base map, centre, zoom): for snapshots and exports."""
    base = getattr(state, "base", "light") if state is not None else "light"
    parts = build_map_parts(events, context, base, outlines)
    m = parts.base
    if state is not None and state.lat is not None and state.lon is not None:
        m.location = [state.lat, state.lon]
    if state is not None and state.zoom is not None:
        m.options["zoom"] = state.zoom
    for layer in parts.layers:
        layer.add_to(m)
    return m


def colocated_events(events: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """The other events drawn at the same point as ``event_id`` (same coordinates to ~1 m)."""
    match = events[events["id"] == event_id]
    if match.empty or pd.isna(match.iloc[0]["latitude"]):
        return events.iloc[0:0]
    lat, lon = round(match.iloc[0]["latitude"], 5), round(match.iloc[0]["longitude"], 5)
    same = (events["latitude"].round(5) == lat) & (events["longitude"].round(5) == lon) & (events["id"] != event_id)
    return events[same]


def build_places_map(
    places: pd.DataFrame, outlines: dict | None = None, asset_base: str = "/app/static", base: str = "light"
) -> folium.Map:
    """A small map of places (id, name, kind, latitude, longitude, precision_m), fitted to them.

    Each place is a marker with its name as tooltip, inside a circle of its
    precision when that is over 1 km.
    """
    # Plain place dots: the layer legend would only hide them on this small map.
    m = build_base_map(base, outlines, asset_base, legend=False)
    located = places[places["latitude"].notna() & places["longitude"].notna()]
    for row in located.to_dict("records"):
        location = [round(row["latitude"], 5), round(row["longitude"], 5)]
        precision = row.get("precision_m")
        if precision is not None and not pd.isna(precision) and int(precision) > CIRCLE_THRESHOLD_M:
            folium.Circle(
                location,
                radius=int(precision),
                color="#2c6fbb",
                weight=1,
                dash_array="4 4",
                fill=True,
                fill_opacity=0.06 if int(precision) < 200_000 else 0.0,
                interactive=False,
            ).add_to(m)
        folium.CircleMarker(
            location,
            radius=5,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color="#2c6fbb",
            fill_opacity=1,
            tooltip=folium.Tooltip(
                f"{escape_html(row.get('name'))} ({escape_html(PLACE_KIND_WORDS.get(row.get('kind'), row.get('kind')))}, "
                f"{escape_html(describe_precision(precision))})"
            ),
        ).add_to(m)
    if len(located) > 1:
        small = located[located["precision_m"].fillna(0) < 200_000]
        use = small if len(small) > 1 else located
        bounds = [[use["latitude"].min(), use["longitude"].min()], [use["latitude"].max(), use["longitude"].max()]]
        m.fit_bounds(bounds, padding=(20, 20), max_zoom=9)
        _RefitWhenSized(bounds).add_to(m)
    elif len(located) == 1:
        m.location = [located.iloc[0]["latitude"], located.iloc[0]["longitude"]]
    return m
