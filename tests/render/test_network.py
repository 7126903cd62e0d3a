"""The actor network (geo.render.network): affiliation chains, sites tied by role, DOT escaping."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.render.network import affiliation_tree, network_dot

ACTORS = pd.DataFrame(
    [
        ("china", "China", "state", None, None),
        ("norinco", "Norinco", "company", "china", "state-owned-by"),
        ("wanbao-mining", "Wanbao Mining", "company", "norinco", "subsidiary-of"),
        ("myanmar-wanbao", 'Myanmar "Wanbao"', "company", "wanbao-mining", "subsidiary-of"),
        ("cnpc", "CNPC", "company", "china", "state-owned-by"),
    ],
    columns=["id", "name", "kind", "affiliated_with", "relation"],
)
EVENTS = pd.DataFrame(
    [
        (
            "site-letpadaung",
            "site",
            "Letpadaung mine",
            "resource-extraction",
            ["myanmar-wanbao"],
            ["myanmar-wanbao:operator"],
        ),
        ("site-pipeline", "site", "Pipeline", "infrastructure", ["cnpc"], ["cnpc:operator"]),
    ],
    columns=["id", "kind", "title", "category", "actors", "actor_roles"],
)
PARENTS = {"norinco": "china", "wanbao-mining": "norinco", "myanmar-wanbao": "wanbao-mining", "cnpc": "china"}


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
    assert '"wanbao-mining" -> "norinco" [label="subsidiary-of"]' in dot
    assert '"myanmar-wanbao" -> "wanbao-mining"' in dot
    assert '"myanmar-wanbao" -> "item:site-letpadaung" [label="operator"' in dot
    assert "site-pipeline" not in dot  # CNPC is not in Norinco's tree


def test_labels_are_escaped_for_dot():
    dot = network_dot(ACTORS, EVENTS, focus="myanmar-wanbao")
    assert 'label="Myanmar \\"Wanbao\\""' in dot


def test_overview_draws_all_affiliations_and_sites():
    dot = network_dot(ACTORS, EVENTS)
    assert "item:site-letpadaung" in dot and "item:site-pipeline" in dot
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
