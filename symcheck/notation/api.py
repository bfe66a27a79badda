"""The public face of the front end: ``read``, ``Reading``, ``Context`` and the checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Optional

from ..errors import ParseError

RELATION_NAMES = ("=", "!=", "<", "<=", ">", ">=", "in", "=>", "<=>", "~", "->", ";")


@dataclass(frozen=True)
class Reading:
    """What a math string was read as.

    ``parts`` are SymPy objects; ``relations[i]`` stands between ``parts[i]``
    and ``parts[i+1]`` (one of RELATION_NAMES: ``";"`` separates two
    statements in one string, e.g. ``γ_1 = 0.01, γ_2 = 0.99``; ``"~"`` is
    ≈; ``"->"`` is → (an update rule); ``"<=>"`` is ⟺). ``leading`` is the relation a continuation line starts
    with (``"= ..."``), else "". ``notes`` lists every assumption or fallback
    the reading used; ``prose`` the dropped ``\\text{...}``.
    """

    source: str
    parts: tuple
    relations: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    prose: str = ""
    leading: str = ""

    @property
    def is_network(self) -> bool:
        from . import vocab

        return any(vocab.is_network(p) for p in self.parts)

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """The notes that are OCR look-alike or latex2sympy fallbacks."""
        return tuple(n for n in self.notes if "look-alike" in n or "fallback" in n)

    def equations(self):
        """(lhs, relation, rhs) for each consecutive pair (not across ``;``)."""
        return [(self.parts[i], r, self.parts[i + 1]) for i, r in enumerate(self.relations) if r != ";"]


@dataclass(frozen=True)
class Context:
    """What a check assumes. ``activation`` and ``cost`` name entries of
    :data:`symcheck.core.ACTIVATIONS` / :data:`symcheck.core.COSTS`;
    ``output`` the output layer's activation when it differs (e.g. "softmax",
    "linear"; default: the same as ``activation``);
    ``domains`` maps plain symbol names to (low, high) for numeric points;
    ``given`` maps symbol names to values defined earlier in a document
    (numbers or SymPy expressions)."""

    activation: str = "sigmoid"
    cost: str = "quadratic"
    output: Optional[str] = None
    seed: int = 0
    trials: int = 8
    domains: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    given: Mapping[str, Any] = field(default_factory=dict)


def read(latex: str) -> Reading:
    """Read one math string. Raises :class:`ParseError` (reason, source,
    position) when it cannot be read; never an ANTLR or SymPy traceback."""
    if not isinstance(latex, str):
        raise ParseError("not a string", repr(latex)[:80], None)
    return _read_cached(latex)


@lru_cache(maxsize=4096)
def _read_cached(latex: str) -> Reading:
    from .preprocess import check_bounds, strip_label, tokenize
    from .reader import Reader, _State

    check_bounds(latex)
    skip, label = strip_label(latex)
    try:
        toks = tokenize(latex, skip)
        st = _State(latex)
        parts, rels, leading = Reader(list(toks), st).statement()
        vectors = _vector_names(parts)
        if vectors:  # read again, with these names as (non-commutative) vectors
            st = _State(latex, frozenset(vectors))
            parts, rels, leading = Reader(list(toks), st).statement()
            st.note("plain " + ", ".join(sorted(vectors)) + " read as vectors")
        if label:
            st.notes.insert(0, f"label {label!r} dropped")
    except ParseError as err:
        st = _State(latex)
        alt = _fallback(latex[skip:], err, st)
        if alt is None:
            raise
        parts, rels, leading = alt
    except RecursionError:
        raise ParseError("nested too deeply to read", latex[:80], None) from None
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        # SymPy refusing a construction: report it as unreadable, with the reason
        raise ParseError(f"cannot build this expression ({type(exc).__name__}: {str(exc)[:80]})", latex, None) from None
    return Reading(latex, tuple(parts), tuple(rels), tuple(st.notes), " ".join(st.prose).strip(), leading)


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
        for op in p.atoms(vocab.T, vocab.Had):
            for arg in op.args:
                for f in sp.Mul.make_args(arg):
                    if isinstance(f, sp.Symbol) and f.name in _VECTOR_LETTERS:
                        names.add(f.name)
        for m in p.atoms(sp.Mul):
            if not m.is_commutative:
                names |= {f.name for f in m.args if isinstance(f, sp.Symbol) and f.name in _VECTOR_LETTERS}
    for u, v in zip(parts, parts[1:]):
        for s1, s2 in ((u, v), (v, u)):
            if isinstance(s1, sp.Symbol) and isinstance(s2, sp.Basic) and not s2.is_commutative:
                names.add(s1.name)
    if network:
        names |= {s.name for p in parts if isinstance(p, sp.Basic) for s in p.free_symbols} & {"x", "y"}
    return names


# Constructs outside the notation that latex2sympy2_extended reads correctly;
# only these are handed to it, and the reading says so.
_FALLBACK_OK = ("integrals", "limits", "products")


def _fallback(src: str, err: ParseError, st):
    if not any(err.reason.startswith(w) for w in _FALLBACK_OK):
        return None
    import re

    if re.search(r"\\(sigma|delta|partial|nabla|odot|gamma|Sigma)|\^\s*\{?\s*[lLT]", src):
        return None  # network notation: latex2sympy would misread it
    try:
        from latex2sympy2_extended import latex2sympy
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig

        expr = latex2sympy(src, conversion_config=ConversionConfig(lowercase_symbols=False))
    except Exception:  # noqa: BLE001 -- whatever it raises, the reading is our ParseError
        return None
    import sympy as sp

    if not isinstance(expr, sp.Basic) or expr.has(sp.EulerGamma):
        return None
    st.note("read by latex2sympy2_extended (fallback for a construct outside the notation)")
    if isinstance(expr, sp.Equality):
        return [expr.lhs, expr.rhs], ["="], ""
    return [expr], [], ""


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
    not correct, else correct. A parenthesised superscript that the reader read
    as a power (``W^{(2)}``) is checked as a layer label too: correct or
    incorrect only when both readings agree (:func:`.ambiguity.combine`)."""
    import sympy as sp

    from .ambiguity import combine, label_source
    from .meaning import check_reading as _check

    v = _check(reading, context)
    if v.verdict == "unchecked" and v.cause == "unparsed":
        return v
    alt = label_source(reading.source) if any(isinstance(p, sp.Basic) and p.atoms(sp.Pow)
                                              for p in reading.parts) else None
    if alt is None:
        return v
    try:
        other = read(alt)
    except ParseError:
        return v if v.verdict != "correct" else combine(v, _check(reading, context).__class__.unchecked(
            "unparsed", "the label reading cannot be read"))
    return combine(v, _check(other, context))


def shape_of(expr) -> str:
    from .shapes import shape_of as _shape

    return _shape(expr)
