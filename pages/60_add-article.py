"""Add an article: upload or paste, check the metadata, review the proposed events, store them with provenance.

Reading and extraction are remembered for the session (keyed on the file's bytes, and on the text, the
publication date and the data version), so filling in the metadata or editing the review table never
reads or extracts again; the name indexes are built once per data version.
"""

import hashlib

import folium
import streamlit as st

from geo import ui
from geo.errors import GeoError
from geo.escaping import escape_markdown
from geo.intake.extraction import Extractor
from geo.intake.ingest import build_events, prepare_article, store_articles
from geo.intake.reader import SUPPORTED_SUFFIXES, read_article_bytes, read_pasted_text
from geo.intake.review import ReviewWords, accept_all, new_place_kinds, pinned_place, places_to_store, review_table
from geo.render.annotation import MENTION_STYLES, article_html
from geo.render.assets import localize_map
from geo.render.mapping import build_base_map
from geo.render.wording import actor_labels
from geo.schema import CATEGORIES, DATE_PRECISIONS
from geo.ui.loaders import cached_outlines

PAGE_TITLE = "Add article"
PAGE_ICON = ":material/note_add:"
PAGE_URL = "add-article"
PAGE_ROLE = "editor"  # not listed, and refused, for anyone who may not write (geo.access)


@st.cache_resource(max_entries=2, show_spinner="Building the name indexes (once per data version)…")
def _extractor(store: str, version: int, _places, _actors) -> Extractor:
    """The name indexes over the store's places and actors and data/organisations.csv, as the command line builds them."""
    from pathlib import Path

    from geo.intake.organisations import load_organisations

    organisations = load_organisations(Path(ui.settings().data_dir) / "organisations.csv")
    return Extractor(_places, _actors, organisations=organisations)


def _remembered(slot: str, key: tuple, compute):
    """The value of ``compute()`` for ``key``, computed once while ``key`` stays the same (one per slot)."""
    memo = st.session_state.setdefault("_add_memo", {})
    if slot not in memo or memo[slot][0] != key:
        memo[slot] = (key, compute())
    return memo[slot][1]


class _RememberedExtractor:
    """The extractor, with the last extraction remembered: a metadata change does not extract again."""

    def __init__(self, extractor: Extractor, version: int) -> None:
        self.extractor, self.version = extractor, version

    def extract(self, text: str, published=None):
        key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), str(published), self.version)
        with st.spinner("Finding places, actors and dates…"):
            return _remembered("extraction", key, lambda: self.extractor.extract(text, published))


def _read(data: bytes, name: str):
    key = (hashlib.sha256(data).hexdigest(), name)
    return _remembered("article", key, lambda: read_article_bytes(data, name))


evidence, state = ui.current()
access = ui.require_editor("add articles")
config = ui.settings()
st.title("Add an article")
st.caption(
    "Plain text, Markdown (with YAML front matter) or a saved web page. Site furniture is removed, UTF-8 is "
    "required; Burmese in the legacy Zawgyi encoding is converted to Unicode and shown for review. Nothing is stored "
    "until you press the button at the bottom."
)

# ------------------------------------------------------------------ input
source = st.radio("Source", ["Upload a file", "Paste text"], horizontal=True, key="add_source")
article = None
try:
    if source == "Upload a file":
        upload = st.file_uploader("Article file", type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key="add_file")
        if upload is not None:
            with st.spinner("Reading the file…"):
                article = _read(upload.getvalue(), upload.name)
    else:
        pasted = st.text_area("Article text", height=220, key="add_text")
        if pasted.strip():
            article = _remembered("pasted", (pasted,), lambda: read_pasted_text(pasted))
except GeoError as error:
    st.error(str(error), icon=":material/error:")

if article is None:
    st.stop()
if article.converted_from:
    st.warning(
        f"The Burmese text was converted from {article.converted_from} to Unicode (ICU's Zawgyi-my transform). "
        "Check the converted text below before storing anything.",
        icon=":material/translate:",
    )
    with st.expander("The converted text (what will be stored)", expanded=True):
        st.text(article.text)  # plain text: the article's words never reach the page as Markdown

# --------------------------------------------------------------- metadata
st.subheader("Metadata")
if article.missing_metadata():
    st.info("The file does not say: " + ", ".join(article.missing_metadata()) + ". Please fill them in.")
