"""The annotated article (geo.render.annotation): untrusted text stays text, spans mark exactly what they say.

The markup is read back with the standard library's HTML parser, the way a
browser would: every tag and attribute it finds must be one the module
writes, and the text a reader sees must be the article, character for
character. tests/data/article_hostile.txt holds the hostile article.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.render.annotation import MENTION_STYLES, PASSAGE_ANCHOR, PASSAGE_STYLE, Passage, article_html, parse_span

HOSTILE = (Path(__file__).parent.parent / "data" / "article_hostile.txt").read_text(encoding="utf-8")
BODY = "The Mandalay PDF seized Norinco crates in Madaya Township on July 20."

# What article_html writes, and nothing else: a tag or attribute outside these came from the article.
ALLOWED = {
    "div": {"class", "style"},
    "mark": {"class", "style", "title"},
    "span": {"class", "style", "title", "data-events", "id"},
}


class _Reader(HTMLParser):
    """The text pieces of a markup, each with the open elements around it (outermost first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.pieces: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs))
        self.elements.append(element)
        self.stack.append(element)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}: the nesting is broken"
        self.stack.pop()

    def handle_data(self, data):
        self.pieces.append((data, list(self.stack)))

    def handle_comment(self, data):
        raise AssertionError(f"a comment reached the markup: {data!r}")

    def handle_decl(self, decl):
        raise AssertionError(f"a declaration reached the markup: {decl!r}")

    def handle_pi(self, data):
        raise AssertionError(f"a processing instruction reached the markup: {data!r}")


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    assert not reader.stack, f"unclosed elements: {reader.stack}"
    return reader


def _text(reader: _Reader) -> str:
    return "".join(text for text, _ in reader.pieces)


def _inside(reader: _Reader, css_class: str) -> list[str]:
    """The contiguous runs of text inside elements of ``css_class``.

    article_html closes every element at each cut, so one passage may be
    several elements in a row; a reader sees one run.
    """
    runs: list[str] = []
    previous = False
    for text, stack in reader.pieces:
        inside = any(css_class in attrs.get("class", "").split() for _, attrs in stack)
        if inside and previous:
            runs[-1] += text
        elif inside:
            runs.append(text)
        previous = inside
    return runs


def _marks(reader: _Reader) -> list[tuple[str, str]]:
    """Each mention as (kind, text): contiguous pieces inside equal ``<mark>`` elements are one mention."""
    found: list[tuple[str, str]] = []
    previous = None
    for text, stack in reader.pieces:
        mark = next((attrs for tag, attrs in stack if tag == "mark"), None)
        if mark is not None and mark == previous:
            found[-1] = (found[-1][0], found[-1][1] + text)
        elif mark is not None:
            found.append((mark["class"].removeprefix("geo-m geo-m-"), text))
        previous = mark
    return found


def _check_only_our_markup(reader: _Reader) -> None:
    for tag, attrs in reader.elements:
        assert tag in ALLOWED, f"<{tag}> came from the text"
        assert set(attrs) <= ALLOWED[tag], f"<{tag}> has attributes {sorted(set(attrs) - ALLOWED[tag])}"


# ------------------------------------------------------------ untrusted text stays text


@pytest.mark.parametrize(
    "body",
    [
        HOSTILE,
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg/onload=alert(1)>",
        "</div><div onclick=alert(1)>",
        "`${alert(1)}` and ${document.cookie}",
        "Tom & Jerry &amp; &lt;b&gt; &#60;script&#62;",
        "<!-- a comment --> <![CDATA[x]]> <?php echo 1 ?>",
        "quotes \" and ' and \\ backslash",
        "",
    ],
)
def test_untrusted_article_text_is_shown_exactly_as_written_and_adds_no_markup(body):
    reader = _read(article_html(body))
    assert _text(reader) == body
    _check_only_our_markup(reader)
    assert [tag for tag, _ in reader.elements] == ["div"]


