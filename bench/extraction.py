"""Extraction quality on real reporting (``bench/extraction_eval/``) and extraction speed.

Run: ``.venv/bin/python bench/extraction.py [--split dev|heldout|fresh|fresh2|fresh3|both|seen|all] [--seconds 3] [--json] [--articles]``

**Quality.** ``bench/extraction_eval/`` holds 30 real news excerpts about
Myanmar that nobody here curated, with gold places, actors and dates made by
reading them (15 ``dev``, 15 ``heldout``; see its README). Each article is
read with :mod:`geo.intake.reader` (front matter gives the publication date)
and extracted with the gazetteer and actors the app uses (``data/``:
``gazetteer.csv`` + ``gazetteer_extra/``, ``actors.csv`` +
``organisations.csv``). Scoring follows the set's README, article by article,
micro-averaged per half:

* **places, actors**: the predicted entities of an article are the distinct
  places/actors its mentions resolve to (an ambiguous place counts as its
  first candidate; a candidate the gazetteer lacks as its text). A predicted
  entity matches a gold item when one of its names (canonical name or an
  alias from ``data/``, or the text as written) equals, after the README's
  normalisation, the gold ``name``, its ``text`` or one of its
  ``aliases_in_text`` (the one published alias table: our data files). Each
  gold item and each entity is matched at most once; unmatched entities are
  false positives, unmatched gold items false negatives;
* **dates**: a predicted interval (start, end) is right when it equals a
  gold interval exactly.

**Speed** is articles per second on one core (this process, one thread) for
reading the bytes plus extraction, over the 30 articles, with the indexes
built once beforehand (their build time is reported apart): per second of
the process's CPU time (what one core does) and per wall-clock second (lower
when the machine is shared), beside reading alone measured in the same run
as the baseline. Goal: >= 100/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.dataset import load_dataset
from geo.intake.dates import date_interval
from geo.intake.extraction import Extractor
from geo.intake.organisations import load_organisations
from geo.intake.reader import read_article_bytes

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "bench" / "extraction_eval"
UNSEEN = {"fresh3"}  # annotated after the rules were frozen: scored once, to report, and never read otherwise


def normalise(name: str) -> str:
    """The README's normalisation: casefold, NFKD without diacritics, quotes unified, ends trimmed."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').casefold()
    return re.sub(r"\s+", " ", text).strip(" \t\n.,;:!?\"'()[]-–—")


def _record_names(record: dict) -> set[str]:
    aliases = record.get("aliases")
    aliases = "" if aliases is None or aliases != aliases else str(aliases)
    return {normalise(record["name"]), *(normalise(a) for a in aliases.split("|") if a.strip())}


def predicted_entities(extraction, extractor) -> dict[str, dict[str, set[str]]]:
    """kind -> {entity key: its normalised names} for places and actors."""
    found: dict[str, dict[str, set[str]]] = {"place": {}, "actor": {}}
    for mention in extraction.mentions:
        if mention.kind not in found:
            continue
        ident = mention.id or (mention.candidates[0] if mention.candidates else None)
        table = extractor.gazetteer.places if mention.kind == "place" else extractor.actors
        if ident and ident in table:
            names = found[mention.kind].setdefault(ident, set(_record_names(table[ident])))
        else:
            names = found[mention.kind].setdefault("new:" + normalise(mention.name or mention.text), set())
            names.add(normalise(mention.name or mention.text))
        names.add(normalise(mention.text))
    return found


def match(entities: dict[str, set[str]], gold: list[dict]) -> tuple[int, list[str], list[str]]:
    """(true positives, false-positive keys, missed gold names): each side matched at most once."""
    gold_names = [
        {
            normalise(g["name"]),
            normalise(g.get("text", g["name"])),
            *(normalise(a) for a in g.get("aliases_in_text", [])),
        }
        for g in gold
    ]
    used: set[int] = set()
    extra = []
    for key, names in entities.items():
        hit = next((i for i, g in enumerate(gold_names) if i not in used and names & g), None)
        if hit is None:
            extra.append(key)
        else:
            used.add(hit)
    missed = [g["name"] for i, g in enumerate(gold) if i not in used]
    return len(used), extra, missed


def figures(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3)}  # fmt: skip


def build_extractor(data_dir: Path) -> tuple[Extractor, float]:
    started = time.perf_counter()
    dataset = load_dataset(data_dir)
    extractor = Extractor(
        [*dataset.places, *dataset.reference_places],
        dataset.actors,
        organisations=load_organisations(data_dir / "organisations.csv"),
    )
    return extractor, (time.perf_counter() - started) * 1000


