"""Reading OpenSanctions exports and matching their entities to our actors.

This module owns ``python -m geo sanctions import``'s logic: it reads an
export the user supplies (nothing is fetched), in either of OpenSanctions'
formats:

* FollowTheMoney entities as JSON lines (``entities.ftm.json``): one object
  per line with ``id``, ``schema``, ``caption``, ``properties`` (``name``,
  ``alias``, ``topics``, ``wikidataId``...), ``datasets``, ``referents``,
  ``first_seen``/``last_seen``/``last_change``; ``Sanction`` entities point
  at their subject through ``properties.entity`` and carry ``program``,
  ``authority``, ``country``, ``startDate`` and ``sourceUrl``;
* the "simple CSV" (``targets.simple.csv``): columns ``id, schema, name,
  aliases, birth_date, countries, addresses, identifiers, sanctions, phones,
  emails, [program_ids,] dataset, first_seen, last_seen[, last_change]``,
  several values in a cell joined by ``;`` (CSV-quoted).

Matching, most certain first: an identifier (the entity id or one of its
referents equals an actor's ``opensanctions_id``, ``wikidata_qid`` or a
``list_id`` of its curated sanctions rows); then the entity's name equals
the actor's name (normalised: case, accents, punctuation, legal-form
suffixes); then any name or alias equals any of the actor's. Alias-only
matches and entities that fit several actors (or several entities that fit
one actor without an identifier) are *held for review*, never applied.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.errors import ImportFailed
from geo.names import ascii_key
from geo.sanctions import STATUS_RANK, effective_statuses

__all__ = [
    "SIMPLE_CSV_REQUIRED",
    "ExportEntity",
    "ImportPlan",
    "Match",
    "match_entities",
    "normalise_name",
    "plan_import",
    "read_export",
]

# Datasets (FtM names, simple-CSV titles, referent prefixes) -> (jurisdiction, status).
# Checked in order; the first pattern that matches wins. OFAC's non-SDN
# lists (NS-CMIC, NS-MBS...) restrict but do not freeze assets.
_DATASET_RULES: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"us_ofac_cons|ofac.*(non[- ]?sdn|consolidated)|^ofac-cons", re.I), "us", "restricted"),
    (re.compile(r"us_ofac_sdn|ofac.*specially designated|^ofac-", re.I), "us", "listed"),
    (re.compile(r"eu_fsf|eu financial sanctions|^eu-fsf-", re.I), "eu", "listed"),
    (re.compile(r"gb_fcdo|gb_hmt|uk fcdo|uk hm treasury|uk sanctions list|^gb-", re.I), "uk", "listed"),
    (re.compile(r"ca_dfatd|canad\w* (consolidated )?autonomous sanctions|^ca-", re.I), "ca", "listed"),
    (re.compile(r"au_dfat|australia\w* (sanctions )?consolidated|^au-dfat", re.I), "au", "listed"),
    (re.compile(r"ch_seco|swiss seco|^ch-seco", re.I), "ch", "listed"),
    (re.compile(r"nz_russia|new zealand", re.I), "nz", "listed"),
]
_COUNTRY_JURISDICTION = {"us": "us", "eu": "eu", "gb": "uk", "ca": "ca", "au": "au", "ch": "ch", "nz": "nz"}
_PARTY_SCHEMAS = {"Person", "Organization", "Company", "LegalEntity", "PublicBody"}
_LEGAL_FORMS = {
    "co", "company", "corp", "corporation", "group", "inc", "jsc", "limited", "llc", "ltd", "plc", "pte", "the",
}  # fmt: skip
SIMPLE_CSV_REQUIRED = ("id", "schema", "name")


@dataclass
class ExportEntity:
    """One party (person, company, body) of an export, with what matching and applying need."""

    id: str
    schema: str
    name: str
    aliases: list[str] = field(default_factory=list)
    identifiers: set[str] = field(default_factory=set)
    datasets: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    start_dates: dict[str, str] = field(default_factory=dict)  # jurisdiction -> earliest startDate
    source_urls: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)  # jurisdictions named by Sanction entities
    last_seen: str = ""
    line: int = 0

    def jurisdictions(self) -> dict[str, str]:
        """Jurisdiction -> status ('listed' or 'restricted') from its datasets, referents and sanctions."""
        found: dict[str, str] = {}
        for label in [*self.datasets, *self.identifiers]:
            for pattern, code, status in _DATASET_RULES:
                if pattern.search(label):
                    if found.get(code) != "listed":
                        found[code] = status
                    break
        for code in self.countries:
            found.setdefault(code, "listed")
        return found


@dataclass
class Match:
    """What became of one entity: how it matched, to whom, and whether it is applied."""

    entity: ExportEntity
    method: str  # identifier, name, alias, ambiguous, none
    actor_ids: list[str]
    reason: str

    @property
    def applied(self) -> bool:
        return self.method in ("identifier", "name") and len(self.actor_ids) == 1


@dataclass
class ImportPlan:
    """The rows an import would add, the matches held for review, and conflicts with curated rows."""

    rows: list[dict]
    matches: list[Match]
    conflicts: list[str]
    origin: str

    @property
    def review(self) -> list[Match]:
        return [m for m in self.matches if m.method in ("alias", "ambiguous")]

    def review_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "entity_id": m.entity.id,
                    "entity_name": m.entity.name,
                    "line": m.entity.line,
                    "match": m.method,
                    "candidate_actors": "|".join(m.actor_ids),
                    "reason": m.reason,
                    "jurisdictions": "|".join(f"{j}:{s}" for j, s in sorted(m.entity.jurisdictions().items())),
                }
                for m in self.review
            ],
            columns=["entity_id", "entity_name", "line", "match", "candidate_actors", "reason", "jurisdictions"],
        )


def normalise_name(name: str) -> str:
    """Lower case, no accents or punctuation, single spaces, trailing legal forms dropped."""
    words = ascii_key(name).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _date(value: str) -> str:
    return str(value or "")[:10]


def _split(cell: str) -> list[str]:
    """A simple-CSV multi-value cell: values joined by ';' with CSV quoting."""
    if not cell:
        return []
    return [v.strip() for v in next(csv.reader([cell], delimiter=";")) if v.strip()]


def _read_ftm(text: str, path: Path) -> list[ExportEntity]:
    entities: dict[str, ExportEntity] = {}
    sanctions: list[tuple[int, dict]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"{path.name}, line {number}: not valid JSON ({exc.msg}). "
                "Fix: supply FollowTheMoney entities, one JSON object per line"
            ) from exc
        if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
            raise ImportFailed(f"{path.name}, line {number}: an entity needs 'id' and 'schema'. Fix: check the export")
        props = data.get("properties") or {}
        if data["schema"] == "Sanction":
            sanctions.append((number, data))
            continue
        if data["schema"] not in _PARTY_SCHEMAS:
            continue
        names = list(props.get("name") or [])
        name = data.get("caption") or (names[0] if names else data["id"])
        aliases = [n for n in [*names, *(props.get("alias") or []), *(props.get("previousName") or [])] if n != name]
        entities[data["id"]] = ExportEntity(
            id=data["id"],
            schema=data["schema"],
            name=name,
            aliases=aliases,
            identifiers={data["id"], *(data.get("referents") or []), *(props.get("wikidataId") or [])},
            datasets=list(data.get("datasets") or []),
            topics=list(props.get("topics") or []),
            programmes=list(props.get("program") or []),
            last_seen=_date(data.get("last_change") or data.get("last_seen")),
            line=number,
        )
    for _, sanction in sanctions:
        props = sanction.get("properties") or {}
        for subject in props.get("entity") or []:
            entity = entities.get(subject)
            if entity is None:
                continue
            entity.programmes += [p for p in props.get("program") or [] if p not in entity.programmes]
            entity.source_urls += props.get("sourceUrl") or []
            codes = {_COUNTRY_JURISDICTION[c] for c in props.get("country") or [] if c in _COUNTRY_JURISDICTION}
            entity.countries |= codes
            for code in codes:
                for start in props.get("startDate") or []:
                    if code not in entity.start_dates or start < entity.start_dates[code]:
                        entity.start_dates[code] = start
    return list(entities.values())


def _read_simple_csv(text: str, path: Path) -> list[ExportEntity]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in SIMPLE_CSV_REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed(
            f"{path.name}, row 1: the header lacks {', '.join(missing)}. "
            "Fix: supply OpenSanctions' targets.simple.csv or FollowTheMoney JSON lines"
        )
    entities = []
    for record in reader:
        if not record.get("id"):
            raise ImportFailed(f"{path.name}, row {reader.line_num}, column 'id': empty. Fix: check the export")
        if record.get("schema") not in _PARTY_SCHEMAS:
            continue
        entities.append(
            ExportEntity(
                id=record["id"],
                schema=record["schema"],
                name=record.get("name") or record["id"],
                aliases=_split(record.get("aliases", "")),
                identifiers={record["id"]},
                datasets=_split(record.get("dataset", "")),
                topics=["sanction"] if record.get("sanctions") else [],
                programmes=_split(record.get("sanctions", "")) or _split(record.get("program_ids", "")),
                last_seen=_date(record.get("last_change") or record.get("last_seen")),
                line=reader.line_num,
            )
        )
    return entities


def read_export(path: Path) -> list[ExportEntity]:
    """The parties of an OpenSanctions export (FtM JSON lines or simple CSV), detected by content."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ImportFailed(f"{path}: no such file. Fix: give the path of an export you downloaded") from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{path}: not UTF-8 text. Fix: supply the export as downloaded") from exc
    if text.lstrip().startswith("{"):
        return _read_ftm(text, path)
    return _read_simple_csv(text, path)


