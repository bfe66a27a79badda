"""Expand the macros a write-up defines, within bounds, without running TeX.

Definitions read (anywhere in a math span, or in TeX text): ``\\newcommand``,
``\\renewcommand``, ``\\providecommand`` (starred or not, ``{\\name}`` or
``\\name``, ``[n]`` arguments, an optional ``[default]`` first argument),
``\\def``/``\\gdef``/``\\edef``/``\\xdef`` with undelimited ``#1…#9``, and
``\\DeclareMathOperator{\\name}{text}``. A definition is removed from the text
and applies from there on, in that file only.

Expansion is textual substitution of ``#1…#9`` (``##`` is ``#``), then the
result is expanded again. It never executes anything, never changes category
codes, never reads a file. Bounds: nesting depth ``MAX_DEPTH``, ``MAX_EXPANSIONS``
expansions per span, output at most ``MAX_GROWTH`` times the input (and at
least ``MIN_OUTPUT`` characters). A macro that expands to itself, directly or
through others, is refused (:class:`MacroError` with ``code`` "recursive"), as
are one past a bound ("too-large"), one with delimited parameters ("delimited")
and a use with missing arguments ("arguments").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..errors import ParseError, ParseErrorKind

MAX_DEPTH = 32
MAX_EXPANSIONS = 2000
MAX_GROWTH = 20
MIN_OUTPUT = 20000

_DEF = re.compile(r"\\(?:(?P<nc>(?:renew|provide|new)command)\*?|(?P<def>[gex]?def)|(?P<op>DeclareMathOperator)\*?)"
                  r"(?![A-Za-z])")
_CS = re.compile(r"\\(?:[A-Za-z]+|.)", re.S)


def defines_macros(text: str) -> bool:
    """Does ``text`` hold a macro definition (``\\newcommand``, ``\\def``…)?"""
    return _DEF.search(text) is not None


class MacroError(ParseError):
    """A macro use that is not expanded; ``code`` is "recursive", "too-large",
    "delimited" or "arguments"."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason, kind=ParseErrorKind.UNSUPPORTED)
        self.code = code


@dataclass(frozen=True)
class Macro:
    nargs: int
    body: str
    default: Optional[str] = None  # the optional first argument's default
    delimited: bool = False


def _group(s: str, i: int) -> tuple[Optional[str], int]:
    """The brace group at s[i] (after spaces): (content, end), or (None, i)."""
    j = i
    while j < len(s) and s[j] in " \t\n":
        j += 1
    if j >= len(s) or s[j] != "{":
        return None, i
    depth, k = 0, j
    while k < len(s):
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return s[j + 1:k], k + 1
        k += 1
    return None, i


def _token(s: str, i: int) -> tuple[Optional[str], int]:
    """One argument: a brace group's content, or one token (after spaces)."""
    g, e = _group(s, i)
    if g is not None:
        return g, e
    j = i
    while j < len(s) and s[j] in " \t\n":
        j += 1
    if j >= len(s) or s[j] == "}":
        return None, i
    m = _CS.match(s, j)
    if m:
        return m.group(0), m.end()
    return s[j], j + 1


def _bracket(s: str, i: int) -> tuple[Optional[str], int]:
    j = i
    while j < len(s) and s[j] in " \t":
        j += 1
    if j < len(s) and s[j] == "[":
        k = s.find("]", j)
        if k > 0:
            return s[j + 1:k], k + 1
    return None, i


