"""Which math strings are safe to typeset: an allow-list check.

:func:`safe_math` accepts a math string only when every token is on an
allow-list — known symbols, known macros with their arguments, known
environments — and its structure cannot make TeX stop with an error:
braces, ``\\left``/``\\right`` and environments balance, no double scripts,
no ``&``/``\\\\`` outside a matrix, no ``%``, ``$``, ``#`` or ``^^``. Nothing that
reads or writes files, runs commands, defines macros or changes catcodes is
on the list (``\\input``, ``\\write18``, ``\\def``, ``\\catcode``, ...), so such
input is rejected, not neutralised by a deny-list.
"""

from __future__ import annotations

import re
from typing import Optional

MAX_MATH_CHARS = 2000
MAX_DEPTH = 24

# Unicode seen in claims, reasons and students' work -> math-mode LaTeX.
UNICODE_MATH = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\epsilon", "ϵ": r"\epsilon",
    "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ι": r"\iota", "κ": r"\kappa", "λ": r"\lambda",
    "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "τ": r"\tau",
    "υ": r"\upsilon", "φ": r"\phi", "ϕ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega",
    "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda", "Ξ": r"\Xi", "Π": r"\Pi",
    "Σ": r"\Sigma", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega",
    "∂": r"\partial", "∇": r"\nabla", "⊙": r"\odot", "∘": r"\circ", "·": r"\cdot", "⋅": r"\cdot",
    "×": r"\times", "−": "-", "–": "-", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx",
    "∈": r"\in", "∑": r"\sum", "∏": r"\prod", "→": r"\to", "←": r"\leftarrow", "⇒": r"\Rightarrow",
    "∞": r"\infty", "±": r"\pm", "√": r"\surd", "′": "'", "″": "''", "ᵀ": "^{T}",
    "²": "^{2}", "³": "^{3}", "¹": "^{1}", "ℓ": r"\ell", "∀": r"\forall", "∃": r"\exists",
    "⊤": r"\top", "≡": r"\equiv", "∝": r"\propto", "…": r"\ldots", "⋯": r"\cdots", "ℝ": r"\mathbb{R}",
    "‖": r"\|", "½": r"\tfrac{1}{2}", "∥": r"\|", "⟨": r"\langle", "⟩": r"\rangle",
}

# Symbols: control words that take no argument.
_SYMBOLS = set("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi
rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
Upsilon Phi Psi Omega partial nabla odot otimes oplus circ cdot times div pm mp ast star bullet
le leq ge geq ne neq approx equiv sim simeq propto ll gg in notin subset subseteq supset supseteq cup cap
setminus to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto implies iff
infty forall exists ell hbar top bot prime emptyset varnothing ldots cdots vdots ddots dotsc dotsb
sum prod int iint oint lim limsup liminf max min sup inf arg log ln exp sin cos tan sinh
cosh tanh det dim ker deg Pr mid parallel perp angle quad qquad colon vert Vert lvert rvert
lVert rVert langle rangle lfloor rfloor lceil rceil displaystyle textstyle scriptstyle cdotp
""".split())
# Symbols that are single math characters: the only control words allowed as
# an argument without braces (``x^\\sigma``). Macros such as ``\\,``, ``\\log``
# or ``\\ldots`` are not: ``\\sqrt\\,`` is a TeX error.
_MATHCHARS = set("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi
rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
Upsilon Phi Psi Omega partial nabla infty ell top bot prime odot otimes oplus circ cdot times div pm mp
ast star bullet le leq ge geq approx equiv sim simeq propto ll gg in subset subseteq supset supseteq
cup cap setminus to rightarrow leftarrow Rightarrow Leftarrow forall exists emptyset
""".split())
# Control words with a fixed number of mandatory arguments (math-mode arguments).
_ARITY = {
    "frac": 2, "dfrac": 2, "tfrac": 2, "binom": 2,
    "sqrt": 1, "mathrm": 1, "mathbf": 1, "mathit": 1, "mathcal": 1, "mathbb": 1, "mathsf": 1,
    "mathtt": 1, "boldsymbol": 1, "bm": 1, "hat": 1, "bar": 1, "tilde": 1, "vec": 1, "dot": 1,
    "ddot": 1, "overline": 1, "underline": 1, "widehat": 1, "widetilde": 1,
}
# Arguments typeset in text mode: letters, digits and simple punctuation only.
_TEXT_ARG = {"text", "textrm", "textit", "textbf", "operatorname"}
_TEXT_ARG_RE = re.compile(r"[A-Za-z0-9 ,.;:!?()+=/\-]*")
_DELIMITERS = set("()[]|./") | {r"\{", r"\}", r"\|", r"\langle", r"\rangle", r"\lvert", r"\rvert",
                                r"\lVert", r"\rVert", r"\vert", r"\Vert", r"\lfloor", r"\rfloor",
                                r"\lceil", r"\rceil"}
