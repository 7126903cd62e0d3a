"""Every error the ``geo`` package raises, in one neutral module.

Each error is named as a sentence and carries what a user needs to act on
it: the file, row and column, the value that was refused, and the fix. The
command line prints ``str(error)`` and exits with status 2; the app shows
the same text in a notice. Nothing here imports the rest of the package.
"""

from __future__ import annotations

__all__ = [
    "AssetsMissing",
    "DataFileError",
    "DataInvalid",
    "GeoError",
    "GeocoderUnavailable",
    "ImportFailed",
    "IngestFailed",
    "OutputNotWritable",
    "PlaceNotFound",
    "QueryInvalid",
    "SettingsInvalid",
    "SnapshotFailed",
    "StoreError",
]


class GeoError(Exception):
    """Base class: every error the package raises on purpose."""


class DataFileError(GeoError):
    """One problem in one data file, located by file, row and column."""

    def __init__(
        self,
        file: str,
        problem: str,
        fix: str,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        self.fix = fix
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.problem}. Fix: {self.fix}"


class DataInvalid(GeoError):
    """A data directory or file failed validation; holds every problem found."""

    def __init__(self, problems: list[DataFileError]) -> None:
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) found; nothing was stored:"]
        lines += [f"  - {problem.describe()}" for problem in self.problems]
        super().__init__("\n".join(lines))


class QueryInvalid(GeoError):
    """A view query (URL or --query) has a parameter that cannot be used."""

    def __init__(self, param: str, value: str, problem: str, fix: str) -> None:
        self.param = param
        self.value = value
        self.problem = problem
        self.fix = fix
        shown = value if len(value) <= 60 else value[:57] + "..."
        super().__init__(f"query parameter '{param}={shown}': {problem}. Fix: {fix}")


class PlaceNotFound(GeoError):
    """A place name or id is not in the gazetteer (and online lookup is off)."""


class GeocoderUnavailable(GeoError):
    """The online geocoder was asked for but is not configured or reachable."""


class StoreError(GeoError):
    """The SQLite store cannot be opened or written."""


class IngestFailed(GeoError):
    """An article could not be read or added; nothing of it was stored."""


class ImportFailed(GeoError):
    """An event import was refused as a whole; the store is unchanged."""


class OutputNotWritable(GeoError):
    """An output file (``--out``) cannot be written; any existing file is untouched."""


class SnapshotFailed(GeoError):
    """A snapshot could not be produced (no browser, unwritable path...)."""


class SettingsInvalid(GeoError):
    """A setting (``GEO_<NAME>`` or ``[geo]`` in secrets.toml) has a value it cannot take."""


class AssetsMissing(GeoError):
    """The map's local assets (Leaflet, plugins, country outlines) are not installed or cannot be installed."""
