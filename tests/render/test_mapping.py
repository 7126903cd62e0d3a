"""Map building (geo.render.mapping): one symbol per place, precision circles, escaped popups, no ids, links."""

from __future__ import annotations

import html as html_module
import re

import folium
import pandas as pd
import pytest

from geo.escaping import escape_html
from geo.evidence import Evidence
from geo.links import article_link
from geo.query import ViewState
from geo.render.mapping import build_map, build_map_parts, colocated_events
from geo.render.popups import MapContext
from geo.render.wording import describe_date

INTERNAL_ID = re.compile(r"\b(ev|pl|route|site|art|acled|ucdp)-[a-z0-9]")


@pytest.fixture
def evidence(core_store) -> Evidence:
    return Evidence.from_store(core_store)


def _script(element) -> str:
    if isinstance(element, folium.Map):
        return element.get_root().render()
    m = folium.Map()
    element.add_to(m)
    return m.get_root().render()


def _reader_text(page: str) -> str:
    """What a reader can see of a rendered map: tooltip, popup and title texts, tags and attributes stripped."""
    texts = re.findall(r"`(.*?)`", page, flags=re.S)  # folium puts popups and tooltips in template literals
    texts += [html_module.unescape(t) for t in re.findall(r'"title": "(.*?)"', page)]
    visible = " ".join(re.sub(r"<[^>]*>", " ", t) for t in texts)
    return " ".join(html_module.unescape(visible).split())


def _markers(page: str) -> list[str]:
    return re.findall(r"L\.marker\(\s*\[[^\]]*\],\s*\{(.*?)\}\s*\)", page, flags=re.S)


def test_one_symbol_per_place_whatever_the_layers(evidence):
    events = evidence.events.copy()
    contract = events[events["id"] == "ev-contract"].iloc[0]
    # a second and a third event at the contract's place, in two other layers
    twins = pd.concat([events[events["id"] == "ev-seizure"]] * 2).assign(
        id=["ev-twin-a", "ev-twin-b"],
        category=["seizures-combat", "diplomacy-sanctions"],
        latitude=contract["latitude"],
        longitude=contract["longitude"],
    )
    events = pd.concat([events, twins], ignore_index=True)
    page = _script(build_map(events, MapContext.from_evidence(evidence)))
    places = events.dropna(subset=["latitude"]).groupby([events["latitude"].round(5), events["longitude"].round(5)])
    assert len(_markers(page)) == places.ngroups
    stack = [m for m in _markers(page) if '"title": "3 events at' in m]
    assert len(stack) == 1 and page.count("geo-marker geo-stack") == 1
    # the ring holds every layer at the place, and its popup lists the three events
    assert "geo-stack geo-layer-arms-supply geo-layer-seizures-combat geo-layer-diplomacy-sanctions" in page
    assert page.count('data-geo-open=\\"') == 3 or page.count('data-geo-open="') == 3


def test_base_map_loads_the_cluster_plugin_even_with_nothing_to_cluster(evidence):
    # streamlit-folium loads scripts with the first frame only: a view that starts aggregated and
    # is then filtered under the threshold needs L.markerClusterGroup from the base.
    base = build_map_parts(evidence.events, MapContext(max_points=1), base="none").base
    assert "leaflet.markercluster" in _script(base)
    assert "markerClusterGroup" not in _script(base)


def test_base_map_has_outlines_in_a_pane_under_the_layers_and_no_layer_control(evidence):
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
    page = _script(parts.base)
    assert '"Myanmar"' in page and "geo-legend" in page
    assert '"pane": "geo-outlines"' in page and ".style.zIndex = 350" in page  # under the overlay pane (400)
    assert "L.marker(" not in page  # no event in the base
    assert "tile.openstreetmap.org" not in page and "cartocdn" not in page  # base "none": no tiles
    full = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    assert "L.control.layers" not in full  # the sidebar is the one control of layers and base map


@pytest.mark.parametrize(
    ("base", "needle"),
    [("streets", "tile.openstreetmap.org"), ("light", "basemaps.cartocdn.com"), ("satellite", "World_Imagery")],
)
def test_base_maps_use_their_tiles(evidence, base, needle):
    page = _script(build_map_parts(evidence.events.iloc[0:0], MapContext(), base=base).base)
    assert needle in page


def test_imprecise_places_are_circles_of_their_precision(evidence):
    page = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    radii = sorted(int(float(r)) for r in re.findall(r'"radius": ([0-9.]+)', page))
    places = evidence.places.set_index("id")["precision_m"]
    # the township, the mine and the country are circles of their precision; the pipeline is a line
    expected = sorted(int(places[p]) for p in ("pl-madaya-township", "pl-letpadaung-mine", "pl-myanmar"))
    assert all(radius > 1000 for radius in expected)
    assert radii == expected


def test_routes_are_polylines_with_inferred_stretches_dashed(evidence):
    pipeline = next(r for r in evidence.routes if r["id"] == "route-pipeline-test")
    inferred = sum(bool(f["properties"].get("inferred")) for f in pipeline["geometry"]["features"])
    page = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    assert page.count("L.polyline(") == len(pipeline["geometry"]["features"])
    assert page.count('"dashArray": "8 6"') == inferred
    assert page.count('window.geoPick("route-pipeline-test")') == len(pipeline["geometry"]["features"])


