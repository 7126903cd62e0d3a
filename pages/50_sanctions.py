"""Sanctions: one row per actor, its role in the evidence and its status in each jurisdiction, with filters."""

from dataclasses import replace

import streamlit as st

from geo import ui
from geo.escaping import escape_markdown
from geo.links import actor_link, article_link, events_link
from geo.query import ViewState, format_query
from geo.sanctions import (
    STATUS_FILTERS,
    actor_table,
    actor_table_csv,
    filter_actor_table,
    gaps_csv,
    gaps_table,
    sanctions_as_of,
    status_table,
)
from geo.schema import JURISDICTIONS, ROLES

PAGE_TITLE = "Sanctions"
PAGE_ICON = ":material/gavel:"
PAGE_URL = "sanctions"

KEYS = {
    "roles": "sanctions_page_roles",
    "jurisdiction": "sanctions_page_jurisdiction",
    "status": "sanctions_page_status",
}


def ask_eu_suppliers() -> None:
    st.session_state[KEYS["roles"]] = ["supplier"]
    st.session_state[KEYS["jurisdiction"]] = "eu"
    st.session_state[KEYS["status"]] = "not-listed"


def clear_filters() -> None:
    st.session_state[KEYS["roles"]] = []
    st.session_state[KEYS["jurisdiction"]] = "any"
    st.session_state[KEYS["status"]] = "all"


GAPS_SHOWN = ("actor", "status", "status_detail", "role", "event_title", "event_date", "place", "quote", "passage")
GAPS_SHOWN += ("article_title", "sanctions_sources")
ROWS_SHOWN = ("actor", "jurisdiction_name", "status", "measure", "listed_as", "listed_on", "programme", "act")
ROWS_SHOWN += ("source", "sources", "inferred", "note", "as_of", "origin")
PLURALS = {
    "state": "states",
    "military": "military bodies",
    "armed-resistance": "resistance groups",
    "company": "companies",
    "ngo": "NGOs and unions",
    "igo": "intergovernmental bodies",
    "person": "people",
    "group": "groups",
}


