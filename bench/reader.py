"""Saved web pages: our cleaner against trafilatura (and the reader the app uses), body and metadata.

Run: ``.venv/bin/python bench/reader.py [--real DIR] [--pages]``

Two sets of pages, each read by three readers of :func:`geo.intake.reader.read_saved_page`:
``cleaner`` (our tag-and-class cleaner alone), ``trafilatura`` (trafilatura's body
and metadata, our cleaner only for fields it leaves empty) and ``best`` (what the
app and ``python -m geo ingest`` use: trafilatura, our cleaner for short pages).

* **Myanmar pages** (always): real article text about Myanmar (six articles of
  ``bench/extraction_eval/``, dev and heldout) wrapped in the furniture of three
  common news-site layouts, written here: a WordPress theme (menu, breadcrumbs,
  byline, share buttons, a photo caption, an inline "Read more" box, tags,
  related posts, newsletter, comments, footer, JSON-LD), a Drupal broadcaster
  layout (skip link, language menu, audio player, dateline, related stories,
  metadata in Dublin Core only) and a div-soup newspaper (no ``<article>``,
  cookie banner, "most read" box, newsletter pop-up, tag cloud). The gold is
  known by construction: every paragraph of the text, none of the furniture,
  and the article's title, publisher, author and date.
* **Real saved pages** (``--real DIR``): pages saved from news sites with
  hand-made expectations in trafilatura's evaluation format (``evaldata.json``:
  snippets the body must hold and must not hold, title, author, date, site
  name), e.g. its repository's ``tests/eval/`` and ``tests/cache/`` pages with
  ``tests/evaldata.json``, copied into one folder. They are not committed
  (third-party pages); :data:`REAL_PAGES` lists the English news pages used.
  trafilatura was tuned on that set by its authors, so it favours trafilatura.

Scores, per page then summed: **complete** = share of the gold snippets
(paragraphs) found in the body; **clean** = share of the furniture snippets
absent; **title/publisher/author/date** = the field equals the gold (case,
quotes and spaces folded; an empty gold author wants no author); **ms/page**
= reading time per page, after one warm-up read per reader.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.intake.reader import _read_markdown, read_saved_page  # noqa: E402

READERS = ("cleaner", "trafilatura", "best")
ARTICLES = {  # eval article -> layout
    "irrawaddy-2024-11-18-kia-rare-earth": "wordpress",
    "mizzima-2018-02-17-letpadaung-protest": "wordpress",
    "rfa-2024-02-09-rathedaung-police-station": "drupal",
    "rfa-2024-03-28-arakan-army-ann": "drupal",
    "myanmarnow-2021-06-22-mandalay-pdf": "newspaper",
    "nation-2024-08-04-lashio-northeast-command": "newspaper",
}
REAL_PAGES = [
    "bbc.com.52241221.html",
    "cbsnews.com.carolina.html",
    "dw.com-elephants.html",
    "edition.cnn.com-royal.html",
    "independent.co.uk.penalty.html",
    "japantimes.co.jp.surgical.html",
    "kaieteurnewsonline.com-essequibo.html",
    "latimes.com.bloomberg.html",
    "nytimes.com.blackouts.html",
    "politico.com.retirement.html",
    "reuters.com.parasite.html",
    "scmp.com.playbook.html",
    "theguardian.com.academics.html",
    "world.kbs.co.kr-Temperatures.html",
]

RELATED = [
    "Junta Airstrikes Kill 12 in Sagaing Village",
    "Myanmar Regime Extends Emergency Rule Again",
    "Thai Border Trade Slumps as Fighting Spreads",
]
FURNITURE_COMMON = [*RELATED, "Subscribe to our newsletter", "Leave a Reply", "All rights reserved"]


def _wordpress(a: dict, paragraphs: list[str]) -> tuple[str, list[str]]:
    half = max(1, len(paragraphs) // 2)
    body = "".join(f"<p>{_e(p)}</p>\n" for p in paragraphs[:half])
    body += '<div class="inline-related"><strong>Read more:</strong> <a href="/x">' + RELATED[0] + "</a></div>\n"
    body += "".join(f"<p>{_e(p)}</p>\n" for p in paragraphs[half:])
    author = (
        f'<span class="byline author vcard">By <a href="/author/x">{_e(a["author"])}</a></span>' if a["author"] else ""
    )
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"], "datePublished":
          f"{a['published']}T08:30:00+06:30", "publisher": {"@type": "Organization", "name": a["publisher"]}}  # fmt: skip
    if a["author"]:
        ld["author"] = {"@type": "Person", "name": a["author"]}
    page = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{_e(a["title"])} - {_e(a["publisher"])}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{_e(a["title"])}">
<meta property="og:site_name" content="{_e(a["publisher"])}"><meta property="og:url" content="{_e(a["url"])}">
<meta property="article:published_time" content="{a["published"]}T08:30:00+06:30">
<script type="application/ld+json">{json.dumps(ld)}</script>
<link rel="stylesheet" href="/wp-content/themes/news/style.css"><script src="/wp-includes/js/jquery.js"></script>
</head><body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><div class="site-branding">{_e(a["publisher"])}</div>
<nav class="main-navigation"><ul><li><a>News</a></li><li><a>Burma</a></li><li><a>Politics</a></li><li><a>Business</a></li>
<li><a>Opinion</a></li><li><a>In Person</a></li><li><a>Elections</a></li></ul></nav></header>
<div id="content" class="site-content"><div class="breadcrumbs"><a>Home</a> » <a>News</a> » <a>Burma</a></div>
<article id="post-123" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{_e(a["title"])}</h1>
<div class="entry-meta">{author} <time class="entry-date published" datetime="{a["published"]}T08:30:00+06:30">
{a["published"]}</time></div></header>
<div class="share-buttons"><a>Facebook</a><a>Twitter</a><a>Telegram</a><a>Copy link</a></div>
<figure class="wp-block-image"><img src="/photo.jpg" alt=""><figcaption>Fighters at a checkpoint last year. / Handout</figcaption></figure>
<div class="entry-content">
{body}</div>
<footer class="entry-footer"><span class="tags-links">Topics: <a>Junta</a>, <a>Kachin</a>, <a>Mining</a></span></footer>
</article>
<section class="related-posts"><h3>You may also like these stories:</h3><ul>
{"".join(f"<li><a>{t}</a></li>" for t in RELATED)}</ul></section>
<div class="newsletter-box"><h3>Subscribe to our newsletter</h3><form><input type="email"><button>Sign up</button></form></div>
<div id="comments" class="comments-area"><h3 id="reply-title">Leave a Reply</h3>
<ol class="comment-list"><li class="comment"><p>Thein Aung says: the people will win, stay strong!</p></li></ol>
<form><textarea></textarea></form></div></div>
<footer id="colophon" class="site-footer">© 2024 {_e(a["publisher"])}. All rights reserved. Chiang Mai, Thailand.</footer>
</body></html>"""
    return page, [*FURNITURE_COMMON, "Skip to content", "Topics:", "Fighters at a checkpoint", "Thein Aung says",
                  "In Person", "Copy link"]  # fmt: skip


