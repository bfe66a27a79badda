"""Steps of a plain, unlayered network (:mod:`.plain_layers`) checked on the book's random networks.

Once the file's definitions establish what each letter is (``State.plain``), a step the other checks left
unchecked is written again in the book's layered names — ``∂E_n/∂v_kj = (y_k − t_k) z_j`` becomes
``∂C/∂w^L_{kj} = (a^L_k − y_k) a^{L-1}_j`` — and checked on random networks of the established setting
(the cost, the output, the hidden activation: an activation the write-up names with a letter of its own,
h, is any function, so the step must hold with the sigmoid and with tanh). A step that holds there is
correct, naming the mapping; one that fails at every size tried under every activation tried is incorrect
(:func:`_accused`, with the cases that are never accused or only for an index no reading repairs); anything
else is left as it was, and so is every step of a section whose prose names another setting.

Only what the mapping names is rewritten: a mapped letter written any other way (a bare ``w``, ``y_{nk}``
with another number of indices, ``E`` without the per-sample subscript, ``a^L_j`` with a layer label), any
other letter that is not an index (``N``, ``u`` unless the prose defines it as the softmax's normaliser),
or a command other than those of plain algebra (``\\delta``, ``\\mathbf``) leaves the step as it was. A sum
from 0 or 1 to a named bound (``\\sum_{k=0}^{K-1}``) is the sum over the layer; ``\\sum_x`` with 1/n the
average over the examples; ``v_{kj}(t)`` the parameter's value, and ``v_{kj}(t+1) = v_{kj}(t) − α …`` the
gradient-descent update. A worked example for the number of outputs the text states (K = 3) is checked
with that many outputs when it does not hold at every size.
"""

from __future__ import annotations

import logging
import re
from typing import Optional

from ..verdict import CheckKind, Verdict
from .plain_net import PlainNet
from .reading import StepReading
from .state import State

log = logging.getLogger(__name__)

_LIMITS = re.compile(r"\\sum\s*_\s*\{\s*([A-Za-z])\s*=\s*[01]\s*\}\s*\^\s*(\{[^{}]*\}|[A-Za-z])")
_LETTER = re.compile(r"(?<![\\A-Za-z])([A-Za-z])(?![A-Za-z])(?:\s*_\s*(\{[^{}]*\}|[A-Za-z0-9]))?")
_SUBSCRIPT = re.compile(r"_\s*(\{[^{}]*\}|[A-Za-z0-9])")


def _whole_range(m) -> str:
    upper = m.group(2).strip("{}")
    if not re.search(r"[A-Za-z]", upper):  # a sum to a number is part of a layer, or a layer of that size
        return m.group(0)
    return rf"\sum_{{{m.group(1)}}}"


def _subscripts(group: str) -> tuple:
    inner = group.strip("{}").replace(" ", "")
    if "," in inner:
        parts = tuple(inner.split(","))
    else:
        parts = tuple(inner)
    return parts if all(re.fullmatch(r"[A-Za-z0-9]", p) for p in parts) else ()


_EXAMPLES = re.compile(r"\\sum\s*_\s*(?:x|\{\s*x\s*\})(?![A-Za-z])")
_LABELLED = re.compile(r"\s*\^\s*(?:[A-Za-z(\\]|\{[^{}]*[A-Za-z(])")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_AT_T = re.compile(r"(_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))\s*\(\s*t\s*\)")  # v_{kj}(t): the value at step t
_NEXT = re.compile(r"^\s*([A-Za-z])\s*_\s*(\{[^{}]*\}|[A-Za-z0-9])\s*\(\s*t\s*\+\s*1\s*\)\s*$")
_RATES = ("alpha", "eta")
_COMMANDS = frozenset({*_RATES, "frac", "dfrac", "tfrac", "partial", "sum", "sigma", "tanh", "exp", "log", "ln", "left",
                       "right", "cdot", "times", "quad", "qquad", "prime", "big", "Big", "bigg", "Bigg", "bigl",
                       "bigr", "Bigl", "Bigr", "biggl", "biggr", "displaystyle"})
