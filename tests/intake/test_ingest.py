"""Ingest: provenance, idempotence, all-or-nothing, and refusals that leave the store as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.errors import IngestFailed
from geo.intake.extraction import Extractor
from geo.intake.gazetteer import Gazetteer
from geo.intake.ingest import build_events, ingest_files, prepare_article, store_articles
from geo.intake.reader import read_article

DATA = Path(__file__).parent.parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SECOND = {"title": "Shells at Kyaukphyu", "publisher": "Test Post", "published": "2024-03-10"}


def snapshot(store):
    return store.counts(), store.data_version(), sorted(store.events()["id"])


def test_ingested_events_carry_provenance_and_a_point(core_store):
    report = ingest_files(core_store, [DATA / "ingest_article.md"], who="tester")
    events = core_store.events().set_index("id")
    seizure = next(e for e in report.events if e["place_id"] == "pl-madaya-township")
    row = events.loc[seizure["id"]]
    assert (row["date_start"], row["date_end"], row["date_precision"]) == ("2025-07-20", "2025-07-20", "day")
    assert (row["latitude"], row["longitude"], row["precision_m"]) == (22.2159, 96.1724, 20000)
    assert row["origin"] == "ingest"
    article = core_store.article(row["article_id"])
    assert article["title"] == "Norinco crates seized in Madaya Township"
    assert article["body"][row["source_start"] : row["source_end"]] == row["quote"]
    assert row["quote"] == "The Mandalay PDF seized Norinco crates in Madaya Township on July 20."
    with core_store._connect() as conn:
        provenance = json.loads(
            conn.execute("SELECT provenance FROM events WHERE id = ?", (seizure["id"],)).fetchone()[0]
        )
    assert provenance["article"] == row["article_id"]
    assert provenance["span"] == [row["source_start"], row["source_end"]]
    assert provenance["who"] == "tester"
    assert provenance["method"].startswith("python -m geo ingest")
    assert provenance["when"][:4].isdigit()


def test_same_article_twice_adds_nothing_twice(core_store):
    first = ingest_files(core_store, [DATA / "ingest_article.md"])
    assert first.changes["added"]
    before = snapshot(core_store)
    second = ingest_files(core_store, [DATA / "ingest_article.md"], metadata={"title": "Another title"})
    assert second.changes == {"added": [], "removed": [], "modified": []}
    assert second.articles == first.articles  # the same text keeps its article id
    counts, version, events = snapshot(core_store)
    # nothing added twice; the article's new title is a change readers see, so it is a new data version
    assert (counts, events) == (before[0], before[2]) and version == before[1] + 1


def test_failure_halfway_stores_nothing(core_store, monkeypatch):
    before = snapshot(core_store)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # the events and the article are written, then recording the version fails
    monkeypatch.setattr(core_store, "_record_version", broken)
    with pytest.raises(RuntimeError):
        ingest_files(core_store, [DATA / "ingest_article.md"], metadata=None)
    monkeypatch.undo()
    assert snapshot(core_store) == before


@pytest.mark.parametrize(
    ("bad", "message"),
    [("ingest_latin1.txt", "not valid UTF-8")],
)
def test_a_bad_file_among_many_stores_nothing(core_store, bad, message):
    before = snapshot(core_store)
    seen = []
    with pytest.raises(IngestFailed, match=message):
        ingest_files(
            core_store,
            [DATA / "ingest_article.md", DATA / bad],
            metadata={"published": "2024-01-02", "publisher": "X", "title": "Y"},
            progress=lambda done, total, name: seen.append((done, total)),
        )
    assert seen == [(1, 2)]  # progress was reported for the first file
    assert snapshot(core_store) == before


def test_missing_metadata_is_asked_for(core_store):
    with pytest.raises(IngestFailed, match=r"no title, publisher, published.*--title"):
        ingest_files(core_store, [DATA / "ingest_second.txt"])
    report = ingest_files(core_store, [DATA / "ingest_second.txt"], metadata=SECOND, dry_run=True)
    assert report.events and not report.changes["added"]
    assert core_store.counts()["articles"] == 1


def test_accept_modes(core_store):
    none = ingest_files(core_store, [DATA / "ingest_second.txt"], metadata=SECOND, accept="none", dry_run=True)
    everything = ingest_files(core_store, [DATA / "ingest_second.txt"], metadata=SECOND, accept="all", dry_run=True)
    strict = ingest_files(core_store, [DATA / "ingest_second.txt"], metadata=SECOND, min_confidence=0.99, dry_run=True)
    assert none.events == [] and strict.events == []
    assert {e["place_id"] for e in everything.events} == {"pl-kyaukphyu"}


def test_review_edits_are_validated_all_at_once(core_store):
    gazetteer = Gazetteer.from_store(core_store)
    extractor = Extractor(gazetteer, core_store.actors())
    prepared = prepare_article(read_article(DATA / "ingest_article.md"), extractor)
    proposal = prepared.extraction.events[0].to_dict()
    edited = dict(proposal, place_id="pl-atlantis", category="gossip", actor_roles="norinco:hero|nobody:supplier")
    with pytest.raises(IngestFailed) as caught:
        build_events(prepared, [edited], known_places=gazetteer.places, known_actors=core_store.actors()["id"])
    message = str(caught.value)
    for part in ("pl-atlantis", "layer 'gossip'", "role 'hero'", "actor 'nobody'", "nothing was stored"):
        assert part in message


def test_a_place_pinned_by_hand_is_stored_with_the_event(core_store):
    gazetteer = Gazetteer.from_store(core_store)
    extractor = Extractor(gazetteer, core_store.actors())
    prepared = prepare_article(read_article(DATA / "ingest_article.md"), extractor, who="tester")
    pinned = {"id": "pl-user-kani", "name": "Kani Township", "aliases": "", "kind": "township", "latitude": 22.4,
              "longitude": 94.85, "precision_m": 20000, "admin_area": "", "country": "Myanmar",
              "source": "pinned by hand by tester"}  # fmt: skip
    proposal = dict(prepared.extraction.events[0].to_dict(), place_id="pl-user-kani")
    rows = build_events(prepared, [proposal], known_places=["pl-user-kani"], known_actors=core_store.actors()["id"])
    store_articles(core_store, [(prepared, rows)], who="tester", method="review", places=[pinned])
    event = core_store.events().set_index("id").loc[rows[0]["id"]]
    assert (event["latitude"], event["longitude"], event["place_name"]) == (22.4, 94.85, "Kani Township")


def test_command_line_ingest_reports_progress_and_is_idempotent(cli):
    def ingest(*args):
        return cli("ingest", *args)

    files = [str(DATA / "ingest_article.md"), str(DATA / "ingest_page.html")]
    first = ingest(*files, "--accept-all")
    assert first.returncode == 0, first.stderr
    assert "[1/2] read" in first.stderr and "[2/2] read" in first.stderr
    assert "pl-madaya-township" in first.stdout
    second = ingest(*files, "--accept-all")
    assert "0 event(s) added" in second.stderr
    bad = ingest(str(DATA / "ingest_latin1.txt"), "--published", "2024-01-02", "--title", "t", "--publisher", "p")
    assert bad.returncode == 2 and "UTF-8" in bad.stderr and "Traceback" not in bad.stderr


def test_command_line_says_when_it_follows_a_symbolic_link(cli, tmp_path):
    link = tmp_path / "linked.md"
    link.symlink_to(DATA / "ingest_article.md")
    result = cli("extract", str(link))
    assert result.returncode == 0, result.stderr
    assert "symbolic link" in result.stderr and str(DATA / "ingest_article.md") in result.stderr


def test_a_saved_page_keeps_its_byline_and_its_reader_in_the_article_note(core_store):
    extractor = Extractor(Gazetteer.from_store(core_store), core_store.actors())
    prepared = prepare_article(read_article(DATA / "ingest_page_news.html"), extractor, who="tester")
    assert prepared.row["note"].startswith("By Nang Seng Hkawn. Added from ingest_page_news.html (html, read by ")
    assert prepared.row["published"] == "2025-03-14" and prepared.row["publisher"] == "Test Frontier"
    # the reader may correct or remove the byline
    removed = prepare_article(read_article(DATA / "ingest_page_news.html"), extractor, author="")
    assert not removed.row["note"].startswith("By ")


def test_extract_reads_the_current_store_without_pandas_and_gives_what_the_store_gives(cli, monkeypatch):
    import geo.commands.extract as extract_command

    article = DATA / "ingest_review.md"
    first = cli("extract", article, "--format", "json")  # the store is new: it is loaded through the Store
    assert first.returncode == 0, first.stderr
    fast_paths = []
    real = extract_command._current_rows

    def watched(settings):
        rows = real(settings)
        fast_paths.append(rows is not None)
        return rows

    monkeypatch.setattr(extract_command, "_current_rows", watched)
    fast = cli("extract", article, "--format", "json")
    assert fast_paths == [True], "a current store is read straight from the database"
    monkeypatch.setattr(extract_command, "_current_rows", lambda settings: None)
    slow = cli("extract", article, "--format", "json")
    assert json.loads(fast.stdout) == json.loads(slow.stdout) == json.loads(first.stdout)
    assert json.loads(fast.stdout)["events"], "the article has proposals to compare"


def test_extract_reloads_a_store_whose_data_changed(cli, core_data_dir, monkeypatch):
    import geo.commands.extract as extract_command

    assert cli("extract", DATA / "ingest_article.md").returncode == 0
    with (core_data_dir / "gazetteer.csv").open("a", encoding="utf-8") as gazetteer:
        gazetteer.write("pl-zee-pin-gyi,Zee Pin Gyi,,village,22.1,95.9,2000,Sagaing Region,Myanmar,test\n")
    seen = []
    real = extract_command._current_rows
    monkeypatch.setattr(extract_command, "_current_rows", lambda settings: seen.append(real(settings)) or seen[-1])
    result = cli("extract", DATA / "ingest_review.md")
    assert seen == [None], "data/ changed: the store reloads it first"
    places = {m["text"]: m.get("id") for m in json.loads(result.stdout)["mentions"] if m["kind"] == "place"}
    assert places["Zee Pin Gyi"] == "pl-zee-pin-gyi"


def test_command_line_ingest_keeps_the_author_given(cli, tmp_path):
    result = cli("ingest", DATA / "ingest_article.md", "--author", "Jane Reporter", "--articles-only")
    assert result.returncode == 0, result.stderr
    from geo.store import Store

    notes = Store(tmp_path / "cli.sqlite").articles().set_index("title")["note"]
    assert notes["Norinco crates seized in Madaya Township"].startswith(
        "By Jane Reporter. Added from ingest_article.md"
    )
