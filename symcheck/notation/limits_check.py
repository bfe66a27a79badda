"""Limits of network quantities in a parameter (issue 13): ``\\lim_{c \\to +\\infty} e^{c(z_m^L - z_j^L)}``.

The reader keeps such a limit unevaluated (:class:`NetworkLimit`: the term, the variable, the point, the
direction). A limit of this kind depends on the values of the weighted inputs, so it is evaluated exactly on
draws of them (:func:`check_limit_step`):

- the condition on the inputs is read from the step's prose and the math in it: relations between
  components (``z_m^L > z_j^L``, ``z_k^L - z_j^L < 0``) and a few phrases ("$z_j^L$ is the unique maximum",
  "is the maximum" (unique or tied), "is not the maximum", "is one of the $n$ maximal", "another maximal", "not one of the maximal");
- integer inputs of a small layer are drawn (seeded) until enough satisfy the condition; distinct index
  letters are distinct neurons; ``n`` on the right is the number of maximal inputs of the draw;
- ``a_j^L`` is replaced by the definition the write-up gives of it (``State.quantities``); without one the
  step is refused as before (its dependence on the variable is not written);
- each draw's limit is taken by SymPy, bounded in time; the claim is correct when it matches on every draw,
  incorrect (the first draw as counterexample) when it fails on every draw, unchecked otherwise.

Floating point never decides: the inputs are integers and every comparison is exact.
"""

from __future__ import annotations

import logging
import re
from typing import Optional

import numpy as np
import sympy as sp

from ..errors import CheckTimeout, ParseError
from ..symbolic import time_limit
from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from . import vocab as V
from .api import read
from .limits import NetworkLimit, has_network_limit

log = logging.getLogger(__name__)

NEURONS = 5          # neurons in the drawn layer
DRAWS = 8            # draws that satisfy the condition
TRIES = 400          # draws tried at most
SECONDS = 2.0        # for the limits of one step
_UNMODELLED = Verdict.unchecked(Cause.UNSUPPORTED, "a limit of quantities other than the weighted inputs z^L "
                                "of one layer (and an activation the write-up defines from them)")


# --- the condition ------------------------------------------------------------------------------------
_INLINE = re.compile(r"\$([^$]{1,160})\$")
_Z = r"z(?:\^\{?L\}?)?_\{?([a-z])\}?(?:\^\{?L\}?)?"
_PHRASE = re.compile(r"\$\s*" + _Z + r"\s*\$\s+is\s+(.{0,60})", re.I)
_RELATION = re.compile(r"[<>]|\\[lg]eq?\b|\\[lg]t\b|=")


def _phrase_kind(words: str) -> Optional[str]:
    w = words.lower()
    if re.match(r"not (?:the|a|one of)\b.{0,30}(?:max|largest|greatest)", w):
        return "below" if "one of" in w else "not_max"
    if re.match(r"(?:the )?unique (?:max|largest|greatest)", w):
        return "unique"
    if re.match(r"(?:the|a) (?:max|largest|greatest)", w):  # unique or tied: both readings are drawn
        return "tied"
    if re.match(r"one of(?: the)?\b.{0,30}(?:max|largest|greatest)", w):
        return "tied"
    if re.match(r"another (?:max|largest|greatest)", w):
        return "tied"
    return None


def read_condition(prose: str) -> tuple:
    """``(phrases, relations)``: phrases ``(kind, letter)`` and relations (LaTeX) the prose states on the
    inputs; both empty when it states none."""
    phrases = [(k, letter) for letter, words in _PHRASE.findall(prose or "")
               for k in [_phrase_kind(words)] if k is not None]
    relations = [m.group(1).strip() for m in _INLINE.finditer(prose or "")
                 if "z" in m.group(1) and "\\lim" not in m.group(1) and _RELATION.search(m.group(1))]
    return tuple(phrases), tuple(relations)


def _relation_tests(relations) -> Optional[list]:
    """The relations read as sympy relationals in components; None when one cannot be read."""
    out = []
    for text in relations:
        try:
            r = read(text)
        except (ParseError, ValueError, TypeError):
            return None
        if len(r.parts) != 2 or len(r.relations) != 1:
            return None
        out.append((r.relations[0], r.parts[0], r.parts[1]))
    return out


_OPS = {"=": lambda d: d == 0, "<": lambda d: d < 0, ">": lambda d: d > 0, "<=": lambda d: d <= 0,
        ">=": lambda d: d >= 0, "!=": lambda d: d != 0}