_HELD = "\\sum_{\\mathrm{EXAMPLES}}"


def _layered(name: str, subs: tuple) -> str:
    joined = "".join(subs)
    if "@" in name:  # a weight indexed from its source first: the book's indices the other way round
        return name.replace("@", "".join(reversed(subs)))
    if "#" in name:
        return name.replace("#", joined)
    return f"{name}_{{{joined}}}" if subs else name


def translate(latex: str, net: PlainNet) -> Optional[str]:
    """The step in the book's layered names, or None when it names something the mapping does not."""
    names = net.layered()
    if any(c not in _COMMANDS for c in _COMMAND.findall(latex)):
        return None  # δ, α, a \rm subscript …: something the mapping does not name
    if net.activation is not None and "sigma" in _COMMAND.findall(latex):
        return None  # σ beside hidden units of another function: the random networks' σ is theirs
    if not net.hidden() and {"sigma", "tanh"} & set(_COMMAND.findall(latex)):
        return None  # the output layer alone: σ names no unit of the file's network
    examples = _EXAMPLES.search(latex) is not None  # Σ_x: the sum over the training examples, kept as it is
    text = _EXAMPLES.sub(lambda m: _HELD, _LIMITS.sub(_whole_range, _AT_T.sub(r"\1", latex)))
    indices = set()
    for m in _SUBSCRIPTS_OF(text):
        indices.update(c for c in m if c.isalpha())
    if examples:
        indices.add("n")  # 1/n beside Σ_x: the number of examples
    out, at, taken = [], 0, set()
    for m in _LETTER.finditer(text):
        letter, group = m.group(1), m.group(2)
        after = text[m.end():m.end() + 2].lstrip()
        subs = _subscripts(group) if group is not None else ()
        if _LABELLED.match(text, m.end()) and letter != "e":
            return None  # a^L_j, w^{(2)}: a layer label (or a power in letters) the mapping does not own
        if group is not None and not subs:
            return None
        if (letter, "".join(subs)) == net.cost_name:
            new = "C"
        elif (letter, len(subs)) in names:
            new = _layered(names[(letter, len(subs))], subs)
            if re.match(r"\s*\^", text[m.end():]):
                new = "{" + new + "}"  # (a^{L-1}_j)^2: a power of the component
        elif group is not None:
            return None  # a subscripted letter the file's network does not define (so)
        elif net.activation == letter and after[:1] in ("(", "'"):
            new = r"\sigma"
        elif net.normaliser is not None and letter == net.normaliser[0]:
            m_ = next(c for c in "mpqrsgh" if c not in taken and
                      not re.search(rf"(?<![\\A-Za-z]){c}(?![A-Za-z])", text))
            taken.add(m_)  # a sum of its own each time: u u is not one index repeated within a term
            new = rf"\left(\sum_{{{m_}}} e^{{z^{{L}}_{{{m_}}}}}\right)"
        elif letter in indices or (letter == "e" and after[:1] == "^"):
            new = letter
        else:
            return None
        out.append(text[at:m.start()])
        out.append(new)
        at = m.end()
    out.append(text[at:])
    done = "".join(out).replace(_HELD, r"\sum_x")
    return re.sub(r"\\tanh(?![A-Za-z])", r"\\sigma", done) if net.activation == "tanh" else done


def _SUBSCRIPTS_OF(text: str):
    for m in _SUBSCRIPT.finditer(text):
        yield m.group(1).strip("{}")


_SAME_COST = {"log-likelihood": {"log-likelihood", "cross-entropy"}, "cross-entropy": {"cross-entropy"},
              "quadratic": {"quadratic"}}


def _elsewhere(net: PlainNet, state: State) -> bool:
    """The prose in force names another setting than the file's network (a section on the quadratic cost,
    on linear outputs): the mapping is not that section's."""
    from .setting_words import named

    words = named((getattr(state, "scope", "") or "").lower())
    costs = words & {"quadratic", "cross-entropy", "log-likelihood"}
    return bool(costs - _SAME_COST[net.cost]) or "linear" in words or \
        ("softmax" in words) != (net.output == "softmax") and bool(words & {"softmax"})


