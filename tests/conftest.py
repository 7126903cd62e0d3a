"""Shared fixtures: a copy of the small core data directory, a store built from it (on SQLite and PostgreSQL), the command line, the app."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture
def open_page(tmp_path: Path, monkeypatch, core_data_dir: Path):
    """Start the real app.py under AppTest on a copy of the core data, then switch to ``page``.

    Returns ``start(page, prepare=None)``; ``prepare(data_dir)`` may add files
    (e.g. a sanctions.csv) before the app first runs.
    """
    from streamlit.testing.v1 import AppTest

    def start(page: str, prepare=None) -> AppTest:
        import streamlit as st

        if prepare:
            prepare(core_data_dir)
        monkeypatch.setenv("GEO_DATA_DIR", str(core_data_dir))
        monkeypatch.setenv("GEO_STORE_PATH", str(tmp_path / "page.sqlite"))
        st.cache_resource.clear()  # geo.ui caches the settings (and so the store path) per process
        st.cache_data.clear()
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.run()
        app.switch_page(str(ROOT / "pages" / page))
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return start


@dataclass
class CliResult:
    """What a run of the command line gave: the exit status and what it printed (as ``subprocess`` names them)."""

    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


@pytest.fixture
def cli(tmp_path: Path, monkeypatch, core_data_dir: Path):
    """Run ``python -m geo ARGS`` in this process on a copy of the core data; returns a :class:`CliResult`.

    ``cli(*args, stdin="...", **env)``: ``env`` sets ``GEO_*`` variables for this
    run (e.g. ``GEO_CHROMIUM_PATH="/nonexistent"``). The store is
    ``tmp_path/cli.sqlite`` unless ``GEO_STORE_PATH`` says otherwise. A few
    tests in ``tests/test_cli.py`` run the real entry point as a subprocess.
    """
    from geo.cli import main

    def run(*args, stdin: str | None = None, **env) -> CliResult:
        settings = {"GEO_DATA_DIR": str(core_data_dir), "GEO_STORE_PATH": str(tmp_path / "cli.sqlite"), **env}
        with monkeypatch.context() as patch:
            for name, value in settings.items():
                patch.setenv(name, str(value))
            out, err = io.BytesIO(), io.StringIO()
            out_text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
            patch.setattr(sys, "stdin", io.StringIO(stdin or ""))
            with contextlib.redirect_stdout(out_text), contextlib.redirect_stderr(err):
                try:
                    code = main([str(a) for a in args])
                except SystemExit as exit_:  # argparse: --help, usage errors
                    code = exit_.code if isinstance(exit_.code, int) else 2
            out_text.flush()
        data = out.getvalue()
        return CliResult(int(code or 0), data.decode("utf-8", "replace"), err.getvalue(), data)

    return run


# ------------------------------------------------------------- PostgreSQL (team store)

# Debian's server binaries (not on PATH): the newest installed major version
PG_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"),
    default=Path("/usr/lib/postgresql/15/bin"),
    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
)


def _as_postgres(command: list[str]) -> list[str]:
    """Run a server binary as the ``postgres`` user when we are root (PostgreSQL refuses to run as root)."""
    import os

    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL (Debian's, 15 on bookworm) started once per test session in a temporary folder (initdb, pg_ctl), Unix socket only.

    Yields ``new_database()``, which creates an empty database and returns its
    ``postgresql://`` URL. Skipped when Debian's postgresql is not installed
    (``scripts/setup --browser`` installs it).
    """
    import os
    import shutil as shell
    import socket
    import subprocess
    import tempfile

    if not (PG_BIN / "initdb").is_file():
        pytest.skip("Debian's postgresql is not installed (scripts/setup --browser installs it)")
    folder = Path(tempfile.mkdtemp(prefix="geo-pg-"))
    if os.geteuid() == 0:
        shell.chown(folder, "postgres", "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = folder / "data"
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8"]),
        **run,
    )  # fmt: skip
    options = (
        f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start"]),
        **run,
    )  # fmt: skip
    import psycopg

    admin = f"postgresql://postgres@/postgres?host={folder}&port={port}"
    names = iter(range(1, 1_000_000))

    def new_database() -> str:
        name = f"geo_test_{next(names)}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@/{name}?host={folder}&port={port}"

    try:
        yield new_database
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), **run)
        shell.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path: Path) -> str:
    """Where a new, empty store goes: a SQLite file, then a fresh PostgreSQL database (tests run on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return request.getfixturevalue("postgres_server")()


@pytest.fixture
def any_store(store_location: str, core_data_dir: Path) -> Store:
    """The core store on each backend in turn: SQLite, then PostgreSQL."""
    store = Store(store_location)
    store.load_curated(load_dataset(core_data_dir))
    return store
