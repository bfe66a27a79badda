"""`symcheck check` and the grader agree (issue 11, point 2): every standalone step of
examples/ (and of the seed and the corpus in ../shared, when present) is checked both
ways, and each step that stands on its own gets the same verdict.

A step stands on its own when it is a claim (arithmetic, algebra, a network
equation: not a definition, an assumption, a chain row or an implication) and the
grader's verdict rests on the equation alone: no library claim (the library knows
settings `check` is not told), no convention of hand-written derivations (α for a, a
as σ(z), Σ over examples), and no reading of the step as a condition or a definition
in the write-up's own terms, or of a chain row as values substituted into the row
before (the grader's policy for write-ups)."""

from pathlib import Path

import pytest

from symcheck.errors import ParseError
from symcheck.grade.check import Options, State, check_step
from symcheck.grade.reading import StepKind, read_step
from symcheck.grade.segment import kind_of, segment
from symcheck.notation import Context, check_reading, read
from symcheck.verdict import CheckKind, NoteKind

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLAIMS = {StepKind.ARITHMETIC, StepKind.ALGEBRA, StepKind.NETWORK}
WRITE_UP_CONTEXT = {NoteKind.READER_FOUND, NoteKind.CONDITION, NoteKind.SUBSTITUTION, NoteKind.OCR_ALPHA,
                    NoteKind.ACTIVATION, NoteKind.EXAMPLE_SUM, NoteKind.COST_CASE, NoteKind.UPDATE,
                    NoteKind.INSTANTIATED}


def _files():
    out = sorted((ROOT / "examples" / "submissions").glob("*.md"))
    if SHARED.is_dir():
        out += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.md"))
    return out


def _standalone(path):
    """(step, state, reading) of each claim; a chain row is read with the expression it continues."""
    doc = segment(path.read_text(encoding="utf-8"), kind_of(path))
    prev, chain = None, None
    for step in doc.steps:
        if step.chain != chain:
            chain, prev = step.chain, (prev if step.link else None)
        state = State(prev_expr=prev)
        if step.relation and step.relation != "=>":
            prev = step.rhs
        if step.implication or not step.relation or (step.link and state.prev_expr is None):
            continue
        sr = read_step(step, state)
        if sr.kind in CLAIMS and sr.reading is not None:
            yield step, state, sr


def _stands_on_its_own(v) -> bool:
    return v.check is not CheckKind.LIBRARY and not ({n.kind for n in v.notes} & WRITE_UP_CONTEXT)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name[:40]) for p in _files()])
def test_check_and_grade_give_the_same_verdict(path):
    compared, differ = 0, []
    for step, state, sr in _standalone(path):
        graded = check_step(step, state, Options()).verdict
        if not _stands_on_its_own(graded):
            continue
        try:
            checked = check_reading(read(sr.source), Context())
        except ParseError:
            continue
        compared += 1
        if graded.verdict != checked.verdict:
            differ.append((step.line, sr.source[:60], graded.verdict, graded.reason[:60], checked.verdict,
                           checked.reason[:60]))
    assert not differ, differ


def test_the_comparison_covers_steps():
    """The examples alone hold arithmetic, identities and network equations that are compared."""
    kinds = {sr.kind for p in sorted((ROOT / "examples" / "submissions").glob("*.md")) for _, _, sr in _standalone(p)}
    assert kinds == CLAIMS
