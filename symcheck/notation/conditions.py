"""Index conditions: where a step's free indices are claimed to hold.

A free index claims every value of its range: ∂a^L_k/∂z^L_j = −a^L_k a^L_j
says something about every j and k, also k = j, where it is false. Only a
condition the step states itself restricts it:

- a statement of its own after the equation, ``…, \\quad k \\neq j``,
  ``… \\text{ for } k \\neq j`` (read as a separate statement ``k ≠ j``);
- a branch of a ``cases`` definition (:mod:`.cases`);
- the prose that introduces the step in a graded file ("for j ≠ k", "when
  $k \\neq j$", "off-diagonal"), which the grader reads and passes in
  ``Context.index_conditions``.

A condition is a SymPy relation ``Eq(k, j)`` / ``Ne(k, j)`` between two index
letters. The checks evaluate the step only at the assignments of the free
indices that satisfy every condition naming them (:func:`admits`); a failure
at any other assignment is a counterexample, and its reason says where the
step fails (:func:`where_it_fails`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional

import sympy as sp

from .base import Unsupported
from .build import INDEX_LETTERS, index_symbol


class NoAssignment(Unsupported):
    """No assignment of the free indices satisfies the step's conditions."""


def index_condition(lhs, rel: str, rhs) -> Optional[sp.Basic]:
    """``Eq(k, j)`` or ``Ne(k, j)`` when ``lhs rel rhs`` relates two different index
    letters (``k ≠ j``, ``k = j``); else None."""
    names = [getattr(s, "name", None) for s in (lhs, rhs)]
    if rel not in ("=", "!=") or not all(isinstance(s, sp.Symbol) for s in (lhs, rhs)):
        return None
    if not all(n in INDEX_LETTERS for n in names) or names[0] == names[1]:
        return None
    a, b = index_symbol(names[0]), index_symbol(names[1])
    return sp.Ne(a, b, evaluate=False) if rel == "!=" else sp.Eq(a, b, evaluate=False)


def split_conditions(reading):
    """``(reading, conditions)``: the statements of ``reading`` that are index conditions
    (``k ≠ j`` after a separator, beside an equation) taken out as conditions, the rest kept.
    A reading that is only a condition is returned unchanged."""
    parts, rels = list(reading.parts), list(reading.relations)
    if len(parts) < 4:
        return reading, ()
    found, keep_parts, keep_rels = [], [parts[0]], []
    i = 0
    while i < len(rels):
        cond = None
        if rels[i] == ";" and i + 2 < len(parts) and (i + 2 >= len(rels) or rels[i + 2] == ";"):
            cond = index_condition(parts[i + 1], rels[i + 1], parts[i + 2])
        if cond is not None:
            found.append(cond)
            i += 2  # skip "; k != j"
            continue
        keep_rels.append(rels[i])
        keep_parts.append(parts[i + 1])
        i += 1
    if not found or not any(r not in (";",) for r in keep_rels):
        return reading, ()
    while keep_rels and keep_rels[-1] == ";":  # a trailing separator left by the condition
        keep_rels.pop()
        keep_parts.pop()
    alternatives = tuple(split_conditions(a)[0] for a in getattr(reading, "alternatives", ()))
    return replace(reading, parts=tuple(keep_parts), relations=tuple(keep_rels), alternatives=alternatives), \
        tuple(found)


def _by_name(assignment) -> dict:
    return {getattr(k, "name", str(k)): v for k, v in (assignment or {}).items()}


def admits(conditions: Iterable, assignment) -> bool:
    """Do the values ``assignment`` ({index: value}) satisfy every condition that names
    only assigned indices? (A condition on an index the step does not use says nothing.)"""
    values = _by_name(assignment)
    for c in conditions:
        names = {s.name for s in c.free_symbols}
        if not names <= set(values):
            continue
        if not bool(c.subs({s: values[s.name] for s in c.free_symbols})):
            return False
    return True


def satisfiable(conditions: Iterable, size: int = 3) -> bool:
    """Some assignment of the indices the conditions name, each in 1..size, satisfies them all."""
    import itertools

    conditions = tuple(conditions)
    names = sorted({s.name for c in conditions for s in c.free_symbols})
    return any(admits(conditions, dict(zip(names, combo)))
               for combo in itertools.product(range(1, size + 1), repeat=len(names)))


def with_conditions(ctx, conditions: Iterable):
    """``ctx`` with ``conditions`` added to its index conditions."""
    conditions = tuple(conditions)
    if not conditions:
        return ctx
    return replace(ctx, index_conditions=tuple(getattr(ctx, "index_conditions", ())) + conditions)


def show(conditions: Iterable) -> str:
    out = []
    for c in conditions:
        a, b = c.args
        out.append(f"{a} {'=' if isinstance(c, sp.Eq) else '≠'} {b}")
    return ", ".join(out)


def where_it_fails(failed: list, combos: list) -> str:
    """Where the failures of an identity in free indices lie, as a clause for the reason:
    "(fails at k = j, holds wherever they differ)", or "" when that says nothing useful.
    ``failed`` and ``combos`` are assignments {index: value}."""
    def coincide(a):
        values = list((a or {}).values())
        return len(set(values)) < len(values)

    if not failed or len(next(iter(failed)) or {}) != 2:
        return ""
    names = " = ".join(sorted(str(k) for k in failed[0]))
    if all(coincide(f) for f in failed) and any(not coincide(c) for c in combos):
        return f" (fails at {names}, holds wherever they differ)"
    if all(not coincide(f) for f in failed) and any(coincide(c) for c in combos):
        return f" (fails where {names.replace(' = ', ' ≠ ')}, holds where they coincide)"
    return ""


def name_the_failure(verdict, failed: list, combos: list):
    """The first failure's verdict, its reason saying where in the free indices the step
    fails (``failed``: the failing assignments; ``combos``: every assignment tried)."""
    where = where_it_fails(failed, combos)
    if not where:
        return verdict
    ce = dict(verdict.counterexample or {})
    ce["fails_at"] = where.strip(" ()")
    return replace(verdict, reason=verdict.reason + where, counterexample=ce)


def aim_targets(env, name: str) -> None:
    """The index ``name`` names the true class (``C = -\\ln a^L_j``): the networks' targets
    become one-hot at the value it is bound to, and the gradients are recomputed. Nothing
    changes when the index is not bound in this step."""
    import numpy as np

    from ..core import backprop_stacked

    value = next((v for k, v in env.index_values.items() if getattr(k, "name", None) == name), None)
    if value is None or env.net is None:
        return
    stack, fw, _ = env.net
    n_out = stack.y.shape[-2]
    if not 1 <= value <= n_out:
        raise Unsupported(f"the true class {name} = {value} is outside the output layer")
    y = np.zeros_like(stack.y)
    y[:, value - 1, :] = 1.0
    stack = replace(stack, y=y)
    env.net = (stack, fw, backprop_stacked(stack))