def test_hostile_text_inside_mentions_passages_and_the_focus_stays_text():
    start = HOSTILE.index("<script>")
    end = HOSTILE.index("Kani Township")
    mentions = [
        {"start": HOSTILE.index("Kani"), "end": HOSTILE.index("Kani") + 4, "kind": "place", "id": "pl-kani"},
        {"start": start, "end": start + 30, "kind": "actor", "value": "x"},
        {"start": HOSTILE.index("${"), "end": HOSTILE.index("}") + 1, "kind": "date", "value": "2025"},
    ]
    passages = [Passage(start, end, ("ev-1",), ("Troops burn homes",)), Passage(0, len(HOSTILE), ("ev-2",))]
    reader = _read(article_html(HOSTILE, mentions, passages, focus=(start, end)))
    assert _text(reader) == HOSTILE
    _check_only_our_markup(reader)
    assert _inside(reader, "geo-focus") == [HOSTILE[start:end]]
    assert "<script" not in article_html(HOSTILE, mentions, passages).lower()
    assert "<img" not in article_html(HOSTILE, mentions, passages).lower()


@pytest.mark.parametrize(
    "hostile",
    [
        '" onmouseover="alert(1)',
        "' onfocus='alert(1)",
        '"><script>alert(1)</script>',
        "`${alert(1)}`",
        "a & b &quot; c",
    ],
)
def test_untrusted_values_in_attributes_stay_inside_their_attribute(hostile):
    mentions = [{"start": 4, "end": 12, "kind": "place", "id": "pl-x", "name": hostile}]
    passages = [Passage(0, 16, (hostile,), (hostile,))]
    reader = _read(article_html(BODY, mentions, passages))
    _check_only_our_markup(reader)
    assert _text(reader) == BODY
    marks = [attrs for tag, attrs in reader.elements if tag == "mark"]
    assert {m["title"] for m in marks} == {f"place: {hostile}"}
    spans = [attrs for tag, attrs in reader.elements if tag == "span"]
    assert {s["data-events"] for s in spans} == {hostile}
    assert {s["title"] for s in spans} == {f"Supports: {hostile}"}


@pytest.mark.parametrize("character", ["`", "$", "\\"])
def test_template_literal_characters_leave_through_the_one_escaping_path(character):
    # geo.escaping.escape_html is the one path for untrusted text: it turns these into entities, so the
    # markup stays inert even if it ever lands in a JavaScript template literal (as folium popups do).
    body = f"a {character}{{alert(1)}} b"
    markup = article_html(body, [{"start": 0, "end": 1, "kind": "place", "id": f"x{character}"}])
    assert character not in markup  # the module's own markup has none of them
    assert _text(_read(markup)) == body


# ------------------------------------------------------------ spans marked exactly


def test_each_mention_is_marked_by_kind_around_exactly_its_text():
    mentions = [
        {"start": 4, "end": 16, "kind": "actor", "id": "mandalay-pdf", "name": "Mandalay People's Defence Force"},
        {"start": 24, "end": 31, "kind": "actor", "id": "norinco"},
        {"start": 42, "end": 57, "kind": "place", "id": "pl-madaya-township", "name": "Madaya Township"},
        {"start": 61, "end": 68, "kind": "date", "value": "2025-07-20"},
    ]
    reader = _read(article_html(BODY, mentions))
    assert _text(reader) == BODY
    assert _marks(reader) == [
        ("actor", "Mandalay PDF"),
        ("actor", "Norinco"),
        ("place", "Madaya Township"),
        ("date", "July 20"),
    ]
    titles = [attrs["title"] for tag, attrs in reader.elements if tag == "mark"]
    # names a reader can read, never internal ids (an id without a name gives the kind alone)
    assert titles == ["actor: Mandalay People's Defence Force", "actor", "place: Madaya Township", "date: 2025-07-20"]
    styles = {attrs["class"]: attrs["style"] for tag, attrs in reader.elements if tag == "mark"}
    assert styles["geo-m geo-m-place"].startswith(MENTION_STYLES["place"][1])