left, right = st.columns(2)
title = left.text_input("Title", value=article.title or "", key="add_title")
publisher = right.text_input("Publisher", value=article.publisher or "", key="add_publisher")
published = left.text_input(
    "Published (YYYY-MM-DD, or YYYY-MM)", value=article.published or "", key="add_published",
    help="Relative dates in the text ('July 20', 'In April') are resolved against it.",
)  # fmt: skip
url = right.text_input("URL", value=article.url or "", key="add_url")
author = right.text_input(
    "Author", value=article.author or "", key="add_author", help="Optional; kept with the article."
)
who = left.text_input(
    "Your name (kept in the provenance)", value=access.account if access.signs_in else "", key="add_who"
)

extractor = _RememberedExtractor(
    _extractor(
        hashlib.sha256(config.store_location.encode()).hexdigest(), evidence.version, evidence.places, evidence.actors
    ),
    evidence.version,
)
try:
    prepared = prepare_article(
        article, extractor, title=title, publisher=publisher, published=published, url=url,
        who=who or "anonymous", existing_ids=evidence.articles["id"], author=author,
    )  # fmt: skip
except GeoError as error:
    st.warning(str(error))
    st.stop()
extraction = prepared.extraction

# ------------------------------------------------------------ the article
# names, never ids, for the places and actors (hand-pinned places join them below)
text_key = (hashlib.sha256(prepared.text.encode("utf-8")).hexdigest(), evidence.version)
# counting every actor's names in a long article takes a second or two: once per text
labels = _remembered("labels", text_key, lambda: actor_labels(evidence.actors, [prepared.text]))
words = ReviewWords.build(evidence.places, evidence.actors, (), labels)
st.subheader("Mentions")
legend = " ".join(
    f'<mark style="{style}">{label}</mark>' for label, style in (MENTION_STYLES[k] for k in ("place", "actor", "date"))
)
st.html(f'<div style="font-size:.85rem;margin-bottom:.4rem">{legend}</div>')
st.html(article_html(prepared.text, words.mentions_in_words(extraction.mentions)))
new_places = sorted({m.text for m in extraction.of_kind("place") if m.status == "new"})
ambiguous = sorted({m.text for m in extraction.of_kind("place") if m.status == "ambiguous"})
if ambiguous:
    st.warning("Ambiguous place names (choose the place in the table): " + ", ".join(map(escape_markdown, ambiguous)))

# ------------------------------------------------------- places by hand
pinned: list[dict] = []
if new_places:
    st.subheader("Places the gazetteer lacks")
    st.caption("Give a point for each place you want to use: click the map, or type the coordinates.")
    for index, name in enumerate(new_places):
        with st.expander(escape_markdown(name), expanded=index == 0):  # the article's own words: untrusted
            lat_key, lon_key = f"add_lat_{index}", f"add_lon_{index}"
            st.session_state.setdefault(lat_key, 0.0)
            st.session_state.setdefault(lon_key, 0.0)
            point = (st.session_state[lat_key], st.session_state[lon_key])
            mapped, typed = st.columns([2, 1])
            with mapped:
                from streamlit_folium import st_folium

                # the app's own Leaflet and outlines, the reader's base map (base=none fetches nothing)
                pin_map = build_base_map(
                    state.base, cached_outlines(str(config.static_dir)), config.static_url, legend=False,
                    title=f"Map to pin {name}",
                )  # fmt: skip
                if point != (0.0, 0.0):  # the point given so far, and the map around it
                    folium.CircleMarker(point, radius=7, color="#ffffff", weight=2, fill=True, fill_color="#c0392b",
                                        fill_opacity=1).add_to(pin_map)  # fmt: skip
                    around = 3.0 if state.base == "none" else 0.4  # without tiles, the borders give the context
                    pin_map.fit_bounds([[point[0] - around, point[1] - around], [point[0] + around, point[1] + around]])
                if config.assets == "local":
                    localize_map(pin_map, config.static_url)
                result = st_folium(
                    pin_map,
                    key=f"add_map_{index}",
                    height=300,
                    returned_objects=["last_clicked"],
                    use_container_width=True,
                )
                clicked = (result or {}).get("last_clicked")
                if clicked and clicked != st.session_state.get(f"add_click_{index}"):  # a new click: it fills the point
                    st.session_state[f"add_click_{index}"] = clicked
                    st.session_state[lat_key], st.session_state[lon_key] = clicked["lat"], clicked["lng"]
                    st.rerun()
            latitude = typed.number_input("Latitude", -90.0, 90.0, format="%.5f", key=lat_key)
            longitude = typed.number_input("Longitude", -180.0, 180.0, format="%.5f", key=lon_key)
            precision = typed.number_input(
                "Precision (m)", 10, 1_000_000, value=5000, step=500, key=f"add_precision_{index}"
            )
            use = typed.checkbox("Use this point", key=f"add_use_{index}")
            if use and (latitude, longitude) != (0.0, 0.0):
                pinned.append(
                    pinned_place(
                        name, latitude, longitude, precision, who, new_place_kinds(extraction.mentions).get(name)
                    )
                )

