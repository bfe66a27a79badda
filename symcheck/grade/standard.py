r"""Definitions of the standard quantities of the theory, checked (issue 13.2, rules 1-3).

A step that defines a quantity of the book — the error δ^l_j ≡ ∂C/∂z^l_j, the weighted
input z^l = w^l a^{l−1} + b^l (or z^l_j = Σ_k w^l_{jk} a^{l−1}_k + b^l_j), the activation
a^l = σ(z^l), a softmax output, the quadratic, cross-entropy or log-likelihood cost — is
compared with that quantity's standard meaning in the file's setting, on random networks
(:func:`symcheck.grade.settings.check_under_settings`, a check that can fail):

- it agrees: **correct**, the reason naming the standard definition it matches;
- it differs: **unchecked**, "differs from the standard definition of …; a write-up may
  define its own" — a sign convention (δ = −∂C/∂z) is a real convention — unless
- the file has **established** otherwise: a weighted input that holds only with the weights
  read the other way, in a file whose words or own definition fixed the book's convention,
  is **incorrect** (:mod:`.weight_convention`); and a quantity the file has already defined
  is a claim against that definition (:mod:`.own_definitions`).

What a step defines is recorded for later steps (:class:`.state.QuantityDefined`), and so
is the weight convention a definition establishes (:class:`.state.ConventionStated`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from .reading import StepKind, StepReading
from .state import ConventionStated, Defined, QuantityDefined, Result, State
from . import weight_convention as WC

K = StepKind
HANDLES = frozenset({K.ERROR_DEFINITION, K.SETTING, K.DEFINITION, K.FUNCTION_DEFINITION, K.NETWORK})
COST_NAMES = ("C", "C_x")

WHAT = {
    "z": "the weighted input z^l = w^l a^{l−1} + b^l (z^l_j = Σ_k w^l_{jk} a^{l−1}_k + b^l_j)",
    "a": "the activation a^l = σ(z^l)",
    "delta": "the error δ^l_j ≡ ∂C/∂z^l_j",
    "C": "the cost",
}
COST_TEXT = {"quadratic": "the quadratic cost C = ½‖y − a^L‖²",
             "cross-entropy": "the cross-entropy cost C = −Σ_j [y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)]",
             "log-likelihood": "the log-likelihood cost C = −ln a^L_y"}
OUTPUT_TEXT = {"softmax": "the softmax output a^L_j = e^{z^L_j} / Σ_k e^{z^L_k}",
               "linear": "a linear output layer a^L = z^L", "tanh": "the activation a^l = tanh(z^l)",
               "relu": "the activation a^l = max(0, z^l)"}


def defined_quantity(sr: StepReading) -> str:
    """The standard quantity ``sr`` defines ("z", "a", "delta", "C"), or ""."""
    from ..notation import vocab as V

    if not sr.two_sided or sr.step.link or sr.rel != "=" or not sr.is_network:
        return ""
    lhs, rhs = sr.lhs, sr.rhs
    if isinstance(lhs, (V.Q, V.Comp)) and lhs.qname in ("z", "a"):
        return lhs.qname
    if isinstance(lhs, (V.Q, V.Comp)) and lhs.qname == "delta" and _gradient_wrt_z(rhs):
        return "delta"
    if sr.kind is K.DEFINITION and isinstance(lhs, sp.Symbol) and lhs.name in COST_NAMES:
        return "C"
    if sr.kind in (K.DEFINITION, K.SETTING, K.FUNCTION_DEFINITION) and _cost_function(lhs):
        return "C"
    return ""


def _cost_function(e) -> bool:
    """``C(a, y)``, ``C(a)``: the cost written as a function of its arguments."""
    return isinstance(e, sp.core.function.AppliedUndef) and type(e).__name__ in COST_NAMES and \
        all(isinstance(a, (sp.Symbol, sp.Basic)) for a in e.args)


def _gradient_wrt_z(e) -> bool:
    """∂C/∂z (or −∂C/∂z, a multiple of it): the right side of a definition of the error."""
    from ..notation import vocab as V

    grads = [g for g in e.atoms(V.Grad) if getattr(g.args[0], "qname", "") == "z"] if isinstance(e, sp.Basic) else []
    return len(grads) == 1 and not (e.free_symbols - grads[0].free_symbols) and \
        not (e.atoms(V.Q, V.Comp) - grads[0].atoms(V.Q, V.Comp))


def check_standard(sr: StepReading, state: State, options) -> Optional[Result]:
    """The verdict on a definition of a standard quantity, or None (the later checks decide)."""
    what = defined_quantity(sr)
    if not what:
        return None
    if _cost_function(sr.lhs):  # C(a, y) = …: compared as C = … (and recorded as the function it defines)
        from .definitions import check_function_definition

        base = check_function_definition(sr, state, options) if sr.kind is K.FUNCTION_DEFINITION else None
        as_name = replace(sr, reading=replace(sr.reading, parts=(sp.Symbol("C", real=True), sr.rhs)))
        cost = _cost_standard(as_name, state, options)
        if cost is not None:
            return Result(cost, base.updates if base is not None else ())
        return None
    from .own_definitions import against_own_definition

    records = _records(sr, state)
    own = against_own_definition(sr, state, options)
    if own is not None:  # a definition found wrong is not recorded as the file's
        keep = records if own.verdict.verdict != "incorrect" else tuple(u for u in records
                                                                         if not isinstance(u, QuantityDefined))
        return Result(own.verdict, own.updates + keep)
    from .network import front_end

    v = front_end(sr, state, options)
    if what == "C" and (v is None or v.verdict != "correct"):
        cost = _cost_standard(sr, state, options)
        if cost is not None:
            return Result(cost, records)
    if v is None or v.verdict == "unchecked":
        return _recorded(sr, state, options, v, records)
    decided = _under_convention(sr, state, options, v)
    if decided is not None:  # the file's convention reads the weights otherwise than the book
        keep = records if decided.verdict == "correct" else tuple(u for u in records
                                                                   if not isinstance(u, QuantityDefined))
        if decided.verdict == "correct":
            decided = replace(decided, reason=f"the standard definition of {WHAT[what]}, {decided.reason}")
        return Result(decided, keep)
    if v.verdict == "correct":
        name = _name(sr, what, state, options)
        records += _convention_shown(sr, state, "book", f"the definition on line {sr.step.line}")
        v = replace(v, reason=f"the standard definition of {name}: {v.reason}", claim=v.claim or f"definition-{what}")
        return Result(v, records)
    if v.verdict != "incorrect":
        return None
    if v.check is CheckKind.SEMANTICS or (v.check is not None and v.check.is_shape and _ill_formed(sr, state, options)):
        # decided under every reading (free indices that differ), or a right side ill-formed on its own under
        # every weight convention: it defines nothing (the accusation policy of the networks check agrees)
        return Result(v, tuple(u for u in records if not isinstance(u, QuantityDefined)))
    if sr.kind is K.NETWORK and what != "delta" and not _other_convention_holds(sr, state, options):
        return None  # as before this rule: the accusation policy of the networks check decides
    # a definition of δ that differs (δ = −∂C/∂z is a sign convention some texts use) is not an error
    records += _convention_shown(sr, state, "reversed", f"the definition on line {sr.step.line}")
    which = "with the weights indexed the other way; " if _other_convention_holds(sr, state, options) else ""
    return Result(Verdict.unchecked(Cause.PROSE, f"differs from the standard definition of {WHAT[what]} "
                                                 f"({which}a write-up may define its own): recorded for later steps",
                                    notes=(Note(NoteKind.READER_FOUND, f"against the standard: {v.reason}"),)),
                  records)


def _recorded(sr: StepReading, state: State, options, v: Optional[Verdict], records: tuple) -> Result:
    """A definition that could not be compared with the standard: recorded, as the later checks
    would record it (their verdict), with what it defines."""
    from .network import library_check

    if sr.kind is K.NETWORK:
        lib = library_check(sr, state, options)
        if lib is not None:
            return Result(lib, records)
        return Result(v if v is not None else Verdict.unchecked(
            Cause.UNSUPPORTED, "network notation that the grader cannot read yet"), records)
    if sr.kind is K.DEFINITION and isinstance(sr.lhs, sp.Symbol):
        from .definitions import check_definition

        base = check_definition(sr, state, options)
        return Result(base.verdict, base.updates + tuple(u for u in records if not isinstance(u, Defined)))
    why = f" (not compared with the standard: {v.reason})" if v is not None else ""
    text = {K.ERROR_DEFINITION: "the definition of the error δ = ∂C/∂z: recorded",
            K.SETTING: "a setting the text assumes (not a claim): not checked"}.get(
        sr.kind, f"definition of {sr.lhs_text.strip()}: recorded for later steps")
    return Result(Verdict.unchecked(Cause.PROSE, text + why), records)


def _records(sr: StepReading, state: State) -> tuple:
    """What this definition records: the quantity, and the convention the prose before it states."""
    from ..notation import vocab as V

    out: tuple = ()
    stated = WC.from_words(sr.step, state)
    if stated is not None:
        out += (stated,)
    if isinstance(sr.lhs, (V.Q, V.Comp)):
        out += (QuantityDefined(sr.lhs, sr.rhs, sr.step.line, sr.step.problem),)
    elif isinstance(sr.lhs, sp.Symbol):  # C = …: a name later steps expand, as every definition of a name
        out += (Defined(sr.lhs.name, sr.rhs),)
    return out


def _has_weight_components(sr: StepReading) -> bool:
    from ..notation import vocab as V

    return any(getattr(c, "qname", "") == "w" and len(c.indices) == 2
               for p in sr.reading.parts if isinstance(p, sp.Basic) for c in p.atoms(V.Comp))


def _convention_shown(sr: StepReading, state: State, which: str, where: str) -> tuple:
    """A weighted input written with weight components establishes the convention it holds under."""
    if defined_quantity(sr) != "z" or WC.established(state) is not None or not _has_weight_components(sr):
        return ()
    if which == "reversed" and not _other_convention_holds(sr, state, None):
        return ()
    if WC.from_words(sr.step, state) is not None:
        return ()  # the words before it come first
    return (ConventionStated(WC.WEIGHTS, which, where),)


def _recheck(state: State, options):
    from .readings_checked import rechecker

    class _Defaults:
        activation, seed, trials = "sigmoid", 0, 8

    return rechecker(state, options if options is not None else _Defaults())


def _ill_formed(sr: StepReading, state: State, options) -> bool:
    from .readings_checked import ill_formed

    return ill_formed(sr, _recheck(state, options))


def _other_convention_holds(sr: StepReading, state: State, options) -> bool:
    """The step holds with its weight components indexed the other way (w_{jk} from j to k)."""
    from ..notation.readings import weight_readings

    if sr.reading is None or not _has_weight_components(sr):
        return False
    other = weight_readings(sr.reading)[0][1]
    return _recheck(state, options)(other).verdict == "correct"


def _under_convention(sr: StepReading, state: State, options, v: Verdict) -> Optional[Verdict]:
    """The verdict under the weight convention the file established (in words, before this step, or by
    an earlier definition), where it differs from the book's; else None."""
    est = WC.established(state)
    stated = WC.from_words(sr.step, state)
    if stated is not None:
        est = (stated.which, stated.where)
    if est is None or not _has_weight_components(sr) or v.verdict == "unchecked":
        return None
    return WC.decided_under(sr, state, options, est, v)


