"""Proof write-ups: each claim as a theorem, its proof as justified aligned
steps, and a paragraph saying how it was verified — with the numbers of the
actual verification run.

The output depends only on the claims and the verification results (no
dates, no timings), so the same seed gives the same bytes.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from .. import __version__
from ..claims.model import Claim, ClaimResult
from .document import END_DOCUMENT, begin_document, counterexample_latex, sci_latex
from .escape import UNICODE_MATH, breakable_text, escape_latex, prose

NOTATION = r"""\section*{Notation}
The notation is Nielsen's (\emph{Neural Networks and Deep Learning}, ch.~1--3).
Layer $l$ has weighted inputs $z^l$ and activations $a^l = \sigma(z^l)$, with components $z^l_j$ and $a^l_j$;
$w^l_{jk}$ is the weight from neuron $k$ in layer $l-1$ to neuron $j$ in layer $l$, and $b^l_j$ a bias, so
$z^l = w^l a^{l-1} + b^l$. Superscripts on $a$, $z$, $w$, $b$ and $\delta$ are layer indices, not powers;
$L$ is the output layer. The cost is $C$, and $\delta^l_j = \partial C / \partial z^l_j$ is the error of
neuron $j$ in layer $l$. $\sigma'$ is the derivative of the activation function, $\odot$ the elementwise
(Hadamard) product, $\Sigma'(z^l)$ the diagonal matrix with $\sigma'(z^l_j)$ on its diagonal, and $(w^l)^T$
a transpose. BP1--BP4 are the four fundamental equations of backpropagation.
"""

_RELATIONS = ("=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\approx", r"\equiv", r"\ne", r"\neq",
              r"\propto", r"\sim", r"\simeq")
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)


def math_text(latex: str) -> str:
    """Library LaTeX (trusted) with any Unicode replaced by macros, on one line."""
    out = []
    for ch in re.sub(r"\s+", " ", latex).strip():
        if ch in UNICODE_MATH:
            rep = UNICODE_MATH[ch]
            out.append(rep + " " if rep[-1].isalpha() and rep.startswith("\\") else rep)
        elif ord(ch) > 126:
            out.append(r"\text{?}")
        else:
            out.append(ch)
    return "".join(out)


_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
          "phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega").split()


def _symbol_names(latex: str) -> str:
    """Assumption keys are written like ``epsilon`` or ``g_i, d_i``: make Greek names symbols."""
    return re.sub(r"(?<![\\A-Za-z])(" + "|".join(_GREEK) + r")(?![A-Za-z])", r"\\\1", latex)


def split_relation(latex: str) -> tuple[str, str]:
    """Split at the first relation outside braces and ``\\left...\\right``:
    ``("lhs", "= rhs")``; ``("", latex)`` when it starts with one or has none."""
    depth = 0
    pos = 0
    for tok in _TOKEN.findall(latex):
        if tok in ("{", r"\left", r"\begin"):
            depth += 1
        elif tok in ("}", r"\right", r"\end"):
            depth -= 1
        elif depth == 0 and tok in _RELATIONS:
            return latex[:pos].strip(), latex[pos:].strip()
        pos += len(tok)
    return "", latex.strip()


def _relation_prefix(rhs: str) -> tuple[str, str]:
    """``"= x + y"`` -> ``("=", "x + y")``; no relation -> ``("", rhs)``."""
    for rel in sorted(_RELATIONS, key=len, reverse=True):
        if rhs.startswith(rel) and not (rel[-1].isalpha() and rhs[len(rel):len(rel) + 1].isalpha()):
            return rel, rhs[len(rel):].strip()
    return "", rhs


def proof_latex(claim: Claim) -> str:
    """The proof as an ``align*`` of justified steps (empty proof -> a sentence)."""
    if not claim.proof:
        return "\\begin{proof}\nThe library gives no step-by-step proof; see the verification below.\n\\end{proof}\n"
    rows = []
    for k, step in enumerate(claim.proof):
        lhs, rhs = split_relation(math_text(step.latex))
        rel, body = _relation_prefix(rhs)
        why = f"\\tag*{{\\small ({prose(step.why)})}}" if step.why else ""
        if lhs:
            rows.append(f"  \\fitto{{0.4\\linewidth}}{{{lhs}}}\n  &{rel} \\fitto{{0.5\\linewidth}}{{{body}}}{why}")
        else:
            rows.append(f"  &{rel} \\fitto{{0.5\\linewidth}}{{{body}}}{why}")
    return "\\begin{proof}\n\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n\\end{proof}\n"


def _numeric_sentence(r: ClaimResult, seed: int) -> str:
    n = r.numeric
    if n is None:
        return "No numeric check ran."
    what = "random networks" if n.kind == "networks" else "random points"
    s = (f"Numerically, both sides were compared on {n.trials} {what} (seed {seed}): the maximum relative "
         f"error was ${sci_latex(n.max_rel_error)}$")
    if n.ok:
        return s + "."
    return s + f", and they disagree: {counterexample_latex(n.counterexample)}."


def _symbolic_sentence(r: ClaimResult) -> str:
    sym = r.symbolic
    method = breakable_text(sym.method)
    detail = f" ({breakable_text(sym.detail)})" if sym.detail else ""
    if sym.holds:
        chain = " Every step of the proof above was checked against the next." if (
            r.claim.proof and all(s.expr for s in r.claim.proof)) else ""
        return f"SymPy proved the statement symbolically (method: {method}{detail}).{chain}"
    if sym.holds is False:
        return f"An exact evaluation refutes the statement (method: {method}{detail})."
    return f"The symbolic check was inconclusive (method: {method}{detail}); the claim rests on the numbers."


STATUS_TEXT = {
    "verified": "Verified: proved symbolically and checked numerically.",
    "numeric-only": "Checked numerically only.",
    "refuted": r"\textbf{Refuted}: this statement failed its checks.",
    "error": r"\textbf{Not verified}: a check broke.",
}


def _variants_latex(r: ClaimResult) -> str:
    if not r.variants:
        return ""
    latex_of = {v.name: v.latex for v in r.claim.variants}
    items = []
    for v in r.variants:
        stmt = f"\\par\\fitmath{{{math_text(latex_of[v.name])}}}" if latex_of.get(v.name) else ""
        if v.rejected:
            if v.how == "counterexample" and v.counterexample:
                how = f"rejected by a counterexample: {counterexample_latex(v.counterexample)}"
            else:
                how = f"rejected ({breakable_text(v.how)})"
        else:
            how = f"\\textbf{{not rejected}} ({breakable_text(v.how)})"
        items.append(f"\\item \\texttt{{{escape_latex(v.name)}}} ({prose(v.description)}){stmt}\\par\n"
                     f"  {how}.")
    n, k = len(r.variants), r.variants_rejected
    return (f"False variants rejected: {k} of {n}.\n\\begin{{itemize}}\n" + "\n".join(items)
            + "\n\\end{itemize}\n")


def claim_section(r: ClaimResult, seed: int) -> str:
    """One claim: theorem (with source and assumptions), proof, verification."""
    c = r.claim
    parts = [f"\\section{{{prose(c.title)}}}\n"]
    parts.append(f"\\begin{{theorem}}[\\texttt{{{escape_latex(c.id)}}}]\n\\[ \\fitmath{{{math_text(c.latex)}}} \\]\n")
    parts.append(f"\\emph{{Source:}} {prose(c.source)}.")
    if c.assumptions:
        assumed = ", ".join(f"${_symbol_names(math_text(k))}$ {prose(v)}"
                            for k, v in sorted(c.assumptions.items()))
        parts.append(f" \\emph{{Assumptions:}} {assumed}.")
    parts.append("\n\\end{theorem}\n")
    parts.append(proof_latex(c))
    parts.append("\\paragraph{Verification.} " + STATUS_TEXT[r.status] + " " + _symbolic_sentence(r) + " "
                 + _numeric_sentence(r, seed) + "\n")
    if r.error:
        parts.append(f"The checks reported an error: {breakable_text(r.error)}.\n")
    parts.append(_variants_latex(r))
    return "".join(parts)


def writeup_latex(results: Sequence[ClaimResult], seed: int, networks: Optional[int] = None,
                  title: Optional[str] = None) -> str:
    """A standalone LaTeX article with one section per verified claim."""
    if title is None:
        title = ("Proofs from \\emph{Neural Networks and Deep Learning}" if len(results) != 1
                 else prose(results[0].claim.title))
    passed = sum(r.passed for r in results)
    intro = (f"This document was generated by symcheck {escape_latex(__version__)} with seed {seed}"
             + (f" and {networks} random networks or points per numeric check" if networks else "")
             + f". It states {len(results)} claim{'s' if len(results) != 1 else ''}; "
             f"{passed} of them hold and have every false variant rejected. Each claim is proved symbolically "
             "with SymPy where possible and compared numerically with a numpy implementation of backpropagation; "
             "each also carries deliberately false variants that the same checks must reject, so that a check "
             "that cannot fail is noticed.\n\n")
    body = [begin_document(title, "\\newtheorem{theorem}{Theorem}\n"), intro, NOTATION]
    body += [claim_section(r, seed) for r in results]
    body.append(END_DOCUMENT)
    return "\n".join(body)
