"""The correction form's actor table (geo.ui.editing): names on screen, ids only in what is stored."""

from __future__ import annotations

from geo.ui.editing import _actor_rows, _edited_actor_roles

NAMES = {"norinco": "Norinco (China North Industries Group Corporation)", "military-junta": "Myanmar military"}
EVENT = {"actor_roles": [("norinco", "supplier"), ("military-junta", "recipient")]}


def test_the_table_shows_names_and_roles_never_ids():
    rows = _actor_rows(EVENT, NAMES)
    assert list(rows["Actor"]) == [NAMES["norinco"], NAMES["military-junta"]]
    assert "norinco" not in " ".join(rows["Actor"])


def test_no_edit_keeps_the_pairs_exactly():
    assert _edited_actor_roles(EVENT, NAMES, {}) == EVENT["actor_roles"]


def test_an_edited_role_a_deleted_row_and_an_added_actor_are_stored_as_ids():
    edits = {
        "edited_rows": {"0": {"Role": "owner"}},
        "deleted_rows": [1],
        "added_rows": [{"Actor": NAMES["military-junta"], "Role": "perpetrator"}],
    }
    assert _edited_actor_roles(EVENT, NAMES, edits) == [("norinco", "owner"), ("military-junta", "perpetrator")]


def test_an_added_row_left_without_an_actor_is_dropped():
    edits = {"added_rows": [{"Role": "supplier"}]}
    assert _edited_actor_roles(EVENT, NAMES, edits) == EVENT["actor_roles"]
