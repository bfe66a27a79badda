"""Grade a student's write-up step by step (``symcheck grade``).

Pipeline: :mod:`.segment` (problems and steps with source lines) →
:func:`.check.check_step` per step (cheap first: arithmetic, plain algebra,
network notation through :mod:`symcheck.notation`, library claims, hints) →
:mod:`.grader` (chains, first errors, problem summaries, scores with an
answer key from :mod:`.key`) → :mod:`.report` → :mod:`.formats`.

The names below are imported on first use (PEP 562), so that importing a
light module of this package (:mod:`.batch`, :mod:`.report`, :mod:`.state`)
does not import SymPy: ``symcheck grade FILE`` imports the grader in the
child process that grades, not in the one that prints.
"""

from __future__ import annotations

__all__ = ["Options", "GradeOptions", "State", "check_step", "grade_document", "grade_file", "grade_text",
           "ProblemResult", "StepResult", "SubmissionReport"]


def __getattr__(name: str):
    if name in ("Options", "GradeOptions", "State"):
        from .state import Options, State

        return {"Options": Options, "GradeOptions": Options, "State": State}[name]
    if name == "check_step":
        from .check import check_step

        return check_step
    if name in ("grade_document", "grade_file", "grade_text"):
        from . import grader

        return getattr(grader, name)
    if name in ("ProblemResult", "StepResult", "SubmissionReport"):
        from . import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
