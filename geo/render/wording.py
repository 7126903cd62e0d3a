"""Plain words for what tables, popups, captions and pages show: dates and places with their precision.

A reader sees "2017 (year)" or "within ~25 km", never a precision code. Every
screen and every snapshot uses these, so the same event reads the same way
everywhere.
"""

from __future__ import annotations

from geo.escaping import is_missing

__all__ = [
    "ACTOR_KIND_WORDS",
    "DATASET_WORDS",
    "PLACE_KIND_WORDS",
    "actor_labels",
    "actor_search_label",
    "clean_text",
    "describe_date",
    "describe_precision",
    "describe_shown",
    "describe_source",
    "is_undated",
]


# actor kind (schema) -> what a reader calls it
ACTOR_KIND_WORDS: dict[str, str] = {
    "state": "state",
    "military": "military",
    "armed-resistance": "resistance group",
    "company": "company",
    "ngo": "NGO or union",
    "igo": "intergovernmental body",
    "person": "person",
    "group": "group",
}

PLACE_KIND_WORDS = {
    "country": "country",
    "admin1": "region or state",
    "township": "township",
    "city": "city",
    "town": "town",
    "village": "village",
    "site": "site",
    "island": "island",
}


def describe_date(row) -> str:
    """An event's date with its precision, e.g. '2017 (year)', '2021-02-01 to 2022-12-31 (range)'."""
    start, end = clean_text(row.get("date_start")), clean_text(row.get("date_end"))
    precision = clean_text(row.get("date_precision")) or ""
    if not start:
        return "undated (no date in the source)"
    if precision == "day":
        return f"{start} (day)"
    if precision == "month":
        return f"{start[:7]} (month)"
    if precision == "year":
        return f"{start[:4]} (year)"
    if precision == "period":
        return f"{start} to {end} (period of operation)" if end else f"since {start} (period of operation, still open)"
    return f"{start} to {end or 'open'} ({precision or 'range'})"


def describe_precision(precision_m) -> str:
    """How far the true location may be from the point, in words."""
    try:
        metres = int(float(precision_m))
    except (TypeError, ValueError):
        return "precision unknown"
    if metres < 0:
        return "precision unknown"
    if metres < 1000:
        return f"within ~{metres} m"
    return f"within ~{metres / 1000:g} km"


_MISSING_WORDS = {"", "nan", "none", "null", "na", "n/a", "nat", "<na>"}


def clean_text(value) -> str | None:
    """A value as text for a reader, or None when it is missing: None, NaN, NA, and the strings
    "nan", "None", "NULL", "NA", "N/A" or blanks that a re-saved file or a careless str() leaves."""
    if is_missing(value):
        return None
    text = str(value).strip()
    return None if text.casefold() in _MISSING_WORDS else text


def describe_source(row) -> str | None:
    """Where an event comes from, in one line: the article (title, publisher, date) or the dataset.

    Reads ``article_title``, ``article_publisher``, ``article_published`` and, for imported events,
    ``source`` (the dataset's own source line) and ``origin``. None when nothing is known.
    """
    parts = [clean_text(row.get(name)) for name in ("article_title", "article_publisher", "article_published")]
    parts = [part for part in parts if part]
    if parts:
        return ", ".join(parts)
    dataset = clean_text(row.get("source"))
    origin = clean_text(row.get("origin"))
    imported = DATASET_WORDS.get((origin or "").partition(":")[0])
    if dataset and imported:
        return f"{dataset} (via {imported})"
    return dataset or (f"imported from {imported}" if imported else None)


# origin prefix -> the dataset's name as readers know it
DATASET_WORDS = {
    "acled": "ACLED (Armed Conflict Location & Event Data)",
    "ucdp": "UCDP GED (Uppsala Conflict Data Program)",
    "synthetic": "synthetic test data",
}


def describe_shown(
    shown: int, total: int, undated_shown: int, undated_hidden: int, dated_range: bool, short: bool = False
) -> str:
    """How many events a view shows, with undated items counted apart, never silently in a range.

    The one rule (README, "Undated items"): undated items have no interval to compare with a date
    range, so with a range set they are kept (unless hidden) and counted apart: "10 of 42 events
    shown: 6 in the date range, 4 undated". Hidden undated items are said: "+ 4 undated not shown".
    ``short`` gives the caption's form: "10 of 42 (6 in the date range, 4 undated)".
    """
    dated = shown - undated_shown
    details = []
    if undated_shown:
        details.append(f"{dated:,} {'in the date range' if dated_range else 'dated'}, {undated_shown:,} undated")
    if undated_hidden:
        details.append(f"+ {undated_hidden:,} undated not shown")
    if short:
        return f"{shown:,} of {total:,}" + (f" ({'; '.join(details)})" if details else "")
    text = f"{shown:,} of {total:,} events shown"
    if undated_shown:
        text += ": " + details[0]
    if undated_hidden:
        text += f" ({details[-1]})"
    return text


def is_undated(events) -> object:
    """A boolean Series: the rows of ``events`` (column ``date_start``) that have no date."""
    start = events["date_start"]
    return start.isna() | (start.astype("string").str.strip().fillna("") == "")


def actor_labels(actors, texts=()) -> dict[str, str]:
    """Actor id -> the label readers know it by: the name the articles use first, the full name after.

    ``actors`` has columns id, name, aliases (``|``-separated). Of the name and its aliases, the one
    found most often in ``texts`` (titles, quotes, summaries) comes first: "Norinco (China North
    Industries Group Corporation)". An actor the texts never name keeps its name.
    """
    from geo.names import fold_text

    corpus = fold_text(" ".join(t for t in texts if isinstance(t, str)))
    labels: dict[str, str] = {}
    for actor_id, name, aliases in zip(actors["id"], actors["name"], actors["aliases"]):
        name = clean_text(name) or str(actor_id)
        others = [a.strip() for a in str(aliases or "").split("|") if clean_text(a)]
        if not others or not corpus:
            labels[actor_id] = name
            continue
        best, best_count = name, _count_name(corpus, name)
        for alias in others:
            count = _count_name(corpus, alias)
            if count > best_count:
                best, best_count = alias, count
        labels[actor_id] = name if best == name else f"{best} ({name})"
    return labels


def _count_name(corpus: str, name: str) -> int:
    import re

    from geo.names import fold_text

    return len(re.findall(r"(?<!\w)" + re.escape(fold_text(name)) + r"(?!\w)", corpus))


def actor_search_label(label: str, aliases) -> str:
    """A picker label that also holds the aliases not already in it, so typing any of them finds the actor."""
    from geo.names import fold_text

    folded = fold_text(label)
    extra = [a.strip() for a in str(aliases or "").split("|") if clean_text(a) and fold_text(a.strip()) not in folded]
    return f"{label} · also {', '.join(extra)}" if extra else label
