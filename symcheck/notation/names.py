"""Names and their scripts: layered quantities (a^l_j, w^l_{jk}), transposes,
plain and indexed symbols, and the OCR look-alikes. A mixin of :class:`.reader.Reader`;
σ and functions applied to arguments are read by :mod:`.calls`.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from . import vocab as V
from .build import (BATCH, GREEK, INDEX_LETTERS, LAYERED, LOOKALIKE, E_LAYER, MARKS, index_symbol, is_number_tokens,
                    is_transpose, layer_tokens, neg, power, sym, text_of)
from .calls import CallsMixin
from .preprocess import DECO_CMDS, Tok


class NamesMixin(CallsMixin):
    def decorated(self, t: Tok):
        toks = self.group_tokens()
        inner = self.sub(toks)
        if len(toks) == 2 and toks[0].kind in ("letter", "cmd") and (toks[0].kind == "letter" or toks[0].text in GREEK):
            if t.text in MARKS:  # \tilde{w} is another variable than w
                self.st.note(f"\\{t.text}{{{toks[0].text}}} read as the name {toks[0].text}{MARKS[t.text]}")
                return self.name_from(Tok("letter", toks[0].text + MARKS[t.text], toks[0].pos))
            self.st.note(f"\\{t.text}{{...}} read as a vector/matrix name")
            return self.name_from(toks[0], decorated=True)
        e = inner.expr_all()
        if t.text in ("bar", "overline") and (isinstance(e, sp.MatrixBase) and all(x.is_number for x in e) or
                                              isinstance(e, sp.Expr) and e.is_number):
            self.st.note(f"\\{t.text}{{...}} of numbers read as the complex conjugate")
            return e.conjugate()
        if t.text in MARKS and not (isinstance(e, sp.Expr) and e.is_number):
            # \overline{x + y}: the mark is an operation on the expression (a mean, a conjugate ...),
            # never dropped; it is kept unevaluated
            self.st.note(f"\\{t.text}{{...}} of an expression kept as an unevaluated operation")
            return sp.Function(t.text.replace("wide", "").replace("overline", "bar"), real=True)(e)
        return e

    def name(self):
        t = self.next()
        if t.kind == "letter" and t.text in ("l", "I") and self.is_("letter", "n") and (
                self.is_("char", "(", self.peek()) or self.peek().kind in ("letter", "cmd")) and t.text == "l":
            self.next()
            self.st.note("bare ln read as the natural logarithm")
            return sp.log(self.argument())
        if t.kind == "letter" and t.text == "e" and self.is_("letter", "x") and self.is_("letter", "p", self.peek()) \
                and self.is_("char", "(", self.peek(2)):
            self.next(), self.next()
            self.st.note("bare exp read as the exponential")
            return sp.exp(self.argument())
        if t.kind == "letter" and t.text == "I" and self.is_("letter", "n") and self.is_("char", "(", self.peek()):
            self.next()
            self.st.note("In read as ln (OCR look-alike)")
            return sp.log(self.argument())
        return self.name_from(t)

    labelled = False  # the superscript being resolved was a parenthesised label

    def name_from(self, t: Tok, decorated: bool = False):
        self.labelled = False
        base = t.text
        sub_t = sup_t = None
        primes = 0
        while True:
            if self.is_("char", "_") and sub_t is None:
                self.next()
                sub_t = self.group_tokens()
            elif self.is_("char", "^") and sup_t is None and not (base == "e" and t.kind == "letter"):
                self.next()
                if self.is_("cmd", "prime"):
                    self.next()
                    primes += 1
                    continue
                if self.is_("char", "{") and self.is_("cmd", "prime", self.peek()):
                    toks = self.group_tokens()
                    primes += sum(1 for x in toks if x.kind == "cmd" and x.text == "prime")
                    continue
                sup_t = self.group_tokens()
            elif self.is_("prime"):
                while self.is_("prime"):
                    self.next()
                    primes += 1
            else:
                break
        if base == "e" and t.kind == "letter" and not sub_t and not primes:
            return self.exp_or_e()
        return self.resolve(base, t, sub_t, sup_t, primes, decorated)

    def exp_or_e(self):
        if not self.is_("char", "^"):
            return sp.E
        self.next()
        if self.is_("char", "-") and not self.is_("char", "{", self.peek()):
            self.next()
            self.st.note("e^-z read as e^{-z}")
            return sp.exp(neg(self.postfix()))
        if self.is_("char", "("):
            self.st.note("e^(...) read as e^{...}")
            return sp.exp(self.bracketed())
        exp = self.group_expr()
        if self.is_("char", "_"):
            # e^z_j: the subscript belongs to the exponent
            self.next()
            sub = self.group_tokens()
            if isinstance(exp, sp.Symbol):
                self.st.note("e^z_j read as e^{z_j}")
                exp = self.resolve(exp.name, None, sub, None, 0, False)
            else:
                self.fail("a subscript after e^{...}")
        return sp.exp(exp)

    def ends_term(self) -> bool:
        """Nothing follows that a sum could act on: the end, a relation, a separator or a closing bracket."""
        t = self.tok
        return t.kind == "eof" or (t.kind == "char" and t.text in "=<>,;)]}&|") or (
            t.kind == "cmd" and t.text in ("ne", "le", "ge", "leq", "geq", "approx", "quad", "qquad", "right"))

    def resolve(self, base: str, t: Optional[Tok], sub_t, sup_t, primes: int, decorated: bool):
        where = t or self.tok
        label = self._parenthesised_label(base, sup_t)
        if label is not None:
            inner, shown = label
            if base in LAYERED or base in ("W", "delta") or (base in LOOKALIKE and "ocr" in self.st.options):
                sup_t = inner  # W^{(l)}: the layer, as W^l (a number too: W^{(2)})
                self.st.note(f"{base}^{{({shown})}} read as a layer label")
                self.labelled = True
            else:
                self.st.note(f"{base}^{{({shown})}} read as the name {base}^({shown})")
                named = self.resolve(f"{base}^({shown})", t, sub_t, None, primes, decorated)
                return V.T(named) if len(inner) > 2 and is_transpose(inner[-2:-1]) else named  # x^{(i)T}
        # --- functions: σ, Σ', f, C ---------------------------------------------
        if base == "sigma":
            return self._sigma(where, sub_t, sup_t, primes)
        if base == "Sigma":
            if primes:
                arg = self.call_argument(where, "Σ'")
                self.st.note("Σ'(z) read as diag(σ'(z))")
                return V.SigmaPrimeDiag(arg)
            if (sub_t is not None or sup_t is not None) and (decorated or self.ends_term()):
                self.st.note("\\Sigma with a subscript and nothing to sum (or in bold) read as a name")
                return self._plain(base, sub_t, where)  # \mathbf{\Sigma}_N, Σ_N = …: a matrix, not a sum
            if sub_t is not None or sup_t is not None:
                self.st.note("\\Sigma read as a sum")
                return self.summation(sub_t, sup_t)
        if sup_t is None and not primes and self.cost_applied(base, sub_t):  # J(θ), E_n(w, v): the cost J, E_n
            return self._plain(base, sub_t, where)
        if base in ("f", "g", "h") and (primes or self.opens_call()):
            if sub_t is not None:
                base = f"{base}_{text_of(sub_t)}"
            return self.undefined_function(base, where, primes, sup_t)
        if base == "C" and self.is_("char", "(") and sup_t is None:  # C(w), C_0(w): the cost as a function
            if sub_t is not None:
                base = f"C_{text_of(sub_t)}"
                self.st.note(f"{base}(…) read as a function")
            return self.undefined_function(base, where, primes, None)
        if len(base) > 1 and base not in GREEK and self.opens_call() and sub_t is None and \
                not (len(base) == 2 and base[1] in MARKS.values() and base[0] not in "fgh"):  # \tilde{w}(…) as w(…)
            self.st.note(f"\\operatorname{{{base}}} read as a function")  # \operatorname{Var}(z)
            if sup_t is not None and not primes and not is_transpose(sup_t):  # \operatorname{sech}^2(z): a power
                self.st.note(f"\\operatorname{{{base}}}^{{{text_of(sup_t)}}}(…) read as a power of the function")
                exponent = self.sub(sup_t).expr_all()
                return power(self.undefined_function(base, where, 0, None), exponent, self)
            return self.undefined_function(base, where, primes, sup_t)
        if primes:
            if base in ("C", "sigma", "f") or sup_t is not None:
                self.fail(f"{base}' without an argument", where)
            if sub_t is None and self.opens_call():  # a'(z): the derivative of a function a, never a' times z
                self.st.note(f"{base}{chr(39) * primes}(…) read as the derivative of a function {base}")
                return self.undefined_function(base, where, primes, None)
            self.st.note(f"{base}{chr(39) * primes} read as a new variable (not a derivative)")
            return self._plain(base + "'" * primes, sub_t, where)
        if base == "delta" and sup_t is None and not primes and sub_t is not None:
            letters = re.sub(r"[\s,]", "", text_of(sub_t))
            if len(letters) == 2 and set(letters) <= INDEX_LETTERS:  # δ_{kj}: two indices, the Kronecker delta
                self.st.note(f"\\delta_{{{letters}}} read as the Kronecker delta")
                return sp.KroneckerDelta(index_symbol(letters[0]), index_symbol(letters[1]))
        # --- layered quantities ---------------------------------------------------
        lname = LAYERED.get(base) or (LOOKALIKE.get(base) if (sub_t or sup_t) else None)
        if base in BATCH and decorated and sub_t is not None and sup_t is None:
            layer, transpose = layer_tokens(sub_t)
            if layer is not None and not is_number_tokens(sub_t):
                self.st.note(f"{base}_{{{sp.sstr(layer)}}} read as the mini-batch matrix of layer {sp.sstr(layer)}")
                return V.Q(V.name(BATCH[base]), layer)
        if base in BATCH and sup_t is not None and sub_t is None:
            layer, transpose = layer_tokens(sup_t)
            if layer is not None and not is_number_tokens(sup_t):
                self.st.note(f"{base}^{{{sp.sstr(layer)}}} read as the mini-batch matrix of layer {sp.sstr(layer)}"
                             " (one column per example)")
                out = V.Q(V.name(BATCH[base]), layer)
                return V.T(out) if transpose else out
        if lname:
            got = self._layered(base, lname, sub_t, sup_t, decorated, where)
            if got is not None:
                return got
        if base in ("x", "y") and sup_t is not None and is_transpose(sup_t):
            self.st.note("^T read as a transpose")
            return V.T(self._plain(base, sub_t, where))
        # --- plain symbols ------------------------------------------------------------
        out = self._plain(base, sub_t, where)
        if sup_t is not None:
            pair = [x for x in sub_t or () if x.kind not in ("eof", "space") and x.text != ","]
            if is_transpose(sup_t) and len(pair) == 2 and all(x.kind == "letter" and x.text.islower() for x in pair):
                self.st.note(f"{base}_{{{text_of(sub_t)}}}^T read as the entry of the transpose")  # W_{bg}^T: W_{gb}
                return self._plain(base, pair[::-1] + [x for x in sub_t if x.kind == "eof"], where)
            if is_transpose(sup_t):
                self.st.note("^T read as a transpose")
                return V.T(out)
            layer, _ = layer_tokens(sup_t)
            if layer is not None and layer.free_symbols & {V.l, V.L} and isinstance(out, sp.Indexed):
                # x_j^l: a layer on a component of a quantity that has no layers, or a power?
                self.fail(f"superscript {text_of(sup_t)} on {base}_{text_of(sub_t)}: a layer or a power?", where)
            if sup_t[0].kind == "char" and sup_t[0].text == "-" and len(sup_t) == 2:
                return sp.Pow(out, neg(self.postfix()))
            return power(out, self.sub(sup_t).expr_all(), self)
        return out

    def _parenthesised_label(self, base, sup_t):
        """``W^{(2)}``, ``x^{(i)}``, and ``W^{[l]}`` as deeplearning.ai writes layers: a parenthesised
        (or bracketed) superscript is a label (a layer, an example) or a power; the ambiguity is recorded.
        (inner tokens, text) when read as a label, else None."""
        body = [x for x in sup_t or () if x.kind != "eof"]
        after = body[-1:] if len(body) >= 4 and is_transpose(body[-1:]) else []  # W^{(2)T}: layer 2, transposed
        body = body[:len(body) - len(after)]
        if not (len(body) >= 3 and body[0].kind == "char" and body[-1].kind == "char"
                and (body[0].text, body[-1].text) in (("(", ")"), ("[", "]"))):
            return None
        inner = body[1:-1] + [sup_t[-1]]
        layer, _ = layer_tokens(inner)
        single = len(inner) == 2 and inner[0].kind == "letter"
        if layer is None and not single:
            return None
        shown = text_of(inner)
        layered = base in LAYERED or base in ("W", "delta")
        if self.st.choose("label", f"{base}^{{({shown})}}", ("a label (a layer or an example)", "a power"),
                          established=layered) != 0:
            return None
        return (inner[:-1] + [Tok("letter", "T", after[0].pos)] + inner[-1:] if after else inner), shown

    def _numbered_layer(self, base, sup_t) -> bool:
        """``z^2`` alone: layer 2, or z squared? Both are plausible (the layer first), and the step
        itself may establish the layer (:mod:`.layer_labels`)."""
        from . import layer_labels

        if not layer_labels.plausible(base, self.st.source):
            return False
        readings = layer_labels.labels(self.st.source)  # the layer first where the step establishes it
        return readings[self.st.choose("numbered-layer", f"{base}^{text_of(sup_t)}", readings,
                                       established=readings == layer_labels.LABELS)] == layer_labels.LABELS[0]

    def _plain(self, base: str, sub_t, where: Tok):
        if sub_t is None:
            if base in ("i", "I") and not re.search(r"\\(sum|prod)|_\s*\{?\s*i", self.st.source):
                # a symbol, or the imaginary unit? (SymPy prints I as i)
                if self.st.choose("imag", base, (f"{base} a symbol", f"{base} the imaginary unit")) == 1:
                    self.st.note(f"{base} read as the imaginary unit")
                    return sp.I
            return sym(base, self.st.vectors)
        text = text_of(sub_t)
        if re.fullmatch(r"[a-z]", text) and text in INDEX_LETTERS:
            return sp.Indexed(sp.IndexedBase(base, real=True), index_symbol(text))
        if re.fullmatch(r"[a-z]{2}", text) and set(text) <= INDEX_LETTERS and any(
                re.search(r"\\sum(?:\\limits)?\s*_\s*\{?\s*" + c + r"(?![A-Za-z])", self.st.source) for c in text):
            # w_{jk} where a sum runs over j or k: the entry w[j, k] (as one name the sum would not see it)
            return sp.Indexed(sp.IndexedBase(base, real=True), index_symbol(text[0]), index_symbol(text[1]))
        if re.fullmatch(r"\d+", text) and base in self.st.indexed:  # x_1 beside x_k: the component x[1]
            return sp.Indexed(sp.IndexedBase(base, real=True), int(text))
        if re.fullmatch(r"[A-Za-z0-9]+", text):
            return sym(f"{base}_{text}", self.st.vectors)  # v_{old} beside ∇C: a vector
        if re.fullmatch(r"[a-z]\s*[+-]\s*\d", text.replace(" ", "")):
            return sp.Indexed(sp.IndexedBase(base, real=True), self.sub(sub_t).expr_all())
        if text.lstrip("\\").strip() in GREEK:
            return sym(f"{base}_{text.lstrip(chr(92)).strip()}")
        if re.fullmatch(r"[a-z]\s*,\s*[a-z]", text) and all(c in INDEX_LETTERS for c in text[::2].replace(" ", "")):
            i, j = (c.strip() for c in text.split(","))
            return sp.Indexed(sp.IndexedBase(base, real=True), index_symbol(i), index_symbol(j))
        body = [x for x in sub_t if x.kind != "eof"]
        if len(body) == 4 and body[0].kind == "cmd" and body[0].text in DECO_CMDS and body[2].kind == "letter":
            # y_{\tilde{y}}: a decorated index
            return sp.Indexed(sp.IndexedBase(base, real=True), index_symbol(body[2].text + "_" + body[0].text))
        clean = text.replace(" ", "")
        if clean.isalnum() and not clean.isascii():  # x_{输出}, C_{общ}: a word in another script labels a name
            return sym(f"{base}_{{{clean}}}")
        if re.fullmatch(r"\\?[A-Za-z]+\d*'*", clean) or re.fullmatch(r"[A-Za-z0-9^{}+\-]+", clean):
            return sym(f"{base}_{{{clean.lstrip(chr(92))}}}")  # a_{b'}, \lambda_{x^2}: a label, so a name
        self.fail(f"cannot read the subscript {text!r} of {base}", where)

    def _layered(self, base, lname, sub_t, sup_t, decorated, where):
        layer = transpose = None
        indices = None
        power_t = None
        ocr = base in LOOKALIKE and base not in LAYERED
        if sup_t is not None:
            if is_transpose(sup_t):
                transpose = True
            else:
                layer, transpose = layer_tokens(sup_t)
                if layer is not None and is_number_tokens(sup_t) and sub_t is None and not self.labelled \
                        and not self._numbered_layer(base, sup_t):
                    layer = None  # a^2 alone: a power
                if layer is None:
                    power_t = sup_t
        if layer is not None and ocr and base != "W" and not layer.free_symbols and "ocr" not in self.st.options:
            return None  # \alpha_2^2 outside an OCR'd document: α_2 squared, not a^2_2
        if layer is not None:
            if sub_t is not None:
                indices = self._indices(sub_t, where)
        elif sub_t is not None:
            sl, st = layer_tokens(sub_t)
            text = text_of(sub_t)
            if sl is not None and (sl.free_symbols & {V.l, V.L}) and not is_number_tokens(sub_t):
                layer = sl
                transpose = transpose or st
                self.st.note(f"{base}_{{{text}}} read with the layer as a subscript")
            elif (decorated or base == "W") and sl is not None and not is_number_tokens(sub_t):
                layer = sl
                transpose = transpose or st
                self.st.note(f"{base}_{{{text}}} read with the layer as a subscript")
            elif re.fullmatch(r"[a-z]{2}[el]", text) and lname == "w":
                layer = V.l
                indices = (index_symbol(text[0]), index_symbol(text[1]))
                self.st.note(f"w_{{{text}}} read as w^l_{{{text[:2]}}} (OCR: last letter is the layer)")
            else:
                if ocr:
                    return None
                return None  # a plain indexed symbol (no layer)
        if layer is None:
            if ocr or power_t is not None or transpose is None:
                return None
            # w^T with no layer: a transposed plain name
            return None
        if layer.has(E_LAYER):
            layer = layer.subs(E_LAYER, V.l)
            self.st.note("e read as the layer l (OCR look-alike)")
        if ocr:
            shown = {"alpha": "α", "omega": "ω", "S": "S", "W": "W"}[base]
            self.st.note(f"{shown} read as {lname if lname != 'delta' else 'δ'} (OCR look-alike)"
                         if base != "W" else "W read as w")
        self.st.note(f"{'δ' if lname == 'delta' else lname}^{{{sp.sstr(layer)}}} read as a layer index")
        if indices and transpose and len(indices) == 2:  # W^{(2)T}_{bc}: the entry (c, b) of W^{(2)}
            self.st.note(f"{lname}^{{{sp.sstr(layer)}T}}_{{..}} read as the transposed entry")
            return V.Comp(V.name(lname), layer, *reversed(indices))
        if indices:
            out = V.Comp(V.name(lname), layer, *indices)
        else:
            out = V.Q(V.name(lname), layer)
        if transpose:
            self.st.note("^T read as a transpose")
            out = V.T(out)
        if power_t is not None:
            return power(out, self.sub(power_t).expr_all(), self)
        return out

    def _indices(self, sub_t, where):
        toks = [t for t in sub_t if t.kind != "eof" and not (t.kind == "char" and t.text == ",")]
        out = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.kind == "letter" and len(t.text) == 1:
                if i + 2 < len(toks) and toks[i + 1].kind == "char" and toks[i + 1].text in "+-" and toks[i + 2].kind == "num":
                    k = index_symbol(t.text)
                    out.append(k + int(toks[i + 2].text) * (1 if toks[i + 1].text == "+" else -1))
                    i += 3
                    continue
                out.append(index_symbol(t.text))
            elif t.kind == "num" and t.text.isdigit():
                out.extend(sp.Integer(d) for d in t.text)
            elif t.kind == "cmd" and t.text in DECO_CMDS and i + 1 < len(toks):
                # a_{\tilde{y}}: a decorated index letter
                j = i + 1
                if toks[j].kind == "char" and toks[j].text == "{" and j + 2 < len(toks) and toks[j + 1].kind == "letter":
                    out.append(index_symbol(toks[j + 1].text + "_" + t.text))
                    i = j + 3
                    continue
                if toks[j].kind == "letter":
                    out.append(index_symbol(toks[j].text + "_" + t.text))
                    i = j + 1
                    continue
                self.fail(f"cannot read the index \\{t.text}", where)
            else:
                self.fail(f"cannot read the index {t.text!r}", where)
            i += 1
        if not 1 <= len(out) <= 2:
            self.fail("a component needs one or two indices", where)
        return tuple(out)
