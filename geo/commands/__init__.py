"""One module per ``python -m geo`` command (see ``geo.cli``), and what they share.

Shared here: opening the store (with a warning when ``data/`` no longer
validates) and writing ``--out`` files, always through a temporary file so
a failure never leaves half a file or clobbers the old one. ``--out`` names
a regular file or a new one: a folder, a FIFO, a device (``/dev/null``) or
a socket is refused, never replaced; ``--out -`` means standard output.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import OutputNotWritable
from geo.settings import Settings

if TYPE_CHECKING:  # the store imports pandas: only when a command runs, not for --help
    from geo.store import Store

__all__ = ["STDOUT", "check_writable", "open_store_for_command", "write_atomically", "write_output"]

STDOUT = "-"  # ``--out -``: write to standard output


def open_store_for_command(settings: Settings) -> Store:
    """The up-to-date store; if data/ no longer validates, say so on stderr and use what is stored."""
    from geo.evidence import open_store

    store = open_store(settings)
    if store.load_error:
        print(
            f"warning: data/ was not reloaded, the store keeps its previous content.\n{store.load_error}",
            file=sys.stderr,
        )
    from geo.access import command_line_account

    return store.acting_as(command_line_account())


def _kind_of(mode: int) -> str | None:
    """What a path that is not a regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_special(path: Path) -> None:
    try:
        mode = path.stat().st_mode  # follows a symlink: a link to /dev/null is a device too
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there yet (or the folder is missing): check_writable says which
    except OSError as error:
        raise OutputNotWritable(f"cannot write {path}: {error.strerror or error}. Fix: choose another --out") from None
    kind = _kind_of(mode)
    if kind == "a folder":
        raise OutputNotWritable(f"cannot write {path}: it is a folder. Fix: give a file name, e.g. {path / 'map.html'}")
    if kind:
        raise OutputNotWritable(
            f"cannot write {path}: it is {kind}, and --out only writes regular files. "
            f"Fix: give a file name, or --out {STDOUT} to write to standard output (then redirect it)"
        )


def check_writable(path: Path) -> None:
    """Refuse, before any work, a path whose file cannot be created (naming the path and the fix).

    Only regular files are written: a folder, FIFO, device or socket at
    ``path`` (or behind a symlink there) is refused, never replaced.
    """
    folder = path.parent if str(path.parent) else Path(".")
    _refuse_special(path)
    if not folder.is_dir():
        raise OutputNotWritable(
            f"cannot write {path}: the folder {folder} does not exist. Fix: create it or choose another --out"
        )
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputNotWritable(f"cannot write {path}: permission denied. Fix: choose a writable --out path")


def _default_mode() -> int:
    # mkstemp makes 0600 files; a snapshot gets the mode a plain open() would give it
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so no half file is left.

    ``path`` is checked again here (it may have changed since
    :func:`check_writable`): a folder, FIFO, device or socket is refused.
    """
    _refuse_special(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        os.replace(temporary, path)
    except OSError as error:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputNotWritable(
            f"cannot write {path}: {error.strerror or error}. Fix: choose a writable --out path"
        ) from error


def write_output(text: str, out: str | None, what: str) -> None:
    """``text`` to the ``--out`` file (checked, written atomically, ``what`` reported on stderr) or to stdout.

    No ``--out``, or ``--out -``, writes to standard output.
    """
    if not out or out == STDOUT:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    path = Path(out)
    check_writable(path)
    write_atomically(path, text.encode("utf-8"))
    print(f"wrote {what} to {path}", file=sys.stderr)
