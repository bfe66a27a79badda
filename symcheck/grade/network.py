"""Network equations: the library of claims, then the notation front end's
meaning layer on random networks, under the accusation policy.

The policy: a failed check of the meaning layer is an accusation only where
the reading is the only plausible one. It is not when the step uses a vector
of ones or a norm, plain a, y, x or z without a layer next to vector
operations (vector or number?), a derivative whose shape the reader does not
model, a setting the random networks do not model (softmax, linear, ...), or
when the equation is a definition or a condition in the write-up's own
terms. Each of these is read from the reading's nodes and from the kind of
the failed check, never from message text.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Optional

import sympy as sp

from ..errors import ParseError
from ..notation.readings import BOTH_SUMS
from ..symbolic import sigmoid
from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from .reading import INEQUALITIES, StepReading, is_single
from .readings_checked import (components_only, fails_in_every_weight_convention, fails_with_one_neuron, ill_formed,
                               names_weights, other_outcomes, rechecker, weighable)
from .settings import COSTS as COSTS_NAMED, SettingDefined, fixed_meaning, one_hot
from .setting_points import facts_named
from .own_definitions import defined_as_error
from .weight_convention import BOOK, WEIGHTS, established, fails_under_established, named
from .state import Result, State

log = logging.getLogger(__name__)

NON_DEFAULT = ("softmax", "linear", "tanh", "relu", "log-likelihood", "modified")
UNMODELLED = ("modified",)      # settings the random networks do not model (the others: grade/settings.py)
PLAIN = ("a", "y", "x", "z")


def library_check(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """The step states (or contradicts) a claim of the library, or a vector identity."""
    from . import library

    lhs, rhs = sr.lhs_text, sr.rhs_text
    v = library.vector_check(lhs, sr.rel, rhs, options.seed)
    if v is not None:
        return v
    if penalised(sr, state):
        return None  # the library's BP4 is about an unregularised C: the networks check this one
    hit = library.lookup(lhs, sr.rel, rhs, state.topics)
    if hit is None:
        return None
    return library.verdict_for(hit, options.seed, options.trials)


def penalised(sr: StepReading, state: State) -> bool:
    """The write-up defined C with a weight penalty and the step differentiates C by a weight."""
    from ..notation import vocab as V
    from ..notation.regularised import penalty

    if penalty(state.definitions) is None:
        return False
    return any(g.cost_name == "C" and getattr(g.args[0], "qname", "") == "w"
               for p in _parts(sr) if isinstance(p, sp.Basic) for g in p.atoms(V.Grad))


def front_end(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """The meaning layer's verdict on the step's reading (None when turned off)."""
    if not options.use_front_end:
        return None
    if sr.error is not None:
        return Verdict.unchecked(Cause.UNPARSED, f"cannot read: {sr.error.reason}")
    try:
        from .settings import check_under_settings

        v = check_under_settings(sr.reading, state, options)  # in every setting the text allows
    except ParseError as exc:
        return Verdict.unchecked(Cause.UNPARSED, f"cannot read: {exc.reason}")
    except Exception as exc:  # noqa: BLE001 -- the meaning layer's failure is an unchecked step, with its traceback logged
        log.warning("the notation reader failed on %r", sr.source, exc_info=True)
        return Verdict.unchecked(Cause.UNSUPPORTED, f"the notation reader failed: {type(exc).__name__}")
    read_as = list(sr.reading.fallbacks)
    if read_as and v.verdict != "unchecked":
        v = replace(v, reason=f"{v.reason} (read: {'; '.join(read_as[:3])})")
    if v.verdict == "incorrect" and is_single(sr.lhs) and state.topics and v.check is not CheckKind.SEMANTICS \
            and not fixed_meaning(sr.lhs, state, sr.rhs) and \
            not (v.check.is_shape and ill_formed(sr, rechecker(state, options), book_convention(state))):
        return Verdict.unchecked(Cause.AMBIGUOUS, f"a definition in this write-up's setting ({state.topics}); "
                                                  "the random networks use the sigmoid")
    return v


def library_result(sr: StepReading, state: State, options) -> Optional[Result]:
    """:func:`library_check` as a check's result (None: not a claim of the library), with the
    weight convention it establishes (:func:`establishes`)."""
    if not sr.two_sided and sr.error is None:
        return None
    v = library_check(sr, state, options)
    if v is not None and v.verdict == "incorrect" and v.check == "library" and sr.reading is not None \
            and names_weights(sr):
        # a false variant in the book's convention of the weights may be right in another one (BP2
        # without its transpose, BP4 with its indices swapped): it is accused only if the networks
        # refute it under every reading the file allows, as any other step
        if check_network(sr, state, options).verdict != "incorrect":
            return None
    return None if v is None else Result(v, establishes(sr, state, v, rechecker(state, options)))


def network_result(sr: StepReading, state: State, options) -> Result:
    """The verdict on a network step, with the weight convention it establishes."""
    recheck = rechecker(state, options)
    v = check_network(sr, state, options, recheck)
    return Result(v, establishes(sr, state, v, recheck))


def establishes(sr: StepReading, state: State, v: Verdict, recheck) -> tuple:
    """A step verified correct that names weights and fails under every other convention of
    the weights establishes the book's convention for the problem (an update), else ()."""
    if v.verdict == "correct" and established(state) is None and sr.reading is not None and \
            names_weights(sr) and fails_in_every_weight_convention(sr, recheck):
        return (SettingDefined(WEIGHTS, (BOOK, getattr(sr.step, "line", None))),)
    return ()


