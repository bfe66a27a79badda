"""Check one step: ``check_step(step, state, options) -> (Verdict, updates)``.

A pure, picklable top-level function, so that a step runner
(:mod:`symcheck.limits`) can run it in a worker and kill it on overrun. It
reads ``state`` (what the write-up has established before this step) and
returns the verdict plus ``updates`` to that state (values given, names
defined, domains assumed), which the grader applies.

Cheap first: limits → structure (prose, definitions, assumptions) →
arithmetic on printed numbers → plain algebra (exact, then random points) →
the front end's meaning layer for network notation → hint search. The hint
never decides the verdict: an incorrect verdict rests on an exact failed
check or on a counterexample with both sides' values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..verdict import Verdict
from . import arith
from .arith import NotNumeric

_NETWORK_NAMES = re.compile(r"\\(?:delta|nabla|odot|Sigma|cdots|ldots|otimes|mathbf|vec|begin|top)(?![A-Za-z])"
                            r"|\^\s*\{?\s*[lLTN]|\bS_?\^|\bS_[a-z]\^")
_NETWORK_LHS = re.compile(r"^\s*(?:\\delta|S|\\nabla|\\partial|\\frac\s*\{\s*\\partial)|\^\s*\{?\s*[lLN]")


@dataclass(frozen=True)
class Options:
    seed: int = 0
    trials: int = 8
    step_seconds: float = 3.0
    activation: str = "sigmoid"
    symbolic_seconds: float = 1.0
    use_front_end: bool = True
    limits: Optional[object] = None     # symcheck.limits.Limits (None: the defaults)
    key: Optional[object] = None        # symcheck.grade.key.AnswerKey, when grading against a key
    isolate: bool = False               # run each step in a worker process that is killed on overrun


@dataclass
class State:
    """What the write-up has established before a step (copied, never shared)."""

    prev_expr: Optional[str] = None           # last expression of the current chain
    prev_stmt: Optional[tuple] = None         # (lhs, relation, rhs, line) of the last statement
    env: dict = field(default_factory=dict)   # name key -> numeric value given or computed
    carried: dict = field(default_factory=dict)      # |printed result| -> rounding tolerance
    corrections: dict = field(default_factory=dict)  # |wrong printed result| -> (correct value, line, text)
    definitions: dict = field(default_factory=dict)  # name key -> latex
    functions: dict = field(default_factory=dict)    # name key -> (variable key, latex)
    domains: dict = field(default_factory=dict)      # symbol name -> (low, high)
    established: list = field(default_factory=list)  # [(lhs, rhs, line)] conditions (equations to solve) checked
    substitutions: dict = field(default_factory=dict)  # name -> (printed value, line) substituted by a step
    cost: Optional[str] = None                        # "cross-entropy" / "quadratic" / None
    topics: str = ""                                  # settings this problem talks about ("linear", "softmax")
    setting: str = ""                                 # settings the whole write-up talks about


_NAME_RE = re.compile(r"^\s*(?:\\[A-Za-z]+|[A-Za-z])(?:\s*'+)?(?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?"
                      r"(?:\s*\^\s*(?:\{[^{}0-9]*\}|[A-Za-z]))?\s*$")
_MULTI_NAME_RE = re.compile(r"^\s*[A-Za-z]{1,3}\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]+)\s*$")  # "zh_2", "ah_2"
_FUNC_DEF_RE = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\(\s*(\\?[A-Za-z]+)((?:\s*[_^]\s*(?:\{[^{}]*\}|\w))*)"
                          r"\s*\)\s*$")
_GIVEN_WORDS = ("let", "given", "where", "with", "set", "define", "denote")
_SETTING_WORDS = ("suppose", "replace", "assume", "let", "with", "define", "consider", "use")
_CASE_WORDS = ("if", "for", "when", "suppose", "assume", "defined", "case")
_ASSUME_WORDS = ("if", "where", "take", "let", "assume", "suppose", "given", "for", "by definition", "with",
                 "when", "using", "until", "reaching", "defined")
_CONCLUDE_WORDS = ("thus", "hence", "therefore", "so", "proved", "extremum", "minimized", "minimised", "at")


_DECOR = re.compile(r"\\(?:mathbf|vec|boldsymbol|hat|bar|tilde|mathit|mathrm)\s*\{([^{}]*)\}")


def is_name(latex: str) -> bool:
    s = _DECOR.sub(r"\1", latex).strip()
    return bool(_NAME_RE.match(s) or _MULTI_NAME_RE.match(s)) and r"\partial" not in s and r"\frac" not in s


def name_of(latex: str) -> str:
    return arith.name_key(latex.strip())


def _unchecked(cause, reason, **kw):
    return Verdict.unchecked(cause, reason, **kw)


def check_step(step, state: State, options: Options = Options()):
    """Return ``(Verdict, updates)`` for one step. Never raises on bad input
    (errors become unchecked verdicts), except :class:`CheckTimeout`."""
    from ..errors import LimitExceeded

    try:
        from ..limits import DEFAULT_LIMITS, check_text

        check_text(step.latex, options.limits or DEFAULT_LIMITS)
    except LimitExceeded as exc:
        return _unchecked("unsupported", f"over a limit: {exc}"), {}
    except ImportError:
        pass
    try:
        return _check(step, state, options)
    except (NotNumeric, RecursionError) as exc:
        return _unchecked("unparsed", f"could not read the step: {exc}"), {}


def _check(step, state: State, options: Options):
    rel, lhs, rhs = step.relation, step.lhs, step.rhs
    ctx = step.context
    if step.link:
        if rel == "=>":
            return _unchecked("ambiguous", "an implication without a relation: nothing to compare"), {}
        if state.prev_expr is None:
            return _unchecked("ambiguous", "continues an expression that is not written as math"), {}
        lhs = state.prev_expr
    if not rel:
        return _unchecked("prose", "an expression on its own: it asserts nothing to check"), {}

    # assumptions stated in prose: "if x > 0", "now we take γ ∈ (0, 1)"
    if not step.link and rel in ("<", "<=", ">", ">=", "in", "!=") and _has_word(ctx, _ASSUME_WORDS):
        updates = {}
        dom = _domain_of(lhs, rel, rhs)
        if dom:
            updates["domains"] = dom
        return _unchecked("prose", "an assumption stated in the text: recorded, not checked"), updates

    # the definition of the error δ (S is OCR for δ)
    if not step.link and rel == "=" and re.match(r"^\s*(?:\\delta|S)(?![A-Za-z])", lhs) and \
            re.search(r"\\partial\s*C\s*\}?\s*\{\s*\\partial\s*z", rhs):
        what = "S read as δ (OCR); " if lhs.strip().startswith("S") else ""
        return _unchecked("prose", f"{what}the definition of the error δ = ∂C/∂z: recorded"), {}

    # a setting the text assumes: "suppose we replace σ with $\sigma(z) = z$"
    if step.inline and not step.link and rel == "=" and _has_word(ctx, _SETTING_WORDS) and not is_name(lhs):
        return _unchecked("prose", "a setting the text assumes (not a claim): not checked"), {}

    # definitions and given values: "Let z = ...", "γ_1 = 0.01", "C(α) = ..."
    if not step.link and not step.implication and rel == "=":
        fm = _FUNC_DEF_RE.match(lhs)
        if fm and not _has_word(ctx, _CONCLUDE_WORDS) and fm.group(1) not in (r"\sigma", r"\ln", r"\log", r"\exp"):
            key, var = arith.name_key(fm.group(1)), arith.name_key(fm.group(2))
            v, up = _definition(fm.group(1), rhs, state, options, step)
            up.setdefault("functions", {})[key] = (var, up.pop("_latex", rhs))
            return v, up
        if is_name(lhs) and not _has_word(ctx, _CONCLUDE_WORDS) and not _NETWORK_LHS.search(lhs):
            if step.inline and _has_word(ctx, _CASE_WORDS) and not _has_word(ctx, _GIVEN_WORDS):
                return _unchecked("prose", "a case the text considers: not a given value, not checked"), {}
            return _definition(lhs, rhs, state, options, step)

    if step.implication and not step.link:
        return _implication(step, lhs, rel, rhs, state, options)

    # arithmetic on printed numbers
    v = _arithmetic(step, lhs, rel, rhs, state, options)
    if v is not None:
        return v
    # plain algebra
    v = _algebra(step, lhs, rel, rhs, state, options)
    if v is not None:
        return v
    # the library of claims, and vector identities
    v = _library(lhs, rel, rhs, options, state.topics)
    if v is not None:
        return v, {}
    # network notation: the front end
    v = _front_end(lhs, rel, rhs, state, options)
    if v is not None:
        if v.verdict == "incorrect":
            why = _cannot_accuse(step, lhs, rel, state, v)
            if why:
                return _unchecked("ambiguous", why, notes=(f"the notation reader found: {v.reason}",)), {}
        return v, {}
    return _unchecked("unsupported", "network notation that the grader cannot read yet"), {}


_MEANINGFUL_LHS = re.compile(r"\\(?:delta|partial|nabla|sigma|Sigma|frac\s*\{\s*d)|\bS_|\bS\^|\bC\b|\^\s*\{?T\}?")
_NON_DEFAULT = ("softmax", "linear", "tanh", "relu", "log-likelihood", "modified")


_BRACED = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
_FRAC = re.compile(r"\\d?frac\s*" + _BRACED + r"\s*" + _BRACED)
_PLAIN_WRT = re.compile(r"^\s*\\partial\s*[abxyzw]\s*$")


def _unmodelled_derivative(text: str) -> str:
    """A derivative whose shape the notation reader cannot be sure of: with respect to a
    plain a, z, w... with no layer, or of one component with respect to a whole vector
    (a row of a Jacobian). A shape mismatch there is no proof of an error."""
    for num, den in _FRAC.findall(text):
        if "\\partial" not in num or "\\partial" not in den:
            continue
        if _PLAIN_WRT.match(den):
            return "a derivative with respect to a plain variable with no layer: its shape is ambiguous"
        if "_" in num and "_" not in den and not re.search(r"\\partial\s*\{?\s*C\b", num):
            return ("a derivative of one component with respect to a whole vector (a row of a Jacobian), "
                    "which the notation reader does not model")
    return ""


def _cannot_accuse(step, lhs, rel, state, v) -> str:
    """Why a failed check of the notation reader is not an accusation here."""
    text = step.latex
    if re.search(r"\\(?:vec|mathbf|mathbb|boldsymbol)\s*\{\s*1\s*\}|\\lVert|\\rVert|\\\||\\left\s*\\\|", text):
        return "a vector of ones or a norm, which the notation reader does not model"
    if "shape" in v.check and re.search(r"(?<![\\A-Za-z])[ayxz](?![A-Za-z_^'{])", text) and \
            re.search(r"\\(?:nabla|odot)|\^\s*\{?T", text):
        return "plain a, y, x or z without a layer: vector or number is ambiguous, so the shapes are not compared"
    if "shape" in v.check:
        why = _unmodelled_derivative(text)
        if why:
            return why
    setting = [t for t in _NON_DEFAULT if t in (state.topics + " " + state.setting).split()]
    if setting and v.check not in ("exact shape",) and "shape" not in v.check:
        return (f"the text works with {', '.join(setting)}, a setting the random networks of the check do not "
                "model")
    if step.link:
        prev = state.prev_expr or ""
        if rel in ("<", "<=", ">", ">=") and not _MEANINGFUL_LHS.search(prev) and re.search(r"[A-Za-z]", prev):
            return "a bound in a condition on unknowns, not an identity"
        return ""
    if is_name(lhs) or (rel in ("<", "<=", ">", ">=") and not _MEANINGFUL_LHS.search(lhs)):
        return "a definition or condition in the write-up's own terms, not an identity to check"
    if not _MEANINGFUL_LHS.search(lhs) and re.search(r"[A-Za-z]", lhs):
        return "an equation in unknowns (a condition, not an identity)"
    return ""


def _has_word(ctx: str, words) -> bool:
    ctx = f" {ctx.lower()} "
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", ctx) for w in words)


def _domain_of(lhs, rel, rhs):
    m = re.match(r"^\s*\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)\s*$", rhs)
    key = _sym_name(lhs)
    if rel == "in" and m and key:
        lo, hi = float(m.group(1)), float(m.group(2))
        pad = (hi - lo) * 0.02
        return {key: (lo + pad, hi - pad)}
    try:
        bound = float(rhs)
    except ValueError:
        return None
    if key and rel in (">", ">="):
        return {key: (bound + 0.05, bound + 3.0)}
    if key and rel in ("<", "<="):
        return {key: (bound - 3.0, bound - 0.05)}
    return None


def _sym_name(latex: str) -> Optional[str]:
    if not is_name(latex):
        return None
    key = arith.name_key(latex)
    key = {r"\alpha": "a", r"\omega": "w"}.get(key, key)
    return key.lstrip("\\")


# --- definitions ------------------------------------------------------------
def _definition(lhs, rhs, state, options, step):
    key = name_of(lhs)
    updates: dict = {"definitions": {key: rhs}}
    display = lhs.strip()
    try:
        p = arith.parse(rhs, state.env)
        value = p.value()
        updates["env"] = {key: value}
        if arith.is_literal(p):
            return _unchecked("prose", f"given value {display} = {arith.fmt(value)}: recorded for later steps"), \
                updates
        return _unchecked("prose", f"definition of {display} (= {arith.fmt(value)}): recorded for later steps"), updates
    except NotNumeric:
        pass
    if (key in ("C", "c") or key.startswith("C_")) and state.cost == "cross-entropy":
        v = _check_cost(lhs, rhs, state, options, updates)
        if v is not None:
            return v, updates
    return _unchecked("prose", f"definition of {display}: recorded for later steps"), updates


def _check_cost(lhs, rhs, state, options, updates):
    """A cost defined in a write-up about the cross-entropy must be the cross-entropy
    (of one target y/γ and one activation a/α, possibly with 1/n Σ)."""
    import sympy as sp

    from . import algebra

    notes: list = []
    try:
        expr = algebra.read(rhs, {}, {}, {}, notes)
    except NotNumeric:
        return None
    syms = {s.name: s for s in expr.free_symbols}
    labels = [s for n, s in syms.items() if n == "y" or n.startswith("y_") or n.startswith("gamma")]
    acts = [s for n, s in syms.items() if n == "a" or n.startswith("a_")]
    others = set(syms) - {s.name for s in labels + acts} - {"n"}
    if len(labels) != 1 or len(acts) != 1 or others:
        return None
    yv, av = labels[0], acts[0]
    nsym = sp.Symbol("n", real=True)
    per_example = -(yv * sp.log(av) + (1 - yv) * sp.log(1 - av))
    ce = per_example if nsym not in expr.free_symbols else per_example  # Σ over n copies, /n: one example
    domains = {yv.name: (0.05, 0.95), av.name: (0.05, 0.95)}
    outcome = algebra.equal(expr, ce, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                            domains=domains)
    if outcome.holds:
        return Verdict.correct("library", "this is the cross-entropy cost" + _notes_text(notes),
                               claim="cross-entropy")
    if outcome.holds is False:
        hint = ""
        second = (1 - yv) * sp.log(1 - av)
        if algebra.equal(-expr, ce, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                         domains=domains).holds:
            hint = "the cost has lost its minus sign"
            updates["definitions"] = {name_of(lhs): rf"-\left({rhs}\right)"}
        elif algebra.equal(expr - ce, 2 * second, seed=options.seed, trials=options.trials,
                           timeout=options.symbolic_seconds, domains=domains).holds:
            hint = "the minus sign must apply to both terms: −(y ln a + (1−y) ln(1−a))"
        return Verdict.incorrect(
            "library", "this is not the cross-entropy cost the write-up works with" + _notes_text(notes),
            counterexample={"at": outcome.point, "as written": outcome.lhs_value, "cross-entropy": outcome.rhs_value},
            hint=hint, claim="cross-entropy")
    return None


def _notes_text(notes) -> str:
    out = []
    if r"\alpha" in notes:
        out.append("α read as a (OCR)")
    if "activation" in notes:
        out.append("a read as the activation σ(z)")
    if "sum" in notes:
        out.append("Σ without limits read as a sum over training examples")
    if "C for c" in notes:
        out.append("c read as C (OCR)")
    return f" ({'; '.join(out)})" if out else ""


# --- arithmetic ---------------------------------------------------------------
def _arithmetic(step, lhs, rel, rhs, state: State, options):
    try:
        lp = arith.parse(lhs, state.env)
        rp = arith.parse(rhs, state.env)
        lv, rv = lp.value(), rp.value()
    except NotNumeric:
        return None
    if not isinstance(lv, float) or not isinstance(rv, float):
        return None
    tol = _tolerance(lp, rp, state)
    ok = _compare(lv, rv, rel, tol)
    updates: dict = {}
    if arith.is_literal(rp):
        t = arith.printed_tolerance(rp.numbers[0].text)
        if t < 0.5:
            updates["carried"] = {round(abs(rv), 12): t}
    if ok:
        if not arith.is_literal(rp):
            return Verdict.correct("arithmetic", f"both sides are {arith.fmt(lv)}"), updates
        how = "within the printed digits" if tol > 1e-9 * max(1, abs(lv)) else "exactly"
        return Verdict.correct("arithmetic", f"{arith.fmt(lv)} {_rel_text(rel)} {rp.text.strip()} {how}"), updates
    if arith.is_literal(rp):
        updates["corrections"] = {round(abs(rv), 12): (lv, step.line, rp.numbers[0].text)}
    hint = _arith_hint(lp, rp, rel, state)
    if not hint and rel == "=" and arith.is_literal(rp) and abs(lv - rv) <= 1.5 * tol:
        d = arith.decimals(rp.numbers[0].text)
        hint = f"{arith.fmt(lv)} rounds to {lv:.{d}f}" if d >= 2 else ""
    reason = f"{lp.text.strip()} is {arith.fmt(lv)}, not {rp.text.strip()}" if rel == "=" else \
        f"{arith.fmt(lv)} {_rel_text(rel)} {arith.fmt(rv)} is false"
    if tol > 1e-9:
        reason += f" (allowing ±{tol:.1g} for rounding)"
    return Verdict.incorrect("arithmetic", reason, counterexample={"lhs": lv, "rhs": rv}, hint=hint), updates


def _rel_text(rel):
    return {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "~": "≈"}.get(rel, rel)


def _tolerance(lp, rp, state) -> float:
    tol = 0.0
    for p in (lp, rp):
        if arith.is_literal(p):
            tol += arith.printed_tolerance(p.numbers[0].text)
        else:
            tol += arith.carried_error(p, state.carried)
    return tol


def _compare(lv, rv, rel, tol) -> bool:
    tol = tol + 1e-9 * max(1.0, abs(lv), abs(rv))
    if rel in ("=", "~"):
        return abs(lv - rv) <= tol
    return {"<": lv < rv + tol, "<=": lv <= rv + tol, ">": lv > rv - tol, ">=": lv >= rv - tol,
            "!=": abs(lv - rv) > tol}.get(rel, False)


def _arith_hint(lp, rp, rel, state) -> str:
    """One small edit to the left side that makes the step hold."""
    rv = rp.value()
    tol = _tolerance(lp, rp, state)

    def holds(values=None, dropped=frozenset()):
        try:
            return _compare(lp.value(values, dropped), rv, rel, tol)
        except NotNumeric:
            return False

    if lp.leading_minus is not None and holds(dropped={lp.leading_minus}):
        return "holds without the leading minus"
    for m in lp.minuses:
        if m != lp.leading_minus and holds(dropped={m}):
            num = next((n for n in lp.numbers if n.negated_by == m), None)
            return f"holds without the minus before {num.text}" if num else "holds without one of the minus signs"
    base = [n.value for n in lp.numbers]
    for n in lp.numbers:  # a value carried from an earlier wrong result
        corr = state.corrections.get(round(abs(n.value), 12))
        if corr:
            value, line, text = corr
            minus = "-" if n.negated_by is not None else ""
            vals = list(base)
            vals[n.index] = -value if minus else value  # replaces the printed "-x" (or "x") as a whole
            if holds(vals):
                shown = _round_like(value, text)
                return f"holds with {shown} (the correct value of line {line}) in place of {minus}{n.text}"
    for k in (-1, 1, -2, 2, -3, 3):
        for n in lp.numbers:
            vals = list(base)
            vals[n.index] = n.value * 10.0 ** k
            if n.value != 0 and holds(vals):
                return f"holds with {_num_text(n.value * 10.0 ** k)} in place of {n.text}"
    for n in lp.numbers:  # one number written with the wrong sign (and, maybe, the wrong decimal place)
        if n.negated_by is None:
            continue
        for k in (0, -1, 1, -2, 2):
            vals = list(base)
            vals[n.index] = n.value * 10.0 ** k
            if holds(vals, {n.negated_by}):
                return f"holds with {_num_text(n.value * 10.0 ** k)} in place of -{n.text}"
    return ""


def _round_like(value: float, text: str) -> str:
    d = arith.decimals(text)
    return f"{value:.{d}f}" if d else f"{value:.6g}"


def _num_text(x: float) -> str:
    s = f"{x:.10f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


# --- plain algebra ------------------------------------------------------------
def _read_both(lhs, rhs, state, notes):
    from . import algebra

    defs = dict(state.definitions)
    if "c" not in defs and "C" in defs:
        defs["c"] = defs["C"]
    lexpr = algebra.read(lhs, state.env, defs, state.functions, notes)
    rexpr = algebra.read(rhs, state.env, defs, state.functions, notes)
    if (re.search(r"(?<![A-Za-z\\])c(?![A-Za-z])", lhs + rhs) and "C" in state.definitions
            and "c" not in state.definitions):
        notes.append("C for c")
    return algebra.activation_substitution(lexpr, rexpr, notes)


def _is_identity_claim(step, lhs, state) -> bool:
    """A link, or an equation whose left side is something the write-up defined
    (a function, a derivative, a named quantity). An equation in unknowns
    (``-γ/α + (1-γ)/(1-α) = 0``) is a condition, not an identity."""
    if step.link:
        return True
    if r"\partial" in lhs or "'" in lhs or re.search(r"\\(?:sigma|ln|log|exp|frac\s*\{\s*d)", lhs):
        return True
    names = set(re.findall(r"\\?[A-Za-z]+(?:_\{?\w+\}?)?", lhs))
    return any(arith.name_key(n) in state.definitions or arith.name_key(n) in state.functions for n in names)


def _algebra(step, lhs, rel, rhs, state: State, options):
    from . import algebra

    if _NETWORK_NAMES.search(lhs + " " + rhs) and r"\partial" not in lhs + rhs:
        return None
    if re.search(r"\\(?:delta|nabla|odot|Sigma|otimes|cdots|begin)", lhs + rhs):
        return None
    notes: list = []
    try:
        lexpr, rexpr = _read_both(lhs, rhs, state, notes)
    except NotNumeric as exc:
        if r"\partial" in lhs + rhs or "'" in lhs:
            return _unchecked("unsupported", f"cannot evaluate: {exc}"), {}
        return None
    identity = _is_identity_claim(step, lhs, state)
    if not identity:
        outcome = algebra.equal(lexpr, rexpr, seed=options.seed, trials=options.trials,
                                timeout=options.symbolic_seconds, domains=state.domains, relation=rel)
        if outcome.holds and rel == "=" and (lexpr.free_symbols | rexpr.free_symbols):
            return Verdict.correct("exact" if outcome.how.startswith("exact") else "numeric",
                                   f"holds identically: {outcome.how}{_notes_text(notes)}"), {}
        return _condition(step, lexpr, rel, rexpr, state, options, notes)
    free_l, free_r = lexpr.free_symbols, rexpr.free_symbols
    outcome = algebra.equal(lexpr, rexpr, seed=options.seed, trials=options.trials,
                            timeout=options.symbolic_seconds, domains=state.domains, relation=rel)
    extra = _notes_text(notes)
    if outcome.holds:
        check = "link" if step.link else "exact" if outcome.how.startswith("exact") else "numeric"
        if step.link and not outcome.how.startswith("exact"):
            check = "link"
        what = "equal" if rel == "=" else "holds"
        return Verdict.correct(check, f"{what}: {outcome.how}{extra}"), {}
    if free_l != free_r and not step.link:
        return _unchecked("ambiguous", "an equation whose sides use different unknowns: read as a condition, "
                                       "not an identity, and not checked"), {}
    if free_l != free_r:
        missing = sorted(s.name for s in (free_l ^ free_r))
        subs = _substitution(lhs, rhs) if step.link else None
        if subs:
            shown = ", ".join(f"{k} = {v}" for k, v in subs.items())
            clash = [f"{k} is {v} here but {state.substitutions[k][0]} on line {state.substitutions[k][1]}"
                     for k, v in subs.items() if k in state.substitutions and
                     _num(state.substitutions[k][0]) != _num(v)]
            for k, v in subs.items():
                corr = state.corrections.get(round(abs(_num(v) or 0.0), 12))
                if corr and _num(v):
                    clash.append(f"{k} = {v} carries the wrong result of line {corr[1]} (its correct value is "
                                 f"{arith.fmt(corr[0])}); later arithmetic is checked with the value as written")
            reason = f"substitutes {shown}: values the write-up does not give, so not checked"
            if clash:
                reason += "; note: " + "; ".join(clash)
            new = {k: (v, step.line) for k, v in subs.items() if k not in state.substitutions}
            return _unchecked("unsupported", reason), {"substitutions": new}
        return _unchecked("unsupported", "the step substitutes values for " + ", ".join(missing) +
                          " that the write-up does not give, so the two sides cannot be compared"), {}
    if outcome.holds is None:
        return _unchecked("timeout" if "timeout" in outcome.how else "unsupported", outcome.how), {}
    hint = _algebra_hint(lexpr, rexpr, rhs, rel, state, options)
    ce = {"at": outcome.point, "lhs": outcome.lhs_value, "rhs": outcome.rhs_value}
    where = ", ".join(f"{k} = {v:.4g}" for k, v in (outcome.point or {}).items())
    return Verdict.incorrect("link" if step.link else "numeric",
                             f"the two sides differ{' at ' + where if where else ''}: "
                             f"{arith.fmt(outcome.lhs_value)} vs {arith.fmt(outcome.rhs_value)}{extra}",
                             counterexample=ce, hint=hint), {}


_TERM_SPLIT = re.compile(r"(?<![\^_{(\\])\s*(?=[+-])")


def _terms(latex: str) -> list[str]:
    """Top-level terms of a sum, each with its sign ("+ -2 × 1" is one term)."""
    from .segment import split_top

    out: list[str] = []
    for sep, piece, _ in split_top(latex.strip(), re.compile(r"[+-]")):
        text = piece.strip()
        if out and not out[-1].strip("+- "):  # "+ -2": the sign belongs to the term after it
            out[-1] = (out[-1] + sep + " " + text).strip()
            continue
        if sep and out and re.search(r"(?:\\times|\\cdot|[*/^_])\s*$", out[-1]):
            out[-1] = f"{out[-1]} {sep}{text}"
            continue
        out.append(f"{sep}{text}" if sep else text)
    return [t for t in out if t.strip("+- ")]


def _factors(term: str) -> list[str]:
    t = term.lstrip("+").strip()
    t = re.sub(r"^\+?-\s*", "-", t)
    t = re.sub(r"^-\s*\+", "-", t)
    t = re.sub(r"^\+\s*-", "-", t)
    t = re.sub(r"\\(?:cdot|times)(?![A-Za-z])|\*", " ", t)
    t = re.sub(r"\(([^()]*)\)", r" \1 ", t)
    return [f for f in re.split(r"\s+|(?<=\d)(?=\\)", t) if f]


def _num(text: str) -> Optional[float]:
    try:
        return float(text.replace("+", ""))
    except ValueError:
        return None


def _substitution(sym_latex: str, num_latex: str) -> Optional[dict]:
    """Match ``w_1 i_1 + b_1`` with ``-0.15(0.05) + 0.35`` term by term: {name: printed value}."""
    st, nt = _terms(sym_latex), _terms(num_latex)
    if not st or len(st) != len(nt):
        return None
    out: dict = {}
    for s_term, n_term in zip(st, nt):
        sf = _factors(s_term.lstrip("+-"))
        nf = _factors(n_term)
        if len(sf) != len(nf) or not all(_num(x) is not None for x in nf):
            return None
        if s_term.startswith("-"):
            return None
        for name, value in zip(sf, nf):
            if _num(name) is not None:
                if _num(name) != _num(value):
                    return None
                continue
            if not is_name(name):
                return None
            key = arith.name_key(name).replace("\\omega", "w").replace("\\", "")
            if key in out and _num(out[key]) != _num(value):
                return None
            out[key] = value.lstrip("+")
    return out or None


def _established(step, lhs, rhs):
    return {"established": [(lhs, rhs, step.line)]}


def _algebra_hint(lexpr, rexpr, rhs_text, rel, state, options) -> str:
    from . import algebra

    def ok(a, b):
        return bool(algebra.equal(a, b, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                                  domains=state.domains, relation=rel).holds)

    if ok(lexpr, -rexpr):
        return "holds without the leading minus" if rhs_text.strip().startswith("-") else \
            "holds with the opposite sign"
    c = _constant_ratio(lexpr, rexpr, options.seed)
    if c is not None and c not in (1, -1):
        return f"the left side is {arith.fmt(c)} times the right: a factor of {arith.fmt(c)} was " \
               f"{'dropped' if abs(c) > 1 else 'added'}" if abs(c) >= 1 else \
               f"the right side is {arith.fmt(1 / c)} times the left: a factor of {arith.fmt(1 / c)} too many"
    return ""


def _constant_ratio(lexpr, rexpr, seed):
    """lhs / rhs when it is the same simple number at three random points."""
    import numpy as np
    import sympy as sp

    free = sorted(lexpr.free_symbols | rexpr.free_symbols, key=lambda s: s.name)
    if not free:
        return None
    rng = np.random.default_rng(seed + 1)
    ratios = []
    for _ in range(3):
        pt = {s: sp.Float(rng.uniform(0.1, 0.9)) for s in free}
        try:
            lv, rv = complex(lexpr.subs(pt).evalf()), complex(rexpr.subs(pt).evalf())
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        if abs(rv) < 1e-12 or abs(lv.imag) > 1e-12 or abs(rv.imag) > 1e-12:
            return None
        ratios.append(lv.real / rv.real)
    r = ratios[0]
    if all(abs(x - r) <= 1e-9 * max(1, abs(r)) for x in ratios):
        for cand in (round(r), round(1 / r) and 1 / round(1 / r)):
            if cand and abs(r - cand) <= 1e-9 * max(1, abs(r)):
                return cand
    return None


def _condition(step, lexpr, rel, rexpr, state, options, notes):
    """An equation in unknowns: equivalent to an equation established before?"""
    from . import algebra

    if rel != "=":
        outcome = algebra.equal(lexpr, rexpr, seed=options.seed, trials=options.trials,
                                timeout=options.symbolic_seconds, domains=state.domains, relation=rel)
        if outcome.holds and state.domains:
            return Verdict.correct("numeric", f"holds on the stated domain: {outcome.how}"), {}
        return _unchecked("ambiguous", "an inequality in unknowns whose domain is not stated"), {}
    candidates = []
    if state.prev_stmt and state.prev_stmt[1] == "=":
        candidates.append(state.prev_stmt)
    candidates += [(a, "=", b, line) for a, b, line in reversed(state.established)]
    for a, _, b, line in candidates[:8]:
        try:
            pa, pb = _read_both(a, b, state, [])
        except NotNumeric:
            continue
        if _same_solutions(pa - pb, lexpr - rexpr, state, options):
            return Verdict.correct("implication", f"the same equation as line {line}, rearranged"), \
                _established(step, step.lhs, step.rhs)
    return _unchecked("ambiguous", "an equation in unknowns (a condition, not an identity): "
                      "not equivalent to an equation before it that the grader could read"), {}


def _solve_one(expr, var, seconds):
    import sympy as sp

    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    try:
        with time_limit(seconds):
            return sp.solve(sp.together(expr), var, dict=False)
    except CheckTimeout:
        return None
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None


def _implies(p, q, state, options) -> Optional[tuple]:
    """Every solution of p = 0 solves q = 0? Returns (True, how) / (False, counterexample) / None."""
    import sympy as sp

    from . import algebra

    free = sorted(p.free_symbols, key=lambda s: s.name)
    if not free:
        return None
    for var in free:
        sols = _solve_one(p, var, options.symbolic_seconds)
        if not sols:
            continue
        for sol in sols:
            if isinstance(sol, dict):
                continue
            qs = q.subs(var, sol)
            outcome = algebra.equal(qs, sp.Integer(0), seed=options.seed,
                                    trials=options.trials, timeout=options.symbolic_seconds, domains=state.domains)
            if outcome.holds is False:
                point = dict(outcome.point or {})
                return (False, {"solution": f"{var} = {sol}", "at": point, "lhs - rhs": outcome.lhs_value})
            if outcome.holds is None:
                return None
        return (True, f"solving for {var}")
    return None


def _same_solutions(p, q, state, options) -> bool:
    a = _implies(p, q, state, options)
    b = _implies(q, p, state, options)
    return bool(a and a[0] is True and b and b[0] is True)


def _implication(step, lhs, rel, rhs, state, options):
    """``P ⇒ Q``: the solutions of the previous statement P still solve Q."""
    if not state.prev_stmt:
        return _unchecked("ambiguous", "an implication with nothing before it"), {}
    a, prel, b, line = state.prev_stmt
    if prel != "=" or rel != "=":
        return _unchecked("unsupported", "an implication between relations other than equations"), {}
    notes: list = []
    try:
        pa, pb = _read_both(a, b, state, notes)
        qa, qb = _read_both(lhs, rhs, state, notes)
    except NotNumeric:
        lib = _library(lhs, rel, rhs, options, state.topics)
        if lib is not None and lib.verdict == "correct":
            return lib, {}
        return _unchecked("ambiguous", f"follows from line {line}, whose meaning here (its setting) the grader "
                                       "could not read, so the implication is not checked"), {}
    res = _implies(pa - pb, qa - qb, state, options)
    if res is None:
        return _unchecked("unsupported", f"could not solve line {line}'s equation to test the implication"), {}
    if res[0]:
        return Verdict.correct("implication", f"follows from line {line} ({res[1]})" + _notes_text(notes)), \
            _established(step, lhs, rhs)
    return Verdict.incorrect("implication", f"does not follow from line {line}: a solution of it fails this step",
                             counterexample=res[1]), {}


def _front_or(lhs, rel, rhs, state, options, why):
    v = _front_end(lhs, rel, rhs, state, options)
    return (v if v is not None else _unchecked("unsupported", why)), {}


def _library(lhs, rel, rhs, options, topics="") -> Optional[Verdict]:
    from . import library

    v = library.vector_check(lhs, rel, rhs, options.seed)
    if v is not None:
        return v
    hit = library.lookup(lhs, rel, rhs, topics)
    if hit is None:
        return None
    return library.verdict_for(hit, options.seed, options.trials)


# --- the front end (symcheck.notation), when present -----------------------------
_REL_LATEX = {"=": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "in": r"\in",
              "~": r"\approx"}


def _front_end(lhs, rel, rhs, state, options) -> Optional[Verdict]:
    if not options.use_front_end:
        return None
    try:
        from .. import notation
    except ImportError:
        return None
    if not all(hasattr(notation, n) for n in ("read", "Context", "check_reading")):
        return None  # the front end is not (fully) there
    try:
        ctx = notation.Context(activation=options.activation, cost=state.cost or "quadratic", seed=options.seed,
                               trials=options.trials, domains=dict(state.domains),
                               given={k.lstrip("\\"): v for k, v in state.env.items()})
        reading = notation.read(f"{lhs} {_REL_LATEX.get(rel, rel)} {rhs}")
        v = notation.check_reading(reading, ctx)
        read_as = [n for n in getattr(reading, "notes", ()) if "look-alike" in n]
        if read_as and v.verdict != "unchecked":
            from dataclasses import replace

            v = replace(v, reason=f"{v.reason} (read: {'; '.join(read_as[:3])})")
        if v.verdict == "incorrect" and is_name(lhs) and state.topics:
            return _unchecked("ambiguous", f"a definition in this write-up's setting ({state.topics}); "
                                           "the random networks use the sigmoid")
        return v
    except Exception as exc:  # the front end is another layer: its failure is an unchecked step
        from ..errors import ParseError

        if isinstance(exc, ParseError):
            return _unchecked("unparsed", f"cannot read: {exc.reason}")
        return _unchecked("unsupported", f"the notation reader failed: {type(exc).__name__}")
