"""The rows of a definition by cases as people write them, before :mod:`.cases` reads them.

A case is written ``value & condition``; many write-ups leave out the ``&`` and set
the condition off with space and a word: ``0 \\quad \\text{if } x \\le 0``,
``x, \\text{ when } x > 0``, ``0 \\text{ otherwise}``. :func:`value_and_condition`
splits such a row before the first prose word that opens a condition. A row with no
such word is left as it is (and refused by :mod:`.cases` as a case without its
condition). ``\\left\\{ \\begin{array} … \\right.`` is turned into ``cases`` by
:func:`.preprocess.brace_cases`.
"""

from __future__ import annotations

__all__ = ["CONDITION_WORDS", "value_and_condition"]

#: the prose words that open a case's condition
CONDITION_WORDS = ("if", "for", "when", "whenever", "where", "otherwise", "else")


def value_and_condition(row: list) -> list:
    """``row`` (a list of cells, each a list of tokens) as ``[value, condition]`` when it is one cell
    whose condition follows its value after a prose word (``0 \\quad \\text{if } x \\le 0``);
    otherwise ``row`` unchanged."""
    if len(row) != 1:
        return row
    (cell,) = row
    for k, u in enumerate(cell):
        word = u.text.strip().rstrip(",:.").split(" ", 1)[0].lower() if u.kind == "text" else ""
        if k > 0 and word in CONDITION_WORDS:
            return [cell[:k], cell[k:]]
    return row
