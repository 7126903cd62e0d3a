"""Shared fixtures: a copy of the small core data directory, and a store built from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.store import Store

CORE_DATA = Path(__file__).parent / "data" / "core"
REPO_DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def core_data_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data/core (articles, gazetteer, actors, routes, events)."""
    target = tmp_path / "data"
    shutil.copytree(CORE_DATA, target)
    return target


@pytest.fixture
def core_store(tmp_path: Path, core_data_dir: Path) -> Store:
    """A store loaded from the core fixture data."""
    store = Store(tmp_path / "store.sqlite")
    store.load_curated(load_dataset(core_data_dir))
    return store
