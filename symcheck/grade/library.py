"""Library lookup: does a step state, or contradict, a claim of ``derivations/``?

Statements are compared in a canonical form (OCR look-alikes mapped: ``\\omega``
→ w, ``S^l`` → δ^l; sub/superscripts ordered; spacing and ``\\left``/``\\right``
dropped). A step can match a claim (it states the claim) or one of its false
variants (it states that variant: the library's own numeric check supplies
the counterexample, the variant its hint). A claim counts only in the
setting it declares (:func:`applies`, reading ``Claim.setting``).

Also here: vector identities between two named vectors (``x \\odot y``,
``\\sum_k x_k y_k``, ``x^T y``), evaluated on concrete vectors.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..verdict import Verdict

log = logging.getLogger(__name__)


def canonical(latex: str) -> str:
    s = latex
    s = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])", "", s)
    s = re.sub(r"\\[,;:!]|\\q?quad(?![A-Za-z])|\\displaystyle", " ", s)
    s = re.sub(r"\\(?:mathrm|text|mathit|operatorname|mathbf|boldsymbol|vec)\s*\{([^{}]*)\}", r"\1", s)
    s = s.replace(r"\dfrac", r"\frac").replace(r"\tfrac", r"\frac")
    s = re.sub(r"\\omega(?![A-Za-z])", "w", s)
    s = re.sub(r"(?<![\\A-Za-z])S(?=\s*[_^])", r"\\delta ", s)
    s = re.sub(r"\\cdot(?![A-Za-z])|\\times(?![A-Za-z])", " ", s)
    # single-character scripts get braces; then order ^ before _
    s = re.sub(r"([_^])\s*(\\[A-Za-z]+|[A-Za-z0-9])", r"\1{\2}", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(?<![A-Za-z])\s|\s(?![A-Za-z])", "", s).strip()
    for _ in range(3):
        s = re.sub(r"(_\{[^{}]*\})(\^\{[^{}]*\})", r"\2\1", s)
    return s


@dataclass(frozen=True)
class Hit:
    """A step that states a library claim (``kind`` "claim") or one of its
    false variants ("variant", ``variant`` its name)."""

    claim: str
    title: str
    kind: str                 # "claim", "variant"
    variant: Optional[str] = None
    description: str = ""


@lru_cache(maxsize=1)
def _index():
    from ..claims import default_path, discover

    claims = []
    try:
        files = sorted(p for p in default_path().glob("*.py") if not p.name.startswith("_"))
    except Exception:  # no library: no lookups
        log.warning("no claim library: steps are not looked up in it", exc_info=True)
        return (), {}
    for f in files:
        try:
            claims += discover(f)
        except Exception:  # a broken claim file must not break grading; the others still count
            log.warning("claim file %s not loaded; its claims are not looked up", f, exc_info=True)
            continue
    forms = []
    by_id = {}
    for c in claims:
        if c.setting is None:  # a claim that does not say where it holds is never used
            continue
        by_id[c.id] = c
        forms.append((canonical(c.latex), Hit(c.id, c.title, "claim")))
        for v in c.variants:
            if v.latex:
                forms.append((canonical(v.latex), Hit(c.id, c.title, "variant", v.name, v.description)))
    return tuple(forms), by_id


def _forms_of(lhs: str, rel: str, rhs: str):
    if rel != "=":
        return ()
    return (canonical(f"{lhs}={rhs}"), canonical(f"{rhs}={lhs}"))


def applies(setting, topics: str = "", cost: Optional[str] = None) -> bool:
    """Is a claim declared in ``setting`` (:class:`symcheck.claims.Setting`)
    about the write-up? Only when the write-up works in every part of that
    setting that departs from the book's default network (sigmoid neurons,
    any cost): each departing value ("linear", "softmax", "cross-entropy",
    "modified", ...) must be one of the write-up's ``topics`` words, or its
    ``cost``. A claim that declares no setting is about nothing.

    Examples:
        >>> from symcheck.claims import Setting
        >>> applies(Setting(activation="sigmoid", output="sigmoid"), "")
        True
        >>> applies(Setting(cost="quadratic", output="linear"), "quadratic")
        False
        >>> applies(Setting(cost="cross-entropy", output="sigmoid"), "", cost="cross-entropy")
        True
    """
    if setting is None:
        return False
    said = set(topics.lower().split()) | ({cost} if cost else set())
    return all(value in said for value in setting.departures().values())


def lookup(lhs: str, rel: str, rhs: str, topics: str = "", cost: Optional[str] = None) -> Optional[Hit]:
    """The claim (or false variant) the step states.

    Args:
        lhs, rel, rhs: the step's two sides (LaTeX) and its relation.
        topics: the write-up's setting words ("linear softmax quadratic ...").
        cost: the cost the write-up works with ("cross-entropy", ...), when known.

    Soundness first: a step that states a claim in one setting and a false
    variant in another counts as the claim only when that claim's setting is
    the write-up's (:func:`applies`) and the variant's is not; it is never
    accused when some claim, in any setting, says it."""
    all_forms, by_id = _index()

    def _applies(hit: Hit, topics: str) -> bool:
        return applies(by_id[hit.claim].setting, topics, cost)

    mine = _forms_of(lhs, rel, rhs)
    if not mine:
        return None
    hits = [hit for f, hit in all_forms if f in mine]
    claims = [h for h in hits if h.kind == "claim"]
    variants = [h for h in hits if h.kind == "variant"]
    on_claims = [h for h in claims if _applies(h, topics)]
    on_variants = [h for h in variants if _applies(h, topics)]
    if on_claims and not on_variants:
        return on_claims[0]
    if on_variants and not claims:
        return on_variants[0]
    return None


def verdict_for(hit: Hit, seed: int = 0, networks: int = 8) -> Optional[Verdict]:
    _, by_id = _index()
    claim = by_id.get(hit.claim)
    if claim is None:
        return None
    label = claim.title.split(":")[0] if re.match(r"BP\d", claim.title) else claim.id
    if hit.kind == "claim":
        return Verdict.correct("library", f"states {label} ({claim.title}), verified in the library",
                               claim=claim.id)
    if hit.kind == "variant":
        import numpy as np

        try:
            out = claim.numeric(hit.variant, np.random.default_rng(seed), networks)
        except Exception:  # a broken check accuses nobody; the step stays unchecked
            log.warning("numeric check of %s, variant %s, raised", claim.id, hit.variant, exc_info=True)
            return None
        if out.ok or not out.counterexample:
            return None
        variant = next(v for v in claim.variants if v.name == hit.variant)
        return Verdict.incorrect("library", f"states a false variant of {label} ({claim.title}): {hit.description}",
                                 counterexample=dict(out.counterexample), claim=claim.id,
                                 hint=variant.hint or f"{label} reads {claim.latex}")
    return None


# --- vector identities ---------------------------------------------------------
_VEC_FORMS = {
    "hadamard": re.compile(r"^(\w) ?\\odot ?(\w)$"),
    "dot": re.compile(r"^\\sum(?:\^\{\w+\})?_\{(\w)(?:=1)?\}(?:\^\{\w+\})? ?(\w)_\{\1\} ?(\w)_\{\1\}$"),
    "dot-T": re.compile(r"^(\w)\^\{T\} ?(\w)$"),
}


def _vector_form(latex: str):
    s = canonical(latex)
    for kind, pat in _VEC_FORMS.items():
        m = pat.match(s)
        if m:
            g = [x for x in m.groups() if len(x) == 1]
            if kind == "dot":
                g = list(m.groups()[1:])
            return kind, g[0], g[1]
    return None


def vector_check(lhs: str, rel: str, rhs: str, seed: int = 0) -> Optional[Verdict]:
    """``x ⊙ y`` against ``y ⊙ x``, ``Σ_k x_k y_k`` or ``x^T y`` on concrete vectors."""
    if rel != "=":
        return None
    a, b = _vector_form(lhs), _vector_form(rhs)
    if not a or not b:
        return None
    names = sorted({a[1], a[2]})
    if names != sorted({b[1], b[2]}) or len(names) != 2:
        return None
    vec = {names[0]: [1.0, 2.0], names[1]: [3.0, 4.0]}
    vals = {}
    for side, (kind, u, v) in (("lhs", a), ("rhs", b)):
        prod = [p * q for p, q in zip(vec[u], vec[v])]
        vals[side] = prod if kind == "hadamard" else sum(prod)
    point = dict(vec)
    if vals["lhs"] == vals["rhs"]:
        same = "both are the vector (x_k y_k): ⊙ is commutative" if a[0] == b[0] == "hadamard" else \
            "both are the dot product"
        return Verdict.correct("exact", same)
    kinds = {a[0], b[0]}
    hint = ""
    if "hadamard" in kinds and kinds & {"dot", "dot-T"}:
        hint = r"Σ_k x_k y_k is the dot product (a number); x ⊙ y is the vector (x_k y_k)"
    return Verdict.incorrect("semantics", "a vector on one side, a number on the other",
                             counterexample={"at": point, "lhs": vals["lhs"], "rhs": vals["rhs"]}, hint=hint)