def check_network(sr: StepReading, state: State, options, recheck=None) -> Verdict:
    v = front_end(sr, state, options)
    if v is None:
        return Verdict.unchecked(Cause.UNSUPPORTED, "network notation that the grader cannot read yet")
    if v.verdict == "incorrect":
        recheck = recheck or rechecker(state, options)
        v = weigh_conventions(sr, state, v, recheck)
        both = v.verdict == "incorrect" and einstein_fails(sr, recheck)
        why = "" if v.verdict != "incorrect" else cannot_accuse(sr, state, v, recheck,
                                                                   einstein_refuted=both or einstein_plain(sr))
        if why:
            return Verdict.unchecked(Cause.AMBIGUOUS, why,
                                     notes=(Note(NoteKind.READER_FOUND, f"the notation reader found: {v.reason}"),))
        if both and BOTH_SUMS not in v.reason:
            v = replace(v, reason=f"{v.reason} ({BOTH_SUMS})")
        v = named(v, sr, state)  # an accusation under the weight convention the file established names it
        v = facts_named(v, _parts(sr), SETTING_NAMES)  # plain algebra linear in y: it fails at a one-hot y too
    return v


def einstein_fails(sr: StepReading, recheck) -> bool:
    """The step repeats an index within a term, and fails with an implied sum over it
    (Einstein notation) too (:func:`symcheck.notation.readings.einstein_reading`)."""
    from ..notation.readings import einstein_refuted

    return sr.reading is not None and einstein_refuted(sr.reading, recheck)


def einstein_plain(sr: StepReading) -> bool:
    """The implied-sum reading of the step sums nothing: it is the plain one
    (:func:`symcheck.notation.readings.einstein_is_plain`)."""
    from ..notation.readings import einstein_is_plain

    return sr.reading is not None and einstein_is_plain(sr.reading)


def book_convention(state: State) -> bool:
    """The write-up has established the book's convention of the weights."""
    return (established(state) or (None,))[0] == BOOK


def weigh_conventions(sr: StepReading, state: State, v: Verdict, recheck) -> Verdict:
    """A shape failure under the other plausible readings of the step
    (:func:`.readings_checked.other_outcomes`: the other conventions of the weights, column
    vectors side by side as an outer product): it stands when the step fails under every one,
    or under every one that keeps the book's convention of the weights when the write-up has
    established it on an earlier line (a step correct under it and wrong under every other);
    otherwise the step is unchecked (ambiguous), naming what each reading gives."""
    if v.check is None or not v.check.is_shape:
        return v
    outcomes = other_outcomes(sr, recheck)
    if not outcomes:
        return v  # None: not weighed here (cannot_accuse leaves it unchecked); []: no other reading
    def said(rows):
        return "; ".join(f"{', '.join(labels)}: {o.verdict}" for labels, _, o in rows)
    if all(o.verdict == "incorrect" for _, _, o in outcomes):
        return replace(v, reason=f"{v.reason} (fails under every reading tried: as written, with the book's "
                                 f"convention of the weights; {said(outcomes)})")
    book = established(state)
    if book_convention(state) and all(o.verdict == "incorrect" for _, kept, o in outcomes if kept):
        return replace(v, reason=f"{v.reason} (with the weights as this write-up has them, the book's convention, "
                                 f"{book[1]}; {said(outcomes)})")
    return Verdict.unchecked(Cause.AMBIGUOUS, "the readings disagree: as written, with the book's convention of "
                                              f"the weights: incorrect; {said(outcomes)}",
                             notes=(Note(NoteKind.READER_FOUND, f"the notation reader found: {v.reason}"),))


