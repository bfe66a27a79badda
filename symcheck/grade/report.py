"""What grading produces: a report per submission, a result per step.

Every step of a submission appears in its report, checked or not. Beside the
steps, a report holds one item per display that spans several lines
(``displays``, kind "display"): the display as a whole, correct only when every
one of its steps is, never incorrect (its rows carry the errors); displays are
not steps (``counts`` and scores leave them out). Likewise one item per chain
``A = B = … = D`` (``chains``, kind "chain", :mod:`.chains`): its conclusion
``A = D``, on the line where A starts. The JSON form (``to_json``) lists all of
them in its ``steps``, told apart by ``kind``; it is documented in
``docs/grading.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..verdict import Verdict


@dataclass(frozen=True)
class StepResult:
    """One step: its 1-based source lines, the LaTeX as written, and its verdict."""

    line: int
    end_line: int
    latex: str
    verdict: Verdict
    problem: str = ""          # id of the problem this step belongs to
    first_error: bool = False  # the first incorrect step of its problem ("◀ first")
    location: str = ""         # notebooks: "cell N line M" (``line`` counts through the markdown cells)
    follows_from: Optional[int] = None  # error carried forward: the line of the earlier wrong step it follows
    kind: str = "step"         # "display": a whole display; "chain": a chain's conclusion (never steps of their own)

    def to_json(self) -> dict:
        d = {"line": self.line, "end_line": self.end_line, "latex": self.latex, "problem": self.problem,
             "first_error": self.first_error, "follows_from": self.follows_from, "kind": self.kind}
        if self.location:
            d["location"] = self.location
        d.update(self.verdict.to_json())
        return d

    @classmethod
    def from_json(cls, d: dict) -> "StepResult":
        v = Verdict(d["verdict"], d["reason"], check=d.get("check") or "", cause=d.get("cause"),
                    counterexample=d.get("counterexample"), hint=d.get("hint") or "", claim=d.get("claim"))
        return cls(d["line"], d["end_line"], d["latex"], v, problem=d.get("problem", ""),
                   first_error=d.get("first_error", False), location=d.get("location", ""),
                   follows_from=d.get("follows_from"), kind=d.get("kind") or "step")


@dataclass(frozen=True)
class ProblemResult:
    id: str                    # "Problem 2", "Q1", ...
    title: str
    line: int
    counts: dict               # {"correct": n, "incorrect": n, "unchecked": n}
    summary: str               # one sentence, as a TA would write it
    score: Optional[float] = None
    points: Optional[float] = None

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "line": self.line, "counts": dict(self.counts),
                "summary": self.summary, "score": self.score, "points": self.points}

    @classmethod
    def from_json(cls, d: dict) -> "ProblemResult":
        return cls(d["id"], d["title"], d["line"], dict(d["counts"]), d["summary"], score=d.get("score"),
                   points=d.get("points"))


@dataclass(frozen=True)
class SubmissionReport:
    file: str
    steps: tuple[StepResult, ...] = ()
    problems: tuple[ProblemResult, ...] = ()
    error: Optional[str] = None    # set when the file could not be graded at all
    seed: int = 0
    extra: dict = field(default_factory=dict)
    displays: tuple[StepResult, ...] = ()  # whole displays (kind "display"), in source order
    chains: tuple[StepResult, ...] = ()    # chains' conclusions (kind "chain"), in source order

    def items(self) -> list[StepResult]:
        """Steps, whole displays and chains' conclusions in source order: a display or a
        conclusion right after the steps that start on or before its last line."""
        out = []
        pending = sorted(self.displays + self.chains, key=lambda s: s.end_line)  # stable: displays first on a tie
        for s in self.steps:
            while pending and pending[0].end_line < s.line:
                out.append(pending.pop(0))
            out.append(s)
        return out + pending

    @property
    def counts(self) -> dict:
        """Verdicts of the steps (whole displays are not steps)."""
        c = {"correct": 0, "incorrect": 0, "unchecked": 0}
        for s in self.steps:
            c[s.verdict.verdict] += 1
        return c

    @property
    def score(self) -> Optional[float]:
        scored = [p for p in self.problems if p.score is not None]
        return sum(p.score for p in scored) if scored else None

    @property
    def points(self) -> Optional[float]:
        scored = [p for p in self.problems if p.points is not None]
        return sum(p.points for p in scored) if scored else None

    def summary(self) -> dict:
        return {"steps": len(self.steps), **self.counts, "score": self.score, "points": self.points,
                "error": self.error}

    def to_json(self) -> dict:
        return {"file": self.file, "steps": [s.to_json() for s in self.items()],
                "problems": [p.to_json() for p in self.problems], "summary": self.summary()}

    @classmethod
    def from_json(cls, d: dict) -> "SubmissionReport":
        """The inverse of :meth:`to_json` (``from_json(r.to_json()).to_json() == r.to_json()``)."""
        items = [StepResult.from_json(s) for s in d["steps"]]
        return cls(d["file"], tuple(s for s in items if s.kind == "step"),
                   tuple(ProblemResult.from_json(p) for p in d.get("problems", [])),
                   error=d.get("summary", {}).get("error"),
                   displays=tuple(s for s in items if s.kind not in ("step", "chain")),
                   chains=tuple(s for s in items if s.kind == "chain"))

    def _repr_html_(self) -> str:
        """Jupyter: the report as HTML, steps as MathML (the page of ``--format html``, without its frame)."""
        from .html import jupyter_html

        return jupyter_html(self)
