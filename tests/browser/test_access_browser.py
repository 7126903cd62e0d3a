"""Publishing in a real browser: a public site writes nothing, a team signs in, errors show no traceback.

- ``public``: no page offers a file upload, a text area that stores, or an
  edit button; the write pages' addresses say the site is read-only.
- ``team``: a reader is refused; an editor signs in with ``st.login``
  through a local OpenID Connect provider (``oidc_provider.py``, on
  127.0.0.1), corrects an event, and the map and the event's history show it.
- Outside ``local`` a forced error (the store file destroyed under the
  running app) shows a short message with a reference, never a traceback;
  the reference is in the server log.
- Two app servers on one PostgreSQL: an article added through one reaches
  the other's map.

Every request not aimed at 127.0.0.1 is aborted and recorded (``offline``).
Screenshots go to ``var/screenshots/``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from geo.settings import load_settings
from geo.store import Store

from .conftest import _needs_browser_and_assets, running_app
from .oidc_provider import OIDCProvider

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
READ_PAGES = ["", "events", "actors", "article", "sanctions"]
WRITE_PAGES = ["add-article", "import", "correct", "changes"]
EDITOR, READER = "editor@example.org", "reader@example.org"
CORRECTED = "Corrected in the browser, as the statement words it"


def _wait_for_app(page) -> None:
    # the menu of st.navigation ("Map"; the pages-directory menu says "map"), then the end of the run
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Map", exact=True).wait_for(timeout=60_000)
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000, polling=200
    )
    page.wait_for_timeout(500)


def _plain(text: str) -> str:
    """Page text as a reader reads it (the Markdown escaping puts invisible word joiners after ':' and '@')."""
    return text.replace("\u2060", "")


def _store_with_data(folder: Path) -> Path:
    path = folder / "store.sqlite"
    Store(path).ensure_current(load_settings().data_dir)
    return path


def _event_id(store_path: Path) -> str:
    events = Store(store_path).events()
    return str(events[events["article_id"].notna()].iloc[0]["id"])


@pytest.fixture(scope="module")
def public_app(tmp_path_factory):
    _needs_browser_and_assets()
    folder = tmp_path_factory.mktemp("public")
    store = _store_with_data(folder)
    with running_app(store, GEO_MODE="public") as url:
        yield url, store


def test_a_public_site_offers_nothing_that_writes(offline, public_app):
    url, _ = public_app
    page = offline.page
    # The first session a new server process runs sees Streamlit's pages-directory menu (every file of
    # pages/) until app.py has called st.navigation once; its write pages stop at ui.current() all the
    # same. Open one page first, as any visitor would, then check what every later visitor sees.
    page.goto(f"{url}/?base=none")
    _wait_for_app(page)
    for path in READ_PAGES:
        page.goto(f"{url}/{path}?base=none")
        _wait_for_app(page)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Add article" not in nav and "Import events" not in nav and "Changes" not in nav, (path, nav)
        assert page.locator('input[type="file"]').count() == 0, path
        assert page.locator("textarea").count() == 0, path
        for label in ("Correct or retract", "Store", "Import", "Retract", "Sign in"):
            assert page.get_by_role("button", name=label).count() == 0, (path, label)
            assert page.get_by_role("link", name=label).count() == 0, (path, label)
    for path in WRITE_PAGES:
        page.goto(f"{url}/{path}")
        _wait_for_app(page)
        page.get_by_text("This site is read-only").wait_for(timeout=30_000)
        assert page.locator('input[type="file"]').count() == 0 and page.locator("textarea").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "public-read-only-1440x900.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/add-article")
    _wait_for_app(page)
    page.screenshot(path=str(SHOTS / "public-read-only-390x844.png"))
    assert offline.blocked == [], offline.blocked


def test_a_forced_error_outside_local_shows_a_reference_and_no_traceback(offline, public_app):
    url, store = public_app
    page = offline.page
    page.goto(f"{url}/?base=none")
    _wait_for_app(page)
    for leftover in (Path(f"{store}-wal"), Path(f"{store}-shm")):
        leftover.unlink(missing_ok=True)
    store.write_bytes(b"this is not a database any more " * 200)  # the store is destroyed under the app
    page.goto(f"{url}/events")
    message = page.get_by_text(re.compile(r"Something went wrong .* reference [0-9a-f]{8}"))
    message.wait_for(timeout=60_000)
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "sqlite3" not in body and "DatabaseError" not in body
    reference = re.search(r"reference ([0-9a-f]{8})", message.inner_text()).group(1)
    log = next(store.parent.glob("streamlit-*.log")).read_text()
    assert f"reference {reference}" in log and "Traceback" in log  # the administrator has the details
    page.screenshot(path=str(SHOTS / "public-error-1440x900.png"))


@pytest.fixture(scope="module")
def team_app(tmp_path_factory):
    _needs_browser_and_assets()
    folder = tmp_path_factory.mktemp("team")
    store = _store_with_data(folder)
    roles = folder / "roles.toml"
    roles.write_text(f'[roles]\n"{EDITOR}" = "editor"\n', encoding="utf-8")
    with OIDCProvider() as provider:
        secrets = folder / "secrets.toml"
        secrets.write_text(provider.secrets_toml(), encoding="utf-8")
        with running_app(
            store, GEO_MODE="team", GEO_ROLES_PATH=str(roles), STREAMLIT_SECRETS_FILES=str(secrets)
        ) as url:
            yield url, store, provider


def _sign_in(page, url: str, account: str) -> None:
    page.goto(f"{url}/?base=none")
    _wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign in").click()
    page.get_by_label("E-mail").wait_for(timeout=30_000)  # the provider's page, on 127.0.0.1
    assert page.url.startswith("http://127.0.0.1") and "/authorize" in page.url
    page.get_by_label("E-mail").fill(account)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {account}").wait_for(timeout=60_000)


def test_in_a_team_a_reader_is_refused_and_an_editor_signs_in_and_corrects(browser, team_app):
    url, store, provider = team_app
    event_id = _event_id(store)
    contexts = []

    def new_page():
        from .conftest import OfflinePage

        context = browser.new_context(viewport={"width": 1440, "height": 900})
        contexts.append(context)
        return OfflinePage(context)

    try:
        anonymous = new_page()
        anonymous.page.goto(f"{url}/add-article")
        _wait_for_app(anonymous.page)
        anonymous.page.get_by_text("Only editors can use the Add article page").wait_for(timeout=30_000)
        assert anonymous.page.locator('input[type="file"]').count() == 0

        reader = new_page()
        _sign_in(reader.page, url, READER)
        reader.page.goto(f"{url}/correct?event={event_id}")
        _wait_for_app(reader.page)
        reader.page.get_by_text(f"The account {READER} can read this map but not").wait_for(timeout=30_000)
        assert reader.page.get_by_role("button", name="Store the correction").count() == 0

        editor = new_page()
        _sign_in(editor.page, url, EDITOR)
        page = editor.page
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Add article" in nav and "Correct an event" in nav
        page.goto(f"{url}/correct?event={event_id}")
        _wait_for_app(page)
        title = page.get_by_label("Title", exact=True)
        title.wait_for(timeout=60_000)
        title.fill(CORRECTED)
        page.get_by_label("Why this correction (kept in the event's history)").fill("Checked against the report")
        page.screenshot(path=str(SHOTS / "team-correct-1440x900.png"), full_page=True)
        page.get_by_role("button", name="Store the correction").click()
        page.get_by_text(re.compile(r"Correction stored as data version \d+")).wait_for(timeout=60_000)

        page.goto(f"{url}/?event={event_id}&base=none")
        _wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text(re.compile("Corrected in the browser")).first.wait_for(timeout=60_000)
        assert CORRECTED in _plain(main.inner_text())
        main.get_by_text("History of this event").click()
        main.get_by_text(re.compile("corrected by")).wait_for(timeout=30_000)
        history = _plain(main.inner_text())
        assert f"corrected by {EDITOR} · why: Checked against the report · changed: title" in history, history
        page.screenshot(path=str(SHOTS / "team-history-1440x900.png"))
        from geo.history import event_history

        last = event_history(Store(store), event_id)[-1]
        assert (last.change, last.account, last.reason) == ("corrected", EDITOR, "Checked against the report")
        assert provider.signed_in == [READER, EDITOR]
        for pages in (anonymous, reader, editor):
            assert pages.blocked == [], pages.blocked
    finally:
        for context in contexts:
            context.close()


def test_two_app_servers_on_one_postgresql_see_each_others_articles(offline, tmp_path, postgres_server):
    _needs_browser_and_assets()
    url = postgres_server()
    Store(url).ensure_current(load_settings().data_dir)
    article = ROOT / "tests" / "data" / "ingest_review.md"
    first_folder, second_folder = tmp_path / "one", tmp_path / "two"
    first_folder.mkdir()
    second_folder.mkdir()
    page = offline.page
    with (
        running_app(first_folder / "unused.sqlite", GEO_DATABASE_URL=url) as one,
        running_app(second_folder / "unused.sqlite", GEO_DATABASE_URL=url) as two,
    ):
        page.goto(f"{one}/?base=none")  # each server's first session leaves Streamlit's pages-directory mode
        _wait_for_app(page)
        page.goto(f"{two}/?base=none")
        _wait_for_app(page)
        page.locator(".geo-count").wait_for(timeout=60_000)
        before = int(re.search(r"(\d+) of (\d+) events shown", page.locator(".geo-count").inner_text()).group(2))

        page.goto(f"{one}/add-article?base=none")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(article))
        page.get_by_role("button", name="Accept all good proposals").click(timeout=60_000)
        page.get_by_role("button", name="Store the article and the accepted events").click()
        success = page.get_by_text(re.compile(r"Stored the article .*event\(s\) added"))
        success.wait_for(timeout=60_000)
        added = int(re.search(r"(\d+) event\(s\) added", success.inner_text()).group(1))
        assert added > 0

        page.goto(f"{two}/?base=none")
        page.locator(".geo-count").wait_for(timeout=60_000)
        after = int(re.search(r"(\d+) of (\d+) events shown", page.locator(".geo-count").inner_text()).group(2))
        assert after == before + added
    assert not any(shutil.os.path.exists(f / "unused.sqlite") for f in (first_folder, second_folder))
    assert offline.blocked == [], offline.blocked
