"""The conditions on free indices a graded step states (issue 12).

A free index claims every value; only an explicit condition restricts it
(:mod:`symcheck.notation.conditions`). The grader finds one:

- beside the equation, as a statement of its own on the same line
  (``…, \\quad k \\neq j``: the segmenter makes it a step of its own);
- in the prose that introduces the display (the last sentence before it,
  inline math included): "for j ≠ k", "when $k \\neq j$", "if k = j",
  "the off-diagonal entries" (the two free indices differ).

The conditions of a chain's first step hold for its links. A condition that
names letters the step does not use as free indices says nothing about it.
"""

from __future__ import annotations

import re
from typing import Optional

from ..notation.build import INDEX_LETTERS

_IX = "[" + "".join(sorted(INDEX_LETTERS)) + "]"
_NE = re.compile(r"(?<![A-Za-z\\])(" + _IX + r")\s*\$?\s*(?:≠|\\neq\b|\\ne\b|!=|=/=|\\not\s*=|is not equal to|is not|"
                 r"does not equal|differs from)\s*\$?\s*(" + _IX + r")(?![A-Za-z_^])")
_EQ = re.compile(r"\b(?i:when|if|for|where|with|case|whenever)\s*\$?\s*(" + _IX + r")\s*(?:=|==|equals|is equal to)\s*"
                 r"(" + _IX + r")(?![A-Za-z_^0-9+\-])")  # the words in any case ("For $j = k$"), the letters not
_OFF = re.compile(r"off[- ]?diagonal")
_IF = re.compile(r"\b(?:if|when|whenever|where|such that|for|unless|provided|in (?:the )?case|since|with)\b", re.I)
_INLINE = re.compile(r"\$([^$]{1,120})\$")
_PAIR_ONLY = re.compile(r"^\s*(?:\(|\\left\s*\()?\s*(" + _IX + r")\s*(?:≠|\\neq|\\ne|!=|=)\s*(" + _IX +
                        r")\s*(?:\)|\\right\s*\))?\s*[,.;:]?\s*$")  # "(k \neq j)": the pair alone, bracketed or not
_LETTER = re.compile(r"(?:^|[^A-Za-z\\])(" + _IX + r")(?![A-Za-z])")


_LETTERS_ONLY = re.compile(r"^[\s,;]*(?:" + _IX + r"[\s,;]*)+$")
_QUANTIFIER = r"\b(?:all|each|every|any)\b(?:\s+\w+){0,3}\s*$"
_RESPECT = re.compile(r"respect to\s*$")
# a math chunk that states something itself (a relation), or words after it that do ("$z_k$ is the largest")
_RELATION = re.compile(r"[=<>≠≤≥∈]|\\(?:neq?|leq?|geq?|[lg]t|in|notin|subset|approx|sim|to|max|min|arg)\b")
_PREDICATE = re.compile(r"\s*(?:is|are|be|being|equals?|has|have|holds?|satisf|exceeds?|lies|belongs?|differs?|"
                        r"takes?|attains?|achieves?|reaches?|greater|less|larger|smaller|bigger|maxim|minim|largest|"
                        r"smallest|positive|negative|non-?zero|zero)", re.I)
_NOT_A_CONDITION = re.compile(_QUANTIFIER + r"|respect to\s*$")


def _last_sentence(text: str) -> str:
    text = re.split(r"\n\s*\n", text)[-1]
    parts = re.split(r"(?<=[a-z)\]])\.\s+(?=[A-Z])", text)
    return parts[-1]


def from_prose(intro: str) -> tuple:
    """``(("!=", "k", "j"), ...)``, and ("off", "", "") for "off-diagonal", from a step's introducing prose."""
    if not intro:
        return ()
    s = _last_sentence(intro)
    out = [("!=", a, b) for a, b in _NE.findall(s) if a != b]
    out += [("=", a, b) for a, b in _EQ.findall(s) if a != b]
    if _OFF.search(s.lower()):
        out.append(("off", "", ""))
    guarded = _IF.search(s)
    if guarded:  # a condition in words or on something else ($j = \tilde{y}$, $z_k$ is the largest)
        rest = s[guarded.start():]
        for m in _INLINE.finditer(rest):
            chunk, before = m.group(1), rest[max(0, m.start() - 40):m.start()]
            if _PAIR_ONLY.match(chunk) or _NOT_A_CONDITION.search(before) and (
                    _LETTERS_ONLY.match(chunk) or _RESPECT.search(before)):
                continue  # "for all neurons $j$" quantifies; "with respect to $b_j$" names a variable
            if not _RELATION.search(chunk) and not _PREDICATE.match(rest[m.end():]):
                continue  # "for easier differentiation, let's reformulate $a_j^L$:" names a quantity, says nothing of j
            out += [("?", letter, chunk.strip()) for letter in _LETTER.findall(chunk)]
        plain = _INLINE.sub(" ", rest)
        out += [("?", a, "") for a in re.findall(r"(?<![A-Za-z\\])(" + _IX + r")\s*(?:=|≠)\s*(?![ijkmnpqrst]\b)\S",
                                                   plain)]
    return tuple(dict.fromkeys(out))


