"""Who may do what in each mode, and the roles file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo.access import access_for, load_roles
from geo.errors import SettingsInvalid
from geo.settings import Settings


@pytest.fixture
def roles_file(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[roles]\n"Ana@Example.org" = "admin"\n"ben@example.org" = "editor"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mode", "readers", "account", "read", "write", "administer"),
    [
        ("local", "everyone", None, True, True, True),
        ("public", "everyone", None, True, False, False),
        ("public", "everyone", "ana@example.org", True, False, False),  # nobody writes on a public site
        ("team", "everyone", None, True, False, False),
        ("team", "signed-in", None, False, False, False),
        ("team", "signed-in", "carol@example.org", True, False, False),  # signed in, no role: a reader
        ("team", "everyone", "ben@example.org", True, True, False),
        ("team", "everyone", "ana@example.org", True, True, True),
        ("team", "everyone", "ANA@example.org", True, True, True),  # accounts compare without case
    ],
)
def test_what_each_person_may_do(roles_file, mode, readers, account, read, write, administer):
    settings = replace(Settings(), mode=mode, readers=readers, roles_path=roles_file)
    access = access_for(settings, account)
    assert (access.can_read, access.can_write, access.can_administer) == (read, write, administer)
    assert bool(access.refusal("add articles")) == (not write)


def test_refusals_say_why_in_plain_words(roles_file):
    team = replace(Settings(), mode="team", roles_path=roles_file)
    assert "read-only" in access_for(replace(team, mode="public"), None).refusal("add articles")
    assert "Sign in" in access_for(team, None).refusal("add articles")
    assert "carol@example.org" in access_for(team, "carol@example.org").refusal("add articles")


def test_a_missing_roles_file_means_no_editors(tmp_path):
    assert load_roles(tmp_path / "none.toml") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [('[roles]\n"x@y.org" = "owner"\n', "x@y.org"), ("[roles\n", "not valid TOML"), ('roles = "x"\n', "table")],
)
def test_a_bad_roles_file_names_the_problem_and_the_fix(tmp_path, text, message):
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsInvalid, match=message) as error:
        load_roles(path)
    assert "Fix:" in str(error.value)