def _name(sr: StepReading, what: str, state: State, options) -> str:
    """The standard definition a correct step matches, named from the settings it holds in."""
    from ..notation import vocab as V

    if what == "a" and any(getattr(q, "qname", "") == "x" for q in sr.rhs.atoms(V.Q, V.Comp)):
        return "the input layer's activations a^1 = x"
    if what not in ("C", "a"):
        return WHAT[what]
    from .. import notation
    from .settings import Setting, candidates, context_for

    base = candidates(state, options.activation)

    def check(setting) -> bool:
        return notation.check_reading(sr.reading, context_for(setting, state, options, sr.reading)).verdict == "correct"

    if what == "C":
        tried = [replace(s, cost=c) for s in base for c in COST_TEXT]
        held = [s.cost for s in tried if check(s)]
        named = [COST_TEXT[c] for c in dict.fromkeys(held)]
        return " or ".join(named) if named else WHAT["C"]
    if check(Setting("sigmoid", None, base[0].cost)):
        return WHAT["a"]
    layer_l = getattr(sr.lhs, "layer", None) == V.L
    tried = [Setting("sigmoid", o, base[0].cost) for o in ("softmax", "linear") if layer_l] + \
        [Setting(a, None, base[0].cost) for a in ("tanh", "relu")]
    held = [s.output or s.activation for s in tried if check(s)]
    return " or ".join(OUTPUT_TEXT[o] for o in held) if held else "the activation in this write-up's setting"


