"""An accusation of plain algebra with a derivative of an expression in other unknowns, when the
write-up's definitions say how they depend on the variable.

``∂/∂w (wx + b) = -x`` differentiates an expression with the unknowns x and b beside its variable w.
In general how they depend on w is not given, and the step is left unchecked
(:func:`.identities.check_algebra`). But when each of them is an argument that one of the write-up's
definitions takes side by side with the variable (``z = wx + b``: w, x and b are separate inputs of z,
:func:`.dependences.co_arguments`), the partial derivative, the others held fixed, is the write-up's
own reading. A step that fails there is accused, and only if it also fails with the others depending
on the variable: each non-empty set of them read as random smooth functions of the step's variables
(:func:`symcheck.notation.interpret.random_function`), every such reading tried. A reading that holds,
or cannot be decided, leaves the step as it was. A name inside a derivative that is neither defined
nor such an argument, an undefined function in it, or more than three such names: not accused.
"""

from __future__ import annotations

import itertools
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..notation.dependence import HYPERPARAMETERS
from ..notation.identity import identity
from ..notation.interpret import random_function
from ..verdict import CheckKind, Verdict
from .components import definitions
from .conventions import NotPlain, activation_pair, bound_names, expand
from .dependences import co_arguments, key
from .state import State

MAX_OTHERS = 3  # unknowns beside the variable, at most (2^3 - 1 dependent readings)


def _others(sr, state: State):
    """(the variables, the unknowns beside them) when every unknown inside a derivative is an argument a
    definition takes beside that derivative's variable; None otherwise."""
    defs = definitions(state, 0)
    variables, others = set(), set()
    for part in (sr.lhs, sr.rhs):
        for d in part.atoms(sp.Derivative):
            if not all(isinstance(v, sp.Symbol) for v in d.variables):
                return None
            if any(not set(f.args) <= set(d.variables) for f in d.expr.atoms(AppliedUndef)):
                return None  # an undefined function of something else: its dependence is not given
            wrt = {key(v)[0] for v in d.variables}
            for s in d.expr.free_symbols - set(d.variables):
                name = getattr(s, "name", "")
                if not name or name in state.env or name in state.definitions or name in HYPERPARAMETERS:
                    continue
                if not co_arguments(name, wrt, defs):
                    return None
                others.add(name)
            variables |= set(d.variables)
    if not others or len(others) > MAX_OTHERS or not variables:
        return None
    return sorted(variables, key=lambda s: s.name), sorted(others)


def _by_name(e, sub: dict):
    return e.xreplace({s: sub[s.name] for s in e.free_symbols if getattr(s, "name", None) in sub})


def _holds_with(sr, state: State, options, sub: dict) -> Optional[bool]:
    """Does the step hold with the unknowns of ``sub`` (name -> expression in the variables) put in, in
    the step and in the write-up's definitions? None when it cannot be decided."""
    st = state.copy()
    st.definitions = {k: _by_name(v, sub) if isinstance(v, sp.Basic) else v for k, v in st.definitions.items()}
    lhs, rhs = _by_name(sr.lhs, sub), _by_name(sr.rhs, sub)
    notes: set = set()
    try:
        bound = bound_names(lhs, rhs)
        a, b = activation_pair(expand(lhs, st, notes, bound=bound), expand(rhs, st, notes, bound=bound), notes)
    except NotPlain:
        return None
    return identity(a, b, rel=sr.rel, domains=state.domains, seed=options.seed, trials=options.trials,
                    timeout=options.symbolic_seconds).holds


def accused(sr, state: State, options, outcome, extra: str = "") -> Optional[Verdict]:
    """Incorrect when the step failed in the partial reading (``outcome``, the others held fixed, as the
    write-up's definitions take them) and fails in every dependent reading; None otherwise."""
    if outcome.holds is not False or sr.rel != "=":
        return None
    found = _others(sr, state)
    if found is None:
        return None
    variables, others = found
    rng = np.random.default_rng([options.seed, 31])
    for size in range(1, len(others) + 1):
        for chosen in itertools.combinations(others, size):
            sub = {n: random_function(len(variables), rng)(*variables) for n in chosen}
            if _holds_with(sr, state, options, sub) is not False:
                return None
    from ..notation.equality import show

    names, wrt = ", ".join(others), ", ".join(v.name for v in variables)
    where = ", ".join(f"{k} = {v:.4g}" for k, v in (outcome.point or {}).items())
    return Verdict.incorrect(
        CheckKind.LINK if sr.step.link else CheckKind.NUMERIC,
        f"the two sides differ{' at ' + where if where else ''}: {show(outcome.lhs_value)} vs "
        f"{show(outcome.rhs_value)}, with {names} held fixed (the write-up's definitions take {names} beside "
        f"{wrt} as separate inputs); nor does it hold with any of {names} read as depending on {wrt} (random "
        f"smooth functions, each choice of them tried){extra}",
        counterexample={"at": outcome.point, "lhs": outcome.lhs_value, "rhs": outcome.rhs_value})
