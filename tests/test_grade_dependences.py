"""The dependence graph of a step (symcheck.grade.dependences): the write-up's own definitions
(``z = wx + b``, ``a = h(z)``, ``C(a) = …``) and the chain the step writes say what depends on
what; a chain rule through them is confirmed, a wrong factor refuted with the sides' values, and a
dependence neither states is never assumed."""

import pytest
import sympy as sp

from symcheck.grade import grade_text
from symcheck.grade.dependences import co_arguments, leaves, opaque, written_chain
from symcheck.grade.instantiate import Definitions

w, x, b, z, a, y, C, h = sp.symbols("w x b z a y C h", real=True)
NEURON = Definitions({("name", "z"): ((), w * x + b), ("name", "a"): ((), sp.Function("h")(z))}, {})


# --- the graph, unit by unit ----------------------------------------------------------------
@pytest.mark.parametrize("parts,expected", [
    pytest.param((sp.Derivative(C, w), sp.Derivative(C, a) * sp.Derivative(a, z) * sp.Derivative(z, w)),
                 {"C": (0, ("a",))}, id="C-of-a-alone-since-a-reaches-w-through-the-definitions"),
    pytest.param((sp.Derivative(C, w), x * sp.Derivative(C, z)), {"C": (0, ("z",))}, id="C-of-z-through-z=wx+b"),
    pytest.param((sp.Derivative(C, w), x * sp.Derivative(C, b)), {"C": (0, ("b", "w"))},
                 id="two-leaves-of-one-definition-stay-two-arguments"),
])
def test_written_chain_follows_the_definitions(parts, expected):
    got = written_chain(parts, NEURON)
    assert {k: v for k, v in got.items() if v[1]} == expected


@pytest.mark.parametrize("name,variables,expected", [
    pytest.param("x", {"b"}, True, id="x-beside-b-in-z=wx+b"),
    pytest.param("w", {"b"}, True, id="w-beside-b"),
    pytest.param("y", {"b"}, False, id="a-name-no-definition-mentions"),
    pytest.param("z", {"b"}, False, id="a-defined-name-is-no-argument"),
])
def test_co_arguments_of_one_definition(name, variables, expected):
    assert co_arguments(name, variables, NEURON) is expected


@pytest.mark.parametrize("expr,expected", [
    pytest.param(sp.Derivative(w * x + b, b), False, id="co-arguments-held-fixed"),
    pytest.param(sp.Derivative(y * b, b), True, id="a-name-whose-dependence-on-b-is-not-given"),
])
def test_opaque_only_where_no_source_gives_the_dependence(expr, expected):
    assert opaque((expr, sp.Integer(1)), {}, NEURON) is expected


def test_leaves_go_through_definitions_and_the_chain():
    assert leaves(sp.Derivative(C, w), {"C": (0, ("a",))}, NEURON) == {"w", "x", "b", "h"}


# --- steps in a write-up ------------------------------------------------------------------------
SETUP = ("A single neuron first forms $z = wx + b$ and then applies $a = h(z)$ to it.\n\n"
         "$$\n@\n$$\n")
QUADRATIC = ("A single neuron first forms $z = wx + b$, then applies $a = h(z)$, and its output is scored by "
             "$C(a) = \\frac{1}{2}(y - a)^2$.\n\n$$\n@\n$$\n")


def _in(template: str, step: str) -> str:
    return template.replace("@", step)


def _verdicts(text: str, line: int = 4) -> list:
    return [s.verdict for s in grade_text(text).steps if s.line == line]


RIGHT = [
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial a} "
                              r"\frac{\partial a}{\partial z} \frac{\partial z}{\partial w}"), id="three-factors-C-named"),
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial a} h'(z) x"),
                 id="factors-carried-out"),
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial z} x"), id="through-z"),
    pytest.param(_in(QUADRATIC, r"\frac{\partial C}{\partial b} = \frac{\partial C}{\partial a} "
                                  r"\frac{\partial a}{\partial z} \frac{\partial z}{\partial b}"), id="C-defined"),
    pytest.param(_in(QUADRATIC, r"\frac{\partial C}{\partial w} = C'(a) h'(z) x"), id="C-prime-of-the-defined-C"),
    pytest.param(_in(QUADRATIC, r"\frac{\partial C}{\partial a} \frac{\partial a}{\partial z} "
                                  r"\frac{\partial z}{\partial b} = C'(a) h'(z) \frac{\partial}{\partial b}(wx + b)"),
                 id="co-arguments-w-x-held-fixed"),
]

WRONG = [
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial a} h'(z)"),
                 id="the-factor-x-dropped"),
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial b} = \frac{\partial C}{\partial a} h'(z) w"),
                 id="dz-db-read-as-w"),
    pytest.param(_in(QUADRATIC, r"\frac{\partial C}{\partial w} = 2 C'(a) h'(z) x"), id="a-factor-two"),
    # δ is the write-up's own name for ∂C/∂z: the sides reach the same open names through it
    pytest.param(QUADRATIC.replace("@", r"\frac{\partial C}{\partial w} = - \delta x").replace(
        "$C(a) =", "$\\delta = \\frac{\\partial C}{\\partial z}$, $C(a) ="), id="sign-through-a-defined-name"),
    # q of z (= wx + b) is the narrowest reading, and every reading with more dependences contains it
    pytest.param(_in(SETUP, r"\frac{\partial q}{\partial w} = \frac{\partial q}{\partial z} x + "
                            r"\frac{\partial q}{\partial b}"), id="a-term-counted-twice"),
]

OPEN = [
    # a name on one side only: the step constrains f (an equation for it), it claims no identity
    pytest.param(_in(SETUP, r"f'(t) = t^2 e^{t}"), id="an-open-function-on-one-side-only"),
    # C of w and of b as the step writes it: C of z alone would make it right, and the text does not say
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial b} x"),
                 id="C-of-w-and-b-or-of-z"),
    # right if C does not depend on b, wrong if it does: the text does not say
    pytest.param(_in(SETUP, r"\frac{\partial C}{\partial w} = \frac{\partial C}{\partial q} \frac{\partial q}{\partial w} + "
                            r"\frac{\partial C}{\partial b}"), id="whether-C-depends-on-b-is-open"),
]


@pytest.mark.parametrize("text", RIGHT)
def test_a_chain_through_the_definitions_is_correct(text):
    got = _verdicts(text)
    assert got and all(v.verdict == "correct" for v in got), [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("text", WRONG)
def test_a_wrong_chain_factor_is_incorrect_with_the_sides_values(text):
    got = _verdicts(text)
    assert got and any(v.verdict == "incorrect" for v in got), [(v.verdict, v.reason) for v in got]
    bad = next(v for v in got if v.verdict == "incorrect")
    assert bad.counterexample and "lhs" in bad.counterexample and "rhs" in bad.counterexample
    assert bad.counterexample["lhs"] != bad.counterexample["rhs"]


@pytest.mark.parametrize("text", OPEN)
def test_a_dependence_the_text_does_not_state_stays_unchecked(text):
    got = _verdicts(text)
    assert got and all(v.verdict == "unchecked" for v in got), [(v.verdict, v.reason) for v in got]
