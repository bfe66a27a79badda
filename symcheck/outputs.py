"""Writing outputs safely: reports, resume records, write-ups.

- :func:`check_output_path` and :func:`check_output_dir` refuse a bad path
  *before* any work is done (a missing folder, a folder where a file is
  expected, a file where a folder is expected, no write permission), with an
  :class:`~symcheck.errors.OutputError` in plain words.
- :func:`write_text` writes atomically: a temporary file in the same folder,
  flushed and synced, then renamed over the target, so an existing report is
  never truncated by a failed run (disk full, Ctrl-C). A target that is not a
  regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is written in place.
- Text that cannot be encoded (a lone surrogate from a notebook's JSON
  escapes, ``"\\ud800"``) never crashes an output: :func:`json_text` keeps it
  intact as a JSON escape; :func:`visible` replaces it by U+FFFD.

This module prints nothing; OS errors become ``OutputError``.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["check_output_path", "check_output_dir", "write_text", "write_bytes", "visible", "json_text",
           "REPLACEMENT"]

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (visible, and
    encodable in UTF-8)."""
    return _SURROGATE.sub(REPLACEMENT, text)


def json_text(text: str) -> str:
    """JSON text with every lone surrogate written as its ``\\uXXXX`` escape:
    the same string to any JSON parser, and valid UTF-8. (In JSON text a
    surrogate can only stand inside a string, where the escape means it.)"""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_output_path(path) -> Path:
    """Refuse, before any work, a path a file cannot be written to: its
    folder is missing or not a folder, it is a folder, or the folder is not
    writable. Returns the path."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(p, "it is a folder; give a file name")
    if p.exists() and not p.is_file():
        return p  # a device or a FIFO (/dev/null, /dev/stdout): written in place
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise OutputError(p, f"the folder {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(p, f"{parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(p, f"no permission to write in {parent}")
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputError(p, "no permission to write the file")
    return p


def check_output_dir(path) -> Path:
    """Make sure ``path`` is a folder files can be written to (created with
    its parents when missing); raise ``OutputError`` otherwise. Returns it."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(p, "it is a file, not a folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".symcheck-probe.", dir=p)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(p, _why(exc)) from None
    return p


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)  # keep an existing file's permissions
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same
    folder, fsync, rename); raise ``OutputError`` on any OS error, leaving an
    existing file at ``path`` as it was. Returns the path."""
    p = Path(path)
    try:
        if p.exists() and not p.is_file():  # a device or FIFO: nothing to rename over
            with open(p, "wb") as f:
                f.write(data)
            return p
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    except OSError as exc:
        raise OutputError(p, _why(exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(p))
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(p, _why(exc)) from None
        raise
    return p


def write_text(path, text: str, *, json: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically (see :func:`write_bytes`). Lone surrogates are
    kept as JSON escapes when ``json``, else shown as U+FFFD; with an
    encoding other than UTF-8, characters it cannot hold become ``?``."""
    text = json_text(text) if json else visible(text)
    return write_bytes(path, text.encode(encoding, errors="replace"))
