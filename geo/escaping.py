"""The escaping paths for untrusted text: one into HTML, one into Markdown, one into XML.

Article text, imported rows, front matter, store contents and URL parameters
come from strangers. Whatever reaches a page as HTML (popups, tooltips, the
legend, snapshots, ``st.html``) goes through :func:`escape_html`; whatever
reaches a Streamlit element that reads Markdown (``st.markdown``, captions,
titles, notices, button, expander and page-link labels) goes through
:func:`escape_markdown`; every text written into an XML file (KML) goes
through :func:`xml_text`. Missing values (None, NaN, pandas' NA) become the
empty string, never "nan" or "None".
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown", "is_missing", "xml_text"]

# CommonMark lets every ASCII punctuation character be backslash-escaped, and an escaped one is
# always literal text: this covers links, images, emphasis, code, headings (`#`, and `=`/`-`
# under a line), lists, tables, quotes, raw HTML, entities (`&`), LaTeX (`$`) and Streamlit's
# directives (`:red[...]`).
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

# Some Markdown runs on the parsed text, where escapes are already gone: GFM's literal autolinks
# (mdast-util-gfm-autolink-literal finds `http://`, `www.` and `name@host.tld` in text nodes)
# and Streamlit's `:emoji:` and `:material/icon:` shortcodes. An invisible WORD JOINER after
# every `:` and `@`, and between `www` and its dot, breaks those patterns while the text reads
# (and wraps) as typed.
_WORD_JOINER = "\u2060"
_AFTER_PATTERN = re.compile(r"(?<=[:@])(?=\S)|(?<=[wW]{3})(?=\.)")

# XML 1.0 allows tab, newline, carriage return and the ranges below; anything else (NUL,
# other C0 controls, lone surrogates, U+FFFE/U+FFFF) makes the whole document unreadable.
_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
    """Untrusted text for any Streamlit element that reads Markdown: shown exactly as typed.

    Every ASCII punctuation character is backslash-escaped, and a WORD
    JOINER (U+2060, invisible) follows every ``:`` and ``@`` that is followed by
    a character (a colon before a space needs none: no shortcode or scheme starts so) and splits
    ``www.``, so no link, autolink, image, formatting, shortcode or
    directive can come out of it.
    """
    if is_missing(value):
        return ""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _AFTER_PATTERN.sub(_WORD_JOINER, str(value)))


def xml_text(value) -> str:
    """A value as text XML 1.0 can hold: the characters XML forbids (``\\x00``, ``\\x0b``...) removed."""
    if is_missing(value):
        return ""
    return _XML_FORBIDDEN.sub("", str(value))
