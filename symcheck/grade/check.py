"""Check one step: ``check_step(step, state, options) -> Result`` (a verdict
and typed updates to the state; it unpacks as ``verdict, updates``).

A pure, picklable top-level function, so that a step runner
(:mod:`symcheck.limits`) can run it in a worker and kill it on overrun.

The step is read once (:func:`.reading.read_step`) and classified from the
reading (:class:`.reading.StepKind`). Then the checks run in the order of
:data:`CHECKS`, cheap first; each one handles some kinds of step and either
answers (a :class:`.state.Result`) or passes (None) to the next. An
incorrect verdict rests on an exact failed check or on a counterexample with
both sides' values (enforced by :class:`symcheck.verdict.Verdict`); hints
never decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Protocol

from ..verdict import Cause, Note, NoteKind, Verdict
from .reading import StepKind, StepReading, read_step
from .state import Options, Result, State

__all__ = ["Check", "CHECKS", "Options", "State", "Result", "check_step", "checks_markdown"]


class Check(Protocol):
    """One check of the pipeline: the kinds of step it handles, and its answer
    (None: not for this check, pass the step on)."""

    name: str
    handles: frozenset

    def __call__(self, sr: StepReading, state: State, options: Options) -> Optional[Result]: ...


@dataclass(frozen=True)
class Stage:
    """A :class:`Check` made of a name, the step kinds it handles, a one-line
    description (for ``docs/grading.md``) and a function."""

    name: str
    handles: frozenset
    summary: str
    run: Callable[[StepReading, State, Options], Optional[Result]]

    def __call__(self, sr, state, options):
        return self.run(sr, state, options) if sr.kind in self.handles else None


def _prose(reason: str, cause: Cause = Cause.PROSE):
    return lambda sr, state, options: Result(Verdict.unchecked(cause, reason))


def _dangling(sr, state, options):
    if sr.rel == "=>":
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, "an implication without a relation: nothing to compare"))
    return Result(Verdict.unchecked(Cause.AMBIGUOUS, "continues an expression that is not written as math"))


def _error_definition(sr, state, options):
    from ..notation.equality import tokens

    first = next(iter(tokens(sr.lhs_text)), None)
    what = "S read as δ (OCR); " if first is not None and first.kind == "letter" and first.text == "S" else ""
    return Result(Verdict.unchecked(Cause.PROSE, f"{what}the definition of the error δ = ∂C/∂z: recorded"))


def _assumption(sr, state, options):
    from .definitions import check_assumption

    return check_assumption(sr, state, options)


def _function_definition(sr, state, options):
    from .definitions import check_function_definition

    return check_function_definition(sr, state, options)


def _definition(sr, state, options):
    from .definitions import check_definition

    return check_definition(sr, state, options)


def _captured_index(sr, state, options):
    from .captured_index import check_captured_index

    return check_captured_index(sr, state, options)


def _restated(sr, state, options):
    from .restated import check_restated
    from .target_values import check_target_value
    from .vector_components import check_component

    return check_restated(sr, state, options) or check_component(sr, state, options) or \
        check_target_value(sr, state, options)


def _update(sr, state, options):
    from .updates import check_update

    return check_update(sr, state, options)


def _standard(sr, state, options):
    from dataclasses import replace

    from .network import establishes, rechecker
    from .standard import check_standard

    out = check_standard(sr, state, options)
    if out is None or out.verdict.verdict != "correct":
        return out
    # a definition verified under the book's convention of the weights and wrong under every other
    # establishes that convention, as a network step does (network.establishes)
    return replace(out, updates=tuple(out.updates) + establishes(sr, state, out.verdict, rechecker(state, options)))


def _implication(sr, state, options):
    from .identities import check_implication

    return check_implication(sr, state, options)


def _arithmetic(sr, state, options):
    from .numbers import check_arithmetic

    return check_arithmetic(sr, state)


def _algebra(sr, state, options):
    from .identities import check_algebra

    return check_algebra(sr, state, options)


def _declared_shapes(sr, state, options):
    from .declared_shapes import check

    return check(sr, state, options)


def _one_sided_index(sr, state, options):
    from .indices import one_sided_index

    return one_sided_index(sr, state, options)


def _reversed(sr, state, options):
    from .weight_convention import check_under_reversed

    return check_under_reversed(sr, state, options)


def _library(sr, state, options):
    from .network import library_result

    return library_result(sr, state, options)


def _network_limit(sr, state, options):
    from ..notation.limits_check import limit_verdict

    verdict = limit_verdict(sr, state, options)
    if verdict is None:
        from .worded_limits import worded_limit

        verdict = worded_limit(sr, state, options)
    return None if verdict is None else Result(verdict)


def _maps(sr, state, options):
    from .maps_check import check_maps

    return check_maps(sr, state, options)


def _network(sr, state, options):
    from .network import network_result

    return network_result(sr, state, options)


K = StepKind
LATE = frozenset({K.ALGEBRA, K.NETWORK, K.UNREAD})

# The order of the checks: structure first, then arithmetic, algebra, the library, the networks.
CHECKS: tuple[Stage, ...] = (
    Stage("continuation", frozenset({K.DANGLING}), "a row that continues nothing: unchecked", _dangling),
    Stage("update rule", frozenset({K.EXPRESSION, K.NETWORK, K.DEFINITION, K.SETTING, K.UNREAD}),
          "W ← W − η δ a, w → w' = w − η ∂C/∂w: a gradient-descent update", _update),
    Stage("expression", frozenset({K.EXPRESSION}), "an expression alone asserts nothing: unchecked",
          _prose("an expression on its own: it asserts nothing to check")),
    Stage("maps", frozenset(K) - {K.DANGLING, K.EXPRESSION},
          "layers as functions: compositions F_L ∘ … ∘ F_1, ∇(h ∘ g)(x), grad, •, under random maps", _maps),
    Stage("network limit", frozenset(K) - {K.DANGLING, K.EXPRESSION}, "lim_{c→∞} of network quantities: "
          "exactly, on drawn inputs that satisfy the condition the prose states; \"as c → ∞, A → B\" in words", _network_limit),
    Stage("declared dimensions", frozenset(K) - {K.DANGLING, K.EXPRESSION},
          "X ∈ ℝ^{m×n} and A = B against the dimensions the write-up declared (concrete sizes); derivatives "
          "through an affine map it defines, as rows or columns", _declared_shapes),
    Stage("assumption", frozenset({K.ASSUMPTION}), "an inequality the text assumes: its domain is recorded",
          _assumption),
    Stage("captured index", frozenset({K.DEFINITION, K.FUNCTION_DEFINITION}),
          "E_n = Σ_n …: a definition whose own index only a sum on its right uses", _captured_index),
    Stage("restated definition", frozenset({K.DEFINITION, K.FUNCTION_DEFINITION, K.ALGEBRA, K.NETWORK}),
          "a definition stated again, or applied (Δv(x) in one dimension): against the file's own", _restated),
    Stage("standard definition",
          frozenset({K.ERROR_DEFINITION, K.SETTING, K.DEFINITION, K.FUNCTION_DEFINITION, K.NETWORK}),
          "δ ≡ ∂C/∂z, z = wa + b, a = σ(z), a cost: the standard definition, or the file's own", _standard),
    Stage("error definition", frozenset({K.ERROR_DEFINITION}), "δ = ∂C/∂z: recorded", _error_definition),
    Stage("setting", frozenset({K.SETTING}), "a setting the text assumes (\"suppose σ(z) = z\"): not a claim",
          _prose("a setting the text assumes (not a claim): not checked")),
    Stage("function definition", frozenset({K.FUNCTION_DEFINITION}),
          "f(x) = …: recorded (a cross-entropy cost is checked)", _function_definition),
    Stage("case", frozenset({K.CASE}), "a case the text considers (\"if x = 0\"): not a given value",
          _prose("a case the text considers: not a given value, not checked")),
    Stage("definition", frozenset({K.DEFINITION}),
          "name = …: a given or computed value or a definition, recorded (a cross-entropy cost is checked)",
          _definition),
    Stage("implication", frozenset({K.IMPLICATION}),
          "P ⇒ Q: every solution of the statement before solves this one (P ⟺ Q: and back)",
          _implication),
    Stage("arithmetic", frozenset({K.ARITHMETIC}),
          "numbers: exact, a printed decimal as the interval of its digits, carried rounding; one-edit hints",
          _arithmetic),
    Stage("index on one side", frozenset({K.ALGEBRA, K.NETWORK}),
          "a side that changes with an index the other side does not carry (a^{l-1}_k for a^{l-1}_i)",
          _one_sided_index),
    Stage("algebra", frozenset({K.ALGEBRA}),
          "plain algebra: an identity (exact, then random points re-decided exactly), a condition, a chain row",
          _algebra),
    Stage("established convention", LATE, "weights from neuron j to neuron k, where the file says so: checked so",
          _reversed),
    Stage("library", LATE, "a claim of the library (BP1-BP4 and the rest), or one of its false variants",
          _library),
    Stage("networks", LATE, "network notation on random networks, under the accusation policy", _network),
)


CHECKS_BEGIN, CHECKS_END = "<!-- checks: generated from symcheck.grade.check.CHECKS -->", "<!-- checks: end -->"


def checks_markdown() -> str:
    """The numbered list of :data:`CHECKS`, in order, as ``docs/grading.md`` shows it."""
    lines = [CHECKS_BEGIN]
    lines += [f"{i}. **{c.name}** — {c.summary}" for i, c in enumerate(CHECKS, 1)]
    lines.append(CHECKS_END)
    return "\n".join(lines)


def check_step(step, state: State, options: Options = Options()) -> Result:
    """The :class:`Result` for one step. Never raises on bad input (errors become
    unchecked verdicts), except :class:`symcheck.errors.CheckTimeout`."""
    from ..errors import LimitExceeded
    from ..limits import DEFAULT_LIMITS, check_text

    try:
        check_text(step.latex, options.limits or DEFAULT_LIMITS)
    except LimitExceeded as exc:
        return Result(Verdict.unchecked(Cause.UNSUPPORTED, f"over a limit: {exc}"))
    try:
        result = _pipeline(step, state, options)
        if result.verdict.verdict == "incorrect" and step.link and state.before_error is not None:
            result = _against_the_chain_before_the_error(step, state, options, result)
        return result
    except RecursionError:
        return Result(Verdict.unchecked(Cause.UNPARSED, "could not read the step: nested too deeply"))
    return Result(Verdict.unchecked(Cause.UNSUPPORTED, "no check covers this step"))


def _pipeline(step, state: State, options: Options) -> Result:
    sr = read_step(step, state)
    for check in CHECKS:
        result = check(sr, state, options)
        if result is not None:
            return _refuted(sr, state, options, result)
    return Result(Verdict.unchecked(Cause.UNSUPPORTED, "no check covers this step"))


def _refuted(sr: StepReading, state: State, options: Options, result: Result) -> Result:
    """A step the checks left unchecked, refuted by a check that can only refute (an
    instantiation of its indexed scalars under random interpretations); else ``result``,
    recording what a step that is not wrong defines (for that instantiation of later steps)."""
    from .components import definition, refute
    from .confirm import confirm
    from .cost_point import point_confirm
    from .plain_check import plain_confirm
    from .refute_indexed import refute_every_reading

    if result.verdict.verdict == "unchecked" and sr.kind in (K.ALGEBRA, K.NETWORK):
        v = refute(sr, state, options) or confirm(sr, state, options) or plain_confirm(sr, state, options) \
            or point_confirm(sr, state, options) or refute_every_reading(sr, state, options)
        if v is not None:
            return Result(v, result.updates)
    if result.verdict.verdict == "unchecked":  # recorded, or given up: free indices that differ are still a fact
        from .free_index import check_free_index

        found = check_free_index(sr, state, options)
        if found is not None:
            return Result(found, result.updates)
    if result.verdict.verdict == "unchecked":  # a definition by cases that gives two values at once
        from .overlapping_cases import overlapping

        clash = overlapping(sr, options.seed)
        if clash is not None:
            return Result(clash, result.updates)
    if result.verdict.verdict == "unchecked" and sr.error is not None:
        from .zero_division import divides_by_zero

        zero = divides_by_zero(sr)  # 1/(1 - e^0): a value that does not exist
        if zero is not None:
            return Result(zero)
    if result.verdict.verdict == "incorrect":
        return result
    from .one_unknown import condition_result

    result = condition_result(sr, state, options, result)  # a condition in one unknown: recorded, restated
    result = _with_maps(sr, state, result)
    defined = definition(sr) if sr.kind not in (K.DANGLING, K.EXPRESSION, K.UNREAD, K.CASE, K.ASSUMPTION) else None
    if defined is not None:
        result = Result(result.verdict, result.updates + (defined,))
    from .restatements import record  # what a later restatement in the same problem is compared with

    kept = record(sr, state, result.verdict) if sr.kind not in (K.DANGLING, K.EXPRESSION, K.CASE, K.ASSUMPTION) else None
    return Result(result.verdict, result.updates + (kept,)) if kept is not None else result


def _with_maps(sr: StepReading, state: State, result: Result) -> Result:
    """A step that is not wrong also records what it defines in map notation (:mod:`.maps_check`)."""
    from .maps_check import record

    if sr.kind == K.DANGLING or any(type(u).__name__ == "MapsRecord" for u in result.updates):
        return result
    more = record(sr, state)
    return Result(result.verdict, result.updates + more) if more else result


def _against_the_chain_before_the_error(step, state: State, options: Options, result: Result) -> Result:
    """A row after a wrong row may continue the chain from before it (the student's own
    correction): it is accused only if it fails against that expression too."""
    from dataclasses import replace as _replace

    expr, line = state.before_error
    other = _pipeline(step, _replace(state.copy(), prev_expr=expr, before_error=None), options).verdict
    if other.verdict == "incorrect":
        return result
    return Result(Verdict.unchecked(Cause.AMBIGUOUS, f"differs from the row before it, which is wrong (line {line}); "
                                    f"against the chain before that row: {other.verdict}",
                                    notes=(Note(NoteKind.READER_FOUND, f"against the row before: "
                                                                       f"{result.verdict.reason}"),)))