class MacroTable:
    """The macros one file defines, in the order it defines them."""

    def __init__(self):
        self.macros: dict[str, Macro] = {}

    def define(self, text: str) -> str:
        """Read and remove the definitions in ``text``; returns the rest."""
        if "def" not in text and "command" not in text and "Operator" not in text:
            return text
        out, pos = [], 0
        for m in _DEF.finditer(text):
            if m.start() < pos:
                continue
            got = self._definition(text, m)
            if got is None:
                continue
            out.append(text[pos:m.start()])
            out.append("\n" * text.count("\n", m.start(), got))  # keep the lines after it where they are
            pos = got
        out.append(text[pos:])
        return "".join(out)

    def _definition(self, s: str, m) -> Optional[int]:
        i = m.end()
        if m.group("nc") or m.group("op"):
            name, i = _group(s, i)
            if name is None:
                t = _CS.match(s, i + len(s[i:]) - len(s[i:].lstrip()))
                if not t:
                    return None
                name, i = t.group(0), t.end()
            name = name.strip()
            if not _CS.fullmatch(name):
                return None
            if m.group("op"):
                body, i = _group(s, i)
                if body is None:
                    return None
                self.macros[name] = Macro(0, r"\operatorname{" + body + "}")
                return i
            n, i2 = _bracket(s, i)
            nargs = int(n) if n and n.strip().isdigit() else 0
            i = i2 if n is not None else i
            default, i3 = _bracket(s, i) if nargs else (None, i)
            i = i3 if default is not None else i
            body, i = _group(s, i)
            if body is None:
                return None
            if m.group("nc") == "providecommand" and name in self.macros:
                return i
            self.macros[name] = Macro(min(nargs, 9), body, default)
            return i
        t = _CS.match(s, i + len(s[i:]) - len(s[i:].lstrip()))
        if not t:
            return None
        name = t.group(0)
        j = s.find("{", t.end())
        if j < 0:
            return None
        params = s[t.end():j]
        body, e = _group(s, j)
        if body is None:
            return None
        nums = re.findall(r"#(\d)", params)
        delimited = bool(re.sub(r"#\d|\s", "", params))
        self.macros[name] = Macro(len(nums), body, None, delimited)
        return e

    def expand(self, text: str) -> str:
        """``text`` with the known macros expanded (call :meth:`define` first).
        Raises :class:`MacroError`."""
        if not self.macros or "\\" not in text:
            return text
        budget = [MAX_EXPANSIONS, max(MIN_OUTPUT, MAX_GROWTH * len(text))]
        return self._expand(text, (), budget)

    def _expand(self, s: str, stack: tuple, budget: list) -> str:
        if len(stack) > MAX_DEPTH:
            raise MacroError("too-large", f"macros nest deeper than {MAX_DEPTH}: {' -> '.join(stack)}")
        out, pos = [], 0
        for m in _CS.finditer(s):
            if m.start() < pos:
                continue
            name = m.group(0)
            mac = self.macros.get(name)
            if mac is None:
                continue
            if name in stack:
                raise MacroError("recursive", f"the file's macro {name} expands to itself "
                                              f"({' -> '.join(stack + (name,))}): not expanded")
            if mac.delimited:
                raise MacroError("delimited", f"the file's macro {name} has delimited parameters: not expanded")
            args, i = [], m.end()
            if mac.default is not None:
                opt, i2 = _bracket(s, i)
                args.append(mac.default if opt is None else opt)
                i = i2 if opt is not None else i
            while len(args) < mac.nargs:
                a, i = _token(s, i)
                if a is None:
                    raise MacroError("arguments", f"the file's macro {name} needs {mac.nargs} arguments")
                args.append(a)
            budget[0] -= 1
            if budget[0] < 0:
                raise MacroError("too-large", f"more than {MAX_EXPANSIONS} macro expansions in one span")
            body = re.sub(r"#(#|\d)", lambda g: "#" if g.group(1) == "#" else
                          (args[int(g.group(1)) - 1] if 0 < int(g.group(1)) <= len(args) else ""), mac.body)
            inner = self._expand(body, stack + (name,), budget).replace("\n", " ")
            if inner and re.match(r"\\[A-Za-z]+$", inner.split()[-1] if inner.split() else "") and \
                    i < len(s) and s[i].isalpha():
                inner += " "
            out.append(s[pos:m.start()])
            out.append(inner + "\n" * s.count("\n", m.start(), i))
            pos = i
            budget[1] -= len(inner)
            if budget[1] < 0:
                raise MacroError("too-large", "the macros expand past the size bound")
        out.append(s[pos:])
        return "".join(out)