# --- one draw -----------------------------------------------------------------------------------------
def _letters(expr) -> list:
    """The free index letters of the components in ``expr``, in a fixed order."""
    bound = {s.args[1] for s in expr.atoms(V.IndexSum)}
    found = {i for c in expr.atoms(V.Comp) for i in c.indices if isinstance(i, sp.Symbol)}
    return sorted(found - bound, key=lambda s: s.name)


def _instantiate(expr, z: dict, where: dict, softmax):
    """``expr`` with each index letter put to its neuron, sums over the layer carried out and each
    component put to its drawn value; None when a component is not modelled."""
    def sums(e):
        for s in sorted(e.atoms(V.IndexSum), key=sp.count_ops):
            body, k = s.args
            e = e.xreplace({s: sp.Add(*[body.xreplace({k: sp.Integer(p)}) for p in z])})
        return e

    for _ in range(4):
        expr = sums(expr).xreplace(where)  # the bound letters first, then the free ones
        comps = expr.atoms(V.Comp)
        if not comps:
            return expr.doit()
        rep = {}
        for comp in comps:
            idx = comp.indices[-1] if comp.indices else None
            if len(comp.indices) != 1 or not isinstance(idx, sp.Integer) or int(idx) not in z:
                return None
            if comp.qname == "z":
                rep[comp] = z[int(idx)]
            elif comp.qname == "a" and softmax is not None:
                var, body = softmax
                rep[comp] = body.xreplace({var: idx})
            else:
                return None
        expr = expr.xreplace(rep)
    return None


def _satisfies(z, where, phrases, tests) -> bool:
    top = max(z.values())
    for kind, letter in phrases:
        p = where.get(sp.Symbol(letter, integer=True, positive=True))
        if p is None:
            return False
        v = z[int(p)]
        ok = {"unique": v == top and list(z.values()).count(top) == 1, "not_max": v < top,
              "below": v < top, "tied": v == top}[kind]
        if not ok:
            return False
    for op, lhs, rhs in tests:
        a, b = _instantiate(lhs, z, where, None), _instantiate(rhs, z, where, None)
        if a is None or b is None or op not in _OPS:
            return False
        d = sp.nsimplify(a - b)
        if not d.is_number or not _OPS[op](d):
            return False
    return True


def _softmax(state, var) -> Optional[tuple]:
    """(index letter, body) of the write-up's definition of ``a_j^L`` when it depends on ``var``."""
    for key, entry in (getattr(state, "quantities", None) or {}).items():
        lhs, rhs = entry[0], entry[1]
        if isinstance(lhs, V.Comp) and lhs.qname == "a" and len(lhs.indices) == 1 and isinstance(rhs, sp.Basic) \
                and var in rhs.free_symbols and isinstance(lhs.indices[0], sp.Symbol):
            return lhs.indices[0], rhs
    return None


def _value(limit: NetworkLimit, z, where, softmax):
    term, var, point, direction = limit.args
    inst = _instantiate(term, z, where, softmax)
    if inst is None:
        return None
    return sp.limit(inst, var, point, direction.name)


