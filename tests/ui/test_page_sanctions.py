"""The Sanctions page (pages/50_sanctions.py), run by Streamlit's AppTest on the core fixture and on the curated data.

The core fixture's sanctions (tests/data/sanctions_core.csv): the junta listed
by the US and the EU; Norinco under a US investment ban and not on the EU
list; Myanmar Wanbao on neither; CNPC and the Mandalay PDF never assessed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent.parent / "data"


def _app(open_page, with_sanctions: bool = True) -> AppTest:
    def add_sanctions(data: Path) -> None:
        shutil.copy(FIXTURES / "sanctions_core.csv", data / "sanctions.csv")

    return open_page("50_sanctions.py", prepare=add_sanctions if with_sanctions else None)


def _actors(app: AppTest):
    return app.dataframe[0].value  # the table of actors comes first; the detail tables sit in expanders below


def _download_label(app: AppTest, key: str) -> str:
    return next(b.proto.label for b in app.get("download_button") if key in b.proto.id)


def test_one_row_per_actor_with_its_roles_and_statuses_in_words(open_page):
    app = _app(open_page)
    table = _actors(app)
    assert table["actor"].is_unique
    norinco = table[table["actor"] == "Norinco"].iloc[0]
    assert norinco["events"] == 2  # the seizure and the 2017 contract: one row, not one per event
    assert norinco["roles"] == "supplier"
    assert norinco["us"] == "restricted 2021 (investment ban)"
    assert norinco["eu"] == "not listed (inferred)"
    assert norinco["uk"] == "not checked"
    junta = table[table["actor"] == "Myanmar military junta"].iloc[0]
    assert (junta["us"], junta["eu"]) == ("listed 2021", "listed 2022")
    assert set(table["roles"]) >= {"recipient, subject", "operator", "seizer"}
    assert norinco["events_link"] == "/events?actor=norinco" and norinco["profile"] == "/actors?profile=norinco"
    # every status cell is words, never a code or a blank
    for code in ("us", "eu", "uk", "ca", "au", "ch", "nz"):
        assert not table[code].isin(["", "none-found", "not-checked"]).any()


def test_the_eu_suppliers_question_is_one_click_and_exports_as_csv(open_page):
    app = _app(open_page)
    app.button(key="sanctions_ask_eu").click().run()
    assert app.multiselect(key="sanctions_page_roles").value == ["supplier"]
    assert list(_actors(app)["actor"]) == ["Norinco"]
    assert _download_label(app, "sanctions_page_download") == "Download this actor as CSV"


@pytest.mark.parametrize(
    ("roles", "jurisdiction", "status", "expected"),
    [
        (["operator"], "us", "not-listed", {"Myanmar Wanbao"}),  # CNPC operates too, but nobody checked it
        (["operator"], "any", "not-checked", {"China National Petroleum Corporation"}),
        ([], "us", "listed", {"Myanmar military junta"}),
        (["supplier", "recipient"], "eu", "listed", {"Myanmar military junta"}),
        (["seizer"], "any", "not-listed", set()),  # the resistance is never assessed: never "not sanctioned"
    ],
)
def test_filters_by_role_and_status_in_a_jurisdiction(open_page, roles, jurisdiction, status, expected):
    app = _app(open_page)
    app.multiselect(key="sanctions_page_roles").set_value(roles)
    app.selectbox(key="sanctions_page_jurisdiction").set_value(jurisdiction)
    app.selectbox(key="sanctions_page_status").set_value(status).run()
    assert set(_actors(app)["actor"]) == expected


def test_the_eu_suppliers_question_on_the_curated_data(tmp_path, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("GEO_DATA_DIR", str(ROOT / "data"))
    monkeypatch.setenv("GEO_STORE_PATH", str(tmp_path / "curated.sqlite"))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page(str(ROOT / "pages" / "50_sanctions.py")).run()
    coverage = " ".join(m.value for m in app.markdown)
    assert "never assessed" in coverage and "states" in coverage
    app.button(key="sanctions_ask_eu").click().run()
    assert not app.exception
    answer = _actors(app)
    assert "China North Industries Group Corporation" in set(answer["actor"])  # Norinco: no EU asset freeze
    assert not answer["kind"].eq("state").any()  # China and Russia supply arms, but states are never assessed
    assert answer["roles"].str.contains("supplier").all()
    assert not answer["eu"].str.startswith(("listed", "not checked")).any()


def test_status_tables_show_every_row_with_a_source(open_page):
    app = _app(open_page)
    rows = app.dataframe[2].value
    assert len(rows) == 7 and rows["source"].str.startswith("https://").all()
    assert "not listed" in set(rows["status"]) and "none-found" not in set(rows["status"])
    assert "sanctions data as of 2025-08" in " ".join(m.value for m in app.markdown).lower()


def test_without_sanctions_data_the_page_says_how_to_add_it(open_page):
    app = _app(open_page, with_sanctions=False)
    assert "python -m geo sanctions import" in app.info[0].value
