"""One module per ``python -m geo`` command (see ``geo.cli``), and what they share."""

from __future__ import annotations

import sys

from geo.evidence import open_store
from geo.settings import Settings
from geo.store import Store

__all__ = ["open_store_for_command"]


def open_store_for_command(settings: Settings) -> Store:
    """The up-to-date store; if data/ no longer validates, say so on stderr and use what is stored."""
    store = open_store(settings)
    if store.load_error:
        print(
            f"warning: data/ was not reloaded, the store keeps its previous content.\n{store.load_error}",
            file=sys.stderr,
        )
    return store