# --- the accusation policy ------------------------------------------------------------------
def _plain_symbols(e):
    """Free symbols outside layered quantities (the a of a^l is not a plain a)."""
    from ..notation import vocab as V

    inner = {q: sp.Dummy() for q in e.atoms(V.Q, V.Comp)}
    return (e.xreplace(inner) if inner else e).free_symbols


def _parts(sr: StepReading):
    return [p for p in (sr.reading.parts if sr.reading is not None else ()) if isinstance(p, sp.Basic)]


def _meaningful(e) -> bool:
    """δ, ∂, ∇, σ, Σ, d/dz, the cost C, a transpose: something with a meaning of its own."""
    from ..notation import vocab as V

    if not isinstance(e, sp.Basic):
        return False
    if V.is_network(e) or e.has(sp.Derivative, sigmoid, V.SigmaD, V.ExampleSum, V.IndexSum, sp.Sum):
        return True
    return any(getattr(s, "name", "").split("_")[0] == "C" for s in e.free_symbols)


SETTING_NAMES = ("a", "y", "t", "p", "o", "q", "h", "s", "yhat", "ŷ")  # outputs, targets, probabilities


def _setting_letters(parts, source: str = "") -> bool:
    """Plain algebra that names an output, a target or a probability (a, y, ŷ, p, t, ...)."""
    from ..notation.equality import tokens

    if any(t.kind == "letter" and t.text in SETTING_NAMES for t in tokens(source or "")):
        return True
    for p in parts:
        for s in p.free_symbols:
            base = getattr(s, "name", "").split("_")[0].split("[")[0].lstrip("\\").replace("hat", "")
            if base.rstrip("~'") in SETTING_NAMES or getattr(s, "name", "").startswith(("hat", "yhat")):
                return True
        if any(str(x.base.label).split("_")[0].replace("hat", "").rstrip("~'") in SETTING_NAMES
               for x in p.atoms(sp.Indexed)):
            return True
    return False


def _setting_bound(parts, source: str = "") -> bool:
    """Plain algebra that a fact of the setting can bear on: it names an output, a target or a
    probability (a, y, ŷ, p, t, ... a one-hot y, Σ_j a_j = 1, a = z for linear neurons) or a
    function the write-up does not define (g, f: the setting's activation). Algebra in other
    names (σ, ∇C, Δv, η, x ⊙ y) holds or fails whatever the setting. The letters of the
    ``source`` count too (a^0 read as a power is no longer a symbol of the reading)."""
    if _setting_letters(parts, source):
        return True
    return any(p.atoms(sp.core.function.AppliedUndef) - {f for f in p.atoms(sp.core.function.AppliedUndef)
                                                        if type(f).__name__ in ("Partial",)} for p in parts)


def _unmodelled_derivative(sr: StepReading) -> str:
    """A derivative whose shape the reader cannot be sure of: with respect to a
    plain a, z, w... with no layer, or of one component with respect to a whole vector."""
    from ..notation import vocab as V

    for p in _parts(sr):
        for g in p.atoms(V.Grad):
            target = g.args[0]
            if isinstance(target, sp.Symbol) and target.name in ("a", "b", "x", "y", "z", "w"):
                return "a derivative with respect to a plain variable with no layer: its shape is ambiguous"
        for d in p.atoms(sp.Derivative):
            wrt = [v for v, _ in d.variable_count]
            if any(isinstance(v, sp.Symbol) and v.name in ("a", "b", "x", "y", "z", "w") for v in wrt):
                return "a derivative with respect to a plain variable with no layer: its shape is ambiguous"
            if isinstance(d.expr, sp.core.function.AppliedUndef) and "[" in type(d.expr).__name__:
                return ("a derivative of one component with respect to a whole vector (a row of a Jacobian), "
                        "which the notation reader does not model")
    return ""


def _names_the_row(e, state: State) -> bool:
    """A plain name or an indexed name (not a network quantity) the write-up has not defined."""
    if isinstance(e, sp.Indexed):
        name = str(e.base.label)
    elif isinstance(e, sp.Symbol):
        name = e.name
    else:
        return False
    return name not in state.definitions and name not in state.env and name not in state.functions


