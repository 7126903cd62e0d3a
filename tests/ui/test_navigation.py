"""Page discovery (geo.ui.navigation): every page's address opens it, even as a new server's first request."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.source_util import page_icon_and_name

from geo.ui.navigation import read_page_header

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("*.py"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_each_file_name_gives_streamlit_the_address_the_page_declares(path):
    # Until a session has run app.py's st.navigation, Streamlit names pages/ files its old way (number and
    # underscores stripped). A first request for /import must find a page of that name, or the reader gets
    # a "Page not found" box over the right page: so the file name spells the page's URL.
    _icon, name = page_icon_and_name(path)
    assert name == read_page_header(path)["url_path"], (
        f"rename {path.name} so its name after the number is its PAGE_URL"
    )
