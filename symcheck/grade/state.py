"""What a write-up has established before a step, and the typed updates a
check makes to it.

A check never mutates :class:`State`: it returns a :class:`Result` whose
``updates`` are instances of the small frozen classes below; the grader
applies them in order (``state.apply(update)``). Names are the SymPy names of
the notation front end's reading (``gamma_1``, ``alpha_h1``, ``C``); values
are exact SymPy numbers or expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

from ..verdict import Verdict


@dataclass(frozen=True)
class Options:
    """How to grade. ``limits`` is a :class:`symcheck.limits.Limits` (None: the
    defaults); ``key`` a :class:`symcheck.grade.key.AnswerKey`."""

    seed: int = 0
    trials: int = 8
    step_seconds: float = 3.0
    activation: str = "sigmoid"
    symbolic_seconds: float = 1.0
    use_front_end: bool = True
    limits: Optional[Any] = None
    key: Optional[Any] = None
    isolate: bool = False               # run each step in a worker process that is killed on overrun
    conclusions: bool = True            # chains' conclusions (A = B = C: A = C) checked directly when needed


# --- typed updates ---------------------------------------------------------------------
@dataclass(frozen=True)
class Given:
    """``name = value``: a number given or computed (exact)."""

    name: str
    value: Any

    def apply(self, st: "State") -> None:
        st.env[self.name] = self.value


@dataclass(frozen=True)
class Defined:
    """``name = expr``: a name defined by an expression (its reading)."""

    name: str
    expr: Any

    def apply(self, st: "State") -> None:
        st.definitions[self.name] = self.expr


@dataclass(frozen=True)
class FunctionDefined:
    """``f(var) = body``."""

    name: str
    var: Any
    body: Any

    def apply(self, st: "State") -> None:
        st.functions[self.name] = (self.var, self.body)


@dataclass(frozen=True)
class Rounded:
    """A result printed rounded on ``line``: later uses of ``value`` carry ±``half_unit``."""

    value: Any          # |printed value|, exact
    half_unit: Any
    line: int

    def apply(self, st: "State") -> None:
        st.carried[self.value] = (self.half_unit, self.line)


@dataclass(frozen=True)
class Corrected:
    """A wrong printed result (``printed``) on ``line``, and its correct value."""

    printed: Any        # |printed value|, exact
    correct: Any
    line: int
    text: str

    def apply(self, st: "State") -> None:
        st.corrections[self.printed] = (self.correct, self.line, self.text)


@dataclass(frozen=True)
class Domain:
    """An assumption on a plain symbol: its values lie in (low, high)."""

    name: str
    low: float
    high: float

    def apply(self, st: "State") -> None:
        st.domains[self.name] = (self.low, self.high)


@dataclass(frozen=True)
class Established:
    """An equation in unknowns (``lhs = rhs``, SymPy) checked on ``line``."""

    lhs: Any
    rhs: Any
    line: int

    def apply(self, st: "State") -> None:
        st.established.append((self.lhs, self.rhs, self.line))


@dataclass(frozen=True)
class Substituted:
    """A value the write-up substituted for ``name`` on ``line`` (as printed)."""

    name: str
    printed: str
    line: int

    def apply(self, st: "State") -> None:
        st.substitutions.setdefault(self.name, (self.printed, self.line))


@dataclass(frozen=True)
class ScalarDefined:
    """``key`` (``("name", n)``, ``("comp", qname, layer)``, ``("indexed", base)``) defined,
    for each value of the index variables ``variables``, by one of ``bodies`` (its readings)."""

    key: tuple
    variables: tuple
    bodies: tuple

    def apply(self, st: "State") -> None:
        st.scalars[self.key] = (self.variables, self.bodies)


@dataclass(frozen=True)
class ConventionStated:
    """The file establishes a convention: ``what`` ("weights") is ``which`` ("book": w^l_{jk} from
    neuron k of layer l-1 to neuron j of layer l; "reversed": from neuron j to neuron k), ``where``
    saying how and where ("the text before line 21", "the definition on line 30"). The first
    statement of a convention stands for the rest of the file."""

    what: str
    which: str
    where: str

    def apply(self, st: "State") -> None:
        st.conventions.setdefault(self.what, (self.which, self.where))


@dataclass(frozen=True)
class QuantityDefined:
    """The file defines a layered quantity (z, a, δ): ``lhs`` (its reading, a ``V.Q``/``V.Comp``)
    is ``rhs`` for every value of its layer and indices, on ``line``, in ``problem``."""

    lhs: Any
    rhs: Any
    line: int
    problem: str

    def apply(self, st: "State") -> None:
        from ..notation import vocab as V

        if isinstance(self.lhs, (V.Q, V.Comp)):
            key = (self.lhs.qname, len(getattr(self.lhs, "indices", ())))
            st.quantities.setdefault(key, (self.lhs, self.rhs, self.line, self.problem))


@dataclass(frozen=True)
class TextDefined:
    """The file defines the quantity written ``lhs_text`` (``key``: as written, without spaces) as
    ``rhs`` on ``line``, file-wide; the latest definition counts (:mod:`.restated`)."""

    key: str
    lhs_text: str
    rhs: Any
    line: int
    rhs_text: str = ""  # the right side as written (products keep their order there)

    def apply(self, st: "State") -> None:
        st.quantities[("text", self.key)] = (self.lhs_text, self.rhs, self.line, self.rhs_text or None)


@dataclass(frozen=True)
class Records:
    """Several updates one step makes, applied in order."""

    updates: tuple

    def apply(self, st: "State") -> None:
        for u in self.updates:
            u.apply(st)


@dataclass(frozen=True)
class StageRecord:
    """What one stage keeps for its own later steps (under its own key of ``State.quantities``): a
    subclass says what and how (:class:`~symcheck.grade.restatements.Restatable`,
    :class:`~symcheck.grade.maps_check.MapsRecord`)."""

    def apply(self, st: "State") -> None:
        raise NotImplementedError


Update = Union[TextDefined, Records, StageRecord, ConventionStated, QuantityDefined, ScalarDefined, Given, Defined, FunctionDefined, Rounded, Corrected, Domain, Established, Substituted]


@dataclass(frozen=True)
class Result:
    """A check's answer: the verdict and the updates to the state."""

    verdict: Verdict
    updates: tuple = ()

    def __iter__(self):  # (verdict, updates), as check_step has always returned
        return iter((self.verdict, self.updates))


