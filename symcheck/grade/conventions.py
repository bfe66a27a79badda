"""The grader's conventions for plain algebra, applied to the reading's parts.

What a write-up defined comes back in: defined names are replaced by their
definitions, defined functions by their bodies (and derivatives of them are
carried out). Then the conventions of hand-written derivations, each one
stated in every reason that uses it (:class:`NoteKind`):

- α is read as a (OCR);
- c is read as the cost C when the write-up defined C and not c;
- a next to z is the activation σ(z);
- a sum without limits is a sum over training examples, checked on data sets
  of n identical examples (Σ X = n X).

Anything left that plain algebra cannot evaluate (an undefined function, an
index sum, network notation) raises :class:`NotPlain`.
"""

from __future__ import annotations

import sympy as sp

from ..symbolic import sigmoid
from ..verdict import NoteKind
from .state import State

MAX_EXPANSION_DEPTH = 4

NOTE_TEXT = {
    NoteKind.OCR_ALPHA: "α read as a (OCR)",
    NoteKind.ACTIVATION: "a read as the activation σ(z)",
    NoteKind.EXAMPLE_SUM: "Σ without limits read as a sum over training examples",
    NoteKind.COST_CASE: "c read as C (OCR)",
}


class NotPlain(Exception):
    """The expression is not plain algebra the grader can evaluate."""


def as_notes(notes) -> tuple:
    """The conventions used, as :class:`symcheck.verdict.Note` s (in the fixed order)."""
    from ..verdict import Note

    return tuple(Note(k, NOTE_TEXT[k]) for k in NOTE_TEXT if k in notes)


def notes_text(notes) -> str:
    """`` (α read as a (OCR); …)`` for the conventions used, in a fixed order, or ""."""
    out = [NOTE_TEXT[k] for k in NOTE_TEXT if k in notes]
    return f" ({'; '.join(out)})" if out else ""


def _rename(e, old: str, new: str):
    """Rename symbols ``old…`` to ``new…`` (and applied functions named ``old``)."""
    subs = {}
    for s in e.free_symbols:
        if isinstance(s, sp.Symbol) and (s.name == old or s.name.startswith(old + "_")):
            subs[s] = sp.Symbol(new + s.name[len(old):], **s.assumptions0)
    e = e.xreplace(subs) if subs else e
    for f in e.atoms(sp.core.function.AppliedUndef):
        if type(f).__name__ == old:
            e = e.xreplace({f: sp.Function(new, real=True)(*f.args)})
    return e


def expand(e, state: State, notes: set, depth: int = 0, bound: frozenset = frozenset()):
    """``e`` (a part of a reading) as plain SymPy algebra under the write-up's
    definitions and the conventions above (``bound``: names that are variables here, left
    as they are). Raises :class:`NotPlain`."""
    state = _without(state, set(bound) | _bound(e)) if isinstance(e, sp.Basic) else state
    from ..notation import vocab as V

    if not isinstance(e, sp.Basic) or isinstance(e, (sp.Set, sp.MatrixBase)) or V.is_network(e):
        raise NotPlain("network notation")
    if not e.is_commutative:
        raise NotPlain("a vector")
    kinds = {type(a) for a in sp.preorder_traversal(e)}
    if kinds & {V.IndexSum, sp.Indexed, sp.Sum}:
        raise NotPlain("a sum with an index")
    if V.SigmaD in kinds:  # σ'(u): the derivative of the sigmoid
        t = sp.Dummy("t", real=True)
        e = e.replace(lambda u: isinstance(u, V.SigmaD),
                      lambda u: sp.diff(sigmoid(t), t, int(u.args[1])).xreplace({t: u.args[0]}))
    if V.ExampleSum in kinds:
        notes.add(NoteKind.EXAMPLE_SUM)
        n = next((s for s in e.free_symbols if getattr(s, "name", "") == "n"), sp.Symbol("n", real=True))
        e = e.replace(lambda u: isinstance(u, V.ExampleSum), lambda u: n * u.args[0])
    names = {s.name for s in e.free_symbols if isinstance(s, sp.Symbol)} | \
        {type(f).__name__ for f in e.atoms(sp.core.function.AppliedUndef)}
    if "c" in names and "C" in state.definitions | state.functions and \
            "c" not in state.definitions | state.functions:
        notes.add(NoteKind.COST_CASE)
        e = _rename(e, "c", "C")
    if any(s.name == "alpha" or s.name.startswith("alpha_") for s in e.free_symbols if isinstance(s, sp.Symbol)) \
            or any(type(f).__name__ == "alpha" for f in e.atoms(sp.core.function.AppliedUndef)):
        notes.add(NoteKind.OCR_ALPHA)
        e = _rename(e, "alpha", "a")
    e = _definitions(e, state, notes, depth)
    values = {s: state.env[s.name] for s in e.free_symbols if isinstance(s, sp.Symbol) and s.name in state.env}
    if values:
        e = e.subs(values)
    if e.atoms(sp.core.function.AppliedUndef):
        e = _activation(e, notes)
    if e.atoms(sp.Derivative):
        try:
            e = _carry_out(e, notes)
        except (TypeError, ValueError, NotImplementedError) as exc:
            raise NotPlain(f"a derivative that cannot be carried out ({type(exc).__name__})") from None
    undefined = sorted({type(f).__name__ for f in e.atoms(sp.core.function.AppliedUndef)})
    if undefined:
        raise NotPlain(f"{undefined[0]}(...) is not defined")
    if e.atoms(sp.Derivative, sp.Subs):
        raise NotPlain("a derivative of something not given")
    return e


