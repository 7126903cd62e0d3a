"""Who may do what: the three ways to run the app (``GEO_MODE``) and the roles of signed-in accounts.

- ``local``: one person on their own machine; everything is open and writes
  are recorded as made by ``local``.
- ``public``: read-only for everyone; nothing on a page writes.
- ``team``: readers read (everyone, or only signed-in accounts with
  ``GEO_READERS=signed-in``); accounts listed as ``editor`` add articles,
  import events, correct and retract; ``admin`` also undoes imports.

Roles come from a TOML file (``GEO_ROLES_PATH``)::

    [roles]
    "ana@example.org" = "admin"
    "ben@example.org" = "editor"

Accounts are e-mail addresses as the identity provider gives them,
compared without regard to case. A signed-in account the file does not list
is a reader. Nothing here knows about Streamlit; :mod:`geo.ui.access` asks
``st.user`` who is signed in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from geo.errors import SettingsInvalid
from geo.settings import Settings

__all__ = ["LOCAL_ACCOUNT", "ROLES", "Access", "access_for", "command_line_account", "load_roles"]

ROLES = ("reader", "editor", "admin")
LOCAL_ACCOUNT = "local"


def command_line_account() -> str:
    """The account the command line's writes are recorded under: the server's user, who administers it."""
    import getpass

    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):  # no name for this user id (a container)
        return "command line"


def load_roles(path: Path) -> dict[str, str]:
    """The ``[roles]`` table of ``path`` (account in lower case -> role); no file means no editors.

    A role other than editor/admin (or reader), or a file that is not TOML,
    raises :class:`~geo.errors.SettingsInvalid` naming the file, the account
    and the fix.
    """
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle).get("roles", {})
    except tomllib.TOMLDecodeError as error:
        raise SettingsInvalid(f"{path} is not valid TOML ({error}). Fix: correct the roles file") from None
    if not isinstance(table, dict):
        raise SettingsInvalid(
            f'{path}: \'roles\' must be a table. Fix: write [roles] then one "account" = "role" a line'
        )
    roles = {}
    for account, role in table.items():
        if role not in ROLES:
            raise SettingsInvalid(
                f"{path}: the account {account!r} has the role {role!r}. Fix: give it one of: {', '.join(ROLES)}"
            )
        roles[str(account).strip().lower()] = role
    return roles


@dataclass(frozen=True)
class Access:
    """What the person in front of the app may do."""

    mode: str
    account: str | None  # the signed-in account (local: 'local'); None when nobody is signed in
    role: str  # reader, editor or admin
    readers: str = "everyone"

    @property
    def can_read(self) -> bool:
        return self.mode != "team" or self.readers == "everyone" or self.account is not None

    @property
    def can_write(self) -> bool:
        return self.role in ("editor", "admin") and self.mode != "public"

    @property
    def can_administer(self) -> bool:
        return self.role == "admin" and self.mode != "public"

    @property
    def signs_in(self) -> bool:
        """True when accounts sign in (team mode)."""
        return self.mode == "team"

    def refusal(self, what: str = "change the evidence") -> str:
        """Why this person may not ``what`` (e.g. "add articles"), in plain sentences; empty when they may."""
        if self.can_write:
            return ""
        if self.mode == "public":
            return (
                "This site is read-only: its evidence is published here to be read, filtered, shared and "
                f"downloaded, and nobody can {what} through it."
            )
        if self.account is None:
            return f"Only editors can {what}. Sign in with an editor's account."
        return (
            f"The account {self.account} can read this map but not {what}: it is not listed as an editor. "
            "An administrator can add it to the roles file."
        )


def access_for(settings: Settings, account: str | None, roles: dict[str, str] | None = None) -> Access:
    """The access of ``account`` (None: nobody signed in) under ``settings.mode`` and the roles file."""
    if settings.mode == "local":
        return Access("local", LOCAL_ACCOUNT, "admin")
    if settings.mode == "public":
        return Access("public", None, "reader")
    roles = load_roles(settings.roles_path) if roles is None else roles
    if account:
        account = account.strip()
        return Access("team", account, roles.get(account.lower(), "reader"), settings.readers)
    return Access("team", None, "reader", settings.readers)
