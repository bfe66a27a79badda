"""Several plausible readings of one string, and the verdict over all of them.

A :class:`.api.Reading` whose notation admits several readings (a mixed
number ``1\\frac{1}{2}`` or a product; ``2.5E2`` scientific notation or a
product with E; ``I`` a symbol or the imaginary unit; ``\\log`` ln or log10)
carries the others in ``Reading.alternatives``. The rule (soundness first):

- **correct** when the step holds under every reading, or under the reading
  the field has established (``Reading.established``, e.g. ``\\log`` is ln);
- **incorrect** when it fails under every reading (the first failure's
  counterexample, the readings tried named);
- otherwise **unchecked (ambiguous)**, naming the readings and what each gives.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..verdict import Verdict

__all__ = ["check_alternatives", "unless_read_otherwise"]


def _label(reading) -> str:
    return ", ".join(reading.chosen) or "the first reading"


def check_alternatives(reading, ctx, check_one: Callable) -> Verdict:
    """The verdict on ``reading`` over its alternatives; ``check_one(reading, ctx)``
    checks one reading (it is handed readings without alternatives)."""
    first = check_one(replace(reading, alternatives=()), ctx)
    if not reading.alternatives:
        return first
    here = _established_here(reading, ctx)
    if here is not None:  # the text established the reading of the alternative ``here``: it comes first
        reading, first = here, check_one(replace(here, alternatives=()), ctx)
    if first.verdict == "correct" and (reading.established or here is not None):
        # the others cannot change it: not evaluated
        return replace(first, reason=f"{first.reason} (reading {_label(reading)}, the convention here)")
    others = [(alt, check_one(alt, ctx)) for alt in reading.alternatives]
    verdicts = [first.verdict] + [v.verdict for _, v in others]
    tried = "; ".join(f"{what}: {' or '.join(labels)}" for what, labels in reading.ambiguities)
    if all(v == "correct" for v in verdicts):
        return replace(first, reason=f"{first.reason} (under every reading of {tried})")
    if all(v == "incorrect" for v in verdicts):
        return replace(first, reason=f"{first.reason} (fails under every reading of {tried})")
    if all(v == "unchecked" for v in verdicts):
        return first
    if first.verdict == "incorrect" and "correct" not in verdicts and _labels_settled(reading, ctx, here):
        said = "; ".join(f"as {_label(a)}: {v.verdict}" for a, v in others)
        return replace(first, reason=f"{first.reason} (reading {_label(reading)}, the convention here; {said})")
    outcomes = [f"as {_label(reading)}: {first.verdict}"] + [f"as {_label(a)}: {v.verdict}" for a, v in others]
    return Verdict.unchecked("ambiguous", f"the notation has several readings ({tried}); " + "; ".join(outcomes))


def _established_here(reading, ctx):
    """The reading the text established, when it is not the first: numbered layers (``z^2`` as
    layer 2) once the file's steps show them (:func:`.layer_labels.established`), for a string
    whose only ambiguity is that. It comes with the other readings as its alternatives; else None."""
    from .layer_labels import LABELS

    if not getattr(ctx, "numbered_layers", False) or not reading.ambiguities or \
            any(sorted(labels) != sorted(LABELS) for _, labels in reading.ambiguities):
        return None
    if all(c == LABELS[0] for c in reading.chosen):
        return None  # the layer is already first
    for alt in reading.alternatives:
        if all(c == LABELS[0] for c in alt.chosen):
            others = tuple(a for a in reading.alternatives if a is not alt) + (replace(reading, alternatives=()),)
            return replace(alt, ambiguities=reading.ambiguities, alternatives=others)
    return None


def _labels_settled(reading, ctx, here) -> bool:
    """The step's only ambiguities are labels on network names, read as labels, and the text has
    settled that they are: numbered layers (``z^2``) once the file's steps establish them
    (``Context.numbered_layers``), or a parenthesised label on a layered name (``z^{(L)}``,
    the field's convention). A failure under that reading that no other reading repairs is then
    an error, as a step that holds under it is correct."""
    from .layer_labels import LABELS

    label = "a label (a layer or an example)"
    kinds = {tuple(sorted(labels)) for _, labels in reading.ambiguities}
    if not kinds or not kinds <= {tuple(sorted(LABELS)), tuple(sorted((label, "a power")))}:
        return False
    if any(c not in (LABELS[0], label) for c in reading.chosen):
        return False
    numbered = any(sorted(labels) == sorted(LABELS) for _, labels in reading.ambiguities)
    return (here is not None or reading.established) and \
        (not numbered or bool(getattr(ctx, "numbered_layers", False)))


# --- weight conventions --------------------------------------------------------------
WEIGHT_CONVENTIONS = ("weights indexed the other way (w_{jk} from neuron j to neuron k: W^l is n_{l-1} × n_l)",
                      "weights numbered by the layer they leave (W^l maps layer l to layer l+1)",
                      "weights indexed the other way and numbered by the layer they leave")


def _weights(e, how: int):
    """``e`` with every weight read under convention ``how`` (an index of WEIGHT_CONVENTIONS).
    Indexed the other way, the write-up's W^l is the book's (w^l)^T, w^l_{jk} is the book's w^l_{kj},
    and ∂C/∂W^l is the book's (∂C/∂w^l)^T; numbered by the layer they leave, W^l is the book's w^{l+1}."""
    import sympy as sp

    from . import vocab as V

    if not isinstance(e, sp.Basic):
        return e
    transposed, shifted = how in (0, 2), how in (1, 2)

    def moved(q):
        if shifted:
            q = q.func(q.args[0], q.layer + 1, *q.args[2:])
        if transposed and isinstance(q, V.Comp) and len(q.indices) == 2:
            q = V.Comp(*q.args[:2], *reversed(q.indices))
        return q

    held, away = {}, {}  # the gradients with respect to a whole matrix, transposed with it
    for g in e.atoms(V.Grad):
        q = g.args[0]
        if isinstance(q, V.Q) and q.qname == "w":
            away[g] = sp.Dummy(commutative=False)
            held[away[g]] = V.T(V.Grad(moved(q))) if transposed else V.Grad(moved(q))
    e = e.xreplace(away) if away else e
    subs = {q: V.T(moved(q)) if transposed and isinstance(q, V.Q) else moved(q)
            for q in e.atoms(V.Q, V.Comp) if q.qname == "w"}
    e = e.xreplace(subs) if subs else e
    return e.xreplace(held) if held else e


def weight_readings(reading) -> list:
    """``(convention, reading)`` for each other plausible convention of the weights in ``reading``
    (the book's: w^l_{jk} from neuron k of layer l-1 to neuron j of layer l, W^l n_l × n_{l-1})."""
    out = []
    for how, label in enumerate(WEIGHT_CONVENTIONS):
        def move(r, how=how):
            return replace(r, parts=tuple(_weights(p, how) for p in r.parts),
                           alternatives=tuple(move(a) for a in r.alternatives))
        out.append((label, move(reading)))
    return out


def right_side_alone(reading):
    """The reading of ``rhs = rhs`` for the last part of ``reading`` (and of its alternatives):
    its check fails on shapes exactly when the right side is ill-formed on its own."""
    def alone(r):
        last = r.parts[-1]
        return replace(r, parts=(last, last), relations=("=",), alternatives=tuple(alone(a) for a in r.alternatives))
    return alone(reading)


# --- juxtaposed column vectors ---------------------------------------------------------
DYADIC = "two column vectors written side by side as their outer product (δ a read as δ a^T)"


def _columns(e) -> bool:
    """``e`` is a column vector of layered size (δ^l, a^{l-1}), by its shape."""
    from .shapes import infer

    try:
        s = infer(e)
    except Exception:  # noqa: BLE001 -- a factor whose shape is ill-formed is not a column vector
        return False
    return isinstance(s, tuple) and len(s) == 2 and s[1] == 1 and s[0] not in (None, 1)


def _dyadic(e):
    import sympy as sp

    if not isinstance(e, sp.Basic) or not e.args:
        return e
    args = [_dyadic(a) for a in e.args]
    if isinstance(e, sp.Mul) and not e.is_commutative:
        out, changed = [args[0]], False
        from . import vocab as V

        for f in args[1:]:
            if _columns(out[-1]) and _columns(f):
                f, changed = V.T(f), True
            out.append(f)
        if changed:
            return sp.Mul(*out, evaluate=False)
    return e.func(*args) if tuple(args) != e.args else e


def dyadic_reading(reading):
    """The reading with every product of two column vectors read as an outer product
    (``δ^l a^{l-1}`` as ``δ^l (a^{l-1})^T``), or None when the step writes no such product."""
    parts = tuple(_dyadic(p) for p in reading.parts)
    if parts == tuple(reading.parts):
        return None
    return replace(reading, parts=parts, alternatives=tuple(a for a in (dyadic_reading(a) for a in reading.alternatives)
                                                            if a is not None))


# --- a component written for its whole vector ----------------------------------------------
WHOLE = "a component with an index free on one side only read as its whole vector (σ'(z_j^L) as σ'(z^L))"


def _one_sided(parts) -> set:
    """Index symbols of components free in one part and absent from another."""
    import sympy as sp

    from . import vocab as V

    def free(p):
        bound = {s.limits[0][0] for s in p.atoms(sp.Sum)} | {s.args[1] for s in p.atoms(V.IndexSum)}
        named = [i for c in p.atoms(V.Comp) for i in c.indices] + [i for x in p.atoms(sp.Indexed) for i in x.indices]
        return {i for i in named if isinstance(i, sp.Symbol)} - bound

    sets = [free(p) if isinstance(p, sp.Basic) else set() for p in parts]
    return set().union(*sets) - set.intersection(*sets) if sets else set()


def whole_vector_reading(reading):
    """The reading with every one-index component whose index is free on one side only read
    as the whole vector (a^L_j → a^L), or None when there is none."""
    import sympy as sp

    from . import vocab as V

    loose = _one_sided(reading.parts)
    if not loose:
        return None

    def whole(p):
        if not isinstance(p, sp.Basic):
            return p
        subs = {c: V.Q(c.args[0], c.layer) for c in p.atoms(V.Comp)
                if len(c.indices) == 1 and c.indices[0] in loose and c.qname != "w"}
        return p.xreplace(subs) if subs else p

    parts = tuple(whole(p) for p in reading.parts)
    if parts == tuple(reading.parts):
        return None
    return replace(reading, parts=parts, alternatives=())


# --- an index repeated within a term ---------------------------------------------------------
EINSTEIN = "with an implied sum over an index repeated within a term (Einstein notation)"


def einstein_reading(reading):
    """The reading with every index repeated within a term summed over its range (``y_i x_i``
    as ``Σ_i y_i x_i``) — except an index free on the other side, which stays free as it is
    there (``δ_j = w_{kj} δ_k σ'(z_j)`` sums k, not j), as does an index free in the statement a
    chain row continues (``reading.held``: the rows of ``δ_j = …`` are all δ_j), or None when no term repeats an index it can sum (an index only in a
    name, ``yhat_p``, cannot be summed: the reading is then not formed)."""
    import sympy as sp

    from . import vocab as V
    from .ambiguity import repeated_indices
    from .indices import index_free_sets

    def free_letters(p) -> set:
        """The free index letters of part ``p``; none when its terms disagree on them."""
        sets = index_free_sets([p], False)
        return {str(i) for i in sets[0]} if sets else set()

    def summed(p, kept):
        if not isinstance(p, sp.Basic):
            return p, False
        terms, changed = [], False
        for t in sp.Add.make_args(p):
            letters = repeated_indices(t) - kept  # an index free on the other side stays free there
            held.update(repeated_indices(t) & kept)
            if not letters:
                terms.append(t)
                continue
            bound = {str(s.limits[0][0]) for s in t.atoms(sp.Sum)} | {str(s.args[1]) for s in t.atoms(V.IndexSum)}
            symbols = {s.name: s for c in t.atoms(V.Comp, sp.Indexed, sp.KroneckerDelta)
                       for s in (c.free_symbols if not isinstance(c, sp.Indexed) else
                                 set().union(*(i.free_symbols for i in c.indices)))
                       if getattr(s, "name", "") in letters}
            if set(letters) - set(symbols) or set(letters) & bound:
                raise LookupError(letters)
            for name in sorted(letters):
                t = V.IndexSum(t, symbols[name])
            terms.append(t)
            changed = True
        return (sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]), changed

    held: set = set()  # repeated letters kept free because the other side has them free
    try:
        done = [summed(p, set(reading.held).union(*(free_letters(q) for k, q in enumerate(reading.parts) if k != i)))
                for i, p in enumerate(reading.parts)]  # held: free in the statement a chain row continues
    except LookupError:
        return None
    if not any(changed for _, changed in done):
        # every repeated index is free on the other side: summed as Einstein would, nothing is summed,
        # so the implied-sum reading is the plain one (and fails or holds with it); else there is none
        return replace(reading, alternatives=()) if held else None
    return replace(reading, parts=tuple(p for p, _ in done), alternatives=())


BOTH_SUMS = "read with and without an implied sum over the index repeated within a term: it fails under both"


def unless_read_otherwise(reading, v: Verdict, ctx, check_one: Callable) -> Verdict:
    """An incorrect verdict ``v`` of ``reading`` stands only if no other plausible reading of the
    step exists (:func:`.ambiguity.other_reading`). An index repeated within a term is checked
    with an implied sum too (:func:`einstein_reading`, ``check_one(reading, ctx)``): the verdict
    stands when it fails under both readings, naming them."""
    from .ambiguity import implied_sum, other_reading
    from ..verdict import Cause, Note, NoteKind

    summed = einstein_reading(reading) if implied_sum(reading.parts) else None
    single = summed is not None and summed.parts == reading.parts  # nothing to sum (the index is free): one reading
    refuted = _refutes(v) if single else summed is not None and _refutes(check_one(summed, ctx))
    # one reading: no implied sum to weigh, whatever its failure (a free index of two sizes, too)
    why = other_reading(reading.source, reading.parts, v.check is not None and v.check.is_shape, refuted or single)
    if why is None:
        return replace(v, reason=f"{v.reason} ({BOTH_SUMS})") if refuted else v
    return Verdict.unchecked(Cause.AMBIGUOUS, why, notes=(Note(NoteKind.READER_FOUND,
                                                               f"under the reader's reading: {v.reason}"),))


def _refutes(v: Verdict) -> bool:
    """A failure of the summed reading that refutes it: its values or its free indices, not its
    shapes (a derivative of a component by a whole vector, a Jacobian's row, is not modelled)."""
    return v.verdict == "incorrect" and not (v.check is not None and getattr(v.check, "is_shape", False))


def einstein_refuted(reading, check_one: Callable) -> bool:
    """The reading repeats an index within a term and fails with an implied sum over it too
    (``check_one(reading) -> Verdict``)."""
    from .ambiguity import implied_sum

    summed = einstein_reading(reading) if implied_sum(reading.parts) else None
    return summed is not None and _refutes(check_one(summed))


def einstein_is_plain(reading) -> bool:
    """Every index repeated within a term is free on the other side, so the implied-sum reading
    sums nothing: it is the plain reading, and no second reading to weigh."""
    from .ambiguity import implied_sum

    summed = einstein_reading(reading) if implied_sum(reading.parts) else None
    return summed is not None and summed.parts == reading.parts
