"""Reading GeoNames dumps (the tab-separated ``allCountries``/``MM.txt`` layout) into gazetteer rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from geo.errors import DataFileError, ImportFailed

__all__ = [
    "GEONAMES_COLUMNS",
    "read_geonames",
]


GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
    "population", "elevation", "dem", "timezone", "modification_date",
)  # fmt: skip


_COUNTRY_NAMES = {"MM": "Myanmar", "CN": "China", "TH": "Thailand", "IN": "India", "BD": "Bangladesh",
                  "LA": "Laos", "RU": "Russia"}  # fmt: skip


_KIND_PRECISION_M = {"country": 600000, "admin1": 150000, "township": 25000, "city": 5000, "town": 3000,
                     "village": 1000, "site": 2000, "island": 10000}  # fmt: skip


def _geonames_kind(feature_class: str, feature_code: str, population: int) -> str:
    if feature_code.startswith("PCL"):
        return "country"
    if feature_code == "ADM1":
        return "admin1"
    if feature_code in ("ADM2", "ADM3", "ADM4"):
        return "township"
    if feature_code.startswith("ISL"):
        return "island"
    if feature_class == "P":
        if feature_code in ("PPLC", "PPLA", "PPLG") or population >= 100000:
            return "city"
        return "town" if population >= 5000 or feature_code.startswith("PPLA") else "village"
    return "site"


def read_geonames(path: str | Path, countries: Iterable[str] = (), limit_aliases: int = 20) -> list[dict]:
    """Gazetteer rows (ids ``pl-gn-<geonameid>``) from a GeoNames-format tab-separated file.

    ``countries`` (ISO codes such as ``MM``) keeps only those countries.
    Alternate names become aliases (at most ``limit_aliases``, Burmese and
    Chinese script included). A malformed row raises
    :class:`~geo.errors.ImportFailed` naming the file, row and column.
    """
    path = Path(path)
    wanted = {c.upper() for c in countries}
    rows: list[dict] = []
    problems: list[DataFileError] = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise ImportFailed(f"{path}: cannot read it ({error.strerror}). Fix: check the path") from None
    with handle:
        try:
            for number, cells in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
                if not cells or cells[0].startswith("#"):
                    continue
                if len(cells) < 9:
                    problems.append(
                        DataFileError(
                            str(path),
                            f"{len(cells)} columns, expected 19 (GeoNames format)",
                            "export the file in the GeoNames dump layout",
                            row=number,
                        )
                    )
                    continue
                record = dict(zip(GEONAMES_COLUMNS, cells))
                if wanted and record["country_code"].upper() not in wanted:
                    continue
                try:
                    latitude, longitude = float(record["latitude"]), float(record["longitude"])
                    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                        raise ValueError
                except ValueError:
                    problems.append(
                        DataFileError(
                            str(path),
                            f"coordinates '{record['latitude']}, {record['longitude']}' are not valid degrees",
                            "give WGS 84 decimal degrees",
                            row=number,
                            column="latitude",
                        )
                    )
                    continue
                digits = record.get("population") or "0"
                population = int(digits) if digits.isascii() and digits.isdigit() else 0  # '²'.isdigit() is True
                kind = _geonames_kind(record["feature_class"], record["feature_code"], population)
                aliases = [
                    a
                    for a in (record.get("asciiname", ""), *record.get("alternatenames", "").split(","))
                    if a and a != record["name"] and not a.startswith("http")
                ]
                aliases = list(dict.fromkeys(aliases))[:limit_aliases]
                code = record["country_code"].upper()
                rows.append({
                    "id": f"pl-gn-{record['geonameid']}",
                    "name": record["name"],
                    "aliases": "|".join(a.replace("|", "/") for a in aliases),
                    "kind": kind,
                    "latitude": round(latitude, 5),
                    "longitude": round(longitude, 5),
                    "precision_m": _KIND_PRECISION_M[kind],
                    "admin_area": "",
                    "country": _COUNTRY_NAMES.get(code, code),
                    "source": f"GeoNames {record['geonameid']} ({record['feature_class']}.{record['feature_code']}); "
                              f"precision is our default for a {kind}",
                })  # fmt: skip
        except csv.Error as error:
            raise ImportFailed(
                f"{path}: not a tab-separated GeoNames file ({error}). Fix: give a GeoNames dump"
            ) from None
    if problems:
        raise ImportFailed(
            f"{len(problems)} problem(s) in {path}; nothing was imported:\n"
            + "\n".join(f"  - {p.describe()}" for p in problems[:20])
        )
    return rows
