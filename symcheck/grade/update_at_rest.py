"""An update rule that moves the parameter when the rate is 0 (issue 13.2, rule 4, with :mod:`.updates`).

Every learning step at rate η — gradient descent, ascent, weight decay ``(1 − ηλ/n) w − η ∂C/∂w``, an L1
step — leaves the parameter as it was at η = 0: the rate scales the move. A new value written only in the
parameter, the rate and derivatives of the cost (no other unknown: a velocity v or a factor γ of a rule of
the write-up's own may carry it) that differs from the parameter at η = 0 on random networks is no learning
step at that rate: ``b → b' = −(b − η ∂C/∂b)`` is −b there. Incorrect, with the network where the two
differ; anything else is left to :mod:`.updates`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

from ..errors import ParseError
from ..verdict import CheckKind, Verdict


def _loose(e) -> set:
    """The plain symbols of ``e`` outside its network quantities and derivatives (∂C_x/∂b^l, b^l)."""
    from ..notation import vocab as V

    inner = set().union(*(n.free_symbols for n in e.atoms(V.Q, V.Comp, V.Grad, sp.Derivative)))
    return e.free_symbols - inner


def moved_at_rest(sr, state, options, param: str, new: str, rate: str, note) -> Optional[Verdict]:
    """Incorrect when the new value at rate 0 is not the parameter (see the module docstring), else None."""
    from .. import notation
    from .settings import check_under_settings

    try:
        ocr = getattr(sr.step, "ocr", False)
        p = notation.read(param, ocr=ocr)
        pair = notation.read(f"{new} = {param}", ocr=ocr)
        eta = notation.read(rate, ocr=ocr)
    except (ParseError, RecursionError):
        return None
    if len(pair.parts) != 2 or len(p.parts) != 1 or len(eta.parts) != 1:
        return None
    e, target, r = pair.parts[0], p.parts[0], eta.parts[0]
    if not all(isinstance(x, sp.Basic) for x in (e, target, r)) or not isinstance(r, sp.Symbol) or r not in e.free_symbols:
        return None
    others = _loose(e) - _loose(target) - {r}
    if others:
        return None  # a velocity, a factor of the write-up's own rule: not decided here
    at_rest = e.subs(r, 0)
    if at_rest == target:
        return None
    v = check_under_settings(replace(pair, parts=(at_rest, target), alternatives=()), state, options)
    if v.verdict != "incorrect":
        return None
    r = {"eta": "η", "alpha": "α", "epsilon": "ε", "varepsilon": "ε"}.get(str(r), str(r))
    return Verdict.incorrect(v.check or CheckKind.NUMERIC,
                             f"at rate {r} = 0 the new value is {at_rest}, not {param}: a learning step at that "
                             f"rate leaves the parameter as it is ({v.reason})",
                             counterexample=dict(v.counterexample or {}, **{"rate": 0}),
                             hint=f"the update is {param} − {r} ∂C/∂({param})", notes=(note,))
