"""Linking the actor names of an imported dataset to the curated actors, and giving the rest a kind and an id.

The link comes first from the documented table ``data/dataset_actors.csv``
(:func:`load_actor_table`: a dataset's name, character for character, mapped to
one of our actors with a relation, a kind and a source), then from an exact
match on a curated name or alias (:func:`link_actor`). A name's kind comes from
that table when it lists the name, else from the dataset's own actor-type code
(ACLED's ``inter1``/``inter2``, :data:`ACLED_INTER_KINDS`; UCDP's side of the
conflict, see :mod:`geo.intake.ucdp`), and only when the dataset says nothing
from the wording of the name (:func:`classify_actor`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import ImportFailed
from geo.names import normalize_name, slugify
from geo.schema import ACTOR_KINDS

__all__ = [
    "ACLED_ACTOR_LINKS",
    "ACLED_INTER_KINDS",
    "TABLE_RELATIONS",
    "ActorLinker",
    "ActorTable",
    "actor_slug",
    "classify_actor",
    "curated_names",
    "inter_kind",
    "link_actor",
    "load_actor_table",
]


# ACLED actor names that denote a curated actor without matching its name or an alias:
# normalised ACLED name -> (curated actor id, relation). ACLED suffixes a regime's forces with
# the year it took power, so the post-coup military is "Military Forces of Myanmar (2021-)".
# data/dataset_actors.csv, when present, is read first and says more; this is the fallback.
ACLED_ACTOR_LINKS: dict[str, tuple[str, str]] = {
    "military forces of myanmar (2021-)": ("military-junta", "same-as"),
    "government of myanmar (2021-)": ("military-junta", "same-as"),
    "police forces of myanmar (2021-)": ("military-junta", "part-of"),
}

# dataset_actors.csv relation -> the relation stored on the imported actor (shown as "Same as: ...").
TABLE_RELATIONS: dict[str, str | None] = {
    "same": "same-as",
    "part-of": "part-of",
    "affiliate": "affiliate-of",
    "none": None,
}

# ACLED's actor-type codes (inter1 / inter2; ACLED codebook), as numbers (older exports) or
# words (current exports) -> our kind. State forces are a government ("Government of ...") or
# its forces; political and identity militias are armed groups: the pro-military ones are
# listed in dataset_actors.csv, which wins over the code.
ACLED_INTER_KINDS: dict[str, tuple[str, str]] = {
    "1": ("State forces", "military"),
    "2": ("Rebel groups", "armed-resistance"),
    "3": ("Political militias", "armed-resistance"),
    "4": ("Identity militias", "armed-resistance"),
    "5": ("Rioters", "group"),
    "6": ("Protesters", "group"),
    "7": ("Civilians", "group"),
    "8": ("External/Other forces", "group"),
}
_INTER_WORDS = {
    normalize_name(word): code
    for code, (label, _) in ACLED_INTER_KINDS.items()
    for word in (label, label.rstrip("s"), label.replace(" forces", " force"))
}


def inter_kind(code: str, name: str) -> str | None:
    """Our kind for an ACLED actor-type code (``3``, ``Political militia``...), or None when there is none.

    State forces (1) are ``state`` when the name is a government and ``military``
    otherwise; external/other forces (8) keep the kind their name implies.
    """
    text = (code or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    key = text if text in ACLED_INTER_KINDS else _INTER_WORDS.get(normalize_name(text))
    if key is None:
        return None
    if key == "1":
        return "state" if normalize_name(name).startswith("government of") else "military"
    if key == "8":
        return classify_actor(name)[0]
    return ACLED_INTER_KINDS[key][1]


@dataclass(frozen=True)
class ActorTable:
    """The rows of ``dataset_actors.csv`` for one dataset: exact name -> (actor id or None, relation, kind)."""

    exact: dict[str, tuple[str | None, str | None, str]]
    folded: dict[str, tuple[str | None, str | None, str]]

    def lookup(self, name: str) -> tuple[str | None, str | None, str] | None:
        """(actor id, stored relation, kind) for a dataset name, or None when the table does not list it."""
        return self.exact.get(name) or self.folded.get(normalize_name(name))


def load_actor_table(path: Path | None, dataset: str) -> ActorTable:
    """The rows of ``path`` (data/dataset_actors.csv) for ``dataset`` (acled or ucdp); empty if there is no file."""
    exact: dict[str, tuple[str | None, str | None, str]] = {}
    if path is None or not Path(path).is_file():
        return ActorTable({}, {})
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if (row.get("dataset") or "").strip() != dataset:
                continue
            relation = (row.get("relation") or "").strip()
            kind = (row.get("kind") or "").strip()
            if relation not in TABLE_RELATIONS or kind not in ACTOR_KINDS:
                raise ImportFailed(
                    f"{Path(path).name}, row {number}: relation '{relation}' or kind '{kind}' is not known; nothing "
                    f"was imported. Fix: use a relation of {', '.join(TABLE_RELATIONS)} and a kind of "
                    f"{', '.join(ACTOR_KINDS)} (see data/README.md)"
                )
            actor_id = (row.get("actor_id") or "").strip() or None
            exact[row["dataset_name"]] = (actor_id, TABLE_RELATIONS[relation] if actor_id else None, kind)
    return ActorTable(exact, {normalize_name(name): value for name, value in exact.items()})


def actor_slug(name: str, prefix: str = "acled-") -> str:
    """A stable id for an imported actor name: ``prefix`` + ASCII slug (or a hash for non-Latin names)."""
    return prefix + slugify(name, 80, hash_prefix="actor-")


_GROUP_WORDS = (
    "civilians",
    "protesters",
    "rioters",
    "students",
    "journalists",
    "prisoners",
    "refugees",
    "health workers",
    "teachers",
    "farmers",
    "labor group",
    "labour group",
    "women",
    "unidentified",
    "private security",
    "party",
    "buddhists",
    "muslims",
)


def classify_actor(name: str) -> tuple[str, str | None]:
    """(kind, country) of an actor name, from its wording alone (used when neither the table nor the dataset says).

    ``Military Forces of X`` -> military; ``Police Forces of X`` and
    ``Government of X`` -> state; names of civilians, protesters, rioters,
    parties and unidentified groups -> group; ``Pyu Saw Htee`` (pro-military
    militia) -> military; any other named organisation -> armed-resistance.
    The country is read from ``... of X`` or a trailing ``(X)``.
    """
    lowered = normalize_name(name)
    country = None
    match = re.search(r"\bof ([A-Z][A-Za-z ]+?)(?: \(|$)", name)
    if match:
        country = match.group(1).strip()
    else:
        match = re.search(r"\(([A-Z][A-Za-z ]+)\)\s*$", name)
        if match:
            country = match.group(1).strip()
    if lowered.startswith("military forces of") or "pyu saw htee" in lowered:
        return "military", country
    if lowered.startswith(("police forces of", "government of")):
        return "state", country
    if any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in _GROUP_WORDS):
        return "group", country
    return "armed-resistance", country


def _name_variants(name: str) -> list[str]:
    """The ways an ACLED name may match a curated name: whole, without '(...)', each side of 'ABBR: Name'."""
    variants = [name]
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    variants.append(bare)
    if ":" in bare:
        short, _, long = bare.partition(":")
        variants += [short.strip(), long.strip()]
    return [normalize_name(v) for v in variants if v.strip()]


def link_actor(name: str, curated: dict[str, str]) -> tuple[str, str] | None:
    """(curated actor id, relation) an ACLED actor name stands for, or None.

    ``curated`` maps normalised curated names and aliases to ids. A name
    links when it, its form without a trailing ``(...)``, or either side of
    ``ABBR: Long name`` equals a curated name or alias; or when it is in
    :data:`ACLED_ACTOR_LINKS`. Matching is exact (after case and apostrophe
    folding): ``PDF: People's Defense Force`` does not link to the Mandalay
    PDF, which is one of many PDF units.
    """
    for variant in _name_variants(name):
        if variant in ACLED_ACTOR_LINKS:
            target, relation = ACLED_ACTOR_LINKS[variant]
            if target in curated.values():
                return target, relation
        if variant in curated:
            return curated[variant], "same-as"
    return None


def curated_names(actors) -> dict[str, str]:
    """Normalised name and alias -> id, over the curated actors (a frame or list of dicts)."""
    rows = actors.to_dict("records") if hasattr(actors, "to_dict") else list(actors)
    names: dict[str, str] = {}
    for row in rows:
        if row.get("origin", "curated") != "curated":
            continue
        for text in [row["name"], *str(row.get("aliases") or "").split("|")]:
            if text and text.strip() and text.strip().lower() != "nan":
                names.setdefault(normalize_name(text), row["id"])
    return names


class ActorLinker:
    """The actors an import meets: each name gets an id, a kind and, when it has one, its link to our actor.

    ``kind_hint`` is the kind the dataset gives for the name (an ACLED inter
    code, a UCDP side): the table's kind wins over it, and it wins over the
    wording of the name. ``counts`` holds how many events name each actor.
    """

    def __init__(self, table: ActorTable, curated: dict[str, str], prefix: str, dataset_label: str) -> None:
        self.table = table
        self.curated = curated
        self.prefix = prefix
        self.dataset_label = dataset_label
        self.actors: dict[str, dict] = {}
        self.counts: dict[str, int] = {}
        self.in_table: set[str] = set()
        self._ids: dict[str, str] = {}

    def knows(self, name: str) -> bool:
        """True when ``name`` was met before (its kind is settled: a hint for it would be ignored)."""
        return name in self._ids

    def resolve(self, name: str, kind_hint: str | None = None) -> str:
        """The imported actor id for ``name`` (created on first sight); counts one more event for it."""
        self.counts[name] = self.counts.get(name, 0) + 1
        actor_id = self._ids.get(name)
        if actor_id is not None:
            return actor_id
        actor_id = self._ids[name] = actor_slug(name, self.prefix)
        if actor_id in self.actors:
            return actor_id
        listed = self.table.lookup(name)
        kind, country = classify_actor(name)
        target, relation = None, None
        if listed is not None:
            target, relation, kind = listed
            if target and target not in self.curated.values():
                target, relation = None, None  # the table names an actor this store does not hold
            elif not target:
                self.in_table.add(name)  # the table says: none of ours
        else:
            kind = kind_hint or kind
            link = link_actor(name, self.curated)
            if link:
                target, relation = link
        self.actors[actor_id] = {
            "id": actor_id,
            "name": name,
            "aliases": None,
            "kind": kind,
            "affiliated_with": target,
            "relation": relation,
            "country": country,
            "description": f"Actor as named in {self.dataset_label} data (imported).",
        }
        return actor_id

    def report(self) -> tuple[list[str], list[tuple[str, int, bool]]]:
        """(names linked to our actors, [(unlinked name, events, listed in the table as not ours)] most frequent first)."""
        linked = [a["name"] for a in self.actors.values() if a["affiliated_with"]]
        unlinked = [
            (a["name"], self.counts.get(a["name"], 0), a["name"] in self.in_table)
            for a in self.actors.values()
            if not a["affiliated_with"]
        ]
        unlinked.sort(key=lambda item: (-item[1], item[0]))
        return linked, unlinked
