r"""Where a write-up's definitions stay in force: its scopes, across plain section headings.

A write-up is cut into problems at its headings (``segment``). A heading that starts a new problem
("Problem 5", "Exercise 2", "Q3", "Sec. 2.1", "1.", a title naming a cost or an activation: "Cross-entropy",
"Softmax", not the generic "Cost Functions"; a title in
words the check cannot read) starts a new scope: a write-up may define C as the quadratic cost in one
and as the cross-entropy in the next. A plain heading inside one derivation ("Moving to Two Layers",
"Handling Layers With Multiple Nodes", "Step 1 - Forward Propagation", a numbered step "1." of such a
section) does not: ``a^0 = x`` stated in one section is what ``a^0`` means in the next. :func:`scope_ids`
numbers the problems of a document by scope; the grader keeps the numbers file-wide in
``State.quantities`` under :data:`KEY`, and :func:`same_scope` answers for two problem ids
(:mod:`.restatements` compares a restatement with the definitions of its scope).
"""

from __future__ import annotations

import re

KEY = ("scopes", "ids")

#: a title that starts a problem of its own, or names a setting, or is a list item of a problem
PROBLEM_LIKE = re.compile(
    r"\b(?:problems?|exercises?|questions?|tasks?|homework|assignments?|hw|parts?|examples?|solutions?|answers?|"
    r"chapter|ch|sec|section|lecture|appendix|q\s*\d+|quadratic|cross[- ]?entropy|log[- ]?likelihood|"
    r"softmax|tanh|relu|linear|sigmoid|perceptron|regulari[sz]\w*|new|other|alternative\w*|suppose|case)\b|"
    r"^\s*(?:\d+|[a-z]|[ivx]+)\s*[.):]|\d")
PLAIN_TITLE = re.compile(r"^[A-Za-z][A-Za-z '’\-–,:&]*$")


def plain_title(title: str) -> bool:
    """A heading inside one derivation: words of Latin letters only, no problem, number or setting named."""
    t = re.sub(r"\b[Ss]tep \d+\b", "Step", (title or "").strip())  # "Step 1 - Forward Propagation": a step of it
    return bool(PLAIN_TITLE.match(t)) and not PROBLEM_LIKE.search(t.lower())


def scope_ids(problems) -> dict:
    """Problem id -> scope number, in document order: a problem with a plain title continues the scope of
    the one before it, unless a problem-like heading came earlier in the file (then every heading is read as
    one of its problems); a numbered part continues its plain section. The preamble ("") is scope 0."""
    out = {"": 0}
    n, seen_problem = 0, False
    titles = {p.id: p.title for p in problems}
    for p in problems:
        top = p.id.split(" Q")[0].split(".")[0]
        own = plain_title(p.title)
        part = p.id != top and top in titles and plain_title(titles[top]) and re.fullmatch(r"\s*\d+\s*[.)]?\s*",
                                                                                        p.title or "")
        if not (own or part):
            seen_problem = True
        if seen_problem or not (own or part):
            n += 1
        out[p.id] = n
    return out


def same_scope(state, a: str, b: str) -> bool:
    """Are the problems ``a`` and ``b`` one scope (the same problem, or plain sections of one derivation)?"""
    if a == b:
        return True
    entry = (getattr(state, "quantities", None) or {}).get(KEY)
    ids = entry[1] if entry is not None else {}
    return a in ids and b in ids and ids[a] == ids[b]
