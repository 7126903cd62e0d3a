"""AppTest: team mode with GEO_READERS=signed-in shows nothing to a visitor who has not signed in."""

from __future__ import annotations


def test_a_team_only_site_asks_visitors_to_sign_in_and_shows_no_evidence(open_page, monkeypatch):
    monkeypatch.setenv("GEO_MODE", "team")
    monkeypatch.setenv("GEO_READERS", "signed-in")
    app = open_page("20_events.py")
    assert any("open to its team only" in info.value for info in app.info)
    # without an [auth] section the administrator is told what is missing, not given a traceback
    assert any("Sign-in is not configured" in error.value for error in app.error)
    assert not app.dataframe and not app.get("arrow_data_frame")


def test_a_team_site_open_to_everyone_lets_visitors_read(open_page, monkeypatch):
    monkeypatch.setenv("GEO_MODE", "team")
    app = open_page("20_events.py")
    assert not any("open to its team only" in info.value for info in app.info)
    assert app.get("arrow_data_frame") or app.dataframe