@pytest.mark.parametrize(
    ("mentions", "marked"),
    [
        # overlapping mentions: the earliest wins, and of two at the same start the longest
        ([(4, 16, "actor"), (10, 20, "place")], [("actor", "Mandalay PDF")]),
        ([(4, 12, "place"), (4, 16, "actor")], [("actor", "Mandalay PDF")]),
        ([(24, 31, "actor"), (24, 31, "place")], [("actor", "Norinco")]),
        ([(10, 20, "place"), (4, 16, "actor")], [("actor", "Mandalay PDF")]),  # input order does not matter
        # touching mentions are both kept
        ([(4, 12, "place"), (12, 16, "actor")], [("place", "Mandalay"), ("actor", " PDF")]),
        # unknown kinds and spans that do not fit the text are left out
        ([(4, 16, "weapon")], []),
        ([(4, 16, "weapon"), (10, 20, "place")], [("place", "ay PDF sei")]),
        ([(60, 200, "date")], []),
        ([(-1, 3, "place")], []),
        ([(10, 10, "place")], []),
        ([(12, 4, "place")], []),
        # the very ends of the text
        ([(0, 3, "place"), (68, 69, "date")], [("place", "The"), ("date", ".")]),
        ([(0, len(BODY), "place")], [("place", BODY)]),
    ],
)
def test_overlapping_or_impossible_mentions_are_resolved_before_marking(mentions, marked):
    items = [{"start": s, "end": e, "kind": k} for s, e, k in mentions]
    reader = _read(article_html(BODY, items))
    assert _text(reader) == BODY
    assert _marks(reader) == marked


def test_mentions_may_be_objects_with_attributes():
    class Mention:
        start, end, kind, id = 24, 31, "actor", "norinco"

    reader = _read(article_html(BODY, [Mention()]))
    assert _marks(reader) == [("actor", "Norinco")]


@pytest.mark.parametrize(
    ("mention", "title"),
    [
        ({"id": "norinco", "name": "Norinco", "value": "ignored"}, "actor: Norinco"),
        ({"id": "norinco", "value": "Norinco"}, "actor: Norinco"),
        ({"id": "norinco"}, "actor"),  # an id alone is never shown to a reader
        ({}, "actor"),
    ],
)
def test_a_mention_title_names_what_it_refers_to(mention, title):
    reader = _read(article_html(BODY, [{"start": 24, "end": 31, "kind": "actor", **mention}]))
    assert [attrs["title"] for tag, attrs in reader.elements if tag == "mark"] == [title]


def test_a_mention_across_a_passage_boundary_is_marked_whole_and_the_passage_too():
    # the mention "Norinco crates" (24-38) starts inside the passage 0-31 and ends after it
    passages = [Passage(0, 31, ("ev-seizure",), ("Seizure of Norinco crates",))]
    reader = _read(article_html(BODY, [{"start": 24, "end": 38, "kind": "actor"}], passages))
    assert _text(reader) == BODY
    assert _marks(reader) == [("actor", "Norinco crates")]
    assert _inside(reader, "geo-passage") == [BODY[0:31]]
    # within each piece the mention is innermost, so every closing tag closes its own element
    for text, stack in reader.pieces:
        classes = [attrs.get("class", "") for _, attrs in stack]
        if "geo-m geo-m-actor" in classes and any("geo-passage" in c for c in classes):
            assert classes[-1] == "geo-m geo-m-actor", text


def test_passages_that_share_a_sentence_name_every_event_where_they_overlap():
    passages = [Passage(0, 38, ("ev-b",), ("Seizure",)), Passage(24, 69, ("ev-a",), ("Contract",))]
    reader = _read(article_html(BODY, (), passages))
    assert _text(reader) == BODY
    assert _inside(reader, "geo-passage") == [BODY]
    by_text = {text: attrs for text, stack in reader.pieces for tag, attrs in stack if tag == "span"}
    assert by_text[BODY[0:24]]["data-events"] == "ev-b"
    assert by_text[BODY[24:38]]["data-events"] == "ev-a ev-b"
    assert by_text[BODY[24:38]]["title"] == "Supports: Seizure; Contract"  # titles, never internal ids
    assert by_text[BODY[38:69]]["data-events"] == "ev-a"


