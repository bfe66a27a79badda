"""Which files a batch grades: the files named, and the submission files
under the folders named.

- A folder is walked recursively for ``SUFFIXES`` (hidden entries skipped,
  ``exclude`` — the resume folder — skipped); a file named explicitly is
  taken whatever its suffix. The list is deduplicated and sorted.
- A sub-folder that cannot be read is a failure of its own
  (``FailureKind.UNREADABLE``), never silently missing.
- A symbolic link inside a folder that leads outside that folder (to a
  file, or to a folder) is not followed: it is a failure
  (``FailureKind.SYMLINK_OUTSIDE``) saying where it leads, unless
  ``follow_symlinks``. A broken link is a ``missing`` failure. Links that
  stay inside the folder are taken (folders: not walked twice). A file named
  explicitly is taken even when it is a link: the user named it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable, Optional

from ..errors import FailureKind

__all__ = ["SUFFIXES", "Failure", "collect_paths", "expand_paths"]

log = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".ipynb")


class Failure(tuple):
    """A file that has no report: unpacks as ``(file, reason)`` (and compares
    equal to that pair), with ``kind``, a :class:`FailureKind`, that decisions
    read (``kind.transient``...)."""

    __slots__ = ()

    def __new__(cls, file: str, reason: str, kind: FailureKind = FailureKind.INTERNAL):
        self = super().__new__(cls, (str(file), str(reason), FailureKind(kind)))
        return self

    def __iter__(self):  # (file, reason): the pair every report format reads
        return iter(tuple.__getitem__(self, slice(0, 2)))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return tuple(self)[i]

    def __eq__(self, other):
        return tuple(self) == tuple(other) if isinstance(other, tuple) else NotImplemented

    def __hash__(self):
        return hash(tuple(self))

    def __repr__(self):
        return f"Failure({self.file!r}, {self.reason!r}, {self.kind.value!r})"

    def __getnewargs__(self):
        return (self.file, self.reason, self.kind)

    @property
    def file(self) -> str:
        return tuple.__getitem__(self, 0)

    @property
    def reason(self) -> str:
        return tuple.__getitem__(self, 1)

    @property
    def kind(self) -> FailureKind:
        return tuple.__getitem__(self, 2)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def collect_paths(paths: Iterable, exclude: Optional[Path] = None,
                  follow_symlinks: bool = False) -> tuple[list[Path], list[Failure]]:
    """The files to grade, sorted, and the failures found on the way (unreadable
    folders, links leaving the folder, broken links), sorted by path."""
    files: set[Path] = set()
    failures: dict[str, Failure] = {}
    excl = os.path.realpath(exclude) if exclude else None

    def fail(p, reason, kind):
        failures.setdefault(str(p), Failure(str(p), reason, kind))

    def walk(folder: Path, root_real: str, seen: set) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            log.debug("cannot list %s", folder, exc_info=True)
            fail(folder, f"cannot read the folder: {exc.strerror or exc}; its files were not graded",
                 FailureKind.UNREADABLE)
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            p = folder / e.name
            real = os.path.realpath(p)
            if excl and _inside(real, excl):
                continue
            try:
                is_link = e.is_symlink()
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_link, is_dir = False, False
            wanted = p.suffix.lower() in SUFFIXES
            if is_link and not os.path.exists(real):
                if wanted:
                    fail(p, "broken symbolic link (it leads nowhere)", FailureKind.MISSING)
                continue
            if is_link and not _inside(real, root_real) and not follow_symlinks:
                if is_dir or wanted:
                    what = "folder" if is_dir else "file"
                    fail(p, f"symbolic link to a {what} outside the folder being graded ({real}); "
                            "not followed (pass --follow-symlinks to grade it)", FailureKind.SYMLINK_OUTSIDE)
                continue
            if is_dir:
                if real in seen or (is_link and not follow_symlinks):
                    continue  # a link to a folder inside: walked once, under its own name
                walk(p, root_real, seen | {real})
            elif wanted:
                files.add(p)

    for p in map(Path, paths):
        if p.is_dir():
            root_real = os.path.realpath(p)
            walk(p, root_real, {root_real})
        else:
            files.add(p)  # named explicitly: graded (or refused) whatever its suffix
    return sorted(files, key=str), [failures[k] for k in sorted(failures)]


def expand_paths(paths: Iterable, exclude: Optional[Path] = None, follow_symlinks: bool = False) -> list[Path]:
    """The files of :func:`collect_paths`, without the failures."""
    return collect_paths(paths, exclude, follow_symlinks)[0]
