"""One reading per step, and what kind of step it is.

Every step is read once by the notation front end (:func:`symcheck.notation.read`):
a continuation row ``= …`` is read together with the expression it continues.
The grader classifies the step from that reading (:class:`StepKind`), never
from the raw LaTeX; the words around the math (``step.context``, prose) say
whether an equation is an assumption, a definition or a conclusion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional

import sympy as sp

from ..errors import ParseError
from .state import State

REL_LATEX = {"=": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "in": r"\in",
             "~": r"\approx"}
INEQUALITIES = ("<", "<=", ">", ">=")
COMPARISONS = ("=", "~", "!=") + INEQUALITIES

GIVEN_WORDS = ("let", "given", "where", "with", "set", "define", "denote")
SETTING_WORDS = ("suppose", "replace", "assume", "let", "with", "define", "consider", "use")
CASE_WORDS = ("if", "for", "when", "suppose", "assume", "defined", "case")
ASSUME_WORDS = ("if", "where", "take", "let", "assume", "suppose", "given", "for", "by definition", "with",
                "when", "using", "until", "reaching", "defined")
CONCLUDE_WORDS = ("thus", "hence", "therefore", "so", "proved", "extremum", "minimized", "minimised", "at")
BUILTIN_FUNCTIONS = ("sigma", "ln", "log", "exp")


class StepKind(Enum):
    """What a step is, decided from its reading and the words around it."""

    EXPRESSION = "an expression alone"
    DANGLING = "a continuation with nothing to continue"
    ASSUMPTION = "an assumption"
    ERROR_DEFINITION = "the definition of the error δ"
    SETTING = "a setting the text assumes"
    FUNCTION_DEFINITION = "a function definition"
    CASE = "a case the text considers"
    DEFINITION = "a definition"
    IMPLICATION = "an implication"
    ARITHMETIC = "arithmetic"
    ALGEBRA = "plain algebra (an identity or a condition)"
    NETWORK = "a network equation"
    UNREAD = "a step the reader could not read"


# phrases whose words are no cue: "with respect to" is not the "with" of a setting, nor "let's derive" the
# "let" of one ("let's consider" still says "consider")
_NOT_A_CUE = re.compile(r"\bwith\s+respect\s+to\b|\blet(?:'|’)s\b|\blet\s+us\b")


def has_word(ctx: str, words) -> bool:
    """Does the prose around a step use one of ``words`` (whole words)?"""
    ctx = _NOT_A_CUE.sub(" ", f" {ctx.lower()} ")
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", ctx) for w in words)


@dataclass
class StepReading:
    """The reading of one step: ``source`` is what was read (``lhs rel rhs``);
    ``lhs``/``rhs`` the two parts; ``spans`` where each side lies in ``source``."""

    step: object
    rel: str
    lhs_text: str
    rhs_text: str
    source: str
    reading: object = None                 # symcheck.notation.Reading, or None
    error: Optional[ParseError] = None
    kind: StepKind = StepKind.UNREAD

    @property
    def lhs(self):
        return self.reading.parts[0] if self.two_sided else None

    @property
    def rhs(self):
        return self.reading.parts[1] if self.two_sided else None

    @property
    def two_sided(self) -> bool:
        return self.reading is not None and len(self.reading.parts) == 2 and len(self.reading.relations) == 1

    @property
    def spans(self) -> tuple[tuple[int, int], tuple[int, int]]:
        a = len(self.lhs_text)
        b = a + 2 + len(REL_LATEX.get(self.rel, self.rel))
        return (0, a), (b, len(self.source))

    @property
    def is_network(self) -> bool:
        return self.reading is not None and self.reading.is_network

    def reread_side(self, text: str):
        """The one part of ``text`` (an edited side of this step), or None."""
        from ..notation import read

        try:
            r = read(text, ocr=getattr(self.step, "ocr", False))
        except (ParseError, RecursionError):
            return None
        return r.parts[0] if len(r.parts) == 1 and not r.relations else None

    def reread(self, source: str):
        """The two parts of ``source`` (an edit of this step's source), or None."""
        from ..notation import read

        try:
            r = read(source, ocr=getattr(self.step, "ocr", False))
        except (ParseError, RecursionError):
            return None
        return (r.parts[0], r.parts[1]) if len(r.parts) == 2 and len(r.relations) == 1 else None


def read_step(step, state: State) -> StepReading:
    """Read ``step`` once (a continuation together with the expression it continues) and classify it."""
    from ..notation import read

    rel, lhs, rhs = step.relation, step.lhs, step.rhs
    if step.link and state.prev_expr is not None:
        lhs = state.prev_expr
    source = f"{lhs} {REL_LATEX.get(rel, rel)} {rhs}"
    sr = StepReading(step, rel, lhs, rhs, source)
    from ..notation.equality import malformed_number

    if rel and rel != "=>":
        try:  # the tokens are the reading's first step: what cannot be tokenized cannot be read
            bad = malformed_number(source)
            if bad:
                sr.error = ParseError(f"a malformed number: {bad}", source[:80], None)
            else:
                sr.reading = read(source, ocr=getattr(step, "ocr", False))  # an OCR'd file: segment's scan_ocr
        except ParseError as exc:
            sr.error = exc
        except RecursionError:
            sr.error = ParseError("nested too deeply to read", source[:80], None)
    if sr.reading is not None and step.link:
        sr.reading = _held(sr, state)
    sr.kind = classify(sr, state)
    return sr


def _held(sr: StepReading, state: State):
    """The row's reading with the index letters free in its chain's statement (``δ_j`` in
    ``δ_j = … = σ(z_j) − y_j``) held free: every row of the chain is that quantity, so no
    implied sum (Einstein notation) runs over them (:func:`symcheck.notation.readings.einstein_reading`)."""
    from dataclasses import replace

    from ..notation.ambiguity import repeated_indices
    from ..notation.indices import index_free_sets

    if not state.prev_stmt or state.prev_stmt[2] != state.prev_expr:
        return sr.reading  # the row before is not the chain's last row: its statement does not decide
    head = sr.reread_side(state.prev_stmt[0])
    sets = index_free_sets([head], False) if isinstance(head, sp.Basic) else None
    if not sets:
        return sr.reading
    repeated = set().union(*(repeated_indices(t) for t in sp.Add.make_args(head)))  # y_i x_i = …: i may be summed
    letters = frozenset(str(i) for i in sets[0]) - repeated
    return replace(sr.reading, held=letters) if letters else sr.reading


def classify(sr: StepReading, state: State) -> StepKind:
    step, rel, ctx = sr.step, sr.rel, sr.step.context
    if step.link and (rel == "=>" or state.prev_expr is None):
        return StepKind.DANGLING
    if not rel:
        return StepKind.EXPRESSION
    own = not step.link
    if own and rel in ("<", "<=", ">", ">=", "in", "!=") and has_word(ctx, ASSUME_WORDS):
        return StepKind.ASSUMPTION
    if not sr.two_sided:
        return StepKind.UNREAD
    lhs, rhs = sr.lhs, sr.rhs
    if own and rel == "=" and _is_error(lhs) and _is_gradient_wrt_z(rhs):
        return StepKind.ERROR_DEFINITION
    if step.inline and own and rel == "=" and has_word(ctx, SETTING_WORDS) and not is_name(lhs):
        return StepKind.SETTING
    if own and not step.implication and rel == "=" and not has_word(ctx, CONCLUDE_WORDS):
        if is_function_definition(lhs):
            return StepKind.FUNCTION_DEFINITION
        if is_name(lhs) or (is_single(lhs) and not _is_error(lhs) and not _superscripted(sr)):
            if step.inline and has_word(ctx, CASE_WORDS) and not has_word(ctx, GIVEN_WORDS):
                return StepKind.CASE
            return StepKind.DEFINITION
    if step.implication and own:
        return StepKind.IMPLICATION
    if rel not in COMPARISONS:
        return StepKind.NETWORK
    if is_numeric(lhs, state) and is_numeric(rhs, state):
        return StepKind.ARITHMETIC
    if not sr.is_network:
        return StepKind.ALGEBRA
    return StepKind.NETWORK


# --- what the parts are --------------------------------------------------------------------
def is_name(e) -> bool:
    """A plain name (``γ_1``, ``z_{h1}``, ``C``), not a network quantity."""
    return isinstance(e, sp.Symbol) and e.name not in ("l", "L")


def is_single(e) -> bool:
    """One quantity, possibly indexed or layered (``z_l``, ``a^L_j``, ``W_{ij}``): the
    left side of an equation that defines it."""
    from ..notation import vocab as V

    return is_name(e) or isinstance(e, (sp.Indexed, V.Q, V.Comp))


def _superscripted(sr: "StepReading") -> bool:
    """The left side carries a superscript (``a^L``): a network statement, not a new name."""
    from ..notation.equality import tokens

    a, b = sr.spans[0]
    return any(t.kind == "char" and t.text == "^" and a <= t.pos < b for t in tokens(sr.source))


def is_function_definition(e) -> bool:
    """``f(x)`` with plain variables: the left side of a function definition."""
    return (isinstance(e, sp.core.function.AppliedUndef) and all(isinstance(a, sp.Symbol) for a in e.args)
            and type(e).__name__ not in BUILTIN_FUNCTIONS)


def _is_error(e) -> bool:
    from ..notation import vocab as V

    return isinstance(e, (V.Q, V.Comp)) and getattr(e, "qname", "") == "delta"


def _is_gradient_wrt_z(e) -> bool:
    from ..notation import vocab as V

    return isinstance(e, V.Grad) and getattr(e.args[0], "qname", "") == "z"


def substitute(e, state: State):
    """``e`` with the values the write-up gave (by name)."""
    if not isinstance(e, sp.Basic) or not state.env:
        return e
    subs = {s: state.env[s.name] for s in e.free_symbols if isinstance(s, sp.Symbol) and s.name in state.env}
    return e.xreplace(subs) if subs else e


def is_numeric(e, state: State) -> bool:
    """A number once the given values are in (no unknowns, nothing undefined, nothing unevaluated)."""
    if not isinstance(e, sp.Basic) or isinstance(e, (sp.Set, sp.MatrixBase)):
        return False
    v = substitute(e, state)
    return bool(v.is_number) and not v.free_symbols and not v.atoms(sp.core.function.AppliedUndef, sp.Derivative,
                                                                      sp.Sum)
