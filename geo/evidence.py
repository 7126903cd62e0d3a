"""The evidence base as readers see it: one consistent snapshot of the store.

:class:`Evidence` bundles the events frame with everything needed to
filter, map and export it: actors and their affiliations, places, routes,
articles, the query vocabulary and the data version. The command line
builds one per run; the app builds one per data version and caches it
(``geo.ui``). :func:`open_evidence` makes sure the store holds the current
``data/`` first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from geo.errors import DataInvalid
from geo.filters import FilterContext, densify_line, filter_events, search_text
from geo.query import ViewState, Vocabulary
from geo.sanctions import sanctioned_actors
from geo.settings import Settings
from geo.store import Store

__all__ = ["Evidence", "open_evidence", "open_store"]


_PART = 20_000  # rows per part when a column is computed a part at a time


def _release_freed_memory() -> None:
    """Give back to the system what Arrow (the storage of pandas' string columns) freed while a frame was built."""
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()


try:
    import pyarrow
except ImportError:  # pandas without pyarrow: nothing of Arrow's to give back
    pyarrow = None
if pyarrow is not None and not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
    # Arrow's own allocator keeps freed blocks for reuse: after reading 100,000 events and filtering them,
    # some 100 MB the server would hold for as long as it runs. The system's returns them.
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def open_store(settings: Settings) -> Store:
    """The store at ``settings.store_location`` (the PostgreSQL URL, else the SQLite file), up to date with ``data/``.

    When ``data/`` has changed but no longer validates, a store that already
    holds data keeps it and serves it: the :class:`~geo.errors.DataInvalid`
    is kept in ``store.load_error`` for the caller to show. An empty store
    cannot serve anything, so then the error is raised.
    """
    store = Store(settings.store_location)
    store.load_error = None
    try:
        store.acting_as("data/ (loaded on start)").ensure_current(settings.data_dir)
    except DataInvalid as error:
        if store.meta("data_fingerprint") is None:
            raise
        store.load_error = error
    return store


@dataclass
class Evidence:
    """A read-only snapshot of the store."""

    events: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    routes: list[dict]
    articles: pd.DataFrame
    version: int
    sanctioned: dict[str, set[str]] = field(default_factory=dict)
    # every sanctions row (geo.sanctions reads badges, status and gaps tables from it)
    sanctions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @classmethod
    def from_store(cls, store: Store) -> Evidence:
        sanctioned = sanctioned_actors(store)
        events = store.events()
        _release_freed_memory()
        return cls(
            events=events,
            actors=store.actors(),
            places=store.places(),
            routes=store.routes(),
            articles=store.articles(),
            version=store.data_version(),
            sanctioned=sanctioned,
            sanctions=store.sanctions(),
        )

    @cached_property
    def actor_names(self) -> dict[str, str]:
        return dict(zip(self.actors["id"], self.actors["name"]))

    @cached_property
    def context(self) -> FilterContext:
        """Affiliations, near targets (places, sites, routes) and sanctions, for filtering."""
        # isinstance, not truthiness: an actor without a parent reads back from the store as NaN, which is truthy
        parents = {a: p for a, p in zip(self.actors["id"], self.actors["affiliated_with"]) if isinstance(p, str) and p}
        targets: dict[str, list[tuple[float, float]]] = {}
        names: dict[str, str] = {}
        for row in self.places.itertuples():
            targets[row.id] = [(row.latitude, row.longitude)]
            names[row.id] = row.name
        sites = self.events[self.events["kind"] == "site"]
        for row in sites.itertuples():
            if row.route_id:
                continue
            targets[row.id] = [(row.latitude, row.longitude)]
            names[row.id] = row.title
        for route in self.routes:
            points = []
            for feature in route["geometry"]["features"]:
                points += [(lat, lon) for lon, lat, *_ in feature["geometry"]["coordinates"]]
            targets[route["id"]] = densify_line(points, step_km=1.0)
            names[route["id"]] = route["name"]
        _release_freed_memory()  # what selecting the sites took
        return FilterContext(
            parents=parents,
            near_targets=targets,
            sanctioned=self.sanctioned,
            actor_names=self.actor_names,
            target_names=names,
            article_titles=dict(zip(self.articles["id"], self.articles["title"], strict=True)),
        )

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(
            actors=frozenset(self.actors["id"]),
            articles=frozenset(self.articles["id"]),
            near_targets=frozenset(self.context.near_targets),
            events=frozenset(self.events["id"]),
            origins=frozenset(self.events["origin"].unique()),
        )

    @cached_property
    def searchable(self) -> pd.DataFrame:
        """The events with a precomputed lower-case ``search_text`` column."""
        events = self.events.copy()
        # a part at a time: the text's intermediate columns (title + summary + ...) are those of one part
        parts = [
            search_text(events.iloc[start : start + _PART], self.actor_names) for start in range(0, len(events), _PART)
        ]
        events["search_text"] = pd.concat(parts) if parts else search_text(events, self.actor_names)
        _release_freed_memory()
        return events

    def select(self, state: ViewState) -> pd.DataFrame:
        """The events the view state selects."""
        return filter_events(self.searchable, state, self.context).drop(columns="search_text")


def open_evidence(settings: Settings) -> Evidence:
    return Evidence.from_store(open_store(settings))
