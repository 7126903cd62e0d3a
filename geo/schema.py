"""The declared schema of every file under ``data/``.

This module owns the vocabulary of the evidence base: the columns of each
CSV file, what each column means, which values are allowed (layers, kinds,
precisions, roles), and the id prefixes. Validation (``geo.dataset``), the
store (``geo.store``) and the documentation test (``tests/test_schema.py``,
which checks ``data/README.md``) all read it from here, so the files, the
code and the documentation cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTORS",
    "ACTOR_KINDS",
    "ARTICLES",
    "CATEGORIES",
    "CATEGORY_COLOURS",
    "DATE_PRECISIONS",
    "EVENTS",
    "EVENT_KINDS",
    "FILES",
    "GAZETTEER",
    "GAZETTEER_EXTRA_DIR",
    "JURISDICTIONS",
    "PLACE_KINDS",
    "PLACE_KIND_RANK",
    "PUBLISHED_PRECISIONS",
    "ROLES",
    "ROUTES",
    "ROUTE_KINDS",
    "ROUTE_STATUSES",
    "SANCTIONS",
    "SANCTION_STATUSES",
    "Column",
    "FileSchema",
]


@dataclass(frozen=True)
class Column:
    """One column of a data file: its name, whether it may be empty, and its meaning."""

    name: str
    help: str
    required: bool = True


@dataclass(frozen=True)
class FileSchema:
    """A CSV file under ``data/``: its relative path and its ordered columns."""

    path: str
    help: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


# Sanctions jurisdictions: the codes of data/sanctions.csv and of the URL's 'by'.
JURISDICTIONS: dict[str, str] = {
    "us": "United States",
    "eu": "European Union",
    "uk": "United Kingdom",
    "ca": "Canada",
    "au": "Australia",
    "ch": "Switzerland",
    "nz": "New Zealand",
}

# The map layers. Every event and site belongs to exactly one.
CATEGORIES: dict[str, str] = {
    "arms-supply": "Arms supply",
    "seizures-combat": "Seizures and combat",
    "resource-extraction": "Resource extraction",
    "infrastructure": "Infrastructure",
    "territorial-control": "Territorial control",
    "diplomacy-sanctions": "Diplomacy and sanctions",
}

# One colour per layer, shared by the map, the legend and the KML styles.
# The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"): the six colours stay apart under
# the common colour-vision deficiencies; each layer also has its own shape (geo.render.symbols).
CATEGORY_COLOURS: dict[str, str] = {
    "arms-supply": "#D55E00",  # vermillion
    "seizures-combat": "#E69F00",  # orange
    "resource-extraction": "#009E73",  # bluish green
    "infrastructure": "#0072B2",  # blue
    "territorial-control": "#CC79A7",  # reddish purple
    "diplomacy-sanctions": "#56B4E9",  # sky blue
}

EVENT_KINDS: dict[str, str] = {
    "event": "Something that happened at a time (a seizure, a handover, a contract).",
    "site": "A place with a period of operation (a mine, a port, a pipeline, a school).",
}

# How exact an event's date is. The interval [date_start, date_end] is always
# explicit; the precision says how it was derived from the text.
DATE_PRECISIONS: dict[str, str] = {
    "day": "One calendar day; date_start == date_end.",
    "month": "A calendar month; the interval covers the whole month.",
    "year": "A calendar year; the interval covers the whole year.",
    "range": "An explicit range stated in the source (e.g. Feb 2021 to Dec 2022).",
    "period": "A site's period of operation; date_end may be empty (still operating).",
    "undated": "No date in the source; both dates are empty.",
}

PLACE_KINDS: dict[str, str] = {
    "country": "A country; precision is its rough radius.",
    "admin1": "A region, state or province.",
    "township": "A township (admin level 3), as an area.",
    "district": "A district or self-administered zone (admin level 2), as an area.",
    "city": "A city.",
    "town": "A town.",
    "village": "A village.",
    "site": "A facility: mine, port, terminal, zone, school, base.",
    "island": "An island.",
}

# How large a place kind is, smallest first: when one name fits several places, the most
# specific wins (a town before the township of the same name, a township before its region).
PLACE_KIND_RANK: dict[str, int] = {
    kind: rank
    for rank, kind in enumerate(
        ("site", "island", "village", "town", "city", "township", "district", "admin1", "country")
    )
}

ACTOR_KINDS: dict[str, str] = {
    "state": "A state or its government.",
    "military": "Armed forces, their directorates and units.",
    "armed-resistance": "Resistance forces and ethnic armed organisations.",
    "company": "A company, state-owned or private.",
    "ngo": "A non-governmental or civil-society organisation, or a union.",
    "igo": "An intergovernmental body.",
    "person": "A named individual.",
    "group": "Civilians, protesters or an unidentified group, as named by an imported dataset such as ACLED.",
}

ROLES: dict[str, str] = {
    "supplier": "Supplied arms, goods or technology.",
    "recipient": "Received arms, goods or money.",
    "perpetrator": "Carried out the act.",
    "seizer": "Seized the items or the territory.",
    "operator": "Operates the site.",
    "owner": "Owns the site or asset.",
    "financier": "Finances the site or project.",
    "accuser": "Made the allegation or called for action.",
    "target": "Is the target of the call or measure.",
    "mediator": "Pressured or brokered.",
    "party": "A party to an agreement or meeting.",
    "reporter": "Reported the facts.",
    "subject": "Is the subject of the event.",
}

# How exact an article's publication date is (articles/index.csv).
PUBLISHED_PRECISIONS: dict[str, str] = {
    "day": "The day is known.",
    "month": "Only the month is known.",
    "year": "Only the year is known.",
}

ROUTE_KINDS: dict[str, str] = {
    "pipeline": "An oil or gas pipeline.",
    "railway": "A railway line.",
}

ROUTE_STATUSES: dict[str, str] = {
    "operating": "In use.",
    "planned": "Announced or agreed, not yet built.",
    "under-construction": "Being built.",
}

SANCTION_STATUSES: dict[str, str] = {
    "listed": "Designated with an asset freeze (blocking): what 'sanctioned' means in filters and badges.",
    "restricted": "A narrower measure in force: investment, financial-services, visa or travel ban, or a watch list.",
    "expired": "A past measure that has lapsed or was lifted.",
    "none-found": "Not on the list or in the sources checked as of as_of (absence, not proof).",
}


def _one_of(values) -> str:
    """'a, b or c.': the allowed values of a column, in words."""
    names = list(values)
    return (", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]) + "."


_LIST = "Several values are separated by '|'."

ARTICLES = FileSchema(
    path="articles/index.csv",
    help="One row per source article; the verbatim body is in data/articles/<file>.",
    columns=(
        Column("id", "Stable id, prefixed 'art-'."),
        Column("title", "Headline as published, or our estimate (see title_is_estimate)."),
        Column("title_is_estimate", "'true' when the title was not visible in the source."),
        Column("publisher", "Who published the article."),
        Column("published", "Publication date, ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY)."),
        Column("published_precision", _one_of(PUBLISHED_PRECISIONS)),
        Column("published_is_estimate", "'true' when the date was inferred, not read."),
        Column("url", "Where the article was published, when known.", required=False),
        Column("language", "BCP 47 language tag of the body, e.g. 'en'."),
        Column("file", "File name of the verbatim body, under data/articles/."),
        Column("note", "How the metadata was established; what was stripped.", required=False),
    ),
)

GAZETTEER = FileSchema(
    path="gazetteer.csv",
    help="Every place the articles name or imply, and every route waypoint.",
    columns=(
        Column("id", "Stable id, prefixed 'pl-'."),
        Column("name", "Canonical English name."),
        Column("aliases", f"Other spellings, incl. Burmese script. {_LIST}", required=False),
        Column("kind", "One of: " + ", ".join(PLACE_KINDS) + "."),
        Column("latitude", "WGS 84 decimal degrees, -90..90."),
        Column("longitude", "WGS 84 decimal degrees, -180..180."),
        Column("precision_m", "How far the true location may be from the point, in metres."),
        Column("admin_area", "Region, state or province it lies in.", required=False),
        Column("country", "Country it lies in."),
        Column("source", "Where the coordinates come from."),
    ),
)

ACTORS = FileSchema(
    path="actors.csv",
    help="Every actor the articles name: states, forces, companies, NGOs, people.",
    columns=(
        Column("id", "Stable slug id, e.g. 'norinco' (used in URLs as actor=norinco)."),
        Column("name", "Canonical English name."),
        Column("aliases", f"Other names and abbreviations. {_LIST}", required=False),
        Column("kind", "One of: " + ", ".join(ACTOR_KINDS) + "."),
        Column("affiliated_with", "Id of the parent or affiliated actor.", required=False),
        Column("relation", "How it is tied to affiliated_with, e.g. subsidiary-of.", required=False),
        Column("country", "Country of registration or nationality.", required=False),
        Column("description", "One sentence, in our own words."),
        Column("wikidata_qid", "Wikidata id (Q…), when known.", required=False),
        Column("opensanctions_id", "OpenSanctions entity id, when known.", required=False),
    ),
)

EVENTS = FileSchema(
    path="events.csv",
    help="Every located or dated claim in the articles (events) and every site.",
    columns=(
        Column("id", "Stable id, prefixed 'ev-' for events and 'site-' for sites."),
        Column("kind", "One of: " + ", ".join(EVENT_KINDS) + "."),
        Column("title", "Short title, in our own words."),
        Column("summary", "One or two sentences, in our own words."),
        Column("category", "Map layer, one of: " + ", ".join(CATEGORIES) + "."),
        Column("date_start", "First day of the interval, YYYY-MM-DD; empty if undated.", required=False),
        Column("date_end", "Last day of the interval, YYYY-MM-DD; empty if open or undated.", required=False),
        Column("date_precision", "One of: " + ", ".join(DATE_PRECISIONS) + "."),
        Column("place_id", "Gazetteer id of the place (or empty when route_id is set).", required=False),
        Column("route_id", "Route id for line features (or empty when place_id is set).", required=False),
        Column("precision_m", "Overrides the place's precision, in metres.", required=False),
        Column("actors", "Actors and roles as 'actor_id:role', separated by '|'.", required=False),
        Column("article_id", "Id of the supporting article."),
        Column("source_start", "Character offset where the supporting passage starts."),
        Column("source_end", "Character offset where it ends (exclusive)."),
        Column("quote", "The passage itself: exactly body[source_start:source_end]."),
        Column("note", "Caveats: estimates, conflicting sources.", required=False),
    ),
)

ROUTES = FileSchema(
    path="routes/index.csv",
    help="Line features; each row's geometry is the GeoJSON file it names.",
    columns=(
        Column("id", "Stable id, prefixed 'route-'."),
        Column("name", "Canonical English name."),
        Column("kind", _one_of(ROUTE_KINDS)),
        Column("status", _one_of(ROUTE_STATUSES)),
        Column("description", "Facts about the line, in our own words."),
        Column("file", "GeoJSON file under data/routes/."),
        Column("sources", f"Sources for the facts and the alignment. {_LIST}"),
    ),
)

SANCTIONS = FileSchema(
    path="sanctions.csv",
    help="Designations of actors by jurisdiction, and documented gaps (one row per listing or per gap).",
    columns=(
        Column("actor_id", "Id of the actor in actors.csv."),
        Column("jurisdiction", "us, eu, uk, ca, au, ch or nz."),
        Column(
            "status",
            "listed (asset freeze / blocking), restricted (a narrower measure in force, e.g. an investment, "
            "financial-services or travel ban), expired (a past measure), or none-found (not on the list checked).",
        ),
        Column(
            "measure", "What the listing does, in a few words, e.g. 'asset freeze', 'investment ban'.", required=False
        ),
        Column("listed_as", "The name the list or source gives (e.g. 'State Administration Council').", required=False),
        Column("programme", "Sanctions programme or list.", required=False),
        Column("listed_on", "Date listed, YYYY-MM-DD, YYYY-MM or YYYY; empty for none-found.", required=False),
        Column("act", "Legal act or notice.", required=False),
        Column(
            "list_id",
            "The entry's id on the list in OpenSanctions source-level form (ofac-<UID>, gb-fcdo-<unique id>).",
            required=False,
        ),
        Column("source_url", f"Where this is documented. {_LIST}"),
        Column(
            "inferred", "'true' when a value (or its reading in note) was inferred rather than read; note says which."
        ),
        Column("note", "Caveats; for inferred rows, what was inferred.", required=False),
        Column("as_of", "Date of the newest source the row rests on (list snapshot or publication), ISO 8601."),
    ),
)

# Reference gazetteers (columns of GAZETTEER): Myanmar's admin units, towns and villages, and the
# world's countries and capitals. Loaded into the store beside gazetteer.csv so that extraction,
# geocoding and stored events know the same places; curated events still use gazetteer.csv places.
GAZETTEER_EXTRA_DIR = "gazetteer_extra"

# Every CSV file, in load order (later files refer to earlier ones).
FILES: tuple[FileSchema, ...] = (ARTICLES, GAZETTEER, ACTORS, ROUTES, EVENTS, SANCTIONS)
