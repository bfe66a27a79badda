"""The verdict on one equation or step, shared by the front end's meaning
layer and the grader.

Decisions read codes, never message text:

- :class:`CheckKind` names the check that decided (``Verdict.check``); its
  :attr:`CheckKind.is_exact` says whether a failure of that check is exact
  (no counterexample needed);
- :class:`Cause` names why a step is unchecked;
- :class:`NoteKind` names a convention or fallback a verdict relied on
  (``Verdict.notes`` holds :class:`Note` s).

Soundness rules, enforced by the constructor:

- ``correct`` needs the kind of a check that passed;
- ``incorrect`` needs either an exact failed check or a concrete
  counterexample (the point or network and both sides' values);
- ``unchecked`` needs a cause and a reason.

Reasons and hints are plain sentences for people; nothing decides on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Optional, Union

VERDICTS = ("correct", "incorrect", "unchecked")


class CheckKind(str, Enum):
    """The check that decided a verdict (its value is what reports print)."""

    ARITHMETIC = "arithmetic"        # numbers evaluated exactly, printed decimals as intervals
    EXACT = "exact"                  # a symbolic proof or an exact evaluation
    EXACT_SHAPE = "exact shape"      # the shapes of the two sides, exactly
    NUMERIC = "numeric"              # random points (re-decided at high precision on a tie)
    LINK = "link"                    # one row of a chain against the row before it
    IMPLICATION = "implication"      # solutions of the statement before still solve this one
    LIBRARY = "library"              # a claim of the library (proved and checked there)
    NETWORKS = "networks"            # random networks from symcheck.core
    SEMANTICS = "semantics"          # what the notation means (a vector is not a number)
    ALGEBRA = "algebra"              # a symbolic rewrite that is not a proof of zero (e.g. expansion)
    DISPLAY = "display"              # a display as a whole: every step of it verified correct
    CHAIN = "chain"                  # a chain's conclusion A = D: every link of A = B = … = D verified correct
    SKIP_CODE = "skip:code"          # shown but not graded: a code span or block
    SKIP_VERBATIM = "skip:verbatim"  # shown but not graded: verbatim text
    SKIP_COMMENT = "skip:comment"    # shown but not graded: a comment
    SKIP_NOT_LATEX = "skip:not-latex"  # shown but not graded: math in another language
    SKIP_MACRO = "skip:macro"        # shown but not graded: a macro that cannot be expanded safely

    @property
    def is_exact(self) -> bool:
        """A failure of this check is a proof on its own (no counterexample needed)."""
        return self in (CheckKind.EXACT, CheckKind.EXACT_SHAPE)

    @property
    def is_shape(self) -> bool:
        return self is CheckKind.EXACT_SHAPE

    def __str__(self) -> str:
        return self.value


class Cause(str, Enum):
    """Why a step is unchecked."""

    PROSE = "prose"                  # asserts nothing to check (a definition, an assumption, words)
    UNPARSED = "unparsed"            # the notation reader could not read it
    AMBIGUOUS = "ambiguous"          # several plausible readings disagree, or a condition not an identity
    TIMEOUT = "timeout"              # a bound on time was reached
    UNSUPPORTED = "unsupported"      # read, but no check covers it yet
    SKIPPED = "skipped"              # not run (e.g. the file's time budget was spent before it)
    ROWS = "rows"                    # a display as a whole: a row of it is incorrect (the row carries the error)

    def __str__(self) -> str:
        return self.value


CAUSES = tuple(c.value for c in Cause)


class NoteKind(str, Enum):
    """A convention or fallback a verdict relied on."""

    OCR_ALPHA = "alpha read as a"                 # α read as a (OCR)
    ACTIVATION = "a is the activation"            # a next to z is σ(z)
    EXAMPLE_SUM = "sum over examples"             # Σ without limits: a sum over training examples
    COST_CASE = "c read as C"                     # c read as the cost C (OCR)
    READER_FOUND = "notation reader found"        # what a check that did not accuse found
    READ_AS = "read as"                           # a look-alike reading of the notation reader
    CARRIED_ROUNDING = "carried rounding"         # rounding of an earlier printed result allowed for
    DEFINITION = "definition"                     # the link defines a name: nothing to check
    CONDITION = "condition"                       # an equation in unknowns read as a condition, not an identity
    SUBSTITUTION = "substitution"                 # a chain row read as values put into the row before it
    UPDATE = "update rule"                        # P = P − η…, P ← …: the new value of a parameter, not an equation
    INSTANTIATED = "instantiated"                 # indexed scalars with the write-up's definitions and readings

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    text: str                         # a plain sentence for people

    def __str__(self) -> str:
        return self.text


def _kind(check) -> Optional[CheckKind]:
    if check is None or check == "":
        return None
    if isinstance(check, CheckKind):
        return check
    try:
        return CheckKind(check)
    except ValueError:
        raise ValueError(f"unknown check kind {check!r}; one of {[k.value for k in CheckKind]}") from None


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    check: Union[CheckKind, str, None] = None   # the kind of check that decided (a CheckKind once built)
    cause: Union[Cause, str, None] = None       # for unchecked
    counterexample: Optional[Mapping[str, Any]] = None
    hint: str = ""                       # the likely fix, when one small edit makes it hold
    claim: Optional[str] = None          # id of a library claim the step states or contradicts
    notes: tuple = field(default_factory=tuple)  # Notes (kind and sentence)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"bad verdict {self.verdict!r}")
        object.__setattr__(self, "check", _kind(self.check))
        if self.cause is not None:
            try:
                object.__setattr__(self, "cause", Cause(self.cause))
            except ValueError:
                raise ValueError(f"an unchecked verdict needs a cause in {CAUSES}") from None
        object.__setattr__(self, "notes", tuple(n if isinstance(n, Note) else Note(NoteKind.READ_AS, str(n))
                                                for n in self.notes))
        if self.verdict == "correct" and self.check is None:
            raise ValueError("a correct verdict must name the check that passed")
        if self.verdict == "incorrect" and not (self.counterexample or self.is_exact):
            raise ValueError("an incorrect verdict needs a counterexample or an exact failed check")
        if self.verdict == "unchecked" and self.cause is None:
            raise ValueError(f"an unchecked verdict needs a cause in {CAUSES}")

    @property
    def is_exact(self) -> bool:
        """Decided by an exact check (read from the check's kind, not its name)."""
        return self.check is not None and self.check.is_exact

    @classmethod
    def correct(cls, check, reason: str, **kw) -> "Verdict":
        return cls("correct", reason, check=check, **kw)

    @classmethod
    def incorrect(cls, check, reason: str, counterexample=None, **kw) -> "Verdict":
        return cls("incorrect", reason, check=check, counterexample=counterexample, **kw)

    @classmethod
    def unchecked(cls, cause, reason: str, **kw) -> "Verdict":
        return cls("unchecked", reason, cause=cause, **kw)

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "cause": self.cause.value if self.cause is not None else None,
            "reason": self.reason,
            "hint": self.hint or None,
            "counterexample": jsonable(self.counterexample),
            "claim": self.claim,
            "check": self.check.value if self.check is not None else None,
        }


def jsonable(x):
    """Counterexamples hold numpy scalars and arrays; make them plain JSON."""
    if x is None or isinstance(x, (str, bool, int)):
        return x
    if isinstance(x, float):
        return float(f"{x:.10g}")
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if hasattr(x, "tolist"):
        return jsonable(x.tolist())
    return str(x)

