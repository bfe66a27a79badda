"""What a math string was read as: :class:`Reading` (no SymPy imported here)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Reading", "RELATION_NAMES"]

RELATION_NAMES = ("=", "!=", "<", "<=", ">", ">=", "in", "=>", "<=>", "~", "->", ";")


@dataclass(frozen=True)
class Reading:
    """What a math string was read as.

    ``parts`` are SymPy objects; ``relations[i]`` stands between ``parts[i]``
    and ``parts[i+1]`` (one of RELATION_NAMES: ``";"`` separates two
    statements in one string, e.g. ``γ_1 = 0.01, γ_2 = 0.99``; ``"~"`` is
    ≈; ``"->"`` is → (an update rule); ``"<=>"`` is ⟺). ``leading`` is the relation a continuation line starts
    with (``"= ..."``), else "". ``notes`` lists every assumption or fallback
    the reading used; ``prose`` the dropped ``\\text{...}``.

    Where the notation admits several plausible readings (``1\\frac{1}{2}``:
    a mixed number or a product; ``2.5E2``; ``I``: a symbol or the imaginary
    unit; ``\\log``: ln or log10), ``ambiguities`` names each as
    ``(what, labels)`` with this reading taking ``labels[0]``;
    ``alternatives`` holds the same string read under the other
    combinations (each a Reading whose ``chosen`` names its readings), and
    ``established`` says whether this reading's choices are the field's
    convention (a step that holds under it is correct; otherwise it is
    correct only when it holds under every reading). See
    :func:`.readings.check_alternatives`.
    """

    source: str
    parts: tuple
    relations: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    prose: str = ""
    leading: str = ""
    ambiguities: tuple = ()
    alternatives: tuple = ()
    chosen: tuple[str, ...] = ()
    established: bool = True
    held: frozenset = frozenset()   # index letters free in the statement a chain row continues: never summed

    @property
    def is_network(self) -> bool:
        from . import vocab

        return any(vocab.is_network(p) for p in self.parts)

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """The notes that are OCR look-alike or latex2sympy fallbacks."""
        return tuple(n for n in self.notes if "look-alike" in n or "fallback" in n)

    def equations(self):
        """(lhs, relation, rhs) for each consecutive pair (not across ``;``)."""
        return [(self.parts[i], r, self.parts[i + 1]) for i, r in enumerate(self.relations) if r != ";"]
