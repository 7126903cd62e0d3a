"""The python -m geo command line, in process (the shared ``cli`` fixture); the real entry point as a subprocess at the end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, data_dir: Path, store: Path):
    env = dict(os.environ, GEO_DATA_DIR=str(data_dir), GEO_STORE_PATH=str(store))
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_export_geojson_with_query(cli):
    result = cli(
        "export", "--format", "geojson", "--query", "from=2025-01-01&to=2025-12-31&actor=norinco&layer=seizures-combat"
    )
    assert result.returncode == 0, result.stderr
    collection = json.loads(result.stdout)
    assert [f["id"] for f in collection["features"]] == ["ev-seizure"]
    assert collection["metadata"]["count"] == 1


def test_export_csv(cli):
    result = cli("export", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("id,kind,title,summary,category")
    assert len(result.stdout.strip().splitlines()) == 5


@pytest.mark.parametrize(
    "query", ["from=notadate", "actor=nobody", "bogus=1", "layer=x&layer=y", "v=²", "v=①", "z=²", "km=٣x"]
)
def test_bad_query_exits_2_without_traceback(cli, query):
    result = cli("export", "--query", query)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Fix:" in result.stderr


def test_validate_reports_every_problem_and_exits_2(cli, core_data_dir):
    path = core_data_dir / "gazetteer.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("22.2159", "200").replace("95.036995", "east"), encoding="utf-8"
    )
    result = cli("validate")
    assert result.returncode == 2
    assert "gazetteer.csv, row 2, column 'latitude'" in result.stderr
    assert "gazetteer.csv, row 3, column 'longitude'" in result.stderr


def test_load_rebuilds_and_reports_counts(cli):
    result = cli("load")
    assert result.returncode == 0, result.stderr
    assert "4 events" in result.stdout and "1 routes" in result.stdout


def test_load_of_broken_data_keeps_the_store(cli, core_data_dir):
    assert cli("load").returncode == 0
    (core_data_dir / "actors.csv").write_bytes(b"id,name\n" + "Caf\xe9".encode("latin-1"))
    result = cli("load")
    assert result.returncode == 2 and "nothing was stored" in result.stderr
    exported = cli("export")
    assert exported.returncode == 0
    assert "keeps its previous content" in exported.stderr and "actors.csv" in exported.stderr
    assert json.loads(exported.stdout)["metadata"]["count"] == 4


def test_export_to_a_file_and_to_an_unwritable_path(cli, tmp_path):
    out = tmp_path / "events.geojson"
    result = cli("export", "--format", "geojson", "--out", str(out))
    assert result.returncode == 0 and "wrote 4 events" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["metadata"]["count"] == 4
    missing = tmp_path / "no-such-folder" / "events.csv"
    result = cli("export", "--format", "csv", "--out", str(missing))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "does not exist" in result.stderr and "Fix:" in result.stderr


# ------------------------------------------------------------------ --out writes regular files only (issue 16)


def _special_outs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link-to-pipe.csv"
    link.symlink_to(fifo)
    return {
        "fifo": (fifo, "named pipe (FIFO)"),
        "device": (Path("/dev/null"), "a device"),
        "symlink-to-fifo": (link, "named pipe (FIFO)"),
        "folder": (tmp_path, "it is a folder"),
    }


@pytest.mark.parametrize("kind", ["fifo", "device", "symlink-to-fifo", "folder"])
@pytest.mark.parametrize("command", [("export", "--format", "csv"), ("snapshot", "--format", "kml")])
def test_out_refuses_what_is_not_a_regular_file_and_leaves_it_as_it_was(cli, tmp_path, kind, command):
    out, words = _special_outs(tmp_path)[kind]
    before = os.stat(out).st_mode
    result = cli(*command, "--out", out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"cannot write {out}" in result.stderr and words in result.stderr and "Fix:" in result.stderr
    assert os.stat(out).st_mode == before  # /dev/null is still a device, the FIFO still a FIFO
    assert not list(tmp_path.glob(".*.part"))


def test_out_dash_is_standard_output(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exported = cli("export", "--format", "geojson", "--out", "-")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["metadata"]["count"] == 4
    kml = cli("snapshot", "--format", "kml", "--query", "layer=arms-supply", "--out", "-")
    assert kml.returncode == 0, kml.stderr
    assert kml.stdout_bytes.startswith(b"<?xml") and b"<Placemark" in kml.stdout_bytes
    assert "to standard output" in kml.stderr
    assert not (tmp_path / "-").exists()  # no file named '-'
    no_format = cli("snapshot", "--out", "-")
    assert no_format.returncode == 2 and "--format" in no_format.stderr and "Traceback" not in no_format.stderr


def test_out_replaces_a_regular_file_keeping_its_mode(cli, tmp_path):
    out = tmp_path / "events.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    result = cli("export", "--format", "csv", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("id,kind,title")
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)


# ------------------------------------------------------------------ the real entry point, as a user runs it


def test_the_real_entry_point_exports_and_exits_2_on_a_bad_query(core_data_dir, tmp_path):
    good = run_cli("export", "--format", "csv", data_dir=core_data_dir, store=tmp_path / "s.sqlite")
    assert good.returncode == 0 and good.stdout.startswith("id,kind,title")
    bad = run_cli("export", "--query", "from=notadate", data_dir=core_data_dir, store=tmp_path / "s.sqlite")
    assert bad.returncode == 2 and "Fix:" in bad.stderr and "Traceback" not in bad.stderr


def test_the_real_entry_point_prints_help_and_exits_2_without_a_command(core_data_dir, tmp_path):
    result = run_cli(data_dir=core_data_dir, store=tmp_path / "s.sqlite")
    assert result.returncode == 2 and "snapshot" in result.stderr
