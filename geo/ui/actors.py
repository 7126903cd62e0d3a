"""The Actors page's screens: the actor picker (``profile`` in the URL) and the actor's profile."""

from __future__ import annotations

import streamlit as st

from geo.escaping import escape_markdown
from geo.evidence import Evidence
from geo.ui.loaders import cached_outlines, sanction_badges, settings
from geo.ui.map_screen import static_map
from geo.ui.state import current_state, url_picker
from geo.ui.tables import EVENTS_TABLE_COLUMNS, events_table

__all__ = ["render_actor_picker", "render_actor_profile"]


def render_actor_picker(evidence: Evidence) -> str | None:
    """A select box of actors (``profile`` in the URL); defaults to the first actor filtered, or Norinco."""
    names = evidence.actor_names
    if not names:
        st.info("No actors in the evidence base.")
        return None
    ordered = {a: names[a] for a in sorted(names, key=lambda a: names[a].casefold())}
    state = current_state()
    default = state.actors[0] if state.actors else ("norinco" if "norinco" in names else next(iter(ordered)))
    return url_picker("Actor", ordered, "profile", default)


def render_actor_profile(evidence: Evidence, actor_id: str) -> None:
    """Aliases, kind, affiliations, sanctions badge, events over time and place, and the network."""
    from geo.filters import expand_actors
    from geo.render.mapping import build_places_map
    from geo.render.network import network_dot
    from geo.render.timeline import timeline_chart

    actors = evidence.actors.set_index("id")
    actor = actors.loc[actor_id]
    names = evidence.actor_names
    st.header(escape_markdown(actor["name"]), anchor=False)
    facts = [f"**Kind:** {escape_markdown(actor['kind'])}"]
    if isinstance(actor.get("country"), str) and actor["country"]:
        facts.append(f"**Country:** {escape_markdown(actor['country'])}")
    if isinstance(actor.get("aliases"), str) and actor["aliases"]:
        facts.append(
            "**Also known as:** "
            + ", ".join(escape_markdown(a.strip()) for a in actor["aliases"].split("|") if a.strip())
        )
    parent = actor.get("affiliated_with")
    if isinstance(parent, str) and parent:
        relation = actor.get("relation") if isinstance(actor.get("relation"), str) else "affiliated with"
        facts.append(
            f"**{escape_markdown(relation.replace('-', ' ').capitalize())}:** {escape_markdown(names.get(parent, parent))}"
        )
    children = [a for a, p in evidence.context.parents.items() if p == actor_id]
    if children:
        facts.append(
            "**Subsidiaries and affiliates:** " + ", ".join(escape_markdown(names.get(c, c)) for c in children)
        )
    st.markdown("  \n".join(facts))
    if isinstance(actor.get("description"), str):
        st.markdown(escape_markdown(actor["description"]))
    badge = sanction_badges(evidence).get(actor_id)
    if badge:
        st.info(badge, icon=":material/gavel:")
    include = st.checkbox("Include subsidiaries and affiliates", value=True, key="geo_profile_affiliates")
    members = expand_actors([actor_id], evidence.context.parents) if include else {actor_id}
    involved = evidence.events[evidence.events["actors"].map(lambda ids: not members.isdisjoint(ids))]
    st.subheader(f"Events and sites ({len(involved)})", anchor=False)
    if involved.empty:
        st.caption("No events involve this actor.")
    else:
        chart = timeline_chart(involved, height=160)
        if chart is not None:
            st.altair_chart(chart, width="stretch")
        left, right = st.columns([3, 2])
        with left:
            st.dataframe(
                events_table(evidence, involved)[["when", "title", "place", "passage"]],
                hide_index=True,
                column_config=EVENTS_TABLE_COLUMNS,
                width="stretch",
            )
        with right:
            place_ids = set(involved["place_id"].dropna())
            places = evidence.places[evidence.places["id"].isin(place_ids)]
            if len(places):
                static_map(
                    build_places_map(places, cached_outlines(str(settings().static_dir)), settings().static_url), 320
                )
    st.subheader("Network", anchor=False)
    st.caption(
        "Arrows go from a subsidiary or affiliate to its parent, and from actors to the sites and events they are part of (with their role)."
    )
    st.graphviz_chart(network_dot(evidence.actors, evidence.events, focus=actor_id), width="stretch")
