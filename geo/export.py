"""Exports of a set of events: GeoJSON (RFC 7946), CSV and KML.

These formats are a public interface (documented in the README, section
"Export formats"): keep field names and order stable. This module is the
only place besides map building that converts coordinates: our columns are
``latitude``/``longitude``; GeoJSON and KML positions are ``[lon, lat]``.
Route events (pipeline, railway) export as MultiLineString geometry.

Every text goes out through :func:`geo.escaping.xml_text` (the characters XML
1.0 forbids, such as ``\x00`` or ``\x0b``, removed), so a control character
in an imported note never makes a KML file unreadable. KML descriptions are
HTML to Google Earth: they are built here from escaped parts
(:func:`kml_html`), so no text from an article or a file becomes markup.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET

import pandas as pd

from geo.escaping import escape_html, xml_text
from geo.schema import CATEGORIES, CATEGORY_COLOURS

__all__ = ["CSV_COLUMNS", "csv_safe", "kml_html", "to_csv", "to_geojson", "to_kml", "write_export"]

CSV_COLUMNS: list[tuple[str, str]] = [
    ("id", "Event or site id (ev-..., site-..., or an import's own prefix)."),
    ("kind", "event or site."),
    ("title", "Short title."),
    ("summary", "One or two sentences."),
    ("category", "Layer id."),
    ("date_start", "First day of the date interval (YYYY-MM-DD), empty if undated."),
    ("date_end", "Last day of the interval, empty if open or undated."),
    ("date_precision", "day, month, year, range, period or undated."),
    ("place", "Place or route name."),
    ("place_id", "Gazetteer id, when the event is at a gazetteer place."),
    ("route_id", "Route id, for line features."),
    ("latitude", "WGS 84 latitude of the point (a route's middle vertex for lines)."),
    ("longitude", "WGS 84 longitude of the point."),
    ("location_precision_m", "How far the true location may be from the point, in metres."),
    ("actors", "Actor ids, separated by '|'."),
    ("actor_roles", "actor_id:role pairs, separated by '|'."),
    ("source_article", "Id of the supporting article."),
    ("source_title", "Title of the supporting article."),
    ("source_publisher", "Publisher of the supporting article."),
    ("source_start", "Character offset where the supporting passage starts."),
    ("source_end", "Character offset where it ends (exclusive)."),
    ("quote", "The supporting passage, verbatim."),
    ("origin", "curated, ingest, or the import it came from."),
    ("note", "Caveats."),
]


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str):
        return xml_text(value)
    return value


def _line_coordinates(route: dict) -> list[list[list[float]]]:
    return [
        [[round(lon, 5), round(lat, 5)] for lon, lat, *_ in feature["geometry"]["coordinates"]]
        for feature in route["geometry"]["features"]
    ]


def _geometry(row, routes: dict[str, dict]) -> dict:
    route_id = _clean(row.get("route_id"))
    if route_id and route_id in routes:
        return {"type": "MultiLineString", "coordinates": _line_coordinates(routes[route_id])}
    return {"type": "Point", "coordinates": [round(float(row["longitude"]), 5), round(float(row["latitude"]), 5)]}


def to_geojson(events: pd.DataFrame, routes: list[dict] = (), metadata: dict | None = None) -> dict:
    """An RFC 7946 FeatureCollection of the events; positions are ``[lon, lat]``.

    Requires the columns of :data:`geo.store.EVENT_COLUMNS`. ``metadata``
    goes into a ``metadata`` foreign member (caption, data version...).
    """
    by_id = {route["id"]: route for route in routes}
    features = []
    for row in events.to_dict("records"):
        properties = {
            "id": _clean(row["id"]),
            "kind": _clean(row["kind"]),
            "title": _clean(row["title"]),
            "summary": _clean(row.get("summary")),
            "category": _clean(row["category"]),
            "date_start": _clean(row.get("date_start")),
            "date_end": _clean(row.get("date_end")),
            "date_precision": _clean(row["date_precision"]),
            "place": _clean(row.get("place_name")),
            "place_id": _clean(row.get("place_id")),
            "route_id": _clean(row.get("route_id")),
            "location_precision_m": _clean(row.get("precision_m")),
            "actors": [_clean(a) for a in row.get("actors") or []],
            "actor_roles": [_clean(r) for r in row.get("actor_roles") or []],
            "source_article": _clean(row.get("article_id")),
            "source_title": _clean(row.get("article_title")),
            "source_publisher": _clean(row.get("article_publisher")),
            "source_start": _clean(row.get("source_start")),
            "source_end": _clean(row.get("source_end")),
            "quote": _clean(row.get("quote")),
            "origin": _clean(row.get("origin")),
            "note": _clean(row.get("note")),
        }
        features.append(
            {"type": "Feature", "id": properties["id"], "geometry": _geometry(row, by_id), "properties": properties}
        )
    collection = {"type": "FeatureCollection", "features": features}
    if metadata:
        collection["metadata"] = metadata
    return collection


def csv_safe(value) -> str:
    """Text that spreadsheets will not run as a formula (OWASP CSV injection guidance)."""
    value = _clean(value)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "|".join(str(v) for v in value)
    text = xml_text(value)
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(events: pd.DataFrame) -> str:
    """The events as CSV with the header :data:`CSV_COLUMNS` (UTF-8, RFC 4180 quoting)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for row in events.to_dict("records"):
        source = {
            **row,
            "place": row.get("place_name"),
            "location_precision_m": row.get("precision_m"),
            "source_article": row.get("article_id"),
            "source_title": row.get("article_title"),
            "source_publisher": row.get("article_publisher"),
        }
        writer.writerow([csv_safe(source.get(name)) for name, _ in CSV_COLUMNS])
    return buffer.getvalue()