def beside(step, steps) -> tuple:
    """Index conditions written as separate statements on the same line as ``step``."""
    out = []
    for other in steps:
        if other is step or other.line != step.line or other.relation not in ("!=", "="):
            continue
        a, b = other.lhs.strip(), other.rhs.strip()
        if a in INDEX_LETTERS and b in INDEX_LETTERS and a != b:
            out.append((other.relation, a, b))
    return tuple(out)


def is_condition(step) -> bool:
    """The step is only an index condition (``k \\neq j``)."""
    a, b = step.lhs.strip(), step.rhs.strip()
    return step.relation in ("!=", "=") and a in INDEX_LETTERS and b in INDEX_LETTERS and a != b


# the true class as an index: ỹ, \tilde{y}, \widetilde{y}, \bar{y} (the y the reader names y_tilde ...)
_LABEL = r"(?:\\(tilde|widetilde|bar)\s*\{?\s*y\s*\}?|(ỹ|y\u0303))"
_REL = r"(≠|\\neq\b|\\ne\b|!=|=)"
_TO_LABEL = re.compile(r"^\s*(" + _IX + r")\s*" + _REL + r"\s*" + _LABEL + r"\s*[,.;:]?\s*$")
_FROM_LABEL = re.compile(r"^\s*" + _LABEL + r"\s*" + _REL + r"\s*(" + _IX + r")\s*[,.;:]?\s*$")


def label_relation(chunk: str):
    """``("=" or "!=", letter, label)`` when the math ``chunk`` relates an index letter to the
    true class written as a decorated y (``j = \\tilde{y}``, ``\\tilde{y} \\neq k``, ``j ≠ ỹ``);
    ``label`` is the name the reader gives that index (``y_tilde``). Else None."""
    m = _TO_LABEL.match(chunk or "")
    if m:
        letter, rel, deco, uni = m.groups()
    else:
        m = _FROM_LABEL.match(chunk or "")
        if not m:
            return None
        deco, uni, rel, letter = m.groups()
    return ("=" if rel == "=" else "!=", letter, f"y_{deco or 'tilde'}")


def true_class(found: tuple, reading) -> Optional[str]:
    """The name of the true-class index (``y_tilde``) that a condition in ``found`` or a free index
    of ``reading`` uses, or None."""
    import sympy as sp

    from ..notation.evaluate import free_index_symbols

    for rel, _, chunk in found:
        hit = label_relation(chunk) if rel == "?" else None
        if hit:
            return hit[2]
    for p in getattr(reading, "parts", ()) or ():
        if isinstance(p, sp.Basic):
            for s in sorted(free_index_symbols(p), key=str):
                if re.fullmatch(r"y_(?:tilde|widetilde|bar)", s.name):
                    return s.name
    return None


def as_relations(found: tuple, reading, label: Optional[str] = None) -> tuple:
    """SymPy conditions (``Ne(k, j)``) for the free indices of ``reading``; "off-diagonal" when
    the reading has exactly two free indices; with ``label`` (the true class is that index of a
    one-hot y, :func:`true_class`), a relation of a free index to it (``j = \\tilde{y}``), the
    label running over the index's range."""
    import sympy as sp

    from ..notation.build import index_symbol
    from ..notation.evaluate import free_index_symbols

    free = set()
    for p in getattr(reading, "parts", ()) or ():
        if isinstance(p, sp.Basic):
            free |= {s.name for s in free_index_symbols(p)}
    out = []
    for rel, a, b in found:
        hit = label_relation(b) if rel == "?" and label else None
        if hit and hit[2] == label and hit[1] in free:
            make = sp.Ne if hit[0] == "!=" else sp.Eq
            out.append(make(index_symbol(hit[1]), index_symbol(label), evaluate=False))
            continue
        if rel == "?":
            continue
        if rel == "off":
            if len(free) == 2:
                a, b = sorted(free)
                out.append(sp.Ne(index_symbol(a), index_symbol(b), evaluate=False))
            continue
        if {a, b} <= free:
            make = sp.Ne if rel == "!=" else sp.Eq
            out.append(make(index_symbol(a), index_symbol(b), evaluate=False))
    return tuple(out)


