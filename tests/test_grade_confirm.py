"""Indexed scalars confirmed under random interpretations (symcheck.grade.confirm): a step
that holds for everything the write-up leaves open, with its definitions put in and the
chain of dependences it writes, is correct; a wrong form never is."""

import pytest

from symcheck.grade import grade_text


def _verdicts(text: str, line: int) -> list:
    return [s.verdict for s in grade_text(text).steps if s.line == line]


def _display(*rows: str) -> str:
    """A short write-up: prose, then one display per row (row i on line 3 + 4 i)."""
    return "The derivatives, one at a time.\n\n" + "".join(f"$$\n{r}\n$$\n\n" for r in rows)


def _chain(first: str, *rows: str) -> str:
    body = " \\\\\n    ".join((first,) + tuple(f"&= {r}" for r in rows))
    return "The derivation:\n\n$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$\n"


# --- chain rules whose names the write-up leaves open: the chain the step writes ---------------
CHAIN_RIGHT = [
    pytest.param(_display(r"\frac{\partial L}{\partial q} = \frac{\partial L}{\partial s} \frac{\partial s}{\partial r} "
                          r"\frac{\partial r}{\partial q}"), 4, id="three-link-chain-of-plain-names"),
    pytest.param(_display(r"\frac{\partial F}{\partial u_i} = \sum_{k=1}^m \frac{\partial F}{\partial h_k} "
                          r"\frac{\partial h_k}{\partial u_i}"), 4, id="chain-through-a-family-with-its-sum"),
    pytest.param(_display(r"\frac{\partial F}{\partial V_{ij}} = \sum_{k=1}^m \frac{\partial F}{\partial h_k} "
                          r"\frac{\partial h_k}{\partial V_{ij}}"), 4, id="chain-to-a-matrix-entry"),
]

CHAIN_WRONG = [
    pytest.param(_display(r"\frac{\partial L}{\partial q} = \frac{\partial L}{\partial s} \frac{\partial r}{\partial q}"),
                 4, id="a-link-of-the-chain-missing"),
    pytest.param(_display(r"\frac{\partial F}{\partial u_i} = \frac{\partial F}{\partial h_i} "
                          r"\frac{\partial h_i}{\partial u_i}"), 4, id="the-sum-over-the-middle-family-dropped"),
    pytest.param(_display(r"\frac{\partial F}{\partial u_i} = \sum_{k=1}^m \frac{\partial F}{\partial h_k} "
                          r"\frac{\partial h_i}{\partial u_k}"), 4, id="indices-of-the-second-factor-swapped"),
    pytest.param(_display(r"\frac{\partial L}{\partial q} = 2 \frac{\partial L}{\partial s} \frac{\partial s}{\partial q}"),
                 4, id="a-factor-of-two-too-many"),
    pytest.param(_display(r"\frac{\partial F}{\partial u_i} = \sum_{k=2}^m \frac{\partial F}{\partial h_k} "
                          r"\frac{\partial h_k}{\partial u_i}"), 4, id="the-sum-over-the-middle-family-starts-late"),
    # right only if h_k depends on no other V_{mj}: what the write-up has not said
    pytest.param(_display(r"\frac{\partial F}{\partial V_{kj}} = \frac{\partial F}{\partial h_k} "
                          r"\frac{\partial h_k}{\partial V_{kj}}"), 4, id="one-term-of-a-chain-through-an-open-family"),
]


@pytest.mark.parametrize("text,line", CHAIN_RIGHT)
def test_a_chain_rule_the_step_writes_is_correct(text, line):
    got = _verdicts(text, line)
    assert got and all(v.verdict == "correct" for v in got), [(v.verdict, v.reason) for v in got]
    assert "the chain the step writes" in got[0].reason


@pytest.mark.parametrize("text,line", CHAIN_WRONG)
def test_a_wrong_chain_rule_is_never_correct(text, line):
    got = _verdicts(text, line)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


# --- definitions carried across the file ------------------------------------------------------------
SOFTMAX = ("The outputs are\n\n$$\np_j = \\frac{e^{s_j}}{\\sum_k e^{s_k}}\n$$\n\n"
           "and the loss is\n\n$$\nE = - \\sum_i r_i \\ln p_i\n$$\n\nso that\n\n$$\n{}\n$$\n")

DEFINED_RIGHT = [
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial p_a}{\partial s_b} = p_a \delta_{ab} - p_a p_b"), 16,
                 id="softmax-jacobian-with-kronecker-delta"),
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial E}{\partial p_j} = - \frac{r_j}{p_j}"), 16,
                 id="derivative-of-the-files-own-loss"),
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial E}{\partial s_b} = \frac{\partial E}{\partial p_a} "
                                 r"\frac{\partial p_a}{\partial s_b}"), 16,
                 id="einstein-chain-row-through-the-definitions"),
]

DEFINED_WRONG = [
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial p_a}{\partial s_b} = p_a \delta_{ab} + p_a p_b"), 16,
                 id="softmax-jacobian-sign-of-the-outer-term"),
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial p_a}{\partial s_b} = - p_a p_b"), 16,
                 id="softmax-jacobian-diagonal-dropped"),
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial E}{\partial p_j} = \frac{r_j}{p_j}"), 16,
                 id="loss-derivative-sign-flipped"),
]


@pytest.mark.parametrize("text,line", DEFINED_RIGHT)
def test_a_step_through_the_files_definitions_is_correct(text, line):
    got = _verdicts(text, line)
    assert got and any(v.verdict == "correct" for v in got), [(v.verdict, v.reason) for v in got]
    assert all(v.verdict != "incorrect" for v in got)


