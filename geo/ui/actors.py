"""The Actors page's screens: the actor picker (``profile`` in the URL) and the actor's profile.

A profile leads with what an analyst asks first: who owns the actor, what it
owns, its sanctions status in each jurisdiction, and its events on a small
map and a timeline. Then its own network (one or two steps out, every
neighbour a link to its profile; the whole network on request) and the
table of its events. Every name from the store reaches Markdown through
:func:`geo.escaping.escape_markdown` and HTML through :func:`geo.escaping.escape_html`.
"""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st

from geo.escaping import escape_html, escape_markdown
from geo.evidence import Evidence
from geo.links import actor_link
from geo.query import ViewState
from geo.render.wording import ACTOR_KIND_WORDS
from geo.schema import JURISDICTIONS
from geo.ui.loaders import cached_outlines, settings
from geo.ui.map_screen import static_map
from geo.ui.state import current_state, url_picker
from geo.ui.tables import EVENTS_TABLE_COLUMNS, events_table, map_link

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


@st.cache_data(max_entries=4, show_spinner=False)
def _sanctions_by_actor(version: int, _evidence: Evidence) -> tuple[pd.DataFrame, pd.DataFrame]:
    from geo.sanctions import actor_table, status_table

    return actor_table(_evidence).set_index("actor_id"), status_table(_evidence)


def _link(evidence: Evidence, actor_id: str) -> str:
    name = escape_markdown(evidence.actor_names.get(actor_id, actor_id))
    return f"[{name}]({actor_link(actor_id, settings().app_url)})"


def _owners(evidence: Evidence, actor_id: str) -> list[str]:
    chain, current, parents = [], actor_id, evidence.context.parents
    while parents.get(current) and parents[current] not in chain and parents[current] != actor_id:
        current = parents[current]
        chain.append(current)
    return chain


def _ownership(evidence: Evidence, actor_id: str) -> None:
    from geo.render.network import relation_words

    relations = dict(zip(evidence.actors["id"], evidence.actors["relation"]))
    owners = _owners(evidence, actor_id)
    if owners:
        steps = [f"{escape_markdown(relation_words(relations.get(actor_id)))} {_link(evidence, owners[0])}"]
        steps += [
            f"{escape_markdown(relation_words(relations.get(below)))} {_link(evidence, above)}"
            for below, above in itertools.pairwise(owners)
        ]
        st.markdown("**Owned by or part of:** " + ", which is ".join(steps))
    else:
        st.markdown("**Owned by or part of:** nothing the evidence records")
    children = {c for c, p in evidence.context.parents.items() if p == actor_id}
    if children:
        lines = []
        for child in sorted(children, key=lambda c: evidence.actor_names.get(c, c).casefold()):
            below = sorted(c for c, p in evidence.context.parents.items() if p == child)
            lines.append(
                f"- {_link(evidence, child)}"
                + (", which owns " + ", ".join(_link(evidence, b) for b in below) if below else "")
            )
        st.markdown("**Owns or commands:**\n" + "\n".join(lines))
    else:
        st.markdown("**Owns or commands:** nothing the evidence records")


