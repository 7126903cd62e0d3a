"""The escaping paths (geo.escaping): untrusted text reaches Markdown, HTML and XML as text, shown as typed.

What Streamlit's Markdown does with the escaped text is checked in a real
browser by ``tests/browser/test_hostile_browser.py``; here the properties
that make it safe are checked over any text: every ASCII punctuation
character arrives backslash-escaped (so CommonMark reads it literally), the
text left once escapes are read holds none of the patterns that are matched
after parsing (GFM literal autolinks, ``:emoji:`` and ``:material/...:``
shortcodes), and undoing the escapes gives back exactly what was typed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.escaping import escape_html, escape_markdown, xml_text

ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
WORD_JOINER = "\u2060"

PAYLOADS = [
    "![x](http://127.0.0.1:9/t.png)",
    "[login](http://127.0.0.1:9/)",
    "<img src=http://127.0.0.1:9/i.png>",
    "<http://127.0.0.1:9/angle>",
    "bare http://127.0.0.1:9/bare and HTTPS://127.0.0.1:9/upper",
    "www.example.org/path and WWW.EXAMPLE.ORG",
    "mail evil@example.org, mailto:evil@example.org, xmpp:evil@example.org",
    "[ref]\n\n[ref]: http://127.0.0.1:9/ref",
    ":red[colour] :material/home: :smile: :+1:",
    "$x^2$ and $$\\frac{1}{2}$$",
    "Title\n===\n\nSub\n---\n# h1\n> quote\n- item\n1. item\n| a | b |\n|---|---|",
    "**bold** _it_ ~~gone~~ `code` ```fence```",
    "&lt;b&gt; &amp; &#x3C;script&#x3E; &#58;",
    "javascript:alert(1)",
    "back\\slash \\[ \\\\",
]


def _unescape_backslashes(text: str) -> str:
    """What CommonMark makes of backslash escapes: an escaped ASCII punctuation character, literally."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _as_typed(escaped: str) -> str:
    """The text a reader sees: escapes read, and the invisible word joiners escape_markdown added removed."""
    text = _unescape_backslashes(escaped)
    text = re.sub(f"(?<=[:@]){WORD_JOINER}", "", text)
    return re.sub(f"(?<=[wW]{{3}}){WORD_JOINER}(?=\\.)", "", text)


def _unescaped_punctuation(escaped: str) -> list[str]:
    found, index = [], 0
    while index < len(escaped):
        char = escaped[index]
        if char == "\\" and index + 1 < len(escaped) and escaped[index + 1] in ASCII_PUNCTUATION:
            index += 2
            continue
        if char in ASCII_PUNCTUATION:
            found.append(char)
        index += 1
    return found


# What GFM autolink literals and Streamlit's shortcodes look for in the text once it is parsed.
_MATCHED_AFTER_PARSING = re.compile(r"(?i)https?://|(?:mailto|xmpp):\w|www\.|[\w.+-]@[\w-]|:[\w/+-]+:|:[a-z]+\[")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payload_is_shown_as_typed_with_no_markup_left(payload):
    escaped = escape_markdown(payload)
    assert _unescaped_punctuation(escaped) == []
    assert not _MATCHED_AFTER_PARSING.search(_unescape_backslashes(escaped)), escaped
    assert _as_typed(escaped) == payload


@settings(max_examples=500, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_characters=WORD_JOINER)))
def test_any_text_escapes_to_literal_markdown_that_reads_back_as_typed(text):
    escaped = escape_markdown(text)
    assert _unescaped_punctuation(escaped) == []
    assert not _MATCHED_AFTER_PARSING.search(_unescape_backslashes(escaped))
    assert _as_typed(escaped) == text


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_values_escape_to_nothing(missing):
    assert escape_markdown(missing) == escape_html(missing) == xml_text(missing) == ""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@settings(max_examples=300, derandomize=True)
@given(st.text())
def test_escaped_html_holds_no_tag_and_no_template_literal(text):
    escaped = escape_html(text)
    parser = _Tags()
    parser.feed(f"<div>{escaped}</div>")
    assert parser.tags == ["div"]
    assert not set("<>`$\\\"'") & set(escaped)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "\ufffe", "\uffff"])
def test_xml_text_removes_what_xml_forbids_and_keeps_the_rest(character):
    text = f"before{character}after \t\n tab, newline, é, 漢, 🙂"
    cleaned = xml_text(text)
    assert cleaned == text.replace(character, "")
    element = ET.fromstring(f"<a>{escape_html(cleaned)}</a>".encode("utf-8", "surrogatepass"))
    assert element.text.replace("\r", "") == cleaned.replace("\r", "")


@settings(max_examples=300, derandomize=True)
@given(st.text())
def test_any_text_through_xml_text_makes_a_document_an_xml_parser_reads(text):
    element = ET.Element("description")
    element.text = xml_text(text)
    serialised = ET.tostring(element, encoding="unicode").encode("utf-8")
    assert ET.fromstring(serialised).text in (None, xml_text(text).replace("\r\n", "\n").replace("\r", "\n"))