def check_limit_step(lhs, rhs, rel: str, prose: str, state, seed: int = 0) -> Optional[Verdict]:
    """The verdict on ``lhs rel rhs`` where one side holds a :class:`NetworkLimit`; None when neither does.

    ``prose``: the words around the step (its introduction and the rest of its line)."""
    if not (has_network_limit(lhs) or has_network_limit(rhs)):
        return None
    if rel != "=":
        return Verdict.unchecked(Cause.UNSUPPORTED, "a limit of network quantities in a relation other than =")
    limits = list((lhs - rhs).atoms(NetworkLimit))
    var = limits[0].args[1]
    softmax = _softmax(state, var)
    needs_a = any(c.qname == "a" for lim in limits for c in lim.args[0].atoms(V.Comp))
    if needs_a and softmax is None:
        return Verdict.unchecked(Cause.UNPARSED, "cannot read: \\lim of network quantities (their dependence on "
                                 "the variable is not written)")
    letters = _letters(lhs - rhs)
    phrases, tests = _nearest_conditions(prose, {s.name for s in letters})
    if tests is None or not {s.name for s in letters} <= _constrained(phrases, tests):
        return Verdict.unchecked(Cause.AMBIGUOUS, "a limit of network quantities whose condition on the inputs "
                                 "(on every index it uses) is not stated in a form read here")
    for _, expr_l, expr_r in tests:
        letters += [s for s in _letters(expr_l - expr_r) if s not in letters]
    letters += [sp.Symbol(x, integer=True, positive=True) for _, x in phrases
                if sp.Symbol(x, integer=True, positive=True) not in letters]
    if len(letters) > NEURONS - 1:
        return Verdict.unchecked(Cause.UNSUPPORTED, "a limit of network quantities with more indices than drawn")
    where = {s: sp.Integer(p + 1) for p, s in enumerate(letters)}
    rng = np.random.default_rng(seed)
    results = []
    try:
        with time_limit(SECONDS):
            for _ in range(TRIES):
                z = {p + 1: sp.Integer(int(v)) for p, v in enumerate(rng.integers(-2, 3, size=NEURONS))}
                if not _satisfies(z, where, phrases, tests):
                    continue
                ties = list(z.values()).count(max(z.values()))
                values = {}
                for lim in limits:
                    values[lim] = _value(lim, z, where, softmax)
                    if values[lim] is None:
                        return _UNMODELLED
                count = {x: sp.Integer(ties) for x in (lhs - rhs).free_symbols if x.name == "n"}
                left, right = lhs.xreplace(values).xreplace(count), rhs.xreplace(values).xreplace(count)
                left, right = _instantiate(left, z, where, softmax), _instantiate(right, z, where, softmax)
                if left is None or right is None:
                    return _UNMODELLED
                same = left == right or sp.simplify(left - right) == 0 if not (left.has(sp.oo, -sp.oo, sp.zoo)
                                                                              or right.has(sp.oo, -sp.oo)) \
                    else left == right
                results.append((z, left, right, bool(same)))
                if len(results) == DRAWS:
                    break
    except CheckTimeout:
        return Verdict.unchecked(Cause.TIMEOUT, "the limit of network quantities took too long")
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        log.debug("a limit of network quantities not computed", exc_info=True)
        return Verdict.unchecked(Cause.UNSUPPORTED, "a limit of network quantities SymPy did not compute")
    if len(results) < DRAWS:
        return Verdict.unchecked(Cause.AMBIGUOUS, "the stated condition on the inputs was met by too few draws")
    named = ", ".join(f"{s} = neuron {where[s]}" for s in letters)
    said = (Note(NoteKind.CONDITION, "under the condition on the inputs the prose states"),)
    if all(r[3] for r in results):
        return Verdict.correct(CheckKind.EXACT, f"the limit computed exactly on {DRAWS} draws of integer inputs "
                               f"z^L that satisfy the stated condition ({named})", notes=said)
    if not any(r[3] for r in results):
        z, left, right, _ = results[0]
        cex = {f"z^L_{p}": str(v) for p, v in z.items()}
        cex.update({"indices": named, "lhs": str(left), "rhs": str(right)})
        return Verdict.incorrect(CheckKind.EXACT, f"the limit is {left}, not {right}, for inputs that satisfy the "
                                 f"stated condition", counterexample=cex, notes=said)
    return Verdict.unchecked(Cause.AMBIGUOUS, "the limit matches on some draws that satisfy the condition as read, "
                             "not on others: the condition may say more than was read")


def _constrained(phrases, tests) -> set:
    out = {letter for _, letter in phrases}
    for _, lhs, rhs in tests or ():
        out |= {s.name for s in _letters(lhs - rhs)}
    return out


def _nearest_conditions(prose: str, letters: set, lines: int = 4):
    """The condition on each index letter nearest the step: the prose's lines are read from the last one back
    (at most ``lines``), and a line's condition on a letter counts only where no later line constrained it.
    ``(phrases, tests)``; tests None when a relation cannot be read."""
    phrases, tests = [], []
    for line in [x for x in (prose or "").splitlines() if x.strip()][::-1][:lines]:
        done = _constrained(phrases, tests)
        found, relations = read_condition(line)
        more = _relation_tests(relations)
        if more is None:
            return phrases, None
        phrases += [(k, x) for k, x in found if x not in done and x in letters]
        tests += [t for t in more if not ({s.name for s in _letters(t[1] - t[2])} & done)
                  and {s.name for s in _letters(t[1] - t[2])} <= letters]
        if letters <= _constrained(phrases, tests):
            break
    return phrases, tests


def limit_verdict(sr, state, options) -> Optional[Verdict]:
    """For a grader check (duck-typed ``StepReading``, ``State``, ``Options``): the verdict on a step that
    takes a limit of network quantities, None for any other step."""
    if not getattr(sr, "two_sided", False):
        return None
    verdict = check_limit_step(sr.lhs, sr.rhs, sr.rel, getattr(sr.step, "intro", ""), state,
                               seed=getattr(options, "seed", 0))
    return verdict
