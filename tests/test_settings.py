"""Settings: read from the environment and secrets.toml, and every one documented."""

from __future__ import annotations

from pathlib import Path

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
