"""``python -m geo snapshot``: one view as a captioned HTML map, PNG image, GeoJSON, CSV or KML file.

The view is given with ``--query`` in the app's URL grammar (a copied
permalink works too). The output file is written whole or not at all (a
temporary file in the same folder, renamed at the end). For CSV, whose
readers accept no comments, the caption goes to ``PATH.caption.txt``
(with ``--out -``, the snapshot goes to standard output, ``--format`` is
required, and a CSV's caption goes to stderr). A
query pinned to an older data version (``v=``) is applied to the current
data, and what changed since is printed on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from geo.commands import STDOUT, check_writable, open_store_for_command, write_atomically
from geo.errors import SnapshotFailed
from geo.formats import DEFAULT_TITLE
from geo.formats import SNAPSHOT_FORMATS as FORMATS
from geo.query import parse_query

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "snapshot"
HELP = (
    "Write the view selected by --query as a captioned HTML map, a PNG image (headless Chromium), GeoJSON, CSV or KML."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--query", default="", help="view query or permalink, same grammar as the app's URL (see README)"
    )
    parser.add_argument(
        "--format", choices=tuple(FORMATS), help="output format (default: from the --out file extension)"
    )
    parser.add_argument("--out", required=True, metavar="PATH", help="file to write, or - for standard output")
    parser.add_argument("--width", type=int, default=1200, help="PNG width in pixels (default 1200)")
    parser.add_argument("--height", type=int, default=800, help="PNG height in pixels (default 800)")
    parser.add_argument(
        "--inline-assets",
        action="store_true",
        help="HTML: put Leaflet, styles, icons and fonts in the file so it opens with no network (~0.7 MB)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="PNG: never fetch online tiles, even if the base map uses them"
    )
    parser.add_argument("--title", default=DEFAULT_TITLE, help="caption title")


def _format_of(args) -> str:
    if args.format:
        return args.format
    if args.out == STDOUT:
        raise SnapshotFailed(
            f"--out - writes to standard output, which has no extension. Fix: add --format {'|'.join(FORMATS)}"
        )
    suffix = Path(args.out).suffix.lower().lstrip(".")
    for fmt, (_, extension) in FORMATS.items():
        if suffix in (fmt, extension) or (suffix == "json" and fmt == "geojson") or (suffix == "htm" and fmt == "html"):
            return fmt
    raise SnapshotFailed(
        f"cannot tell the format of {args.out} from its extension. Fix: add --format {'|'.join(FORMATS)}"
    )


def run(args, settings) -> int:
    from geo.evidence import Evidence
    from geo.permalink import describe_changes
    from geo.render.snapshot import make_caption, make_snapshot

    out = Path(args.out)
    fmt = _format_of(args)
    to_stdout = args.out == STDOUT
    if not to_stdout:
        check_writable(out)
    store = open_store_for_command(settings)
    evidence = Evidence.from_store(store)
    state, _ = parse_query(args.query, evidence.vocabulary, strict=True)
    events = evidence.select(state)
    notice = describe_changes(store, state, evidence.events, evidence.context)
    if notice is not None:
        print(f"note: {notice.as_text()}", file=sys.stderr)
    caption = make_caption(evidence, state, events, title=args.title, store=store, app_url=settings.app_url)
    data = make_snapshot(
        evidence,
        state,
        fmt,
        settings,
        caption,
        width=args.width,
        height=args.height,
        inline_assets=args.inline_assets,
        allow_online_tiles=not args.offline,
    )
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        if fmt == "csv":
            print(f"caption: {caption.as_text()}", file=sys.stderr)
        print(
            f"wrote {len(events)} events as {fmt} to standard output; data version {evidence.version}", file=sys.stderr
        )
        return 0
    write_atomically(out, data)
    note = ""
    if fmt == "csv":
        caption_path = out.with_name(out.name + ".caption.txt")
        write_atomically(caption_path, caption.as_text().encode("utf-8"))
        note = f" (caption in {caption_path})"
    print(f"wrote {len(events)} events as {fmt} to {out}{note}; data version {evidence.version}", file=sys.stderr)
    return 0
