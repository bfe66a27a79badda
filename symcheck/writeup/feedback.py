"""Annotated feedback for graded work: the student's own steps, each with a
mark in the left margin (correct, incorrect, unchecked), the reason,
counterexample and likely fix under each incorrect step, and a summary with
the score when an answer key was given.

Everything taken from a submission is untrusted: text goes through
:func:`~symcheck.writeup.escape.escape_latex`; math is typeset only when
:func:`~symcheck.writeup.escape.safe_math` accepts it, and is otherwise shown
as escaped monospace, so the document compiles whatever was submitted.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from .document import END_DOCUMENT, begin_document, counterexample_latex, fmt_float
from .escape import breakable_text, escape_latex, prose, safe_math, strip_math_delimiters, verbatim_text

FEEDBACK_PREAMBLE = r"""\definecolor{okcolor}{rgb}{0,0.5,0}
\definecolor{badcolor}{rgb}{0.75,0,0}
\definecolor{maycolor}{rgb}{0.6,0.4,0}
\newcommand{\markok}{\textcolor{okcolor}{$\checkmark$}}
\newcommand{\markbad}{\textcolor{badcolor}{$\bm{\times}$}}
\newcommand{\markmaybe}{\textcolor{maycolor}{\textbf{?}}}
% A step: mark and line number in the left column, the step on the right.
\newenvironment{steps}{\begin{list}{}{\setlength{\leftmargin}{4.2em}\setlength{\labelwidth}{3.8em}%
  \setlength{\labelsep}{0.4em}\setlength{\itemsep}{0.6ex}}}{\end{list}}
