"""The warm-up of a grading process: import the grader's heavy dependencies
(SymPy, the LaTeX reader, numpy) and run its slow first calls once, so that
what is graded next does not pay for them inside a step's time limit.

A batch warms its parent once and forks every worker from it
(:func:`symcheck.grade.batch.grade_paths`); a Dask worker warms itself once
(:mod:`.distributed`); a file graded alone is warmed in its own child
(:func:`symcheck.grade.batch.grade_alone`). The text graded here is fixed
and trusted.
"""

from __future__ import annotations

import gc
import logging

from ..errors import CheckTimeout

__all__ = ["warm_up", "WARM_UP_MODULES", "WARM_UP_TEXT", "FALLBACK_READER"]

log = logging.getLogger(__name__)

WARM_UP_MODULES = ("symcheck.symbolic", "symcheck.grade.grader", "symcheck.grade.check", "symcheck.grade.identities",
                   "symcheck.notation", "symcheck.notation.reader", "numpy")
# the reader's fallback for constructs outside the notation: few files need it; a batch's workers share its import
FALLBACK_READER = "latex2sympy2_extended"
# Trusted text that runs the grader's main paths once (algebra, the front end, an implication through
# SymPy's solve, whose first call costs ~0.2 s of lazy imports): a cold first call could otherwise overrun
# an inner time limit on a loaded machine and change a reason between runs.
WARM_UP_TEXT = ("Problem 1\n\n$$(x+1)^2 = x^2 + 2x + 1$$\n\n$$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$$\n\n"
                "$$-\\frac{g}{a} + \\frac{1-g}{1-a} = 0$$\n\n$$\\Rightarrow g = a$$\n")


def warm_up(options, grade_text: bool = True) -> None:
    """Import the grader's heavy dependencies (SymPy, the LaTeX reader) and
    grade a fixed, trusted two-line text in this process, so that workers
    forked from it start warm (a cold worker spends seconds importing). Every
    worker forks from the same warmed state, so results do not depend on
    ``jobs``. With ``grade_text=False`` (one file graded alone, warmed in
    its own child: the text and the fallback reader would cost more than
    they save) only the imports every file needs and SymPy's ``solve`` are
    warmed; not ``sympy.physics.units``, which ``solve``'s check of an answer
    imports (~0.07-0.2 s): most files never call ``solve`` (a numerator linear
    in the unknown is solved directly, :mod:`.solving`), and the one that
    does imports it outside the step's symbolic time limit. Best
    effort: a failure here only costs time (logged). The garbage collector
    is off while the modules load: they are hundreds of thousands of
    objects that live as long as the process, and collecting among them as
    they load costs time and frees nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        _warm_up(options, grade_text)
    finally:
        if enabled:
            gc.enable()


def _warm_up(options, grade_text: bool) -> None:
    import importlib

    for name in WARM_UP_MODULES + ((FALLBACK_READER,) if grade_text else ()):
        try:
            importlib.import_module(name)
        except ImportError:
            log.debug("warm-up: %s not importable", name, exc_info=True)
    if not grade_text:
        import sympy as sp

        x = sp.Symbol("x")
        sp.solve(x ** 2 - 1, x, check=False)  # solve's first call, without the check that imports sympy.physics.units
        return
    try:  # what solve's check of its answers imports (~0.07-0.2 s): once in the parent, for every worker
        import sympy.physics.units  # noqa: F401
    except ImportError:
        log.debug("warm-up: sympy.physics.units not importable", exc_info=True)
    try:
        from ..symbolic import time_limit
        from .grader import grade_text

        with time_limit(30.0):
            grade_text(WARM_UP_TEXT, "md", "<warm-up>", options)
    except (Exception, CheckTimeout):  # noqa: BLE001 - best effort, logged
        log.debug("warm-up grading failed", exc_info=True)
