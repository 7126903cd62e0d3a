"""The Article page's screens: the article picker (``doc`` in the URL) and the annotated text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.escaping import escape_markdown
from geo.evidence import Evidence
from geo.query import ViewState
from geo.ui.loaders import cached_outlines, cached_store, settings
from geo.ui.map_screen import static_map
from geo.ui.navigation import article_page
from geo.ui.state import current_state, page_param, url_picker

__all__ = ["render_article", "render_article_picker"]


def render_article_picker(evidence: Evidence) -> str | None:
    """A select box of articles (``doc`` in the URL); a deep link's unknown id gets a notice."""
    titles = dict(zip(evidence.articles["id"], evidence.articles["title"]))
    if not titles:
        st.info("No articles in the evidence base.")
        return None
    return url_picker("Article", titles, "doc", next(iter(titles)), drop=("span",))


def _mentions(body: str, evidence: Evidence, published) -> list:
    from geo.intake.extraction import extract_mentions

    return list(extract_mentions(body, evidence.places, evidence.actors, published).mentions)


@st.cache_data(max_entries=32, show_spinner=False)
def _article_mentions(article_id: str, version: int, _evidence: Evidence, body: str, published) -> list[dict]:
    names = {**dict(zip(_evidence.places["id"], _evidence.places["name"])), **_evidence.actor_names}
    return [
        {
            "start": m.start,
            "end": m.end,
            "kind": m.kind,
            "id": getattr(m, "id", None),
            "value": getattr(m, "value", None),
            "name": names.get(getattr(m, "id", None) or ""),
        }
        for m in _mentions(body, _evidence, published)
    ]


def _source_line(article: dict) -> str:
    """Publisher and date of the article, escaped for Markdown (they come from strangers' files)."""
    parts = [article.get("publisher"), article.get("published")]
    return " · ".join(escape_markdown(p) for p in parts if isinstance(p, str) and p.strip())


def _web_address(article: dict) -> str | None:
    url = article.get("url")
    return url if isinstance(url, str) and url.lower().startswith(("https://", "http://")) else None


def render_article(evidence: Evidence, article_id: str, state: ViewState | None = None) -> None:
    """The full text with the linked passage standing out, the other event passages marked quietly, its places."""
    from geo.render.annotation import (
        FOCUS_STYLE,
        MENTION_STYLES,
        PASSAGE_ANCHOR,
        PASSAGE_STYLE,
        Passage,
        article_html,
        parse_span,
    )
    from geo.render.mapping import build_places_map

    state = state or current_state()
    store = cached_store(str(settings().store_path), str(settings().data_dir))
    article = store.article(article_id)
    if article is None:
        st.warning(f"The article '{escape_markdown(article_id)}' is not in the store.")
        return
    body = article["body"] or ""
    st.title(escape_markdown(article["title"]), anchor=False)
    source, address = _source_line(article), _web_address(article)
    if source:
        st.caption(source)
    if address:
        st.link_button("Read it where it was published", address, icon=":material/open_in_new:", type="tertiary")
    span_param = page_param("span")
    focus = parse_span(span_param, len(body)) if span_param else None
    if span_param and focus is None:
        st.warning(
            f"The link's span={escape_markdown(span_param)} is not a passage of this article (it has {len(body)} "
            "characters). Fix: use span=<start>-<end> with 0 <= start < end <= the article's length."
        )
    events = evidence.events[evidence.events["article_id"] == article_id]
    grouped: dict[tuple[int, int], list] = {}
    for row in events.itertuples():
        if pd.isna(row.source_start) or pd.isna(row.source_end):
            continue
        grouped.setdefault((int(row.source_start), int(row.source_end)), []).append(row)
    passages = [
        Passage(start, end, tuple(r.id for r in rows), tuple(r.title for r in rows))
        for (start, end), rows in sorted(grouped.items())
    ]
    highlight = st.toggle(
        "Highlight the places, actors and dates it names",
        value=False,
        key="geo_article_mentions",
        help="Found by the extractor in the text: a reading aid, not the curated evidence.",
    )
    mentions = _article_mentions(article_id, evidence.version, evidence, body, article.get("published"))
    legend = []
    if focus:
        legend.append(f'<span style="{FOCUS_STYLE}">the passage you came for</span>')
    legend.append(f'<span style="{PASSAGE_STYLE}">a passage an event on the map comes from</span>')
    if highlight:
        legend += [
            f'<mark style="{style};color:inherit;padding:0 4px">{label}</mark>'
            for label, style in MENTION_STYLES.values()
        ]
    text_col, side_col = st.columns([3, 2], gap="large")
    with text_col:
        st.html(
            f'<div class="geo-article-legend" style="font-size:.85rem;margin-bottom:.6rem">{" &nbsp; ".join(legend)}</div>'
        )
        st.html(article_html(body, mentions if highlight else (), passages, focus))
        if focus:
            # Our own script, no article text in it: bring the linked passage into view once it is drawn.
            st.html(
                "<script>(function(){var n=0;var t=setInterval(function(){"
                f"var el=document.getElementById('{PASSAGE_ANCHOR}');"
                "if(el){el.scrollIntoView({block:'center'});clearInterval(t);}"
                "if(++n>40){clearInterval(t);}},100);})();</script>",
                unsafe_allow_javascript=True,
            )
    with side_col:
        place_ids = {m["id"] for m in mentions if m["kind"] == "place" and m.get("id")}
        place_ids |= set(events["place_id"].dropna())
        places = evidence.places[evidence.places["id"].isin(place_ids)]
        st.markdown(f"**Places this article mentions ({len(places)})**")
        if len(places):
            config = settings()
            static_map(
                build_places_map(places, cached_outlines(str(config.static_dir)), config.static_url, base=state.base),
                360,
            )
        st.markdown(f"**Events drawn from it ({len(events)})**")
        for row in events.itertuples():
            params = {"doc": article_id}
            if not pd.isna(row.source_start):
                params["span"] = f"{int(row.source_start)}-{int(row.source_end)}"
            st.page_link(article_page(), label=escape_markdown(row.title), query_params=params)