def _actor_keys(actors: pd.DataFrame, curated: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Per actor: identifiers, normalised primary name, normalised names incl. aliases."""
    identifiers: dict[str, set[str]] = {}
    primary: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    for actor in actors.to_dict("records"):
        ids = {actor.get("opensanctions_id"), actor.get("wikidata_qid")}
        identifiers[actor["id"]] = {i for i in ids if isinstance(i, str) and i}
        primary[actor["id"]] = normalise_name(actor["name"])
        aliases = [a for a in str(actor.get("aliases") or "").split("|") if a.strip()]
        names[actor["id"]] = {normalise_name(n) for n in [actor["name"], *aliases]} - {""}
    if not curated.empty and "list_id" in curated:
        # only curated rows: an imported row's list_id is our own earlier match, not independent evidence
        # (with it, re-importing a file turned its name matches into "identifier" matches)
        if "origin" in curated:
            curated = curated[curated["origin"] == "curated"]
        for actor_id, list_id in zip(curated["actor_id"], curated["list_id"]):
            if isinstance(list_id, str) and list_id and actor_id in identifiers:
                identifiers[actor_id].add(list_id)
    return identifiers, primary, names


def match_entities(entities: list[ExportEntity], actors: pd.DataFrame, curated: pd.DataFrame) -> list[Match]:
    """How each entity matches our actors (see the module docstring for the order)."""
    identifiers, primary, names = _actor_keys(actors, curated)
    matches = []
    for entity in entities:
        by_id = sorted(a for a, ids in identifiers.items() if ids & entity.identifiers)
        if by_id:
            method = "identifier" if len(by_id) == 1 else "ambiguous"
            shared = sorted(set().union(*(identifiers[a] for a in by_id)) & entity.identifiers)
            matches.append(Match(entity, method, by_id, f"identifier {', '.join(shared)}"))
            continue
        own = normalise_name(entity.name)
        all_names = {own} | {normalise_name(a) for a in entity.aliases}
        by_name = sorted(a for a, n in primary.items() if n == own)
        by_alias = sorted(a for a, n in names.items() if n & all_names)
        if len(by_name) == 1 and set(by_alias) <= set(by_name):
            matches.append(Match(entity, "name", by_name, f"name '{entity.name}'"))
        elif len(by_name) > 1 or len(by_alias) > 1:
            candidates = sorted(set(by_name) | set(by_alias))
            matches.append(Match(entity, "ambiguous", candidates, f"'{entity.name}' fits several actors"))
        elif by_alias:
            shared = sorted(names[by_alias[0]] & all_names)
            matches.append(Match(entity, "alias", by_alias, f"only an alias matches ({', '.join(shared)})"))
        else:
            matches.append(Match(entity, "none", [], "no actor matches"))
    # several entities applied to one actor by name alone: hold them all for review
    named: dict[str, list[Match]] = {}
    for match in matches:
        if match.method == "name":
            named.setdefault(match.actor_ids[0], []).append(match)
    for actor_id, group in named.items():
        if len(group) > 1:
            for match in group:
                match.method = "ambiguous"
                match.reason = f"{len(group)} entities match actor '{actor_id}' by name"
    return matches


def plan_import(
    entities: list[ExportEntity],
    actors: pd.DataFrame,
    curated: pd.DataFrame,
    origin: str,
    file_name: str,
    file_date: str,
) -> ImportPlan:
    """The sanctions rows an import adds (applied matches only) and its conflicts with curated rows.

    ``curated`` is the store's sanctions frame; ``file_date`` (YYYY-MM-DD)
    is the as-of date for entities without ``last_seen``/``last_change``.
    """
    matches = match_entities(entities, actors, curated)
    curated_only = curated[curated["origin"] == "curated"] if not curated.empty else curated
    current = {}
    if not curated_only.empty:
        statuses = effective_statuses(curated_only)
        current = {(r.actor_id, r.jurisdiction): r.status for r in statuses.itertuples()}
    rows, conflicts = [], []
    for match in matches:
        if not match.applied:
            continue
        entity = match.entity
        actor_id = match.actor_ids[0]
        for jurisdiction, status in sorted(entity.jurisdictions().items()):
            before = current.get((actor_id, jurisdiction))
            if before is not None and STATUS_RANK[before] < STATUS_RANK[status]:
                conflicts.append(
                    f"{actor_id}/{jurisdiction}: curated status {before}, the export says {status} "
                    f"(entity {entity.id}, line {entity.line}); both rows are kept and {status} now shows"
                )
            rows.append(
                {
                    "actor_id": actor_id,
                    "jurisdiction": jurisdiction,
                    "status": status,
                    "measure": "asset freeze" if status == "listed" else "restriction (see programme)",
                    "listed_as": entity.name,
                    "programme": "; ".join(entity.programmes) or "; ".join(entity.datasets),
                    "listed_on": entity.start_dates.get(jurisdiction, ""),
                    "act": "",
                    "list_id": entity.id,
                    "source_url": "|".join(
                        dict.fromkeys([f"https://www.opensanctions.org/entities/{entity.id}/", *entity.source_urls])
                    ),
                    "inferred": "false",
                    "note": f"Imported from {file_name} (line {entity.line}), matched by {match.reason}.",
                    "as_of": entity.last_seen or file_date,
                    "_row": entity.line,
                    "added_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                }
            )
    return ImportPlan(rows=rows, matches=matches, conflicts=conflicts, origin=origin)
