"""Seeded synthetic events, ACLED-like, for benchmarks and tests.

Nothing here is evidence: every event is made up. :func:`generate_acled`
draws ``n`` rows in ACLED's column layout (:data:`geo.intake.acled.ACLED_COLUMNS`)
spread over :data:`TOWNS` (weighted towards the regions where fighting has
been heaviest since the coup), with dates from 2021-02-01 to 2025-06-30
(rising over time), ACLED-like event types, actors and precision codes.
Points are jittered around the town within the radius their geo_precision
implies; geo_precision 3 sits on the region's capital, as ACLED codes it.
:func:`events_frame` turns the same draw into the store's events frame
(:data:`geo.store.EVENT_COLUMNS`) directly, with the mappings of
:mod:`geo.intake.imports`, so a benchmark does not have to go through SQLite.
The same ``seed`` and ``n`` always give the same rows (numpy's PCG64).

Town coordinates are approximate town centres rounded to 0.01 degree,
compiled by hand from public maps (OpenStreetMap); they are good enough to
spread synthetic points realistically, not to locate anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from geo.intake.acled import ACLED_COLUMNS, EVENT_TYPE_LAYERS, GEO_PRECISIONS, TIME_PRECISIONS
from geo.intake.actor_links import actor_slug

__all__ = [
    "DATE_FIRST",
    "DATE_LAST",
    "DATE_STYLES",
    "DELIMITERS",
    "MYANMAR_BBOX",
    "TOWNS",
    "events_frame",
    "generate_acled",
    "write_acled_csv",
]

DATE_FIRST = dt.date(2021, 2, 1)
DATE_LAST = dt.date(2025, 6, 30)
# (south, west, north, east) in degrees: Myanmar's extent, rounded outwards.
MYANMAR_BBOX = (9.5, 92.1, 28.6, 101.2)

# (town, admin1, latitude, longitude, weight). Weight: relative share of synthetic events.
TOWNS: list[tuple[str, str, float, float, float]] = [
    ("Yangon", "Yangon", 16.80, 96.16, 4),
    ("Thanlyin", "Yangon", 16.76, 96.25, 1),
    ("Hlegu", "Yangon", 17.10, 96.22, 1),
    ("Mandalay", "Mandalay", 21.98, 96.08, 4),
    ("Madaya", "Mandalay", 22.21, 96.11, 2),
    ("Pyin Oo Lwin", "Mandalay", 22.03, 96.46, 1),
    ("Kyaukse", "Mandalay", 21.61, 96.13, 1),
    ("Myingyan", "Mandalay", 21.46, 95.39, 2),
    ("Meiktila", "Mandalay", 20.88, 95.86, 1),
    ("Nyaung-U", "Mandalay", 21.20, 94.92, 1),
    ("Yamethin", "Mandalay", 20.43, 96.14, 1),
    ("Thazi", "Mandalay", 20.85, 96.06, 1),
    ("Mogok", "Mandalay", 22.92, 96.51, 1),
    ("Singu", "Mandalay", 22.55, 96.00, 1),
    ("Naypyitaw", "Naypyitaw", 19.75, 96.13, 1),
    ("Monywa", "Sagaing", 22.11, 95.14, 4),
    ("Sagaing", "Sagaing", 21.88, 95.98, 3),
    ("Shwebo", "Sagaing", 22.57, 95.70, 3),
    ("Kale", "Sagaing", 23.19, 94.02, 3),
    ("Tamu", "Sagaing", 24.22, 94.31, 1),
    ("Homalin", "Sagaing", 24.87, 94.91, 1),
    ("Katha", "Sagaing", 24.18, 96.33, 2),
    ("Kawlin", "Sagaing", 23.78, 95.68, 2),
    ("Ye-U", "Sagaing", 22.76, 95.43, 2),
    ("Myinmu", "Sagaing", 21.93, 95.58, 2),
    ("Yinmabin", "Sagaing", 22.08, 94.90, 2),
    ("Kani", "Sagaing", 22.44, 94.85, 2),
    ("Mingin", "Sagaing", 22.87, 94.49, 2),
    ("Salingyi", "Sagaing", 21.97, 95.08, 2),
    ("Tigyaing", "Sagaing", 23.75, 96.14, 1),
    ("Mawlaik", "Sagaing", 23.64, 94.41, 1),
    ("Kalewa", "Sagaing", 23.20, 94.30, 1),
    ("Indaw", "Sagaing", 24.22, 96.14, 1),
    ("Magway", "Magway", 20.15, 94.93, 2),
    ("Pakokku", "Magway", 21.33, 95.09, 3),
    ("Gangaw", "Magway", 22.17, 94.13, 2),
    ("Myaing", "Magway", 21.62, 94.85, 2),
    ("Yenangyaung", "Magway", 20.46, 94.87, 1),
    ("Minbu", "Magway", 20.18, 94.88, 1),
    ("Chauk", "Magway", 20.89, 94.82, 1),
    ("Salin", "Magway", 20.58, 94.66, 1),
    ("Taungdwingyi", "Magway", 20.00, 95.55, 1),
    ("Ngape", "Magway", 20.08, 94.47, 1),
    ("Myitkyina", "Kachin", 25.38, 97.40, 2),
    ("Bhamo", "Kachin", 24.27, 97.23, 2),
    ("Hpakant", "Kachin", 25.61, 96.31, 2),
    ("Waingmaw", "Kachin", 25.35, 97.44, 1),
    ("Putao", "Kachin", 27.33, 97.42, 1),
    ("Mohnyin", "Kachin", 24.78, 96.37, 1),
    ("Lashio", "Shan", 22.94, 97.75, 2),
    ("Muse", "Shan", 23.99, 97.90, 1),
    ("Kutkai", "Shan", 23.45, 97.94, 1),
    ("Hsipaw", "Shan", 22.62, 97.30, 1),
    ("Kyaukme", "Shan", 22.54, 97.03, 1),
    ("Namhkam", "Shan", 23.84, 97.68, 1),
    ("Laukkai", "Shan", 23.69, 98.76, 1),
    ("Taunggyi", "Shan", 20.78, 97.04, 2),
    ("Hopong", "Shan", 20.79, 97.17, 1),
    ("Pinlaung", "Shan", 20.12, 96.78, 1),
    ("Hsihseng", "Shan", 20.16, 97.25, 1),
    ("Pekon", "Shan", 19.86, 97.00, 1),
    ("Kengtung", "Shan", 21.29, 99.61, 1),
    ("Tachileik", "Shan", 20.45, 99.88, 1),
    ("Loikaw", "Kayah", 19.67, 97.21, 2),
    ("Demoso", "Kayah", 19.53, 97.13, 2),
    ("Hakha", "Chin", 22.64, 93.61, 1),
    ("Falam", "Chin", 22.91, 93.68, 1),
    ("Tedim", "Chin", 23.37, 93.66, 1),
    ("Mindat", "Chin", 21.38, 93.97, 1),
    ("Matupi", "Chin", 21.61, 93.45, 1),
    ("Paletwa", "Chin", 21.30, 92.85, 1),
    ("Sittwe", "Rakhine", 20.15, 92.90, 2),
    ("Mrauk-U", "Rakhine", 20.59, 93.19, 2),
    ("Kyauktaw", "Rakhine", 20.84, 92.98, 1),
    ("Buthidaung", "Rakhine", 20.87, 92.53, 1),
    ("Maungdaw", "Rakhine", 20.82, 92.37, 1),
    ("Minbya", "Rakhine", 20.36, 93.27, 1),
    ("Kyaukphyu", "Rakhine", 19.43, 93.55, 1),
    ("Ann", "Rakhine", 19.79, 94.05, 1),
    ("Thandwe", "Rakhine", 18.46, 94.37, 1),
    ("Toungup", "Rakhine", 18.84, 94.24, 1),
    ("Hpa-an", "Kayin", 16.89, 97.63, 1),
    ("Myawaddy", "Kayin", 16.69, 98.51, 2),
    ("Kawkareik", "Kayin", 16.55, 98.24, 1),
    ("Hlaingbwe", "Kayin", 17.12, 97.82, 1),
    ("Mawlamyine", "Mon", 16.49, 97.63, 1),
    ("Thaton", "Mon", 16.92, 97.37, 1),
    ("Kyaikto", "Mon", 17.31, 97.01, 1),
    ("Ye", "Mon", 15.25, 97.86, 1),
    ("Dawei", "Tanintharyi", 14.08, 98.19, 1),
    ("Myeik", "Tanintharyi", 12.44, 98.60, 1),
    ("Palaw", "Tanintharyi", 12.97, 98.65, 1),
    ("Kawthaung", "Tanintharyi", 9.98, 98.55, 1),
    ("Bago", "Bago", 17.34, 96.48, 2),
    ("Taungoo", "Bago", 18.94, 96.43, 1),
    ("Pyay", "Bago", 18.82, 95.22, 1),
    ("Pathein", "Ayeyarwady", 16.78, 94.73, 1),
    ("Hinthada", "Ayeyarwady", 17.65, 95.46, 1),
    ("Myaungmya", "Ayeyarwady", 16.60, 94.93, 1),
    ("Labutta", "Ayeyarwady", 16.15, 94.76, 1),
    ("Pyapon", "Ayeyarwady", 16.29, 95.68, 1),
]

# admin1 -> its capital (ACLED codes geo_precision 3 to it).
_CAPITALS = {
    "Yangon": "Yangon",
    "Mandalay": "Mandalay",
    "Naypyitaw": "Naypyitaw",
    "Sagaing": "Monywa",
    "Magway": "Magway",
    "Kachin": "Myitkyina",
    "Shan": "Taunggyi",
    "Kayah": "Loikaw",
    "Chin": "Hakha",
    "Rakhine": "Sittwe",
    "Kayin": "Hpa-an",
    "Mon": "Mawlamyine",
    "Tanintharyi": "Dawei",
    "Bago": "Bago",
    "Ayeyarwady": "Pathein",
}

# (event_type, sub_event_type, weight)
_EVENT_TYPES = [
    ("Battles", "Armed clash", 34),
    ("Battles", "Non-state actor overtakes territory", 2),
    ("Battles", "Government regains territory", 1),
    ("Explosions/Remote violence", "Air/drone strike", 12),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 9),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 7),
    ("Violence against civilians", "Attack", 8),
    ("Violence against civilians", "Abduction/forced disappearance", 2),
    ("Protests", "Peaceful protest", 10),
    ("Protests", "Excessive force against protesters", 1),
    ("Riots", "Mob violence", 1),
    ("Strategic developments", "Looting/property destruction", 5),
    ("Strategic developments", "Arrests", 4),
    ("Strategic developments", "Disrupted weapons use", 2),
    ("Strategic developments", "Headquarters or base established", 1),
    ("Strategic developments", "Agreement", 1),
]

_JUNTA = "Military Forces of Myanmar (2021-)"
_RESISTANCE = [
    "PDF: People's Defense Force",
    "KIA: Kachin Independence Army",
    "AA: Arakan Army",
    "TNLA: Ta'ang National Liberation Army",
    "MNDAA: Myanmar National Democratic Alliance Army",
    "KNLA: Karen National Liberation Army",
    "KNDF: Karenni Nationalities Defense Force",
    "CDF: Chinland Defense Force",
    "LDF: Local Defense Force",
]
_ASSOCIATES = ["", "", "", "Pyu Saw Htee", "Police Forces of Myanmar (2021-)"]
_SOURCES = ["Synthetic Daily", "Synthetic Weekly", "Synthetic Radio", "Synthetic Monitor"]

# geo_precision -> jitter radius in km around the town
_JITTER_KM = {1: 2.0, 2: 12.0, 3: 0.0}


def _draw(n: int, seed: int) -> dict[str, np.ndarray]:
    """The random choices for ``n`` events, as arrays (shared by both outputs)."""
    rng = np.random.default_rng(seed)
    weights = np.array([t[4] for t in TOWNS], dtype=float)
    town = rng.choice(len(TOWNS), size=n, p=weights / weights.sum())
    type_weights = np.array([t[2] for t in _EVENT_TYPES], dtype=float)
    event_type = rng.choice(len(_EVENT_TYPES), size=n, p=type_weights / type_weights.sum())
    geo_precision = rng.choice([1, 2, 3], size=n, p=[0.72, 0.24, 0.04])
    time_precision = rng.choice([1, 2, 3], size=n, p=[0.84, 0.12, 0.04])
    span = (DATE_LAST - DATE_FIRST).days
    # Intensity rises over time: the density of day d grows linearly (sqrt of a uniform).
    day = np.floor(np.sqrt(rng.random(n)) * (span + 1)).astype(int)
    angle = rng.random(n) * 2 * np.pi
    radius = np.sqrt(rng.random(n))
    resistance = rng.integers(0, len(_RESISTANCE), size=n)
    associate = rng.integers(0, len(_ASSOCIATES), size=n)
    fatalities = np.where(rng.random(n) < 0.6, 0, rng.geometric(0.3, size=n))
    source = rng.integers(0, len(_SOURCES), size=n)
    swap = rng.random(n) < 0.35
    return {
        "town": town,
        "event_type": event_type,
        "geo_precision": geo_precision,
        "time_precision": time_precision,
        "day": day,
        "angle": angle,
        "radius": radius,
        "resistance": resistance,
        "associate": associate,
        "fatalities": fatalities,
        "source": source,
        "swap": swap,
    }


def _points(draw: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(latitude, longitude, admin1 index, location town index) for each event."""
    town_lat = np.array([t[2] for t in TOWNS])
    town_lon = np.array([t[3] for t in TOWNS])
    index = {t[0]: i for i, t in enumerate(TOWNS)}
    capital = np.array([index[_CAPITALS[t[1]]] for t in TOWNS])
    location = np.where(draw["geo_precision"] == 3, capital[draw["town"]], draw["town"])
    jitter_km = np.select(
        [draw["geo_precision"] == 1, draw["geo_precision"] == 2], [_JITTER_KM[1], _JITTER_KM[2]], _JITTER_KM[3]
    )
    distance_deg = jitter_km * draw["radius"] / 111.32
    lat = town_lat[location] + distance_deg * np.sin(draw["angle"])
    lon = town_lon[location] + distance_deg * np.cos(draw["angle"]) / np.cos(np.radians(town_lat[location]))
    south, west, north, east = MYANMAR_BBOX
    return np.clip(lat, south, north).round(4), np.clip(lon, west, east).round(4), draw["town"], location


