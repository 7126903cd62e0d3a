"""The actor network (geo.render.network): an actor's own network, ownership chains, sites tied by role, DOT escaping."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.render.network import actor_network, affiliation_tree, legend_items, network_dot

ACTORS = pd.DataFrame(
    [
        ("china", "China", "state", None, None),
        ("norinco", "Norinco", "company", "china", "state-owned-by"),
        ("wanbao-mining", "Wanbao Mining", "company", "norinco", "subsidiary-of"),
        ("myanmar-wanbao", 'Myanmar "Wanbao"', "company", "wanbao-mining", "subsidiary-of"),
        ("cnpc", "CNPC", "company", "china", "state-owned-by"),
        ("junta", "Myanmar military junta", "military", None, None),
        ("pdf", "Mandalay PDF", "armed-resistance", None, None),
        ("russia", "Russia", "state", None, None),
    ],
    columns=["id", "name", "kind", "affiliated_with", "relation"],
)
EVENTS = pd.DataFrame(
    [
        ("site-letpadaung", "site", "Letpadaung mine", "resource-extraction", None, ["myanmar-wanbao"],
         ["myanmar-wanbao:operator"]),
        ("site-pipeline", "site", "Pipeline", "infrastructure", None, ["cnpc"], ["cnpc:operator"]),
        ("ev-contract", "event", "Arms contract", "arms-supply", "2017-01-01", ["norinco", "junta"],
         ["norinco:supplier", "junta:recipient"]),
        ("ev-seizure", "event", "Seizure of Norinco crates", "seizures-combat", "2025-07-20", ["pdf", "junta"],
         ["pdf:seizer", "junta:subject"]),
        ("ev-russia", "event", "Russian jets", "arms-supply", "2024-01-01", ["russia", "junta"],
         ["russia:supplier", "junta:recipient"]),
    ],
    columns=["id", "kind", "title", "category", "date_start", "actors", "actor_roles"],
)  # fmt: skip
PARENTS = {"norinco": "china", "wanbao-mining": "norinco", "myanmar-wanbao": "wanbao-mining", "cnpc": "china"}


def _nodes(dot: str) -> set[str]:
    return set(re.findall(r'^  "([^"]+)" \[label=', dot, flags=re.MULTILINE))


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        ("norinco", {"china", "norinco", "wanbao-mining", "myanmar-wanbao"}),
        ("myanmar-wanbao", {"china", "norinco", "wanbao-mining", "myanmar-wanbao"}),
        ("cnpc", {"china", "cnpc"}),
    ],
)
def test_tree_is_parents_and_everything_below(focus, expected):
    assert affiliation_tree(focus, PARENTS) == expected


def test_norinco_leads_through_wanbao_to_letpadaung():
    dot = network_dot(ACTORS, EVENTS, focus="norinco")
    assert '"wanbao-mining" -> "norinco" [label="subsidiary of"' in dot
    assert '"myanmar-wanbao" -> "wanbao-mining"' in dot
    assert '"myanmar-wanbao" -> "item:site-letpadaung" [label="operator"' in dot
    assert "site-pipeline" not in dot  # CNPC's pipeline is not tied to Norinco's family


def test_an_actors_own_network_is_the_actor_and_its_neighbours():
    one = actor_network(ACTORS, EVENTS, "junta", hops=1)
    assert set(one.items) == {"ev-contract", "ev-seizure", "ev-russia"}
    assert one.actors == {"junta": 0}  # no family; the partners are two steps out
    two = actor_network(ACTORS, EVENTS, "junta", hops=2)
    assert two.actors == {"junta": 0, "norinco": 2, "pdf": 2, "russia": 2}
    dot = network_dot(ACTORS, EVENTS, network=two)
    assert _nodes(dot) == {"junta", "norinco", "pdf", "russia", "item:ev-contract", "item:ev-seizure", "item:ev-russia"}
    assert "china" not in _nodes(dot) and "item:site-pipeline" not in _nodes(dot)


def test_items_are_capped_sites_first_then_newest_with_a_count_of_the_rest():
    network = actor_network(ACTORS, EVENTS, "junta", hops=2, max_items=2)
    assert network.items == ["ev-seizure", "ev-russia"] and network.hidden == 1
    assert actor_network(ACTORS, EVENTS, "norinco", max_items=1).items == ["site-letpadaung"]


def test_neighbours_are_links_to_their_profiles_and_the_focus_is_not():
    dot = network_dot(ACTORS, EVENTS, focus="norinco", actor_url=lambda a: f"/actors?profile={a}")
    assert 'URL="/actors?profile=wanbao-mining", target="_self"' in dot
    assert 'URL="/actors?profile=norinco"' not in dot


def test_the_legend_lists_only_what_is_drawn():
    network = actor_network(ACTORS, EVENTS, "norinco", hops=2)
    legend = legend_items(ACTORS, EVENTS, network)
    assert {word for word, _ in legend["actors"]} == {"state", "company", "military"}
    assert {kind for kind, _ in legend["items"]} == {"site", "event"}
    assert {name for name, _ in legend["layers"]} == {"Resource extraction", "Arms supply"}


def test_labels_are_escaped_for_dot():
    dot = network_dot(ACTORS, EVENTS, focus="myanmar-wanbao")
    assert 'label="Myanmar \\"Wanbao\\""' in dot


def test_the_whole_network_draws_all_affiliations_and_sites():
    dot = network_dot(ACTORS, EVENTS)
    assert "item:site-letpadaung" in dot and "item:site-pipeline" in dot
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