def _drupal(a: dict, paragraphs: list[str]) -> tuple[str, list[str]]:
    body = "".join(f"<p>{_e(p)}</p>\n" for p in paragraphs)
    byline = f"By {_e(a['author'])}" if a["author"] else ""
    page = f"""<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8">
<title>{_e(a["title"])} — {_e(a["publisher"])}</title>
<meta name="dc.title" content="{_e(a["title"])}"><meta name="dc.date" content="{a["published"]}">
<meta name="dc.publisher" content="{_e(a["publisher"])}"><link rel="canonical" href="{_e(a["url"])}">
</head><body class="html not-front page-node node-type-story">
<div id="skip-link"><a href="#main-content">Skip to main content</a></div>
<div id="page"><div id="header"><div class="region-header"><ul class="language-menu"><li>English</li><li>မြန်မာ</li>
<li>中文</li></ul><div class="site-name">{_e(a["publisher"])}</div></div></div>
<div id="main"><div class="node node-story"><h1 class="title">{_e(a["title"])}</h1>
<div class="dateline">{a["published"].replace("-", ".")}</div><div class="byline">{byline}</div>
<div class="audio-player">Listen to this story 3:41 Download</div>
<div class="field field-name-body"><div class="field-items"><div class="field-item even">
{body}</div></div></div>
<div class="story-copyright">Copyright © {a["published"][:4]} {_e(a["publisher"])}. All rights reserved.</div></div>
<div class="block block-related"><h2>Related Stories</h2><ul>{"".join(f"<li><a>{t}</a></li>" for t in RELATED)}</ul></div>
<div class="block block-newsletter">Subscribe to our newsletter for weekly updates</div>
<div id="comments"><h2>Comments</h2><p>Leave a Reply</p></div></div>
<div id="footer">Contact us · Privacy · Terms of use</div></div></body></html>"""
    return page, [*FURNITURE_COMMON, "Skip to main content", "Listen to this story", "Privacy · Terms", "中文"]