@dataclass
class State:
    """What the write-up has established before a step (copied, never shared)."""

    prev_expr: Optional[str] = None           # last expression (LaTeX) of the current chain
    prev_stmt: Optional[tuple] = None         # (lhs, relation, rhs, line) of the last statement (LaTeX)
    env: dict = field(default_factory=dict)   # name -> exact value given or computed
    carried: dict = field(default_factory=dict)      # |printed result| -> (half unit, line)
    corrections: dict = field(default_factory=dict)  # |wrong printed result| -> (correct value, line, text)
    definitions: dict = field(default_factory=dict)  # name -> expression
    functions: dict = field(default_factory=dict)    # name -> (variable, body)
    domains: dict = field(default_factory=dict)      # symbol name -> (low, high)
    established: list = field(default_factory=list)  # [(lhs, rhs, line)] conditions checked
    substitutions: dict = field(default_factory=dict)  # name -> (printed value, line)
    cost: Optional[str] = None                        # "cross-entropy" / "quadratic" / None
    topics: str = ""                                  # settings this problem talks about ("linear", "softmax")
    setting: str = ""                                 # settings the whole write-up talks about
    before_error: Optional[tuple] = None              # (expression, line) a chain had before its wrong row on line
    words: str = ""                                   # this problem's prose, lower case (its setting words)
    defined_setting: dict = field(default_factory=dict)  # "cost"/"output"/"activation"/"target" -> values defined
    index_conditions: tuple = ()                      # conditions on free indices the step states (Ne(k, j))
    scalars: dict = field(default_factory=dict)       # key -> (index variables, readings): see ScalarDefined
    declared: Any = None                              # dimensions declared before the step (declared_shapes)
    neurons: Optional[int] = None                     # 1: one neuron per layer established (notation.one_neuron)
    layout: Optional[int] = None                      # the Jacobian layout stated so far (notation.derivatives)
    conventions: dict = field(default_factory=dict)   # file-wide: "weights" -> (which, where): ConventionStated
    quantities: dict = field(default_factory=dict)    # file-wide: (qname, n indices) -> (lhs, rhs, line, problem)
    scope: str = ""                                   # the prose that names the setting in force (setting_words.scope_after)
    said: str = ""                                    # setting words of this problem and of the prose before it
    numbered_layers: bool = False                     # file-wide: z^2 is layer 2 (notation.layer_labels.established)
    conditions: tuple = ()                            # inequalities in one unknown stated so far (one_unknown)
    plain: Any = None                                 # file-wide: a plain network's letters (plain_net.PlainNet)
    gradient_point: Optional[tuple] = None            # file-wide: (C, line) the file writes ∇C(a^L) (cost_point)


    def apply(self, update: Update) -> None:
        update.apply(self)

    def copy(self) -> "State":
        return State(self.prev_expr, self.prev_stmt, dict(self.env), dict(self.carried), dict(self.corrections),
                     dict(self.definitions), dict(self.functions), dict(self.domains), list(self.established),
                     dict(self.substitutions), self.cost, self.topics, self.setting, self.before_error, self.words,
                     dict(self.defined_setting), self.index_conditions, dict(self.scalars), self.declared,
                     self.neurons, self.layout, dict(self.conventions), dict(self.quantities), self.scope, self.said,
                     self.numbered_layers, self.conditions, self.plain, self.gradient_point)
