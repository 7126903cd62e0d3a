"""The Import events page (pages/70_import.py), run by Streamlit's AppTest on the core fixture."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent.parent / "data"


def _paste_and_import(app: AppTest, text: str) -> AppTest:
    app.radio(key="import_source").set_value("Paste text").run()
    app.text_area(key="import_text").set_value(text).run()
    app.button(key="import_run").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_acled_rows_are_imported_and_bad_rows_listed(open_page, tmp_path):
    app = _paste_and_import(open_page("70_import.py"), (FIXTURES / "acled_bad_rows.csv").read_text("utf-8"))
    assert app.radio(key="import_format").value == "acled"
    assert app.text_input(key="import_origin").value == "acled"
    assert any("Imported 2 of 7 rows" in s.value for s in app.success)
    table = app.dataframe[-1].value  # the refused rows (the unlinked actors come first)
    assert list(table["row"]) == ["row 3", "row 4", "row 5", "row 5", "row 7", "row 8", "row 8"]
    assert "swap" in table.iloc[1]["fix"]
    events = Store(tmp_path / "page.sqlite").events()
    assert set(events[events["origin"] == "acled"]["id"]) == {"acled-SYN0000101", "acled-SYN0000105"}


def test_a_failed_import_says_so_and_stores_nothing(open_page, tmp_path):
    app = open_page("70_import.py")
    store = Store(tmp_path / "page.sqlite")
    version = store.data_version()
    app.radio(key="import_source").set_value("Paste text").run()
    app.text_area(key="import_text").set_value("a,b\n1,2\n").run()
    app.radio(key="import_format").set_value("acled").run()
    app.button(key="import_run").click().run()
    assert any("store is unchanged" in e.value for e in app.error)
    assert any("not an ACLED export" in c.value for c in app.code)
    assert store.data_version() == version


def test_a_ucdp_file_is_recognised_and_its_actor_links_shown(open_page, tmp_path):
    app = _paste_and_import(open_page("70_import.py"), (FIXTURES / "ucdp_ged_sample.csv").read_text("utf-8"))
    assert app.radio(key="import_format").value == "ucdp"
    assert any("Imported 4 of 6 rows" in s.value for s in app.success)
    assert any(c.value.startswith("actor names: 6 in the file") for c in app.code)
    unlinked = app.dataframe[0].value
    assert "NUG" in set(unlinked["actor name (not linked)"])
    events = Store(tmp_path / "page.sqlite").events()
    assert (events["origin"] == "ucdp").sum() == 4
