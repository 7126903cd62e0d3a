"""Linking the actor names of an imported dataset to the curated actors, and giving the rest a kind and an id."""

from __future__ import annotations

import re

from geo.names import normalize_name, slugify

__all__ = [
    "ACLED_ACTOR_LINKS",
    "actor_slug",
    "classify_actor",
    "curated_names",
    "link_actor",
]


# ACLED actor names that denote a curated actor without matching its name or an alias:
# normalised ACLED name -> (curated actor id, relation). ACLED suffixes a regime's forces with
# the year it took power, so the post-coup military is "Military Forces of Myanmar (2021-)".
ACLED_ACTOR_LINKS: dict[str, tuple[str, str]] = {
    "military forces of myanmar (2021-)": ("military-junta", "same-as"),
    "government of myanmar (2021-)": ("military-junta", "same-as"),
    "police forces of myanmar (2021-)": ("military-junta", "part-of"),
}


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
)


def classify_actor(name: str) -> tuple[str, str | None]:
    """(kind, country) of an ACLED actor name.

    ``Military Forces of X`` -> military; ``Police Forces of X`` and
    ``Government of X`` -> state; names of civilians, protesters, rioters and
    unidentified groups -> group; ``Pyu Saw Htee`` (pro-military militia) ->
    military; any other named organisation -> armed-resistance. The country
    is read from ``... of X`` or a trailing ``(X)``.
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
    if any(word in lowered for word in _GROUP_WORDS):
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
            if text and text.strip():
                names.setdefault(normalize_name(text), row["id"])
    return names