@pytest.mark.parametrize("text,line", DEFINED_WRONG)
def test_a_wrong_step_through_the_definitions_is_never_correct(text, line):
    got = _verdicts(text, line)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


# --- what is not confirmed ---------------------------------------------------------------------------
NOT_CONFIRMED = [
    # c is left open inside the derivative: how it depends on the variable is not given
    pytest.param(_display(r"\frac{\partial L}{\partial q} = \frac{\partial L}{\partial s} \frac{\partial}{\partial q} (c q)"),
                 4, id="an-open-name-inside-the-derivative"),
    # holds for positive values only: values of either sign are tried
    pytest.param(_display(r"\frac{d}{dq} |q| = 1"), 4, id="holds-for-positive-values-only"),
    # the diagonal holds only where the indices differ: k = j is tried too
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial p_a}{\partial s_b} = - p_a p_b"), 16,
                 id="equal-indices-are-tried"),
    # an elementwise definition with its function left open, where the text's output is a softmax
    pytest.param("The output layer is a softmax.\n\n$$\nE = - \\sum_j r_j \\ln p_j\n$$\n\n$$\np_j = g(s_j)\n$$\n\n"
                 "$$\n\\frac{\\partial E}{\\partial s_j} = \\frac{\\partial E}{\\partial p_j} "
                 "\\frac{\\partial p_j}{\\partial s_j}\n$$\n", 12, id="elementwise-definition-beside-a-softmax"),
]


@pytest.mark.parametrize("text,line", NOT_CONFIRMED)
def test_what_the_write_up_leaves_open_is_not_confirmed(text, line):
    got = _verdicts(text, line)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


# --- the values of free indices ------------------------------------------------------------------------
def test_a_free_index_equal_to_a_numeric_index_of_the_step_is_tried():
    """∂p_j/∂s_2 = -p_j p_2 holds for j ≠ 2 only: j = 2 must be among the cases."""
    text = SOFTMAX.replace("{}", r"\frac{\partial p_j}{\partial s_2} = - p_j p_2")
    got = _verdicts(text, 16)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


# --- a chain with a wrong factor, refuted (confirm.refuted_chain) ------------------------------------
ONE_NEURON = ("One neuron: $z = wx + b$ and $a = g(z)$, with COST.\n\n$$\n\\begin{aligned}\n\\frac{\\partial C}"
              "{\\partial b} &= \\frac{\\partial C}{\\partial a} \\frac{\\partial a}{\\partial z} \\frac{\\partial z}"
              "{\\partial b} \\\\\n&= ROW\n\\end{aligned}\n$$\n")
EXAMPLE = "for example the cost $C(a) = \\frac{1}{2}(y - a)^2$ (the cost is left abstract)"
DEFINED = "the cost. We compute $C(a) = \\frac{1}{2}(y - a)^2$"


@pytest.mark.parametrize("cost, row, expected", [
    pytest.param(EXAMPLE, r"C'(a) g'(z) \frac{\partial }{\partial b}(wx + b)", {"correct"}, id="operator-last-right"),
    pytest.param(EXAMPLE, r"C(a) g'(z) \frac{\partial }{\partial b}(wx + b)", {"incorrect"},
                 id="operator-last-prime-dropped"),
    pytest.param(EXAMPLE, r"C(a) g'(z)", {"incorrect"}, id="carried-out-prime-dropped"),
    pytest.param(DEFINED, r"C'(a) g'(z) \frac{\partial }{\partial b}(wx + b)", {"correct"},
                 id="defined-cost-operator-last-right"),
    pytest.param(DEFINED, r"(a - y) g'(z)", {"correct"}, id="defined-cost-carried-out-right"),
    pytest.param(DEFINED, r"C(a) g'(z) \frac{\partial }{\partial b}(wx + b)", {"incorrect"},
                 id="defined-cost-prime-dropped"),
    pytest.param(DEFINED, r"(y - a) g'(z)", {"incorrect"}, id="defined-cost-sign-flipped"),
])
def test_a_chain_row_is_refuted_under_every_reading_of_the_cost_and_the_operator(cost, row, expected):
    """A row of a chain in plain names with a wrong factor is accused when it fails under every reading: the
    operator ∂/∂b reaching over what follows it and not; a cost the write-up defines (C(a) = ½(y − a)²) as
    that definition and, where the step still speaks of C, as any function (a cost left abstract, the
    quadratic one example); each undefined activation random, the sigmoid, tanh and the identity."""
    got = _verdicts(ONE_NEURON.replace("COST", cost).replace("ROW", row), 6)
    assert got and {v.verdict for v in got} <= expected, [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("rhs, expected", [
    pytest.param(r"C'(a) g'(z) x", "correct", id="right"),
    pytest.param(r"C(a) g'(z) x", "incorrect", id="prime-dropped-from-the-defined-cost"),
])
def test_a_defined_function_applied_at_its_own_variable_is_its_definition(rhs, expected):
    """``C(a)`` after ``C(a) = ½(y − a)²`` is that definition (not a product C·a): a statement that writes C for
    C' is refuted as a chain row, with C as its definition and as any function."""
    text = ONE_NEURON.replace("COST", DEFINED).split("$$")[0] + \
        f"$$\n\\frac{{\\partial C}}{{\\partial w}} = {rhs}\n$$\n"
    got = _verdicts(text, 4)
    assert got and got[0].verdict == expected, [(v.verdict, v.reason) for v in got]
