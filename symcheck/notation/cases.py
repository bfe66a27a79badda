"""Definitions by cases, and maxima over an index: reading and meaning.

- ``\\begin{cases} v_1 & c_1 \\\\ v_2 & c_2 \\end{cases}`` is SymPy's
  ``Piecewise((v_1, c_1), (v_2, c_2))``. A condition is a relation or a chain
  (``x > 0``, ``x \\le 0``, ``0 < x < 1``, ``k = j``, ``k \\neq j``), with
  ``\\text{if}``, ``\\text{for}``, ``\\text{when}`` before it dropped;
  ``\\text{otherwise}`` / ``\\text{else}`` is the branch that takes the rest.
  A condition between two index letters is an index condition (the letters
  are read as the indices of the values). Values are scalars.
- ``\\max_j x_j``, ``\\min_j x_j`` (:class:`Extremum`) and
  ``\\operatorname{argmax}_j x_j``, ``\\arg\\max_j x_j``, ``\\argmax_j`` (and
  argmin; :class:`ArgExtremum`, the index, 1-based) bind their index over its
  natural range, like ``\\sum_j``. ``\\max(a, b)`` is SymPy's ``Max``.

Meaning (:func:`by_cases`): an identity with a definition by cases holds iff
it holds on every branch, and a counterexample names its branch. A branch on
index conditions is checked at the assignments of the free indices that
satisfy it (:mod:`.conditions`); a branch on one scalar (``x \\le 0``) at
random points of its interval and at its closed ends (``x = 0``); other
conditions are evaluated as they stand (numpy ``select``), each branch
being reached by at least a quarter of random points, or the step is
unchecked. Conditions on network quantities are not modelled.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import vocab as V
from .base import Unsupported
from .build import INDEX_LETTERS, index_symbol
from .commands import command
from .conditions import satisfiable, show as show_conditions, with_conditions
from .evaluate import Env, numpy_rule
from .preprocess import Tok

_CONNECTIVES = {"if", "for", "when", "where", "whenever", "with", ",", "and", "if:", "for:", ""}
_OTHERWISE = {"otherwise", "else", "elsewhere", "otherwise,", "otherwise.", "else,", "sonst"}
_REL = {"=": sp.Eq, "!=": sp.Ne, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
MIN_SHARE = 0.25          # a branch evaluated in place must hold at this share of random points, at least


# --- reading ---------------------------------------------------------------------------------
def cases_from_cells(r, rows, t):
    """A ``cases`` environment from its rows of cells (lists of tokens): a Piecewise."""
    pieces = []
    for row in rows:
        cells = [c for c in row]
        if not any(cells):
            continue
        if len(cells) != 2 or not cells[1]:
            r.fail("a case without its condition (value & condition)", t)
        value_toks, cond_toks = cells
        while value_toks and value_toks[-1].kind == "char" and value_toks[-1].text in ",;":
            value_toks = value_toks[:-1]
        if not value_toks:
            r.fail("a case without its value", t)
        value = r.sub(value_toks + [Tok("eof", "", value_toks[0].pos)]).expr_all()
        if not (isinstance(value, sp.Expr) and value.is_commutative):
            r.fail("a definition by cases of vectors or matrices", t)
        pieces.append((value, _condition(r, cond_toks, value, t)))
    if not pieces:
        r.fail("an empty definition by cases", t)
    if any(c is sp.true for _, c in pieces[:-1]):
        r.fail("\\text{otherwise} before the last case", t)
    r.st.note("\\begin{cases} read as a definition by cases (a piecewise function)")
    return sp.Piecewise(*pieces)


def _condition(r, toks, value, t):
    words = [x.text.strip().lower() for x in toks if x.kind == "text"]
    body = [x for x in toks if x.kind != "text" and not (x.kind == "char" and x.text in ",;:")]
    if not body:
        if any(w in _OTHERWISE for w in words):
            return sp.true
        r.fail("a case whose condition is in words", t)
    if any(w not in _CONNECTIVES for w in words):
        r.fail("a case whose condition mixes words and math", t)
    parts, rels, _ = r.sub(body + [Tok("eof", "", body[0].pos)]).statement()
    if not rels or any(rel not in _REL and rel != ";" for rel in rels) or len(parts) != len(rels) + 1:
        r.fail("a case whose condition is not a relation", t)
    clauses = [_REL[rel](parts[i], parts[i + 1]) for i, rel in enumerate(rels) if rel != ";"]
    cond = sp.And(*clauses)
    names = {s.name for s in cond.free_symbols if isinstance(s, sp.Symbol)}
    if names and names <= INDEX_LETTERS and all(isinstance(c, (sp.Eq, sp.Ne)) for c in clauses):
        cond = cond.xreplace({s: index_symbol(s.name) for s in cond.free_symbols})  # k = j: the indices
    if cond is sp.false:
        r.fail("a case whose condition never holds", t)
    return cond


def _extremum(r, t, arg: bool):
    """``\\max_j x_j`` / ``\\arg\\max_j x_j``: the index, then the term that follows."""
    kind = t.text.replace("arg", "")
    if not r.is_("char", "_"):
        r.fail(f"\\{t.text} without the index it runs over", t)
    r.next()
    body = [x for x in r.group_tokens() if x.kind != "eof"]
    if len(body) != 1 or body[0].kind != "letter" or body[0].text not in INDEX_LETTERS:
        r.fail(f"\\{t.text} over something other than one index letter", t)
    k = index_symbol(body[0].text)
    term = r.product()
    term = term.xreplace({s: k for s in term.free_symbols if getattr(s, "name", None) == k.name})
    if not (isinstance(term, sp.Expr) and term.is_commutative):
        r.fail(f"\\{t.text} of a vector or matrix", t)
    r.st.note(f"\\{'arg' if arg else ''}{kind}_{k} read over the natural range of {k}")
    return (ArgExtremum if arg else Extremum)(term, k, sp.Integer(1 if kind == "max" else -1))


@command("argmax", "argmin")
def _argmax(r, t):
    return _extremum(r, t, arg=True)


@command("arg")
def _arg(r, t):
    if not (r.is_("cmd", "max") or r.is_("cmd", "min")):
        r.fail("\\arg without \\max or \\min after it", t)
    u = r.next()
    return _extremum(r, Tok("cmd", "arg" + u.text, t.pos), arg=True)


@command("max", "min")
def _max_min(r, t):
    """``\\max(a, b)`` (SymPy's Max), or ``\\max_j x_j`` over an index."""
    if r.is_("char", "_"):
        return _extremum(r, t, arg=False)
    args = r.arguments()
    return (sp.Max if t.text == "max" else sp.Min)(*args)


# --- nodes -----------------------------------------------------------------------------------
class Extremum(sp.Function):
    """``Extremum(term, k, s)``: max over k of term (s = 1) or min (s = -1), over k's natural range.
    Shape: scalar (a scalar term)."""

    nargs = 3
    binds_index = True

    @property
    def free_symbols(self):  # the index is bound, as in a sum
        return self.args[0].free_symbols - {self.args[1]}

    def _sympystr(self, printer):
        name = "max" if self.args[2] == 1 else "min"
        return f"{name}_{printer.doprint(self.args[1])}({printer.doprint(self.args[0])})"

    def _shape(self, shapes):
        return shapes.SCALAR

    def _numpy(self, env):
        return _values(self, env).max(axis=0) if self.args[2] == 1 else _values(self, env).min(axis=0)


class ArgExtremum(Extremum):
    """``ArgExtremum(term, k, s)``: the value of k (1-based) where term is largest (s = 1) or smallest.
    Shape: scalar. Ties (which random values do not produce) take the first."""

    def _sympystr(self, printer):
        return "arg" + super()._sympystr(printer)

    def _numpy(self, env):
        vals = _values(self, env)
        pick = vals.argmax(axis=0) if self.args[2] == 1 else vals.argmin(axis=0)
        return (pick + 1).astype(float)


def _values(node, env):
    """The term at every value of the index: (n, count, 1, 1)."""
    term, k = node.args[0], node.args[1]
    dims = env.dims_of_index(term, k)
    if not dims:
        raise Unsupported(f"a maximum over {k}, which indexes nothing")
    env.same_range(k, dims)
    saved = env.index_values.get(k)
    out = []
    for kv in range(1, min(dims) + 1):
        env.index_values[k] = kv
        v = env.ev(term)
        if v.shape[1:] != (1, 1):
            raise Unsupported("a maximum of a vector")
        out.append(v)
    if saved is None:
        env.index_values.pop(k, None)
    else:
        env.index_values[k] = saved
    return np.stack(out)


# --- numeric meaning of Piecewise and its conditions ----------------------------------------------
@numpy_rule.register(sp.Piecewise)
def _(e, env):
    out = np.full((env.count, 1, 1), np.nan)
    taken = np.zeros((env.count, 1, 1), dtype=bool)
    for value, cond in e.args:
        here = np.broadcast_to(_truth(cond, env), taken.shape) & ~taken
        if here.any():
            out = np.where(here, np.broadcast_to(env.ev(value), out.shape), out)
        taken |= here
    return out


def _truth(cond, env):
    """A condition's truth at each point: a bool array (count, 1, 1) or a bool."""
    if cond is sp.true or cond is sp.false:
        return bool(cond)
    if isinstance(cond, sp.And):
        return np.logical_and.reduce([np.broadcast_to(_truth(c, env), (env.count, 1, 1)) for c in cond.args])
    if isinstance(cond, sp.Or):
        return np.logical_or.reduce([np.broadcast_to(_truth(c, env), (env.count, 1, 1)) for c in cond.args])
    if isinstance(cond, sp.Not):
        return ~np.broadcast_to(_truth(cond.args[0], env), (env.count, 1, 1))
    if isinstance(cond, sp.core.relational.Relational):
        a, b = env.ev(cond.lhs), env.ev(cond.rhs)
        op = {sp.Eq: np.equal, sp.Ne: np.not_equal, sp.Lt: np.less, sp.Le: np.less_equal,
              sp.Gt: np.greater, sp.Ge: np.greater_equal}.get(type(cond))
        if op is not None and a.shape[1:] == b.shape[1:] == (1, 1):
            return op(a, b)
    raise Unsupported(f"cannot evaluate the condition {cond}")


# --- checking an identity case by case ------------------------------------------------------------
def has_cases(e) -> bool:
    return isinstance(e, sp.Basic) and e.has(sp.Piecewise)


def branches(pw, shown: bool = False):
    """``[(value, condition)]`` of a Piecewise with each condition made exclusive of the earlier ones
    (with ``shown``, ``[(value, condition, as written)]``)."""
    out, before = [], []
    for value, cond in pw.args:
        exclusive = sp.And(cond, *[sp.Not(c) for c in before])
        out.append((value, exclusive, cond if cond is not sp.true else exclusive) if shown else (value, exclusive))
        before.append(cond)
    return out


def describe(cond) -> str:
    if cond is sp.true:
        return "otherwise"
    if isinstance(cond, (sp.Eq, sp.Ne)):
        return show_conditions([cond])
    text = sp.sstr(cond)
    for a, b in (("<=", "≤"), (">=", "≥"), ("&", "and"), ("|", "or")):
        text = text.replace(a, b)
    return text


def _indices(cond) -> set:
    return {s for s in cond.free_symbols if s.is_integer and getattr(s, "name", "") in INDEX_LETTERS}


def _kind(cond) -> str:
    """"index", "interval" (one plain scalar), "network" or "other"."""
    free = cond.free_symbols
    if not free or free == _indices(cond):
        return "index"
    if cond.atoms(V.Q, V.Comp, V.Grad):
        return "network"
    if len(free) == 1 and not cond.atoms(sp.Indexed, sp.Function):
        return "interval"
    return "other"


def by_cases(lhs, rhs, ctx, check, native, printed=None):
    """``lhs = rhs`` where a side has a definition by cases: a Verdict. ``check(l, r, ctx, printed)``
    checks an equation without cases; ``native(l, r, ctx)`` evaluates one with them as they stand;
    ``printed`` is the sides' printed numbers (see :func:`.meaning.check_equation`)."""
    from ..verdict import Cause, Verdict

    pw = next(iter(sorted((p for s in (lhs, rhs) if isinstance(s, sp.Basic) for p in s.atoms(sp.Piecewise)),
                          key=sp.default_sort_key)))
    kinds = {_kind(c) for _, c in branches(pw)}
    if "network" in kinds:
        return Verdict.unchecked(Cause.UNSUPPORTED, "a definition by cases whose conditions are on network "
                                                    "quantities is not modelled")
    if kinds - {"index", "interval"}:
        return _in_place(lhs, rhs, pw, ctx, native)
    held = []
    for row, (value, cond, written) in enumerate(branches(pw, shown=True), 1):
        sides = [s.xreplace({pw: value}) if isinstance(s, sp.Basic) else s for s in (lhs, rhs)]
        if _kind(cond) == "index":
            conditions = tuple(getattr(ctx, "index_conditions", ())) + (cond,)
            if not satisfiable(conditions):
                continue  # this branch is excluded by the step's own conditions: nothing to check there
            outcomes = [check(*sides, with_conditions(ctx, (cond,)), printed)]
        else:
            outcomes = _on_interval(sides, cond, ctx, check, printed)
            if outcomes is None:
                return Verdict.unchecked(Cause.UNSUPPORTED, f"the condition {describe(cond)} is not an interval "
                                                            "of its variable")
        for v in outcomes:
            if v.verdict == "incorrect":
                return _on_branch(v, written, (row, len(pw.args)), held=[k for k, _ in held])
        for v in outcomes:
            if v.verdict != "correct":
                return v
        held.append((row, (describe(written), outcomes[0])))
    if not held:
        return Verdict.unchecked(Cause.UNSUPPORTED, "no branch of the definition by cases can hold")
    return Verdict.correct(held[0][1][1].check, "holds on every branch: " + "; ".join(
        f"{name}: {v.reason}" for _, (name, v) in held))


def _on_branch(v, cond, row=None, held=None):
    """``v`` on the branch ``cond``; ``row``: (its 1-based place, the number of pieces) in the Piecewise
    (the counterexample's ``row`` and ``rows``: :mod:`symcheck.grade.case_items` names the row);
    ``held``: the 1-based places of the branches checked correct before it (``held_rows``)."""
    from dataclasses import replace

    ce = dict(v.counterexample or {})
    ce["branch"] = describe(cond)
    if row is not None:
        ce["row"], ce["rows"] = row
    if held:
        ce["held_rows"] = list(held)
    return replace(v, reason=f"on the branch {describe(cond)}: {v.reason}", counterexample=ce)


def _on_interval(sides, cond, ctx, check, printed):
    """The branch's checks on the interval of its one variable: random points inside, and each
    closed end exactly. None when the condition is not an interval."""
    from dataclasses import replace

    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    x = next(iter(cond.free_symbols))
    try:
        with time_limit(0.5):
            where = cond.as_set().intersect(sp.S.Reals)
    except (CheckTimeout, NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    pieces = where.args if isinstance(where, sp.Union) else (where,)
    out = []
    for piece in pieces:
        if isinstance(piece, sp.FiniteSet):
            points = list(piece)
        elif isinstance(piece, sp.Interval):
            points = [e for e, opened in ((piece.start, piece.left_open), (piece.end, piece.right_open))
                      if e.is_finite and not opened]
            lo, hi = piece.start, piece.end
            lo = max(lo, sp.Integer(-2)) if hi > -2 else hi - 4
            hi = min(hi, sp.Integer(2)) if lo < 2 else lo + 4
            if lo == hi:
                continue
            domains = dict(ctx.domains)
            domains[x.name] = (float(lo), float(hi))
            out.append(check(*_limits_on(sides, x, piece), replace(ctx, domains=domains), printed))
        else:
            return None
        for p in points:  # a side with x in it is computed there, not printed
            at = _carry_limits([s.xreplace({x: p}) for s in sides])
            shown = tuple(None if s.has(x) else (printed[i] if printed else None) for i, s in enumerate(sides))
            known = printed is not None or all(s.has(x) or not _maybe_printed(s) for s in sides)
            v = check(*at, ctx, shown if known else None)
            if v.verdict == "incorrect":
                v = replace(v, reason=f"at {x} = {p}: {v.reason}",
                            counterexample={**(v.counterexample or {}), "at": {str(x): str(p)}})
            out.append(v)
    return out


def _limits_on(sides, x, piece):
    """The sides with each limit carried out again knowing the sign of ``x`` on ``piece``
    (``\\lim_{c \\to \\infty} \\sigma(cz)`` is 1 where z > 0), within a bound; as they were otherwise."""
    sign = {"positive": True} if piece.start >= 0 else {"negative": True} if piece.end <= 0 else None
    if sign is None or not any(isinstance(s, sp.Basic) and s.has(sp.Limit) for s in sides):
        return sides
    signed = sp.Dummy(x.name, real=True, **sign)
    return [s.xreplace({signed: x}) for s in _carry_limits([s.xreplace({x: signed}) for s in sides])]


def _carry_limits(sides):
    """Each side's limits carried out within a bound; a side whose limit does not close stays as it was."""
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    out = []
    for s in sides:
        done = None
        if isinstance(s, sp.Basic) and s.has(sp.Limit):
            try:
                with time_limit(0.5):
                    done = s.replace(lambda u: isinstance(u, sp.Limit), lambda u: u.doit())
            except (CheckTimeout, NotImplementedError, TypeError, ValueError, AttributeError):
                done = None
        out.append(done if done is not None and not done.has(sp.Limit, sp.nan, sp.zoo) else s)
    return out


def _maybe_printed(e) -> bool:
    return isinstance(e, sp.Rational) and not e.is_Integer


def _in_place(lhs, rhs, pw, ctx, native):
    """Evaluate the cases as they stand, once every branch is reached by enough random points."""
    from ..verdict import Cause, Verdict

    env = Env(256, np.random.default_rng([ctx.seed, 23]), ctx)
    try:
        env.bind_indices(lhs, rhs)
        for value, cond in branches(pw):
            share = float(np.mean(np.broadcast_to(_truth(cond, env), (env.count, 1, 1))))
            if share < MIN_SHARE:
                return Verdict.unchecked(Cause.UNSUPPORTED, f"the branch {describe(cond)} holds at too few random "
                                                            f"points ({share:.0%}) to be checked there")
    except Unsupported as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
    v = native(lhs, rhs, ctx)
    if v.verdict == "incorrect" and isinstance(v.counterexample, dict) and "point" in v.counterexample:
        point = {s: v.counterexample["point"].get(s.name) for s in pw.free_symbols if isinstance(s, sp.Symbol)}
        if all(isinstance(p, (int, float)) for p in point.values()):
            for row, (value, cond) in enumerate(branches(pw), 1):
                if bool(cond.xreplace({s: sp.Float(p) for s, p in point.items()})):
                    return _on_branch(v, cond, (row, len(pw.args)))
    return v
