"""Before reading: bounds, normalisation, tokens.

A math string as students write it (Unicode symbols, ``\\left``/``\\right``,
``\\dfrac``, spacing commands, ``\\tag``, alignment ``&``, a leading label
such as ``2.`` or ``Q2``) becomes a list of :class:`Tok`, each with its
0-based position in the *source* string, so that a :class:`ParseError`
points into what the user wrote.

No SymPy here, and nothing is evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ParseError
from ..limits import DEFAULT_LIMITS

UNICODE = {
    "σ": r"\sigma ", "Σ": r"\Sigma ", "δ": r"\delta ", "∂": r"\partial ", "∇": r"\nabla ", "⊙": r"\odot ",
    "′": "'", "″": "''", "≤": r"\le ", "≥": r"\ge ", "≠": r"\ne ", "∈": r"\in ", "⇒": r"\Rightarrow ",
    "⟹": r"\Rightarrow ", "→": r"\to ", "·": r"\cdot ", "⋅": r"\cdot ", "×": r"\times ", "−": "-", "–": "-",
    "∑": r"\sum ", "⊗": r"\otimes ", "…": r"\ldots ", "⋯": r"\cdots ", "ᵀ": "^T", "α": r"\alpha ",
    "β": r"\beta ", "γ": r"\gamma ", "ω": r"\omega ", "η": r"\eta ", "λ": r"\lambda ", "ε": r"\epsilon ",
    "ϵ": r"\epsilon ", "μ": r"\mu ", "θ": r"\theta ", "≈": r"\approx ", "√": r"\sqrt ", "∞": r"\infty ",
    "Δ": r"\Delta ", "Γ": r"\Gamma ", "Θ": r"\Theta ", "Λ": r"\Lambda ", "Π": r"\Pi ", "Φ": r"\Phi ",
    "Ψ": r"\Psi ", "Ω": r"\Omega ", "π": r"\pi ", "φ": r"\phi ", "ϕ": r"\phi ", "ψ": r"\psi ", "ρ": r"\rho ",
    "τ": r"\tau ", "ν": r"\nu ", "κ": r"\kappa ", "ξ": r"\xi ", "ζ": r"\zeta ", "χ": r"\chi ", "ℓ": r"\ell ",
    "∏": r"\prod ", "∫": r"\int ", "⌊": r"\lfloor ", "⌋": r"\rfloor ", "⌈": r"\lceil ", "⌉": r"\rceil ",
    "±": r"\pm ", "∓": r"\mp ", "²": "^2 ", "³": "^3 ", "¹": "^1 ", "⁺": "+", "∘": r"\circ ",
    "÷": r"\div ", "∗": "*", "⟨": r"\langle ", "⟩": r"\rangle ", "∣": "|", "⇔": r"\iff ",
    "⟺": r"\iff ", "≡": r"\equiv ", "≔": ":=", "∀": r"\forall ", "∃": r"\exists ", "∝": r"\propto ",
    # full-width punctuation (CJK write-ups)
    "\u00a0": " ", "，": ", ", "；": "; ", "：": ":", "（": "(", "）": ")",
}
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_UNICODE_RE = re.compile("|".join(map(re.escape, UNICODE)))

# commands removed with their braced argument, commands removed alone
_DROP_WITH_ARG = ("tag", "label", "hspace", "vspace", "phantom", "color", "hphantom", "vphantom", "eqref",
                  "ref")
_UNWRAP = {"boxed": 0, "fbox": 0, "textcolor": 1, "colorbox": 1, "underline": 0, "cancel": 0}
_DROP = {"left", "right", "mleft", "mright", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "bigg", "Bigg",
         "biggl", "biggr", "Biggl", "Biggr", "middle", "displaystyle", "textstyle", "scriptstyle",
         "scriptscriptstyle", "nonumber", "notag", "quad", "qquad", "thinspace", "medspace", "thickspace",
         "negthinspace", "negmedspace", "negthickspace", "enspace", "enskip", "limits", "nolimits", "mathstrut",
         "strut", "cr", "large", "Large", "LARGE", "small", "tiny", "huge", "Huge", "normalsize", "scriptsize",
         "footnotesize", "bf", "it", "sf", "tt", "boldmath", "unboldmath", "allowbreak", "nolinebreak",
         "linebreak", "newline", "centering", "blacksquare", "qed", "square", "Box"}
_SPACING = {",", ";", ":", "!", " ", ">"}
_ALIAS = {"dfrac": "frac", "tfrac": "frac", "grad": "nabla", "lVert": "|", "rVert": "|", "Vert": "|",
          "neq": "ne", "leq": "le", "geq": "ge", "leqslant": "le", "geqslant": "ge", "implies": "Rightarrow",
          "Longrightarrow": "Rightarrow", "rightarrow": "to", "longrightarrow": "to", "varepsilon": "epsilon", "top": "T", "intercal": "T",
          "ast": "*", "bigodot": "odot", "circ": "odot", "bullet": "cdot", "cdotp": "cdot", "centerdot": "cdot",
          "dots": "ldots", "dotsc": "ldots", "varphi": "phi", "vartheta": "theta", "lbrack": "[",
          "rbrack": "]", "lbrace": "{", "rbrace": "}", "colon": ":", "mid": "vert", "lvert": "vert", "rvert": "vert",
          "lgroup": "(", "rgroup": ")",
          "ulcorner": "lceil", "urcorner": "rceil", "llcorner": "lfloor", "lrcorner": "rfloor",
          "textperthousand": "permille", "cfrac": "frac"}
# an alias that is one character is that character (\lbrace is "(", \vert is "|")
_CHAR_ALIAS = {"(": "(", ")": ")", "[": "[", "]": "]", "{": "(", "}": ")", ":": ":", "*": "*", "vert": "|"}
TEXT_CMDS = {"text", "textrm", "textit", "textbf", "mbox", "textnormal", "textsf", "texttt", "hbox"}
WORD_CMDS = {"mathrm", "operatorname", "mathit", "mathsf", "mathtt", "rm"}  # a word inside: a name or prose
DECO_CMDS = {"mathbf", "boldsymbol", "bm", "vec", "mathbfit", "overrightarrow", "pmb", "boldsymbol",
             "mathcal", "mathbb", "hat", "bar", "overline", "tilde", "widehat", "widetilde"}
FUNCTION_WORDS = {"ln", "log", "lg", "exp", "tanh", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "coth",
                  "sech", "csch",
                  "arcsin", "arccos", "arctan", "arccot", "arcsec", "arccsc", "arsinh", "arcsinh", "arcosh",
                  "arccosh", "artanh", "arctanh", "diag", "sqrt", "max", "min", "sign", "sgn", "softmax", "ReLU",
                  "relu", "In", "sigmoid", "gcd", "lcm", "floor", "ceil", "det", "argmax", "argmin"}


@dataclass(frozen=True)
class Tok:
    kind: str   # num, letter, cmd, char, text, begin, end, newline, amp, prime, eof
    text: str
    pos: int
    brace: bool = False  # "(" or ")" written \{ \}: a set's braces (or a grouping), never a tuple's

    def __repr__(self):
        return f"{self.kind}:{self.text}@{self.pos}"


def check_bounds(latex: str) -> None:
    """Refuse, before any parsing, a string over 2,000 characters or nested
    deeper than 50 (``ParseError`` with the position where it goes over)."""
    limit = DEFAULT_LIMITS.max_expr_chars
    if len(latex) > limit:
        raise ParseError(f"expression is {len(latex)} characters, over the limit of {limit}", latex[:80], limit)
    depth = nesting_depth(latex)
    if depth > DEFAULT_LIMITS.max_depth:
        raise ParseError(f"nesting depth {depth} is over the limit of {DEFAULT_LIMITS.max_depth}", latex[:80], None)


def nesting_depth(s: str) -> int:
    """The deepest nesting of (), [] and {} (``\\left(`` counts once; unbalanced closers are ignored)."""
    depth = best = 0
    for ch in s:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}" and depth:
            depth -= 1
    return best


_LABEL_RE = re.compile(
    r"^\s*(?:(?:\d{1,2}\s*[.)](?!\d))|(?:Q\s*\d{1,2}\s*\.?)(?=\s)|(?:\\text\s*\{\s*Eq\s*\}\s*\^\s*\{?\s*n\s*\}?\s*\d*))"
    r"\s*(?:\\q?quad(?![A-Za-z])|\\[,;:!](?![A-Za-z]))?")


def strip_label(latex: str) -> tuple[int, str]:
    """A leading problem label (``2.``, ``Q2``, ``\\text{Eq}^n 1``): its length, and the label."""
    m = _LABEL_RE.match(latex)
    if not m or not latex[m.end():].strip():
        return 0, ""
    return m.end(), m.group().strip()


def tokenize(src: str, start: int = 0) -> list[Tok]:
    """Tokens of ``src[start:]`` (Unicode normalised on the fly; positions stay in ``src``)."""
    out: list[Tok] = []
    i, n = start, len(src)
    while i < n:
        ch = src[i]
        if ch in UNICODE:
            sub = tokenize(UNICODE[ch])[:-1]
            out.extend(Tok(t.kind, t.text, i) for t in sub)
            i += 1
            continue
        if ch.isspace() or ch == "~":
            i += 1
            continue
        if ch == "%":  # a TeX comment runs to the end of the line
            while i < n and src[i] != "\n":
                i += 1
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _THOUSANDS.match(src, i)
            if m and src[max(start, i - 2):i].endswith("\\$"):  # \$1,000.00: a sum of money
                out.append(Tok("num", m.group().replace(",", ""), i))
                i = m.end()
                continue
            j = i
            while j < n and src[j].isdigit():
                j += 1
            if j < n - 1 and src[j] == "." and src[j + 1].isdigit():
                j += 1
                while j < n and src[j].isdigit():
                    j += 1
            elif j < n and src[j] == "." and j == i:
                j += 1
            out.append(Tok("num", src[i:j], i))
            i = j
            continue
        if ch.isalpha() and not ch.isascii():
            # prose in another script inside math (是sigmoid函数): one text token, with
            # the Latin letters written against it
            j = i
            while j < n and (src[j].isalpha() or src[j].isdigit()) and src[j] not in UNICODE:
                j += 1
            k = len(out)
            while k > 0 and out[k - 1].kind == "letter" and out[k - 1].pos == (out[k].pos if k < len(out) else i) - 1:
                k -= 1
            start = out[k].pos if k < len(out) else i
            del out[k:]
            out.append(Tok("text", src[start:j], start))
            i = j
            continue
        if ch.isalpha():
            out.append(Tok("letter", ch, i))
            i += 1
            continue
        if ch == "'":
            out.append(Tok("prime", "'", i))
            i += 1
            continue
        if ch == "&":
            out.append(Tok("char", "&", i))
            i += 1
            continue
        if ch == "\\":
            if i + 1 < n and src[i + 1] == "\\":
                out.append(Tok("newline", "\\\\", i))
                i += 2
                # an optional [2pt] after a line break
                m = re.match(r"\s*\[[^\]]*\]", src[i:])
                if m and re.search(r"\d\s*(pt|em|ex|mm)", m.group()):
                    i += m.end()
                continue
            j = i + 1
            while j < n and src[j].isalpha():
                j += 1
            if j == i + 1:  # a one-character command: \, \; \{ \| ...
                c = src[i + 1] if i + 1 < n else ""
                i += 2
                if c in _SPACING or c == "":
                    continue
                if c == "|":
                    out.append(Tok("char", "‖", i - 2))
                elif c in "{}":
                    out.append(Tok("char", "(" if c == "{" else ")", i - 2, True))
                elif c == "%":
                    out.append(Tok("cmd", "percent", i - 2))
                elif c in "$#":
                    continue  # a currency sign
                elif c == "*":
                    out.append(Tok("char", "*", i - 2))
                elif c == "_":
                    out.append(Tok("letter", "_", i - 2))
                else:
                    out.append(Tok("char", c, i - 2))
                continue
            name = src[i + 1:j]
            name = _ALIAS.get(name, name)
            pos = i
            i = j
            if name in _CHAR_ALIAS:
                out.append(Tok("char", _CHAR_ALIAS[name], pos))
                continue
            if name == "prime" and not (out and out[-1].kind == "char" and out[-1].text in "^{"):
                out.append(Tok("prime", "'", pos))  # y\prime: a prime outside a superscript
                continue
            if name == "|":
                out.append(Tok("char", "‖", pos))
                continue
            if name in _DROP:
                if name in ("left", "right", "middle") or name.startswith(("big", "Big")):
                    # \left. and \right. are invisible delimiters
                    k = i
                    while k < n and src[k].isspace():
                        k += 1
                    if k < n and src[k] == ".":
                        i = k + 1
                continue
            if name in _DROP_WITH_ARG:
                i = skip_group(src, i)
                continue
            if name == "par" and not re.match(r"\s*\{", src[i:]):  # a paragraph break: a separator, like \\\\
                out.append(Tok("newline", "\\\\", pos))
                continue
            if name in ("stackrel", "overset", "underset") and re.match(r"\s*\{", src[i:]):
                # \stackrel{(a)}{=}: the relation, with its annotation dropped
                i = skip_group(src, i)
                end = skip_group(src, i)
                inner = tokenize(src[:end - 1], src.index("{", i) + 1)[:-1] if end > i else []
                out.extend(inner)
                i = end
                continue
            if name == "underbrace":  # \underbrace{x}_{\text{...}}: the content; the label under it dropped
                end = skip_group(src, i)
                if end > i:
                    out.extend(tokenize(src[:end - 1], src.index("{", i) + 1)[:-1])
                    i = end
                    m = re.match(r"\s*_\s*", src[i:])
                    if m:
                        k = i + m.end()
                        i = skip_group(src, k) if src[k:k + 1] == "{" else k + 1
                continue
            if name in _UNWRAP:  # \boxed{x = 2}, \textcolor{red}{x}: the content, as if unwrapped
                for _ in range(_UNWRAP[name]):
                    i = skip_group(src, i)
                end = skip_group(src, i)
                if end == i:
                    continue
                start_inner = src.index("{", i) + 1
                inner = tokenize(src[:end - 1], start_inner)[:-1]
                out.extend(t for t in inner if t.kind != "eof")
                i = end
                continue
            if name in ("begin", "end"):
                m = re.match(r"\s*\{([A-Za-z*]+)\}", src[i:])
                if not m:
                    raise ParseError(f"\\{name} without an environment name", src, pos)
                out.append(Tok(name, m.group(1).rstrip("*"), pos))
                i += m.end()
                continue
            if name in TEXT_CMDS or name in WORD_CMDS:
                m = re.match(r"\s*\{([^{}]*)\}", src[i:])
                if not m:
                    if name in WORD_CMDS:  # \mathrm d, \mathsf T
                        continue
                    raise ParseError(f"\\{name} without a braced argument", src, pos)
                word = m.group(1).strip()
                i += m.end()
                if name in WORD_CMDS or word in FUNCTION_WORDS or re.fullmatch(r"[A-Za-z]", word):
                    if word in FUNCTION_WORDS:
                        out.append(Tok("cmd", word, pos))
                        continue
                    if word == "grad":  # \operatorname{grad}: the gradient
                        out.append(Tok("cmd", "nabla", pos))
                        continue
                    if re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+", word):
                        out.extend(Tok(t.kind, t.text, pos) for t in tokenize(word)[:-1])
                        continue
                    if name in WORD_CMDS and re.fullmatch(r"[A-Za-z]+\d*", word):
                        out.append(Tok("letter", word, pos))  # \mathrm{const}: a multi-letter name
                        continue
                out.append(Tok("text", word, pos))
                continue
            if name in ("dot", "ddot") or name.startswith("math") and name not in DECO_CMDS:
                continue  # \mathstrut-like decorations without meaning
            out.append(Tok("cmd", name, pos))
            continue
        out.append(Tok("char", ch, i))
        i += 1
    out.append(Tok("eof", "", n))
    return _drop_alignment(brace_cases(out))


MATRIX_ENVS = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix", "array", "vmatrix", "cases"}


def _drop_alignment(toks: list[Tok]) -> list[Tok]:
    """``&`` separates cells inside a matrix; elsewhere (aligned, eqnarray) it has no meaning."""
    out, depth = [], 0
    for t in toks:
        if t.kind == "begin" and t.text in MATRIX_ENVS:
            depth += 1
        elif t.kind == "end" and t.text in MATRIX_ENVS:
            depth -= 1
        elif t.kind == "char" and t.text == "&" and depth <= 0:
            continue
        elif t.kind in ("begin", "end") and depth <= 0:
            continue  # aligned, equation, eqnarray...: a wrapper without meaning
        out.append(t)
    return out


def _group_end(toks: list[Tok], k: int) -> int:
    """The index after the braced group opening at ``toks[k]`` (``k`` when none opens there)."""
    if not (k < len(toks) and toks[k].kind == "char" and toks[k].text == "{"):
        return k
    depth = 0
    for j in range(k, len(toks)):
        depth += (toks[j].kind == "char" and toks[j].text == "{") - (toks[j].kind == "char" and toks[j].text == "}")
        if depth == 0:
            return j + 1
    return k


def brace_cases(toks: list[Tok]) -> list[Tok]:
    """``\\left\\{ \\begin{array}{ll} v & c \\\\ … \\end{array} \\right.``: a brace on the left of an
    array (or matrix) that is not closed on its right is a definition by cases, read as
    ``\\begin{cases} … \\end{cases}`` (the column spec dropped). An array closed by ``\\right\\}`` is
    left as it is."""
    out, k = [], 0
    while k < len(toks):
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.kind == "char" and t.text == "(" and t.brace and nxt is not None and nxt.kind == "begin" and \
                nxt.text in ("array", "matrix"):
            depth, end = 0, None
            for j in range(k + 1, len(toks)):
                if toks[j].kind == "begin":
                    depth += 1
                elif toks[j].kind == "end":
                    depth -= 1
                    if depth == 0:
                        end = j
                        break
            after = toks[end + 1] if end is not None and end + 1 < len(toks) else None
            if end is not None and not (after is not None and after.kind == "char" and after.text == ")" and after.brace):
                body = k + 2 if nxt.text == "matrix" else _group_end(toks, k + 2)
                out.append(Tok("begin", "cases", nxt.pos))
                out.extend(toks[body:end])
                out.append(Tok("end", "cases", toks[end].pos))
                k = end + 1
                continue
        out.append(t)
        k += 1
    return out


def skip_group(src: str, i: int) -> int:
    m = re.match(r"\s*\{", src[i:])
    if not m:
        return i
    k, depth = i + m.end() - 1, 0
    while k < len(src):
        if src[k] == "{":
            depth += 1
        elif src[k] == "}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return k
