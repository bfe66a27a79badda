"""Synthetic submissions for the grading benchmarks, written to a temporary
folder: seed-sized files (about as many steps as the real seed homework) and
files of exactly-chosen lengths (10 to 1,000 steps).

A submission is a sequence of blocks ("## Problem k" with prose and display
math), each block either one of the project's own ``examples/`` write-ups
(when the folder has any) or one of the templates below with fresh random
numbers, so no two files are the same text and no cache makes a repeat
cheaper. About one step in ten is wrong on purpose, as in real homework.
The length in steps is measured with the grader's own segmenter.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_FILE = ROOT.parent / "shared" / "seeds" / "000_c92ebc24de319a39.txt"
SEED_STEPS = 95  # steps the segmenter finds in the seed homework (used when ../shared is absent)


def _neuron(r: random.Random) -> str:
    w1, w2, b, x1, x2 = (r.randint(-5, 5) for _ in range(5))
    z = w1 * x1 + w2 * x2 + b
    shown = z if r.random() > 0.1 else z + r.choice([-2, -1, 1, 2])
    return (f"A neuron has weights $w_1 = {w1}$, $w_2 = {w2}$ and bias $b = {b}$; the input is "
            f"$x = ({x1}, {x2})$.\n\n"
            f"$$z = w_1 x_1 + w_2 x_2 + b = ({w1})({x1}) + ({w2})({x2}) + ({b}) = {shown}$$\n\n"
            f"so the weighted input is ${shown}$.\n")


def _sigmoid(r: random.Random) -> str:
    lines = [r"$$\sigma(z) = \frac{1}{1+e^{-z}}$$",
             r"$$\sigma'(z) = \frac{e^{-z}}{(1+e^{-z})^2} = \sigma(z)(1-\sigma(z))$$"]
    if r.random() < 0.1:
        lines.append(r"$$\sigma'(z) = \sigma(z)(1+\sigma(z))$$")
    return "The derivative of the sigmoid:\n\n" + "\n\n".join(lines) + "\n"


def _algebra(r: random.Random) -> str:
    a, c = r.randint(2, 9), r.randint(2, 9)
    mid = 2 * a if r.random() > 0.1 else 2 * a + 1
    return ("Expanding the square in the quadratic cost:\n\n"
            f"$$(x+{a})^2 = x^2 + {mid}x + {a * a}$$\n\n"
            f"$$\\frac{{d}}{{dx}}\\left({c}x^2 + {a}x\\right) = {2 * c}x + {a}$$\n")


def _cost(r: random.Random) -> str:
    y, a = r.randint(0, 1), round(r.uniform(0.1, 0.9), 2)
    c = round(0.5 * (a - y) ** 2, 4)
    return ("For one training example with the quadratic cost,\n\n"
            r"$$C = \frac{1}{2}\|y - a^L\|^2$$" "\n\n"
            r"$$\frac{\partial C}{\partial a^L_j} = (a^L_j - y_j)$$" "\n\n"
            f"$$C = \\frac{{1}}{{2}}({y} - {a})^2 = {c}$$\n")


def _backprop(r: random.Random) -> str:
    eqs = [r"$$\delta^L = \nabla_a C \odot \sigma'(z^L)$$",
           r"$$\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$$",
           r"$$\frac{\partial C}{\partial b^l_j} = \delta^l_j$$",
           r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j$$"]
    if r.random() < 0.1:
        eqs[3] = r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l}_k \delta^l_j$$"
    return "The four fundamental equations of backpropagation:\n\n" + "\n\n".join(eqs) + "\n"


TEMPLATES = (_neuron, _sigmoid, _algebra, _cost, _backprop)


def example_texts() -> list[str]:
    """The project's own example write-ups (Markdown/text), if any."""
    folder = ROOT / "examples"
    if not folder.is_dir():
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.suffix in (".md", ".txt") and p.is_file()]


def count_steps(text: str) -> int:
    from symcheck.grade.segment import segment

    return len(segment(text, "md").steps)


def seed_steps() -> int:
    if SEED_FILE.is_file():
        from symcheck.grade.segment import segment

        return len(segment(SEED_FILE.read_text(encoding="utf-8"), "md").steps)
    return SEED_STEPS


def submission(n_steps: int, seed: int, examples: list[str] | None = None) -> str:
    """A write-up of n_steps steps (as the segmenter counts them): blocks are
    added while under n_steps, then the text is cut after step n_steps."""
    from symcheck.grade.segment import segment

    r = random.Random(seed)
    examples = example_texts() if examples is None else examples
    parts, k, counted = [], 0, 0
    while True:
        # count block by block (cheap); the whole text is segmented once at the end
        while counted < n_steps:
            k += 1
            if examples and r.random() < 0.3:
                body = r.choice(examples)
            else:
                body = r.choice(TEMPLATES)(r)
            block = f"## Problem {k}\n\n{body}\n"
            parts.append(block)
            counted += max(1, len(segment(block, "md").steps))
        text = "\n".join(parts)
        steps = segment(text, "md").steps
        if len(steps) >= n_steps:
            break
        counted = len(steps)
    if len(steps) > n_steps:  # cut after the line that ends step n_steps
        lines = text.splitlines(keepends=True)
        text = "".join(lines[:steps[n_steps - 1].end_line])
    return text


def write_submissions(folder: Path, count: int, n_steps: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    examples = example_texts()
    paths = []
    for i in range(count):
        p = folder / f"sub_{i:04d}.md"
        p.write_text(submission(n_steps, seed * 100_003 + i, examples), encoding="utf-8")
        paths.append(p)
    return paths
