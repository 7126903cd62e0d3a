"""The curated list of organisations (``data/organisations.csv``) as actors extraction can name.

``data/organisations.csv`` lists Myanmar's armed groups, junta bodies,
ministries, state enterprises, companies, parties, media, NGOs and
intergovernmental bodies, without ids. This module turns it into actor rows
(id ``org-<slug of the name>``, a kind of :data:`geo.schema.ACTOR_KINDS`) and
folds into the curated actors the organisations they already hold: when an
organisation's name or an alias is a curated actor's name or alias, its other
names become extra aliases of that actor (for matching only) instead of a
second actor. What extraction proposes with an ``org-`` actor is stored with
that actor row (see :func:`geo.intake.ingest.store_articles`), so the store
knows every actor an event names. :func:`name_variants` gives the forms
reporters write a name in ("Corp.", "&", "Organization"), :data:`LEGAL_FORM`
its legal form ("Pte. Ltd."), and :func:`defined_acronyms` the "Full Name
(ACR)" pairs of a text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from geo.errors import DataFileError
from geo.names import normalize_name, slugify

__all__ = [
    "LEGAL_FORM",
    "ORGANISATION_KINDS",
    "defined_acronyms",
    "load_organisations",
    "merge_organisations",
    "name_variants",
]

# organisations.csv kinds -> the actor kinds of the schema
ORGANISATION_KINDS: dict[str, str] = {
    "state": "state",
    "military": "military",
    "militia": "military",
    "armed-group": "armed-resistance",
    "government": "state",
    "ministry": "state",
    "state-enterprise": "company",
    "company": "company",
    "party": "group",
    "media": "group",
    "ngo": "ngo",
    "intergovernmental": "igo",
    "other": "group",
}

_COLUMNS = ("name", "aliases", "kind", "country", "description", "source")


def load_organisations(path: str | Path) -> list[dict]:
    """Actor rows of ``organisations.csv`` (missing file: none); a bad header or kind names the row and the fix."""
    path = Path(path)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(path.name, f"columns {', '.join(missing)} are missing", "use the header of data/README.md")
    rows, seen = [], set()
    for record in reader:
        name = (record.get("name") or "").strip()
        kind = (record.get("kind") or "").strip()
        if not name:
            continue
        if kind not in ORGANISATION_KINDS:
            raise DataFileError(
                path.name, f"kind '{kind}' is unknown", f"use one of {', '.join(ORGANISATION_KINDS)}", reader.line_num
            )
        ident = "org-" + slugify(name, fallback="organisation")
        if ident in seen:
            continue
        seen.add(ident)
        rows.append(
            {
                "id": ident,
                "name": name,
                "aliases": (record.get("aliases") or "").strip(),
                "kind": ORGANISATION_KINDS[kind],
                "affiliated_with": "",
                "relation": "",
                "country": (record.get("country") or "").strip(),
                "description": (record.get("description") or "").strip(),
                "wikidata_qid": "",
                "opensanctions_id": "",
                "source": (record.get("source") or "").strip(),
            }
        )
    return rows


def _names(row: dict) -> list[str]:
    aliases = row.get("aliases")
    if aliases is None or (isinstance(aliases, float) and aliases != aliases):
        aliases = ""
    return [str(row["name"]), *[a.strip() for a in str(aliases).split("|") if a.strip()]]


def merge_organisations(actors: list[dict], organisations: list[dict]) -> list[dict]:
    """Curated ``actors`` (their names widened by the organisations they match) plus the other organisations.

    An organisation matches a curated actor when one of its names (name or
    alias, compared folded) is one of the actor's. Curated rows keep their
    ids and order; organisations whose id a curated actor already uses are
    dropped.
    """
    merged = [dict(a) for a in actors]
    owner: dict[str, int] = {}
    for index, actor in enumerate(merged):
        for name in _names(actor):
            owner.setdefault(normalize_name(name), index)
    ids = {str(a["id"]) for a in merged}
    for organisation in organisations:
        keys = [normalize_name(n) for n in _names(organisation)]
        match = next((owner[k] for k in keys if k in owner), None)
        if match is not None:
            actor = merged[match]
            known = {normalize_name(n) for n in _names(actor)}
            extra = [n for n in _names(organisation) if normalize_name(n) not in known]
            if extra:
                actor["aliases"] = "|".join([*_names(actor)[1:], *extra])
            continue
        if organisation["id"] in ids:
            continue
        ids.add(organisation["id"])
        merged.append(dict(organisation))
        for key in keys:
            owner.setdefault(key, len(merged) - 1)
    return merged


_SUFFIXES = {"Corporation": ("Corp.", "Corp"), "Company": ("Co.",), "Limited": ("Ltd", "Ltd."),
             "Incorporated": ("Inc.",), "International": ("Intl",)}  # fmt: skip


def name_variants(name: str) -> list[str]:
    """A name as reporters write it: the legal suffix abbreviated, "&" for "and", British or US spelling."""
    variants = [name]
    last = name.rsplit(" ", 1)[-1]
    for short in _SUFFIXES.get(last, ()):
        variants.append(name[: len(name) - len(last)] + short)
    for old, new in ((" and ", " & "), (" & ", " and "), ("isation", "ization"), ("ization", "isation"),
                     ("Defence", "Defense"), ("Defense", "Defence")):  # fmt: skip
        variants += [v.replace(old, new) for v in variants if old in v]
    if last in ("Force", "Forces"):  # "People's Defence Forces (PDFs)", "Border Guard Force"
        variants += [v[: len(v) - len(last)] + ("Forces" if last == "Force" else "Force") for v in variants]
    return list(dict.fromkeys(variants))


# A company's legal form after its name, with the country of a subsidiary in brackets: "CNOOC Trading (Singapore)
# Pte. Ltd.", "Huawei Technologies (Myanmar) Co., Ltd.", "Adani Power Limited".
LEGAL_FORM = re.compile(
    r"(?:[ \t]*\([A-Z][\w .'’-]*\))?(?:,?[ \t]+(?:Pte|Pvt|Co|Ltd|Limited|Inc|Corp|LLC|PLC|Plc|Sdn|Bhd|JSC|AG|GmbH|SA)"
    r"\b\.?)+"
)


_ACRONYM_AFTER = re.compile(r"(?:['’]s)?[ \t]*\((?P<acronym>[A-Z][A-Za-z&.-]{1,9})\)")


def defined_acronyms(text: str, runs: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Acronym -> span of the full name it abbreviates, for each "Full Name (ACR)" of the text."""
    found: dict[str, tuple[int, int]] = {}
    for start, end in runs:
        match = _ACRONYM_AFTER.match(text, end)
        if not match:
            continue
        acronym = match.group("acronym")
        capitals = sum(c.isupper() for c in acronym)
        if capitals >= 2 and len(text[start:end].split()) >= 2:
            found.setdefault(acronym, (start, end))
    return found
