"""The setup and run scripts: no registry once installed, localhost unless told otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare for a network namespace"
)
def test_setup_once_installed_needs_no_network():
    # scripts/setup has run (it runs before the tests): run it again in a namespace without any network
    result = subprocess.run(
        ["unshare", "-n", str(ROOT / "scripts" / "setup")], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "npm" not in result.stdout + result.stderr


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_run_app_listens_on_localhost_unless_told_otherwise(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, GEO_STORE_PATH=str(tmp_path / "store.sqlite"))
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run-app"), "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, nothing on 0.0.0.0 or ::
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
