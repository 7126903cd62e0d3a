"""Reading articles: bytes in, clean text and metadata out.

This module owns everything between a file (or pasted text) and the text
that extraction sees. It reads plain text (``.txt``), Markdown with YAML
front matter (``.md``) and saved web pages (``.html``/``.htm``); checks the
encoding (UTF-8 is required, with or without a byte-order mark); removes site
furniture (navigation, newsletter prompts, share buttons, comment forms,
signature lists); and converts legacy Zawgyi-encoded Burmese to Unicode
(:mod:`geo.intake.zawgyi`), saying so in ``converted_from``.

A saved page is read by trafilatura (the body, and the title, author,
publisher and date from the page's metadata; a short page favouring
precision, where trafilatura's default keeps share buttons and newsletter
prompts), with our own cleaner (:class:`_PageParser`) as the fallback: for
a page trafilatura finds no body in (or cannot parse), and for each
metadata field it leaves empty. ``reader`` says which one gave the body.
``bench/reader.py`` compares the two on saved pages.

The text of :class:`ReadArticle` is *the text as read*: every character
offset produced by :mod:`geo.intake.extraction` and stored with an event indexes it.

Zawgyi is detected by our heuristic (:func:`detect_zawgyi`) or Google's
model (``myanmartools``) and converted with ICU's ``Zawgyi-my`` transform;
the page shows the converted text for review before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from geo.errors import IngestFailed
from geo.intake.zawgyi import ZAWGYI_THRESHOLD, convert_zawgyi, zawgyi_probability

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadArticle",
    "decode_text",
    "detect_zawgyi",
    "read_article",
    "read_article_bytes",
    "read_pasted_text",
    "read_saved_page",
    "strip_furniture_lines",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# The largest article file read: 5 MB (a long report is ~0.2 MB of text; a saved page with its markup ~2 MB).
MAX_ARTICLE_BYTES = 5_000_000


@dataclass
class ReadArticle:
    """An article as read: its clean text and whatever metadata the file carried.

    Metadata fields are None when the file did not say; the caller asks the
    user for them (the page) or takes them from options (the command line).
    """

    text: str
    source: str
    format: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    removed: list[str] = field(default_factory=list)
    converted_from: str | None = None  # "Zawgyi" when the Burmese was converted to Unicode: show it for review
    author: str | None = None  # the byline, when the file gives one (optional: never asked for)
    reader: str = ""  # which reader gave the body of a saved page: "trafilatura" or "cleaner"

    def missing_metadata(self) -> list[str]:
        """Names of the metadata fields still unknown (title, publisher, published)."""
        return [name for name in ("title", "publisher", "published") if not getattr(self, name)]


# ---------------------------------------------------------------- encodings


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (an optional BOM is dropped); anything else is refused, naming the byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestFailed(
            f"{source}: the file is UTF-16, not UTF-8. Fix: re-save it as UTF-8 "
            f"(e.g. `iconv -f UTF-16 -t UTF-8 {source} > fixed.txt`)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestFailed(
            f"{source}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}, line {line}). "
            f"Fix: re-save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8 {source} > fixed.txt` "
            "if it came from Windows)"
        ) from None
    if "\x00" in text:
        raise IngestFailed(f"{source}: contains NUL characters, so it is not a text file. Fix: give a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The Zawgyi heuristic. Zawgyi stores Burmese in *visual* order and reuses
# code points; Unicode Burmese stores it in *logical* order. Sequences that
# are impossible in well-formed Unicode Burmese but routine in Zawgyi:
#  1. the vowel sign E (U+1031) written before its consonant: at the start of
#     a word, or after anything that is not a consonant, medial or mark;
#  2. U+103B (Unicode medial YA, Zawgyi medial RA) before a consonant: in
#     Zawgyi the medial RA glyph precedes the consonant it belongs to;
#  3. code points U+1060..U+1097 that Zawgyi uses for stacked consonants and
#     glyph variants (in Unicode they belong to Mon, Karen and Shan, which
#     use only a few of them: those are excluded from the count).
# Text is called Zawgyi when at least two such signals are found, and they
# make up at least 5% of its Myanmar syllables. Unicode Burmese (even Shan
# text using U+1075..U+1081) scores zero on 1 and 2.
_MYANMAR = "\u1000-\u109f"
_CONSONANT = "\u1000-\u1021\u1023-\u102a\u103f\u104c-\u104f"
_E_BEFORE_CONSONANT = re.compile(f"(?:^|(?<=[^{_MYANMAR}]))\u1031[{_CONSONANT}]")
_RA_BEFORE_CONSONANT = re.compile(f"(?:^|(?<=[^{_MYANMAR}]))\u103b[{_CONSONANT}]")
_ZAWGYI_GLYPHS = re.compile("[\u1060-\u1074\u1082-\u1097]")
_MYANMAR_LETTER = re.compile(f"[{_CONSONANT}]")


def detect_zawgyi(text: str) -> tuple[bool, int]:
    """Whether ``text`` looks like Zawgyi-encoded Burmese, and how many Zawgyi signals it has."""
    if not re.search(f"[{_MYANMAR}]", text):
        return False, 0
    signals = (
        len(_E_BEFORE_CONSONANT.findall(text))
        + len(_RA_BEFORE_CONSONANT.findall(text))
        + len(_ZAWGYI_GLYPHS.findall(text))
    )
    syllables = max(1, len(_MYANMAR_LETTER.findall(text)))
    return signals >= 2 and signals / syllables >= 0.05, signals


# ---------------------------------------------------------------- furniture

# Whole lines that are site furniture, not article text (matched on the stripped line).
_FURNITURE_LINE = re.compile(
    r"^(?:skip to (?:content|toolbar|main content)|share(?: this| on \w+)?:?|tweet|print|email this|"
    r"subscribe(?: to our newsletter)?!?|successfully subscribed!?|sign up for our newsletter.*|"
    r"leave a (?:reply|comment)|post a comment|cancel reply|related (?:posts|articles|stories):?|"
    r"read more:?|advertisement|follow us(?: on .*)?|\d[\d,]* (?:signatures?|comments?)|"
    r"facebook|twitter|whatsapp|linkedin|telegram|copy link)$",
    re.IGNORECASE,
)


def strip_furniture_lines(text: str) -> tuple[str, list[str]]:
    """Drop lines that are only site furniture ("Share this", "Leave a Reply"...); return text and what went."""
    kept, removed = [], []
    for line in text.split("\n"):
        if _FURNITURE_LINE.match(line.strip()):
            removed.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), removed


# Elements that never hold article text, and class/id words that mark furniture.
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "template",
    "select",
    "figure",
}
_FURNITURE_WORDS = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|navigation|menu|breadcrumbs?|share|sharing|social|newsletter|subscribe|"
    r"subscription|comments?|respond|reply|signatures?|signers|related|sidebar|widget|advert|ads|cookie|"
    r"banner|footer|header|toolbar|pagination|skip-link|screen-reader-text)(?:$|[-_ ])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "pre",
    "hr",
    "dd",
    "dt",
}
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _PageParser(HTMLParser):
    """Collects the visible article text of a saved page and its metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.open_counts: dict[str, int] = {}
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title_parts: list[str] = []
        self.removed: list[str] = []
        self.article_depth = 0
        self.article_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and attributes.get("content"):
                self.meta.setdefault(key, attributes["content"].strip())
            return
        if tag == "link" and attributes.get("rel", "").lower() == "canonical" and attributes.get("href"):
            self.meta.setdefault("canonical", attributes["href"].strip())
            return
        if tag == "title":
            self.in_title = True
        if tag in _VOID_TAGS:
            if tag in _BLOCK_TAGS and not self.skip_depth:
                self._write("\n")
            return
        marker = f"{attributes.get('class', '')} {attributes.get('id', '')} {attributes.get('role', '')}"
        skip = tag in _SKIP_TAGS or bool(_FURNITURE_WORDS.search(marker)) or "hidden" in attributes
        if skip and not self.skip_depth:
            self.removed.append(f"<{tag} {marker.strip()}>".replace("  ", " "))
        self.stack.append((tag, skip))
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1
        if skip:
            self.skip_depth += 1
        if tag == "article" and not self.skip_depth:
            self.article_depth += 1
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self._write("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote") else "\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _VOID_TAGS:
            return
        # pop to the matching open tag (HTML in the wild is not always balanced); an end tag with no
        # open tag of its name is skipped at once, so unbalanced pages cost linear time
        if not self.open_counts.get(tag):
            if tag in _BLOCK_TAGS and not self.skip_depth:
                self._write("\n")
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for name, skipped in self.stack[index:]:
                    self.open_counts[name] -= 1
                    if skipped:
                        self.skip_depth -= 1
                del self.stack[index:]
                break
        if tag == "article" and self.article_depth and not self.skip_depth:
            self.article_depth -= 1
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self._write("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if not self.skip_depth:
            self._write(data)

    def _write(self, data: str) -> None:
        self.parts.append(data)
        if self.article_depth:
            self.article_parts.append(data)


def _tidy(text: str) -> str:
    """Collapse runs of spaces inside lines and blank lines between paragraphs."""
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def read_saved_page(raw: str, source: str, reader: str = "best") -> ReadArticle:
    """A saved web page's article text and metadata.

    ``reader``: "cleaner" (ours only), "trafilatura" (trafilatura's body and
    metadata with its default settings, ours only where it gives nothing) or
    "best" (the default: the same, favouring precision on short pages). The
    first two exist for ``bench/reader.py``.
    """
    ours = _read_with_cleaner(raw, source)
    if reader == "cleaner":
        return ours
    found = _read_with_trafilatura(raw, precision=reader == "best" and len(raw) < _SHORT_PAGE_BYTES)
    if found is None:
        return ours
    body, meta = found
    text, removed_lines = strip_furniture_lines(body)
    text = _tidy(text)
    use_ours = not text
    article = ReadArticle(
        text=ours.text if use_ours else text,
        source=source,
        format="html",
        title=_title(meta.get("title"), ours.title, meta.get("sitename") or ours.publisher),
        publisher=meta.get("sitename") or ours.publisher,
        published=_date_prefix(meta.get("date")) or ours.published,
        url=meta.get("url") or ours.url,
        language=ours.language,
        removed=ours.removed if use_ours else removed_lines,
        author=meta["author"] or ours.author,
        reader="cleaner" if use_ours else "trafilatura",
    )
    return article


# Below this size a page is mostly furniture around a few paragraphs, and trafilatura's default keeps that
# furniture (share buttons, newsletter prompts): such pages are read favouring precision. On longer pages
# favouring precision loses article paragraphs (bench/reader.py).
_SHORT_PAGE_BYTES = 4_000


def _read_with_trafilatura(raw: str, precision: bool = False) -> tuple[str, dict] | None:
    """trafilatura's body (paragraphs separated by blank lines) and metadata, or None when it finds no body."""
    import trafilatura  # lxml and friends: only when a page is read, so the command line starts fast

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are ours to report, not to print
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        document = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
            favor_precision=precision,
        )
    except Exception:  # noqa: BLE001 (a page lxml cannot parse, e.g. nested beyond its limit: our cleaner reads it)
        return None
    if document is None or not (document.text or "").strip():
        return None
    body = re.sub(r"\n+", "\n\n", document.text.strip())
    meta = {name: _tidy(str(getattr(document, name) or "")) for name in ("title", "author", "sitename", "date", "url")}
    meta["author"] = _author_or_none(meta["author"].replace("; ", ", "))
    return body, meta


