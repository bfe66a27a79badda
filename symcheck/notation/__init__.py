"""The LaTeX front end: reading neural-network notation, and its meaning.

- :func:`read` turns a math string into a :class:`Reading` (SymPy parts and
  the relations between them, with every assumption it made);
- :func:`check_equation` / :func:`check_relation` give an equation its
  meaning: exact or numeric checks for scalar algebra, evaluation on random
  networks from :mod:`symcheck.core` for network notation;
- :func:`shape_of` names the shape of a side ("scalar", "vector(n_l)", ...).

Reading and meaning live in separate modules (:mod:`.reader`,
:mod:`.meaning`); see ``docs/notation.md``. Importing this package imports
nothing heavy; SymPy is loaded on the first call.
"""

from __future__ import annotations

from .api import Context, Reading, check_equation, check_relation, check_reading, read, shape_of

__all__ = ["Context", "Reading", "read", "check_equation", "check_relation", "check_reading", "shape_of"]
