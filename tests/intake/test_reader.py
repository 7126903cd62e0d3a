"""Reading articles: formats, metadata, site furniture, encodings and Zawgyi."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geo.errors import IngestFailed
from geo.intake.reader import (
    decode_text,
    detect_zawgyi,
    read_article,
    read_article_bytes,
    read_pasted_text,
    read_saved_page,
)

DATA = Path(__file__).parent.parent / "data"


def test_markdown_front_matter_gives_metadata_and_body():
    article = read_article(DATA / "ingest_article.md")
    assert (article.title, article.publisher, article.published, article.url) == (
        "Norinco crates seized in Madaya Township",
        "Test Post",
        "2025-07-28",
        "https://example.org/norinco-crates",
    )
    assert article.text.startswith("The Mandalay PDF seized Norinco crates")
    assert "---" not in article.text
    assert "Share this" not in article.text and "Share this" in article.removed
    assert article.missing_metadata() == []
    assert article.author is None  # optional
    assert read_article(DATA / "ingest_review.md").author == "Test Reporter"


def test_html_keeps_article_text_and_drops_site_furniture():
    article = read_article(DATA / "ingest_page.html")
    assert article.title == "Junta & Norinco: crates seized"
    assert article.publisher == "Test Post"
    assert article.published == "2025-07-28"
    assert article.url == "https://example.org/crates"
    assert "The Mandalay PDF seized Norinco crates in Madaya Township on July 20." in article.text
    assert "Norinco’s subsidiary Wanbao Mining runs the Letpadaung mine." in article.text
    for furniture in ("Home", "Facebook", "Subscribe", "Leave a Reply", "Jane Doe", "evil", "© Test Post", "header"):
        assert furniture not in article.text, furniture
    assert article.author is None  # the page names none


NEWS_PARAGRAPHS = [
    "Fighters of the Kachin Independence Army and allied People's Defence Force units took control of a river port "
    "north of Bhamo on Thursday,",
    "The port handled barges carrying diesel from Mandalay,",
    'State media reported on Friday that security forces had "repelled an attack by terrorists" in Bhamo Township,',
    "Aid workers said about 3,000 people had fled villages along the river",
    "where the junta has lost several outposts since late 2024.",
]
NEWS_FURNITURE = [
    "Skip to content", "cookies", "Support us", "Podcast", "Home »", "Telegram", "Copy link", "Boats moored",
    "Read more", "Junta airstrikes hit villages", "Topics:", "You may also like", "Ceasefire talks in Kunming",
    "Subscribe", "in your inbox", "Leave a Reply", "Brang Seng says", "Post Comment", "All rights reserved", "gtag",
]  # fmt: skip


def test_a_saved_news_page_reads_like_the_article_with_its_byline_and_date():
    # a WordPress-style page: the date and the author only in JSON-LD and the byline, the title also in <title>
    article = read_article(DATA / "ingest_page_news.html")
    assert article.reader == "trafilatura"
    assert (article.title, article.publisher, article.author, article.published, article.url) == (
        "Resistance forces seize river port near Bhamo",
        "Test Frontier",
        "Nang Seng Hkawn",
        "2025-03-14",  # published, not the dateModified of 2025-03-16
        "https://example.org/news/river-port-bhamo/",
    )
    for paragraph in NEWS_PARAGRAPHS:
        assert paragraph in article.text, paragraph
    for furniture in NEWS_FURNITURE:
        assert furniture not in article.text, furniture
    # paragraphs stay paragraphs: five of them, separated by blank lines
    assert article.text.count("\n\n") == 4


def test_our_cleaner_alone_misses_the_byline_and_date_that_trafilatura_finds():
    raw = (DATA / "ingest_page_news.html").read_text(encoding="utf-8")
    ours = read_saved_page(raw, "page.html", reader="cleaner")
    assert ours.published is None and ours.author is None
    assert ours.title == "Resistance forces seize river port near Bhamo"  # the <title>, the site's name cut off


@pytest.mark.parametrize(
    ("title", "site", "shown"),
    [
        ("Losing face: masks stolen | The Japan Times", "The Japan Times", "Losing face: masks stolen"),
        ("La perte des terres | DW | 23.05.2011", "DW.COM", "La perte des terres"),
        ("Myanmar - China pipeline opens", "Test Post", "Myanmar - China pipeline opens"),  # not the site: kept
        ("Test Post", "Test Post", "Test Post"),  # nothing left: kept
    ],
)
def test_the_site_name_is_cut_from_a_page_title(title, site, shown):
    page = (
        f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}"></head>'
        "<body><article><p>The junta shelled Lashio on Tuesday, residents said.</p></article></body></html>"
    )
    assert read_saved_page(page, "t.html", reader="cleaner").title == shown
    assert read_saved_page(page, "t.html").title == shown


def test_a_page_trafilatura_cannot_parse_is_read_by_our_cleaner():
    page = "<div>" * 20_000 + "<p>The junta shelled Lashio on Tuesday.</p>" + "</div>" * 20_000
    article = read_article_bytes(page.encode(), "deep.html")
    assert article.reader == "cleaner"
    assert article.text == "The junta shelled Lashio on Tuesday."


def test_a_byline_that_is_a_link_is_no_author():
    page = (
        '<html><head><meta name="author" content="https://www.facebook.com/news"></head><body><article>'
        + "<p>The junta shelled Lashio on Tuesday, residents said.</p>" * 3
        + "</article></body></html>"
    )
    assert read_article_bytes(page.encode(), "link.html").author is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.txt", (DATA / "ingest_latin1.txt").read_bytes(), "not valid UTF-8 (byte 0xe9"),
        ("bad.txt", "Madaya".encode("utf-16"), "UTF-16"),
        ("alias.md", b"---\na: &a [x, x, x]\nb: [*a, *a, *a]\n---\nBody", "alias"),
        ("day.md", b"---\npublished: 2025-02-30\n---\nBody", "not a real date"),
        ("huge.txt", b"Madaya. " * 2_600_000, "limited to 5 MB"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        ("empty.html", b"<nav>menu</nav>", "no article text"),
        ("broken.md", b"---\ntitle: [unclosed\n---\nBody", "front matter is not valid"),
    ],
)
def test_unreadable_input_is_refused_naming_the_file_and_the_fix(name, data, message):
    with pytest.raises(IngestFailed) as caught:
        read_article_bytes(data, name)
    assert message in str(caught.value)
    assert name in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_zawgyi_is_converted_to_unicode_and_says_so():
    article = read_article(DATA / "ingest_zawgyi.txt")
    assert article.converted_from == "Zawgyi"
    assert not detect_zawgyi(article.text)[0]
    assert "\u1031\u1000" not in article.text  # no vowel sign E stored before its consonant any more


def test_unicode_burmese_is_left_alone():
    article = read_article_bytes("မောင်မောင် မြန်မာနိုင်ငံ".encode(), "u.txt")
    assert article.converted_from is None
    assert article.text == "မောင်မောင် မြန်မာနိုင်ငံ"


def test_unbalanced_html_is_read_in_linear_time():
    # 218 KB of end tags without start tags took 139 s when each end tag searched the whole stack
    page = ("<div><p>" + "</span></b></i>" * 4 + "text ") * 6000
    started = time.perf_counter()
    article = read_article_bytes(page.encode(), "unbalanced.html")
    assert "text" in article.text
    assert time.perf_counter() - started < 5


def test_saved_pages_are_read_in_time_linear_in_their_size():
    def seconds(paragraphs: int) -> float:
        page = "<html><body><article>" + "<p>The junta shelled Lashio on July 4, residents said.</p>" * paragraphs
        started = time.perf_counter()
        read_article_bytes((page + "</article></body></html>").encode(), "long.html")
        return time.perf_counter() - started

    seconds(200)  # warm up (imports)
    small, large = min(seconds(1_000) for _ in range(2)), min(seconds(8_000) for _ in range(2))
    assert large < 8 * small * 2.5, (small, large)  # 8x the text: well under 20x the time


def test_front_matter_alias_bomb_is_refused_quickly():
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    with pytest.raises(IngestFailed, match="alias"):
        read_article_bytes(("\n".join(lines) + "\n---\nBody").encode(), "bomb.md")


@pytest.mark.parametrize(
    ("text", "zawgyi"),
    [
        ("မဂၠလာပါ။ ေက်ာင္းသား ေတြ ျမန္မာ", True),  # Zawgyi: E and RA before consonants, U+1060
        ("မင်္ဂလာပါ။ ကျောင်းသား တွေ မြန်မာ", False),  # the same in Unicode
        ("မတ္တရာမြို့နယ် ပုသိမ်ကြီးမြို့နယ် ကျောက်ဖြူ", False),  # gazetteer aliases in Unicode
        ("Only English text.", False),
        ("A lone ေက word in English text about many other things entirely", False),  # one signal is not enough
    ],
)
def test_zawgyi_detection(text, zawgyi):
    assert detect_zawgyi(text)[0] is zawgyi


def test_unicode_burmese_is_read_unchanged():
    article = read_article(DATA / "ingest_burmese.txt")
    assert article.text.startswith("မတ္တရာမြို့နယ်တွင်")


def test_bom_and_crlf_are_normalised():
    assert decode_text(b"\xef\xbb\xbfone\r\ntwo\r", "x.txt") == "one\ntwo\n"


def test_pasted_text_is_cleaned_like_a_file():
    article = read_pasted_text("Leave a Reply\nThe junta seized Madaya.\n")
    assert article.text == "The junta seized Madaya."
    assert article.missing_metadata() == ["title", "publisher", "published"]