def generate_acled(n: int, seed: int = 0, colocated: float = 0.0) -> pd.DataFrame:
    """``n`` synthetic events as an ACLED-format frame (columns :data:`ACLED_COLUMNS`, all text).

    ``colocated`` is the share of events put exactly on their town's point, as
    ACLED codes most events of geo_precision 2 (in a real Myanmar extract 64 %
    of the events share their coordinates with more than three others).
    """
    draw = _draw(n, seed)
    lat, lon, _, location = _points(draw)
    if colocated > 0:
        stacked = np.random.default_rng([seed, 1]).random(n) < colocated
        lat = np.where(stacked, np.array([t[2] for t in TOWNS])[location], lat)
        lon = np.where(stacked, np.array([t[3] for t in TOWNS])[location], lon)
    dates = pd.to_datetime(DATE_FIRST) + pd.to_timedelta(draw["day"], unit="D")
    types = np.array([t[0] for t in _EVENT_TYPES], dtype=object)[draw["event_type"]]
    subtypes = np.array([t[1] for t in _EVENT_TYPES], dtype=object)[draw["event_type"]]
    towns = np.array([t[0] for t in TOWNS], dtype=object)
    regions = np.array([t[1] for t in TOWNS], dtype=object)
    resistance = np.array(_RESISTANCE, dtype=object)[draw["resistance"]]
    protest = np.isin(types, ["Protests", "Riots"])
    civilians = types == "Violence against civilians"
    actor1 = np.where(draw["swap"], resistance, _JUNTA)
    actor2 = np.where(draw["swap"], _JUNTA, np.where(civilians, "Civilians (Myanmar)", resistance))
    actor1 = np.where(protest, np.where(types == "Riots", "Rioters (Myanmar)", "Protesters (Myanmar)"), actor1)
    actor2 = np.where(protest, np.where(subtypes == "Peaceful protest", "", _JUNTA), actor2)
    associate = np.array(_ASSOCIATES, dtype=object)[draw["associate"]]
    assoc1 = np.where((actor1 == _JUNTA), associate, "")
    ids = np.char.add("SYN", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    frame = pd.DataFrame(
        {
            "event_id_cnty": ids.astype(object),
            "event_date": dates.strftime("%Y-%m-%d"),
            "time_precision": draw["time_precision"].astype(str),
            "event_type": types,
            "sub_event_type": subtypes,
            "actor1": actor1,
            "assoc_actor_1": assoc1,
            "actor2": actor2,
            "assoc_actor_2": "",
            "admin1": regions[location],
            "admin2": regions[location],
            "admin3": towns[location],
            "location": towns[location],
            "latitude": lat.astype(str),
            "longitude": lon.astype(str),
            "geo_precision": draw["geo_precision"].astype(str),
            "source": np.array(_SOURCES, dtype=object)[draw["source"]],
            "notes": "Synthetic event, not a real report: "
            + pd.Series(subtypes).str.lower()
            + " near "
            + pd.Series(towns[location])
            + ".",
            "fatalities": draw["fatalities"].astype(str),
        }
    )
    return frame[ACLED_COLUMNS]


# How write_acled_csv can write dates: as ACLED's API, as R and pandas re-save them, as ACLED's site does.
DATE_STYLES: dict[str, str] = {
    "iso": "%Y-%m-%d",
    "timestamp": "%Y-%m-%dT00:00:00Z",
    "words": "%d %B %Y",
}
DELIMITERS: dict[str, str] = {"comma": ",", "semicolon": ";", "tab": "\t"}


def write_acled_csv(
    path: Path,
    n: int,
    seed: int = 0,
    *,
    dates: str = "iso",
    missing: str = "",
    upper_headers: bool = False,
    delimiter: str = "comma",
    colocated: float = 0.0,
) -> Path:
    """Write ``n`` synthetic events as an ACLED-format CSV file (UTF-8), in the forms real files take.

    ``dates`` is a key of :data:`DATE_STYLES`; ``missing`` the text of an empty
    cell (R writes ``NA``); ``upper_headers`` writes ``EVENT_ID_CNTY``...;
    ``delimiter`` is a key of :data:`DELIMITERS` (a semicolon file also gets a
    UTF-8 BOM and decimal commas, as a European spreadsheet saves it);
    ``colocated`` see :func:`generate_acled`.
    """
    if dates not in DATE_STYLES or delimiter not in DELIMITERS:
        raise ValueError(f"dates must be one of {', '.join(DATE_STYLES)}; delimiter one of {', '.join(DELIMITERS)}")
    frame = generate_acled(n, seed, colocated=colocated)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.strftime(DATE_STYLES[dates])
    if missing:
        frame = frame.replace("", missing)
    separator = DELIMITERS[delimiter]
    if separator == ";":
        for column in ("latitude", "longitude"):
            frame[column] = frame[column].str.replace(".", ",", regex=False)
    if upper_headers:
        frame.columns = [name.upper() for name in frame.columns]
    frame.to_csv(path, index=False, sep=separator, encoding="utf-8-sig" if separator == ";" else "utf-8")
    return Path(path)


def events_frame(n: int, seed: int = 0, origin: str = "synthetic") -> pd.DataFrame:
    """``n`` synthetic events in the store's frame shape (:data:`geo.store.EVENT_COLUMNS`).

    Built with the same tables as an ACLED import of :func:`generate_acled`
    (layers, date intervals, precisions, actor ids), without SQLite.
    """
    from geo.store import EVENT_COLUMNS  # geo.store is heavy; only this function needs it

    acled = generate_acled(n, seed)
    date = pd.to_datetime(acled["event_date"])
    tp = acled["time_precision"].astype(int).to_numpy()
    margin = pd.to_timedelta(np.where(tp == 2, TIME_PRECISIONS[2][1], 0), unit="D")
    month_start = date.dt.to_period("M").dt.start_time
    month_end = date.dt.to_period("M").dt.end_time.dt.normalize()
    start = np.where(tp == 3, month_start, date - margin)
    end = np.where(tp == 3, month_end, date + margin)
    precision_names = np.array(["", *[TIME_PRECISIONS[k][0] for k in (1, 2, 3)]], dtype=object)
    geo_m = np.array([0, *[GEO_PRECISIONS[k][0] for k in (1, 2, 3)]])
    layers = {(t, s): EVENT_TYPE_LAYERS.get((t, s)) or EVENT_TYPE_LAYERS[(t, None)] for t, s, _ in _EVENT_TYPES}
    slugs = {
        name: actor_slug(name)
        for name in {*_RESISTANCE, *_ASSOCIATES, _JUNTA}
        | {"Civilians (Myanmar)", "Protesters (Myanmar)", "Rioters (Myanmar)"}
        if name
    }
    actor_columns = acled[["actor1", "assoc_actor_1", "actor2"]].to_numpy()
    actors = [[slugs[name] for name in row if name] for row in actor_columns]
    frame = pd.DataFrame(
        {
            "id": "acled-" + acled["event_id_cnty"],
            "kind": "event",
            "title": acled["sub_event_type"] + ": " + acled["location"],
            "summary": acled["notes"],
            "category": [layers[(t, s)] for t, s in zip(acled["event_type"], acled["sub_event_type"])],
            "date_start": pd.DatetimeIndex(start).strftime("%Y-%m-%d"),
            "date_end": pd.DatetimeIndex(end).strftime("%Y-%m-%d"),
            "date_precision": precision_names[tp],
            "place_id": None,
            "place_name": acled["location"] + ", " + acled["admin1"],
            "route_id": None,
            "latitude": acled["latitude"].astype(float),
            "longitude": acled["longitude"].astype(float),
            "precision_m": pd.array(geo_m[acled["geo_precision"].astype(int).to_numpy()], dtype="Int64"),
            "article_id": None,
            "source_start": pd.array([pd.NA] * n, dtype="Int64"),
            "source_end": pd.array([pd.NA] * n, dtype="Int64"),
            "quote": None,
            "note": "Synthetic event (seeded generator); source: " + acled["source"],
            "origin": origin,
            "actors": actors,
            "actor_roles": [[f"{a}:party" for a in row] for row in actors],
            "article_title": None,
            "article_publisher": None,
            "article_published": None,
            "fatalities": pd.array(acled["fatalities"].astype(int), dtype="Int64"),
            "source": acled["source"],
            "record_url": None,
        }
    )
    return frame[EVENT_COLUMNS]
