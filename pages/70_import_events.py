"""Import events: an ACLED export or a CSV/GeoJSON file; refused rows listed with their fix; a failed import stores nothing."""

import pandas as pd
import streamlit as st

from geo import ui
from geo.errors import GeoError
from geo.evidence import open_store
from geo.intake.imports import FORMATS, default_origin, detect_format, import_events

PAGE_TITLE = "Import events"
PAGE_ICON = ":material/upload_file:"
PAGE_URL = "import"

evidence, state = ui.current()
config = ui.settings()
st.title("Import events")
st.caption(
    "An ACLED CSV export (columns event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1, "
    "assoc_actor_1, actor2, assoc_actor_2, admin1, admin2, admin3, location, latitude, longitude, geo_precision, "
    "source, notes, fatalities), or a CSV or GeoJSON in this tool's export format. UTF-8 only. Each bad row is "
    "listed with its fix and the good rows are kept; a file that is not an import at all stores nothing."
)

source = st.radio("Source", ["Upload a file", "Paste text"], horizontal=True, key="import_source")
data, name = None, "pasted.csv"
if source == "Upload a file":
    upload = st.file_uploader("Event file", type=["csv", "geojson", "json"], key="import_file")
    if upload is not None:
        data, name = upload.getvalue(), upload.name
else:
    pasted = st.text_area("CSV or GeoJSON text", height=200, key="import_text")
    if pasted.strip():
        data = pasted.encode("utf-8")
        name = "pasted.geojson" if pasted.lstrip().startswith("{") else "pasted.csv"
if data is None:
    st.stop()

formats = list(FORMATS)
fmt = st.radio(
    "Format",
    formats,
    index=formats.index(detect_format(data, name)),
    format_func=lambda key: f"{key}: {FORMATS[key]}",
    key="import_format",
)
origin = st.text_input(
    "Origin (filter the map with it: origin=...)", value=default_origin(fmt, name), key="import_origin"
).strip()
replace = st.checkbox(
    "Replace: also remove the events of this origin that the file no longer holds", key="import_replace"
)

if st.button("Import", type="primary", key="import_run"):
    bar = st.progress(0.0, text="Reading the file")
    try:
        report = import_events(
            open_store(config),
            data,
            name,
            fmt=fmt,
            origin=origin,
            replace=replace,
            progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message),
        )
    except GeoError as error:
        bar.empty()
        st.error("The import failed; the store is unchanged.", icon=":material/error:")
        st.code(str(error), language=None, wrap_lines=True)  # the file's own text: shown as text, never markdown
        st.stop()
    bar.progress(1.0, text="Done")
    st.success(
        f"Imported {report.rows_imported:,} of {report.rows_read:,} rows ({report.added:,} added, "
        f"{report.modified:,} modified, {report.unchanged:,} unchanged, {report.removed:,} removed); "
        f"{len(report.problems):,} refused. Data version {report.data_version}.",
        icon=":material/check_circle:",
    )
    st.code(report.summary(), language=None, wrap_lines=True)
    for notice in report.notices:
        st.code(notice, language=None, wrap_lines=True)
    if report.problems:
        st.subheader(f"{len(report.problems):,} refused row(s)")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "row": f"row {p.row}" if p.row else p.file.rpartition(", ")[2],
                        "field": p.column,
                        "problem": p.problem,
                        "fix": p.fix,
                    }
                    for p in report.problems
                ]
            ),
            hide_index=True,
            key="import_problems",
        )
    st.caption(f"The imported events are on the map and in the exports; select them with the filter origin={origin}.")