def _title(theirs: str | None, ours: str | None, site: str | None) -> str | None:
    """trafilatura's title, unless it is only the start of the page's own ('Myanmar' of 'Myanmar - China pipeline')."""
    theirs, ours = _without_site_name(theirs, site), _without_site_name(ours, site)
    if (
        theirs
        and ours
        and len(ours) > len(theirs)
        and ours.startswith(theirs)
        and _TITLE_SEPARATOR.match(ours, len(theirs))
    ):
        return ours
    return theirs or ours


_TITLE_SEPARATOR = re.compile(r"\s+[|·•—–-]\s+")


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """'Losing face | The Japan Times' -> 'Losing face' when the site is The Japan Times (the <title> habit)."""
    if not title or not site:
        return title
    names = {site.casefold(), re.sub(r"\.(?:com|org|net)$", "", site.casefold())}
    end = len(title)
    for separator in reversed(list(_TITLE_SEPARATOR.finditer(title))):
        tail = title[separator.end() : end].strip()
        if tail.casefold() not in names and not re.fullmatch(r"[\d./-]+", tail):  # the site, or a date after it
            break
        end = separator.start()
    return title[:end].strip() or title


def _author_or_none(value: str | None) -> str | None:
    """A byline, or None for the non-names pages put there (a profile URL, 'No Author')."""
    value = (value or "").strip()
    if not value or re.match(r"(?:https?:|www\.)", value) or value.casefold() in ("no author", "admin", "unknown"):
        return None
    return value


