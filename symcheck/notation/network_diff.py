"""∂/∂Y applied to an expression of network quantities: ``\\frac{\\partial}{\\partial z^l}(w^{l+1}σ(z^l) + b^{l+1})``.

:func:`differentiate` carries the derivative out by the sum, product and chain rules and
leaves what the expression is made of as exact derivatives between network quantities
(evaluated through the layers by :mod:`.chain`):

- by a component Y (z^l_j, w^l_{jk}; the expression a scalar): a SymPy expression in which
  ∂X/∂Y of each component X it contains is a ``Partial(X, Y)`` node (∂Y/∂Y is 1; a weight or
  bias other than Y contributes 0: parameters are independent);
- by a layered vector Y (z^l, b^l; the expression a vector u of n_u entries): the Jacobian
  ∂u/∂Y in numerator layout (n_u × n_Y): ∂X/∂Y of a quantity X is ``Jacobian(X, Y)``,
  ∂σ(u)/∂Y = Σ'(u) ∂u/∂Y, ∂(M u)/∂Y = M ∂u/∂Y for a factor M that does not depend on Y,
  ∂(u ⊙ v)/∂Y = diag(v) ∂u/∂Y + diag(u) ∂v/∂Y.

Anything else (a plain name whose dependence on Y is not given, a product of two factors
that both depend on Y as matrices, a scalar by a vector) raises :class:`Unsupported`:
the derivative is never guessed and never read as 0.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic import sigmoid
from . import vocab as V
from .base import Unsupported
from .derivatives import NUMERATOR, DerivativeOf, Jacobian

PARAMETERS = ("w", "b")
_ONE_ARG = (sp.exp, sp.log, sp.tanh, sp.sin, sp.cos, sp.sinh, sp.cosh)


def partial(top, wrt):
    """The node ∂top/∂wrt between two components (the reader's ``Partial``)."""
    return sp.Function("Partial", real=True)(top, wrt)


def _constant(e, wrt) -> bool:
    """e does not depend on wrt: no network quantity other than parameters other than wrt,
    and no plain name (whose dependence is not given). Numbers are constants."""
    if not isinstance(e, sp.Basic):
        return False
    for q in e.atoms(V.Q, V.Comp):
        if q.qname not in PARAMETERS or not _other_parameter(q, wrt):
            return False
    plain = {s for s in e.free_symbols if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}
    plain -= {i for q in e.atoms(V.Comp) for i in q.free_symbols} | {s for q in e.atoms(V.Q) for s in q.free_symbols}
    if plain:
        raise Unsupported(f"∂/∂{wrt} of an expression with {', '.join(sorted(map(str, plain)))}: how it depends "
                          f"on {wrt} is not given")
    return True


def _other_parameter(q, wrt) -> bool:
    """The parameter q is certainly not wrt (nor an entry of it): another name, or a layer that
    differs by a nonzero number (b^{l+1} is not b^l; b^L may be b^l, w^l_{jk} may be w^l_{pq})."""
    if q.qname != getattr(wrt, "qname", None):
        return True
    gap = q.layer - wrt.layer
    return bool(gap.is_number and gap != 0)


def differentiate(e, wrt):
    """∂e/∂wrt (see the module docstring): a scalar expression for a component ``wrt``,
    a numerator-layout matrix expression for a layered vector ``wrt``."""
    if isinstance(wrt, V.Comp):
        if not (isinstance(e, sp.Expr) and e.is_commutative):
            raise Unsupported(f"∂/∂{wrt} of a vector or matrix: write it with components")
        return _scalar(e, wrt)
    if isinstance(wrt, V.Q) and wrt.qname != "w":
        if isinstance(e, sp.Expr) and e.is_commutative and not e.atoms(V.Q):
            raise Unsupported(f"∂/∂{wrt} of a scalar (a gradient) is not carried out")
        out = _vector(e, wrt)
        if out is None:
            raise Unsupported(f"∂/∂{wrt} of an expression that does not depend on it")
        return out
    raise Unsupported(f"∂/∂{wrt}: a derivative by something other than a network component or vector")


# --- by a component --------------------------------------------------------------------------
def _scalar(e, wrt):
    if _constant(e, wrt):
        return sp.Integer(0)
    if e == wrt:
        return sp.Integer(1)
    if isinstance(e, V.Comp):
        return partial(e, wrt)
    if isinstance(e, sp.Add):
        return sp.Add(*[_scalar(t, wrt) for t in e.args])
    if isinstance(e, sp.Mul):
        return sp.Add(*[sp.Mul(*e.args[:k], _scalar(f, wrt), *e.args[k + 1:]) for k, f in enumerate(e.args)])
    if isinstance(e, sp.Pow) and _constant(e.exp, wrt):
        return e.exp * e.base ** (e.exp - 1) * _scalar(e.base, wrt)
    if isinstance(e, sp.Pow) and _constant(e.base, wrt):
        return e * sp.log(e.base) * _scalar(e.exp, wrt)
    if isinstance(e, sp.Sum):
        return sp.Sum(_scalar(e.function, wrt), *e.limits)
    if isinstance(e, V.IndexSum):
        return V.IndexSum(_scalar(e.args[0], wrt), e.args[1])
    return _outer(e, wrt) * _scalar(e.args[0], wrt)


def _outer(e, wrt):
    """f'(u) for f(u) of one argument u: σ' (the network's activation), SigmaD of one order more,
    the derivative of an elementary function, g'(u) for a function the text names."""
    if len(getattr(e, "args", ())) == 0:
        raise Unsupported(f"∂/∂{wrt} of {e}: not modelled")
    if isinstance(e, sigmoid):
        return V.SigmaD(e.args[0], sp.Integer(1))
    if isinstance(e, V.SigmaD):
        return V.SigmaD(e.args[0], e.args[1] + 1)
    if isinstance(e, _ONE_ARG) or (isinstance(e, AppliedUndef) and len(e.args) == 1 and type(e).__name__ != "Partial"):
        xi = sp.Dummy("xi")
        return sp.diff(e.func(xi), xi).subs(xi, e.args[0])
    raise Unsupported(f"∂/∂{wrt} of {type(e).__name__}: not modelled")


# --- by a layered vector -----------------------------------------------------------------------
def _vector(e, wrt):
    """∂e/∂wrt (numerator layout), or None when e does not depend on wrt."""
    if _constant(e, wrt):
        return None
    if isinstance(e, V.Q):
        return Jacobian(e, wrt, sp.Integer(NUMERATOR))
    if isinstance(e, sp.Add):
        parts = [d for d in (_vector(t, wrt) for t in e.args) if d is not None]
        return sp.Add(*parts) if parts else None
    if isinstance(e, sp.Mul):
        scalars = [f for f in e.args if f.is_commutative]
        factors = [f for f in e.args if not f.is_commutative]
        if not all(_constant(f, wrt) for f in scalars) or not factors:
            raise Unsupported(f"∂/∂{wrt} of a product with a scalar that depends on it (an outer product)")
        if not all(_constant(f, wrt) for f in factors[:-1]):
            raise Unsupported(f"∂/∂{wrt} of a product of matrices that depend on it")
        inner = _vector(factors[-1], wrt)
        return None if inner is None else sp.Mul(*scalars, *factors[:-1], inner)
    if isinstance(e, sigmoid):
        inner = _vector(e.args[0], wrt)
        return None if inner is None else V.SigmaPrimeDiag(e.args[0]) * inner
    if isinstance(e, V.Had):
        u, v = e.args
        parts = [V.Diag(b) * d for b, d in ((v, _vector(u, wrt)), (u, _vector(v, wrt))) if d is not None]
        return sp.Add(*parts) if parts else None
    raise Unsupported(f"∂/∂{wrt} of {type(e).__name__}: not modelled")


def operator_on(reader, wrt, order: int, t):
    """``\\frac{\\partial}{\\partial Y}`` followed by its operand, for a network quantity Y (a
    component or a layered vector): the operand is the parenthesised or braced group that
    follows (``(…)``, ``\\{…\\}``, ``\\left(…\\right)``: factors after it multiply the
    derivative), or a product followed by nothing more; an operand that is not marked off and is followed by + or - (``∂/∂w w a + b``) has
    two readings of its reach and is refused (ParseError). Returns the derivative carried out
    (a component Y; what cannot be carried out is a ParseError) or a :class:`DerivativeOf`
    node (a vector Y: carried out when evaluated, as vectors or, with one neuron per layer,
    as numbers)."""
    from .build import check_value

    if order != 1:
        reader.fail("a higher derivative by a network quantity", t)
    if not reader.starts_atom():
        reader.fail("∂/∂Y without an expression after it", t)
    grouped = reader.is_("char", "(") or reader.is_("char", "[")
    operand = check_value(reader.postfix() if grouped else reader.product(), reader)
    if not grouped and (reader.is_("char", "+") or reader.is_("char", "-")):
        reader.fail("∂/∂Y followed by a sum that is not in brackets: it may apply to the first term "
                    "or to the whole sum", t)
    if isinstance(wrt, V.Q):  # carried out when evaluated: with one neuron per layer it is a number
        return DerivativeOf(operand, wrt, sp.Integer(NUMERATOR))
    try:
        return differentiate(operand, wrt)
    except Unsupported as exc:
        reader.fail(f"cannot carry out ∂/∂{wrt}: {exc}", t)


def vector_derivative(reader, top, wrt, order: int, t):
    """``\\frac{\\partial X}{\\partial Y}`` of a vector X (not the cost) by a network quantity Y:
    a :class:`Jacobian` for a layered vector X by a layered vector or a component Y (by a
    component, n_X × 1 in numerator layout); a :class:`DerivativeOf` for an expression X
    (``∂(w^{l+1} a^l + b^{l+1})/∂a^l``) by a layered vector. Otherwise a ParseError."""
    if order != 1:
        reader.fail("a higher derivative of a vector", t)
    if isinstance(top, V.Q) and isinstance(wrt, (V.Q, V.Comp)):
        return Jacobian(top, wrt, sp.Integer(NUMERATOR))
    if isinstance(wrt, V.Q) and isinstance(top, sp.Expr):  # carried out when evaluated
        return DerivativeOf(top, wrt, sp.Integer(NUMERATOR))
    reader.fail("a derivative of a vector", t)
