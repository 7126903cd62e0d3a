"""An article as the reader sees it: mentions highlighted by kind, event passages marked, one passage in focus.

:func:`article_html` turns the body (untrusted text) plus three kinds of
spans into escaped HTML:

* mentions (places, actors, dates), from :func:`geo.intake.extraction.extract_mentions`,
  each in a ``<mark class="geo-m geo-m-<kind>">`` coloured by kind;
* passages that support events, quietly underlined in light grey, with the
  events' titles in the tooltip;
* the passage a deep link asks for (``?doc=<id>&span=<start>-<end>``), with
  a strong yellow background, inside
  ``<span id="geo-passage">`` so the page can scroll it into view. Mentions
  inside it keep only their coloured underline, so the yellow is never
  broken up.

Spans may overlap each other (a mention inside a passage, two passages that
share a sentence): the text is cut at every span boundary and each piece
carries all the spans covering it. Styles are inline (the page's HTML is
sanitised, and a ``<style>`` block cannot be relied on). :func:`parse_span`
reads the ``span`` parameter. No Streamlit here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from geo.escaping import escape_html

__all__ = ["FOCUS_STYLE", "MENTION_STYLES", "PASSAGE_ANCHOR", "PASSAGE_STYLE", "Passage", "article_html", "parse_span"]

PASSAGE_ANCHOR = "geo-passage"

# mention kind -> (label, inline style)
MENTION_STYLES: dict[str, tuple[str, str]] = {
    "place": ("place", "background:#d7ecff;border-bottom:2px solid #2c6fbb"),
    "actor": ("actor", "background:#fde2cf;border-bottom:2px solid #c0592b"),
    "date": ("date", "background:#dff3dc;border-bottom:2px solid #1e8449"),
}
PASSAGE_STYLE = "text-decoration:underline 1px #c4c4c4;text-underline-offset:4px"
FOCUS_STYLE = "background:#ffe46b;box-shadow:0 0 0 2px #ffe46b;border-radius:2px"


@dataclass(frozen=True)
class Passage:
    """A stretch of the body that supports one or more events."""

    start: int
    end: int
    event_ids: tuple[str, ...]
    titles: tuple[str, ...] = ()


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """``'<start>-<end>'`` as offsets within a body of ``length`` characters, or None if unusable."""
    match = re.fullmatch(r"\s*(\d{1,9})-(\d{1,9})\s*", value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if not 0 <= start < end <= length:
        return None
    return start, end


def _attr(value: str) -> str:
    return escape_html(value)


def article_html(
    body: str,
    mentions: Iterable = (),
    passages: Iterable[Passage] = (),
    focus: tuple[int, int] | None = None,
) -> str:
    """The body as escaped HTML with mentions, passages and the focused span marked.

    ``mentions`` are objects (or dicts) with ``start``, ``end``, ``kind`` and
    optionally ``id``/``value``; kinds other than place, actor and date are
    ignored, and overlapping mentions keep the earliest, longest one.
    """
    length = len(body)
    chosen = []
    position = -1
    items = [SimpleNamespace(**m) if isinstance(m, dict) else m for m in mentions]
    for mention in sorted(items, key=lambda m: (m.start, -m.end)):
        if (
            mention.kind not in MENTION_STYLES
            or mention.start < position
            or not 0 <= mention.start < mention.end <= length
        ):
            continue
        chosen.append(mention)
        position = mention.end
    passages = [p for p in passages if 0 <= p.start < p.end <= length]
    cuts = {0, length}
    for span in [*chosen, *passages]:
        cuts.update((span.start, span.end))
    if focus:
        cuts.update(focus)
    points = sorted(cuts)
    out = ['<div class="geo-article" style="white-space:pre-wrap;line-height:1.65;font-size:1.02rem">']
    for left, right in itertools.pairwise(points):
        # Each piece is closed before the next starts, so overlapping spans never break the nesting.
        text = escape_html(body[left:right])
        in_focus = bool(focus and focus[0] <= left and right <= focus[1])
        mention = next((m for m in chosen if m.start <= left and right <= m.end), None)
        if mention is not None:
            label, style = MENTION_STYLES[mention.kind]
            if in_focus:  # only the underline: the passage's yellow stays whole
                style = "background:transparent;" + style.split(";", 1)[1]
            # what a reader can read: the place's or actor's name, or a date's value; never an internal id
            ref = getattr(mention, "name", None) or getattr(mention, "value", None) or ""
            title = f"{label}: {ref}" if ref else label
            text = (
                f'<mark class="geo-m geo-m-{label}" style="{style};color:inherit" title="{_attr(title)}">{text}</mark>'
            )
        covering = [p for p in passages if p.start <= left and right <= p.end]
        if covering:
            ids = sorted({i for p in covering for i in p.event_ids})
            titles = [t for p in covering for t in p.titles]
            tip = "Supports: " + ("; ".join(titles) if titles else ", ".join(ids))
            text = (
                f'<span class="geo-passage" data-events="{_attr(" ".join(ids))}" title="{_attr(tip)}" '
                f'style="{PASSAGE_STYLE}">{text}</span>'
            )
        if in_focus:
            anchor = f' id="{PASSAGE_ANCHOR}"' if left == focus[0] else ""
            text = f'<span{anchor} class="geo-focus" style="{FOCUS_STYLE}">{text}</span>'
        out.append(text)
    out.append("</div>")
    return "".join(out)
