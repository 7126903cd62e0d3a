"""Import events: an ACLED export, a UCDP GED CSV or a CSV/GeoJSON file; refused rows listed with their fix."""

from pathlib import Path

import pandas as pd
import streamlit as st

from geo import ui
from geo.errors import GeoError
from geo.intake.imports import FORMATS, default_origin, detect_format, import_events

PAGE_TITLE = "Import events"
PAGE_ICON = ":material/upload_file:"
PAGE_URL = "import"
PAGE_ROLE = "editor"  # not listed, and refused, for anyone who may not write (geo.access)

evidence, state = ui.current()
access = ui.require_editor("import events")
config = ui.settings()
st.title("Import events")
st.caption(
    "An ACLED CSV export (columns event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1, "
    "assoc_actor_1, actor2, assoc_actor_2, admin1, admin2, admin3, location, latitude, longitude, geo_precision, "
    "source, notes, fatalities; inter1 and inter2 when present), a UCDP GED CSV (id, type_of_violence, side_a, "
    "side_b, where_prec, date_prec, date_start, date_end, best, ...), or a CSV or GeoJSON in this tool's export "
    "format. UTF-8; columns separated by commas, semicolons or tabs; headers in any case; NA, N/A, NULL and nan "
    "read as missing. Each bad row is listed with its fix and the good rows are kept; a file that is not an "
    "import at all stores nothing."
)

source = st.radio("Source", ["Upload a file", "Paste text"], horizontal=True, key="import_source")
data, name = None, "pasted.csv"
if source == "Upload a file":
    upload = st.file_uploader("Event file", type=["csv", "tsv", "txt", "geojson", "json"], key="import_file")
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
            ui.writable_store("import events"),
            data,
            name,
            fmt=fmt,
            origin=origin,
            replace=replace,
            progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message),
            actor_table=Path(config.data_dir) / "dataset_actors.csv",
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
        f"{report.refused_rows:,} refused. Data version {report.data_version}.",
        icon=":material/check_circle:",
    )
    st.code(report.summary(), language=None, wrap_lines=True)
    for notice in report.notices:
        st.code(notice, language=None, wrap_lines=True)
    if report.actor_lines():
        st.subheader("Actors")
        st.code("\n".join(report.actor_lines()), language=None, wrap_lines=True)
        if report.unlinked:
            st.dataframe(
                pd.DataFrame(
                    [
                        {"actor name (not linked)": name, "events": count, "in data/dataset_actors.csv": listed}
                        for name, count, listed in report.unlinked[:50]
                    ]
                ),
                hide_index=True,
                key="import_unlinked",
            )
    if report.problems:
        shown = "" if report.problem_count == len(report.problems) else f" (the first {len(report.problems):,} shown)"
        st.subheader(f"{report.refused_rows:,} refused row(s), {report.problem_count:,} problem(s){shown}")
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
