"""AppTest: the Correct page stores a correction and a retraction with the account, and the log lists them."""

from __future__ import annotations

from geo.history import event_history
from geo.store import Store


def _store(tmp_path) -> Store:
    return Store(tmp_path / "page.sqlite")


def test_an_editor_corrects_then_retracts_an_event_and_the_log_shows_both(open_page, tmp_path):
    app = open_page("85_correct.py")
    app.selectbox(key="geo_correct_event").select("ev-seizure").run()
    key = "geo_correct_ev-seizure"
    app.text_input(key=f"{key}_title").input(
        "Seizure of Norinco crates <b>near</b> Madaya"
    )  # in a form: sent on submit
    app.text_input(key=f"{key}_reason").input("The report says near Madaya")
    next(b for b in app.button if b.label == "Store the correction").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert [s.value for s in app.success] == [
        f"Correction stored as data version {_store(tmp_path).data_version()}; the map shows it now."
    ]
    events = _store(tmp_path).events().set_index("id")
    assert events.loc["ev-seizure", "title"] == "Seizure of Norinco crates <b>near</b> Madaya"
    last = event_history(_store(tmp_path), "ev-seizure")[-1]
    assert (last.change, last.account, last.reason) == ("corrected", "local", "The report says near Madaya")

    app.text_input(key=f"{key}_retract_reason").input("Duplicate of another report").run()
    app.button(key=f"{key}_retract").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "ev-seizure" not in set(_store(tmp_path).events()["id"])

    app.switch_page("pages/80_changes.py").run()
    table = app.dataframe[0].value
    assert list(table["what"][:2]) == ["event retracted", "event corrected"]
    assert list(table["who"][:2]) == ["local", "local"]


def test_a_correction_without_a_reason_is_refused_and_stores_nothing(open_page, tmp_path):
    app = open_page("85_correct.py")
    app.selectbox(key="geo_correct_event").select("ev-seizure").run()
    app.text_input(key="geo_correct_ev-seizure_title").input("Another title")
    next(b for b in app.button if b.label == "Store the correction").click().run()
    assert any("no reason was given" in e.value for e in app.error)
    assert _store(tmp_path).events().set_index("id").loc["ev-seizure", "title"] == "Seizure of Norinco crates"