def evaluate(extractor: Extractor, splits: tuple[str, ...]) -> dict:
    with (EVAL / "index.csv").open(encoding="utf-8") as handle:
        index = list(csv.DictReader(handle))
    result: dict = {}
    for split in splits:
        totals = {kind: [0, 0, 0] for kind in ("place", "actor", "date")}
        articles = {}
        for row in index:
            if row["split"] != split:
                continue
            path = EVAL / "articles" / f"{row['slug']}.md"
            read = read_article_bytes(path.read_bytes(), path.name)
            gold = json.loads((EVAL / "gold" / f"{row['slug']}.json").read_text(encoding="utf-8"))
            extraction = extractor.extract(read.text, read.published)
            entities = predicted_entities(extraction, extractor)
            per = {}
            for kind, key in (("place", "places"), ("actor", "actors")):
                tp, extra, missed = match(entities[kind], gold[key])
                totals[kind][0] += tp
                totals[kind][1] += len(extra)
                totals[kind][2] += len(missed)
                per[kind] = {**figures(tp, len(extra), len(missed)), "extra": extra, "missed": missed}
            intervals = {date_interval(m.value)[:2] for m in extraction.of_kind("date") if m.value}
            gold_intervals = {(d["start"], d["end"]) for d in gold["dates"]}
            tp = len(intervals & gold_intervals)
            totals["date"][0] += tp
            totals["date"][1] += len(intervals - gold_intervals)
            totals["date"][2] += len(gold_intervals - intervals)
            per["date"] = {**figures(tp, len(intervals - gold_intervals), len(gold_intervals - intervals)),
                           "extra": sorted(map("/".join, intervals - gold_intervals)),
                           "missed": sorted(map("/".join, gold_intervals - intervals))}  # fmt: skip
            articles[row["slug"]] = per
        result[split] = {"summary": {kind: figures(*t) for kind, t in totals.items()}, "articles": articles}
    return result


def _rate(work, sources, seconds: float) -> tuple[float, float]:
    """(articles per wall-clock second, articles per CPU second of this process) of ``work`` over ``sources``."""
    count, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        for data, name in sources:
            work(data, name)
            count += 1
    return count / (time.perf_counter() - started), count / max(time.process_time() - cpu, 1e-9)


def throughput(extractor: Extractor, seconds: float) -> dict:
    """Reading + extraction per article, and reading alone as the baseline, in the same run.

    The CPU rate (articles per second of this process's CPU time, one
    thread) is what one core does; the wall-clock rate is lower when other
    processes share the machine.
    """
    with (EVAL / "index.csv").open(encoding="utf-8") as handle:
        seen = {row["slug"] for row in csv.DictReader(handle) if row["split"] not in UNSEEN}
    # a split not yet seen is scored once, to report; it is not read otherwise
    sources = [(p.read_bytes(), p.name) for p in sorted((EVAL / "articles").glob("*.md")) if p.stem in seen]

    def extract(data, name):
        read = read_article_bytes(data, name)
        extractor.extract(read.text, read.published)

    wall, cpu = _rate(extract, sources, seconds)
    read_wall, read_cpu = _rate(read_article_bytes, sources, max(seconds / 3, 0.5))
    return {"articles_per_second": round(wall, 1), "articles_per_cpu_second": round(cpu, 1),
            "read_only_per_second": round(read_wall, 1), "read_only_per_cpu_second": round(read_cpu, 1),
            "mean_article_chars": round(sum(len(d) for d, _ in sources) / len(sources))}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument(
        "--split",
        choices=["dev", "heldout", "fresh", "fresh2", "fresh3", "both", "seen", "all"],
        default="seen",
        help="both = dev + heldout; seen = dev + heldout + fresh + fresh2 (every split read while writing rules); "
        "fresh3 = the set annotated after the rules were frozen, to report once; all = every split",
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput (0: skip)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--articles", action="store_true", help="print every article's figures and errors")
    args = parser.parse_args()
    extractor, build_ms = build_extractor(args.data_dir)
    splits = {
        "both": ("dev", "heldout"),
        "seen": ("dev", "heldout", "fresh", "fresh2"),
        "all": ("dev", "heldout", "fresh", "fresh2", "fresh3"),
    }.get(args.split, (args.split,))
    result = {"quality": evaluate(extractor, splits), "index_build_ms": round(build_ms, 1),
              "index_names": len(extractor.index)}  # fmt: skip
    if args.seconds:
        result["speed"] = throughput(extractor, args.seconds)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    for split, block in result["quality"].items():
        print(f"{split}: {'':8}{'P':>7}{'R':>7}{'F1':>7}   tp/fp/fn")
        for kind, f in block["summary"].items():
            print(f"  {kind:14}{f['precision']:>7}{f['recall']:>7}{f['f1']:>7}   {f['tp']}/{f['fp']}/{f['fn']}")
        if args.articles:
            for slug, per in block["articles"].items():
                print(f"  {slug}")
                for kind, f in per.items():
                    print(f"    {kind:6} P {f['precision']} R {f['recall']} F1 {f['f1']}"
                          f"  extra={f['extra']} missed={f['missed']}")  # fmt: skip
    if "speed" in result:
        speed = result["speed"]
        print(f"speed: {speed['articles_per_cpu_second']} articles per CPU second on one core "
              f"({speed['articles_per_second']}/s wall clock; mean {speed['mean_article_chars']} characters); "
              f"baseline, reading alone: {speed['read_only_per_cpu_second']}/CPU s "
              f"({speed['read_only_per_second']}/s wall); indexes of {result['index_names']} names built in "
              f"{result['index_build_ms']} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
