"""The actor network: who is part of whom, and the sites and events that tie them together.

:func:`network_dot` writes Graphviz DOT (for ``st.graphviz_chart``, which
draws it in the browser with no server-side Graphviz). Actors are boxes
coloured by kind, affiliations are arrows from the subsidiary to its parent
(labelled with the relation), and sites and events are ellipses joined to
the actors involved, labelled with the role: e.g. Norinco ← Wanbao Mining ←
Myanmar Wanbao → Letpadaung copper mine. With a focus actor the picture is
that actor, its parents and everything below it, and the sites/events involving any of
its members. No Streamlit here.
"""

from __future__ import annotations

import pandas as pd

from geo.filters import expand_actors
from geo.schema import CATEGORY_COLOURS

__all__ = ["ACTOR_KIND_COLOURS", "affiliation_tree", "network_dot"]

ACTOR_KIND_COLOURS: dict[str, str] = {
    "state": "#d5e8f7",
    "military": "#f6d2cc",
    "armed-resistance": "#d9f0d3",
    "company": "#fde9c4",
    "ngo": "#e8def5",
    "igo": "#e0e0e0",
    "person": "#ffffff",
}


def _quote(text) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    value = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{value}"'


def affiliation_tree(actor_id: str, parents: dict[str, str]) -> set[str]:
    """The actor, its chain of parents (parent, grandparent...) and all its subsidiaries and affiliates."""
    chain = {actor_id}
    current = actor_id
    while parents.get(current) and parents[current] not in chain:
        current = parents[current]
        chain.add(current)
    return expand_actors([actor_id], parents) | chain


def network_dot(
    actors: pd.DataFrame,
    events: pd.DataFrame,
    focus: str | None = None,
    kinds: tuple[str, ...] = ("site", "event"),
    max_items: int = 40,
) -> str:
    """The network as DOT.

    ``actors`` needs id, name, kind, affiliated_with, relation; ``events``
    needs id, kind, title, category, actors, actor_roles. Without ``focus``
    all affiliations and all sites are drawn; with it, the focus actor's
    tree and up to ``max_items`` sites/events of its members.
    """
    parents = {a: p for a, p in zip(actors["id"], actors["affiliated_with"]) if isinstance(p, str) and p}
    members = affiliation_tree(focus, parents) if focus else set(parents) | set(parents.values())
    chosen = events[events["kind"].isin(kinds)] if focus else events[events["kind"] == "site"]
    chosen = chosen[chosen["actors"].map(lambda ids: bool(members.intersection(ids or [])))].head(max_items)
    for ids in chosen["actors"]:
        members.update(ids or [])
    lines = [
        "digraph network {",
        '  graph [rankdir=LR, bgcolor="transparent", fontname="sans-serif", nodesep=0.25, ranksep=0.5];',
        '  node [fontname="sans-serif", fontsize=11];',
        '  edge [fontname="sans-serif", fontsize=9, color="#666666"];',
    ]
    known = actors[actors["id"].isin(members)]
    for row in known.itertuples():
        fill = ACTOR_KIND_COLOURS.get(row.kind, "#ffffff")
        pen = "2.5" if row.id == focus else "1"
        lines.append(
            f'  {_quote(row.id)} [label={_quote(row.name)}, shape=box, style="rounded,filled", '
            f"fillcolor={_quote(fill)}, penwidth={pen}, tooltip={_quote(row.kind)}];"
        )
    ids = set(known["id"])
    for child, parent in sorted(parents.items()):
        if child in ids and parent in ids:
            relation = actors.loc[actors["id"] == child, "relation"].iloc[0]
            relation = relation if isinstance(relation, str) and relation else "affiliated with"
            lines.append(f"  {_quote(child)} -> {_quote(parent)} [label={_quote(relation)}];")
    for row in chosen.itertuples():
        colour = CATEGORY_COLOURS.get(row.category, "#888888")
        shape = "house" if row.kind == "site" else "ellipse"
        node = "item:" + row.id
        lines.append(
            f"  {_quote(node)} [label={_quote(row.title)}, shape={shape}, color={_quote(colour)}, "
            f"penwidth=2, tooltip={_quote(row.id)}];"
        )
        roles: dict[str, list[str]] = {}
        for pair in row.actor_roles or []:
            actor, _, role = str(pair).partition(":")
            roles.setdefault(actor, []).append(role)
        for actor in row.actors or []:
            if actor in ids:
                lines.append(
                    f"  {_quote(actor)} -> {_quote(node)} [label={_quote(', '.join(roles.get(actor, [])))}, "
                    f"color={_quote(colour)}];"
                )
    lines.append("}")
    return "\n".join(lines)
