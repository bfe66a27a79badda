r"""The weight convention a file establishes (issue 13.2, rule 2): in words (several languages),
by its own definition; a later definition that holds only with the weights read the other way is
then incorrect, naming the convention and where it was established."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options
from symcheck.grade.weight_convention import BOOK, REVERSED, stated_in_words

SLACK = Options(step_seconds=30.0)

WORDS = [
    pytest.param(r"Let $w^l_{jk}$ be the weight for the connection from the $k$-th neuron in layer $l-1$ to the "
                 r"$j$-th neuron in layer $l$.", BOOK, id="english-from-to"),
    pytest.param(r"We call $w_{jk}$ the weight for the connection to the $j$th neuron from the $k$th neuron.",
                 BOOK, id="english-to-from"),
    pytest.param(r"$w^{l}_{ij}$ 表示从第 $l-1$ 层第 $j$ 个神经元到第 $l$ 层第 $i$ 个神经元的权重。", BOOK,
                 id="chinese"),
    pytest.param(r"Dabei ist $w_{jk}$ das Gewicht von Neuron $k$ zu Neuron $j$.", BOOK, id="german"),
    pytest.param(r"$w_{ab}$ — вес связи от нейрона $b$ к нейрону $a$.", BOOK, id="russian"),
    pytest.param(r"where $w_{ij}$ is the weight on the edge from neuron $i$ to neuron $j$.", REVERSED,
                 id="english-reversed"),
    pytest.param(r"The weights $w_{jk}$ are random. We go from $k$ to the next layer.", None,
                 id="another-sentence"),
    pytest.param(r"The weights $w_{jk}$ connect neurons $j$ and $k$.", None, id="no-direction"),
]


@pytest.mark.parametrize("text, which", WORDS)
def test_stated_in_words(text, which):
    assert stated_in_words(text) == which


STATED = ("- $w^l_{jk}$ is the weight from the $k$-th neuron of layer $l-1$ to the $j$-th neuron of layer $l$;\n"
          "- the weighted input is $z^l_j = %s$.\n")
DEFINED = "The weighted input:\n\n$$\nz^l_j = \\sum_k w^l_{jk} a^{l-1}_k + b^l_j\n$$\n\nand again\n\n$$\nz^l_j = %s\n$$\n"
FILES = [
    pytest.param(STATED % r"\sum_k w^l_{kj} a^{l-1}_k + b^l_j", 2, "incorrect", id="words-then-swapped"),
    pytest.param(STATED % r"\sum_k w^l_{jk} a^{l-1}_k + b^l_j", 2, "correct", id="words-then-book"),
    pytest.param(DEFINED % r"\sum_k w^l_{kj} a^{l-1}_k + b^l_j", 10, "incorrect", id="definition-then-swapped"),
    pytest.param(DEFINED % r"\sum_k w^l_{jk} a^{l-1}_k + b^l_j", 10, "correct", id="definition-then-book"),
    pytest.param(STATED.replace("from the $k$-th neuron of layer $l-1$ to the $j$-th", "from the $j$-th neuron of "
                                "layer $l-1$ to the $k$-th") % r"\sum_k w^l_{kj} a^{l-1}_k + b^l_j", 2, "correct",
                 id="reversed-words-then-reversed"),
    pytest.param(STATED.replace("from the $k$-th neuron of layer $l-1$ to the $j$-th", "from the $j$-th neuron of "
                                "layer $l-1$ to the $k$-th") % r"\sum_k w^l_{jk} a^{l-1}_k + b^l_j", 2, "incorrect",
                 id="reversed-words-then-book"),
]


@pytest.mark.parametrize("text, line, verdict", FILES)
def test_a_definition_under_the_established_convention(text, line, verdict):
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.line == line]
    assert steps and steps[-1].verdict.verdict == verdict, steps[-1].verdict.reason if steps else "no step"
    if verdict == "incorrect":
        v = steps[-1].verdict
        assert "convention" in v.reason and v.counterexample.get("established")


GRADIENT = r"\frac{\partial z^l_k}{\partial a^{l-1}_j} = w^l_{jk}"
NETWORK_STEPS = [
    pytest.param("Here $w^l_{jk}$ is the weight from the $k$-th neuron in layer $l-1$ to the $j$-th neuron in layer "
                 "$l$.\n\n$$\n" + GRADIENT + "\n$$\n", "incorrect", id="book-established-decides"),
    pytest.param("We now differentiate with respect to one weight.\n\n$$\n" + GRADIENT + "\n$$\n", "unchecked",
                 id="no-convention-other-way-excused"),
]


@pytest.mark.parametrize("text, verdict", NETWORK_STEPS)
def test_a_network_step_under_the_established_convention(text, verdict):
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.line == 4]
    assert steps and steps[0].verdict.verdict == verdict, steps[0].verdict.reason if steps else "no step"
    assert ("the file's convention" in steps[0].verdict.reason) == (verdict == "incorrect")


REVERSED_WORDS = "Here $w^l_{jk}$ is the weight from the $j$-th neuron in layer $l-1$ to the $k$-th neuron in layer $l$.\n\n"
UNDER_REVERSED = [
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k", "correct", id="bp4-the-file's-way"),
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", "incorrect", id="bp4-the-book's-way"),
]


@pytest.mark.parametrize("latex, verdict", UNDER_REVERSED)
def test_a_network_step_under_a_reversed_convention(latex, verdict):
    steps = [s for s in grade_text(REVERSED_WORDS + "$$\n" + latex + "\n$$\n", kind="md", options=SLACK).steps
             if s.line == 4]
    assert steps and steps[0].verdict.verdict == verdict, steps[0].verdict.reason if steps else "no step"
    assert "the file's" in steps[0].verdict.reason


def test_a_convention_stated_far_before_in_the_section_still_counts():
    filler = "".join(f"- $q_{i}$ is a quantity we will not need until much later in these notes.\n" for i in range(12))
    text = ("## Notation\n\n- $w^l_{jk}$ is the weight from the $k$-th neuron of layer $l-1$ to the $j$-th neuron of "
            "layer $l$;\n" + filler + "\n$$\nz^l_j = \\sum_k w^l_{kj} a^{l-1}_k + b^l_j\n$$\n")
    line = text.splitlines().index("z^l_j = \\sum_k w^l_{kj} a^{l-1}_k + b^l_j") + 1
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.line == line]
    assert steps and steps[0].verdict.verdict == "incorrect", steps[0].verdict.reason if steps else "no step"
    assert steps[0].verdict.counterexample["established"].startswith("stated in the text")