def _sanctions(evidence: Evidence, actor_id: str) -> None:
    rows, designations = _sanctions_by_actor(evidence.version, evidence)
    st.markdown("**Sanctions, by jurisdiction**")
    if actor_id not in rows.index or not rows.at[actor_id, "assessed"]:
        st.caption(
            "Not checked: the sanctions research covers the companies, military bodies and people the evidence "
            "names, not every actor (states, NGOs and intergovernmental bodies are never assessed)."
        )
        return
    row = rows.loc[actor_id]
    mine = designations[(designations["actor_id"] == actor_id) & designations["effective"]]
    sources = {j: urls[0] for j, urls in zip(mine["jurisdiction"], mine["sources"]) if urls}
    table = pd.DataFrame(
        {
            "jurisdiction": list(JURISDICTIONS.values()),
            "status": [row[code] for code in JURISDICTIONS],
            "source": [sources.get(code) for code in JURISDICTIONS],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={
            "jurisdiction": st.column_config.TextColumn("Jurisdiction"),
            "status": st.column_config.TextColumn(
                "Status", width="medium", help="listed = asset freeze; restricted = a narrower ban"
            ),
            "source": st.column_config.LinkColumn("Source", display_text="open", width="small"),
        },
        key="geo_profile_sanctions",
    )


def _network_legend(legend: dict) -> str:
    boxes = "".join(
        f'<span style="display:inline-block;margin-right:10px"><span style="display:inline-block;width:14px;'
        f"height:12px;border:1px solid #555;border-radius:3px;background:{escape_html(colour)};vertical-align:-1px"
        f'"></span> {escape_html(word)}</span>'
        for word, colour in legend["actors"]
    )
    shapes = {"site": "⌂ site (framed in its layer's colour)", "event": "◯ event"}
    items = "".join(f'<span style="margin-right:10px">{shapes.get(k, k)}</span>' for k, _ in legend["items"])
    layers = "".join(
        f'<span style="margin-right:10px;white-space:nowrap"><span style="display:inline-block;width:18px;'
        f'border-top:2px dashed {escape_html(colour)};vertical-align:3px"></span> {escape_html(name)}</span>'
        for name, colour in legend["layers"]
    )
    return (
        '<div class="geo-network-legend" style="font-size:.85rem;line-height:1.9">'
        f"<div><b>Actors</b> (box colour = kind): {boxes}</div>"
        f"<div><b>Sites and events:</b> {items}</div>"
        '<div><b>Lines:</b> <span style="display:inline-block;width:18px;border-top:2px solid #333;'
        'vertical-align:3px"></span> owned by or part of (arrow to the owner, with the relation); '
        f"dashed: a role in an event or site (the role is written on the line), in the layer's colour: {layers}</div>"
        "</div>"
    )


def _network(evidence: Evidence, actor_id: str, state: ViewState) -> None:
    from geo.render.network import actor_network, legend_items, network_dot, whole_network

    st.subheader("Network", anchor=False)
    left, right = st.columns([2, 2])
    whole = right.toggle("Show the whole network", value=False, key="geo_profile_whole_network")
    hops = left.radio(
        "How far out",
        [1, 2],
        index=1,
        horizontal=True,
        format_func=lambda h: "its family and events" if h == 1 else "and the partners in them",
        key="geo_profile_hops",
        disabled=whole,
    )
    config = settings()
    if whole:
        network = whole_network(evidence.actors, evidence.events)
        st.caption("Every ownership tie in the evidence, and every site with the actors that run, own or fund it.")
    else:
        network = actor_network(evidence.actors, evidence.events, actor_id, hops=hops, max_items=8)
        if network.hidden:
            st.caption(
                f"{len(network.items)} of {len(network.items) + network.hidden} sites and events drawn "
                "(sites first, then the newest); every one is in the table below."
            )
    dot = network_dot(
        evidence.actors,
        evidence.events,
        network=network,
        actor_url=lambda a: actor_link(a, config.app_url),
        item_url=lambda e: map_link(state, e, config.app_url),
    )
    st.html(_network_legend(legend_items(evidence.actors, evidence.events, network)))
    st.graphviz_chart(dot, width="content")
    if not whole:
        neighbours = [a for a, hop in sorted(network.actors.items(), key=lambda x: (x[1], x[0])) if a != actor_id]
        known = [a for a in neighbours if a in evidence.actor_names]
        if known:
            st.markdown(
                "Click a box to open that actor's profile, or an event to open it on the map. "
                "**Neighbours:** " + " · ".join(_link(evidence, a) for a in known)
            )


def render_actor_profile(evidence: Evidence, actor_id: str, state: ViewState | None = None) -> None:
    """Who owns it and what it owns, its sanctions, its events on a map and a timeline, its network, its events."""
    from geo.filters import expand_actors
    from geo.render.mapping import build_places_map
    from geo.render.timeline import timeline_chart

    state = state or current_state()
    actors = evidence.actors.set_index("id")
    actor = actors.loc[actor_id]
    st.header(escape_markdown(actor["name"]), anchor=False)
    facts = [ACTOR_KIND_WORDS.get(actor["kind"], actor["kind"])]
    if isinstance(actor.get("country"), str) and actor["country"]:
        facts.append(actor["country"])
    aliases = [a.strip() for a in str(actor.get("aliases") or "").split("|") if a.strip()]
    if aliases:
        facts.append("also known as " + ", ".join(aliases[:8]) + (", …" if len(aliases) > 8 else ""))
    st.caption(escape_markdown(" · ".join(facts)))
    who, sanctions = st.columns([3, 2], gap="large")
    with who:
        _ownership(evidence, actor_id)
        if isinstance(actor.get("description"), str) and actor["description"]:
            st.markdown(escape_markdown(actor["description"]))
    with sanctions:
        _sanctions(evidence, actor_id)
    include = st.checkbox("Include what it owns or commands", value=True, key="geo_profile_affiliates")
    members = expand_actors([actor_id], evidence.context.parents) if include else {actor_id}
    involved = evidence.events[evidence.events["actors"].map(lambda ids: not members.isdisjoint(ids))]
    st.subheader(f"Events and sites ({len(involved)})", anchor=False)
    if involved.empty:
        st.caption("No events involve this actor.")
    else:
        chart_col, map_col = st.columns([3, 2])
        with chart_col:
            chart = timeline_chart(involved, height=200)
            if chart is not None:
                st.altair_chart(chart, width="stretch")
            else:
                st.caption("None of them is dated.")
        with map_col:
            place_ids = set(involved["place_id"].dropna())
            places = evidence.places[evidence.places["id"].isin(place_ids)]
            if len(places):
                config = settings()
                static_map(
                    build_places_map(
                        places, cached_outlines(str(config.static_dir)), config.static_url, base=state.base
                    ),
                    260,
                )
    _network(evidence, actor_id, state)
    if not involved.empty:
        st.subheader("Its events and sites", anchor=False)
        st.dataframe(
            events_table(evidence, involved, state),
            hide_index=True,
            column_order=["when", "title", "quote", "place", "passage", "map"],
            column_config=EVENTS_TABLE_COLUMNS,
            width="stretch",
            key="geo_profile_events",
        )