def _kml_colour(hex_colour: str, alpha: str = "ff") -> str:
    red, green, blue = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{alpha}{blue}{green}{red}"  # KML colours are aabbggrr


def kml_html(text) -> str:
    """Text as the HTML a KML ``<description>`` holds: every character escaped, line breaks as ``<br>``."""
    return "<br>".join(escape_html(xml_text(line)) for line in ("" if text is None else str(text)).split("\n"))


def _describe(row: dict) -> str:
    """The description of a placemark: HTML built from escaped parts, the event's title first."""
    e = escape_html

    def line(label: str, value: str) -> str:
        return f"<b>{e(label)}:</b> {e(value)}"

    precision = _clean(row.get("precision_m"))
    place = _clean(row.get("place_name")) or ""
    date_start, date_end = _clean(row.get("date_start")), _clean(row.get("date_end"))
    dates = f"{date_start} to {date_end}" if date_start and date_end and date_end != date_start else date_start
    parts = [
        f"<b>{e(_clean(row.get('title')))}</b>",
        e(_clean(row.get("summary"))),
        line("Place", f"{place} (within {float(precision):,.0f} m)" if precision is not None else place),
        line("Date", f"{dates or 'undated'} ({_clean(row.get('date_precision'))})"),
        line("Actors", ", ".join(_clean(a) or "" for a in row.get("actors") or [])),
        line(
            "Source",
            ", ".join(str(v) for v in (_clean(row.get("article_title")), _clean(row.get("article_publisher"))) if v),
        ),
        line("Quote", _clean(row.get("quote")) or ""),
    ]
    if _clean(row.get("note")):
        parts.append(line("Note", _clean(row.get("note"))))
    return "<br>".join(part for part in parts if part)


def to_kml(events: pd.DataFrame, routes: list[dict] = (), title: str = "Myanmar evidence map") -> str:
    """The events as KML 2.2 (Google Earth): a folder per layer, time spans, styles by layer.

    Positions are written ``lon,lat,0`` as KML requires. Names are plain
    text; each style's balloon shows only the description, which is HTML
    built from escaped parts, so no text of an event is read as markup.
    """
    ns = "http://www.opengis.net/kml/2.2"
    ET.register_namespace("", ns)

    def sub(parent: ET.Element, tag: str, text=None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ns}}}{tag}", {k: xml_text(v) for k, v in attributes.items()})
        if text is not None:
            element.text = xml_text(text)
        return element

    kml = ET.Element(f"{{{ns}}}kml")
    document = sub(kml, "Document")
    sub(document, "name", title)
    for category, colour in CATEGORY_COLOURS.items():
        style = sub(document, "Style", id=category)
        sub(sub(style, "IconStyle"), "color", _kml_colour(colour))
        line_style = sub(style, "LineStyle")
        sub(line_style, "color", _kml_colour(colour))
        sub(line_style, "width", "3")
        sub(sub(style, "BalloonStyle"), "text", "$[description]")
    by_id = {route["id"]: route for route in routes}
    folders: dict[str, ET.Element] = {}
    for row in events.to_dict("records"):
        category = row["category"]
        if category not in folders:
            folders[category] = sub(document, "Folder")
            sub(folders[category], "name", CATEGORIES.get(category, category))
        placemark = sub(folders[category], "Placemark", id=row["id"])
        sub(placemark, "name", _clean(row["title"]) or "")
        sub(placemark, "description", _describe(row))
        if _clean(row.get("date_start")):
            span = sub(placemark, "TimeSpan")
            sub(span, "begin", row["date_start"])
            if _clean(row.get("date_end")):
                sub(span, "end", row["date_end"])
        sub(placemark, "styleUrl", f"#{category}")
        route_id = _clean(row.get("route_id"))
        if route_id and route_id in by_id:
            multi = sub(placemark, "MultiGeometry")
            for line in _line_coordinates(by_id[route_id]):
                line_string = sub(multi, "LineString")
                sub(line_string, "tessellate", "1")
                sub(line_string, "coordinates", " ".join(f"{lon},{lat},0" for lon, lat in line))
        else:
            point = sub(placemark, "Point")
            sub(point, "coordinates", f"{round(float(row['longitude']), 5)},{round(float(row['latitude']), 5)},0")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode")


def write_export(events: pd.DataFrame, fmt: str, routes: list[dict] = (), metadata: dict | None = None) -> str:
    """The events in ``fmt`` (geojson, csv or kml) as text."""
    if fmt == "geojson":
        return json.dumps(to_geojson(events, routes, metadata), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return to_csv(events)
    if fmt == "kml":
        return to_kml(events, routes)
    raise ValueError(f"unknown export format {fmt!r}")
