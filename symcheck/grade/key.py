"""Answer keys (TOML): each problem's points and the claims it must establish.

Format (documented in ``docs/grading.md``)::

    title = "Homework 2"

    [[problem]]
    id = "Problem 3 Q2"            # as the grader names problems (see the report)
    points = 4
    claims = ['\\gamma = \\alpha', "C''(\\alpha) \\geq 0"]   # LaTeX statements, or "claim:ID" of the library

Scoring, per problem: full points when every claim is established by a
correct step and no step is incorrect; otherwise partial credit for what
comes before the first error::

    score = points × (½ · claims established before the first error / claims
                      + ½ · correct steps before the first error / checked steps)

(with no claims listed: points × correct steps before the first error /
checked steps). Checked steps are the correct and incorrect ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SymcheckError


class KeyError_(SymcheckError):
    """An answer key could not be read."""


@dataclass(frozen=True)
class KeyProblem:
    id: str
    points: float
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerKey:
    title: str = ""
    problems: tuple[KeyProblem, ...] = field(default_factory=tuple)

    @property
    def total(self) -> float:
        return sum(p.points for p in self.problems)

    def find(self, problem_id: str):
        norm = _norm_id(problem_id)
        return next((p for p in self.problems if _norm_id(p.id) == norm), None)

    def score(self, problem_id: str, steps) -> tuple:
        """(score, points, summary suffix) for one problem's step results."""
        kp = self.find(problem_id)
        if kp is None:
            return None, None, ""
        before = []
        for s in steps:
            if s.verdict.verdict == "incorrect":
                break
            before.append(s)
        wrong = any(s.verdict.verdict == "incorrect" for s in steps)
        checked = [s for s in steps if s.verdict.verdict in ("correct", "incorrect")]
        good = [s for s in before if s.verdict.verdict == "correct"]
        established = [c for c in kp.claims if any(_establishes(s, c) for s in good)]
        progress = len(good) / len(checked) if checked else 0.0
        if kp.claims:
            if len(established) == len(kp.claims) and not wrong:
                frac = 1.0
            else:
                frac = 0.5 * len(established) / len(kp.claims) + 0.5 * progress
        else:
            frac = 1.0 if checked and not wrong and len(good) == len(checked) else progress
        score = round(kp.points * frac, 2)
        missing = [c for c in kp.claims if c not in established]
        extra = f" Score {score:g}/{kp.points:g}"
        if missing:
            extra += "; not established: " + "; ".join(missing)
        return score, kp.points, extra + "."


def _norm_id(s: str) -> str:
    return " ".join(s.lower().replace(".", " ").split())


def _norm_latex(s: str) -> str:
    s = re.sub(r"\\(?:left|right|,|;|!|quad|qquad)", "", s)
    s = s.replace(r"\dfrac", r"\frac").replace(r"\geqslant", r"\geq").replace(r"\ge ", r"\geq ")
    return re.sub(r"[\s{}]", "", s)


def _establishes(step, claim: str) -> bool:
    if claim.startswith("claim:"):
        return step.verdict.claim == claim[6:]
    st = _norm_latex(step.latex.replace(r"\Rightarrow", ""))
    c = _norm_latex(claim)
    if st == c or st.endswith(c):
        return True
    if "=" in c and c.count("=") == 1:
        a, b = c.split("=")
        if st == f"{b}={a}":
            return True
    return False


def load_key(path) -> AnswerKey:
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
    return parse_key(data, str(path))


def parse_key(data: dict, where: str = "key") -> AnswerKey:
    probs = data.get("problem")
    if not isinstance(probs, list) or not probs:
        raise KeyError_(f"{where}: no [[problem]] tables")
    out = []
    for i, p in enumerate(probs, 1):
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            raise KeyError_(f"{where}: problem {i} has no id")
        pts = p.get("points", 1)
        if not isinstance(pts, (int, float)) or pts < 0:
            raise KeyError_(f"{where}: problem {p['id']!r}: points must be a number ≥ 0")
        claims = p.get("claims", [])
        if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
            raise KeyError_(f"{where}: problem {p['id']!r}: claims must be a list of strings")
        out.append(KeyProblem(p["id"], float(pts), tuple(claims)))
    return AnswerKey(str(data.get("title", "")), tuple(out))
