"""Answer keys (TOML): each problem's points, the claims it must establish, and
the scoring rule. The key checks itself: points finite and ≥ 0, claims
non-empty, every ``claim:ID`` a claim or a claim family of the library, every
problem id one that the submissions have (:func:`check_problems`), each error
naming the nearest valid ids.

Format (documented in ``docs/grading.md``)::

    title = "Homework 2"
    scoring = "first-error"        # or "per-step", "error-carried-forward" (default "first-error")

    [[problem]]
    id = "Problem 3 Q2"            # as the grader names problems (see the report)
    points = 4
    claims = ['\\gamma = \\alpha', "C''(\\alpha) \\geq 0"]   # LaTeX statements, or "claim:ID" of the library
    scoring = "per-step"           # optional: this problem's own rule

The rules themselves are in :mod:`symcheck.grade.scoring`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional

from ..errors import SymcheckError

RULES = ("first-error", "per-step", "error-carried-forward")


class KeyError_(SymcheckError):
    """An answer key could not be read, or does not fit the submissions or the claim library."""


@dataclass(frozen=True)
class KeyProblem:
    id: str
    points: float
    claims: tuple[str, ...] = ()
    scoring: str = ""          # this problem's rule; "" for the key's


@dataclass(frozen=True)
class AnswerKey:
    title: str = ""
    problems: tuple[KeyProblem, ...] = field(default_factory=tuple)
    scoring: str = "first-error"

    @property
    def total(self) -> float:
        return sum(p.points for p in self.problems)

    def find(self, problem_id: str) -> Optional[KeyProblem]:
        norm = norm_id(problem_id)
        return next((p for p in self.problems if norm_id(p.id) == norm), None)

    def rule(self, kp: KeyProblem) -> str:
        return kp.scoring or self.scoring


def norm_id(s: str) -> str:
    """Problem ids compare case-, dot- and space-blind: "problem 2.2" is "Problem 2 2"."""
    return " ".join(s.lower().replace(".", " ").split())


def _norm_latex(s: str) -> str:
    s = re.sub(r"\\(?:left|right|,|;|!|quad|qquad)", "", s)
    s = s.replace(r"\dfrac", r"\frac").replace(r"\geqslant", r"\geq").replace(r"\ge ", r"\geq ")
    return re.sub(r"[\s{}]", "", s)


def establishes(step, claim: str, families: Optional[Mapping[str, str]] = None) -> bool:
    """Does ``step`` (a :class:`~symcheck.grade.report.StepResult`) state ``claim``?

    ``claim:ID`` is met by a step that states library claim ID, or any claim of
    family ID (``claim:bp1`` by ``bp1-matrix``); ``families`` maps claim id →
    family (default: the library's). A LaTeX claim is met by the statement as
    written (spacing, ``\\left``/``\\right`` and the sides' order aside)."""
    if claim.startswith("claim:"):
        want, got = claim[6:], step.verdict.claim
        if not got:
            return False
        fam = claim_families() if families is None else families
        return got == want or fam.get(got) == want
    st = _norm_latex(step.latex.replace(r"\Rightarrow", ""))
    c = _norm_latex(claim)
    if not c:
        return False
    if st == c or st.endswith(c):
        return True
    if c.count("=") == 1:
        a, b = c.split("=")
        if st == f"{b}={a}":
            return True
    return False


@lru_cache(maxsize=1)
def claim_families() -> Mapping[str, str]:
    """claim id → its family (its own id when it declares none), for the installed library."""
    from ..claims import discover

    return {c.id: c.family for c in discover()}


def _nearest(word: str, valid: Iterable[str], n: int = 3) -> str:
    valid = sorted(set(valid))
    near = difflib.get_close_matches(word, valid, n=n, cutoff=0.5)
    if not near:  # compare blind to case and punctuation too
        by_norm = {norm_id(v): v for v in valid}
        near = [by_norm[m] for m in difflib.get_close_matches(norm_id(word), list(by_norm), n=n, cutoff=0.4)]
    return ("; nearest: " + ", ".join(repr(v) for v in near)) if near else ""


def check_claims(key: AnswerKey, families: Optional[Mapping[str, str]] = None, where: str = "key") -> None:
    """Every ``claim:ID`` of ``key`` is a library claim or a claim family. Raises :class:`KeyError_`."""
    fam = claim_families() if families is None else families
    valid = set(fam) | set(fam.values())
    for kp in key.problems:
        for c in kp.claims:
            if c.startswith("claim:") and c[6:] not in valid:
                raise KeyError_(f"{where}: problem {kp.id!r}: unknown claim {c[6:]!r}{_nearest(c[6:], valid)} "
                                "(see `symcheck list`)")


def check_problems(key: AnswerKey, problem_ids: Iterable[str], where: str = "key") -> None:
    """Every problem of ``key`` matches a problem id of the submissions. Raises
    :class:`KeyError_` naming the nearest ids the submissions have."""
    ids = [p for p in problem_ids if p != "(preamble)"]
    have = {norm_id(p) for p in ids}
    for kp in key.problems:
        if norm_id(kp.id) not in have:
            hint = _nearest(kp.id, ids) or ("; they have: " + ", ".join(repr(i) for i in ids[:8]) if ids else
                                            "; they have no problem headings (Problem N, Q1, ## …)")
            raise KeyError_(f"{where}: problem {kp.id!r} matches no problem of the submissions{hint}")


def check_submissions(key: AnswerKey, paths: Iterable, limits=None, where: str = "key") -> None:
    """:func:`check_problems` against the problems of the files and folders ``paths``
    (read and segmented, not graded; files that cannot be read are left to the
    grader to report). Stops reading as soon as every key problem has been seen."""
    from ..limits import DEFAULT_LIMITS, check_file
    from .files import expand_paths
    from .segment import kind_of, segment

    wanted = {norm_id(kp.id) for kp in key.problems}
    seen: list[str] = []
    any_read = False
    for f in expand_paths(paths):
        try:
            doc = segment(check_file(Path(f), limits or DEFAULT_LIMITS), kind_of(Path(f)))
        except (SymcheckError, OSError, RecursionError):
            continue
        any_read = True
        seen += [p.id for p in doc.problems] + [s.problem for s in doc.steps if s.problem]
        wanted -= {norm_id(p) for p in seen}
        if not wanted:
            return
    if any_read:
        check_problems(key, list(dict.fromkeys(seen)), where)


def load_key(path, families: Optional[Mapping[str, str]] = None) -> AnswerKey:
    """Read and check a key file (claims against the library, or ``families``)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyError_(f"{path}: no such answer key") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise KeyError_(f"{path}: not a TOML answer key: {exc}") from None
    key = parse_key(data, str(path))
    check_claims(key, families, str(path))
    return key


def _rule(value, where: str) -> str:
    if value not in RULES:
        raise KeyError_(f"{where}: scoring must be one of {', '.join(RULES)}, not {value!r}"
                        f"{_nearest(str(value), RULES)}")
    return value


def parse_key(data: dict, where: str = "key") -> AnswerKey:
    """A key from its TOML data; checks its own fields (not the claim ids: see :func:`check_claims`)."""
    probs = data.get("problem")
    if not isinstance(probs, list) or not probs:
        raise KeyError_(f"{where}: no [[problem]] tables")
    scoring = _rule(data.get("scoring", "first-error"), where)
    out = []
    for i, p in enumerate(probs, 1):
        if not isinstance(p, dict) or not isinstance(p.get("id"), str) or not p["id"].strip():
            raise KeyError_(f"{where}: problem {i} has no id")
        pid = p["id"]
        pts = p.get("points", 1)
        if isinstance(pts, bool) or not isinstance(pts, (int, float)) or not math.isfinite(pts) or pts < 0:
            raise KeyError_(f"{where}: problem {pid!r}: points must be a finite number ≥ 0, not {pts!r}")
        claims = p.get("claims", [])
        if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
            raise KeyError_(f"{where}: problem {pid!r}: claims must be a list of strings")
        if any(not c.strip() or c.strip() == "claim:" for c in claims):
            raise KeyError_(f"{where}: problem {pid!r}: a claim is empty")
        rule = _rule(p["scoring"], f"{where}: problem {pid!r}") if "scoring" in p else ""
        claims = [c.strip() for c in claims]
        claims = ["claim:" + c[6:].strip() if c.startswith("claim:") else c for c in claims]  # "claim: bp1"
        out.append(KeyProblem(pid, float(pts), tuple(claims), rule))
    ids = [norm_id(kp.id) for kp in out]
    dup = next((kp.id for kp, n in zip(out, ids) if ids.count(n) > 1), None)
    if dup is not None:
        raise KeyError_(f"{where}: problem {dup!r} appears twice")
    return AnswerKey(str(data.get("title", "")), tuple(out), scoring)
