"""``python -m geo sanctions``: import OpenSanctions exports, show statuses and the gaps table.

Subcommands: ``import FILE`` (refresh statuses from an export the user
supplies; nothing is fetched), ``status [ACTOR]``, ``gaps --by eu`` (CSV or
text) and ``remove ORIGIN`` (drop an import's rows).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.commands import open_store_for_command, write_output
from geo.errors import ImportFailed
from geo.schema import JURISDICTIONS

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "sanctions"
HELP = "Sanctions statuses: import an OpenSanctions export, show an actor's status, list the gaps."


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="refresh statuses from an OpenSanctions export (FtM JSON lines or simple CSV)")
    imp.add_argument("file", help="the export file you downloaded (entities.ftm.json or targets.simple.csv)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; store nothing")
    imp.add_argument("--review", help="write the matches held for review (alias-only, ambiguous) to this CSV")
    imp.add_argument("--as-of", help="date of the export (YYYY-MM-DD) for entities without last_seen")
    status = sub.add_parser("status", help="the sanctions rows of one actor (or the matrix of all)")
    status.add_argument("actor", nargs="?", help="actor id, e.g. norinco")
    gaps = sub.add_parser("gaps", help="actors tied to events but not listed by a jurisdiction")
    gaps.add_argument("--by", default="eu", choices=(*JURISDICTIONS, "any"), help="jurisdiction (default eu)")
    gaps.add_argument("--format", choices=("csv", "text"), default="text")
    gaps.add_argument("--out", help="write to this file instead of stdout")
    remove = sub.add_parser("remove", help="remove the rows of one import origin, e.g. opensanctions:targets.csv")
    remove.add_argument("origin")


def _evidence(settings):
    from geo.evidence import Evidence

    store = open_store_for_command(settings)
    return Evidence.from_store(store)


def _run_import(args, settings) -> int:
    from geo.intake.opensanctions import plan_import, read_export

    path = Path(args.file)
    if args.as_of:
        try:
            dt.date.fromisoformat(args.as_of)
        except ValueError as exc:
            raise ImportFailed(f"--as-of '{args.as_of}' is not a date. Fix: write YYYY-MM-DD") from exc
    entities = read_export(path)
    store = open_store_for_command(settings)
    file_date = args.as_of or (
        dt.date.fromtimestamp(path.stat().st_mtime).isoformat() if path.exists() else dt.date.today().isoformat()
    )
    origin = f"opensanctions:{path.name}"
    plan = plan_import(entities, store.actors(), store.sanctions(), origin, path.name, file_date)
    counts = {}
    for match in plan.matches:
        counts[match.method] = counts.get(match.method, 0) + 1
    print(
        f"{path.name}: {len(entities)} parties; matched by identifier {counts.get('identifier', 0)}, "
        f"by name {counts.get('name', 0)}; held for review: alias-only {counts.get('alias', 0)}, "
        f"ambiguous {counts.get('ambiguous', 0)}; unmatched {counts.get('none', 0)}"
    )
    for match in plan.review:
        print(
            f"  review: {match.entity.id} '{match.entity.name}' (line {match.entity.line}) -> "
            f"{', '.join(match.actor_ids)}: {match.reason}"
        )
    for conflict in plan.conflicts:
        print(f"  changes a curated status: {conflict}")
    if args.review:
        plan.review_frame().to_csv(args.review, index=False)
        print(f"wrote {len(plan.review)} matches for review to {args.review}")
    if args.dry_run:
        print(f"dry run: {len(plan.rows)} rows would be stored under origin '{origin}'")
        return 0
    store.replace_sanctions(plan.rows, origin)
    print(f"stored {len(plan.rows)} rows under origin '{origin}' (re-importing the same file replaces them)")
    return 0


def _run_status(args, settings) -> int:
    from geo import sanctions

    evidence = _evidence(settings)
    if not args.actor:
        print(sanctions.status_matrix(evidence).drop(columns="badge").to_string(index=False))
        print(f"\nSanctions data as of {sanctions.sanctions_as_of(evidence) or 'n/a'}")
        return 0
    if args.actor not in set(evidence.actors["id"]):
        raise ImportFailed(f"unknown actor '{args.actor}'. Fix: use an id from data/actors.csv")
    print(sanctions.badge_text(evidence, args.actor) or f"{args.actor}: no sanctions data")
    table = sanctions.status_table(evidence)
    for row in table[table["actor_id"] == args.actor].to_dict("records"):
        print(
            f"- {row['jurisdiction']} {row['status']}{' (inferred)' if row['inferred'] else ''}: "
            f"{row['measure'] or ''} {row['listed_on'] or ''} {row['listed_as'] or ''} [{row['origin']}, as of "
            f"{row['as_of']}]\n    {row['programme'] or ''} {row['act'] or ''}\n    " + "\n    ".join(row["sources"])
        )
    return 0


def _run_gaps(args, settings) -> int:
    from geo import sanctions

    evidence = _evidence(settings)
    gaps = sanctions.gaps_table(evidence, args.by)
    if args.format == "csv":
        text = sanctions.gaps_csv(gaps)
    else:
        text = gaps[["actor", "status", "role", "event_id", "event_date"]].to_string(index=False) + "\n"
        text += f"Sanctions data as of {sanctions.sanctions_as_of(evidence) or 'n/a'}\n"
    write_output(text, args.out, f"{len(gaps)} rows")
    return 0


def _run_remove(args, settings) -> int:
    store = open_store_for_command(settings)
    store.replace_sanctions([], args.origin)
    print(f"removed the rows of origin '{args.origin}'")
    return 0


def run(args, settings) -> int:
    return {"import": _run_import, "status": _run_status, "gaps": _run_gaps, "remove": _run_remove}[args.action](
        args, settings
    )