@pytest.mark.parametrize(
    "passage",
    [Passage(0, 200, ("ev-x",)), Passage(60, 70, ("ev-x",)), Passage(-5, 10, ("ev-x",)), Passage(30, 30, ("ev-x",))],
)
def test_a_passage_beyond_the_text_is_left_out(passage):
    reader = _read(article_html(BODY, (), [passage]))
    assert _text(reader) == BODY
    assert _inside(reader, "geo-passage") == []


@pytest.mark.parametrize(
    ("focus", "focused"),
    [
        ((24, 38), "Norinco crates"),
        ((0, 3), "The"),
        ((68, 69), "."),
        ((0, len(BODY)), BODY),
    ],
)
def test_the_focused_passage_is_marked_once_with_the_anchor_on_its_start(focus, focused):
    mentions = [{"start": 24, "end": 31, "kind": "actor"}, {"start": 42, "end": 57, "kind": "place"}]
    passages = [Passage(0, 38, ("ev-seizure",))]
    markup = article_html(BODY, mentions, passages, focus=focus)
    reader = _read(markup)
    assert _text(reader) == BODY
    assert _inside(reader, "geo-focus") == [focused]
    anchors = [attrs for _, attrs in reader.elements if attrs.get("id") == PASSAGE_ANCHOR]
    assert len(anchors) == 1 and markup.count(f'id="{PASSAGE_ANCHOR}"') == 1
    first = next(text for text, stack in reader.pieces if any(a.get("id") == PASSAGE_ANCHOR for _, a in stack))
    assert focused.startswith(first)


def test_without_a_focus_there_is_no_anchor():
    markup = article_html(BODY, (), [Passage(0, 38, ("ev-seizure",))])
    assert f'id="{PASSAGE_ANCHOR}"' not in markup and "geo-focus" not in markup


# ------------------------------------------------------------ the span parameter


@pytest.mark.parametrize(
    ("value", "length", "expected"),
    [
        ("24-38", 69, (24, 38)),
        (" 24-38 ", 69, (24, 38)),
        ("0-69", 69, (0, 69)),  # the whole text
        ("68-69", 69, (68, 69)),  # the last character
        ("0010-0020", 69, (10, 20)),
        ("0-70", 69, None),  # one past the end
        ("900-5", 69, None),
        ("38-24", 69, None),  # reversed
        ("5-5", 69, None),  # empty
        ("0-1", 0, None),  # an empty article has no passage
        ("-1-5", 69, None),
        ("24", 69, None),
        ("24-", 69, None),
        ("24-38-40", 69, None),
        ("24–38", 69, None),  # an en dash
        ("24 - 38", 69, None),
        ("a-b", 69, None),
        ("1e1-20", 69, None),
        ("1234567890-1234567891", 2_000_000_000, None),  # more digits than any article has characters
        ("", 69, None),
        (None, 69, None),
    ],
)
def test_span_parameter_is_read_only_when_it_is_a_passage_of_the_text(value, length, expected):
    assert parse_span(value, length) == expected


def test_a_parsed_span_marks_the_same_characters_the_link_named():
    span = parse_span("42-57", len(BODY))
    assert _inside(_read(article_html(BODY, focus=span)), "geo-focus") == ["Madaya Township"]


def test_the_linked_passage_stays_one_yellow_stretch_over_its_mentions():
    mentions = [{"start": 24, "end": 31, "kind": "actor", "id": "norinco"}]
    passages = [Passage(24, 38, ("ev-a",), ("Seizure",)), Passage(40, 50, ("ev-b",), ("Contract",))]
    reader = _read(article_html(BODY, mentions, passages, focus=(24, 38)))
    marks = [attrs for tag, attrs in reader.elements if tag == "mark"]
    assert marks and all(m["style"].startswith("background:transparent;") for m in marks)
    assert "border-bottom" in marks[0]["style"]  # the mention keeps its coloured underline
    quiet = [a for tag, a in reader.elements if tag == "span" and a.get("class") == "geo-passage"]
    assert {a["style"] for a in quiet} == {PASSAGE_STYLE}  # every other passage: a light grey underline, no box


def test_without_mentions_only_passages_are_marked():
    reader = _read(article_html(BODY, (), [Passage(24, 38, ("ev-a",), ("Seizure",))]))
    assert not [tag for tag, _ in reader.elements if tag == "mark"]