\newcommand{\steplabel}[2]{\makebox[1.4em][l]{#1}\makebox[2.4em][r]{\scriptsize l.#2}}
\newenvironment{stepnote}{\par\small\begin{list}{}{\setlength{\leftmargin}{1em}\setlength{\topsep}{0.3ex}}\item[]}{\end{list}}
\sloppy
"""

MARKS = {"correct": r"\markok", "incorrect": r"\markbad", "unchecked": r"\markmaybe"}
LEGEND = (r"Marks: \markok{} verified correct; \markbad{} incorrect (with the failed check or a counterexample); "
          r"\markmaybe{} not checked (the reason is given). Line numbers refer to the submitted file.")


def looks_like_prose(text: str) -> bool:
    """Two words in a row, outside any control word: "so the error ..."."""
    return bool(re.search(r"[A-Za-z]{3,}[ ,.;:]+[A-Za-z]{2,}", re.sub(r"\\[A-Za-z]+|\\text\{[^}]*\}", " ", text)))


def step_body(latex: str, prose: bool = False) -> str:
    """The student's step, made inert: typeset math when safe, escaped text
    for prose, else escaped monospace."""
    if prose and looks_like_prose(latex):
        return escape_latex(latex)
    math = safe_math(strip_math_delimiters(latex))
    if math is not None:
        return f"\\fitmath{{{math}}}"
    return verbatim_text(latex) + r" {\scriptsize(shown as written)}"


def _lines(s) -> str:
    return f"{s.line}" if s.end_line in (None, s.line) else f"{s.line}--{s.end_line}"


def step_item(s) -> str:
    """One ``\\item``: mark, line, the step, and under it the comment."""
    v = s.verdict
    is_prose = v.verdict == "unchecked" and v.cause == "prose"
    out = [f"\\item[\\steplabel{{{MARKS[v.verdict]}}}{{{_lines(s)}}}] {step_body(s.latex, is_prose)}"]
    notes = []
    if v.verdict == "incorrect":
        first = r"\textbf{First error.} " if s.first_error else ""
        notes.append(f"{first}\\textbf{{Why:}} {prose(v.reason)}")
        if v.counterexample:
            notes.append(f"\\textbf{{Counterexample:}} {counterexample_latex(v.counterexample)}")
        elif v.check:
            notes.append(f"\\textbf{{Check:}} {breakable_text(v.check)}")
        if v.hint:
            notes.append(f"\\textbf{{Likely fix:}} {prose(v.hint)}")
    elif v.verdict == "unchecked":
        notes.append(f"\\emph{{Not checked ({breakable_text(v.cause or '')}):}} {prose(v.reason)}")
    if v.claim:
        notes.append(f"See library claim \\texttt{{{escape_latex(v.claim)}}}.")
    if notes:
        out.append("\\begin{stepnote}\n" + " \\\\\n".join(notes) + "\n\\end{stepnote}")
    return "\n".join(out)


def _score(score: Optional[float], points: Optional[float]) -> str:
    if score is None:
        return ""
    return fmt_float(score) + (f" / {fmt_float(points)}" if points is not None else "")


def _summary(report) -> str:
    c = report.counts
    out = ["\\subsection*{Summary}",
           f"{len(report.steps)} steps: {c['correct']} correct, {c['incorrect']} incorrect, "
           f"{c['unchecked']} not checked."]
    if report.problems:
        out.append("\\begin{itemize}")
        for p in report.problems:
            score = _score(p.score, p.points)
            pc = p.counts or {}
            counts = ", ".join(f"{pc.get(k, 0)} {k}" for k in ("correct", "incorrect", "unchecked"))
            out.append(f"\\item \\textbf{{{escape_latex(p.id)}}}"
                       + (f" ({escape_latex(p.title)})" if p.title and p.title != p.id else "")
                       + f": {counts}." + (f" {prose(p.summary)}" if p.summary else "")
                       + (f" \\emph{{Score: {score}.}}" if score else ""))
        out.append("\\end{itemize}")
    total = _score(report.score, report.points)
    if total:
        out.append(f"\\par\\medskip\\textbf{{Score: {total}}}")
    return "\n".join(out) + "\n"


def feedback_body(report, heading: bool = True) -> str:
    """The feedback for one report, as a section (no preamble)."""
    out = []
    if heading:
        out.append(f"\\section*{{{verbatim_text(report.file, chunk=12)}}}")
    if report.error:
        out.append(f"\\textbf{{This file could not be graded:}} {breakable_text(report.error)}\n")
    titles = {p.id: p for p in report.problems}
    current = None
    open_list = False
    for s in report.steps:
        if s.problem != current or not open_list:
            if open_list:
                out.append("\\end{steps}")
            if s.problem != current and s.problem:
                p = titles.get(s.problem)
                title = f" --- {escape_latex(p.title)}" if p and p.title and p.title != p.id else ""
                out.append(f"\\subsection*{{{escape_latex(s.problem)}{title}}}")
            current = s.problem
            out.append("\\begin{steps}")
            open_list = True
        out.append(step_item(s))
    if open_list:
        out.append("\\end{steps}")
    if not report.steps and not report.error:
        out.append("No steps were found in this file.\n")
    out.append(_summary(report))
    return "\n".join(out)


def feedback_latex(report, title: Optional[str] = None) -> str:
    """A standalone LaTeX document of annotated feedback for one submission."""
    return feedback_latex_many([report], title=title)


def feedback_latex_many(reports: Sequence, title: Optional[str] = None) -> str:
    """One document with the feedback for several submissions, one section each."""
    if title is None:
        title = ("Feedback on " + verbatim_text(reports[0].file, chunk=12)) if len(reports) == 1 else "Feedback"
    seeds = sorted({r.seed for r in reports})
    intro = LEGEND + f" Numeric checks used seed {', '.join(str(s) for s in seeds)}.\n"
    parts = [begin_document(title, FEEDBACK_PREAMBLE), intro]
    for i, r in enumerate(reports):
        if i:
            parts.append("\\clearpage")
        parts.append(feedback_body(r, heading=len(reports) > 1))
    parts.append(END_DOCUMENT)
    return "\n".join(parts)