_SIZED = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"}
_MAX_AMPS = {"matrix": 9, "pmatrix": 9, "bmatrix": 9, "Bmatrix": 9, "vmatrix": 9, "Vmatrix": 9, "cases": 1,
             "aligned": 19}  # amsmath's limits: 10 matrix columns, 2 in cases
_ENVS = set(_MAX_AMPS)
_CONTROL_SYMBOLS = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\{", r"\}", r"\|", r"\%", r"\#", r"\&", r"\_",
                    r"\\"}
_OTHER_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-*/=<>()[]|.,;:!?' @~")

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)


class _Reject(Exception):
    pass


def _replace_unicode(latex: str) -> str:
    out = []
    for ch in latex:
        if ch in UNICODE_MATH:
            rep = UNICODE_MATH[ch]
            out.append(rep + " " if rep[0] == "\\" and rep[-1].isalpha() else rep)
        elif ord(ch) > 126:
            raise _Reject(f"character U+{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _tokens(latex: str) -> list[str]:
    return [t for t in _TOKEN.findall(latex) if t != " "]


class _Checker:
    """A recursive-descent walk over the tokens; raises _Reject on anything unknown."""

    def __init__(self, toks: list[str]):
        self.toks, self.i = toks, 0

    def peek(self) -> Optional[str]:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str:
        t = self.peek()
        if t is None:
            raise _Reject("unexpected end")
        self.i += 1
        return t

    def check(self):
        self.sequence(depth=0, closer=None, env=None)
        if self.i != len(self.toks):
            raise _Reject("unbalanced braces")

    def sequence(self, depth: int, closer: Optional[str], env: Optional[str]):
        """Read atoms until ``closer`` ('}', 'right', '\\end', ']' or None = end)."""
        if depth > MAX_DEPTH:
            raise _Reject("nested too deeply")
        sup = sub = False  # scripts already attached to the current atom
        primes = False
        amps = 0  # '&' in the current row of an environment
        while True:
            t = self.peek()
            if t is None:
                if closer is not None:
                    raise _Reject("unclosed group")
                return
            if t == "}":
                if closer != "}":
                    raise _Reject("unbalanced braces")
                return
            if t == r"\right":
                if closer != "right":
                    raise _Reject(r"\right without \left")
                return
            if t == r"\end":
                if closer != r"\end":
                    raise _Reject(r"\end without \begin")
                return
            if t in ("^", "_"):
                self.take()
                if t == "^":
                    if sup and not primes:
                        raise _Reject("double superscript")
                    if sup and primes and self.toks[self.i - 2] != "'":
                        raise _Reject("double superscript")
                    sup, primes = True, False
                else:
                    if sub:
                        raise _Reject("double subscript")
                    sub, primes = True, False
                self.argument(depth)
                continue
            if t == "'":
                self.take()
                if sup and not primes:
                    raise _Reject("prime after a superscript")
                sup = primes = True
                continue
            sup = sub = primes = False
            if t in ("&", r"\\"):
                if env is None:
                    raise _Reject(f"{t} outside a matrix")
                self.take()
                if t == "&":
                    amps += 1
                    if amps > _MAX_AMPS[env]:
                        raise _Reject(f"too many columns for {env}")
                else:
                    amps = 0
                    if self.peek() == "[":
                        raise _Reject(r"\\[...]")
                continue
            self.atom(depth, env)

    def argument(self, depth: int):
        """One mandatory argument: a group, or a single symbol or character."""
        t = self.peek()
        if t == "{":
            self.take()
            self.sequence(depth + 1, "}", None)
            self.take()
        elif t is None or t in ("}", "^", "_", "&", "'", r"\\", r"\right", r"\end", r"\left", r"\begin"):
            raise _Reject("missing argument")
        elif t.startswith("\\") and t[1:] not in _MATHCHARS:
            raise _Reject(f"{t} as an argument without braces")
        elif not t.startswith("\\") and (t not in _OTHER_OK or t == "~"):
            raise _Reject(f"character {t!r}")
        else:
            self.take()

    def text_argument(self):
        if self.take() != "{":
            raise _Reject("text argument without braces")
        start = self.i
        while self.peek() not in ("}", None):
            self.take()
        if self.peek() is None:
            raise _Reject("unclosed text argument")
        body = "".join(self.toks[start:self.i])
        self.take()
        if not _TEXT_ARG_RE.fullmatch(body):
            raise _Reject("text argument with special characters")

    def delimiter(self):
        t = self.take()
        if t not in _DELIMITERS:
            raise _Reject(f"{t!r} is not a delimiter")

    def atom(self, depth: int, env: Optional[str]):
        t = self.take()
        if t == "{":
            self.sequence(depth + 1, "}", None)
            self.take()
            return
        if t == r"\left":
            self.delimiter()
            self.sequence(depth + 1, "right", None)
            self.take()  # \right
            self.delimiter()
            return
        if t == r"\begin":
            name = self.env_name()
            self.sequence(depth + 1, r"\end", name)
            self.take()  # \end
            if self.env_name() != name:
                raise _Reject("mismatched environment")
            return
        if t.startswith("\\"):
            name = t[1:]
            if t in _CONTROL_SYMBOLS:
                return
            if name in _SYMBOLS:
                return
            if name in _SIZED:
                self.delimiter()
                return
            if name in _TEXT_ARG:
                self.text_argument()
                return
            if name == "sqrt" and self.peek() == "[":
                self.take()
                while self.peek() != "]":
                    if not re.fullmatch(r"[A-Za-z0-9+\-]", self.take()):
                        raise _Reject("root index")
                self.take()
            if name in _ARITY:
                for _ in range(_ARITY[name]):
                    self.argument(depth)
                return
            raise _Reject(f"unknown control sequence {t}")
        if t not in _OTHER_OK:
            raise _Reject(f"character {t!r}")

    def env_name(self) -> str:
        if self.take() != "{":
            raise _Reject("environment name")
        name = []
        while self.peek() not in ("}", None):
            name.append(self.take())
        if self.peek() is None:
            raise _Reject("environment name")
        self.take()
        n = "".join(name)
        if n not in _ENVS:
            raise _Reject(f"environment {n!r}")
        return n


def safe_math(latex: str) -> Optional[str]:
    """``latex`` (math mode, without delimiters) normalised to inert ASCII
    LaTeX when every part of it is on the allow-list; otherwise ``None``.

    A non-None result can be put between ``\\(`` and ``\\)`` and compiles:
    braces, ``\\left``/``\\right`` and environments are balanced, every macro
    has its arguments, there are no double scripts, no ``^^`` escapes, no
    comments, no ``$``/``#``, no blank lines.
    """
    if not isinstance(latex, str) or len(latex) > MAX_MATH_CHARS:
        return None
    text = re.sub(r"\s+", " ", latex).strip()
    if not text or "^^" in text.replace(" ", ""):
        return None
    try:
        text = _replace_unicode(text)
        toks = _tokens(text)
        _Checker(toks).check()
    except (_Reject, IndexError):
        return None
    # TeX looks for a second prime or a superscript right after a prime,
    # without skipping spaces: "f' '" and "f' ^2" are double superscripts.
    return re.sub(r"'\s+(?=['^])", "'", text)
