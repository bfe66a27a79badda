r"""Update rules, checked as gradient descent (issue 13.2, rule 4).

Write-ups state the learning step of a weight or a bias as an assignment:
``W_{jk} \gets W_{jk} - \eta\,\delta_j a_k``, ``b \leftarrow b - \eta\,\delta``,
``w \rightarrow w' = w - \eta \frac{\partial C}{\partial w}``, ``W^l := …``, or
``W^l = W^l - \eta \frac{\partial C}{\partial W^l}`` (the same parameter on both sides). Such
a step is not "an expression on its own" nor a condition: it says that the new value E of
the parameter P is the gradient-descent step, E = P − η ∂C/∂P (η the rate the step uses;
the mini-batch average is the cost's own 1/m Σ_x). That equation is checked on random
networks in the file's setting (:func:`symcheck.grade.settings.check_under_settings`):

- it holds: **correct**, "a gradient-descent update …";
- otherwise **unchecked**: an update that differs (gradient ascent, a δ defined as −∂C/∂z,
  a regularised step) is the write-up's own rule, never an accusation here -- except gradient
  ascent with the cost's derivative written out, or with a δ the file defined as +∂C/∂z.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from ..errors import ParseError
from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from .reading import StepKind, StepReading
from .state import Result, State

K = StepKind
HANDLES = frozenset({K.EXPRESSION, K.NETWORK, K.DEFINITION, K.SETTING, K.UNREAD})
_ARROW = re.compile(r"\\(?:gets|leftarrow|longleftarrow)\b|:=|←|<-|"
                    r"\\(?:rightarrow|longrightarrow|to|mapsto)\b|→|->")
_FORWARD = (r"\rightarrow", r"\longrightarrow", r"\to", r"\mapsto", "→", "->")
_RATE = re.compile(r"\\(?:eta|alpha|epsilon|varepsilon)\b")
MAX_LEN = 400
ASSIGNED = Note(NoteKind.UPDATE, "read as an update rule: the new value of the parameter, not an equation")


def _top_level(text: str, start: int) -> bool:
    depth = 0
    for ch in text[:start]:
        depth += ch in "{(["
        depth -= ch in "})]"
    return depth == 0


def split_update(text: str) -> Optional[tuple[str, str]]:
    """``(parameter, new value)`` of an update rule written with an arrow or :=, or None."""
    arrows = [m for m in _ARROW.finditer(text) if _top_level(text, m.start())]
    if len(arrows) != 1:
        return None
    m = arrows[0]
    param, new = text[:m.start()].strip(), text[m.end():].strip()
    if m.group(0) in _FORWARD:
        eq = [i for i, ch in enumerate(new) if ch == "=" and _top_level(new, i)]
        if len(eq) == 1:  # w → w' = w − η ∂C/∂w
            new = new[eq[0] + 1:].strip()
    return (param, new) if param and new else None


def _same_both_sides(sr: StepReading) -> Optional[tuple[str, str]]:
    """``P = P − …`` (the same parameter on both sides of =): an assignment."""
    if sr.rel != "=" or sr.step.link or not sr.two_sided:
        return None
    lhs, rhs = sr.lhs_text.strip(), sr.rhs_text.strip()
    return (lhs, rhs) if lhs and rhs.startswith(lhs) and _RATE.search(rhs) else None


def _parameter(reading) -> bool:
    """A weight or a bias (a layered w or b, whole or a component, or a plain w, w_k, b), or the book's
    position v of chapter 1 (v → v' = v − η ∂C/∂v, C a function of v)."""
    from ..notation import vocab as V

    p = reading.parts[0]
    plain = isinstance(p, sp.Symbol) and (p.name in ("w", "b", "v") or p.name.startswith(("w_", "b_", "v_"))) or \
        isinstance(p, sp.Indexed) and str(p.base.label) in ("w", "b", "v")
    return plain or (isinstance(p, (V.Q, V.Comp)) and p.qname in ("w", "b"))


def check_update(sr: StepReading, state: State, options) -> Optional[Result]:
    """The verdict on an update rule, or None when the step is not one."""
    text = sr.step.latex if sr.kind is K.EXPRESSION else sr.source
    if sr.step.link or len(text) > MAX_LEN:
        return None
    pair = split_update(text) if sr.kind is not K.NETWORK or _ARROW.search(text) else None
    pair = pair or (_same_both_sides(sr) if sr.kind in (K.NETWORK, K.DEFINITION) else None)
    if pair is None:
        return None
    param, new = pair
    rate = _RATE.search(new)
    if rate is None:
        return None
    from .. import notation

    try:
        p = notation.read(param, ocr=getattr(sr.step, "ocr", False))
        if len(p.parts) != 1 or p.relations or not _parameter(p):
            return None
        gd = notation.read(f"{new} = {param} - {rate.group(0)} \\frac{{\\partial C}}{{\\partial {param}}}",
                           ocr=getattr(sr.step, "ocr", False))
    except (ParseError, RecursionError):
        return None
    if len(gd.parts) != 2 or gd.relations != ("=",):
        return None
    from .settings import check_under_settings

    v = check_under_settings(gd, state, options)
    if v.verdict == "correct":
        from dataclasses import replace

        step = f"{param} − {_greek(rate.group(0))} ∂C/∂({param})"
        return Result(replace(v, reason=f"a gradient-descent update, {step}: {v.reason}",
                              claim=v.claim or "gradient-descent-update",
                              notes=tuple(v.notes) + (ASSIGNED,)))
    if v.verdict == "incorrect" and v.check is CheckKind.SEMANTICS:  # free indices that differ, under every reading
        from dataclasses import replace

        return Result(replace(v, reason=f"the new value of {param} does not match the parameter: {v.reason}",
                              notes=tuple(v.notes) + (ASSIGNED,)))
    if v.verdict == "incorrect":
        ascent = _gradient_ascent(sr, state, options, param, new, rate.group(0), v) or \
            _indices_clash(sr, state, options, param, new, v)
        if ascent is not None:
            return Result(ascent)
        from .update_at_rest import moved_at_rest

        moved = moved_at_rest(sr, state, options, param, new, rate.group(0), ASSIGNED)
        if moved is not None:
            return Result(moved)
    cause = Cause.AMBIGUOUS if v.verdict == "incorrect" else v.cause or Cause.UNSUPPORTED
    return Result(Verdict.unchecked(cause, "an update rule that differs from the gradient-descent step "
                                    f"{param} − {_greek(rate.group(0))} ∂C/∂({param}) or could not be compared "
                                    "with it "
                                    f"(a write-up may use its own rule, or δ = −∂C/∂z): {v.reason}"))


def _indices_clash(sr: StepReading, state: State, options, param: str, new: str, failed: Verdict) -> Optional[Verdict]:
    """Incorrect: the rule as written, parameter and new value, uses one index letter for layers of different
    sizes (``W^{(L)}_{jk} ← W^{(L)}_{jk} − η δ^{(L)}_j a^{(L-2)}_k``: k runs over layer L−1 in W and L−2 in a),
    under every convention of the weights that can hold here (one that numbers a weight past the output layer
    cannot). No rule of a write-up's own is well formed so: the comparison with gradient descent is not needed."""
    from .. import notation
    from ..notation.readings import weight_readings
    from .settings import check_under_settings

    if failed.check is None or not failed.check.is_shape:
        return None
    try:
        own = notation.read(f"{param} = {new}", ocr=getattr(sr.step, "ocr", False))
    except (ParseError, RecursionError):
        return None
    if len(own.parts) != 2 or own.relations != ("=",):
        return None
    first = None
    for _, r in [("as written", own)] + weight_readings(own):
        if _past_the_output(r.parts):
            continue
        v = check_under_settings(r, state, options)
        if v.verdict != "incorrect" or v.check is None or not v.check.is_shape:
            return None
        first = first or v
    if first is None:
        return None
    from dataclasses import replace

    return replace(first, reason=f"the update rule's indices do not fit together, under every convention of the "
                                 f"weights: {first.reason}", notes=(ASSIGNED,),
                   hint=first.hint or "each index letter must run over one layer's neurons: check the layers")


def _past_the_output(parts) -> bool:
    """A weight numbered past the output layer (w^{L+1}): a convention that cannot hold for this step."""
    from ..notation import vocab as V

    for p in parts:
        for q in (p.atoms(V.Q, V.Comp) if isinstance(p, sp.Basic) else ()):
            past = q.layer - sp.Symbol("L", integer=True) if q.qname == "w" and isinstance(q.layer, sp.Basic) else None
            if past is not None and past.is_number and past > 0:
                return True
    return False


def _greek(command: str) -> str:
    return {r"\eta": "η", r"\alpha": "α", r"\epsilon": "ε", r"\varepsilon": "ε"}.get(command, command)


def _gradient_ascent(sr: StepReading, state: State, options, param: str, new: str, rate: str,
                     failed: Verdict) -> Optional[Verdict]:
    """Incorrect: the new value adds the rate times the cost's own derivative, ∂C/∂P written out (not a δ,
    whose sign some texts define the other way), and it is exactly P + η ∂C/∂P: gradient ascent on the cost.
    ``failed`` is the failed comparison with the descent step (its counterexample is the accusation's)."""
    from .. import notation
    from ..notation import vocab as V
    from .settings import check_under_settings

    try:
        written = notation.read(new, ocr=getattr(sr.step, "ocr", False))
        up = notation.read(f"{new} = {param} + {rate} \\frac{{\\partial C}}{{\\partial {param}}}",
                           ocr=getattr(sr.step, "ocr", False))
    except (ParseError, RecursionError):
        return None
    e = written.parts[0] if len(written.parts) == 1 else None
    if not isinstance(e, sp.Basic):
        return None
    with_delta = any(getattr(q, "qname", "") == "delta" for q in e.atoms(V.Q, V.Comp))
    if with_delta and _delta_is_standard(state) is None:
        return None  # a δ whose sign the file has not fixed (some texts define δ = −∂C/∂z)
    if not (e.atoms(V.Grad) or e.atoms(sp.Derivative) or with_delta):
        return None
    if check_under_settings(up, state, options).verdict != "correct":
        return None
    down = f"{param} − {_greek(rate)} ∂C/∂({param})"
    return Verdict.incorrect(failed.check or CheckKind.NUMERIC,
                             f"gradient ascent: the new value is {param} + {_greek(rate)} ∂C/∂({param}), which "
                             "increases the cost; a gradient-descent step subtracts it" +
                             (f" (δ as the file defined it on line {_delta_is_standard(state)}: δ = ∂C/∂z)"
                              if with_delta else ""),
                             counterexample=dict(failed.counterexample or {}, **{"gradient descent": down}),
                             hint=f"the update is {down}", notes=(ASSIGNED,))


def _delta_is_standard(state: State):
    """The line where the file defined the error δ as +∂C/∂z (the book's sign: δ = ∂C/∂z, not −∂C/∂z),
    or None. A δ in an update rule is then that derivative: ``b + η δ`` is gradient ascent."""
    from ..notation import vocab as V

    for (name, _), entry in state.quantities.items():
        if name != "delta":
            continue
        rhs = entry[1]
        if isinstance(rhs, V.Grad) and getattr(rhs.args[0], "qname", "") == "z":
            return entry[2]
    return None
