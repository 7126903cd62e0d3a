"""The map's front-end assets: installing them, pointing maps at them, inlining them.

folium writes ``<script>``/``<link>`` tags that load Leaflet, jQuery and
plugins from public CDNs, and streamlit-folium loads the same URLs inside
the map's frame. To work with no internet the app serves its own copies:

* :func:`install_assets` runs ``npm ci`` (or ``npm install``) on the
  ``package.json`` at the project root, copies the files listed in
  :data:`VENDOR_FILES` from ``node_modules/`` into ``static/vendor/``
  (Streamlit serves that folder at ``/app/static/vendor``), and converts the
  world-atlas TopoJSON into a GeoJSON of Myanmar and its neighbours
  (:data:`OUTLINES_FILE`), which every map draws whatever its base map.
* :func:`localize_map` rewrites, per element instance, the ``default_js``
  and ``default_css`` of a folium element tree to those local copies. It is
  strict: an ``http(s)`` URL that :data:`CDN_FILES` does not know raises
  :class:`~geo.errors.AssetsMissing`, so a new plugin cannot silently make
  the app call a CDN.
* :func:`inline_assets` turns a rendered map page that refers to local
  assets into one standalone HTML file (scripts, stylesheets, and the
  images and fonts their ``url()`` point to, as data URIs).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from geo.errors import AssetsMissing

__all__ = [
    "CDN_FILES",
    "DROPPED_URLS",
    "NEIGHBOUR_COUNTRIES",
    "OUTLINES_FILE",
    "VENDOR_FILES",
    "assets_missing",
    "inline_assets",
    "install_assets",
    "load_outlines",
    "localize_map",
    "topojson_to_geojson",
    "vendor_url",
]

# File in static/vendor/ holding the country outlines every map draws.
OUTLINES_FILE = "outlines/myanmar-region.geojson"

# ISO 3166-1 numeric code (world-atlas feature id) -> name: Myanmar and the countries around it.
NEIGHBOUR_COUNTRIES: dict[str, str] = {
    "104": "Myanmar",
    "156": "China",
    "356": "India",
    "050": "Bangladesh",
    "764": "Thailand",
    "418": "Laos",
    "064": "Bhutan",
    "524": "Nepal",
    "704": "Vietnam",
    "116": "Cambodia",
    "458": "Malaysia",
}

# (source under node_modules/, destination under static/vendor/). Directories are copied whole.
VENDOR_FILES: list[tuple[str, str]] = [
    ("leaflet/dist/leaflet.js", "leaflet@1.9.3/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet@1.9.3/leaflet.css"),
    ("leaflet/dist/images", "leaflet@1.9.3/images"),
    ("jquery/dist/jquery.min.js", "jquery@3.7.1/jquery.min.js"),
    ("bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap@5.2.2/js/bootstrap.bundle.min.js"),
    ("bootstrap/dist/css/bootstrap.min.css", "bootstrap@5.2.2/css/bootstrap.min.css"),
    ("@fortawesome/fontawesome-free/css/all.min.css", "fontawesome-free@6.2.0/css/all.min.css"),
    ("@fortawesome/fontawesome-free/webfonts", "fontawesome-free@6.2.0/webfonts"),
    ("leaflet.awesome-markers/dist/leaflet.awesome-markers.js", "awesome-markers@2.0.5/leaflet.awesome-markers.js"),
    ("leaflet.awesome-markers/dist/leaflet.awesome-markers.css", "awesome-markers@2.0.5/leaflet.awesome-markers.css"),
    ("leaflet.awesome-markers/dist/images", "awesome-markers@2.0.5/images"),
    ("leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster@1.1.0/leaflet.markercluster.js"),
    ("leaflet.markercluster/dist/MarkerCluster.css", "markercluster@1.1.0/MarkerCluster.css"),
    ("leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster@1.1.0/MarkerCluster.Default.css"),
]

# folium's awesome-marker rotation stylesheet is not on npm; we write our own equivalent rule.
_ROTATE_CSS_PATH = "folium/awesome-rotate.css"
_ROTATE_CSS = (
    "/* rotation of awesome-marker icons (folium Icon(angle=...)) */\n.awesome-marker i { display: inline-block; }\n"
)

# CDN URL (as folium and its plugins write it) -> file under static/vendor/.
CDN_FILES: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet@1.9.3/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet@1.9.3/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery@3.7.1/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap@5.2.2/js/bootstrap.bundle.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap@5.2.2/css/bootstrap.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "fontawesome-free@6.2.0/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": "awesome-markers@2.0.5/leaflet.awesome-markers.js",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": "awesome-markers@2.0.5/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": _ROTATE_CSS_PATH,
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": "markercluster@1.1.0/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": "markercluster@1.1.0/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": "markercluster@1.1.0/MarkerCluster.Default.css",
}

# URLs deliberately not served: Bootstrap 3 glyphicons are only used by folium.Icon(prefix="glyphicon"),
# which this app never draws (use prefix="fa").
DROPPED_URLS: frozenset[str] = frozenset(
    {"https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"}
)


def vendor_url(base_url: str, relative: str) -> str:
    """The URL of a vendored file, e.g. ``/app/static/vendor/leaflet@1.9.3/leaflet.js``."""
    return f"{base_url.rstrip('/')}/vendor/{relative}"


# ------------------------------------------------------------------ installing


def _run_npm(project_root: Path, npm: str) -> None:
    if shutil.which(npm) is None:
        raise AssetsMissing(
            f"'{npm}' was not found, so the map assets cannot be installed. "
            "Fix: install Node.js and npm (Debian: apt-get install npm), then run python -m geo assets install"
        )
    command = [npm, "ci"] if (project_root / "package-lock.json").is_file() else [npm, "install"]
    command += ["--no-audit", "--no-fund", "--ignore-scripts"]
    result = subprocess.run(command, cwd=project_root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise AssetsMissing(
            f"'{' '.join(command)}' failed in {project_root}: {' / '.join(tail)}. "
            "Fix: check that the npm registry is reachable, then run python -m geo assets install again"
        )


def _decode_arcs(topology: dict) -> list[list[list[float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                points.append([round(x * sx + tx, 3), round(y * sy + ty, 3)])
        else:
            points = [[round(p[0], 3), round(p[1], 3)] for p in arc]
        # rounding makes neighbours coincide: drop the repeats, keep both ends
        kept = [point for i, point in enumerate(points) if i == 0 or point != points[i - 1]]
        arcs.append(kept if len(kept) > 1 else points[:1] + points[-1:])
    return arcs


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def topojson_to_geojson(topology: dict, object_name: str, ids: dict[str, str]) -> dict:
    """The features of one TopoJSON object whose id is in ``ids``, as a GeoJSON FeatureCollection.

    Positions stay ``[lon, lat]`` (GeoJSON order), rounded to 3 decimals (about 100 m; 50m-scale source data is coarser anyway).
    """
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if str(geometry.get("id")) not in ids:
            continue
        if geometry["type"] == "Polygon":
            coordinates = [_ring(r, arcs) for r in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": str(geometry["id"]),
                "properties": {"name": ids[str(geometry["id"])]},
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def install_assets(project_root: Path, static_dir: Path, npm: str = "npm", run_npm: bool = True) -> list[Path]:
    """Install the npm packages and copy the map assets into ``static_dir/vendor``. Returns the files written."""
    project_root, vendor = Path(project_root), Path(static_dir) / "vendor"
    if run_npm:
        _run_npm(project_root, npm)
    modules = project_root / "node_modules"
    written: list[Path] = []
    for source, destination in VENDOR_FILES:
        origin, target = modules / source, vendor / destination
        if not origin.exists():
            raise AssetsMissing(
                f"{origin} is missing after npm install. Fix: check package.json lists its package, "
                "then run python -m geo assets install"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, target, dirs_exist_ok=True)  # copies, never symlinks: Streamlit refuses those
            written += [p for p in target.rglob("*") if p.is_file()]
        else:
            shutil.copyfile(origin, target)
            written.append(target)
    rotate = vendor / _ROTATE_CSS_PATH
    rotate.parent.mkdir(parents=True, exist_ok=True)
    rotate.write_text(_ROTATE_CSS)
    written.append(rotate)
    topology = json.loads((modules / "world-atlas" / "countries-50m.json").read_text())
    outlines = vendor / OUTLINES_FILE
    outlines.parent.mkdir(parents=True, exist_ok=True)
    outlines.write_text(
        json.dumps(topojson_to_geojson(topology, "countries", NEIGHBOUR_COUNTRIES), separators=(",", ":"))
    )
    written.append(outlines)
    return written


def assets_missing(static_dir: Path) -> list[str]:
    """The vendored files that are not there (empty when the install is complete)."""
    vendor = Path(static_dir) / "vendor"
    wanted = [*sorted(set(CDN_FILES.values())), OUTLINES_FILE]
    return [name for name in wanted if not (vendor / name).is_file()]


def load_outlines(static_dir: Path) -> dict:
    """The installed country outlines (GeoJSON FeatureCollection)."""
    path = Path(static_dir) / "vendor" / OUTLINES_FILE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise AssetsMissing(
            f"cannot read the country outlines at {path} ({error}). Fix: run python -m geo assets install"
        ) from error


# ------------------------------------------------------------------ localizing


def _walk(element) -> Iterator:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _local(url: str, base_url: str, strict: bool) -> str | None:
    if url in DROPPED_URLS:
        return None
    if url in CDN_FILES:
        return vendor_url(base_url, CDN_FILES[url])
    if strict and re.match(r"^(https?:)?//", url):
        raise AssetsMissing(
            f"the map needs {url}, which has no local copy. Fix: add its npm package to package.json, "
            "its file to geo.render.assets.VENDOR_FILES and CDN_FILES, and run python -m geo assets install"
        )
    return url


def localize_map(element, base_url: str = "/app/static", strict: bool = True):
    """Point every element of a folium tree (a Map or a FeatureGroup) at the vendored assets.

    Rewrites ``default_js`` / ``default_css`` on each instance (never on the
    class: folium's ``add_js_link`` mutates class lists). Returns ``element``.
    """
    for item in _walk(element):
        for attribute in ("default_js", "default_css"):
            links = getattr(item, attribute, None)
            if not links:
                continue
            localized = []
            for name, url in links:
                local = _local(url, base_url, strict)
                if local is not None:
                    localized.append((name, local))
            setattr(item, attribute, localized)
    return element


# ------------------------------------------------------------------ inlining

_SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>\s*</script>""", re.IGNORECASE)
_LINK_CSS = re.compile(r"""<link\b[^>]*\bhref=["']([^"']+\.css)["'][^>]*/?>""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")


def _vendor_path(url: str, base_url: str, static_dir: Path) -> Path:
    prefix = base_url.rstrip("/") + "/"
    if not url.startswith(prefix):
        raise AssetsMissing(
            f"cannot inline {url}: it is not under {prefix}. Fix: localize the map first (geo.render.assets.localize_map)"
        )
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    path = (Path(static_dir) / relative).resolve()
    if Path(static_dir).resolve() not in path.parents or not path.is_file():
        raise AssetsMissing(f"cannot inline {url}: {path} is missing. Fix: run python -m geo assets install")
    return path


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".woff2":
        kind = "font/woff2"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _inline_css(path: Path) -> str:
    css = path.read_text(encoding="utf-8")

    def replace(match: re.Match) -> str:
        target = match.group(1)
        if target.startswith(("data:", "#")):
            return match.group(0)
        file = (path.parent / target.split("?", 1)[0].split("#", 1)[0]).resolve()
        if not file.is_file():
            return match.group(0)
        return f'url("{_data_uri(file)}")'

    return _CSS_URL.sub(replace, css)


def inline_assets(html: str, static_dir: Path, base_url: str = "/app/static") -> str:
    """One standalone HTML page: every local script and stylesheet inlined, with their images and fonts.

    ``html`` is a rendered map (``m.get_root().render()``) after
    :func:`localize_map`. A remaining remote script or stylesheet raises
    :class:`~geo.errors.AssetsMissing` (tiles of an online base map are
    not assets: they stay remote).
    """

    def script(match: re.Match) -> str:
        body = _vendor_path(match.group(1), base_url, static_dir).read_text(encoding="utf-8")
        return "<script>" + body.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match) -> str:
        css = _inline_css(_vendor_path(match.group(1), base_url, static_dir))
        return "<style>" + css.replace("</style", "<\\/style") + "</style>"

    return _LINK_CSS.sub(style, _SCRIPT_SRC.sub(script, html))
