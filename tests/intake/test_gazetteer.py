"""The gazetteer: name index rules, the offline geopy geocoder, GeoNames import, the opt-in Nominatim fallback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.errors import GeocoderUnavailable, ImportFailed
from geo.intake.gazetteer import Gazetteer, NameIndex, romanisation_key, world_regions
from geo.intake.geocoding import OfflineGeocoder, OnlineGeocoder, geocode_place
from geo.intake.geonames import read_geonames
from geo.names import fold_text, normalize_name
from geo.settings import Settings

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def gazetteer(core_store) -> Gazetteer:
    return Gazetteer.from_store(core_store)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Myanmar’s  Military", "myanmar's military"),
        ("ＭＡＮＤＡＬＡＹ", "mandalay"),  # NFKC: full-width letters
        ("Kyauksè", "kyauksè"),
        ("မတ္တရာ", "မတ္တရာ"),
    ],
)
def test_normalize_name(name, key):
    assert normalize_name(name) == key


def test_fold_text_keeps_offsets():
    text = "Straße ＭＡＮＤＡＬＡＹ’s ﬁne"
    assert len(fold_text(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Madaya Township and Madaya", [("Madaya Township", ("t",)), ("Madaya", ("town",))]),
        ("madaya township", []),  # text all in lower case is not a proper name
        ("MADAYA Township", [("MADAYA Township", ("t",))]),
        ("muse", []),
        ("MUSE", [("MUSE", ("muse",))]),
        ("UN", [("UN", ("un",))]),
        ("Un", []),
    ],
)
def test_name_index_rules(text, matches):
    index = NameIndex([("Madaya Township", "t"), ("Madaya", "town"), ("Muse", "muse"), ("UN", "un")])
    assert [(text[m.start : m.end], m.ids) for m in index.find(text)] == matches


def test_offline_geocoder_is_a_geopy_geocoder_returning_locations(gazetteer):
    geocoder = OfflineGeocoder(gazetteer)
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("kyaukpyu")  # an alias, any case
    assert isinstance(location, Location)
    assert (location.latitude, location.longitude) == (19.4239, 93.5544)
    assert location.raw["id"] == "pl-kyaukphyu"
    assert location.raw["precision_m"] == 3000
    assert "Rakhine State" in location.address
    assert geocoder.geocode("Atlantis") is None


def test_offline_reverse_finds_the_nearest_place(gazetteer):
    location = OfflineGeocoder(gazetteer).reverse((21.99, 96.09))
    assert location.raw["id"] == "pl-mandalay"
    assert location.raw["distance_km"] < 1


def test_ambiguous_name_returns_every_candidate():
    gazetteer = Gazetteer(
        [
            {"id": "pl-a", "name": "Namtu", "kind": "town", "latitude": 23.0, "longitude": 97.4, "precision_m": 2000},
            {
                "id": "pl-b",
                "name": "Namtu",
                "kind": "village",
                "latitude": 21.0,
                "longitude": 95.0,
                "precision_m": 1000,
            },
        ]
    )
    locations = OfflineGeocoder(gazetteer).geocode("Namtu", exactly_one=False)
    assert [loc.raw["id"] for loc in locations] == ["pl-b", "pl-a"]  # the most specific kind first
    assert locations[0].raw["ambiguous"] is True
    assert locations[0].raw["candidates"] == ["pl-b", "pl-a"]


def _row(ident, name, kind, latitude, longitude, aliases="", country="Myanmar"):
    return {"id": ident, "name": name, "aliases": aliases, "kind": kind, "latitude": latitude,
            "longitude": longitude, "country": country}  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second"),
    [("Sar Lin Gyi", "Salingyi"), ("Chanmyatharzi", "Chanmyathazi"), ("Pang War", "Pangwa"), ("Mrauk-U", "Mrauk U")],
)
def test_romanisations_of_one_burmese_name_share_a_key(first, second):
    assert romanisation_key(first) == romanisation_key(second)


def test_closest_finds_another_romanisation_of_one_place_only():
    gazetteer = Gazetteer(
        [
            _row("pl-singu", "Singu", "town", 22.548, 95.997),
            _row("pl-singu-township", "Singu Township", "township", 22.541, 95.999, aliases="Singu"),
            _row("pl-kan-paik-ti", "Kan Paik Ti", "town", 25.403, 98.117),
            _row("pl-salingyi-township", "Salingyi Township", "township", 21.97, 95.08),
            _row("pl-kalay", "Kalay", "town", 23.19, 94.05),
            _row("pl-kale-far", "Kalai", "village", 16.0, 97.0),
            _row("pl-singa", "Singa", "town", 1.29, 103.85, country="Singapore"),
        ]
    )
    assert gazetteer.closest("Singku")["id"] == "pl-singu"  # a town and its township: the town
    assert gazetteer.closest("Kanpiketi")["id"] == "pl-kan-paik-ti"
    assert gazetteer.closest("Sar Lin Gyi Township", "township")["id"] == "pl-salingyi-township"
    assert gazetteer.closest("Sar Lin Gyi Township", "town") is None  # a township is not a town
    assert gazetteer.closest("Kalae") is None  # two places far apart: no guess
    assert gazetteer.closest("Koe Tan Kauk") is None
    assert gazetteer.closest("Sing") is None  # too short to guess


def test_world_regions_are_places_outside_longer_names():
    text = "Crude from the Middle East and Africa, said Asia Times and Nikkei Asia, not Southeast Asian firms."
    assert [(m.text, m.status) for m in world_regions(text, [])] == [("Middle East", "new"), ("Africa", "new")]


def test_read_geonames_rows():
    rows = read_geonames(DATA / "ingest_geonames.txt")
    assert [(r["id"], r["name"], r["kind"], r["country"]) for r in rows] == [
        ("pl-gn-1298824", "Madaya", "town", "Myanmar"),
        ("pl-gn-1311111", "Sin Gaung", "village", "Myanmar"),
        ("pl-gn-1799999", "Kunming", "city", "China"),
    ]
    assert "မတ္တရာ" in rows[0]["aliases"].split("|")
    assert [r["id"] for r in read_geonames(DATA / "ingest_geonames.txt", countries=["MM"])] == [
        "pl-gn-1298824",
        "pl-gn-1311111",
    ]


def test_extended_gazetteer_geocodes_geonames_places(gazetteer):
    extended = gazetteer.extended(read_geonames(DATA / "ingest_geonames.txt"))
    assert OfflineGeocoder(extended).geocode("Singaung").raw["id"] == "pl-gn-1311111"
    assert OfflineGeocoder(gazetteer).geocode("Singaung") is None


def test_bad_geonames_row_is_refused_naming_row_and_column():
    with pytest.raises(ImportFailed, match=r"row 1, column 'latitude'.*Fix:"):
        read_geonames(DATA / "ingest_geonames_bad.txt")


# ----------------------------------------------------------- online fallback


class FakeNominatimAdapter(BaseSyncAdapter):
    """geopy's HTTP boundary: answers Nominatim's search URL from memory and records every request."""

    requests: ClassVar[list[tuple[str, dict]]] = []

    def get_json(self, url, *, timeout, headers):
        FakeNominatimAdapter.requests.append((url, headers))
        return [
            {"lat": "21.9", "lon": "95.2", "display_name": "Sin Gaung, Sagaing Region, Myanmar",
             "osm_type": "node", "osm_id": 42, "boundingbox": ["21.89", "21.91", "95.19", "95.21"]}
        ]  # fmt: skip

    def get_text(self, url, *, timeout, headers):
        raise AssertionError("not used")


def online_settings(tmp_path, **changes) -> Settings:
    base = Settings(
        online_geocoding=True,
        nominatim_user_agent="geo-tests/1.0 (tests@example.org)",
        geocode_cache_path=tmp_path / "cache.sqlite",
    )
    return replace(base, **changes)


def test_online_geocoder_refuses_when_off_or_anonymous(tmp_path):
    with pytest.raises(GeocoderUnavailable, match="GEO_ONLINE_GEOCODING"):
        OnlineGeocoder(online_settings(tmp_path, online_geocoding=False))
    with pytest.raises(GeocoderUnavailable, match="GEO_NOMINATIM_USER_AGENT"):
        OnlineGeocoder(online_settings(tmp_path, nominatim_user_agent=" "))


def test_nominatim_fallback_sends_user_agent_and_caches_on_disk(tmp_path, gazetteer):
    FakeNominatimAdapter.requests = []
    factory = lambda proxies, ssl_context: FakeNominatimAdapter(proxies=proxies, ssl_context=ssl_context)  # noqa: E731
    online = OnlineGeocoder(online_settings(tmp_path), adapter_factory=factory)
    assert online._geocode.min_delay_seconds == 1
    place = geocode_place("Sin Gaung village", gazetteer, online)
    assert (place["id"], place["latitude"], place["longitude"]) == ("pl-osm-n42", 21.9, 95.2)
    assert place["kind"] == "village"
    assert 1000 < place["precision_m"] < 2000  # half the bounding box diagonal
    assert "OpenStreetMap contributors" in place["source"]
    url, headers = FakeNominatimAdapter.requests[0]
    assert headers["User-Agent"] == "geo-tests/1.0 (tests@example.org)"
    assert "countrycodes=mm%2Ccn" in url
    # a second geocoder over the same cache file asks nothing
    again = OnlineGeocoder(online_settings(tmp_path), adapter_factory=factory)
    assert geocode_place("Sin Gaung village", gazetteer, again)["id"] == "pl-osm-n42"
    assert len(FakeNominatimAdapter.requests) == 1


def test_gazetteer_answers_before_the_network(tmp_path, gazetteer):
    class Exploding:
        def geocode(self, *args, **kwargs):
            raise AssertionError("the network was asked for a known place")

    online = OnlineGeocoder(online_settings(tmp_path), geocoder=Exploding())
    assert geocode_place("Kyaukpyu", gazetteer, online)["id"] == "pl-kyaukphyu"
    assert geocode_place("Madaya Township", gazetteer, online)["id"] == "pl-madaya-township"


def test_negative_answers_are_cached_too(tmp_path, gazetteer):
    calls = []

    class Nowhere:
        def geocode(self, query, **kwargs):
            calls.append(query)

    online = OnlineGeocoder(online_settings(tmp_path), geocoder=Nowhere())
    assert geocode_place("Atlantis", gazetteer, online) is None
    assert geocode_place("atlantis", gazetteer, online) is None
    assert calls == ["Atlantis"]


def test_command_line_lookup_and_geonames_import(cli):

    assert cli("gazetteer", "lookup", "Singaung").returncode == 2
    imported = cli("gazetteer", "import-geonames", str(DATA / "ingest_geonames.txt"), "--country", "MM")
    assert imported.returncode == 0, imported.stderr
    assert "2 new" in imported.stderr
    found = cli("gazetteer", "lookup", "Singaung")
    assert found.returncode == 0 and found.stdout.startswith("pl-gn-1311111\t21.90000\t95.20000")


def test_self_administered_zones_are_found_by_the_names_reports_use():
    import csv

    from geo.intake.extraction import Extractor

    path = Path(__file__).resolve().parents[2] / "data" / "gazetteer_extra" / "myanmar_districts.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    extractor = Extractor(rows, [])
    text = "Airstrikes hit Kokang, also called Shan State Special Region 1, and the Ta'ang Self-Administered Zone."
    places = {(m.text, m.id) for m in extractor.extract(text, "2024-01-05").of_kind("place")}
    assert ("Kokang", "pl-kokang-self-administered-zone") in places
    assert ("Shan State Special Region 1", "pl-kokang-self-administered-zone") in places
    assert ("Ta'ang Self-Administered Zone", "pl-pa-laung-self-administered-zone") in places


def test_an_offshore_gas_field_is_a_place_but_a_project_named_after_it_is_not():
    import csv

    from geo.intake.extraction import Extractor

    path = Path(__file__).resolve().parents[2] / "data" / "gazetteer_extra" / "myanmar.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["kind"] == "site"]
    extractor = Extractor(rows, [])
    text = "Gas from the Yadana gas field flows to Thailand. Villagers protested the Shwe Gas Project."
    places = [(m.text, m.id) for m in extractor.extract(text, "2022-01-21").of_kind("place") if m.id]
    assert places == [("Yadana gas field", "pl-yadana-gas-field")]


def test_the_wa_self_administered_division_is_a_place():
    import csv

    from geo.intake.extraction import Extractor

    path = Path(__file__).resolve().parents[2] / "data" / "gazetteer_extra" / "myanmar_districts.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    extractor = Extractor(rows, [])
    text = "Trade moved through the Wa Self-Administered Division, also called Shan State Special Region 2."
    places = {(m.text, m.id) for m in extractor.extract(text, "2024-01-05").of_kind("place")}
    assert ("Wa Self-Administered Division", "pl-wa-self-administered-division") in places
    assert ("Shan State Special Region 2", "pl-wa-self-administered-division") in places
