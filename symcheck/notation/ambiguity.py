"""Readings other than the one the reader chose, that would make a failed check no
proof of an error (issue 14: incorrect only when a step fails under every plausible
reading). Shared by ``symcheck check`` (:func:`symcheck.notation.check_reading`) and
the grader's accusation policy.

Each rule looks at the reading's nodes or at the source's tokens, never at
message text:

- a superscript in parentheses (``W^{(2)}``) is a layer label as often as a power:
  :func:`label_source` gives the label reading, :func:`combine` the verdict under both;
- a letter superscript on a name (``A_3^k``) read as a power, under a shape failure;
- ``\\vec{1}``, ``\\mathbf 1`` (a vector of ones, read as the number 1) and norms;
- an index repeated within a term (``y_i \\hat y_i``, ``\\hat y_p \\delta_{pk}``): with
  an implied sum (Einstein notation) or without;
- an undefined function, under a shape failure: the shape of its value is unknown.
"""

from __future__ import annotations

from typing import Optional

import sympy as sp

INDEX_LETTERS = ("i", "j", "k", "m", "p", "q")
_BOLD = ("vec", "mathbf", "mathbb", "boldsymbol", "bm", "pmb")


def _tokens(source: str):
    from .equality import tokens

    return tokens(source)


def written_ones(source: str) -> bool:
    """``\\vec{1}``, ``\\mathbf 1``: a vector of ones."""
    toks = _tokens(source)
    for i, t in enumerate(toks):
        if t.kind == "cmd" and t.text in _BOLD:
            rest = [u.text for u in toks[i + 1:i + 4]]
            if rest[:1] == ["1"] or rest == ["{", "1", "}"]:
                return True
    return False


def parenthesised_superscript(source: str) -> bool:
    """``W^{(2)}``: a superscript in parentheses."""
    toks = _tokens(source)
    for i, t in enumerate(toks):
        if t.kind == "char" and t.text == "^":
            rest = [u.text for u in toks[i + 1:i + 3]]
            if rest[:1] == ["("] or rest == ["{", "("]:
                return True
    return False


def _indices(factor) -> set:
    """The index letters a factor carries: y_i, δ_{ik}, W_{ib}, w^l_{jk}, and a lone i."""
    from . import vocab as V

    out: set = set()
    for ix in factor.atoms(sp.Indexed):
        out |= {str(i) for i in ix.indices}
    for c in factor.atoms(V.Comp):
        out |= {str(i) for i in c.indices}
    for s in factor.free_symbols:
        name = getattr(s, "name", "")
        if factor == s and name in INDEX_LETTERS:  # δ{ik} written without its underscore
            out.add(name)
        if "_" in name:
            sub = name.split("_", 1)[1]
            if sub.isalpha() and len(sub) <= 3:
                out |= set(sub)
    return out


def implied_sum(parts) -> bool:
    """An index repeated within one term of one of the parts."""
    for p in parts:
        if not isinstance(p, sp.Basic):
            continue
        for term in sp.Add.make_args(p):
            seen: set = set()
            for factor in sp.Mul.make_args(term):
                here = _indices(factor)
                if here & seen:
                    return True
                seen |= here
    return False


def other_reading(source: str, parts, shape_failure: bool) -> Optional[str]:
    """Why a failed check of this reading is no proof of an error (a sentence), or None."""
    from . import vocab as V

    parts = [p for p in parts if isinstance(p, sp.Basic)]
    ones = any(isinstance(a, sp.Number) for p in parts for op in p.atoms(V.T, V.Had) for a in op.args)
    if ones or written_ones(source) or any(p.has(V.Norm) for p in parts):
        return "a vector of ones or a norm, which the notation reader does not model"
    if implied_sum(parts):
        return "an index repeated within a term: with an implied sum (Einstein notation) or without, the readings " \
               "disagree"
    if shape_failure and any(p.has(sp.core.function.AppliedUndef) for p in parts):
        return "a function the write-up does not define: the shape of its value is unknown"
    if shape_failure and any(pw.exp.free_symbols for p in parts for pw in p.atoms(sp.Pow)):
        return "a letter superscript, which may be a label or a power: the shapes are not compared"
    return None


