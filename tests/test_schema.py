"""data/ and its documentation stay in step with the declared schema."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from geo import schema

DATA = Path(__file__).resolve().parent.parent / "data"
README = DATA / "README.md"


@pytest.mark.parametrize("file_schema", list(schema.FILES), ids=lambda s: s.path)
def test_file_header_matches_schema(file_schema):
    path = DATA / file_schema.path
    if file_schema is schema.SANCTIONS and not path.exists():
        pytest.skip("sanctions.csv not present")
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == file_schema.column_names


@pytest.mark.parametrize("file_schema", list(schema.FILES), ids=lambda s: s.path)
def test_readme_documents_every_file_and_column(file_schema):
    if not (DATA / file_schema.path).exists():
        pytest.skip(f"{file_schema.path} not present")
    text = README.read_text(encoding="utf-8")
    assert file_schema.path in text, f"data/README.md does not mention {file_schema.path}"
    # the section about this file documents every column as `name` in a table row
    for column in file_schema.column_names:
        assert re.search(rf"\|\s*`{re.escape(column)}`\s*\|", text), (
            f"column {column} of {file_schema.path} undocumented"
        )


def test_every_data_file_is_documented():
    text = README.read_text(encoding="utf-8")
    for path in DATA.rglob("*"):
        if path.is_file() and path.name != "README.md" and path.suffix in (".csv", ".geojson", ".json"):
            rel = str(path.relative_to(DATA))
            assert rel in text or path.name in text, f"data/README.md does not document {rel}"