def test_popup_escapes_untrusted_text_and_links_to_the_passage(evidence):
    events = evidence.events.copy()
    row = events.index[events["id"] == "ev-contract"][0]
    events.loc[row, "title"] = "<script>alert(1)</script>"
    events.loc[row, "quote"] = "<img src=x onerror=alert(2)> ${alert(3)} `tick`"
    page = _script(build_map(events, MapContext.from_evidence(evidence)))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "${alert(3)}" not in page and "&#36;{alert(3)}" in page
    assert "`tick`" not in page
    assert 'href="/article?doc=art-test-one&amp;span=24-38" target="_blank" rel="noopener"' in page


def test_no_internal_id_in_any_tooltip_popup_or_marker_title(evidence):
    page = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    text = _reader_text(page)
    assert "Arms contract" in text or len(text) > 200  # the texts were found at all
    assert not INTERNAL_ID.search(text), INTERNAL_ID.search(text)
    # the ids travel where no reader looks: marker options and data attributes
    assert '"geoKey": "ev-contract"' in page


def _imported(evidence, **values) -> pd.DataFrame:
    row = evidence.events[evidence.events["id"] == "ev-seizure"].iloc[0].to_dict()
    row.update(
        id="acled-MMR1",
        title="Shelling: Monywa",
        summary="Military shelled the village; two houses burned.",
        article_id=float("nan"),
        article_title=float("nan"),
        article_publisher=float("nan"),
        article_published=float("nan"),
        quote=float("nan"),
        source_start=float("nan"),
        source_end=float("nan"),
        place_name="Monywa, Sagaing",
        precision_m=10_000,
        origin="acled:extract.csv",
        actors=["nan"],
        actor_roles=[],
    )
    row.update(values)
    return pd.DataFrame([row])


def test_popup_of_an_imported_event_shows_its_notes_source_and_fatalities_and_no_nan(evidence):
    events = _imported(evidence, source="Myanmar Now; Irrawaddy", fatalities=3.0)
    page = _script(build_map(events, MapContext.from_evidence(evidence)))
    text = _reader_text(page)
    assert "Military shelled the village" in text
    assert "Source: Myanmar Now; Irrawaddy (via ACLED" in text
    assert "Fatalities: 3 " in text
    assert "within ~10 km" in text and '"radius": 10000' in page  # its precision as a circle
    for word in ("nan", "None", "NaN", "NA "):
        assert word not in text.replace("Myanmar", ""), word
    assert "Read in the article" not in text and "Passage" not in text and "/article?doc" not in page


def test_popup_of_an_imported_event_without_a_source_column_says_the_dataset(evidence):
    text = _reader_text(_script(build_map(_imported(evidence), MapContext.from_evidence(evidence))))
    assert "Source: imported from ACLED" in text and "nan" not in text


def test_markers_use_layer_symbols_titles_and_not_default_icons(evidence):
    page = _script(build_map(evidence.events, MapContext.from_evidence(evidence)))
    assert "L.divIcon" in page and "geo-layer-arms-supply geo-kind-event" in page
    assert "geo-layer-resource-extraction geo-kind-site" in page
    assert "L.Icon.Default.imagePath" in page  # a stray default marker would not 404
    titles = re.findall(r'"title": "(.*?)"', page)
    assert set(evidence.events.dropna(subset=["latitude"])["title"]) <= {html_module.unescape(t) for t in titles}


def test_layers_are_deterministic_so_reruns_keep_the_map(evidence):
    from streamlit_folium import _get_feature_group_string

    def layers_js():
        parts = build_map_parts(evidence.events, MapContext.from_evidence(evidence))
        return "".join(_get_feature_group_string(g, parts.base, i) for i, g in enumerate(parts.layers))

    assert layers_js() == layers_js()


def test_build_map_opens_at_the_state_view(evidence):
    page = _script(build_map(evidence.events, MapContext(), ViewState(lat=22.0, lon=96.1, zoom=8)))
    assert "[22.0, 96.1]" in page and '"zoom": 8' in page


def test_the_map_says_what_it_shows(evidence):
    context = MapContext.from_evidence(evidence)
    context.summary = "3 of 4 events shown: 2 in the date range, 1 undated"
    assert "2 in the date range, 1 undated" in _script(build_map(evidence.events, context))


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
        ({"date_start": float("nan"), "date_end": "nan", "date_precision": "undated"}, "undated"),
    ],
)
def test_dates_say_their_precision(row, expected):
    assert describe_date(row).startswith(expected)


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
            {"id": "pl-a", "name": "Kyaukphyu", "kind": "town", "latitude": 19.4239, "longitude": 93.5544,
             "precision_m": 3000},
            {"id": "pl-b", "name": "Lashio", "kind": "town", "latitude": 22.95277, "longitude": 97.74747,
             "precision_m": 3000},
            {"id": "pl-c", "name": "Myanmar", "kind": "country", "latitude": 21.12, "longitude": 96.5,
             "precision_m": 600000},
        ]
    )  # fmt: skip
    page = build_places_map(places).get_root().render()
    assert "geo-legend" not in page
    # refit on the bounds of the precise places (the country-wide one would zoom out to Asia)
    assert "[[19.4239, 93.5544], [22.95277, 97.74747]]" in page
    assert page.count("Kyaukphyu (") == 1 and "Lashio (" in page