def cannot_accuse(sr: StepReading, state: State, v: Verdict, recheck=None, einstein_refuted: bool = False) -> str:
    """Why a failed check of the meaning layer is not an accusation here ("" if it is one).
    ``recheck`` (reading -> Verdict) checks the readings :mod:`.readings_checked` weighs;
    ``einstein_refuted``: the step fails with an implied sum over its repeated indices too."""
    from ..notation import vocab as V

    from ..notation.ambiguity import other_reading
    from ..notation.readings import WHOLE, whole_vector_reading
    from ..notation.gradients import plain_vectors
    from ..notation.vectors import CHANGE, STEP

    if v.check is CheckKind.SEMANTICS:  # decided under every reading and convention (notation.indices)
        return ""
    from .abbreviations import abbreviated
    from .setting_coherence import modified_out_of_force
    from .setting_points import facts_cannot_save

    short = abbreviated(getattr(sr.step, "intro", "") or "", sr.source)
    if short:  # "we write w_{kj} for ∂C/∂w_{kj}": read literally, a row of such a display fails
        return f"the text writes {short} for ∂C/∂{short} in this display, so its literal reading is not accused"
    parts = _parts(sr)
    shape = v.check is not None and v.check.is_shape
    why = other_reading(sr.source, parts, shape, einstein_refuted)
    if why:
        return why
    if shape and sr.reading is not None and recheck is not None:
        whole = whole_vector_reading(sr.reading)
        if whole is not None and recheck(whole).verdict != "incorrect":
            return f"the readings disagree: as written the shapes do not fit; {WHOLE}: {recheck(whole).verdict}"
    if shape and state.defined_setting.get("neurons") and not components_only(sr) and \
            not fails_with_one_neuron(sr, state, recheck):
        return "the text works with layers of a single neuron, where a^l, δ^l and w^l may be numbers: the shapes " \
               "are not compared"
    if shape and any(getattr(q, "qname", "") == "w" for p in parts for q in p.atoms(V.Q, V.Comp)) and \
            not weighable(sr, recheck) and not fails_under_established(sr, state, recheck):
        return ("weights indexed the other way (w_{jk} from neuron j to neuron k) are a convention write-ups "
                "use: under it the shapes differ from the book's, so they are not compared")
    plain = any(getattr(s, "name", None) in PLAIN for p in parts for s in _plain_symbols(p))
    vector_ops = any(p.has(V.Grad, V.Had, V.T) for p in parts)
    if shape and plain and vector_ops:
        return "plain a, y, x or z without a layer: vector or number is ambiguous, so the shapes are not compared"
    if shape:
        why = _unmodelled_derivative(sr)
        if why:
            return why
    network = any(p.has(V.Q, V.Comp, V.Grad) for p in parts)  # layered: what the settings' networks model
    # a network step: the settings named in its problem or the prose before it (one named later does not
    # reach back); plain algebra: those the whole write-up names
    setting = [t for t in NON_DEFAULT if t in (state.topics + " " + (state.said if network else state.setting)).split()]
    if setting and not shape and not network and not _setting_letters(parts, sr.source) and recheck is not None \
            and fails_for_every_activation(sr.reading, tuple(setting), recheck):
        return ""  # the only link to the setting is its activation (g'(z)), and it fails under each one named
    # a modified neuron is its own problem's (or the prose before the step in it): an exercise that modified
    # one neuron earlier does not make a later exercise's network one the checks cannot model
    # plain algebra linear in one family (y, a, ŷ) alone: no fact of the setting makes it hold (.setting_points)
    free = not shape and not network and facts_cannot_save(parts, v, SETTING_NAMES)
    if setting and not shape and not free and (network and any(t in UNMODELLED and t in state.topics.split()
                                                               for t in setting) and
                                               not modified_out_of_force(getattr(state, "scope", "")) or
                                               not network and _setting_bound(parts, sr.source)):
        # network steps are checked in every setting the text allows (grade/settings.py); plain algebra in
        # a, y without layers may rest on a fact of the setting (a one-hot y, Σ a_j = 1) that it does not know
        return (f"the text works with {', '.join(setting)}: plain algebra may rest on a fact of that setting "
                "(a one-hot y, Σ_j a_j = 1) that its random points do not respect" if not network else
                f"the text works with {', '.join(setting)}, a setting the random networks of the check do not "
                "model")
    if not shape and not network and not free and _setting_letters(parts, sr.source) and one_hot(state):
        return ("the text makes y one-hot: plain algebra in y may rest on that (Σ_i y_i = 1, y_i y_j = 0 for i ≠ j), "
                "which its random points do not respect")
    lhs = parts[0] if parts else None
    if sr.step.link and len(parts) == 2 and _names_the_row(parts[1], state):
        return "a chain that ends by naming its result (a name not defined before): a definition, not a claim"
    if sr.step.link:
        if sr.rel in INEQUALITIES and not _meaningful(lhs) and getattr(lhs, "free_symbols", None):
            return "a bound in a condition on unknowns, not an identity"
        return ""
    if sr.rel == "=" and not sr.step.link and parts and all(plain_vectors(p) for p in parts) and not any(
            getattr(x, "name", "") in state.definitions for p in parts for x in p.free_symbols):
        # as in plain algebra: an equation in vectors the write-up does not define (−‖u‖‖v‖ = u·v when u = −αv)
        return "an equation in vectors the write-up has not defined: a condition on them, not an identity"
    if sr.rel == "~" and any(getattr(x, "name", "") in (CHANGE, STEP) for x in getattr(lhs, "free_symbols", ())):
        return ""  # ΔC ≈ …, C(v + Δv) ≈ …: the first-order model of the change of C, not a definition or condition
    if not is_single(lhs) and any(p.has(sp.Piecewise) for p in parts):
        return ""  # a definition by cases compared with a formula: an identity, checked branch by branch
    if ((is_single(lhs) and not fixed_meaning(lhs, state, parts[-1]) and not defined_as_error(lhs, state)) or
            (sr.rel in INEQUALITIES and not _meaningful(lhs))) \
            and not ill_formed(sr, recheck, book_convention(state)):
        return "a definition or condition in the write-up's own terms, not an identity to check"
    if not _meaningful(lhs) and getattr(lhs, "free_symbols", None):
        return "an equation in unknowns (a condition, not an identity)"
    return ""


