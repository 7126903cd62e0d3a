"""Check that the extraction evaluation set is well formed.

Run from the repository root:

    .venv/bin/python bench/extraction_eval/check_gold.py

It checks the files only (it never runs an extractor and prints no article text):
every row of index.csv has an article and a gold file, and every article and gold
file has a row; the row's split, published date and counts agree with the files;
every gold ``text`` and ``aliases_in_text`` value occurs literally in the article
body; names and date intervals are not repeated; kinds come from the README's
lists; and each date interval is well formed for its precision.
Each problem is printed as one line naming the file, the field and what to fix.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import json
import sys
from pathlib import Path

__all__ = ["check", "main"]

SET_DIR = Path(__file__).resolve().parent
SPLITS = {"dev", "heldout", "fresh", "fresh2", "fresh3"}
PLACE_KINDS = {
    "country",
    "admin1",
    "district",
    "township",
    "city",
    "town",
    "village",
    "ward",
    "island",
    "water",
    "facility",
    "area",
}
ACTOR_KINDS = {
    "state",
    "military",
    "armed-group",
    "government",
    "company",
    "ngo",
    "media",
    "party",
    "intergovernmental",
    "person",
    "other",
}
PRECISIONS = {"day", "month", "year", "range"}
INDEX_FIELDS = [
    "slug",
    "title",
    "publisher",
    "url",
    "published",
    "split",
    "n_places",
    "n_actors",
    "n_dates",
]


def _read_article(path: Path) -> tuple[dict[str, str], str]:
    """Return (front matter, body) of an article file."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise ValueError("the file must start with a '---' front matter block closed by '---'")
    head, body = text[4:].split("\n---\n", 1)
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, sep, value = line.partition(": ")
        if not sep:
            raise ValueError(f"front matter line {line!r} is not 'key: value'")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        meta[key] = value
    return meta, body


def _interval_problem(entry: dict) -> str | None:
    """Say what is wrong with a gold date interval, or None."""
    try:
        start = datetime.date.fromisoformat(entry["start"])
        end = datetime.date.fromisoformat(entry["end"])
    except (KeyError, TypeError, ValueError):
        return "start and end must be ISO dates (YYYY-MM-DD)"
    precision = entry.get("precision")
    if precision not in PRECISIONS:
        return f"precision {precision!r} must be one of {sorted(PRECISIONS)}"
    if start > end:
        return "start is after end"
    if precision == "day" and start != end:
        return "a 'day' interval must start and end on the same day"
    if precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        if start.day != 1 or end != start.replace(day=last):
            return "a 'month' interval must run from the 1st to the last day of one month"
    if precision == "year" and (start != datetime.date(start.year, 1, 1) or end != datetime.date(start.year, 12, 31)):
        return "a 'year' interval must run from 1 January to 31 December of one year"
    return None


def _check_mentions(where: str, entries: list, kinds: set[str], body: str) -> list[str]:
    problems = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        at = f"{where} entry {n}"
        for field in ("text", "name", "kind"):
            if not isinstance(entry.get(field), str) or not entry[field]:
                problems.append(f"{at}: field '{field}' is missing or empty; add it")
        if entry.get("kind") not in kinds:
            problems.append(f"{at}: kind {entry.get('kind')!r} is not one of {sorted(kinds)}")
        if isinstance(entry.get("text"), str) and entry["text"] not in body:
            problems.append(f"{at}: 'text' does not occur literally in the article body; copy it from the body")
        for alias in entry.get("aliases_in_text", []):
            if alias not in body:
                problems.append(f"{at}: an 'aliases_in_text' value does not occur literally in the body")
        name = entry.get("name")
        if name in seen:
            problems.append(f"{at}: name {name!r} is listed twice; merge the entries")
        seen.add(name)
    return problems


def _check_gold(slug: str, gold: dict, body: str) -> list[str]:
    where = f"gold/{slug}.json"
    problems = []
    for key in ("places", "actors", "dates"):
        if not isinstance(gold.get(key), list):
            problems.append(f"{where}: '{key}' must be a list (it may be empty)")
    if problems:
        return problems
    problems += _check_mentions(f"{where} places", gold["places"], PLACE_KINDS, body)
    problems += _check_mentions(f"{where} actors", gold["actors"], ACTOR_KINDS, body)
    intervals: set[tuple[str, str]] = set()
    for n, entry in enumerate(gold["dates"], 1):
        at = f"{where} dates entry {n}"
        if not isinstance(entry.get("text"), str) or entry["text"] not in body:
            problems.append(f"{at}: 'text' does not occur literally in the article body; copy it from the body")
        problem = _interval_problem(entry)
        if problem:
            problems.append(f"{at}: {problem}")
            continue
        interval = (entry["start"], entry["end"])
        if interval in intervals:
            problems.append(f"{at}: interval {interval} is listed twice; keep one entry per interval")
        intervals.add(interval)
    return problems


def check(set_dir: Path = SET_DIR) -> list[str]:
    """Return every problem found in the set at ``set_dir`` (empty when it is well formed)."""
    problems: list[str] = []
    index_path = set_dir / "index.csv"
    with index_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != INDEX_FIELDS:
            return [f"index.csv: the header must be {','.join(INDEX_FIELDS)}"]
        rows = list(reader)
    slugs = [row["slug"] for row in rows]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        problems.append(f"index.csv: slug {slug!r} has more than one row; keep one")
    articles = {p.stem for p in (set_dir / "articles").glob("*.md")}
    golds = {p.stem for p in (set_dir / "gold").glob("*.json")}
    for slug in sorted(articles - set(slugs)):
        problems.append(f"articles/{slug}.md has no row in index.csv; add one")
    for slug in sorted(golds - set(slugs)):
        problems.append(f"gold/{slug}.json has no row in index.csv; add one")
    for line, row in enumerate(rows, 2):
        slug = row["slug"]
        at = f"index.csv line {line} ({slug})"
        if row["split"] not in SPLITS:
            problems.append(f"{at}: split {row['split']!r} must be one of {sorted(SPLITS)}")
        if slug not in articles or slug not in golds:
            problems.append(f"{at}: articles/{slug}.md and gold/{slug}.json must both exist")
            continue
        try:
            meta, body = _read_article(set_dir / "articles" / f"{slug}.md")
        except ValueError as err:
            problems.append(f"articles/{slug}.md: {err}")
            continue
        for field in ("split", "published", "title", "url"):
            if meta.get(field) != row[field]:
                problems.append(f"{at}: '{field}' differs from the article's front matter; make them equal")
        try:
            gold = json.loads((set_dir / "gold" / f"{slug}.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            problems.append(f"gold/{slug}.json: not valid JSON ({err.msg}, line {err.lineno})")
            continue
        gold_problems = _check_gold(slug, gold, body)
        problems += gold_problems
        if gold_problems:
            continue
        for key in ("places", "actors", "dates"):
            if row[f"n_{key}"] != str(len(gold[key])):
                problems.append(
                    f"{at}: n_{key} is {row[f'n_{key}']} but the gold file has {len(gold[key])}; update the row"
                )
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {SET_DIR}")
        return 1
    print(f"The evaluation set in {SET_DIR} is well formed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
