"""Map building (geo.render.mapping): features in the right layers, precision circles, escaped popups, links."""

from __future__ import annotations

import re

import folium
import pandas as pd
import pytest

from geo.escaping import escape_html
from geo.evidence import Evidence
from geo.links import article_link
from geo.query import ViewState
from geo.render.mapping import build_map, build_map_parts, colocated_events
from geo.render.popups import MapContext, event_id_from_tooltip
from geo.render.wording import describe_date


@pytest.fixture
def evidence(core_store) -> Evidence:
    return Evidence.from_store(core_store)


def _script(element) -> str:
    if isinstance(element, folium.Map):
        return element.get_root().render()
    m = folium.Map()
    element.add_to(m)
    return m.get_root().render()


def test_each_layer_group_holds_only_its_own_events(evidence):
    parts = build_map_parts(evidence.events, MapContext.from_evidence(evidence))
    names = [group.layer_name for group in parts.layers]
    assert names == ["Arms supply (1)", "Seizures and combat (1)", "Resource extraction (1)", "Infrastructure (1)"]
    expected = {
        "Arms supply (1)": "ev-contract",
        "Seizures and combat (1)": "ev-seizure",
        "Resource extraction (1)": "site-letpadaung",
        "Infrastructure (1)": "site-pipeline",
    }
    for group in parts.layers:
        html = _script(group)
        ids = set(re.findall(r'data-event=\\?"([a-z0-9-]+)', html))
        assert ids == {expected[group.layer_name]}


def test_base_map_has_outlines_and_legend_but_no_events(evidence):
    outlines = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "104",
                "properties": {"name": "Myanmar"},
                "geometry": {"type": "Polygon", "coordinates": [[[92, 10], [101, 10], [101, 28], [92, 10]]]},
            }
        ],
    }
    parts = build_map_parts(evidence.events, MapContext.from_evidence(evidence), base="none", outlines=outlines)
    html = _script(parts.base)
    assert '"Myanmar"' in html and "geo-legend" in html
    assert "data-event" not in html
    assert "tile.openstreetmap.org" not in html and "cartocdn" not in html  # base "none": no tiles


@pytest.mark.parametrize(
    ("base", "needle"),
    [("streets", "tile.openstreetmap.org"), ("light", "basemaps.cartocdn.com"), ("satellite", "World_Imagery")],
)
def test_base_maps_use_their_tiles(evidence, base, needle):
    html = _script(build_map_parts(evidence.events.iloc[0:0], MapContext(), base=base).base)
    assert needle in html


def test_imprecise_places_are_circles_of_their_precision(evidence):
    html = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    radii = sorted(int(float(r)) for r in re.findall(r'"radius": ([0-9.]+)', html))
    places = evidence.places.set_index("id")["precision_m"]
    # the township, the mine and the country are circles of their precision; the pipeline is a line
    expected = sorted(int(places[p]) for p in ("pl-madaya-township", "pl-letpadaung-mine", "pl-myanmar"))
    assert all(radius > 1000 for radius in expected)
    assert radii == expected


def test_routes_are_polylines_with_inferred_stretches_dashed(evidence):
    pipeline = next(r for r in evidence.routes if r["id"] == "route-pipeline-test")
    inferred = sum(bool(f["properties"].get("inferred")) for f in pipeline["geometry"]["features"])
    html = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    assert html.count("L.polyline(") == len(pipeline["geometry"]["features"])
    assert html.count('"dashArray": "8 6"') == inferred


def test_popup_escapes_untrusted_text_and_links_to_the_passage(evidence):
    events = evidence.events.copy()
    row = events.index[events["id"] == "ev-contract"][0]
    events.loc[row, "title"] = "<script>alert(1)</script>"
    events.loc[row, "quote"] = "<img src=x onerror=alert(2)> ${alert(3)} `tick`"
    html = _script(build_map(events, MapContext.from_evidence(evidence)))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "${alert(3)}" not in html and "&#36;{alert(3)}" in html
    assert "`tick`" not in html
    assert 'href="/article?doc=art-test-one&amp;span=24-38" target="_blank" rel="noopener"' in html