def in_words(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


evidence, state = ui.current()
st.title("Sanctions", anchor=False)
ui.render_notices()
as_of = sanctions_as_of(evidence)
if not as_of:
    st.info("There is no sanctions data: add data/sanctions.csv or run `python -m geo sanctions import FILE`.")
    st.stop()

filtered = st.toggle("Only events under the sidebar filters", value=False, key="sanctions_page_filtered")
events = ui.selected_events(evidence, state) if filtered else evidence.events
selection = replace(evidence, events=events)
table = actor_table(selection)
kinds = table.groupby("kind")["assessed"].agg(["any", "all"])
covered = [PLURALS.get(k, k) for k in kinds.index[kinds["any"]]]
never = [PLURALS.get(k, k) for k in kinds.index[~kinds["any"]]]
partly = [PLURALS.get(k, k) for k in kinds.index[kinds["any"] & ~kinds["all"]]]
st.markdown(
    f"**Who the sanctions research covers.** {int(table['assessed'].sum())} of the {len(table)} actors in the "
    f"evidence were checked against the lists of {in_words(list(JURISDICTIONS.values()))}: "
    f"the {in_words(covered) or 'none'} it names"
    + (f" (not all the {in_words(partly)} it names)" if partly else "")
    + ". "
    + (
        f"Actors of these kinds are never assessed: {in_words(never)}. They read “not checked” and never count "
        "as not sanctioned. "
        if never
        else ""
    )
    + "**Sanctioned** means an asset freeze (“listed”); an investment, financial-services or travel ban reads "
    f"“restricted”. Sanctions data as of {as_of}."
)

ask, clear, _ = st.columns([2, 1, 3])
ask.button(
    "Suppliers the EU has not sanctioned", on_click=ask_eu_suppliers, icon=":material/help:", key="sanctions_ask_eu"
)
clear.button("Show every actor", on_click=clear_filters, type="tertiary", key="sanctions_clear")
present = {role for roles in table["roles"] for role in roles}
role_col, where_col, status_col = st.columns(3)
roles = role_col.multiselect(
    "Role in the evidence",
    [r for r in ROLES if r in present] + sorted(present - set(ROLES)),
    key=KEYS["roles"],
    placeholder="any role",
    help="; ".join(f"{r}: {ROLES[r].rstrip('.').lower()}" for r in ROLES if r in present),
)
jurisdiction = where_col.selectbox(
    "Jurisdiction",
    ["any", *JURISDICTIONS],
    format_func=lambda j: "all jurisdictions" if j == "any" else JURISDICTIONS[j],
    key=KEYS["jurisdiction"],
)
status = status_col.selectbox(
    "Status there" if jurisdiction != "any" else "Status",
    list(STATUS_FILTERS),
    format_func=lambda s: {
        "listed": "sanctioned (asset freeze)" if jurisdiction != "any" else "sanctioned somewhere",
        "not-listed": "checked, not sanctioned" if jurisdiction != "any" else "checked, sanctioned nowhere",
        "not-checked": "not checked" if jurisdiction != "any" else "never checked",
    }.get(s, STATUS_FILTERS[s]),
    key=KEYS["status"],
)
shown = filter_actor_table(table, roles, jurisdiction, status)
who = "any jurisdiction" if jurisdiction == "any" else f"the {JURISDICTIONS[jurisdiction]}"
st.caption(f"{len(shown)} of {len(table)} actors.")
config = ui.settings()
codes = (
    list(JURISDICTIONS) if jurisdiction == "any" else [jurisdiction, *(c for c in JURISDICTIONS if c != jurisdiction)]
)
rows = shown.assign(
    roles=shown["roles"].map(lambda r: ", ".join(r)),
    kind=shown["kind"].map(lambda k: ui.ACTOR_KIND_WORDS.get(k, k)),
    events_link=[events_link(format_query(ViewState(actors=(a,))), config.app_url) for a in shown["actor_id"]],
    profile=[actor_link(a, config.app_url) for a in shown["actor_id"]],
)
st.dataframe(
    rows,
    hide_index=True,
    width="stretch",
    column_order=["actor", "roles", *codes, "events", "events_link", "kind", "profile", "sources"],
    column_config={
        "actor": st.column_config.TextColumn("Actor", width="medium", pinned=True),
        "roles": st.column_config.TextColumn("Role in the evidence", width="medium"),
        **{code: st.column_config.TextColumn(JURISDICTIONS[code]) for code in JURISDICTIONS},
        "events": st.column_config.NumberColumn("Events", help="Events and sites the actor is tied to"),
        "events_link": st.column_config.LinkColumn("Its events", display_text="Show events", width="small"),
        "kind": st.column_config.TextColumn("Kind of actor"),
        "profile": st.column_config.LinkColumn("Profile", display_text="Open profile", width="small"),
        "sources": st.column_config.ListColumn("Sources of the statuses", width="medium"),
    },
    key="sanctions_page_actors",
)
if status == "not-listed" and jurisdiction != "any":
    unchecked = filter_actor_table(table, roles, jurisdiction, "not-checked")
    unchecked = unchecked[unchecked["assessed"]]
    if len(unchecked):
        st.caption(
            f"Not shown: {len(unchecked)} more with these roles that the research checked elsewhere but not "
            f"with {who}: " + escape_markdown("; ".join(unchecked["actor"])) + "."
        )
st.download_button(
    "Download this actor as CSV" if len(shown) == 1 else f"Download these {len(shown)} actors as CSV",
    data=actor_table_csv(shown),
    file_name=f"sanctions-actors-{'-'.join(roles) or 'all'}-{jurisdiction}-{status}.csv",
    mime="text/csv",
    icon=":material/download:",
    key="sanctions_page_download",
)

with st.expander(f"Each event of the actors {who} has not sanctioned, with its passage"):
    gaps = gaps_table(selection, jurisdiction)
    spans = evidence.events.set_index("id")[["source_start", "source_end"]]
    gaps = gaps.assign(
        status=gaps["status"].map({"none-found": "not listed"}).fillna(gaps["status"]),
        sanctions_sources=gaps["sanctions_sources"].str.split("|"),
        passage=[
            article_link(a, spans.at[e, "source_start"], spans.at[e, "source_end"], config.app_url) if a else None
            for a, e in zip(gaps["article_id"], gaps["event_id"])
        ],
    )
    st.dataframe(
        gaps,
        hide_index=True,
        width="stretch",
        column_order=GAPS_SHOWN,
        column_config={
            "actor": st.column_config.TextColumn("Actor", pinned=True),
            "status": st.column_config.TextColumn(f"Status with {who}"),
            "status_detail": st.column_config.TextColumn("Measure or list checked", width="medium"),
            "role": st.column_config.TextColumn("Role"),
            "event_title": st.column_config.TextColumn("Event", width="medium"),
            "event_date": st.column_config.TextColumn("Date"),
            "place": st.column_config.TextColumn("Place"),
            "quote": st.column_config.TextColumn("Passage", width="large"),
            "passage": st.column_config.LinkColumn("Article", display_text="Read passage", width="small"),
            "article_title": st.column_config.TextColumn("Source article"),
            "sanctions_sources": st.column_config.ListColumn("Sources of the status", width="medium"),
        },
        key="sanctions_page_gaps",
    )
    st.download_button(
        "Download these events as CSV",
        data=gaps_csv(gaps_table(selection, jurisdiction)),
        file_name=f"sanctions-gaps-{jurisdiction}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="sanctions_page_gaps_download",
    )

with st.expander("Every designation and documented gap, with its sources"):
    rows = status_table(evidence)
    rows = rows.assign(
        status=rows["status"].map({"none-found": "not listed"}).fillna(rows["status"]),
        source=rows["sources"].map(lambda urls: urls[0] if urls else None),
    )
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_order=ROWS_SHOWN,
        column_config={
            "actor": st.column_config.TextColumn("Actor", pinned=True),
            "jurisdiction_name": st.column_config.TextColumn("Jurisdiction"),
            "status": st.column_config.TextColumn("Status"),
            "measure": st.column_config.TextColumn("Measure"),
            "listed_as": st.column_config.TextColumn("Listed (or looked up) as"),
            "listed_on": st.column_config.TextColumn("Since"),
            "programme": st.column_config.TextColumn("Programme or list"),
            "act": st.column_config.TextColumn("Legal act"),
            "source": st.column_config.LinkColumn("Source"),
            "sources": st.column_config.ListColumn("All sources"),
            "inferred": st.column_config.CheckboxColumn(
                "Inferred", help="A value or its reading was inferred; see note"
            ),
            "note": st.column_config.TextColumn("Note", width="large"),
            "as_of": st.column_config.TextColumn("Checked on"),
            "origin": st.column_config.TextColumn("From", help="curated: data/sanctions.csv; else an import"),
        },
        key="sanctions_page_rows",
    )
ui.render_credits(evidence, state)
