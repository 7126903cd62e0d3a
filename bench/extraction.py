"""Extraction quality and speed on the three source articles, against the curated evidence base.

Run: ``.venv/bin/python bench/extraction.py [--data-dir data] [--seconds 3] [--json]``

**The gold standard** is what the curators of ``data/`` recorded for each
article, compared per article as *sets of ids* (not mention by mention,
because the curated files record which place, actor and date each claim
is about, not every mention):

* places: the ``place_id`` of every curated event and site of the article
  (routes are lines, not gazetteer places, and are left out);
* actors: every actor id in the ``actors`` column of those events;
* dates: the ``[date_start, date_end]`` interval of every dated curated
  event. Two figures are given: against *all* of them, and against those
  *stated in the passage* (the quote contains a year or a month name); the
  rest were dated by the curators from other sources (a site's opening
  date, the coup's day) and no text extractor can find them;
* events: a curated event (with a place) counts as found when a proposed
  event has the same place and a span that overlaps its passage.

Predicted sets are the resolved ids of place and actor mentions, and the
intervals of the date mentions (``geo.intake.extraction.date_interval``).
Precision is |predicted ∩ gold| / |predicted|, recall |predicted ∩ gold| /
|gold|, summed over the three articles (micro-average).

**Throughput** is articles per second on one core (this process, one
thread) for reading the bytes (``geo.intake.reader``) plus extraction, with the
name index built once beforehand (its build time is reported apart).
The goal is 100 articles/s or more.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.dataset import load_dataset, parse_actor_roles
from geo.intake.dates import date_interval
from geo.intake.extraction import Extractor
from geo.intake.reader import read_article_bytes

MONTH_OR_YEAR = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def gold_sets(dataset, article_id: str) -> dict[str, set]:
    events = [e for e in dataset.events if e["article_id"] == article_id]
    gold = {"place": set(), "actor": set(), "date": set(), "date_stated": set()}
    for event in events:
        if event.get("place_id"):
            gold["place"].add(event["place_id"])
        gold["actor"] |= {actor for actor, _ in parse_actor_roles(event.get("actors", ""))}
        if event.get("date_start") and event.get("date_precision") in ("day", "month", "year", "range"):
            interval = (event["date_start"], event["date_end"])
            gold["date"].add(interval)
            if MONTH_OR_YEAR.search(event["quote"]):
                gold["date_stated"].add(interval)
    return gold


def predicted_sets(extraction) -> dict[str, set]:
    found = {"place": set(), "actor": set(), "date": set()}
    for mention in extraction.mentions:
        if mention.kind in ("place", "actor") and mention.id:
            found[mention.kind].add(mention.id)
        elif mention.kind == "date" and mention.value:
            start, end, _ = date_interval(mention.value)
            found["date"].add((start, end))
    return found


def event_recall(dataset, article_id: str, extraction) -> tuple[int, int]:
    curated = [e for e in dataset.events if e["article_id"] == article_id and e.get("place_id")]
    hits = 0
    for event in curated:
        start, end = int(event["source_start"]), int(event["source_end"])
        if any(p.place_id == event["place_id"] and p.start < end and start < p.end for p in extraction.events):
            hits += 1
    return hits, len(curated)


def ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else float("nan")


def run(data_dir: Path, seconds: float) -> dict:
    dataset = load_dataset(data_dir)
    started = time.perf_counter()
    extractor = Extractor(dataset.places, dataset.actors)
    build_ms = (time.perf_counter() - started) * 1000
    totals = {kind: [0, 0, 0] for kind in ("place", "actor", "date", "date_stated")}  # hits vs gold, hits vs pred
    per_article = {}
    events_found = events_total = proposals = 0
    sources = []
    for article in dataset.articles:
        body = dataset.bodies[article["id"]]
        data = body.encode("utf-8")
        sources.append((data, article["file"], article["published"]))
        read = read_article_bytes(data, article["file"])
        assert read.text == body.strip("\n"), "the reader changed a curated body: offsets would not match"
        extraction = extractor.extract(read.text, article["published"])
        gold, found = gold_sets(dataset, article["id"]), predicted_sets(extraction)
        row = {}
        for kind in totals:
            predicted = found["date" if kind.startswith("date") else kind]
            hits = len(predicted & gold[kind])
            totals[kind][0] += hits
            totals[kind][1] += len(gold[kind])
            totals[kind][2] += len(predicted)
            row[kind] = {"recall": ratio(hits, len(gold[kind])), "precision": ratio(hits, len(predicted)),
                         "missed": sorted(map(str, gold[kind] - predicted)),
                         "extra": sorted(map(str, predicted - gold[kind]))}  # fmt: skip
        hits, total = event_recall(dataset, article["id"], extraction)
        events_found += hits
        events_total += total
        proposals += len(extraction.events)
        row["events"] = {"found": hits, "curated": total, "proposed": len(extraction.events)}
        per_article[article["id"]] = row
    # throughput: read + extract, one core, for about `seconds`
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for data, name, published in sources:
            extractor.extract(read_article_bytes(data, name).text, published)
            count += 1
    elapsed = time.perf_counter() - started
    summary = {
        kind: {"recall": ratio(hits, gold), "precision": ratio(hits, predicted)}
        for kind, (hits, gold, _) in totals.items()
        for predicted in [totals[kind][2]]
    }
    summary["events"] = {"recall": ratio(events_found, events_total), "curated": events_total, "proposed": proposals}
    return {
        "summary": summary,
        "articles": per_article,
        "throughput_articles_per_second": round(count / elapsed, 1),
        "mean_article_chars": round(sum(len(d) for d, _, _ in sources) / len(sources)),
        "index_build_ms": round(build_ms, 1),
        "index_names": len(extractor.index),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args()
    result = run(args.data_dir, args.seconds)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{'':14}{'recall':>8}{'precision':>11}")
    for kind, figures in result["summary"].items():
        print(f"{kind:14}{figures['recall']:>8}{figures.get('precision', ''):>11}")
    print(
        f"throughput: {result['throughput_articles_per_second']} articles/s on one core "
        f"(mean {result['mean_article_chars']} characters; index of {result['index_names']} names built in "
        f"{result['index_build_ms']} ms)"
    )
    for article_id, row in result["articles"].items():
        for kind in ("place", "actor", "date_stated"):
            if row[kind]["missed"]:
                print(f"  {article_id} missed {kind}: {', '.join(row[kind]['missed'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