def _bound(e) -> set:
    """Names that stand for a variable here (differentiated by, or the argument of a
    function): a value or definition given elsewhere does not replace them."""
    out = {getattr(v, "name", "") for d in e.atoms(sp.Derivative) for v in d.variables}
    out |= {a.name for f in e.atoms(sp.core.function.AppliedUndef) for a in f.args if isinstance(a, sp.Symbol)}
    return out


def bound_names(*parts) -> frozenset:
    """The names bound in any of ``parts`` (see :func:`_bound`)."""
    return frozenset().union(*(_bound(p) for p in parts if isinstance(p, sp.Basic)))


def _without(state: State, names) -> State:
    if not names:
        return state
    st = state.copy()
    for n in names:
        st.definitions.pop(n, None)
        st.env.pop(n, None)
    return st


def _definitions(e, state: State, notes: set, depth: int):
    if depth >= MAX_EXPANSION_DEPTH:
        return e
    subs = {}
    for s in e.free_symbols:
        if isinstance(s, sp.Symbol) and s.name in state.definitions:
            subs[s] = expand(state.definitions[s.name], state, notes, depth + 1)
    e = e.xreplace(subs) if subs else e
    for f in sorted(e.atoms(sp.core.function.AppliedUndef), key=str):
        name = type(f).__name__
        if name in state.functions:
            var, body = state.functions[name]
            inner = expand(body, _without(state, {var.name, _renamed(var.name)}), notes, depth + 1)
            var = next((s for s in inner.free_symbols if getattr(s, "name", None) == _renamed(var.name)), var)
            arg = f.args[0] if len(f.args) == 1 else None
            if arg is not None and getattr(arg, "name", "") == "z" and _renamed(var.name) == "a":
                e = e.xreplace({f: inner})  # ∂C/∂z of a C(a): C through a = σ(z), not C evaluated at z
            elif arg is not None:
                e = e.xreplace({f: inner.xreplace({var: arg})})
        elif name in state.definitions and len(f.args) == 1:  # C(z) for a C defined as an expression
            e = e.xreplace({f: expand(state.definitions[name], state, notes, depth + 1)})
    return e


def _renamed(name: str) -> str:
    return "a" + name[len("alpha"):] if name == "alpha" or name.startswith("alpha_") else name


def _activation(e, notes: set):
    """An applied a(z) is the activation σ(z)."""
    for f in e.atoms(sp.core.function.AppliedUndef):
        if type(f).__name__ == "a" and len(f.args) == 1 and isinstance(f.args[0], sp.Symbol) and f.args[0].name == "z":
            notes.add(NoteKind.ACTIVATION)
            e = e.xreplace({f: sigmoid(f.args[0])})
    return e


def _carry_out(e, notes: set):
    """Carry out the derivatives; with respect to z, an a in the expression is σ(z)."""
    from ..notation.dependence import never_zero

    for d in sorted(e.atoms(sp.Derivative), key=sp.count_ops):
        if d not in e.atoms(sp.Derivative):
            continue
        expr = d.expr
        for v, k in d.variable_count:
            a = next((s for s in expr.free_symbols if getattr(s, "name", "") == "a"), None)
            if getattr(v, "name", "") == "z" and a is not None:
                notes.add(NoteKind.ACTIVATION)
                expr = expr.xreplace({a: sigmoid(v)})
            if never_zero(expr, v):  # ∂C/∂w is never zero: the front end weighs it
                raise NotPlain("a derivative of an expression that does not show its dependence on the variable")
            expr = sp.diff(expr, v, k)
        e = e.xreplace({d: expr})
    return e


def activation_pair(lhs, rhs, notes: set):
    """Where z and a both appear across the two sides, a is σ(z) on both."""
    free = {s.name: s for s in (lhs.free_symbols | rhs.free_symbols) if isinstance(s, sp.Symbol)}
    if "z" in free and "a" in free:
        notes.add(NoteKind.ACTIVATION)
        sub = {free["a"]: sigmoid(free["z"])}
        return lhs.xreplace(sub), rhs.xreplace(sub)
    return lhs, rhs
