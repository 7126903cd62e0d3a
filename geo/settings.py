"""Configuration: one settings object, one table of names, defaults and help.

Values come from, in order of precedence: environment variables named
``GEO_<NAME>`` (upper case), then a ``[geo]`` table in
``.streamlit/secrets.toml``, then the defaults below. Pages never read
``os.environ``; they call :func:`load_settings`. ``tests/test_settings.py``
checks that every setting is documented in the README.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from geo.errors import SettingsInvalid

__all__ = ["PROJECT_ROOT", "SETTINGS_HELP", "Settings", "load_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _setting(default, help_text: str, choices: tuple[str, ...] = (), minimum: int | None = None):
    return field(default=default, metadata={"help": help_text, "choices": choices, "minimum": minimum})


@dataclass(frozen=True)
class Settings:
    """Every configurable value of the app and the command line."""

    data_dir: Path = _setting(PROJECT_ROOT / "data", "Folder of curated data files loaded into the store.")
    store_path: Path = _setting(
        PROJECT_ROOT / "var" / "geo.sqlite", "SQLite file of the embedded store; created and filled on first run."
    )
    assets: str = _setting(
        "local",
        "Where maps load Leaflet and its plugins from: 'local' (served by the app) or 'cdn'.",
        choices=("local", "cdn"),
    )
    static_dir: Path = _setting(
        PROJECT_ROOT / "static", "Folder Streamlit serves at /app/static (vendor assets, country outlines)."
    )
    static_url: str = _setting("/app/static", "URL path under which static_dir is served.")
    app_url: str = _setting(
        "",
        "Public base URL of the app (e.g. https://maps.example.org) for permalinks; empty means the address the browser "
        "shows (the command line then writes relative links).",
    )
    chromium_path: str = _setting(
        "", "Chromium executable for PNG snapshots; empty means search /usr/lib/chromium/chromium, /usr/bin/chromium."
    )
    online_geocoding: bool = _setting(
        False, "Allow the Nominatim fallback for places the gazetteer lacks (off: nothing reaches the network)."
    )
    nominatim_user_agent: str = _setting(
        "",
        "Identifying User-Agent for Nominatim, required when online_geocoding is on (e.g. 'myorg-geo/1.0 you@x.org').",
    )
    geocode_cache_path: Path = _setting(
        PROJECT_ROOT / "var" / "geocode-cache.sqlite", "On-disk cache of online geocoding results."
    )
    max_map_points: int = _setting(
        300,
        "Above this many events the map aggregates them into clusters computed on the server (one rich marker costs ~2 ms to build).",
        minimum=1,
    )
    mode: str = _setting(
        "local",
        "How the app is run: 'local' (one person, everything open), 'public' (read-only for everyone) or 'team' "
        "(readers read, editors sign in to write; see Deployment).",
        choices=("local", "public", "team"),
    )
    database_url: str = _setting(
        "",
        "PostgreSQL database of a team store (postgresql://user:password@host/dbname); empty means the SQLite file "
        "at store_path.",
    )
    readers: str = _setting(
        "everyone",
        "In team mode, who may read: 'everyone', or only 'signed-in' accounts.",
        choices=("everyone", "signed-in"),
    )
    roles_path: Path = _setting(
        PROJECT_ROOT / ".streamlit" / "roles.toml",
        'TOML file mapping signed-in accounts (e-mail addresses) to roles in team mode: [roles] "ana@example.org" = '
        '"admin"; roles are editor and admin, any other account is a reader.',
    )

    @property
    def store_location(self) -> str:
        """Where the store is: the PostgreSQL URL when set, else the SQLite file."""
        return self.database_url or str(self.store_path)


SETTINGS_HELP: dict[str, str] = {f.name: f.metadata["help"] for f in fields(Settings)}


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _convert(item, raw, where: str):
    """The value of one setting from its raw text, or :class:`SettingsInvalid` naming it and the accepted values."""
    kind, meta = item.type, item.metadata

    def refuse(accepted: str) -> SettingsInvalid:
        return SettingsInvalid(f"{where} is {str(raw)!r}, which it cannot be. Fix: set it to {accepted}")

    if kind in (bool, "bool"):
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word not in _TRUE | _FALSE:
            raise refuse("true or false (also accepted: 1/0, yes/no, on/off)")
        return word in _TRUE
    if kind in (int, "int"):
        minimum = meta.get("minimum")
        try:
            number = raw if isinstance(raw, int) and not isinstance(raw, bool) else int(str(raw).strip(), 10)
        except ValueError:
            number = None
        if number is None or (minimum is not None and number < minimum):
            raise refuse(
                f"a whole number{f' of at least {minimum}' if minimum is not None else ''}, e.g. {item.default}"
            )
        return number
    if kind in (Path, "Path"):
        return Path(str(raw)).expanduser()
    value = str(raw).strip() if meta.get("choices") else str(raw)
    if meta.get("choices") and value not in meta["choices"]:
        raise refuse(" or ".join(repr(c) for c in meta["choices"]))
    return value


def load_settings(environ: dict[str, str] | None = None, secrets_path: Path | None = None) -> Settings:
    """Build :class:`Settings` from the environment and ``.streamlit/secrets.toml``, every value checked.

    A value a setting cannot take raises :class:`~geo.errors.SettingsInvalid`
    naming the variable and the accepted values; nothing falls back silently.
    """
    environ = os.environ if environ is None else environ
    secrets_path = secrets_path or PROJECT_ROOT / ".streamlit" / "secrets.toml"
    secrets: dict = {}
    if secrets_path.is_file():
        try:
            with secrets_path.open("rb") as handle:
                secrets = tomllib.load(handle).get("geo", {})
        except tomllib.TOMLDecodeError as error:
            raise SettingsInvalid(
                f"{secrets_path} is not valid TOML ({error}). Fix: correct the file or remove it"
            ) from None
    values = {}
    for item in fields(Settings):
        env_name = f"GEO_{item.name.upper()}"
        if env_name in environ:
            values[item.name] = _convert(item, environ[env_name], f"the environment variable {env_name}")
        elif item.name in secrets:
            values[item.name] = _convert(item, secrets[item.name], f"{item.name} in the [geo] table of {secrets_path}")
    return Settings(**values)