LABEL = "Upsilon"   # W^{(2)} read as a label: W times a fresh symbol Υ_2 (W^{(1)}, W^{(2)} stay independent)


def label_source(source: str) -> Optional[str]:
    """``source`` with each parenthesised superscript read as a label instead of a
    power (``W_{ib}^{(2)}`` → ``W_{ib} \\Upsilon_{2}``), or None when there is none
    (or the source already uses Υ)."""
    toks = _tokens(source)
    if not parenthesised_superscript(source) or any(t.kind == "cmd" and t.text == LABEL for t in toks):
        return None
    edits = []   # (start, end, text to put at end) of each superscript
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "char" and t.text == "^":
            braced = i + 1 < len(toks) and toks[i + 1].text == "{"
            j = i + 2 if braced else i + 1
            if j + 2 < len(toks) and toks[j].text == "(" and toks[j + 2].text == ")" and \
                    toks[j + 1].kind in ("num", "letter"):
                end_tok = j + 3 if braced else j + 2
                if braced and (end_tok >= len(toks) or toks[end_tok].text != "}"):
                    i += 1
                    continue
                start = t.pos
                stop = toks[end_tok].pos + 1 if braced else toks[j + 2].pos + 1
                label = toks[j + 1].text
                after = end_tok + 1 if braced else end_tok
                sub_end = stop
                if after < len(toks) and toks[after].text == "_":  # W^{(2)}_{ij}: the label goes after the subscript
                    k = after + 1
                    if k < len(toks) and toks[k].text == "{":
                        depth = 0
                        while k < len(toks):
                            depth += toks[k].text == "{"
                            depth -= toks[k].text == "}"
                            if depth == 0:
                                break
                            k += 1
                    if k < len(toks):
                        sub_end = toks[k].pos + len(toks[k].text)
                edits.append((start, stop, sub_end, f" \\{LABEL}_{{{label}}} "))
                i = after
                continue
        i += 1
    if not edits:
        return None
    out, last = [], 0
    for start, stop, sub_end, text in edits:
        out += [source[last:start], source[stop:sub_end], text]
        last = sub_end
    out.append(source[last:])
    return "".join(out)


def combine(as_power, as_label):
    """The verdict under both readings of a parenthesised superscript: correct or
    incorrect only when both agree; otherwise unchecked, naming the readings."""
    from dataclasses import replace

    from ..verdict import Cause, Note, NoteKind, Verdict

    both = "whether the parenthesised superscript is a power or a layer label"
    # a power's shape is the reader's guess (W^2 of a matrix of unknown size): a shape failure decides nothing here
    as_power, as_label = (Verdict.unchecked(Cause.AMBIGUOUS, f"the shapes under this reading are uncertain: {v.reason}")
                          if v.verdict == "incorrect" and v.check is not None and v.check.is_shape else v
                          for v in (as_power, as_label))
    if as_power.verdict == as_label.verdict == "correct":
        return replace(as_power, reason=f"holds {both}: {as_power.reason}")
    if as_power.verdict == as_label.verdict == "incorrect":
        return replace(as_label, reason=f"fails {both}: {as_label.reason}")
    if "correct" in (as_power.verdict, as_label.verdict):
        holds, fails = ("a power", "a label") if as_power.verdict == "correct" else ("a label", "a power")
        other = as_label if holds == "a power" else as_power
        return Verdict.unchecked(Cause.AMBIGUOUS, f"holds if the parenthesised superscript is {holds}; "
                                 f"{'fails' if other.verdict == 'incorrect' else 'not checked'} if it is {fails}",
                                 notes=(Note(NoteKind.READER_FOUND, f"as {fails}: {other.reason}"),))
    return Verdict.unchecked(Cause.AMBIGUOUS, "a parenthesised superscript, which may be a layer label or a power: "
                             "neither reading decides", notes=tuple(as_power.notes) + tuple(as_label.notes))
