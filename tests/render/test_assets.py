"""Map assets (geo.render.assets): TopoJSON conversion, strict localizing, inlining into one file."""

from __future__ import annotations

import folium
import pytest
from folium.plugins import MarkerCluster

from geo.errors import AssetsMissing
from geo.render.assets import (
    CDN_FILES,
    OUTLINES_FILE,
    assets_missing,
    inline_assets,
    localize_map,
    topojson_to_geojson,
)

TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [90, 10]},
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "104", "arcs": [[0, 1]], "properties": {}},
                {"type": "Polygon", "id": "999", "arcs": [[~1, 2]], "properties": {}},
            ],
        }
    },
    # delta-encoded: arc 0 = (90,10)->(92,10)->(92,12); arc 1 = (92,12)->(90,10); arc 2 = (90,10)->(92,12)
    "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, -2]], [[0, 0], [2, 2]]],
}


def test_topojson_arcs_decode_into_closed_rings_of_lon_lat():
    collection = topojson_to_geojson(TOPOLOGY, "countries", {"104": "Myanmar"})
    assert [f["properties"]["name"] for f in collection["features"]] == ["Myanmar"]
    ring = collection["features"][0]["geometry"]["coordinates"][0]
    assert ring == [[90, 10], [92, 10], [92, 12], [90, 10]]


def test_reversed_arc_is_walked_backwards():
    collection = topojson_to_geojson(TOPOLOGY, "countries", {"999": "Other"})
    # ~1 is arc 1 reversed: (90,10)->(92,12); arc 2 then continues without repeating its first point
    assert collection["features"][0]["geometry"]["coordinates"][0] == [[90, 10], [92, 12], [92, 12]]


def test_localize_points_every_cdn_link_at_the_vendor_folder():
    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    localize_map(m, "/app/static")
    links = [url for element in (m, *m._children.values()) for _, url in getattr(element, "default_js", [])]
    links += [url for element in (m, *m._children.values()) for _, url in getattr(element, "default_css", [])]
    assert links and all(url.startswith("/app/static/vendor/") for url in links)
    html = m.get_root().render()
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "code.jquery" not in html


def test_localize_leaves_the_class_defaults_alone():
    before = list(folium.Map.default_js)
    localize_map(folium.Map(tiles=None))
    assert folium.Map.default_js == before


def test_an_unknown_cdn_url_is_an_error_naming_the_fix():
    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("mystery", "https://cdn.example.org/mystery.js")]
    with pytest.raises(AssetsMissing, match=r"mystery\.js.*package\.json"):
        localize_map(m)
    assert localize_map(m, strict=False) is m


def _fake_vendor(static):
    for relative in {*CDN_FILES.values(), OUTLINES_FILE}:
        path = static / "vendor" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* x */")
    return static


def test_missing_assets_are_listed(tmp_path):
    assert OUTLINES_FILE in assets_missing(tmp_path)
    assert assets_missing(_fake_vendor(tmp_path)) == []


def test_inline_assets_makes_one_file_with_images_as_data_uris(tmp_path):
    static = _fake_vendor(tmp_path)
    css = static / "vendor" / "leaflet@1.9.3" / "leaflet.css"
    (css.parent / "images").mkdir(exist_ok=True)
    (css.parent / "images" / "layers.png").write_bytes(b"\x89PNG fake")
    css.write_text(".leaflet-control-layers-toggle{background-image:url(images/layers.png)}")
    (static / "vendor" / "leaflet@1.9.3" / "leaflet.js").write_text("window.L = {}; // </script> inside")
    page = (
        '<link rel="stylesheet" href="/app/static/vendor/leaflet@1.9.3/leaflet.css"/>'
        '<script src="/app/static/vendor/leaflet@1.9.3/leaflet.js"></script><div id="map"></div>'
    )
    out = inline_assets(page, static)
    assert "/app/static/vendor" not in out
    assert 'url("data:image/png;base64,' in out
    assert "window.L = {}" in out and "<\\/script> inside" in out


def test_inline_refuses_a_missing_file(tmp_path):
    with pytest.raises(AssetsMissing, match="assets install"):
        inline_assets('<script src="/app/static/vendor/nothing.js"></script>', tmp_path)