def unmodelled(found: tuple, reading, label: Optional[str] = None) -> tuple:
    """The free indices of ``reading`` that the introducing prose puts a condition on that is
    not modelled (``j = \\tilde{y}`` unless ``label`` says the one-hot y is modelled, "$z_k$ is
    the largest"): a failure may be that condition's."""
    import sympy as sp

    from ..notation.evaluate import free_index_symbols

    free = set()
    for p in getattr(reading, "parts", ()) or ():
        if isinstance(p, sp.Basic):
            free |= {s.name for s in free_index_symbols(p)}
    modelled = {(rel, a, c) for rel, a, c in found if label and (label_relation(c) or ())[2:] == (label,)}
    return tuple(sorted({a for rel, a, c in found if rel == "?" and a in free and (rel, a, c) not in modelled}))


def restricting(found: tuple, check, reading=None) -> tuple:
    """``found`` without the unmodelled conditions (``rel == "?"``) that restrict nothing:

    - math in which the letter is not a free index (bound by its own sum, ``C = Σ_j …``);
    - an equation that holds at every value of its free indices (``check(reading)`` correct:
      "with $∂C/∂b^l_j = δ^l_j$"): a fact the text uses, which no value of j can break.

    - a relation of the index to the true class alone (``j = \\tilde{y}``, ``j \\neq \\tilde{y}``) when
      the step (``reading``) names neither a target y nor the cost C: any value of j is admissible
      with some true class, and nothing else in the step depends on it.

    What is left may constrain values (``j = \\tilde{y}`` in a step about C or y, "$z_k$ is the largest")."""
    import sympy as sp

    from ..errors import ParseError
    from ..notation import read
    from ..notation.evaluate import free_index_symbols

    out, step = [], reading
    for rel, a, chunk in found:
        if rel != "?" or not chunk:
            out.append((rel, a, chunk))
            continue
        try:
            reading = read(chunk)
        except ParseError:
            out.append((rel, a, chunk))
            continue
        if not any(a in _free_letters(p, free_index_symbols) for p in reading.parts):
            continue
        if tuple(reading.relations) == ("=",) and check(reading).verdict == "correct":
            continue
        if step is not None and _true_class_only(reading, a) and not _names_target_or_cost(step):
            continue
        out.append((rel, a, chunk))
    return tuple(out)


def _true_class_only(condition, letter: str) -> bool:
    """The condition relates ``letter`` to a target's label alone (``j \\neq \\tilde{y}``)."""
    import sympy as sp

    names = {getattr(x, "name", "") for p in condition.parts if isinstance(p, sp.Basic) for x in p.free_symbols}
    others = names - {letter}
    return len(condition.parts) == 2 and letter in names and bool(others) and all(n.startswith("y") for n in others)


def _names_target_or_cost(step) -> bool:
    """The step names a target (y, ỹ) or the cost (C, ∂C/∂…, δ)."""
    import sympy as sp

    from ..notation import vocab as V

    for p in step.parts:
        if not isinstance(p, sp.Basic):
            continue
        if p.atoms(V.Grad) or any(q.qname in ("y", "delta") for q in p.atoms(V.Q, V.Comp)):  # δ = ∂C/∂z
            return True
        names = {getattr(x, "name", "") for x in p.free_symbols} | {str(x.base.label) for x in p.atoms(sp.Indexed)}
        if any(n.startswith(("y", "C")) for n in names) or p.has(sp.Derivative):
            return True
    return False


def _free_letters(p, free_index_symbols) -> set:
    """The names free in ``p``: its symbols and component indices, less those an index sum binds."""
    import sympy as sp

    from ..notation import vocab as V

    if not isinstance(p, sp.Basic):
        return set()
    bound = {str(s.args[1]) for s in p.atoms(V.IndexSum)}
    return ({getattr(x, "name", "") for x in p.free_symbols} | {x.name for x in free_index_symbols(p)}) - bound
