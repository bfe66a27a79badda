"""The verdict on one equation or step, shared by the front end's meaning
layer and the grader.

Soundness rules, enforced by the constructors:
- ``correct`` needs the name of a check that passed;
- ``incorrect`` needs either an exact failed check or a concrete
  counterexample (the point or network and both sides' values);
- ``unchecked`` needs a cause, one of CAUSES, and a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

VERDICTS = ("correct", "incorrect", "unchecked")
CAUSES = ("prose", "unparsed", "ambiguous", "timeout", "unsupported", "skipped")


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    check: str = ""                      # which check decided: "link", "arithmetic", "semantics", ...
    cause: Optional[str] = None          # for unchecked
    counterexample: Optional[Mapping[str, Any]] = None
    hint: str = ""                       # the likely fix, when one small edit makes it hold
    claim: Optional[str] = None          # id of a library claim the step states or contradicts
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"bad verdict {self.verdict!r}")
        if self.verdict == "correct" and not self.check:
            raise ValueError("a correct verdict must name the check that passed")
        if self.verdict == "incorrect" and not (self.counterexample or self.check.startswith("exact")):
            raise ValueError("an incorrect verdict needs a counterexample or an exact failed check")
        if self.verdict == "unchecked" and self.cause not in CAUSES:
            raise ValueError(f"an unchecked verdict needs a cause in {CAUSES}")

    @classmethod
    def correct(cls, check: str, reason: str, **kw) -> "Verdict":
        return cls("correct", reason, check=check, **kw)

    @classmethod
    def incorrect(cls, check: str, reason: str, counterexample=None, **kw) -> "Verdict":
        return cls("incorrect", reason, check=check, counterexample=counterexample, **kw)

    @classmethod
    def unchecked(cls, cause: str, reason: str, **kw) -> "Verdict":
        return cls("unchecked", reason, cause=cause, **kw)

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "cause": self.cause,
            "reason": self.reason,
            "hint": self.hint or None,
            "counterexample": _jsonable(self.counterexample),
            "claim": self.claim,
            "check": self.check or None,
        }


def _jsonable(x):
    """Counterexamples hold numpy scalars and arrays; make them plain JSON."""
    if x is None or isinstance(x, (str, bool, int)):
        return x
    if isinstance(x, float):
        return float(f"{x:.10g}")
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if hasattr(x, "tolist"):
        return _jsonable(x.tolist())
    return str(x)
