"""LaTeX output: proof write-ups of library claims, annotated feedback on
graded submissions, and compiling either to PDF.

Imports flow one way: this package reads claim results and grading reports;
nothing below it imports it. Untrusted text and math are made inert by
:mod:`symcheck.writeup.escape`.
"""

from .compile import compile_pdf, find_tex, log_problems
from .document import write_document
from .escape import escape_latex, safe_math
from .feedback import feedback_latex, feedback_latex_many
from .proofs import claim_section, writeup_latex

__all__ = [
    "compile_pdf", "find_tex", "log_problems", "write_document", "escape_latex", "safe_math",
    "feedback_latex", "feedback_latex_many", "claim_section", "writeup_latex",
]
