"""Page discovery: an ``st.Page`` for every file of ``pages/``, from the constants at its top.

A page declares ``PAGE_TITLE``, ``PAGE_ICON``, ``PAGE_URL``, ``PAGE_DEFAULT``
and, for a page that writes or shows the editors' work, ``PAGE_ROLE =
"editor"``; they are read with :mod:`ast`, without running the page. A
page for editors is not listed for anyone who may not write (``public``
mode, a reader in ``team`` mode), and its address runs a notice saying why
instead of the page: its code does not run at all.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from geo.access import Access

__all__ = ["article_page", "discover_pages", "read_page_header"]


def read_page_header(path: Path) -> dict:
    """The ``PAGE_TITLE``, ``PAGE_ICON``, ``PAGE_URL`` and ``PAGE_DEFAULT`` constants of a page file.

    Read with :mod:`ast` (the page is not executed). Missing title: the file
    name; missing url: the name without its number prefix.
    """
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("PAGE_TITLE", "PAGE_ICON", "PAGE_URL", "PAGE_DEFAULT", "PAGE_ROLE"):
                try:
                    found[name] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    stem = Path(path).stem
    bare = stem.split("_", 1)[1] if "_" in stem and stem.split("_", 1)[0].isdigit() else stem
    return {
        "title": str(found.get("PAGE_TITLE") or bare.replace("_", " ").capitalize()),
        "icon": found.get("PAGE_ICON") or None,
        "url_path": str(found.get("PAGE_URL") or bare.replace("_", "-")),
        "default": bool(found.get("PAGE_DEFAULT", False)),
        "role": str(found.get("PAGE_ROLE") or "reader"),
    }


def _refusal_page(title: str, refuse: Callable[[str], None]) -> Callable[[], None]:
    def page() -> None:
        from geo.ui.state import current

        current()  # a deep link as the server's first request: leave Streamlit's pages-directory mode first
        st.title(title)
        refuse(f"use the {title} page")

    page.__name__ = f"refused_{title.lower().replace(' ', '_')}"
    return page


def discover_pages(pages_dir: Path, access: Access | None = None, refuse: Callable[[str], None] | None = None) -> list:
    """An ``st.Page`` for every ``pages/*.py`` (sorted by file name), from its header constants.

    When ``access`` may not write, pages with ``PAGE_ROLE = "editor"`` are
    hidden from the menu and their address runs ``refuse(what)`` instead.
    """
    files = sorted(p for p in Path(pages_dir).glob("*.py") if not p.name.startswith("_"))
    headers = [(path, read_page_header(path)) for path in files]
    if headers and not any(h["default"] for _, h in headers):
        headers[0][1]["default"] = True
    pages = []
    for path, header in headers:
        if header["role"] != "reader" and access is not None and not access.can_write:
            pages.append(
                st.Page(
                    _refusal_page(header["title"], refuse or st.info),
                    title=header["title"],
                    icon=header["icon"],
                    url_path=header["url_path"],
                    visibility="hidden",
                )
            )
            continue
        pages.append(
            st.Page(
                str(path),
                title=header["title"],
                icon=header["icon"],
                url_path="" if header["default"] else header["url_path"],
                default=header["default"],
            )
        )
    return pages


def article_page() -> str:
    pages = Path(__file__).resolve().parent.parent / "pages"
    for path in sorted(pages.glob("*.py")):
        if read_page_header(path)["url_path"] == "article":
            return str(path.relative_to(pages.parent))
    return "pages/40_article.py"
