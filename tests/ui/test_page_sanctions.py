"""The Sanctions page (pages/50_sanctions.py), run by Streamlit's AppTest on the core fixture."""

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


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        ("eu", {("Norinco", "none-found"), ("Myanmar Wanbao", "none-found")}),
        ("us", {("Norinco", "restricted"), ("Myanmar Wanbao", "none-found")}),
        (
            "uk",
            {("Norinco", "not checked"), ("Myanmar Wanbao", "not checked"), ("Myanmar military junta", "not checked")},
        ),
    ],
)
def test_gaps_follow_the_chosen_jurisdiction(open_page, jurisdiction, expected):
    app = _app(open_page)
    app.selectbox(key="sanctions_page_jurisdiction").set_value(jurisdiction).run()
    gaps = app.dataframe[0].value
    assert set(zip(gaps["actor"], gaps["status"])) == expected
    assert (
        all(link.startswith(("?", "/", "http")) for link in gaps["passage"].dropna()) and gaps["passage"].notna().all()
    )


def test_status_tables_show_every_row_with_a_source(open_page):
    app = _app(open_page)
    matrix, rows = app.dataframe[1].value, app.dataframe[2].value
    assert set(matrix["actor"]) == {"Myanmar military junta", "Norinco", "Myanmar Wanbao"}
    assert len(rows) == 7 and rows["source"].str.startswith("https://").all()
    assert "sanctions data as of 2025-08" in " ".join(c.value for c in app.caption).lower()


def test_without_sanctions_data_the_page_says_how_to_add_it(open_page):
    app = _app(open_page, with_sanctions=False)
    assert "python -m geo sanctions import" in app.info[0].value
