"""The files the tool writes: snapshot and export formats with their media types and file extensions.

A public interface (the README's "Export formats" and "Sharing"): the command
line's ``--format`` choices and the app's download buttons read it from here.
"""

from __future__ import annotations

__all__ = ["DEFAULT_TITLE", "SNAPSHOT_FORMATS"]

# format -> (media type, file extension)
SNAPSHOT_FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html", "html"),
    "png": ("image/png", "png"),
    "geojson": ("application/geo+json", "geojson"),
    "csv": ("text/csv", "csv"),
    "kml": ("application/vnd.google-earth.kml+xml", "kml"),
}

DEFAULT_TITLE = "Who arms, finances and shields Myanmar's military: evidence map"
