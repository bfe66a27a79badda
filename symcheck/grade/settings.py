"""A write-up's setting as a set of candidate readings (issue 12.2).

No setting makes a file unchecked. The networks a step is checked on are
drawn in every setting that agrees with what the problem has said and
defined so far (:func:`candidates`):

- its words name the activations (sigmoid, tanh, ReLU, "linear output /
  neurons / units"), a softmax output layer, and the costs (quadratic,
  cross-entropy, log-likelihood); what it names is the candidate set, with
  sigmoid kept beside tanh/ReLU/softmax only when the words name it too;
  without such words, the book's default (sigmoid, the document's cost or
  the quadratic);
- its definitions narrow that set (:func:`setting_updates`): ``C = −ln a^L_j``
  is the log-likelihood with j the true class, ``C = …`` any other cost the
  random networks confirm, ``a^L_j = e^{z^L_j}/Σ_k e^{z^L_k}`` the softmax
  output, ``a^l = tanh(z^l)`` the activation.

A step (:func:`check_under_settings`) is **correct** when it holds under every candidate, **incorrect**
when it fails under every one (the first counterexample, the settings tried named; a setting whose cost is
not defined on its outputs, :mod:`.setting_coherence`, saves nothing), and otherwise **unchecked (ambiguous)**.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Optional

from ..core import ACTIVATIONS
from ..core import COSTS as COST_REGISTRY
from ..verdict import Cause, CheckKind, Verdict
from .setting_coherence import fails_where_defined, refutes_or_undefined, softmax_output
from .setting_words import SETTING_WORDS, named

HIDDEN = tuple(a for a in ACTIVATIONS if a != "softmax")  # softmax is an output layer only
COSTS = tuple(COST_REGISTRY)
MAX_SETTINGS = 6
ERRORS = ("delta", "Delta")  # δ^l, and Δ^l: a mini-batch's errors, one column per example

# phrases that establish the output layer, not only mention it
_SOFTMAX_LAYER = re.compile(r"softmax (?:output )?layer|softmax output|output layer (?:is|uses|of) (?:a )?softmax|"
                            r"softmax activation|softmax neurons")
_LINEAR_OUTPUT = re.compile(r"\blinear output|output layer (?:is|of) linear|linear neurons in the output")
_SIGMOID_OUTPUT = re.compile(r"sigmoid (?:output|neurons?|layers?|units?|activations?)|output layer (?:is|of) sigmoid")


@dataclass(frozen=True)
class Setting:
    """One candidate reading of the setting: hidden activation, output activation, cost."""

    activation: str = "sigmoid"
    output: Optional[str] = None
    cost: str = "quadratic"

    def label(self) -> str:
        out = self.output or self.activation
        acts = self.activation if out == self.activation else f"{self.activation} with a {out} output layer"
        return f"{acts}, {self.cost} cost"


@dataclass(frozen=True)
class SettingDefined:
    """The problem defines part of its setting: ``key`` ("cost", "output", "activation",
    "target") is one of ``values`` (a tuple)."""

    key: str
    values: tuple

    def apply(self, st) -> None:
        st.defined_setting = {**st.defined_setting, self.key: self.values}


def candidates(state, default_activation: str = "sigmoid", local: bool = False) -> tuple:
    """The settings that agree with the problem's words and its definitions so far. Words
    that only mention a setting add it beside the book's default; a phrase that establishes
    the output layer ("a softmax output layer", "linear output") replaces it; a definition
    narrows every part it defines. Costs: those the problem names, and the document's.

    ``local``: as a reader scopes them (:func:`scope_after`): the setting named by the prose in
    force (``state.scope``) decides the part it names (the cost; the activations and output
    layer), the problem's words the rest, and the document's cost is added only when neither
    names a cost."""
    words = getattr(state, "words", "") or ""
    said = named(words) | set((state.topics or "").split())
    layer_words, layer_said, cost_said, doc_cost = words, said, said, state.cost
    if local:
        scope = getattr(state, "scope", "") or ""
        in_scope = named(scope)
        if in_scope & set(COSTS):
            cost_said = in_scope
        if cost_said & set(COSTS):
            doc_cost = None  # the section names its cost: the file's other costs are not its setting
        if in_scope - set(COSTS):
            layer_words, layer_said = scope, in_scope
    return _settings(layer_words, layer_said, cost_said, doc_cost, getattr(state, "defined_setting", {}) or {},
                     default_activation, local, layer_words is not words)


def _settings(words: str, said: set, cost_said: set, doc_cost, defined: dict, default_activation: str,
              local: bool = False, scoped: bool = False) -> tuple:
    """The candidate settings from the words that name the layers (``words``, their names
    ``said``) and the costs (``cost_said``); ``scoped``: ``words`` is the prose in force."""
    hidden = [default_activation] + [a for a in ("tanh", "relu") if a in said]
    if re.search(r"\blinear (?:neurons?|activations?|units?)\b", words):
        hidden.append("linear")
    hidden = list(defined.get("activation", hidden))
    outputs: list = [None]  # an establishing phrase narrows only when the words name no other output layer
    if "softmax" in said:  # the prose in force naming softmax and no other layer: its output layer
        alone = (scoped and not {"linear", "sigmoid"} & said or _SOFTMAX_LAYER.search(words)) \
            and not _SIGMOID_OUTPUT.search(words) and "linear" not in said
        outputs = ["softmax"] if alone else [None, "softmax"]
    if "linear" in said:
        alone = _LINEAR_OUTPUT.search(words) and "sigmoid" not in said and "softmax" not in said
        outputs = ["linear"] if alone else outputs + ["linear"]
    outputs = list(defined.get("output", outputs))
    costs = [c for c in COSTS if c in cost_said]
    if doc_cost and doc_cost not in costs:
        costs.append(doc_cost)
    costs = list(defined.get("cost", costs or ["quadratic"]))
    if "log-likelihood" in costs and "softmax" not in outputs and "output" not in defined:
        # the book pairs the log-likelihood with a softmax output layer: the scope's only one when it names none
        outputs = ["softmax"] if local and costs == ["log-likelihood"] and outputs == [None] else outputs + ["softmax"]
    if "softmax" in outputs and "cross-entropy" in costs and "log-likelihood" not in costs and "cost" not in defined:
        # "softmax + cross-entropy": the categorical cross-entropy, -Σ y ln a; the only one in a scope of softmax alone
        costs = ["log-likelihood"] if local and outputs == ["softmax"] and costs == ["cross-entropy"] else \
            costs + ["log-likelihood"]
    out = []
    for act, output, cost in itertools.product(dict.fromkeys(hidden), dict.fromkeys(outputs), dict.fromkeys(costs)):
        s = Setting(act, None if output == act else output, cost)
        if s not in out:
            out.append(s)
    return tuple(out[:MAX_SETTINGS])


# the text says y is one-hot: its entries are 0 but one 1, the index of that 1 being the true class
SAID_ONE_HOT = r"one[- ]hot|(?:only|all|entirely) (?:of )?(?:\$?0\$?'?s?|zeros?) (?:and|or) (?:\$?1\$?'?s?|ones?)\b"
_ONE_HOT = re.compile(SAID_ONE_HOT + r"|(?:correct|true|target) (?:class|label|digit|category)")


def one_hot(state, setting: Optional[Setting] = None) -> bool:
    """The target y is one-hot in ``setting``: the problem's words say so, or its cost is the
    log-likelihood (``-ln a^L_ỹ``, whose y is one-hot by definition). Without a setting: in
    every setting the text allows here."""
    if _ONE_HOT.search(getattr(state, "words", "") or ""):
        return True
    if setting is not None:
        return setting.cost == "log-likelihood"
    return all(s.cost == "log-likelihood" for s in candidates(state, local=True) + candidates(state))


def context_for(setting: Setting, state, options, reading=None):
    from .. import notation
    from ..notation.derivatives import layout_for
    from ..notation.gradients import step_definitions, step_length_stated
    from .step_conditions import as_relations, true_class

    target = (getattr(state, "defined_setting", {}) or {}).get("target")
    found = tuple(getattr(state, "index_conditions", ()))
    label = true_class(found, reading) if one_hot(state, setting) else None  # the hot index ỹ of a one-hot y
    aim = target[0] if target and setting.cost == "log-likelihood" else label
    return notation.Context(activation=setting.activation, output=setting.output, cost=setting.cost,
                            seed=options.seed, trials=options.trials, domains=dict(state.domains),
                            given={**step_definitions(state.definitions), **state.env}, index_conditions=as_relations(
                                found, reading, label),
                            target_index=aim,
                            layout=layout_for(getattr(state, "words", "") or "", getattr(state, "layout", None)),
                            defined=dict(state.definitions), neurons=getattr(state, "neurons", None),
                            numbered_layers=getattr(state, "numbered_layers", False),
                            step_length=step_length_stated(getattr(state, "words", "") or ""))


def check_under_settings(reading, state, options) -> Verdict:
    """The verdict on ``reading`` over the candidate settings (see the module docstring); a step
    whose introducing prose puts a condition the check does not model on one of its free indices
    is not accused."""

    from .step_conditions import restricting, true_class, unmodelled

    v = _over_settings(reading, state, options)
    found = tuple(getattr(state, "index_conditions", ()))
    label = true_class(found, reading) if one_hot(state) else None  # ỹ of a one-hot y: modelled in every setting
    loose = unmodelled(found, reading, label)
    if v.verdict == "incorrect" and loose:  # a quantifier or a fact the text uses restricts nothing
        alone = reading if getattr(state, "prev_expr", None) is None else None  # a row of a chain: its head decides
        loose = unmodelled(restricting(found, lambda r: _over_settings(r, state, options), alone), reading, label)
    if v.verdict == "incorrect" and loose and v.check is CheckKind.SEMANTICS and v.counterexample:
        sides = [set(v.counterexample.get(k, ())) for k in ("lhs free indices", "rhs free indices")]
        if (sides[0] ^ sides[1]) - set(loose):  # an index free on one side only, which no condition names
            return v
    if v.verdict == "incorrect" and loose:
        return Verdict.unchecked(Cause.AMBIGUOUS, f"the text puts a condition on {', '.join(loose)} that the check "
                                                  f"does not model; without it: {v.reason}")
    return v


def over_settings(reading, state, options) -> Verdict:
    """The verdict on ``reading`` over the candidate settings, with no index condition weighed:
    correct in all, incorrect in all (naming them), else unchecked."""
    return _over_settings(reading, state, options)


def _over_settings(reading, state, options) -> Verdict:
    from .. import notation

    if not reading.is_network:  # plain algebra: σ is the logistic function, whatever the networks use
        plain = Setting(options.activation, None, state.cost or "quadratic")
        return notation.check_reading(reading, context_for(plain, state, options, reading))
    wide = candidates(state, options.activation)
    local = candidates(state, options.activation, local=True)
    if len(wide) == 1 and local == wide:
        return notation.check_reading(reading, context_for(wide[0], state, options, reading))
    verdicts = {s: notation.check_reading(reading, context_for(s, state, options, reading)) for s in local}
    first = verdicts[local[0]]
    tried = "; ".join(s.label() for s in local)
    if {v.verdict for v in verdicts.values()} == {"correct"}:
        where = "every setting the text allows" if local == wide else "the setting the text works in here"
        return replace(first, reason=f"{first.reason} (in {where}: {tried})")
    if refutes_or_undefined(verdicts):  # an accusation: fails in every setting the problem allows (.setting_coherence)
        for s in wide:
            if s not in verdicts:
                verdicts[s] = notation.check_reading(reading, context_for(s, state, options, reading))
    shown = [(s, verdicts[s]) for s in dict.fromkeys(local + tuple(s for s in wide if s in verdicts))]
    kinds = {v.verdict for _, v in shown}
    tried = "; ".join(s.label() for s, _ in shown)
    if kinds == {"incorrect"}:
        return replace(first, reason=f"{first.reason} (fails in every setting the text allows: {tried})")
    if kinds == {"unchecked"} or refutes_or_undefined(dict(shown)):  # where the cost is defined (.setting_coherence)
        return fails_where_defined(shown) or first
    outcomes = "; ".join(f"{s.label()}: {v.verdict}" for s, v in shown)
    return Verdict.unchecked(Cause.AMBIGUOUS, f"the text allows several settings, and they disagree ({outcomes})")


def _scope_ambiguous(e) -> bool:
    """A sum whose summand adds a term free of its index (``Σ_j{w_{kj} a_j + b_k}``: braces do not
    print, so the sum may end before ``+ b_k``)."""
    import sympy as sp

    from ..notation import vocab as V

    for s in e.atoms(V.IndexSum, sp.Sum) if isinstance(e, sp.Basic) else ():
        body, k = (s.args[0], s.args[1]) if isinstance(s, V.IndexSum) else (s.function, s.limits[0][0])
        if isinstance(body, sp.Add) and any(k not in t.free_symbols for t in body.args):
            return True
    return False


def _cost_generic(rhs) -> bool:
    """The right side names the cost only through its gradient or another error (∇_a C, ∂C/∂a^L_j,
    δ^{l+1}) and no target: it holds or fails whatever the cost."""
    import sympy as sp

    from ..notation import vocab as V
    from ..notation.cost_at import at_layer  # ∇C(a^L): the book's ∇_a C

    if not isinstance(rhs, sp.Basic):
        return False
    generic = bool(at_layer(rhs).atoms(V.Grad)) or any(q.qname in ERRORS for q in rhs.atoms(V.Q, V.Comp))
    target = any(q.qname == "y" for q in rhs.atoms(V.Q, V.Comp)) or any(
        getattr(x, "name", "").startswith("y") for x in rhs.free_symbols)
    return generic and not target


def fixed_meaning(lhs, state, rhs=None) -> bool:
    """``δ^L = …``, ``δ^l_j = …`` (a layered δ): the book's error ∂C/∂z, not a name the
    write-up defines, where the problem names its cost or the right side is cost-generic
    (:func:`_cost_generic`); ``z^l = …`` (given its right side ``rhs``, whose sums end where they
    print: :func:`_scope_ambiguous`): the weighted input; ``a^l = …`` for a general layer l in a
    problem whose words name no activation or output layer but the sigmoid, written with σ:
    the activation σ(z^l); ``a^L_j = …`` where the text names the softmax (:func:`softmax_output`). A failure
    in every setting the text allows (and every plausible reading) is then a finding."""
    import sympy as sp

    from ..notation import vocab as V
    from ..symbolic import sigmoid

    if not isinstance(lhs, (V.Q, V.Comp)):
        return False
    if lhs.qname in ERRORS:  # a cost-specific form (a^L - y) only where the problem names or defines its cost
        stated = any(c in named(getattr(state, "words", "") or "") for c in COSTS) or \
            any(k not in DOCUMENT_WIDE for k in (getattr(state, "defined_setting", None) or {}))
        return stated or _cost_generic(rhs)
    if lhs.qname == "z":
        return rhs is not None and not _scope_ambiguous(rhs)
    said = named(getattr(state, "words", "") or "") | set((getattr(state, "topics", "") or "").split())
    general = isinstance(lhs.layer, sp.Basic) and V.L not in lhs.layer.free_symbols and bool(lhs.layer.free_symbols)
    uses_sigmoid = rhs is not None and isinstance(rhs, sp.Basic) and rhs.has(sigmoid)  # not its own f, g or a(·)
    return lhs.qname == "a" and (general and uses_sigmoid and said & set(SETTING_WORDS) <= {"sigmoid"} | set(COSTS)
                                 or softmax_output(lhs, said, rhs))


# --- definitions that narrow the setting --------------------------------------------------------
_KEY_WORDS = {"cost": COSTS, "output": ("softmax", "linear", "sigmoid"), "activation": ("sigmoid", "tanh", "relu")}


# defined once for the whole write-up: the convention of the weights (grade/network.py), and layers of
# one neuron (where a^l, δ^l, w^l are numbers)
DOCUMENT_WIDE = ("weights", "neurons")
_ONE_NEURON = re.compile(r"\b(?:single|one)[- ](?:neuron|node|unit)s?[- ](?:layers?|networks?|case)\b|"
                         r"\b(?:a|one|single) (?:neuron|node|unit) (?:per|in each|in every) layer|"
                         r"\blayers? (?:\w+ ){0,3}(?:of|with|has|have) (?:only )?(?:a )?(?:single|one) (?:neuron|node|unit)\b")


def document_wide(defined: dict) -> dict:
    """The parts of ``defined`` that hold for the whole write-up, not only their problem."""
    return {k: v for k, v in defined.items() if k in DOCUMENT_WIDE}


def document_defined(prose: str) -> dict:
    """What the write-up's prose defines for all of it: ``{"neurons": ("one",)}`` when it works
    with layers of a single neuron ("single-neuron layers", "one neuron per layer")."""
    return {"neurons": ("one",)} if _ONE_NEURON.search((prose or "").lower()) else {}


def still_defined(defined: dict, intro: str) -> dict:
    """The definitions that still hold once the prose ``intro`` is read: prose that names another
    cost (or output layer, or activation) than the one defined moves the text on, and the
    definition of that part no longer narrows the setting."""
    said = named((intro or "").lower())
    out = dict(defined)
    for key, words in _KEY_WORDS.items():
        if key in out and any(w in said and w not in (out[key] or ()) for w in words):
            out.pop(key)
            if key == "cost":
                out.pop("target", None)
    return out


_DEFINES = re.compile(r"\s*(?:C(?:_\{?x\}?)?\s*(?:\(.*\))?|a\s*(?:\^\s*\{?\s*L\s*\}?|\^\s*\{?\s*l\s*\}?)(?:\s*_.*)?|"
                      r"a\s*_\s*\{?\s*[a-z]\s*\}?\s*\^\s*\{?\s*[lL]\s*\}?)\s*")


def setting_updates(step, state, options) -> tuple:
    """What a definition step says about the setting (:class:`SettingDefined` updates): only
    ``C = …``, ``C(a, y) = …``, ``a^L_j = …``, ``a^l = …``, each looked at within the step's time."""
    from ..notation.cost_names import DEFINED_COST

    if step.relation != "=" or step.link or not step.lhs or not (_DEFINES.fullmatch(step.lhs) or
                                                                 DEFINED_COST.fullmatch(step.lhs)):  # L = … (a cost)
        return ()
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    try:
        with time_limit(options.step_seconds):
            return _setting_updates(step, state, options)
    except CheckTimeout:
        return ()