def _read_with_cleaner(raw: str, source: str) -> ReadArticle:
    parser = _PageParser()
    parser.feed(raw)
    parser.close()
    body = "".join(parser.article_parts) if "".join(parser.article_parts).strip() else "".join(parser.parts)
    text, removed_lines = strip_furniture_lines(_tidy(body))
    text = _tidy(text)
    meta = parser.meta
    title = meta.get("og:title") or meta.get("twitter:title") or _tidy(html.unescape("".join(parser.title_parts)))
    published = _date_prefix(
        meta.get("article:published_time") or meta.get("date") or meta.get("dc.date") or meta.get("pubdate")
    )
    return ReadArticle(
        text=text,
        source=source,
        format="html",
        title=_without_site_name(title, meta.get("og:site_name") or meta.get("publisher")) or None,
        publisher=meta.get("og:site_name") or meta.get("publisher") or None,
        published=published,
        url=meta.get("og:url") or meta.get("canonical") or None,
        language=(meta.get("og:locale") or "en")[:2].lower() or "en",
        removed=parser.removed + removed_lines,
        author=_author_or_none(meta.get("author") or meta.get("article:author")),
        reader="cleaner",
    )


def _date_prefix(value) -> str | None:
    """The ISO date (YYYY-MM-DD, YYYY-MM or YYYY) at the start of a metadata value, or None."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    match = re.match(r"\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)", str(value))
    return match.group(1) if match else None


class _AliasRefused(yaml.YAMLError):
    """An alias in front matter: refused."""


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader with aliases refused (a 510-byte alias bomb expands to gigabytes)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused("alias")
        return super().compose_node(parent, index)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _read_markdown(raw: str, source: str) -> ReadArticle:
    meta: dict = {}
    match = _FRONT_MATTER.match(raw)
    body = raw
    if match:
        try:
            meta = yaml.load(match.group(1), Loader=_FrontMatterLoader) or {}  # noqa: S506 (safe, no aliases)
        except _AliasRefused:
            raise IngestFailed(
                f"{source}: the YAML front matter uses an alias ('*name'), which is refused (aliases can blow a few "
                "bytes up into gigabytes). Fix: write each value out in full"
            ) from None
        except ValueError as error:  # a timestamp that is no date: "published: 2025-02-30"
            raise IngestFailed(
                f"{source}: a date in the YAML front matter is not a real date ({error}). "
                "Fix: write it as YYYY-MM-DD with a day that exists (e.g. published: 2025-02-28)"
            ) from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            raise IngestFailed(
                f"{source}: the YAML front matter is not valid{where}: {getattr(error, 'problem', error)}. "
                "Fix: write it as 'key: value' lines between two '---' lines, quoting values that contain ':'"
            ) from None
        if not isinstance(meta, dict):
            raise IngestFailed(f"{source}: the front matter is not a table of 'key: value' lines. Fix: write it so")
        body = raw[match.end() :]
    text, removed = strip_furniture_lines(body)
    text = text.strip("\n")
    return ReadArticle(
        text=text,
        source=source,
        format="markdown",
        title=_text_or_none(meta.get("title")),
        publisher=_text_or_none(meta.get("publisher") or meta.get("source") or meta.get("site")),
        published=_date_prefix(meta.get("published") or meta.get("date")),
        url=_text_or_none(meta.get("url") or meta.get("link")),
        language=str(meta.get("language") or meta.get("lang") or "en"),
        removed=removed,
        author=_author_or_none(_text_or_none(meta.get("author") or meta.get("byline"))),
    )


def _text_or_none(value) -> str | None:
    return str(value).strip() or None if value is not None else None


def read_article_bytes(data: bytes, name: str) -> ReadArticle:
    """Read an uploaded or on-disk file's bytes; ``name`` gives the format (by suffix) and names errors."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestFailed(f"{name}: unsupported file type '{suffix or '(none)'}'. Fix: give a .txt, .md or .html file")
    if len(data) > MAX_ARTICLE_BYTES:
        raise IngestFailed(
            f"{name}: the file is {len(data) / 1e6:.1f} MB; articles are limited to {MAX_ARTICLE_BYTES / 1e6:.0f} MB. "
            "Fix: keep the article's text only (save the page as text, or cut it into several articles)"
        )
    raw = decode_text(data, name)
    if suffix in (".html", ".htm"):
        article = read_saved_page(raw, name)
    elif suffix in (".md", ".markdown"):
        article = _read_markdown(raw, name)
    else:
        text, removed = strip_furniture_lines(raw)
        article = ReadArticle(text=text.strip("\n"), source=name, format="text", removed=removed)
    zawgyi, _signals = detect_zawgyi(article.text)
    if zawgyi or zawgyi_probability(article.text) >= ZAWGYI_THRESHOLD:
        article.text = convert_zawgyi(article.text, name)
        article.converted_from = "Zawgyi"
    if not article.text.strip():
        raise IngestFailed(f"{name}: no article text left after cleaning. Fix: check the file holds the article")
    return article


def read_article(path: str | Path) -> ReadArticle:
    """Read a .txt, .md or .html file from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestFailed(f"{path}: cannot read it ({error.strerror}). Fix: check the path") from None
    return read_article_bytes(data, str(path))


def read_pasted_text(text: str, source: str = "pasted text") -> ReadArticle:
    """Read text pasted into the page (already decoded): same cleaning and checks as a .txt file."""
    return read_article_bytes(text.encode("utf-8"), f"{source}.txt" if not source.endswith(".txt") else source)
