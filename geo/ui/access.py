"""Access on screen: who is signed in (``st.user``), sign-in and sign-out, refusals, and errors without tracebacks.

In ``team`` mode editors sign in with Streamlit's own :func:`st.login`
(OpenID Connect, configured in ``.streamlit/secrets.toml`` under ``[auth]``);
their e-mail address is the account every write records. Outside ``local``
no reader ever sees a traceback: :func:`guarded_run` shows a short message
with a reference that the administrator finds in the server log.
"""

from __future__ import annotations

import logging
import secrets as random_tokens
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from geo.access import Access, access_for
from geo.errors import SettingsInvalid
from geo.evidence import open_store
from geo.store import Store
from geo.ui.loaders import settings

__all__ = [
    "current_access",
    "guarded_run",
    "render_account",
    "render_refusal",
    "require_editor",
    "require_reader",
    "writable_store",
]

_LOG = logging.getLogger("geo.app")


def _signed_in_account() -> str | None:
    user = st.user
    if not user.get("is_logged_in"):  # a key only once a provider is configured (and absent under AppTest)
        return None
    return str(user.get("email") or user.get("sub") or "") or None


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):  # no secrets file at all
        return False


def current_access() -> Access:
    """What the person of this session may do (mode, signed-in account, role)."""
    config = settings()
    try:
        return access_for(config, _signed_in_account() if config.mode == "team" else None)
    except SettingsInvalid as error:
        st.error(f"The roles file needs a fix. {error}", icon=":material/settings:")
        st.stop()


def _sign_in_button(key: str) -> None:
    if not _auth_configured():
        st.error(
            "Sign-in is not configured: team mode needs an [auth] section in .streamlit/secrets.toml "
            "(see Deployment in the README).",
            icon=":material/settings:",
        )
        return
    if st.button("Sign in", key=key, icon=":material/login:", type="primary"):
        st.login()


def render_account(access: Access | None = None) -> None:
    """The sidebar's account box in team mode: sign in, or who is signed in, their role and sign out."""
    access = access or current_access()
    if not access.signs_in:
        return
    with st.sidebar:
        st.divider()
        if access.account is None:
            st.caption("Editors sign in to add, correct and retract evidence.")
            _sign_in_button("account_sign_in")
        else:
            st.caption(f"Signed in as **{access.account}** ({access.role}).")
            if st.button("Sign out", key="account_sign_out", icon=":material/logout:"):
                st.logout()


def render_refusal(access: Access, what: str) -> None:
    """Say why this page does nothing here (read-only site, or not an editor), with a sign-in button when it helps."""
    st.info(access.refusal(what), icon=":material/lock:")
    if access.signs_in and access.account is None:
        _sign_in_button("refusal_sign_in")


def require_reader(access: Access | None = None) -> None:
    """Stop the page unless this person may read (team mode with ``GEO_READERS=signed-in``)."""
    access = access or current_access()
    if access.can_read:
        return
    st.title("Myanmar evidence map")
    st.info("This evidence map is open to its team only. Sign in to read it.", icon=":material/lock:")
    _sign_in_button("reader_sign_in")
    st.stop()


def require_editor(what: str = "change the evidence") -> Access:
    """Stop the page with the refusal unless this person may write; returns their access."""
    access = current_access()
    if not access.can_write:
        render_refusal(access, what)
        st.stop()
    return access


def writable_store(what: str = "change the evidence") -> Store:
    """The store, for a write made by the signed-in editor (refused, and the page stopped, for anyone else)."""
    access = require_editor(what)
    return open_store(settings()).acting_as(access.account or "")


@contextmanager
def guarded_run() -> Iterator[None]:
    """Run the page; outside ``local`` an unexpected error shows a reference to the server log, never a traceback.

    Streamlit's own control flow (``st.stop``, ``st.rerun``) derives from
    BaseException and passes through.
    """
    mode = settings().mode
    if mode != "local":
        st.set_option("client.showErrorDetails", "none")
    try:
        yield
    except Exception:
        if mode == "local":
            raise
        reference = random_tokens.token_hex(4)
        _LOG.exception("unexpected error, reference %s", reference)
        st.error(
            f"Something went wrong while preparing this page. The administrator can find what happened in the "
            f"server log under the reference {reference}.",
            icon=":material/error:",
        )
