"""The two databases the store runs on: embedded SQLite (the default) and PostgreSQL (a team store).

The store writes its SQL once, in the common part of both dialects (``?``
placeholders, ``INSERT ... ON CONFLICT``, ``RETURNING``, ``NULLS FIRST``);
:class:`Database` hides the rest: how to connect, how a read and a write
begin, and the few types that differ in a table definition.

**Readers never wait on writers.** SQLite runs in WAL mode, readers open the
file read-only (falling back to ``immutable`` when the folder cannot hold
the WAL index), and a writer waits up to 30 s for another one
(``busy_timeout``). On PostgreSQL every write first takes one transaction-
level advisory lock, so writers queue one after another exactly as on
SQLite, every check made inside a write sees everything committed before
it, and data versions grow strictly. Readers are never blocked there either.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from geo.errors import StoreError

__all__ = ["Connection", "Cursor", "Database", "PostgresDatabase", "Row", "SQLiteDatabase", "open_database"]

# Any number will do, as long as nothing else in the database uses it: the key of the store's write lock.
_WRITE_LOCK_KEY = 7_331_4_2026
_BUSY_TIMEOUT_S = 30


class Row(tuple):
    """A result row: a tuple that can also be read by column name (``row["id"]``, ``dict(row)``)."""

    __slots__ = ()
    _names: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_class(description) -> type[Row]:
    names = {column[0]: index for index, column in enumerate(description or ())}
    return type("Row", (Row,), {"__slots__": (), "_names": names})


class Cursor:
    """What :meth:`Connection.execute` returns: rows with names, fetched or iterated."""

    def __init__(self, raw) -> None:
        self._raw = raw
        self._row = _row_class(raw.description)

    @property
    def columns(self) -> list[str]:
        return [column[0] for column in self._raw.description or ()]

    def fetchone(self) -> Row | None:
        row = self._raw.fetchone()
        return None if row is None else self._row(row)

    def fetchall(self) -> list[Row]:
        make = self._row
        return [make(row) for row in self._raw.fetchall()]

    def chunks(self, size: int) -> Iterator[list[tuple]]:
        """The rows as plain tuples, ``size`` at a time: a large result read a part at a time."""
        while rows := self._raw.fetchmany(size):
            yield rows

    def __iter__(self) -> Iterator[Row]:
        make = self._row
        for row in self._raw:
            yield make(row)


class Connection:
    """A connection in the store's dialect: ``?`` placeholders on both databases."""

    def __init__(self, raw, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return _postgres_sql(sql) if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params=()) -> Cursor:
        cursor = self.raw.cursor()
        cursor.execute(self._sql(sql), tuple(params))
        return Cursor(cursor)

    def rows(self, sql: str, params=()) -> list[tuple]:
        """Every row of a query as a plain tuple: the cheap read of many rows (no names)."""
        cursor = self.raw.cursor()
        cursor.execute(self._sql(sql), tuple(params))
        return cursor.fetchall()

    def rows_in(self, sql: str, values, chunk: int = 500) -> list[tuple]:
        """The rows of ``sql`` for every one of ``values``, whose ``{}`` (in ``IN ({})``) takes a few hundred at a time.

        A few hundred per query stays under SQLite's limit of bound parameters, whatever the number of values.
        """
        values, rows = list(values), []
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            rows += self.rows(sql.format(", ".join("?" * len(part))), part)
        return rows

    def executemany(self, sql: str, rows) -> None:
        rows = rows if isinstance(rows, list) else list(rows)  # both drivers take lists and tuples as rows
        if rows:
            self.raw.cursor().executemany(self._sql(sql), rows)

    def insert_rows(self, table: str, columns: list[str], rows) -> None:
        """Insert ``rows`` (tuples or lists in the order of ``columns``) into ``table``, none of which is stored yet.

        PostgreSQL takes them through ``COPY`` (one stream, no statement per row); SQLite through one
        ``executemany``. A row that clashes with a stored key fails the write on both.
        """
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return
        if self.dialect != "postgresql":
            placeholders = ", ".join("?" * len(columns))
            self.raw.cursor().executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
            return
        with self.raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def tables(self) -> set[str]:
        """The names of the tables that exist."""
        if self.dialect == "postgresql":
            sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        return {row[0] for row in self.execute(sql)}


