"""The public face of the front end: ``read``, ``Reading``, ``Context`` and the checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Optional

from ..errors import ParseError
from .reading import RELATION_NAMES, Reading  # noqa: F401 -- re-exported: the public face


@dataclass(frozen=True)
class Context:
    """What a check assumes. ``activation`` and ``cost`` name entries of
    :data:`symcheck.core.ACTIVATIONS` / :data:`symcheck.core.COSTS`;
    ``output`` the output layer's activation when it differs (e.g. "softmax",
    "linear"; default: the same as ``activation``);
    ``domains`` maps plain symbol names to (low, high) for numeric points;
    ``given`` maps symbol names to values defined earlier in a document
    (numbers or SymPy expressions); ``index_conditions`` the conditions on free
    indices the step states (``Ne(k, j)``, :mod:`.conditions`): the step is
    checked only where they hold; ``target_index`` the index letter that names the
    true class (a write-up's ``C = -\\ln a^L_j``): the networks' targets are then
    one-hot at the value that index takes; ``defined`` maps names to the scalar
    expressions a write-up defined them as (``C = C_0 + λ/2n Σ_w w²``), read when a
    step differentiates the name as a function (∂C/∂w, :mod:`.quantify`); ``neurons`` 1 when the
    text has established networks of one neuron per layer written with scalars (:mod:`.one_neuron`):
    steps are then read that way and checked on such networks."""

    activation: str = "sigmoid"
    cost: str = "quadratic"
    output: Optional[str] = None
    seed: int = 0
    trials: int = 8
    domains: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    given: Mapping[str, Any] = field(default_factory=dict)
    index_conditions: tuple = ()
    target_index: Optional[str] = None
    layout: Optional[int] = None   # the Jacobian layout the text states (derivatives.NUMERATOR / DENOMINATOR)
    defined: Mapping[str, Any] = field(default_factory=dict)
    neurons: Optional[int] = None  # 1: the text established one neuron per layer (.one_neuron), read as scalars
    numbered_layers: bool = False  # the text established z^2 as layer 2 (.layer_labels): that reading is the convention
    step_length: bool = False      # the text states that the step Δv has length ε ("Δv of length ε"): ε = ‖Δv‖
    output_size: Optional[int] = None  # the number of output units the text states (K = 3): the networks have that many


def read(latex: str, *, ocr: bool = False) -> Reading:
    """Read one math string. Raises :class:`ParseError` (reason, source,
    position) when it cannot be read; never an ANTLR or SymPy traceback.

    ``ocr``: the string comes from an OCR'd document, so Greek look-alikes
    with numeric scripts (``\\alpha_2^2``) are read as the network quantity
    they resemble (a^2_2). The grader sets it; ``symcheck check`` does not.
    """
    if not isinstance(latex, str):
        raise ParseError("not a string", repr(latex)[:80], None)
    return _read_cached(latex, bool(ocr))


def clear_cache() -> None:
    """Forget every cached reading (for timing)."""
    _read_cached.cache_clear()


MAX_ALTERNATIVES = 8      # other readings of one ambiguous string, at most


@lru_cache(maxsize=4096)
def _read_cached(latex: str, ocr: bool = False) -> Reading:
    from .preprocess import check_bounds, strip_label, tokenize

    check_bounds(latex)
    skip, label = strip_label(latex)
    options = frozenset({"ocr"}) if ocr else frozenset()
    try:
        toks = tokenize(latex, skip)
        parts, rels, leading, st = _read_once(latex, toks, options, {})
        if label:
            st.notes.insert(0, f"label {label!r} dropped")
    except ParseError as err:
        from .cursor import State

        st = State(latex)
        alt = _fallback(latex[skip:], err, st)
        if alt is None:
            raise
        parts, rels, leading = alt
    except RecursionError:
        raise ParseError("nested too deeply to read", latex[:80], None) from None
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        # SymPy refusing a construction: report it as unreadable, with the reason
        raise ParseError(f"cannot build this expression ({type(exc).__name__}: {str(exc)[:80]})", latex, None) from None
    prose = " ".join(st.prose).strip()
    if not st.ambiguities:
        return Reading(latex, tuple(parts), tuple(rels), tuple(st.notes), prose, leading)
    ambiguities = tuple((what, labels) for _, what, labels, _ in st.ambiguities)
    chosen = tuple(labels[0] for _, _, labels, _ in st.ambiguities)
    established = all(est for *_, est in st.ambiguities)
    others = []
    for choice in _combinations(st.ambiguities):
        try:
            p2, r2, l2, st2 = _read_once(latex, toks, options, choice)
        except (ParseError, RecursionError, TypeError, ValueError, AttributeError, IndexError):
            continue  # this reading of the string cannot be read: not a plausible reading
        names = tuple(labels[choice.get(key, 0)] for key, _, labels, _ in st.ambiguities)
        others.append(Reading(latex, tuple(p2), tuple(r2), tuple(st2.notes), prose, l2, chosen=names,
                              established=False))
    return Reading(latex, tuple(parts), tuple(rels), tuple(st.notes), prose, leading, ambiguities, tuple(others),
                   chosen, established)


def _read_once(latex, toks, options, choices):
    from .cursor import State
    from .reader import read_statement

    st = State(latex, options=options, choices=dict(choices))
    parts, rels, leading = read_statement(toks, st)
    vectors, indexed = _vector_names(parts), _indexed_names(parts)
    if vectors or indexed:  # read again: these names as (non-commutative) vectors, x_1 beside x_k as x[1]
        st = State(latex, frozenset(vectors), options=options, indexed=frozenset(indexed), choices=dict(choices))
        parts, rels, leading = read_statement(toks, st)
        more = _vector_names(parts) - vectors  # v_{new} = v_{old} + Δv_{old}: a name set equal to a new vector
        if more and vectors:
            vectors |= more
            st = State(latex, frozenset(vectors), options=options, indexed=frozenset(indexed), choices=dict(choices))
            parts, rels, leading = read_statement(toks, st)
        if vectors:
            st.note("plain " + ", ".join(sorted(vectors)) + " read as vectors")
        for name in sorted(indexed):
            st.note(f"{name}_1, {name}_2, ... read as components of the indexed {name} (as {name}_k)")
    from .cost_names import cost_definition

    return cost_definition(parts, rels, st), rels, leading, st  # L = -Σ y ln a^L: a definition of C


def _indexed_names(parts) -> set[str]:
    """Names written both with an index letter (x_k) and with numbers (x_1)."""
    import re

    import sympy as sp

    letters, numbered = set(), set()
    for p in parts:
        if isinstance(p, sp.Basic):
            letters |= {ix.base.label.name for ix in p.atoms(sp.Indexed)}
            numbered |= {m.group(1) for s in p.free_symbols if isinstance(s, sp.Symbol)
                         for m in [re.fullmatch(r"(.+)_\d+", s.name)] if m}
    return letters & numbered


def _combinations(ambiguities):
    """Every choice of readings other than the first, as {key: index}, at most MAX_ALTERNATIVES."""
    import itertools

    ranges = [range(len(labels)) for _, _, labels, _ in ambiguities]
    out = []
    for combo in itertools.product(*ranges):
        if any(combo):
            out.append({a[0]: k for a, k in zip(ambiguities, combo)})
        if len(out) >= MAX_ALTERNATIVES:
            break
    return out


_VECTOR_LETTERS = ("x", "y", "u", "v", "W", "A", "B", "s", "t")


def _vector_names(parts) -> set[str]:
    """Plain names that stand for vectors: operands of ⊙ and ^T, and x, y in
    an equation with layered quantities."""
    import sympy as sp

    from . import vocab

    names: set[str] = set()
    network = False
    for p in parts:
        if not isinstance(p, sp.Basic):
            continue
        network = network or bool(p.atoms(vocab.Q, vocab.Grad))
        for op in p.atoms(vocab.T, vocab.Had, vocab.Norm, vocab.Diag, vocab.InnerProduct,
                             vocab.OuterProduct):
            for arg in op.args:
                for f in sp.Mul.make_args(arg):
                    if isinstance(f, sp.Symbol) and f.name in _VECTOR_LETTERS:
                        names.add(f.name)
        for m in p.atoms(sp.Mul):
            if not m.is_commutative:
                names |= {f.name for f in m.args if isinstance(f, sp.Symbol) and f.name in _VECTOR_LETTERS}
    names |= _added_to_steps(parts)
    for u, v in zip(parts, parts[1:]):
        for s1, s2 in ((u, v), (v, u)):
            if isinstance(s1, sp.Symbol) and isinstance(s2, sp.Basic) and not s2.is_commutative:
                names.add(s1.name)
    if network:
        names |= {s.name for p in parts if isinstance(p, sp.Basic) for s in p.free_symbols} & {"x", "y"}
    return names


def _added_to_steps(parts) -> set[str]:
    """Plain names added to ∇C or a step Δv (v_{old} − η∇C): vectors too."""
    import sympy as sp

    from . import vocab as V

    out: set[str] = set()
    for p in parts:
        for add in (p.atoms(sp.Add) if isinstance(p, sp.Basic) else ()):
            if any(t.has(V.Nabla) or any(s.name.startswith("Δ") and not s.is_commutative for s in t.free_symbols)
                   for t in add.args if not t.is_commutative):
                out |= {s.name for t in add.args for s in [t] if isinstance(s, sp.Symbol) and not s.name.startswith("Δ")}
    return out


# Constructs outside the notation that latex2sympy2_extended reads correctly;
# only these are handed to it, and the reading says so.
_FALLBACK_OK = ("int",)


def _fallback(src: str, err: ParseError, st):
    from .cursor import UnsupportedConstruct

    if not (isinstance(err, UnsupportedConstruct) and err.construct in _FALLBACK_OK):
        return None
    import re

    if re.search(r"\\(sigma|delta|partial|nabla|odot|gamma|Sigma)|\^\s*\{?\s*[lLT]", src):
        return None  # network notation: latex2sympy would misread it
    if re.search(r"\\log(?!\s*_)(?![A-Za-z])", src):
        return None  # latex2sympy reads a bare \log as log10, one of two readings (ln, log10): not forced here
    try:
        from latex2sympy2_extended import latex2sympy
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig

        src = re.sub(r"\\(no)?limits(?![A-Za-z])", "", src)
        expr = latex2sympy(src, conversion_config=ConversionConfig(lowercase_symbols=False))
    except Exception:  # noqa: BLE001 -- whatever it raises, the reading is our ParseError
        logging.getLogger(__name__).debug("latex2sympy2_extended fallback failed on %r", src, exc_info=True)
        return None
    import sympy as sp

    if not isinstance(expr, sp.Basic) or expr.has(sp.EulerGamma):
        return None
    from .structures import bounded_doit

    def carry_out(e):
        return e.replace(lambda u: isinstance(u, (sp.Integral, sp.Limit, sp.Product)), lambda u: bounded_doit(u, st))

    st.note("read by latex2sympy2_extended (fallback for a construct outside the notation)")
    if isinstance(expr, sp.Equality):
        return [carry_out(expr.lhs), carry_out(expr.rhs)], ["="], ""
    return [carry_out(expr)], [], ""


def check_equation(lhs, rhs, context: Context = Context()):
    """The meaning of ``lhs = rhs``: a :class:`symcheck.verdict.Verdict`."""
    from .meaning import check_equation as _check

    return _check(lhs, rhs, context)


def check_relation(reading_or_parts, context: Context = Context()):
    """The meaning of a relation ``<, <=, >, >=, !=`` (numeric at points), or of
    a whole :class:`Reading` (each link of its chain; the first failing
    link decides)."""
    from .meaning import check_relation as _check

    return _check(reading_or_parts, context)


def check_reading(reading: Reading, context: Context = Context()):
    """Check every link of a reading; the verdict of the first link that is
    not correct, else correct. An index condition the reading states beside its
    equation (``…, k \\neq j``) restricts the check to where it holds."""
    from dataclasses import replace

    from .conditions import satisfiable, show, split_conditions, with_conditions
    from .meaning import check_reading as _check

    reading, conditions = split_conditions(reading)
    if conditions and not satisfiable(tuple(context.index_conditions) + conditions):
        from ..verdict import Cause, Verdict

        return Verdict.unchecked(Cause.UNSUPPORTED, "the step's conditions on its indices contradict each other")
    v = _check(reading, with_conditions(context, conditions))
    stated = tuple(context.index_conditions) + conditions
    return replace(v, reason=f"{v.reason} (where {show(stated)}, as the step states)") if stated else v


def shape_of(expr) -> str:
    from .shapes import shape_of as _shape

    return _shape(expr)