# ---------------------------------------------------------------- review
st.subheader("Proposed events")
if not extraction.events:
    st.info("No sentence ties a known place to a date or an actor. You can still store the article alone.")
words = ReviewWords.build(evidence.places, evidence.actors, pinned, labels)
table = words.to_words(review_table(extraction.events, pinned))
generation = st.session_state.get("add_review_generation", 0)
if st.session_state.get("add_all_accepted") == generation:
    table = accept_all(table)
st.caption(
    "Each row is a sentence that ties a place to a date or an actor. Correct any cell; untick what is wrong. "
    "Actors are written 'Name: role', separated by ';'."
)
if st.button(
    "Accept all good proposals", key="add_accept_all", icon=":material/done_all:",
    help="Ticks every proposal that has a place (pin the missing places above first).",
):  # fmt: skip
    st.session_state["add_review_generation"] = generation + 1  # a new editor: its edits start from the table
    st.session_state["add_all_accepted"] = generation + 1
    st.rerun()
edited = st.data_editor(
    table,
    key=f"add_review_{generation}",
    hide_index=True,
    num_rows="fixed",
    width="stretch",
    column_order=[
        "accept",
        "quote",
        "place",
        "layer",
        "actors",
        "date_start",
        "date_end",
        "date_precision",
        "confidence",
        "place_text",
        "title",
    ],
    disabled=["confidence", "place_text", "quote"],
    column_config={
        "accept": st.column_config.CheckboxColumn("Accept"),
        "confidence": st.column_config.ProgressColumn("Confidence", min_value=0, max_value=1, format="%.2f"),
        "place_text": st.column_config.TextColumn("As written"),
        "place": st.column_config.SelectboxColumn("Place", options=words.place_options, width="medium"),
        "date_start": st.column_config.TextColumn("From", help="YYYY-MM-DD"),
        "date_end": st.column_config.TextColumn("To", help="YYYY-MM-DD"),
        "date_precision": st.column_config.SelectboxColumn("Date precision", options=list(DATE_PRECISIONS)),
        "layer": st.column_config.SelectboxColumn(
            "Layer", options=list(CATEGORIES.values()), help="Proposed from the sentence's words"
        ),
        "actors": st.column_config.TextColumn("Actors: role", width="medium"),
        "title": st.column_config.TextColumn("Title", width="medium"),
        "quote": st.column_config.TextColumn("Passage", width="medium"),
    },
)
accepted, problems = words.accepted(edited)
st.caption(f"{len(accepted)} of {len(edited)} proposed events accepted.")
for problem in problems:
    st.warning(escape_markdown(problem), icon=":material/edit_note:")  # quotes the reader's and the article's words

if st.button("Store the article and the accepted events", type="primary", key="add_store", disabled=bool(problems)):
    store = ui.writable_store("add articles")
    place_options = [*evidence.places["id"], *(p["id"] for p in pinned)]
    try:
        events = build_events(prepared, accepted, known_places=place_options, known_actors=evidence.actors["id"])
        changes = store_articles(
            store, [(prepared, events)], who=who or "anonymous", method="extraction, reviewed on the Add article page",
            places=places_to_store(pinned, events),
        )  # fmt: skip
    except GeoError as error:
        st.error(str(error), icon=":material/error:")
    else:
        st.success(
            f"Stored the article “{escape_markdown(prepared.row['title'])}”: {len(changes['added'])} event(s) added, "
            f"{len(changes['modified'])} modified, "
            f"{len(events) - len(changes['added']) - len(changes['modified'])} already stored. "
            f"Data version {store.data_version()}; they are on the map now.",
            icon=":material/check_circle:",
        )
