"""Find claims the way pytest finds tests: every ``*.py`` file in a folder
whose name does not start with ``_``, in sorted order; in each, every
module-level :class:`Claim`, in the order the module defines them."""

from __future__ import annotations

import fnmatch
import importlib.util
import logging
import sys
from dataclasses import replace
from pathlib import Path

from ..errors import ClaimError
from .model import Claim

log = logging.getLogger(__name__)


def default_path() -> Path:
    """The library shipped with symcheck: the ``derivations`` package."""
    spec = importlib.util.find_spec("derivations")
    if spec is None or not spec.submodule_search_locations:
        raise ClaimError("the claim library 'derivations' is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _load(path: Path):
    name = f"_symcheck_claims_.{path.parent.name}.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ClaimError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # any error in a claim file is that file's ClaimError
        log.debug("loading %s failed", path, exc_info=True)
        del sys.modules[name]
        raise ClaimError(f"{path}: {type(exc).__name__}: {exc}") from exc
    return module


def discover(path: Path | str | None = None, pattern: str | None = None) -> list[Claim]:
    """Load claims from ``path`` (a folder or one file; default: the library).

    ``pattern`` keeps claims whose id or title matches it, as ``-k`` does:
    a substring, or a shell-style pattern when it contains ``*`` or ``?``.
    """
    root = Path(path) if path is not None else default_path()
    if not root.exists():
        raise ClaimError(f"{root}: no such file or folder")
    files = [root] if root.is_file() else sorted(p for p in root.glob("*.py") if not p.name.startswith("_"))
    claims: list[Claim] = []
    seen: dict[str, Path] = {}
    for f in files:
        module = _load(f)
        for value in vars(module).values():
            if isinstance(value, Claim):
                if value.id in seen:
                    if seen[value.id] == f:
                        continue  # the same claim bound to two names
                    raise ClaimError(f"claim id {value.id!r} defined in {seen[value.id].name} and {f.name}")
                seen[value.id] = f
                claims.append(replace(value, module=f.stem))
    if pattern:
        claims = [c for c in claims if _matches(c, pattern)]
    return claims


def _matches(claim: Claim, pattern: str) -> bool:
    hay = [claim.id.lower(), claim.title.lower()]
    pat = pattern.lower()
    if any(ch in pat for ch in "*?["):
        return any(fnmatch.fnmatch(h, pat) for h in hay)
    return any(pat in h for h in hay)
