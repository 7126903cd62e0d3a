"""The ``python -m geo`` command line.

Each command is one module under :mod:`geo.commands` that defines ``NAME``,
``HELP``, ``add_arguments(parser)`` and ``run(args, settings) -> int``;
this module finds them, parses the arguments and turns every
:class:`~geo.errors.GeoError` (and unwritable paths) into a one-paragraph
message on stderr with exit status 2, never a traceback. The commands and
their options are documented in the README ("Command line").
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from geo import commands
from geo.errors import GeoError
from geo.settings import load_settings

__all__ = ["build_parser", "main"]


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"geo.commands.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            yield module


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 too; keep its wording short
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description="Evidence map of Myanmar's military and its suppliers.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args, load_settings()) or 0)
    except GeoError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.strerror or error}: {error.filename or ''}. Fix: choose a writable path", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
