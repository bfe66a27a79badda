"""Statements: relations between expressions, chains ``A = B = C``, a leading
relation (a continuation line ``= ...``), separators (``,``, ``\\\\``, prose)
between statements, and a name defined on the left (``zh_2 = ...``).
A mixin of :class:`.reader.Reader`.
"""

from __future__ import annotations

import re

from .build import RELATIONS, sym, text_of


_CONNECTIVES = {"so", "thus", "hence", "then", "and", "therefore", "where", "since", "because", "or", "we", "ie"}


class StatementsMixin:
    # --- statements -----------------------------------------------------------
    def statement(self):
        parts, rels, leading = [], [], ""
        if self.is_("newline") or self.is_("text"):
            self.skip_separators()
        if self.relation_here():
            leading = self.relation()
        if self.tok.kind == "eof":
            if self.st.prose:
                return parts, rels, leading  # prose only: nothing mathematical to read
            self.fail("nothing to read")
        parts.append(self.defined_name() or self.expr())
        while True:
            if self.tok.kind == "eof":
                break
            if self.relation_here():
                rels.append(self.relation())
                while self.is_("newline"):
                    self.next()
                parts.append(self.expr())
                continue
            if self.is_("char", ",") or self.is_("char", ";") or self.is_("newline") or self.is_("text") \
                    or self.is_("char", "."):
                had_text = self.skip_separators()
                if self.tok.kind == "eof":
                    break
                if self.relation_here():  # a continuation line "\\ = ..."
                    continue
                if self.binop_here() and not had_text:
                    rhs = self.expr_continuation(parts.pop())
                    parts.append(rhs)
                    continue
                rels.append(";")
                parts.append(self.expr())
                continue
            self.fail(f"unexpected {self.show(self.tok)} here")
        return parts, rels, leading

    def defined_name(self):
        """``zh_2 = ...``: letters written together with a subscript, alone on the left
        of a definition, are one name (z_{h1} written as zh_1), not a product."""
        t0, t1, t2 = self.tok, self.peek(), self.peek(2)
        if t0.kind == "letter" and len(t0.text) == 1 and self.is_("char", "(", t1) and t2.kind == "letter" \
                and self.is_("char", ")", self.peek(3)) and self.is_("char", "=", self.peek(4)) and t0.text not in "σ":
            # s(z) = ...: a function defined on the left
            self.next()
            self.st.note(f"{t0.text}(...) on the left of a definition read as a function")
            return self.undefined_function(t0.text, t0, 0, None)
        if not (t0.kind == t1.kind == "letter" and len(t0.text) == len(t1.text) == 1 and t1.pos == t0.pos + 1
                and t2.kind == "char" and t2.text == "_" and t0.text not in "ef"):
            return None
        save = self.i
        self.i += 2
        self.next()
        sub = self.group_tokens()
        if not (self.is_("char", "=") and all(t.kind in ("letter", "num", "eof") for t in sub)):
            self.i = save
            return None
        name = f"{t0.text}{t1.text}_{text_of(sub)}"
        self.st.note(f"{t0.text}{t1.text}_{text_of(sub)} on the left of a definition read as one name")
        return sym(name)

    def skip_separators(self) -> bool:
        had_text = False
        while self.is_("char", ",") or self.is_("char", ";") or self.is_("newline") or self.is_("text") \
                or self.is_("char", "."):
            if self.is_("text") and re.fullmatch(r"[A-Za-z]{2,}", self.tok.text) and self.is_("char", "(", self.peek()):
                break  # \text{step}(x): a function, read by primary()
            if self.i == 0 and self.is_("text") and self.tok.text.lower() not in _CONNECTIVES and \
                    re.fullmatch(r"[A-Za-z]{2,}", self.tok.text) and self.is_("char", "=", self.peek()):
                break  # \text{output} = …: the statement's first word names a quantity, read by primary()
            t = self.next()
            if t.kind == "text":
                had_text = True
                if t.text:
                    self.st.prose.append(t.text)
                    self.st.note("\\text{...} prose dropped")
        return had_text

    def binop_here(self) -> bool:
        return self.is_("char", "+") or self.is_("char", "-") or self.is_("cmd", "cdot") or self.is_("cmd", "times")

    def expr_continuation(self, left):
        """A row that starts with + or - continues the expression before it."""
        return left + self.expr()

    def relation_here(self) -> bool:
        t = self.tok
        if t.kind == "char" and t.text in "=<>":
            return True
        if t.kind == "char" and t.text == ":" and self.is_("char", "=", self.peek()):
            return True
        return t.kind == "cmd" and t.text in RELATIONS

    def relation(self) -> str:
        t = self.next()
        if t.kind == "char" and t.text == ":":
            self.next()
            return "="
        if t.kind == "char" and t.text in "<>" and self.is_("char", "="):
            self.next()
            return t.text + "="
        if t.kind == "char" and t.text == "=" and self.is_("char", "="):
            self.next()
        return RELATIONS[t.text]
