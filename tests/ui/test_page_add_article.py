"""The Add article page (pages/60_add_article.py), run by Streamlit's AppTest on the core fixture."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

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


def test_pasted_text_asks_for_metadata_and_highlights_mentions_escaped(open_page):
    app = _paste(open_page("60_add_article.py"), TEXT)
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
    app = _paste(open_page("60_add_article.py"), TEXT)
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
    app = _paste(open_page("60_add_article.py"), zawgyi)
    assert not app.error
    assert any("converted from Zawgyi" in notice.value for notice in app.warning)
