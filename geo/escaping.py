"""The two escaping paths for untrusted text: one into HTML, one into Markdown.

Article text, imported rows, front matter, store contents and URL parameters
come from strangers. Whatever reaches a page as HTML (popups, tooltips, the
legend, snapshots, ``st.html``) goes through :func:`escape_html`; whatever
reaches ``st.markdown`` goes through :func:`escape_markdown`. Missing values
(None, NaN, pandas' NA) become the empty string, never "nan" or "None".
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown", "is_missing"]

_MARKDOWN_CONTROL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def is_missing(value) -> bool:
    """True for None, NaN and pandas' NA (without importing pandas)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN is the only float unequal to itself
    return type(value).__name__ in ("NAType", "NaTType")


def escape_html(value) -> str:
    """HTML-escape a value for a popup, tooltip or legend, and defuse JavaScript template literals.

    folium embeds popup HTML in a JavaScript template literal (backticks), so
    besides ``< > & " '`` the characters `` ` ``, ``$`` and ``\\`` become HTML
    entities: the browser shows them as typed, and ``${...}`` never runs.
    """
    if is_missing(value):
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def escape_markdown(value) -> str:
    """Untrusted text for ``st.markdown``: every Markdown control character backslash-escaped."""
    return _MARKDOWN_CONTROL.sub(r"\\\1", "" if is_missing(value) else str(value))
