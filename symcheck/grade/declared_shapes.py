"""Steps checked against the dimensions the write-up declared.

``timeline(steps)`` reads, in document order, what each step and the prose
before it declare (:mod:`symcheck.notation.dimensions`): ``X \\in \\mathbb{R}^{…}``,
signatures ``f : \\mathbb{R}^n \\to \\mathbb{R}^m``, "$W^l$ is the $n_l \\times n_{l-1}$
weight matrix", size equations ``n_0 = n_i``, definitions ``z_l := A_l a_{l-1} + b_l``
(the shape of the defined name is the shape of its expression), and "we use row
vectors". It returns the declarations in force before each step.

``check(sr, state, options)`` (a stage of :data:`symcheck.grade.check.CHECKS`):

- ``E \\in \\mathbb{R}^{r \\times c}`` with E an expression (or a name the write-up
  defined by one, or the expression a chain's row continues): **correct** when
  every reading of E has that shape at 3 seeded choices of concrete sizes;
  **incorrect** when at one choice no reading has it (ill-formed, another shape,
  or a tuple with another number of entries), with the sizes as the
  counterexample. A bare name the write-up declared is a new declaration:
  nothing to check.
- ``A = B``: **incorrect** when, at one choice of sizes, no reading of A has the
  shape of a reading of B (a gradient with respect to a matrix written with the
  transposed shape), or a side is ill-formed under every reading. Shapes that
  agree prove nothing about the values: the step goes on to the other checks.

Anything not declared keeps today's behaviour (the stage passes the step on).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Optional

import sympy as sp

from ..notation.derivatives import DENOMINATOR, NUMERATOR, stated_layout
from ..notation.declaration_forms import ROW_WORDS, prose_declarations, signatures
from ..notation.dimensions import Declarations, Entry, Name, read_name, space_at, tokens
from ..notation.affine import affine_definition, check_derivative
from ..notation.shape_eval import Evaluator, Tup, partitions
from ..verdict import CheckKind, Verdict
from .state import Result

__all__ = ["timeline", "check", "membership", "equation", "TRIALS"]

log = logging.getLogger(__name__)
TRIALS = 3
MAX_STEPS = 3000
BUDGET_SECONDS = 2.0   # reading a file's declarations (outside the steps' own time limits)


def whole_name(text: str) -> Optional[Name]:
    """The name ``text`` is, if it is one name and nothing else (``z_l``, ``\\Theta_l``, ``W^l``)."""
    toks = tokens(text.rstrip().rstrip(":"))
    if not toks:
        return None
    name, j = read_name(toks, 0)
    if name is None or j != len(toks) or not name.readable or name.transpose or name.primes:
        return None
    return name


def _describe(shape) -> str:
    if shape == (1, 1):
        return "a number"
    return f"{shape[0]} × {shape[1]}"


def _sizes(ev: Evaluator) -> dict:
    return {sp.sstr(k): v for k, v in sorted(ev.values.items(), key=lambda kv: sp.default_sort_key(kv[0]))}


def _entries(val) -> Optional[int]:
    if isinstance(val, Tup):
        total = 0
        for item in val.items:
            n = _entries(item)
            if n is None:
                return None
            total += n
        return total
    if val is None or len(val) != 1:
        return None
    return val[0][0] * val[0][1]


def membership(lhs: str, space: tuple, decls: Declarations, seed: int = 0, robust: bool = True):
    """``("correct", detail)``, ``("incorrect", reason, counterexample)`` or None for ``lhs ∈ space``:
    correct when every reading has the declared shape with vectors as the file writes them, at
    every trial; incorrect when at one trial none has it, with vectors as columns and as rows."""
    agree = 0
    for k in range(TRIALS):
        found = [_member(lhs, space, Evaluator(decls, seed + k, rows)) for rows in (decls.rows, not decls.rows)]
        if found[0] is None:
            return None
        if all(f[0] == "incorrect" for f in found if f is not None) and found[1] is not None:
            if not robust or _robust(lambda ev: _member(lhs, space, ev), decls, seed + k):
                return found[0]
            return None
        agree += found[0][0] == "correct"
    if agree == TRIALS:
        return ("correct", f"its shape is the declared one at {TRIALS} choices of the sizes")
    return None


def _member(lhs: str, space: tuple, ev: Evaluator):
    val = ev.shapes(lhs)
    want = ev.shape(space)
    if val is None or want is None:
        return None
    n = len(space)
    ok = {want} | ({(want[1], want[0])} if n == 1 else set())
    if isinstance(val, Tup):
        have = _entries(val)
        if have is None:
            return None
        if have != want[0] * want[1]:
            return ("incorrect", f"a tuple of {have} numbers cannot lie in ℝ^({_describe(want)}), a space of "
                    f"{want[0] * want[1]} numbers, at these sizes",
                    {"sizes": _sizes(ev), "entries": have, "space": want[0] * want[1]})
        return ("tuple",)
    if not val:
        return ("incorrect", "ill-formed under every reading at these sizes",
                {"sizes": _sizes(ev), "space": _describe(want)})
    if not ok & set(val):
        return ("incorrect", f"its shape is {' or '.join(map(_describe, val))}, not {_describe(want)}",
                {"sizes": _sizes(ev), "shape": [_describe(s) for s in val], "space": _describe(want)})
    return ("correct",) if set(val) == {want} else ("ambiguous",)


def equation(lhs: str, rhs: str, decls: Declarations, seed: int = 0):
    """``("incorrect", reason, counterexample)`` when the sides cannot have one shape (vectors as
    columns and as rows), else None."""
    for k in range(TRIALS):
        found = [_equation(lhs, rhs, Evaluator(decls, seed + k, rows)) for rows in (decls.rows, not decls.rows)]
        if found[0] is not None and found[1] is not None:
            return found[0] if _robust(lambda ev: _equation(lhs, rhs, ev), decls, seed + k) else None
        if found[0] is None and found[1] is None:
            return None   # nothing found at these sizes (unknown, or of one shape): other sizes agree
    return None


def _robust(finding, decls: Declarations, seed: int) -> bool:
    """Does the finding stand however the write-up may have meant its unrelated sizes to be equal
    (every :func:`partitions` of the sizes involved, vectors as columns and as rows)? Sizes of one
    family at different layers stay different (the claim is for every layer)."""
    probe = Evaluator(decls, seed)
    finding(probe)
    atoms = sorted(probe.values, key=sp.default_sort_key)
    ways = partitions(atoms)
    if not ways or len(ways) >= 300:
        return False
    for values in ways:
        for rows in (False, True):
            got = finding(Evaluator(decls, seed, rows, values))
            if got is None or got[0] != "incorrect":
                return False
    return True


def _equation(lhs: str, rhs: str, ev: Evaluator):
    a, b = ev.shapes(lhs), ev.shapes(rhs)
    if isinstance(a, Tup) or isinstance(b, Tup):
        return None
    if a == () or b == ():   # a side ill-formed under every reading, whatever the other is
        side = "left" if a == () else "right"
        return ("incorrect", f"the {side} side is ill-formed under every reading at these sizes",
                {"sizes": _sizes(ev), "ill-formed": side})
    if a is None or b is None:
        return None
    if not a or not b:
        side = "left" if not a else "right"
        return ("incorrect", f"the {side} side is ill-formed under every reading at these sizes",
                {"sizes": _sizes(ev)})
    if not set(a) & set(b):
        return ("incorrect", f"the left side is {' or '.join(map(_describe, a))}, the right side "
                f"{' or '.join(map(_describe, b))}, under every reading",
                {"sizes": _sizes(ev), "left": [_describe(s) for s in a], "right": [_describe(s) for s in b]})
    return None


def _is_notation(text: str) -> bool:
    """A statement about the notation itself (``\\nabla g(x) \\in …``, ``\\frac{\\partial f}{\\partial x} \\in …``)."""
    toks = tokens(text)
    return bool(toks) and toks[0].kind == "cmd" and toks[0].text in ("nabla", "partial", "frac", "dfrac") \
        or "grad" in text


def check(sr, state, options) -> Optional[Result]:
    """The stage: a verdict from the declared dimensions, or None (pass the step on)."""
    decls = getattr(state, "declared", None)
    if decls is None or decls.empty or sr.rel not in ("in", "="):
        return None
    step = sr.step
    lhs, rhs = sr.lhs_text, sr.rhs_text
    if not lhs.strip() or not rhs.strip():
        return None
    if sr.rel == "in":
        space = space_at(rhs)
        if space is None or (not step.link and _is_notation(lhs)):
            return None
        name = whole_name(lhs)
        if name is not None and not step.link:
            return None   # a (new) declaration of a name: nothing to check
        got = membership(lhs, space, decls, options.seed)
        if got is not None and got[0] == "incorrect" and name is not None and not _fixed(decls, name) \
                and not (step.link and _declared_in(step.intro, name)):
            return None   # a declared name stated again with other sizes: a new declaration
        kind, why = CheckKind.EXACT_SHAPE, "the dimensions the write-up declared"
    else:
        got = None
        kind, why = CheckKind.EXACT, "the affine map the write-up defined"
        stated = stated_layout(getattr(state, "words", "") or "") if decls.maps else None
        layout = {NUMERATOR: "numerator", DENOMINATOR: "gradient"}.get(stated)
        for aff in reversed(decls.maps):
            got = check_derivative(lhs, rhs, aff, decls.rows, layout, options.seed)
            if got is not None:
                break
        if got is None and decls.declares:
            got = equation(lhs, rhs, decls, options.seed)
            kind, why = CheckKind.EXACT_SHAPE, "the dimensions the write-up declared"
            if got is not None and "left" in got[2] and not step.link and whole_name(lhs) is not None:
                return None   # a name set to a well-formed value of another shape: it may be defined anew
    if got is None:
        return None
    if got[0] == "correct":
        return Result(Verdict.correct(kind, f"{got[1]} ({why})"))
    return Result(Verdict.incorrect(kind, f"{got[1]} ({why})", counterexample=got[2]))


def _fixed(decls: Declarations, name: Name) -> bool:
    """Does a definition (an expression) fix the size of ``name``? Then stating other sizes for it is no new
    declaration (``a_L := \\sigma_L(z_L) \\in \\mathbb{R}^{n_L}``, later ``a_L \\in \\mathbb{R}^{n_L + 1}``)."""
    return any(e.definition is not None for e in decls.lookup(name.key))


def _declared_in(intro: str, name: Name) -> bool:
    """Does the prose right before the display declare ``name`` (``$x \\in \\mathbb{R}^{n}$``)? A row of that
    display giving its value other sizes contradicts it (a new declaration would not come in the same breath)."""
    for chunk in (intro or "").split("$")[1::2]:
        left, rel, right = chunk.partition("\\in")
        if rel and not right[:1].isalpha():
            other = whole_name(left)
            if other is not None and other.key == name.key and space_at(right) is not None:
                return True
    return False


def _defined(decls: Declarations, name: Name) -> bool:
    """Is ``name`` known from a definition (an expression), not a bare declaration?"""
    es = decls.lookup(name.key)
    return bool(es) and all(e.definition is not None for e in es)


# --- the timeline ----------------------------------------------------------------------------
def _from_prose(decls: Declarations, intro: str, line: int, seen: set) -> Declarations:
    if not intro:
        return decls
    if not decls.rows and ROW_WORDS.search(intro):
        decls = replace(decls, rows=True)
    for text, shape in prose_declarations(intro):
        key = ("prose", text, shape)
        name = whole_name(text)
        if key in seen or name is None:
            continue
        seen.add(key)
        decls = decls.add(Entry(name, line, shape=shape))
    for chunk in intro.split("$"):
        if ":" in chunk and "\\to" in chunk and ("sig", chunk) not in seen:
            seen.add(("sig", chunk))
            decls = _signatures(decls, chunk, line)
    return decls


def _signatures(decls: Declarations, text: str, line: int) -> Declarations:
    for name, dom, cod in signatures(text):
        decls = decls.add(Entry(name, line, domain=dom, codomain=cod))
    return decls


def _size_equation(decls: Declarations, lhs: str, rhs: str) -> Declarations:
    from ..notation.dimensions import size_of

    a = size_of(tokens(lhs))
    b = size_of(tokens(rhs))
    undef = sp.core.function.AppliedUndef
    if isinstance(a, undef) and isinstance(b, undef) and a.func == b.func and a != b:
        return decls.size_equal(a, b)
    return decls


def _after(decls: Declarations, step, subject, prev: Optional[str], seed: int) -> Declarations:
    rel = step.relation
    lhs = prev if step.link else step.lhs
    if "\\to" in step.latex and ":" in step.latex:
        decls = _signatures(decls, step.latex, step.line)
    if not lhs or rel not in ("in", "="):
        return decls
    if rel == "in":
        space = space_at(step.rhs)
        if space is None:
            return decls
        if lhs.lstrip().startswith("\\nabla") and len(space) == 2 and space[1] != 1:
            return replace(decls, nabla_row=True)
        name = whole_name(lhs)
        found = membership(lhs, space, decls, seed, robust=False) if name is None or step.link else None
        if found is not None and found[0] == "incorrect" and (name is None or _defined(decls, name)):
            return decls  # a wrong declaration is not taken as the file's
        for n in {n for n in (subject if step.link else None, name) if n is not None}:
            decls = decls.add(Entry(n, step.line, shape=space))
        return decls
    if not step.link:
        decls = _size_equation(decls, step.lhs, step.rhs)
        aff = affine_definition(step.lhs, step.rhs, step.line)
        if aff is not None and len(decls.maps) < 16:
            decls = replace(decls, maps=decls.maps + (aff,))
    if subject is not None and not any(e.shape is not None or e.domain is not None
                                       for e in decls.lookup(subject.key)) and not _mentions(step.rhs, subject):
        decls = decls.add(Entry(subject, step.line, definition=step.rhs))
    return decls


def _mentions(text: str, name: Name) -> bool:
    """Does ``text`` name ``name``'s base (a recursive definition, δ^l = … δ^{l+1}, gives no shape)?"""
    toks = tokens(text)
    return any(t.text == name.base.split()[-1] and t.kind in ("letter", "cmd") for t in toks)


