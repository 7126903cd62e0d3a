"""``python -m geo history EVENT_ID``: every version of an event, with who changed it, when and why."""

from __future__ import annotations

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "history"
HELP = "Print the versions of an event: what changed, who changed it, when and why (corrections, retractions...)."


def add_arguments(parser) -> None:
    parser.add_argument("event_id", metavar="EVENT_ID", help="the event's id, as in exports (e.g. ev-... or acled-...)")


def run(args, settings) -> int:
    from geo.commands import open_store_for_command
    from geo.errors import StoreError
    from geo.history import event_history, read_event

    store = open_store_for_command(settings)
    history = event_history(store, args.event_id)
    current = read_event(store, args.event_id)
    if not history and current is None:
        raise StoreError(
            f"the store has no event '{args.event_id}'. Fix: give an id from an export (the id column) "
            "or from the event's permalink (event=...)"
        )
    state = "removed" if current is None else ("retracted" if current["retracted_at"] else "on the map")
    title = (current or {}).get("title") or (history[-1].content or {}).get("title", "")
    print(f"{args.event_id}: {title} ({state}); {len(history)} version(s)")
    for item in history:
        who = item.account or "unrecorded account"
        line = f"  {item.revision}. {item.at}  data version {item.version}  {item.change} by {who}"
        print(line + (f": {item.reason}" if item.reason else f" ({item.description})" if item.description else ""))
        if item.changed_fields:
            print(f"     changed: {', '.join(item.changed_fields)}")
    return 0