_TRANSLATED: dict[str, str] = {}


def _postgres_sql(sql: str) -> str:
    """``?`` placeholders become ``%s`` (and a literal ``%`` becomes ``%%``), cached per statement."""
    translated = _TRANSLATED.get(sql)
    if translated is None:
        translated = sql.replace("%", "%%").replace("?", "%s")
        _TRANSLATED[sql] = translated
    return translated


class Database:
    """Where the store lives. Subclasses connect; the store's SQL is the same on both."""

    dialect = ""
    location = ""

    def ddl(self, sql: str) -> str:
        """A table definition written for SQLite, in this database's types."""
        return sql

    @contextmanager
    def read(self) -> Iterator[Connection]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    @contextmanager
    def write(self) -> Iterator[Connection]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:  # pragma: no cover - abstract
        """A read of several statements that all see the same moment (a backup while writers write)."""
        raise NotImplementedError
        yield


class SQLiteDatabase(Database):
    """One SQLite file, in WAL mode; reads open it read-only."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)

    def _open(self, read_only: bool) -> sqlite3.Connection:
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        else:
            uri = self.path.resolve().as_uri()
            try:
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
            except sqlite3.OperationalError as error:
                if not self.path.is_file():
                    raise StoreError(f"there is no store at {self.path}. Fix: run python -m geo load") from error
                # A WAL file in a folder we may not write to: read it as it is on disk.
                conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_S * 1000}")
        return conn

    def set_journal(self) -> None:
        """Put the file in WAL mode (persistent; done once, when the schema is created or upgraded)."""
        conn = self._open(read_only=False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        conn = self._open(read_only=True)
        try:
            yield Connection(conn, "sqlite")
        finally:
            conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        conn = self._open(read_only=True)
        try:
            conn.execute("BEGIN")  # in WAL mode: one read transaction, one snapshot of the file
            yield Connection(conn, "sqlite")
            conn.rollback()
        finally:
            conn.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        conn = self._open(read_only=False)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Connection(conn, "sqlite")
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        finally:
            conn.close()


class PostgresDatabase(Database):
    """A PostgreSQL database named by a ``postgresql://`` URL; one connection per thread, reused."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        parts = urlsplit(url)
        # never show a password: the location names the host and the database only
        self.location = (
            f"postgresql://{parts.hostname or 'localhost'}{f':{parts.port}' if parts.port else ''}{parts.path}"
        )
        self._local = threading.local()

    def ddl(self, sql: str) -> str:
        sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
        sql = sql.replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        # byte order, as SQLite sorts: ids and dates sort the same on both stores
        return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', sql)

    def _connection(self):
        import psycopg

        conn = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        try:
            conn = psycopg.connect(self.url, connect_timeout=10, application_name="geo")
        except psycopg.Error as error:
            raise StoreError(
                f"cannot connect to the database at {self.location}: {str(error).strip()}. "
                "Fix: check GEO_DATABASE_URL and that the server is running"
            ) from None
        self._local.conn = conn
        return conn

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        conn = self._connection()
        try:
            if write:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK_KEY,))
            yield Connection(conn, "postgresql")
        except BaseException:
            if not conn.closed:
                conn.rollback()
            raise
        conn.commit()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._transaction(write=False) as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        with self._transaction(write=False) as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self._transaction(write=True) as conn:
            yield conn


def open_database(where: str | Path) -> Database:
    """A :class:`PostgresDatabase` for a ``postgresql://`` URL, else the SQLite file at ``where``."""
    text = str(where)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(text)
    return SQLiteDatabase(Path(where))