def _newspaper(a: dict, paragraphs: list[str]) -> tuple[str, list[str]]:
    body = "".join(f'<div class="td-paragraph"><p>{_e(p)}</p></div>\n' for p in paragraphs)
    author = f'<meta name="author" content="{_e(a["author"])}">' if a["author"] else ""
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(a["title"])} | {_e(a["publisher"])}</title>
<meta property="og:title" content="{_e(a["title"])}"><meta property="og:site_name" content="{_e(a["publisher"])}">
<meta property="article:published_time" content="{a["published"]}T02:15:00+00:00">{author}
</head><body><div class="cookie-banner">We use cookies to improve your experience. Accept</div>
<div class="td-header-wrap"><div class="td-header-menu"><a>Home</a> <a>News</a> <a>Features</a> <a>Multimedia</a>
<a>Donate</a></div></div>
<div class="td-main-content-wrap"><div class="td-container"><div class="td-pb-row"><div class="td-pb-span8 td-main-content">
<div class="td-post-header"><h1 class="entry-title">{_e(a["title"])}</h1>
<div class="td-post-date">{a["published"]}</div></div>
<div class="td-post-sharing">Share on Facebook Share on Twitter</div>
<div class="td-post-content">
{body}</div>
<div class="td-post-source-tags"><ul><li><a>TAGS</a></li><li><a>Shan State</a></li><li><a>MNDAA</a></li></ul></div>
<div class="td-related-posts"><h4>RELATED ARTICLES</h4>{"".join(f'<div class="td-module"><h3><a>{t}</a></h3></div>' for t in RELATED)}</div>
</div><div class="td-pb-span4 td-main-sidebar"><div class="widget most-read"><h4>Most Read</h4><ol>
<li>Families Flee as Clashes Reach Town Outskirts</li></ol></div></div></div></div></div>
<div class="newsletter-popup">Subscribe to our newsletter and never miss a story</div>
<div class="td-footer-wrap">Leave a Reply · All rights reserved</div></body></html>"""
    return page, [*FURNITURE_COMMON, "We use cookies", "Most Read", "Families Flee", "Donate", "RELATED ARTICLES"]


LAYOUTS = {"wordpress": _wordpress, "drupal": _drupal, "newspaper": _newspaper}


def _e(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def myanmar_pages() -> list[dict]:
    """The Myanmar pages: eval article text in each layout, with the gold known by construction."""
    pages = []
    for slug, layout in ARTICLES.items():
        path = ROOT / "bench" / "extraction_eval" / "articles" / f"{slug}.md"
        raw = path.read_text(encoding="utf-8")
        meta = _read_markdown(raw, path.name)
        author = re.search(r'^author:\s*"?([^"\n]*)"?', raw, re.M)
        gold = {
            "title": meta.title, "publisher": meta.publisher, "published": meta.published, "url": meta.url,
            "author": (author.group(1).strip() if author else ""),
        }  # fmt: skip
        paragraphs = [p.strip() for p in meta.text.split("\n\n") if p.strip()]
        html, furniture = LAYOUTS[layout](gold, paragraphs)
        pages.append({"name": f"{slug} ({layout})", "html": html, "with": paragraphs, "without": furniture, **gold})
    return pages


def real_pages(folder: Path) -> list[dict]:
    """Saved pages with their expectations (trafilatura's evaldata.json format)."""
    truth = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    by_file = {item["file"]: item for item in truth.values() if isinstance(item, dict) and "file" in item}
    pages = []
    for name in REAL_PAGES:
        item, path = by_file.get(name), folder / name
        if item is None or not path.is_file():
            print(f"skipped {name}: not in {folder}", file=sys.stderr)
            continue
        pages.append({
            "name": name, "html": path.read_bytes().decode("utf-8", "replace"), "with": item.get("with", []),
            "without": item.get("without", []), "title": item.get("title"), "author": item.get("author") or "",
            "published": item.get("date"), "publisher": item.get("sitename"),
        })  # fmt: skip
    return pages


def _fold(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    text = text.translate(str.maketrans("‘’“”–—", "''\"\"--"))
    return re.sub(r"\s+", " ", text).strip()


def score(page: dict, reader: str) -> dict:
    started = time.perf_counter()
    article = read_saved_page(page["html"], page["name"], reader=reader)
    seconds = time.perf_counter() - started
    body = _fold(article.text)
    found = [_fold(s) in body for s in page["with"]]
    absent = [_fold(s) not in body for s in page["without"]]
    result = {
        "page": page["name"], "reader": reader, "seconds": seconds,
        "complete": sum(found) / len(found) if found else 1.0, "clean": sum(absent) / len(absent) if absent else 1.0,
        "missing": [s[:60] for s, ok in zip(page["with"], found) if not ok],
        "kept_furniture": [s for s, ok in zip(page["without"], absent) if not ok],
        "title": _fold(article.title) == _fold(page["title"]),
        "author": _fold(article.author) == _fold(page["author"]),
        "published": (article.published or "") == (page["published"] or ""),
        "got": {"title": article.title, "author": article.author, "publisher": article.publisher,
                "published": article.published},
    }  # fmt: skip
    if page.get("publisher"):
        result["publisher"] = _fold(article.publisher) == _fold(page["publisher"])
    return result


def summary(results: list[dict]) -> dict:
    n = len(results)
    with_publisher = [r for r in results if "publisher" in r]
    return {
        "pages": n,
        "complete": sum(r["complete"] for r in results) / n,
        "fully_complete": sum(r["complete"] == 1 for r in results),
        "clean": sum(r["clean"] for r in results) / n,
        "fully_clean": sum(r["clean"] == 1 for r in results),
        "title": sum(r["title"] for r in results),
        "publisher": f"{sum(r['publisher'] for r in with_publisher)}/{len(with_publisher)}",
        "author": sum(r["author"] for r in results),
        "published": sum(r["published"] for r in results),
        "ms_per_page": 1000 * sum(r["seconds"] for r in results) / n,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, help="folder of saved pages with evaldata.json (trafilatura's format)")
    parser.add_argument("--pages", action="store_true", help="print each page's scores and what went wrong")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    sets = {"Myanmar pages (real text, our layouts)": myanmar_pages()}
    if args.real:
        sets[f"real saved news pages ({args.real.name})"] = real_pages(args.real)
    for reader in READERS:  # imports and first-use costs out of the timings
        score(sets["Myanmar pages (real text, our layouts)"][0], reader)
    report = {}
    for label, pages in sets.items():
        report[label] = {}
        for reader in READERS:
            results = [score(page, reader) for page in pages]
            report[label][reader] = {"summary": summary(results), "pages": results}
    if args.json:
        json.dump(report, sys.stdout, indent=1, default=str)
        return 0
    print("| pages | reader | body complete (pages all complete) | clean (pages all clean) | title | publisher "
          "| author | date | ms/page |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for label, readers in report.items():
        for reader, found in readers.items():
            s = found["summary"]
            print(f"| {label} | {reader} | {s['complete']:.2f} ({s['fully_complete']}/{s['pages']}) | {s['clean']:.2f} "
                  f"({s['fully_clean']}/{s['pages']}) | {s['title']}/{s['pages']} | {s['publisher']} | "
                  f"{s['author']}/{s['pages']} | {s['published']}/{s['pages']} | {s['ms_per_page']:.0f} |")  # fmt: skip
    if args.pages:
        for readers in report.values():
            for reader, found in readers.items():
                for r in found["pages"]:
                    wrong = [k for k in ("title", "publisher", "author", "published") if r.get(k) is False]
                    if r["missing"] or r["kept_furniture"] or wrong:
                        print(f"\n{reader} · {r['page']}: missing {r['missing']} furniture {r['kept_furniture']} "
                              f"wrong {wrong} got {r['got']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
