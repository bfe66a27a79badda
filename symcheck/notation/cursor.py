"""The reader's cursor over tokens: the reading state (notes, prose, names
read as vectors) and the token helpers every reading rule uses (look ahead,
take one TeX argument, fail with the column).

No SymPy here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..errors import ParseError
from .preprocess import DECO_CMDS, Tok


class UnsupportedConstruct(ParseError):
    """A construct outside the notation (``construct`` names its command, e.g. ``"int"``)."""

    def __init__(self, reason: str, source: str, position, construct: str):
        super().__init__(reason, source, position)
        self.construct = construct


@dataclass
class State:
    """What one reading has assumed so far: ``notes`` (every assumption, in
    order, without repeats), ``prose`` (dropped ``\\text{...}``), ``vectors``
    (plain names read as non-commutative vectors), ``indexed`` (names whose
    numbered subscripts are components, as x_1 beside x_k) and ``options``
    (reading options, e.g. ``"ocr"`` for OCR look-alikes)."""

    source: str
    vectors: frozenset = frozenset()
    notes: list = field(default_factory=list)
    prose: list = field(default_factory=list)
    options: frozenset = frozenset()
    indexed: frozenset = frozenset()
    choices: dict = field(default_factory=dict)
    ambiguities: list = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def choose(self, key: str, what: str, labels: tuple, established: bool = False) -> int:
        """Which of several plausible readings of ``what`` to take (an index into
        ``labels``): ``choices[key]``, else 0. The ambiguity is recorded
        (:class:`.api.Reading` reads the string again under the others);
        ``established`` says that reading 0 is the convention of this field,
        so a step that holds under it is correct."""
        if not any(a[0] == key for a in self.ambiguities):
            self.ambiguities.append((key, what, tuple(labels), established))
        return self.choices.get(key, 0)


class Cursor:
    """Token helpers over ``toks`` (ending with an ``eof`` token)."""

    def __init__(self, toks: list[Tok], state: State):
        self.toks, self.i, self.st = toks, 0, state
        self.in_bars = 0

    def sub(self, toks: list[Tok]):
        """A reader of the same kind over ``toks``, sharing this reading's state."""
        return type(self)(toks, self.st)

    # --- token helpers ------------------------------------------------------
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Tok:
        t = self.toks[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def is_(self, kind: str, text: Optional[str] = None, tok: Optional[Tok] = None) -> bool:
        t = tok or self.tok
        return t.kind == kind and (text is None or t.text == text)

    def fail(self, reason: str, tok: Optional[Tok] = None):
        t = tok or self.tok
        raise ParseError(reason, self.st.source, t.pos)

    def expect(self, kind: str, text: str, what: str = "") -> Tok:
        if not self.is_(kind, text):
            self.fail(f"expected {what or text!r} here")
        return self.next()

    def group_tokens(self) -> list[Tok]:
        """The tokens of one TeX argument: a braced group, or a single token."""
        t = self.tok
        if self.is_("char", "{"):
            self.next()
            depth, start = 1, self.i
            while True:
                t = self.tok
                if t.kind == "eof":
                    self.fail("unbalanced braces: a '{' is never closed")
                if self.is_("char", "{"):
                    depth += 1
                elif self.is_("char", "}"):
                    depth -= 1
                    if depth == 0:
                        body = self.toks[start:self.i]
                        self.next()
                        return body + [Tok("eof", "", t.pos)]
                self.next()
        if t.kind in ("eof",) or self.is_("char", "}"):
            self.fail("a script or argument is missing")
        self.next()
        if t.kind == "cmd" and t.text in DECO_CMDS and self.is_("char", "{"):
            inner = self.group_tokens()  # _\tilde{y}: the command with its argument
            return [t, Tok("char", "{", t.pos)] + inner[:-1] + [Tok("char", "}", t.pos), Tok("eof", "", t.pos)]
        if t.kind == "num" and len(t.text) > 1 and t.text.isdigit():
            # \frac12, x^23: TeX takes one digit; after ^ it may be a whole exponent written without braces
            before = self.toks[self.i - 2] if self.i >= 2 else None
            if before is not None and before.kind == "char" and before.text == "^":
                shown = f"^{t.text}"
                if self.st.choose("digits", shown, ("a superscript of one digit (as TeX sets it)",
                                                        "the digits after ^ as the exponent")) == 1:
                    return [t, Tok("eof", "", t.pos)]
            first = Tok("num", t.text[0], t.pos)
            self.toks.insert(self.i, Tok("num", t.text[1:], t.pos + 1))
            return [first, Tok("eof", "", t.pos)]
        return [t, Tok("eof", "", t.pos)]


    def show(self, t: Tok) -> str:
        if t.kind == "cmd":
            return f"\\{t.text}"
        if t.kind in ("begin", "end"):
            return f"\\{t.kind}{{{t.text}}}"
        return repr(t.text) if t.text else "the end"