def _update_form(sr: StepReading, net: PlainNet) -> Optional[str]:
    """``P(t+1) = …`` for a mapped weight or bias P: the gradient step ``P − rate ∂C/∂P`` in layered names,
    the rate the one the right side writes (α, η); None otherwise."""
    m = _NEXT.match(sr.lhs_text)
    if m is None:
        return None
    subs = _subscripts(m.group(2))
    name = net.layered().get((m.group(1), len(subs)))
    rates = set(re.findall(r"\\(" + "|".join(_RATES) + r")\b", sr.rhs_text))
    if not subs or name is None or name[0] not in "wb" or len(rates) != 1:
        return None
    p = _layered(name, subs)
    return rf"{p} - \{rates.pop()} \frac{{\partial C}}{{\partial {p}}}"


def _writes_normaliser(net: PlainNet, latex: str) -> bool:
    return net.normaliser is not None and re.search(rf"(?<![\\A-Za-z]){net.normaliser[0]}(?![A-Za-z])", latex) is not None


def _sizes(net: PlainNet, latex: str) -> tuple:
    """The output sizes to check at: any (None), then the one the text states; only the number of terms of
    the normaliser when the step writes it (u = exp(a_0) + exp(a_1) + exp(a_2): three outputs)."""
    if _writes_normaliser(net, latex):
        n = net.normaliser[1]
        return (n,) if n is not None and 2 <= n <= 8 else (None,)
    if net.output_size is not None and not net.output_size[0]:  # one output unit, without an index
        return (net.output_size[1],)
    if net.output_size is None or not re.search(r"_\s*\{?\s*\d", latex):
        return (None,)  # a step in general indices holds at every size
    return (None, net.output_size[1])  # a worked example, components written out: also at the size stated


def _activations(net: PlainNet) -> tuple:
    """The hidden activations to check with: the sigmoid or tanh the file names; a letter of the file's
    own (h) is any function: the sigmoid and tanh."""
    if net.activation in (None, "tanh"):
        return (net.activation or "sigmoid",)
    return ("sigmoid", "tanh")


