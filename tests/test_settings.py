"""Settings: read from the environment and secrets.toml, and every one documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import SettingsInvalid
from geo.settings import SETTINGS_HELP, Settings, load_settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for name in SETTINGS_HELP:
        assert f"GEO_{name.upper()}" in text, f"setting {name} (GEO_{name.upper()}) is missing from README.md"


def test_every_setting_has_help():
    assert all(help_text.strip() for help_text in SETTINGS_HELP.values())


def test_environment_overrides_secrets_which_override_defaults(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[geo]\nmax_map_points = 500\nassets = "cdn"\n', encoding="utf-8")
    settings = load_settings({"GEO_ASSETS": "local", "GEO_ONLINE_GEOCODING": "true"}, secrets)
    assert settings.assets == "local"
    assert settings.max_map_points == 500
    assert settings.online_geocoding is True
    assert settings.store_path == Settings().store_path


def test_paths_from_the_environment_are_paths(tmp_path):
    settings = load_settings({"GEO_STORE_PATH": str(tmp_path / "x.sqlite")}, tmp_path / "none.toml")
    assert settings.store_path == tmp_path / "x.sqlite"


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("GEO_MAX_MAP_POINTS", "abc", "a whole number of at least 1"),
        ("GEO_MAX_MAP_POINTS", "0", "a whole number of at least 1"),
        ("GEO_MAX_MAP_POINTS", "²", "a whole number"),
        ("GEO_ASSETS", "bogus", "'local' or 'cdn'"),
        ("GEO_ONLINE_GEOCODING", "maybe", "true or false"),
    ],
)
def test_a_bad_setting_names_the_variable_and_the_accepted_values(tmp_path, variable, value, accepted):
    with pytest.raises(SettingsInvalid) as raised:
        load_settings({variable: value}, tmp_path / "none.toml")
    message = str(raised.value)
    assert variable in message and repr(value) in message and accepted in message


def test_a_bad_value_in_secrets_names_the_file_and_the_setting(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[geo]\nassets = "somewhere"\n', encoding="utf-8")
    with pytest.raises(SettingsInvalid, match=r"assets in the \[geo\] table of .*secrets.toml.*'local' or 'cdn'"):
        load_settings({}, secrets)


def test_broken_secrets_toml_is_a_clear_error(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[geo\n", encoding="utf-8")
    with pytest.raises(SettingsInvalid, match="not valid TOML"):
        load_settings({}, secrets)


def test_the_command_line_refuses_a_bad_setting_without_a_traceback(cli, monkeypatch):
    monkeypatch.setenv("GEO_MAX_MAP_POINTS", "abc")
    result = cli("validate")
    assert result.returncode == 2
    assert "GEO_MAX_MAP_POINTS" in result.stderr and "Traceback" not in result.stderr