def timeline(steps, seed: int = 0, prose: str = "") -> list:
    """The :class:`Declarations` in force before each of ``steps`` (document order); ``prose``, the
    document's words, may declare its vectors rows (a convention of the whole file)."""
    out = []
    decls = Declarations(rows=bool(prose) and bool(ROW_WORDS.search(prose)))
    seen: set = set()
    subject, prev, chain = None, None, None
    deadline = time.monotonic() + BUDGET_SECONDS
    for k, step in enumerate(steps):
        if k >= MAX_STEPS or time.monotonic() > deadline:  # what is not read keeps today's behaviour
            out.append(decls)
            continue
        try:
            decls = _from_prose(decls, getattr(step, "intro", ""), step.line, seen)
        except Exception:  # noqa: BLE001 -- declarations not read keep today's behaviour, never lose the file
            log.error("declarations in the prose before line %s not read", step.line, exc_info=True)
        out.append(decls)
        if getattr(step, "skip", None) is not None or getattr(step, "kind", "step") != "step":
            continue
        if step.chain != chain:
            chain, prev = step.chain, None
        try:
            if not step.link:
                subject = whole_name(step.lhs) if step.relation in ("=", "in") else None
            decls = _after(decls, step, subject, prev, seed)
        except Exception:  # noqa: BLE001 -- as above
            log.error("declarations of line %s not read", step.line, exc_info=True)
        if step.relation and step.relation != "=>":
            prev = step.rhs
        elif step.relation == "":
            prev = step.rhs or step.lhs
    return out
