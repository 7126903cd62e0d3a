"""The actor network: who owns whom, and the sites and events that tie actors together.

:func:`actor_network` picks an actor's own network: its owners up the chain
and everything it owns down the chain (its corporate or command family),
the sites and events tied to that family (one hop), and, two hops out, the
partners those events name (a supplier's recipient, a site's financier).
:func:`network_dot` writes it as Graphviz DOT (for ``st.graphviz_chart``,
drawn in the browser with no server-side Graphviz): actors are boxes
coloured by kind, ownership is a dark arrow from the owned to its owner
labelled with the relation, sites (house shapes) and events (ellipses) are
joined to their actors by a line in their layer's colour labelled with the
role, e.g. Norinco ← Wanbao Mining ← Myanmar Wanbao → Letpadaung copper
mine. Nodes can carry links (a neighbour's profile). Without a focus actor
the picture is the whole network: every ownership tie and every site.
:func:`legend_items` lists what a legend must explain. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from geo.filters import expand_actors
from geo.render.wording import ACTOR_KIND_WORDS
from geo.schema import CATEGORIES, CATEGORY_COLOURS

__all__ = [
    "ACTOR_KIND_COLOURS",
    "Network",
    "actor_network",
    "affiliation_tree",
    "legend_items",
    "network_dot",
    "relation_words",
    "whole_network",
]

ACTOR_KIND_COLOURS: dict[str, str] = {
    "state": "#d5e8f7",
    "military": "#f6d2cc",
    "armed-resistance": "#d9f0d3",
    "company": "#fde9c4",
    "ngo": "#e8def5",
    "igo": "#e0e0e0",
    "person": "#ffffff",
    "group": "#f2f2f2",
}

_OWNERSHIP_COLOUR = "#333333"


def relation_words(relation) -> str:
    """'subsidiary-of' -> 'subsidiary of'; a missing relation is 'affiliated with'."""
    return relation.replace("-", " ") if isinstance(relation, str) and relation else "affiliated with"


def _quote(text) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    value = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{value}"'


def _wrap(text, width: int = 26, lines: int = 3) -> str:
    """A label cut into lines of about ``width`` characters (at most ``lines``), so boxes stay narrow."""
    words, out, line = str(text or "").split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;:") + "…"
    return "\n".join(out)


def affiliation_tree(actor_id: str, parents: dict[str, str]) -> set[str]:
    """The actor, its chain of parents (parent, grandparent...) and all its subsidiaries and affiliates."""
    chain = {actor_id}
    current = actor_id
    while parents.get(current) and parents[current] not in chain:
        current = parents[current]
        chain.add(current)
    return expand_actors([actor_id], parents) | chain


@dataclass
class Network:
    """What a network picture draws.

    ``actors``: actor id -> hop (0 the focus, 1 its family and the actors of its own events, 2 partners);
    ``items``: the ids of the sites and events drawn; ``hidden``: how many more items the family is tied to.
    """

    focus: str | None
    actors: dict[str, int] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    hidden: int = 0


def _parents(actors: pd.DataFrame) -> dict[str, str]:
    return {a: p for a, p in zip(actors["id"], actors["affiliated_with"]) if isinstance(p, str) and p}


def actor_network(
    actors: pd.DataFrame, events: pd.DataFrame, focus: str, hops: int = 2, max_items: int = 12
) -> Network:
    """The focus actor's own network: its owners and what it owns, the sites and events tied to it
    or to what it owns, and (``hops=2``) the partners those name.

    Items are chosen in this order, up to ``max_items``: the focus's own sites, the sites
    of what it owns, its own events (newest first), the events of what it owns. ``actors``
    needs id, affiliated_with; ``events`` needs id, kind, date_start, actors.
    """
    parents = _parents(actors)
    family = affiliation_tree(focus, parents)
    below = expand_actors([focus], parents)  # what it owns: its owners' own events are theirs, not its
    tied = events[events["actors"].map(lambda ids: not below.isdisjoint(ids or []))]
    own = tied["actors"].map(lambda ids: focus in (ids or []))
    dates = tied["date_start"].fillna("").astype(str)
    rank = pd.DataFrame(
        {"site": tied["kind"] != "site", "own": ~own, "date": dates},
        index=tied.index,
    ).sort_values(["site", "own", "date"], ascending=[True, True, False], kind="stable")
    chosen = tied.loc[rank.index[:max_items]]
    network = Network(focus=focus, items=list(chosen["id"]), hidden=max(0, len(tied) - max_items))
    network.actors = dict.fromkeys(family, 1)
    network.actors[focus] = 0
    if hops >= 2:
        for ids in chosen["actors"]:
            for actor_id in ids or []:
                network.actors.setdefault(actor_id, 2)
    return network


def whole_network(actors: pd.DataFrame, events: pd.DataFrame) -> Network:
    """Every ownership tie of the evidence, and every site with its actors."""
    parents = _parents(actors)
    members = set(parents) | set(parents.values())
    sites = events[events["kind"] == "site"]
    network = Network(focus=None, items=list(sites["id"]))
    for actor_id in members:
        network.actors[actor_id] = 1
    for ids in sites["actors"]:
        for actor_id in ids or []:
            network.actors.setdefault(actor_id, 1)
    return network


def legend_items(actors: pd.DataFrame, events: pd.DataFrame, network: Network) -> dict[str, list[tuple[str, str]]]:
    """What the picture uses, for its legend: actor kinds (word, fill colour), item shapes, layers (name, colour)."""
    kinds = actors[actors["id"].isin(network.actors)]["kind"]
    items = events[events["id"].isin(network.items)]
    return {
        "actors": [(ACTOR_KIND_WORDS.get(k, k), ACTOR_KIND_COLOURS.get(k, "#ffffff")) for k in dict.fromkeys(kinds)],
        "items": [(k, "house" if k == "site" else "ellipse") for k in dict.fromkeys(items["kind"])],
        "layers": [
            (CATEGORIES.get(c, c), CATEGORY_COLOURS.get(c, "#888888"))
            for c in CATEGORIES
            if c in set(items["category"])
        ],
    }


def network_dot(
    actors: pd.DataFrame,
    events: pd.DataFrame,
    focus: str | None = None,
    hops: int = 2,
    max_items: int = 12,
    actor_url: Callable[[str], str] | None = None,
    item_url: Callable[[str], str] | None = None,
    network: Network | None = None,
) -> str:
    """The network as DOT: the focus actor's own (:func:`actor_network`), or with no focus the whole one.

    ``actors`` needs id, name, kind, affiliated_with, relation; ``events``
    needs id, kind, title, category, date_start, actors, actor_roles.
    ``actor_url(id)`` and ``item_url(id)``, when given, make nodes links
    (opened in the same tab).
    """
    if network is None:
        network = actor_network(actors, events, focus, hops, max_items) if focus else whole_network(actors, events)
    parents = _parents(actors)
    lines = [
        "digraph network {",
        '  graph [rankdir=LR, bgcolor="transparent", fontname="sans-serif", nodesep=0.3, ranksep=0.6];',
        '  node [fontname="sans-serif", fontsize=14, margin="0.12,0.06"];',
        f'  edge [fontname="sans-serif", fontsize=12, color="{_OWNERSHIP_COLOUR}", fontcolor="#333333"];',
    ]
    known = actors[actors["id"].isin(network.actors)]
    for row in known.itertuples():
        fill = ACTOR_KIND_COLOURS.get(row.kind, "#ffffff")
        pen = "3" if row.id == network.focus else "1"
        link = ""
        if actor_url and row.id != network.focus:
            link = f', URL={_quote(actor_url(row.id))}, target="_self"'
        tip = f"{row.name} ({ACTOR_KIND_WORDS.get(row.kind, row.kind)})"
        lines.append(
            f'  {_quote(row.id)} [label={_quote(_wrap(row.name))}, shape=box, style="rounded,filled", '
            f"fillcolor={_quote(fill)}, penwidth={pen}, tooltip={_quote(tip)}{link}];"
        )
    ids = set(known["id"])
    relations = dict(zip(actors["id"], actors["relation"]))
    for child, parent in sorted(parents.items()):
        if child in ids and parent in ids:
            lines.append(
                f"  {_quote(child)} -> {_quote(parent)} [label={_quote(relation_words(relations.get(child)))}, "
                "penwidth=2];"
            )
    chosen = events[events["id"].isin(network.items)]
    for row in chosen.itertuples():
        colour = CATEGORY_COLOURS.get(row.category, "#888888")
        shape = "house" if row.kind == "site" else "ellipse"
        node = "item:" + row.id
        link = f', URL={_quote(item_url(row.id))}, target="_self"' if item_url else ""
        lines.append(
            f"  {_quote(node)} [label={_quote(_wrap(row.title, 28))}, shape={shape}, color={_quote(colour)}, "
            f"fontsize=12, penwidth=2, tooltip={_quote(row.title)}{link}];"
        )
        roles: dict[str, list[str]] = {}
        for pair in row.actor_roles or []:
            actor, _, role = str(pair).partition(":")
            roles.setdefault(actor, []).append(role)
        for actor in row.actors or []:
            if actor in ids:
                lines.append(
                    f"  {_quote(actor)} -> {_quote(node)} [label={_quote(', '.join(roles.get(actor, [])))}, "
                    f'color={_quote(colour)}, arrowhead=none, style="dashed"];'
                )
    lines.append("}")
    return "\n".join(lines)
