"""``python -m geo assets install|check``: the map's own copies of Leaflet, plugins and country outlines."""

from __future__ import annotations

from geo.errors import AssetsMissing
from geo.settings import PROJECT_ROOT

__all__ = ["HELP", "NAME", "add_arguments", "run"]

NAME = "assets"
HELP = "Install (from the npm registry) or check the map assets the app serves itself from static/vendor/."


def add_arguments(parser) -> None:
    parser.add_argument(
        "action", choices=("install", "check"), help="install: npm ci + copy; check: list what is missing"
    )
    parser.add_argument(
        "--skip-npm", action="store_true", help="copy from an existing node_modules/ without running npm"
    )


def run(args, settings) -> int:
    from geo.render.assets import assets_missing, install_assets

    if args.action == "install":
        written = install_assets(PROJECT_ROOT, settings.static_dir, run_npm=not args.skip_npm)
        print(f"installed {len(written)} asset files into {settings.static_dir / 'vendor'}")
    missing = assets_missing(settings.static_dir)
    if missing:
        raise AssetsMissing(
            f"{len(missing)} map asset(s) missing in {settings.static_dir / 'vendor'}: {', '.join(missing[:5])}. "
            "Fix: run python -m geo assets install"
        )
    if args.action == "check":
        print(f"all map assets present in {settings.static_dir / 'vendor'}")
    return 0
