"""Add an article: upload or paste, check the metadata, review the proposed events, store them with provenance."""

import streamlit as st

from geo import ui
from geo.errors import GeoError
from geo.escaping import escape_markdown
from geo.intake.extraction import Extractor
from geo.intake.ingest import build_events, prepare_article, store_articles
from geo.intake.reader import SUPPORTED_SUFFIXES, read_article_bytes, read_pasted_text
from geo.intake.review import pinned_place, places_to_store, review_table
from geo.render.annotation import MENTION_STYLES, article_html
from geo.render.mapping import build_base_map
from geo.schema import CATEGORIES, DATE_PRECISIONS

PAGE_TITLE = "Add article"
PAGE_ICON = ":material/note_add:"
PAGE_URL = "add-article"
PAGE_ROLE = "editor"  # not listed, and refused, for anyone who may not write (geo.access)

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
            article = read_article_bytes(upload.getvalue(), upload.name)
    else:
        pasted = st.text_area("Article text", height=220, key="add_text")
        if pasted.strip():
            article = read_pasted_text(pasted)
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
who = left.text_input(
    "Your name (kept in the provenance)", value=access.account if access.signs_in else "", key="add_who"
)

extractor = Extractor(evidence.places, evidence.actors)
try:
    prepared = prepare_article(
        article, extractor, title=title, publisher=publisher, published=published, url=url,
        who=who or "anonymous", existing_ids=evidence.articles["id"],
    )  # fmt: skip
except GeoError as error:
    st.warning(str(error))
    st.stop()
extraction = prepared.extraction

# ------------------------------------------------------------ the article
st.subheader("Mentions")
legend = " ".join(
    f'<mark style="{style}">{label}</mark>' for label, style in (MENTION_STYLES[k] for k in ("place", "actor", "date"))
)
st.html(f'<div style="font-size:.85rem;margin-bottom:.4rem">{legend}</div>')
st.html(article_html(prepared.text, extraction.mentions))
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
            clicked = st.session_state.get(f"add_click_{index}") or {}
            mapped, typed = st.columns([2, 1])
            with mapped:
                from streamlit_folium import st_folium

                pin_map = build_base_map("light", asset_base=config.static_url)
                result = st_folium(
                    pin_map,
                    key=f"add_map_{index}",
                    height=300,
                    returned_objects=["last_clicked"],
                    use_container_width=True,
                )
                if result and result.get("last_clicked"):
                    clicked = result["last_clicked"]
                    st.session_state[f"add_click_{index}"] = clicked
            latitude = typed.number_input(
                "Latitude", -90.0, 90.0, value=float(clicked.get("lat", 0.0)), format="%.5f", key=f"add_lat_{index}"
            )
            longitude = typed.number_input(
                "Longitude", -180.0, 180.0, value=float(clicked.get("lng", 0.0)), format="%.5f", key=f"add_lon_{index}"
            )
            precision = typed.number_input(
                "Precision (m)", 10, 1_000_000, value=5000, step=500, key=f"add_precision_{index}"
            )
            use = typed.checkbox("Use this point", key=f"add_use_{index}")
            if use and (latitude, longitude) != (0.0, 0.0):
                pinned.append(pinned_place(name, latitude, longitude, precision, who))

# ---------------------------------------------------------------- review
st.subheader("Proposed events")
if not extraction.events:
    st.info("No sentence ties a known place to a date or an actor. You can still store the article alone.")
place_options = sorted(evidence.places["id"]) + [p["id"] for p in pinned]
table = review_table(extraction.events, pinned)
edited = st.data_editor(
    table,
    key="add_review",
    hide_index=True,
    num_rows="fixed",
    disabled=["confidence", "place_text", "quote", "start", "end"],
    column_config={
        "accept": st.column_config.CheckboxColumn("Accept"),
        "confidence": st.column_config.ProgressColumn("Confidence", min_value=0, max_value=1, format="%.2f"),
        "place_id": st.column_config.SelectboxColumn("Place", options=place_options),
        "date_precision": st.column_config.SelectboxColumn("Precision", options=list(DATE_PRECISIONS)),
        "category": st.column_config.SelectboxColumn("Layer", options=list(CATEGORIES)),
        "actor_roles": st.column_config.TextColumn("Actors (id:role|...)"),
        "quote": st.column_config.TextColumn("Passage", width="large"),
    },
)
accepted = edited[edited["accept"]].to_dict("records")
st.caption(f"{len(accepted)} of {len(edited)} proposed event(s) accepted.")

if st.button("Store the article and the accepted events", type="primary", key="add_store"):
    store = ui.writable_store("add articles")
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
            f"Stored article {prepared.id}: {len(changes['added'])} event(s) added, {len(changes['modified'])} "
            f"modified, {len(events) - len(changes['added']) - len(changes['modified'])} already stored. "
            f"Data version {store.data_version()}; they are on the map now.",
            icon=":material/check_circle:",
        )