# --- plain algebra in the setting's activation (g, f undefined): decided under each one named ------------
_SCALAR_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
ACTIVATION_NAMES = ("g", "f", "h", "phi", "varphi", "φ")  # the letters write-ups give an activation function


def _activation(name: str):
    import sympy as sp

    from ..symbolic import sigmoid

    x = sp.Dummy("x", real=True)
    body = {"sigmoid": sigmoid(x), "tanh": sp.tanh(x), "linear": x,
            "relu": sp.Piecewise((sp.Integer(0), x < 0), (x, True))}[name]
    return sp.Lambda(x, body)


def fails_for_every_activation(reading, words: tuple, recheck) -> Optional[str]:
    """The activations tried (", "-joined) when the plain-algebra ``reading`` whose only link to
    the setting is a function the write-up leaves undefined (``g'(z)``, ``f(z)``: its activation)
    fails with that function replaced by each activation the text names and by the sigmoid
    (``words``: setting words; a softmax or a "modified" neuron, which may be any function, decide
    nothing); else None. ``recheck(reading)`` is the verdict on a reading."""
    import sympy as sp

    if set(words) - set(_SCALAR_ACTIVATIONS) - set(COSTS_NAMED):
        return None
    parts = [p for p in reading.parts if isinstance(p, sp.Basic)]
    applied = {f for p in parts for f in p.atoms(sp.core.function.AppliedUndef)}
    functions = {type(f) for f in applied}
    if not functions or len(parts) != len(reading.parts) or any(len(f.args) != 1 for f in applied) or \
            any(f.__name__ not in ACTIVATION_NAMES for f in functions):  # C(a), L(y): a cost, not an activation
        return None
    from .setting_points import differs

    arguments = {a for f in applied for a in f.args if isinstance(a, sp.Symbol)}
    tried = ["sigmoid"] + [a for a in _SCALAR_ACTIVATIONS[1:] if a in words]
    for name in tried:
        act = _activation(name)
        subs = {f: act for f in functions}
        try:
            new = tuple(p.subs(subs).doit() for p in parts)
        except (TypeError, ValueError, NotImplementedError):
            return None
        v = recheck(replace(reading, parts=new, alternatives=())).verdict
        if v != "incorrect" and not (v == "unchecked" and len(new) == 2 and differs(new, arguments)):
            return None  # ("1 = z" with g linear is no definition of z: the sides compared at points)
    return ", ".join(tried)
