"""Grade a student's write-up step by step (``symcheck grade``).

Pipeline: :mod:`.segment` (problems and steps with source lines) →
:func:`.check.check_step` per step (cheap first: arithmetic, plain algebra,
network notation through :mod:`symcheck.notation`, library claims, hints) →
:mod:`.grader` (chains, first errors, problem summaries, scores with an
answer key from :mod:`.key`) → :mod:`.report` → :mod:`.formats`.
"""

from .check import Options, State, check_step
from .grader import grade_document, grade_file, grade_text
from .report import ProblemResult, StepResult, SubmissionReport

GradeOptions = Options

__all__ = ["Options", "GradeOptions", "State", "check_step", "grade_document", "grade_file", "grade_text",
           "ProblemResult", "StepResult", "SubmissionReport"]