def _cost_standard(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """``C = …`` that is one of the book's costs (quadratic, cross-entropy, log-likelihood) in some
    setting the random networks model, whatever cost the text named: correct, naming it; else None.
    ``C = −ln a^L_y`` is the log-likelihood with y the true class (the networks' targets one-hot there)."""
    from .. import notation
    from ..notation import vocab as V
    from .settings import Setting, candidates, context_for

    rhs = sr.rhs
    inner = -rhs if isinstance(rhs, sp.Basic) else None
    if isinstance(inner, sp.log) and isinstance(inner.args[0], V.Comp) and inner.args[0].qname == "a" \
            and inner.args[0].layer == V.L and len(inner.args[0].indices) == 1:
        st = state.copy()
        st.defined_setting = {**st.defined_setting, "target": (str(inner.args[0].indices[0]),)}
        tried = [Setting("sigmoid", "softmax", "log-likelihood")]
        cost_state = st
    else:
        tried = [replace(s, cost=c) for s in candidates(state, options.activation) for c in COST_TEXT]
        cost_state = state
    for setting in dict.fromkeys(tried):
        v = notation.check_reading(sr.reading, context_for(setting, cost_state, options, sr.reading))
        if v.verdict == "correct":
            return replace(v, reason=f"the standard definition of {COST_TEXT[setting.cost]}: {v.reason}",
                           claim=v.claim or "definition-C")
    return None