def test_markers_use_layer_symbols_not_default_icons(evidence):
    html = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    assert "L.divIcon" in html and "geo-layer-arms-supply geo-kind-event" in html
    assert "geo-layer-resource-extraction geo-kind-site" in html
    assert "L.Icon.Default.imagePath" in html  # a stray default marker would not 404


def test_layers_are_deterministic_so_reruns_keep_the_map(evidence):
    from streamlit_folium import _get_feature_group_string

    def layers_js():
        parts = build_map_parts(evidence.events, MapContext.from_evidence(evidence))
        return "".join(_get_feature_group_string(g, parts.base, i) for i, g in enumerate(parts.layers))

    assert layers_js() == layers_js()


def test_build_map_opens_at_the_state_view(evidence):
    html = _script(build_map(evidence.events, MapContext(), ViewState(lat=22.0, lon=96.1, zoom=8)))
    assert "[22.0, 96.1]" in html and '"zoom": 8' in html


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"date_start": "2025-07-20", "date_end": "2025-07-20", "date_precision": "day"}, "2025-07-20 (day)"),
        ({"date_start": "2017-01-01", "date_end": "2017-12-31", "date_precision": "year"}, "2017 (year)"),
        ({"date_start": "2025-07-01", "date_end": "2025-07-31", "date_precision": "month"}, "2025-07 (month)"),
        (
            {"date_start": "2021-02-01", "date_end": "2022-12-31", "date_precision": "range"},
            "2021-02-01 to 2022-12-31 (range)",
        ),
        ({"date_start": "2012-01-01", "date_end": None, "date_precision": "period"}, "since 2012-01-01"),
        ({"date_start": None, "date_end": None, "date_precision": "undated"}, "undated"),
    ],
)
def test_dates_say_their_precision(row, expected):
    assert describe_date(row).startswith(expected)


@pytest.mark.parametrize(
    ("tooltip", "expected"),
    [
        ("ev-contract \u2014 Arms contract", "ev-contract"),
        ("  route-pipeline-test \u2014 Pipeline", "route-pipeline-test"),
        ("", None),
        (None, None),
    ],
)
def test_clicked_id_is_read_from_the_tooltip(tooltip, expected):
    assert event_id_from_tooltip(tooltip) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("<b>", "&lt;b&gt;"), ("${x}", "&#36;{x}"), ("a`b", "a&#96;b"), ("\\n", "&#92;n"), (None, ""), ('"', "&quot;")],
)
def test_escape_text(value, expected):
    assert escape_html(value) == expected


def test_article_link_and_colocated_events(evidence):
    assert article_link("art-x", 5, 9) == "/article?doc=art-x&span=5-9"
    assert (
        article_link("art-x", None, None, "https://maps.example.org/") == "https://maps.example.org/article?doc=art-x"
    )
    events = evidence.events.copy()
    twin = events[events["id"] == "ev-seizure"].assign(id="ev-seizure-twin")
    both = pd.concat([events, twin])
    assert list(colocated_events(both, "ev-seizure")["id"]) == ["ev-seizure-twin"]
    assert colocated_events(both, "ev-contract").empty


def test_places_map_fits_its_places_without_the_layer_legend():
    from geo.render.mapping import build_places_map

    places = pd.DataFrame(
        [
            {
                "id": "pl-a",
                "name": "Kyaukphyu",
                "kind": "town",
                "latitude": 19.4239,
                "longitude": 93.5544,
                "precision_m": 3000,
            },
            {
                "id": "pl-b",
                "name": "Lashio",
                "kind": "town",
                "latitude": 22.95277,
                "longitude": 97.74747,
                "precision_m": 3000,
            },
            {
                "id": "pl-c",
                "name": "Myanmar",
                "kind": "country",
                "latitude": 21.12,
                "longitude": 96.5,
                "precision_m": 600000,
            },
        ]
    )
    page = build_places_map(places).get_root().render()
    assert "geo-legend" not in page
    # refit on the bounds of the precise places (the country-wide one would zoom out to Asia)
    assert "[[19.4239, 93.5544], [22.95277, 97.74747]]" in page
    assert page.count("Kyaukphyu (") == 1 and "Lashio (" in page
