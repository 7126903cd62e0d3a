"""The Add article page (pages/60_add-article.py), run by Streamlit's AppTest on the core fixture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.intake.extraction import Extractor
from geo.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent.parent / "data"
TEXT = (
    "The Mandalay PDF seized Norinco crates in Madaya Township on July 20. <script>alert('x')</script>\n"
    "Villagers fled Kani Township last week."
)


def _paste(app: AppTest, text: str) -> AppTest:
    app.radio(key="add_source").set_value("Paste text").run()
    app.text_area(key="add_text").set_value(text).run()
    return app


def _html(app: AppTest) -> str:
    return "\n".join(str(element.proto) for element in app.get("html"))


def _metadata(app: AppTest, published: str = "2025-07-28") -> AppTest:
    app.text_input(key="add_title").set_value("Crates seized").run()
    app.text_input(key="add_publisher").set_value("Test Post").run()
    app.text_input(key="add_published").set_value(published).run()
    return app


def _review(app: AppTest):
    """The review table as the reader sees it."""
    return app.dataframe[0].value


def _page_text(app: AppTest) -> str:
    """Everything the page sends to the browser, but the map (its script is ours, not the reader's)."""
    return "\n".join(str(e.proto) for e in app.main if getattr(e, "type", "") != "component_instance")


INTERNAL_ID = re.compile(r"\b(?:ev|pl|art|site|route)-[a-z0-9]")


@pytest.fixture
def extract_calls(monkeypatch):
    """Counts the extractions the page runs (the real extractor does the work)."""
    calls = []
    real = Extractor.extract

    def counting(self, text, published=None):
        calls.append(published)
        return real(self, text, published)

    monkeypatch.setattr(Extractor, "extract", counting)
    return calls


def test_pasted_text_asks_for_metadata_and_highlights_mentions_escaped(open_page):
    app = _paste(open_page("60_add-article.py"), TEXT)
    assert not app.exception, [e.value for e in app.exception]
    assert any("title, publisher, published" in info.value for info in app.info)
    app.text_input(key="add_title").set_value("Crates seized").run()
    app.text_input(key="add_publisher").set_value("Test Post").run()
    app.text_input(key="add_published").set_value("2025-07-28").run()
    markup = _html(app)
    assert "&lt;script&gt;" in markup and "<script>" not in markup
    assert "Madaya Township</mark>" in markup
    assert "July 20</mark>" in markup
    assert any("Kani Township" in expander.label for expander in app.expander)


def test_accepted_events_are_stored_with_the_article(open_page, tmp_path):
    app = _paste(open_page("60_add-article.py"), TEXT)
    app.text_input(key="add_title").set_value("Crates seized").run()
    app.text_input(key="add_publisher").set_value("Test Post").run()
    app.text_input(key="add_published").set_value("2025-07-28").run()
    app.text_input(key="add_who").set_value("tester").run()
    store = Store(tmp_path / "page.sqlite")
    before = len(store.events())
    app.button(key="add_store").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("1 event(s) added" in s.value for s in app.success), [s.value for s in app.success]
    events = store.events()
    assert len(events) == before + 1
    added = events[events["origin"] == "ingest"].iloc[0]
    assert (added["place_id"], added["date_start"]) == ("pl-madaya-township", "2025-07-20")
    # storing again adds nothing
    app.button(key="add_store").click().run()
    assert any("0 event(s) added" in s.value for s in app.success)
    assert len(store.events()) == before + 1
    # the app serves the new data version at once: the events page lists the new event
    app.switch_page(str(ROOT / "pages" / "20_events.py")).run()
    assert any(f"of {before + 1} events" in caption.value for caption in app.caption)


def test_a_zawgyi_paste_is_converted_and_shown_for_review(open_page):
    zawgyi = (FIXTURES / "ingest_zawgyi.txt").read_text(encoding="utf-8")
    app = _paste(open_page("60_add-article.py"), zawgyi)
    assert not app.error
    assert any("converted from Zawgyi" in notice.value for notice in app.warning)


def test_the_review_shows_names_and_words_never_ids(open_page):
    app = _metadata(_paste(open_page("60_add-article.py"), TEXT))
    table = _review(app)
    madaya = table[table["place_text"] == "Madaya Township"].iloc[0]
    assert madaya["place"] == "Madaya Township (township, Mandalay Region)"
    assert madaya["layer"] == "Seizures and combat"  # from the sentence's "seized", in words
    assert "Norinco" in madaya["actors"] and "Mandalay PDF" in madaya["actors"]
    assert not INTERNAL_ID.search(table.drop(columns=["start", "end"]).to_string())
    assert not INTERNAL_ID.search(_page_text(app)), INTERNAL_ID.search(_page_text(app))
    # storing says what was stored by its title, not its id
    app.button(key="add_store").click().run()
    assert any("“Crates seized”" in s.value for s in app.success)
    assert not INTERNAL_ID.search(_page_text(app))


def test_accept_all_good_proposals_is_one_click_and_stores_them(open_page, tmp_path):
    app = _metadata(_paste(open_page("60_add-article.py"), TEXT))
    assert _review(app)["accept"].tolist() == [True, False]  # Kani Township: no place yet, and not confident
    # pin Kani Township by hand, then one click accepts both
    app.number_input(key="add_lat_0").set_value(22.43).run()
    app.number_input(key="add_lon_0").set_value(94.85).run()
    app.checkbox(key="add_use_0").check().run()
    assert _review(app)["place"].tolist()[1] == "Kani Township (township pinned by hand)"
    assert _review(app)["accept"].tolist() == [True, False]
    app.button(key="add_accept_all").click().run()
    assert _review(app)["accept"].tolist() == [True, True]
    assert any("2 of 2 proposed events accepted" in c.value for c in app.caption)
    app.button(key="add_store").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("2 event(s) added" in s.value for s in app.success), [s.value for s in app.success]
    stored = Store(tmp_path / "page.sqlite").events()
    assert set(stored[stored["origin"] == "ingest"]["place_id"]) == {"pl-madaya-township", "pl-user-kani-township"}


def test_metadata_changes_do_not_extract_again(open_page, extract_calls):
    app = _metadata(_paste(open_page("60_add-article.py"), TEXT))
    assert extract_calls == ["2025-07-28"]
    app.text_input(key="add_title").set_value("Crates seized again").run()
    app.text_input(key="add_publisher").set_value("Another Post").run()
    app.text_input(key="add_url").set_value("https://example.org/a").run()
    app.text_input(key="add_author").set_value("Jane Reporter").run()
    app.text_input(key="add_who").set_value("tester").run()
    app.button(key="add_accept_all").click().run()
    assert extract_calls == ["2025-07-28"], "a metadata change or a review click reran extraction"
    # the publication date changes how dates resolve: that one extracts again
    app.text_input(key="add_published").set_value("2024-07-28").run()
    assert extract_calls == ["2025-07-28", "2024-07-28"]
    assert _review(app)["date_start"].tolist()[0] == "2024-07-20"


def _pin_map_args(app: AppTest) -> dict:
    (component,) = app.get("component_instance")
    return json.loads(component.proto.json_args)


@pytest.mark.parametrize("base", ["none", "light"])
def test_the_pin_map_uses_the_apps_own_assets_and_the_base_map(open_page, base):
    app = open_page("60_add-article.py")
    app.selectbox(key="geo_base").set_value(base).run()
    app = _metadata(_paste(app, TEXT))
    args = _pin_map_args(app)
    markup = " ".join(str(value) for value in args.values())
    scripts = [*args["js_links"], *args["css_links"]]
    assert "/app/static/vendor/leaflet@1.9.3/leaflet.js" in scripts, scripts
    assert all(url.startswith("/app/static/") for url in scripts), scripts  # no CDN
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", markup)  # nor a script or sheet in the markup
    if base == "none":
        assert "http://" not in markup and "https://" not in markup  # no tiles, nothing leaves the machine
    else:
        assert "basemaps.cartocdn.com" in markup  # the reader asked for the light base map


def test_a_zawgyi_file_shows_the_converted_text_before_anything_is_stored(open_page):
    app = open_page("60_add-article.py")
    app.radio(key="add_source").set_value("Paste text").run()
    app.text_area(key="add_text").set_value((FIXTURES / "ingest_zawgyi.txt").read_text(encoding="utf-8")).run()
    (shown,) = [t.value for t in app.text]
    assert shown and "\u1031\u1000" not in shown  # Unicode order: no vowel sign E before its consonant
    assert any("converted from Zawgyi" in w.value for w in app.warning)


def test_the_page_names_organisations_from_organisations_csv_as_the_command_line_does(open_page):
    def prepare(data_dir: Path) -> None:
        (data_dir / "organisations.csv").write_text(
            "name,aliases,kind,country,description,source\n"
            "Huawei,Huawei Technologies,company,China,Telecoms equipment maker.,https://en.wikipedia.org/wiki/Huawei\n",
            encoding="utf-8",
        )

    app = _metadata(_paste(open_page("60_add-article.py", prepare), "Huawei delivered radios to Madaya Township."))
    assert not app.exception, [e.value for e in app.exception]
    assert "Huawei</mark>" in _html(app)