def _setting_updates(step, state, options) -> tuple:
    from .. import notation
    from ..errors import ParseError

    try:
        reading = notation.read(f"{step.lhs} = {step.rhs}")
    except (ParseError, RecursionError):
        return ()
    if len(reading.parts) != 2 or reading.relations != ("=",):
        return ()
    lhs, rhs = reading.parts
    try:
        return _cost_defined(lhs, rhs, reading, state, options) or _layer_defined(lhs, reading, state, options)
    except Exception:  # noqa: BLE001 -- a failed look at a definition leaves the setting as it was, traceback logged
        import logging

        logging.getLogger(__name__).warning("reading the setting from %r failed", step.latex, exc_info=True)
        return ()


def _cost_defined(lhs, rhs, reading, state, options) -> tuple:
    import sympy as sp

    from ..notation import vocab as V

    if isinstance(lhs, sp.core.function.AppliedUndef) and type(lhs).__name__ in ("C", "C_x"):  # C(a, y) = …
        lhs = sp.Symbol("C", real=True)
        reading = replace(reading, parts=(lhs, rhs))
    if not (isinstance(lhs, sp.Symbol) and lhs.name in ("C", "C_x")):
        return ()
    inner = -rhs
    if isinstance(inner, sp.log) and isinstance(inner.args[0], V.Comp) and inner.args[0].qname == "a" \
            and len(inner.args[0].indices) == 1 and inner.args[0].layer == V.L:
        index = inner.args[0].indices[0]
        out = (SettingDefined("cost", ("log-likelihood",)),)
        return out + ((SettingDefined("target", (str(index),)),) if isinstance(index, sp.Symbol) else ())
    held = _holding(reading, state, options, [replace(s, cost=c) for s in candidates(state, options.activation)
                                               for c in COSTS])
    costs = tuple(dict.fromkeys(s.cost for s in held))
    return (SettingDefined("cost", costs),) if costs else ()


def _layer_defined(lhs, reading, state, options) -> tuple:
    from ..notation import vocab as V
    from ..notation.generic_activation import generic_names

    if not (isinstance(lhs, (V.Q, V.Comp)) and lhs.qname == "a"):
        return ()
    if generic_names(reading.parts[1]):  # a^l = g^l(z^l): an activation left open names none, narrows nothing
        return ()
    base = candidates(state, options.activation)
    if lhs.layer == V.L:
        held = _holding(reading, state, options, [replace(s, output=o) for s in base
                                                  for o in ("softmax", "sigmoid", "tanh", "relu", "linear")])
        outputs = tuple(dict.fromkeys(None if s.output == s.activation else s.output for s in held))
        return (SettingDefined("output", outputs),) if outputs else ()
    held = _holding(reading, state, options, [replace(s, activation=a) for s in base for a in HIDDEN])
    acts = tuple(dict.fromkeys(s.activation for s in held))
    return (SettingDefined("activation", acts),) if acts else ()


def _holding(reading, state, options, settings) -> list:
    from .. import notation

    out = []
    for s in dict.fromkeys(settings):
        if notation.check_reading(reading, context_for(s, state, options, reading)).verdict == "correct":
            out.append(s)
    return out

