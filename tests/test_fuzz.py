"""Fuzzing the boundaries where strangers' input comes in: a clean answer or a clean refusal, never a traceback.

Property-based (hypothesis) over the query grammar (the URL of every page,
``--query`` on the command line), the import readers (ACLED CSV, this tool's
CSV and GeoJSON, through :func:`geo.intake.imports.parse_import`) and the
article reader's front matter (:func:`geo.intake.reader.read_article_bytes`).
"A clean refusal" is a :class:`geo.errors.GeoError`, whose message names the
file, row or parameter and the fix; any other exception is a crash the user
would see as a traceback. The examples are seeded (``derandomize``) so a run
is repeatable and a failure reproduces.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import GeoError, QueryInvalid
from geo.query import PARAMETERS, ViewState, format_query, parse_query

# Characters that trip naive parsing: str.isdigit() is true for the superscripts, circled and
# fullwidth digits (int() refuses some), Arabic-Indic and Myanmar digits (int() accepts them),
# signs, separators, controls, a lone surrogate and the BOM.
TRICKY = "²³¹①⑳０９٣۴၁၉𝟘Ⅻ½-+.,eE_ \t\n\r\x00\x0b\x1f\ud800\ufeff\u2060'\"<>&=;%#?/:[]()!*`$\\"
TRICKY_TEXT = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=30)
NUMBERISH = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=st.sampled_from("0123456789²①٣၁-+.eE "), min_size=1, max_size=12),
    TRICKY_TEXT,
)
ROOT = Path(__file__).resolve().parent.parent
NAMES = [*PARAMETERS, "doc", "span", "profile", "", "V", "from ", "q\x00"]
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
READER_FUZZ = settings(FUZZ, max_examples=300)


# ------------------------------------------------------------------ the query grammar


@st.composite
def queries(draw):
    """A query as a URL query string, a pasted link, or a mapping of lists (``st.query_params``)."""
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(NAMES) | TRICKY_TEXT, NUMBERISH | TRICKY_TEXT | st.just("")), max_size=8)
    )
    form = draw(st.sampled_from(["string", "link", "mapping", "raw"]))
    if form == "raw":
        return draw(st.text(max_size=200))
    if form == "mapping":
        mapping: dict[str, list[str]] = {}
        for name, value in pairs:
            mapping.setdefault(name, []).append(value)
        return mapping
    from urllib.parse import urlencode

    text = urlencode(pairs, errors="surrogatepass")  # a lone surrogate travels as its bytes
    return f"http://localhost:8501/?{text}#x" if form == "link" else text


@FUZZ
@given(queries())
def test_any_query_gives_a_view_and_notices_never_an_exception(query):
    state, notices = parse_query(query)
    assert isinstance(state, ViewState)
    assert all(isinstance(n, QueryInvalid) and "Fix:" in str(n) for n in notices)
    # what the app writes back to the URL reads back with nothing to complain about, and is then stable
    # (the first write rounds lat/lon to 5 decimals and km to 6 digits)
    again, second_notices = parse_query(format_query(state))
    assert second_notices == []
    assert parse_query(format_query(again)) == (again, [])


@FUZZ
@given(queries())
def test_any_query_on_the_command_line_is_a_view_or_one_clean_refusal(query):
    try:
        state, notices = parse_query(query, strict=True)
    except QueryInvalid as problem:
        assert "Fix:" in str(problem)
    else:
        assert isinstance(state, ViewState) and notices == []


@pytest.mark.parametrize("value", ["²", "①", "٣", "၁၂", "１２", "𝟘", "1²", " ²", "-1", "1e3", "0x10", "1_000"])
def test_version_that_is_not_ascii_digits_is_a_notice(value):
    state, notices = parse_query({"v": [value]})
    assert state.version is None
    assert [n.param for n in notices] == ["v"]
    with pytest.raises(QueryInvalid, match="not a data version"):
        parse_query({"v": [value]}, strict=True)


# ------------------------------------------------------------------ the import readers


def _parse(data: bytes, name: str, fmt: str | None):
    from geo.intake.imports import parse_import

    try:
        parsed = parse_import(data, name, fmt)
    except GeoError as refusal:
        assert str(refusal), "a refusal says what is wrong"
        return None
    # every refused row is a GeoError naming what to fix; every kept event has a title and a point
    assert all(isinstance(p, GeoError) and "Fix" in str(p) for p in parsed.problems)
    for event in parsed.events:
        assert event["title"] and -90 <= event["latitude"] <= 90 and -180 <= event["longitude"] <= 180
    return parsed


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


ACLED_GOOD = {
    "event_id_cnty": "MMR1",
    "event_date": "2024-03-05",
    "year": "2024",
    "time_precision": "1",
    "disorder_type": "Political violence",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Myanmar (2021-)",
    "assoc_actor_1": "",
    "actor2": "PDF: People's Defense Force",
    "assoc_actor_2": "",
    "country": "Myanmar",
    "admin1": "Sagaing",
    "admin2": "Monywa",
    "admin3": "Salingyi",
    "location": "Salingyi",
    "latitude": "21.9736",
    "longitude": "95.0827",
    "geo_precision": "1",
    "source": "Synthetic Weekly",
    "notes": "A made-up clash.",
    "fatalities": "3",
}


@st.composite
def acled_files(draw):
    """An ACLED export whose cells are good, tricky numbers, or anything; sometimes with extra or missing cells."""
    header = list(ACLED_GOOD)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    rows = []
    for number in range(draw(st.integers(1, 4))):
        row = []
        for column in header:
            choice = draw(st.integers(0, 3))
            good = ACLED_GOOD[column] if column != "event_id_cnty" else f"MMR{number}"
            row.append(good if choice < 2 else draw(NUMBERISH if choice == 2 else TRICKY_TEXT))
        shape = draw(st.integers(0, 5))
        if shape == 0:
            row.append(draw(TRICKY_TEXT))  # an extra cell
        elif shape == 1:
            row = row[: draw(st.integers(0, len(row)))]  # missing cells
        rows.append(row)
    return _csv_text(header, rows)


@READER_FUZZ
@given(acled_files(), st.sampled_from(["utf-8", "utf-8-sig", "latin-1-lossy"]))
def test_any_acled_file_is_read_or_refused_cleanly(text, encoding):
    data = text.encode("latin-1", "replace") if encoding == "latin-1-lossy" else text.encode(encoding, "surrogatepass")
    _parse(data, "acled.csv", "acled")


@READER_FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_as_an_import_are_read_or_refused_cleanly(data):
    for fmt in ("acled", "csv", "geojson", None):
        _parse(data, "upload.csv", fmt)


CSV_GOOD = {
    "id": "ev-1",
    "kind": "event",
    "title": "A made-up event",
    "summary": "Nothing happened.",
    "category": "arms-supply",
    "date_start": "2024-01-01",
    "date_end": "2024-01-02",
    "date_precision": "range",
    "place": "Yangon",
    "latitude": "16.8",
    "longitude": "96.15",
    "location_precision_m": "500",
    "actors": "norinco",
    "actor_roles": "norinco:supplier",
    "source_start": "0",
    "source_end": "10",
    "quote": "text",
    "note": "",
}


@st.composite
def generic_csv_files(draw):
    header = (
        draw(st.lists(st.sampled_from(list(CSV_GOOD)), min_size=1, unique=True))
        if draw(st.booleans())
        else list(CSV_GOOD)
    )
    rows = []
    for number in range(draw(st.integers(1, 4))):
        row = [
            (f"ev-{number}" if c == "id" else CSV_GOOD[c]) if draw(st.booleans()) else draw(NUMBERISH | TRICKY_TEXT)
            for c in header
        ]
        if draw(st.integers(0, 4)) == 0:
            row.append(draw(TRICKY_TEXT))
        rows.append(row)
    return _csv_text(header, rows)


@READER_FUZZ
@given(generic_csv_files())
def test_any_csv_in_the_export_format_is_read_or_refused_cleanly(text):
    _parse(text.encode("utf-8", "surrogatepass"), "events.csv", "csv")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TRICKY_TEXT | NUMBERISH,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TRICKY_TEXT, children, max_size=4),
    max_leaves=12,
)


@st.composite
def geojson_files(draw):
    """FeatureCollections whose members are right, the wrong type (a list, a string, a number) or anything."""

    def maybe(good):
        return good if draw(st.booleans()) else draw(JSON_VALUES)

    features = []
    for number in range(draw(st.integers(0, 4))):
        properties = {k: maybe(v) for k, v in CSV_GOOD.items() if k not in ("latitude", "longitude")}
        properties["id"] = f"ev-{number}"
        feature = {
            "type": maybe("Feature"),
            "geometry": maybe({"type": maybe("Point"), "coordinates": maybe([maybe(96.15), maybe(16.8)])}),
            "properties": maybe(properties),
        }
        if draw(st.booleans()):
            feature["id"] = draw(JSON_VALUES)
        features.append(maybe(feature))
    document = {"type": maybe("FeatureCollection"), "features": maybe(features)}
    return json.dumps(maybe(document))


@READER_FUZZ
@given(geojson_files())
def test_any_geojson_is_read_or_refused_cleanly(text):
    _parse(text.encode("utf-8", "surrogatepass"), "events.geojson", "geojson")


@pytest.mark.parametrize(
    "document",
    [
        '{"type": "FeatureCollection", "features": 5}',
        '{"type": "FeatureCollection", "features": "abc"}',
        '{"type": "FeatureCollection", "features": {"a": 1}}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": [1, 2], "properties": {}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": "Point", "properties": {}}]}',
        '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 2]},'
        ' "properties": [1, 2]}]}',
        '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 2]},'
        ' "properties": "title"}]}',
        '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": ["a", {}]},'
        ' "properties": {"id": "ev-1", "title": "t", "category": "arms-supply"}}]}',
        '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 2]},'
        ' "properties": {"id": ["x"], "title": {"a": 1}, "category": 5, "fatalities": "\u00b2"}}]}',
        "[" * 20_000 + "]" * 20_000,
        '{"type": "FeatureCollection", "features": ' + "[" * 20_000 + "]" * 20_000 + "}",
    ],
    ids=[
        "features-number",
        "features-string",
        "features-object",
        "geometry-list",
        "geometry-string",
        "properties-list",
        "properties-string",
        "coordinates-not-numbers",
        "properties-wrong-types",
        "nested-20000",
        "features-nested-20000",
    ],
)
def test_malformed_geojson_is_refused_cleanly(document):
    _parse(document.encode("utf-8"), "bad.geojson", "geojson")


def test_a_bad_feature_does_not_lose_the_good_ones():
    good = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [96.15, 16.8]},
        "properties": {"id": "ev-good", "title": "Good", "category": "arms-supply"},
    }
    for bad in ({"type": "Feature", "geometry": [1, 2], "properties": {}}, {"geometry": None, "properties": "x"}):
        document = {"type": "FeatureCollection", "features": [bad, good]}
        parsed = _parse(json.dumps(document).encode(), "mixed.geojson", "geojson")
        assert parsed is not None and [e["id"] for e in parsed.events] == ["ev-good"]
        assert len(parsed.problems) == 1 and "feature 1" in str(parsed.problems[0])


@pytest.mark.parametrize("value", ["²", "①", "٣", "1e3", "-1", "3.5", "NaN", "inf", "", "9" * 400])
def test_acled_fatalities_that_is_not_a_count_refuses_only_that_row(value):
    rows = [dict(ACLED_GOOD, event_id_cnty="MMR1"), dict(ACLED_GOOD, event_id_cnty="MMR2", fatalities=value)]
    text = _csv_text(list(ACLED_GOOD), [list(r.values()) for r in rows])
    parsed = _parse(text.encode(), "acled.csv", "acled")
    assert parsed is not None, "one odd cell must not refuse the whole file"
    assert "acled-MMR1" in {e["id"] for e in parsed.events}


# ------------------------------------------------------------------ the front-matter reader

YAML_SCALARS = st.one_of(
    st.sampled_from(
        [
            "2025-02-30",
            "2025-13-01",
            "0000-01-01",
            "9999-12-31",
            "2025-02-30T10:00:00",
            "2025-01-01 25:00",
            "null",
            "~",
            "yes",
            "1e400",
            "-.inf",
            ".nan",
            "0x1F",
            "0o17",
            "!!binary aGVsbG8=",
            "!!python/object:os.system ls",
            "[1, 2",
            "{a: 1}",
            "&a x",
            "*a",
            "*undefined",
            "|",
            "'unterminated",
            '"\\x00"',
        ]
    ),
    TRICKY_TEXT.map(lambda t: t.replace("\n", " ")),
)
FRONT_KEYS = st.sampled_from(["title", "publisher", "published", "url", "date", "author", "lang", "x", "", "? a"])


@st.composite
def markdown_articles(draw):
    lines = [f"{draw(FRONT_KEYS)}: {draw(YAML_SCALARS)}" for _ in range(draw(st.integers(0, 6)))]
    if draw(st.booleans()):
        lines.append(draw(st.text(max_size=40)))  # a line that may not be YAML at all
    body = draw(st.text(max_size=200))
    closing = draw(st.sampled_from(["---", "...", "", "----"]))
    return "---\n" + "\n".join(lines) + f"\n{closing}\n" + body


def _read(data: bytes, name: str):
    from geo.intake.reader import read_article_bytes

    try:
        article = read_article_bytes(data, name)
    except GeoError as refusal:
        assert str(refusal)
        return None
    assert isinstance(article.text, str)
    return article


@READER_FUZZ
@given(markdown_articles())
def test_any_front_matter_is_read_or_refused_cleanly(text):
    _read(text.encode("utf-8", "surrogatepass"), "article.md")


@READER_FUZZ
@given(st.binary(max_size=300), st.sampled_from(["a.md", "a.txt", "a.html"]))
def test_any_bytes_as_an_article_are_read_or_refused_cleanly(data, name):
    _read(data, name)


@pytest.mark.parametrize("published", ["2025-02-30", "2025-13-01", "2025-02-30T10:00:00", "1e400", "[2025]", "{a: 1}"])
def test_an_impossible_publication_date_is_refused_or_ignored_cleanly(published):
    _read(f"---\ntitle: T\npublished: {published}\n---\nBody text.\n".encode(), "article.md")


def test_a_yaml_alias_bomb_is_refused_cleanly_with_bounded_memory(tmp_path):
    """Nine levels of ten aliases: 10^9 strings if expanded. Read in a child with 512 MB and 60 s at most."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for depth, name in enumerate(string.ascii_lowercase[1:10], start=1):
        previous = string.ascii_lowercase[depth - 1]
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    text = "---\n" + "\n".join(levels) + "\ntitle: *i\npublisher: *i\n---\nBody.\n"
    assert len(text) < 1000
    (tmp_path / "bomb.md").write_text(text, encoding="utf-8")
    child = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))\n"
        "from geo.errors import GeoError\n"
        "from geo.intake.reader import read_article_bytes\n"
        "try:\n"
        "    article = read_article_bytes(open(sys.argv[1], 'rb').read(), 'bomb.md')\n"
        "except GeoError as refusal:\n"
        "    print('refused:', refusal)\n"
        "else:\n"
        "    print('read:', len(repr(vars(article))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child, str(tmp_path / "bomb.md")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(("refused:", "read:"))
    if result.stdout.startswith("read:"):  # read: then the aliases were not expanded into the metadata
        assert int(result.stdout.split()[1]) < 100_000


def test_a_geonames_population_of_superscript_digits_is_read_as_unknown(tmp_path):
    from geo.intake.geonames import read_geonames

    path = tmp_path / "MM.txt"
    path.write_text(
        "1\tPlace\tPlace\t\t16.8\t96.1\tP\tPPL\tMM\t\t01\t\t\t\t\u00b2\t\t5\tAsia/Yangon\t2020-01-01\n",
        encoding="utf-8",
    )
    with contextlib.suppress(GeoError):  # a clean refusal is an answer too; a ValueError from int('²') is not
        read_geonames(path)