def plain_confirm(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Correct when the step, in the book's names, holds on random networks of the established setting;
    incorrect when it fails on every one tried (:func:`_accused`); None otherwise."""
    net = getattr(state, "plain", None)
    if net is None or sr.rel != "=" or not sr.lhs_text.strip() or not sr.rhs_text.strip() or _elsewhere(net, state):
        return None
    lhs, rhs = translate(sr.lhs_text, net), translate(sr.rhs_text, net)
    update = _update_form(sr, net)
    if update is not None:
        lhs = update
    if lhs is None or rhs is None or (lhs == sr.lhs_text and rhs == sr.rhs_text):
        return None
    from ..notation.api import Context, check_reading, read

    source = f"{sr.lhs_text} = {sr.rhs_text}"
    try:
        reading = read(f"{lhs} = {rhs}")
        tried = []
        for size in _sizes(net, source):
            verdicts = [check_reading(reading, Context(activation=act, cost=net.cost, output=net.output,
                                                       seed=options.seed, trials=options.trials,
                                                       index_conditions=tuple(state.index_conditions),
                                                       output_size=size))
                        for act in _activations(net)]
            if all(v.verdict == "correct" and v.check == CheckKind.NETWORKS for v in verdicts):
                break
            tried.append((size, verdicts))
        else:
            return _accused(state, net, source, update, tried)
    except Exception:  # noqa: BLE001 -- a reading the networks cannot take is left as the other checks left it
        log.debug("plain network reading not checked: %s = %s", lhs, rhs, exc_info=True)
        return None
    stated = ""
    if size is not None and _writes_normaliser(net, source):
        stated = f" with {size} outputs, as the text's {net.normaliser[0]} has {size} terms"
    elif size is not None and not net.output_size[0]:
        stated = " on networks with one output unit, as the write-up's unit has no index"
    elif size is not None:
        stated = f" with {net.output_size[0]} = {size} outputs, as the text states"
    which = " and ".join(_activations(net))
    if update is not None:
        from .updates import ASSIGNED

        return Verdict.correct(CheckKind.NETWORKS, f"a gradient-descent update, ${sr.lhs_text.strip()}$ read as the "
                               f"new value of ${update.split(' - ')[0]}$ on {net.describe()}{stated}: "
                               f"{verdicts[0].reason}", notes=(ASSIGNED,))
    return Verdict.correct(CheckKind.NETWORKS,
                           f"read on {net.describe()}, as ${lhs} = {rhs}${stated}; hidden activation {which}: "
                           f"{verdicts[0].reason}")


def _one_sided_rate(source: str) -> bool:
    """α or η on one side of the step only: a letter the mapping does not name, unless it is a rate."""
    lhs, _, rhs = source.partition(" = ")
    return any(("\\" + r in lhs) != ("\\" + r in rhs) for r in _RATES)


_SUMMED = re.compile(r"\\sum\s*_\s*\{?\s*([A-Za-z])")


def _captured(source: str) -> bool:
    """A sum over an index the other side leaves free (``∂b_j/∂w_{ji} = ∂/∂w_{ji} Σ_i w_{ji} x_i``): the
    reader's binding of that index is not the only one a reader may give it."""
    lhs, _, rhs = source.partition(" = ")
    for one, other in ((lhs, rhs), (rhs, lhs)):
        free = {c for g in _SUBSCRIPTS_OF(other) for c in g if c.isalpha()}
        if free & set(_SUMMED.findall(one)) - set(_SUMMED.findall(other)):
            return True
    return False


def _unlabelled(source: str, net: PlainNet) -> str:
    """``source`` without the cost's own label (the n of ``E_n``, the cost of one example): a name, not an
    index a case could be stated on."""
    letter, sub = net.cost_name
    if not sub:
        return source
    return re.sub(rf"(?<![A-Za-z\\]){re.escape(letter)}\s*_\s*(\{{\s*{re.escape(sub)}\s*\}}|{re.escape(sub)}(?![A-Za-z]))",
                  letter, source)


def _accused(state: State, net: PlainNet, source: str, update: Optional[str], tried: list) -> Optional[Verdict]:
    """Incorrect when the step, in the book's names, fails at every size tried under every activation tried
    (each with its counterexample); None (left as the other checks left it) otherwise. A step with a
    condition on its indices, a worked example in numbered components checked only at random sizes (it
    may be worked for a size the text does not state), and an update rule whose values differ (a
    write-up may use its own rule) are not accused: only an index that no rule repairs accuses those."""
    verdicts = [v for _, vs in tried for v in vs]
    if not verdicts or state.index_conditions or _captured(source) or any(v.verdict != "incorrect" for v in verdicts):
        return None
    numbered = re.search(r"_\s*\{?\s*\d", source) is not None
    sized = not numbered or any(size is not None for size, _ in tried)  # sizes are no reading's choice here
    # y_i beside y_0: the step may be the case i ≠ 0 its prose states in words the reader does not know
    cases = numbered and any(re.search(r"[A-Za-z]", g) for g in _SUBSCRIPTS_OF(_unlabelled(source, net)))
    for v in verdicts:
        if "fails_at" in (v.counterexample or {}):
            return None  # fails only where two indices coincide (or only where they differ): a case
        if v.check is CheckKind.SEMANTICS or (v.check is CheckKind.EXACT_SHAPE and sized and not cases):
            continue  # an index on one side only, or over two ranges: no rule repairs it
        if update is not None or not sized or cases or _one_sided_rate(source):
            return None
    first = verdicts[0]
    which = " and ".join(_activations(net))
    sizes = ", ".join("random sizes" if size is None else f"{size} outputs" for size, _ in tried)
    example = dict(first.counterexample or {})
    example["activations tried"] = list(_activations(net))
    return Verdict.incorrect(first.check or CheckKind.NETWORKS,
                             f"read on {net.describe()}: fails with hidden activation {which} ({sizes}): "
                             f"{first.reason}", counterexample=example, hint=first.hint)
