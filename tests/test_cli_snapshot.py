"""``python -m geo snapshot``, through the shared in-process ``cli`` fixture."""

from __future__ import annotations

import csv
import json
import re
import struct
from pathlib import Path
from xml.dom import minidom

import pytest

from geo.errors import SnapshotFailed
from geo.render.assets import assets_missing
from geo.render.browser import find_chromium
from geo.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

needs_assets = pytest.mark.skipif(
    bool(assets_missing(Settings().static_dir)),
    reason="map assets not installed under static/vendor: run python -m geo assets install (scripts/setup does)",
)


def _has_chromium() -> bool:
    try:
        find_chromium(Settings())
    except SnapshotFailed:
        return False
    return True


@pytest.fixture
def snapshot(cli):
    return lambda *args, **env: cli("snapshot", *args, **env)


def test_bad_query_exits_2_with_the_parameter_and_the_fix_and_leaves_the_file(snapshot, tmp_path):
    out = tmp_path / "view.geojson"
    out.write_text("previous", encoding="utf-8")
    result = snapshot("--query", "from=notadate&layer=arms-supply", "--out", out)
    assert result.returncode == 2
    assert "query parameter 'from=notadate': not a date. Fix: write the date as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize(
    ("make_out", "message"),
    [
        (lambda tmp: tmp / "missing" / "view.html", "the folder {parent} does not exist"),
        (lambda tmp: tmp / "a-file" / "view.html", "the folder {parent} does not exist"),
        (lambda tmp: tmp, "it is a folder"),
    ],
    ids=["missing-folder", "parent-is-a-file", "out-is-a-folder"],
)
def test_unwritable_path_exits_2_naming_the_path(snapshot, tmp_path, make_out, message):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = make_out(tmp_path)
    result = snapshot("--format", "html", "--out", out)
    assert result.returncode == 2, result.stderr
    assert f"cannot write {out}" in result.stderr
    assert message.format(parent=out.parent) in result.stderr and "Fix:" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_extension_without_format_exits_2(snapshot, tmp_path):
    result = snapshot("--out", tmp_path / "view.pdf")
    assert result.returncode == 2
    assert "cannot tell the format of" in result.stderr and "--format html|png|geojson|csv|kml" in result.stderr


@needs_assets
def test_html_snapshot_of_a_query(snapshot, tmp_path):
    out = tmp_path / "view.html"
    result = snapshot("--query", "actor=norinco&affiliates=0&base=none", "--out", out, "--title", "Norinco <only>")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    # every event's popup carries its id in a data attribute (never in text)
    assert sorted(set(re.findall(r'data-geo-key=\\?"(ev-[^"\\]+)', page))) == ["ev-contract", "ev-seizure"]
    assert "<h1>Norinco &lt;only&gt;</h1>" in page
    assert "actors Norinco" in page and "Data version:" in page
    assert "wrote 2 events as html" in result.stderr


@needs_assets
def test_inline_assets_html_has_no_remote_script_or_style(snapshot, tmp_path):
    out = tmp_path / "offline.html"
    result = snapshot("--query", "base=none", "--out", out, "--inline-assets")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script src=" not in page and 'rel="stylesheet" href="http' not in page
    assert out.stat().st_size > 200_000  # Leaflet and the rest are inside


def test_geojson_kml_and_csv_snapshots(snapshot, tmp_path):
    query = "layer=seizures-combat&layer=arms-supply"
    outputs = {fmt: tmp_path / f"view.{fmt}" for fmt in ("geojson", "kml", "csv")}
    for fmt, out in outputs.items():
        result = snapshot("--query", query, "--out", out)
        assert result.returncode == 0, result.stderr
        assert f"wrote 2 events as {fmt}" in result.stderr

    collection = json.loads(outputs["geojson"].read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in collection["features"]) == ["ev-contract", "ev-seizure"]
    assert collection["metadata"]["query"] == query

    kml = minidom.parse(str(outputs["kml"]))
    assert sorted(p.getAttribute("id") for p in kml.getElementsByTagName("Placemark")) == ["ev-contract", "ev-seizure"]
    assert (
        "Filters: layers Seizures and combat, Arms supply" in kml.getElementsByTagName("description")[0].firstChild.data
    )

    with outputs["csv"].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in rows) == ["ev-contract", "ev-seizure"]
    caption = (tmp_path / "view.csv.caption.txt").read_text(encoding="utf-8")
    assert (
        "Events shown: 2" in caption and "Sources: Rights group calls for sanctions on Norinco (Test Post)" in caption
    )


@pytest.mark.browser
@pytest.mark.skipif(not _has_chromium(), reason="no Chromium: apt-get install chromium, or set GEO_CHROMIUM_PATH")
@needs_assets
def test_png_snapshot_at_the_asked_size(snapshot, tmp_path):
    out = tmp_path / "view.png"
    result = snapshot("--query", "base=none&layer=infrastructure", "--out", out, "--width", 640, "--height", 480)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # IHDR
    assert (width, height) == (640, 480)


def test_png_without_browser_exits_2_saying_how_to_install_one(snapshot, tmp_path):
    out = tmp_path / "view.png"
    result = snapshot("--out", out, GEO_CHROMIUM_PATH=str(tmp_path / "no-such-chromium"))
    assert result.returncode == 2
    assert "apt-get install chromium" in result.stderr and "GEO_CHROMIUM_PATH" in result.stderr
    assert not out.exists()


def test_old_permalink_applies_to_current_data_and_says_what_changed(snapshot, core_data_dir, tmp_path):
    first = snapshot("--query", "layer=arms-supply", "--out", tmp_path / "first.geojson")
    assert first.returncode == 0, first.stderr
    pinned = json.loads((tmp_path / "first.geojson").read_text(encoding="utf-8"))["metadata"]["data_version"]
    events_csv = core_data_dir / "events.csv"
    lines = events_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    events_csv.write_text("".join(line for line in lines if not line.startswith("ev-contract,")), encoding="utf-8")

    result = snapshot(
        "--query", f"https://maps.example.org/?layer=arms-supply&v={pinned}", "--out", tmp_path / "later.geojson"
    )
    assert result.returncode == 0, result.stderr
    assert f"The data has changed since this link was made (version {pinned}, now {pinned + 1})" in result.stderr
    assert "1 event(s) removed: Arms contract (ev-contract)." in result.stderr
    later = json.loads((tmp_path / "later.geojson").read_text(encoding="utf-8"))
    assert later["features"] == [] and later["metadata"]["data_version"] == pinned + 1
