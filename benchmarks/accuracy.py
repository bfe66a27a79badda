r"""Accuracy on real write-ups (issue 13.4): the labelled corpus and the seed,
graded in this process with this checkout's code, then a mutation score.

    python benchmarks/accuracy.py [--no-mutants] [--no-write] [--shared DIR]

Scoring follows ``../shared/tools/score_corpus.py`` and ``corpus/LABELS.md``:
- a labelled error is **flagged** when an ``incorrect`` step covers one of its
  lines (a step covers ``line`` … ``end_line``);
- a **false alarm** is a ``must_pass`` line on which an ``incorrect`` step starts;
- a ``must_pass`` line is **verified** when a ``correct`` step starts on it and
  no ``incorrect`` one does. Otherwise it is left unchecked, and its cause is
  the cause of the first unchecked step that starts on it ("no step" when none
  does; "left side" when only the left side of a step stands on it, the
  step being placed on the row of its relation). The steps are those of the
  JSON report: a whole display (``SubmissionReport.displays``) starts on its
  opening line, a chain's conclusion (``SubmissionReport.chains``) on the line
  where its first expression starts.

The mutants are planted in real steps only (never in a display or a chain's
conclusion, which are not steps); a mutant is graded without the
direct checks of chains' conclusions (they cannot change its verdict).

**Mutation score.** Every step graded ``correct`` gets one small planted error
in its right side, chosen by a seeded generator among those that apply: a sign
flipped, two indices swapped, a transpose or a prime dropped, a digit changed.
The planted file is graded again up to that step: the grader reads steps in
order, and what the whole file establishes (its plain network, its notation, its
declared sizes, later definitions included) informs the mutant as it informed
the original step (``grade_document(..., until=i)``), and the mutant counts as flagged, unchecked or
still correct. A mutant still called correct is an unsound check or a neutral
mutation: each one is listed. Provably neutral mutations are not planted: the two
indices of a Kronecker delta ``\delta_{ik}`` are not swapped (it is symmetric), the
next pair of indices is; the sign of a literal 0 term is not flipped (x + 0, x - 0), the
next sign is, and neither is the sign of a term the text states is zero on the step's own line
(``a_j - y_j`` beside "since j ≠ ỹ, y_j = 0": ``a_j + y_j`` says the same there). ``--dump-mutants FILE`` writes every mutant with its
verdict, check, cause and reason (JSON), to study the ones left unchecked.

Writes ``docs/accuracy.md`` between ``<!-- corpus:begin -->`` and
``<!-- corpus:end -->`` (other sections are left as they are).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from symcheck.grade.check import Options  # noqa: E402
from symcheck.grade.grader import grade_document  # noqa: E402
from symcheck.grade.segment import kind_of, segment  # noqa: E402

DOC = ROOT / "docs" / "accuracy.md"
BEGIN, END = "<!-- corpus:begin -->", "<!-- corpus:end -->"
SEED = "seeds/000_c92ebc24de319a39.txt"


# --- scoring (the rules of score_corpus.py) ----------------------------------------
def covered(step) -> set:
    return set(range(step.line, max(step.end_line, step.line) + 1))


_OPENER = re.compile(r"^\s*(?:\$\$|\$?\s*\\begin\{[A-Za-z*]+\}(?:\{[^}]*\})?|\\\\?\[|\\tag\{[^}]*\})\s*$")


def left_sides(doc) -> set:
    """Lines where the left side of a step stands alone: the step is placed on the row of its relation."""
    return {s.lhs_line for s in doc.steps if s.lhs_line and s.lhs_line < s.line}


def score(steps, truth, source_lines=(), left=frozenset()) -> dict:
    bad = [s for s in steps if s.verdict.verdict == "incorrect"]
    bad_lines = set().union(*map(covered, bad)) if bad else set()
    starts_bad = {s.line for s in bad}
    starts_ok = {s.line for s in steps if s.verdict.verdict == "correct"}
    flagged = [item for item in truth["must_flag"] if any(ln in bad_lines for ln in item["lines"])]
    missed = [item["lines"] for item in truth["must_flag"] if item not in flagged]
    false = [ln for ln in truth["must_pass"] if ln in starts_bad]
    verified = [ln for ln in truth["must_pass"] if ln in starts_ok and ln not in starts_bad]
    causes: Counter = Counter()
    for ln in truth["must_pass"]:
        if ln in starts_ok or ln in starts_bad:
            continue
        first = next((s for s in steps if s.line == ln and s.verdict.verdict == "unchecked"), None)
        if first is None and ln <= len(source_lines) and _OPENER.match(source_lines[ln - 1]):
            causes["display opener"] += 1  # a `$$` or `\begin{…}` line alone: its rows carry the steps
        elif first is None and ln in left:
            causes["left side"] += 1  # a left side alone (a chain of one link): its step is on the next row
        else:
            causes[first.verdict.cause if first else "no step"] += 1
    return {"flagged": len(flagged), "errors": len(truth["must_flag"]), "false": false,
            "passes": len(truth["must_pass"]), "verified": len(verified), "causes": causes, "missed": missed}


# --- mutations -------------------------------------------------------------------
_TRANSPOSE = re.compile(r"\^\s*\{\s*(?:T|\\top|\\mathsf\s*\{?T\}?)\s*\}|\^\s*(?:T|\\top)(?![A-Za-z])")
_PRIME = re.compile(r"'|\^\s*\{?\\prime\}?")
_INDEX2 = re.compile(r"_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}")
_INDEX1 = re.compile(r"_\s*\{?\s*([ijkm])(?![A-Za-z])")
_DIGIT = re.compile(r"\d")
# δ_{ik} right before the indices: the Kronecker delta is symmetric, so swapping its two
# indices is a neutral mutation (the same meaning), never planted
_KRONECKER = re.compile(r"\\delta\s*$")
_SIGN = re.compile(r"(?<![\\{^_(\[])\s[+-]\s|^-")
_ZERO_TERM = re.compile(r"\s*0(?![\d.,])\s*(?:[+\-)\]}]|\\right|$)")  # a literal 0 as a whole term


# an entry after an ellipsis in a matrix or list (⋮, …): its letter index names where the range ends
# ([δ_1 ⋮ δ_j] is [δ_1 ⋮ δ_k] when j and k both name the layer's size), so changing it is neutral
_ELLIPSIS = re.compile(r"\\(?:vdots|cdots|ldots|dots|ddots)(?![A-Za-z])")
_MATRIX_START = re.compile(r"\\begin\s*\{[a-zA-Z]*matrix\*?\}|\\left\s*[(\[]")
_SPACE = re.compile(r"(?:\\mathbb\s*\{\s*R\s*\}|ℝ)\s*\^\s*")


SKIPPED = "skipped (only neutral mutations)"


def range_end(rhs: str, at: int) -> bool:
    """Position ``at`` lies after an ellipsis of the matrix (or bracketed list) it is in."""
    start = max((m.end() for m in _MATRIX_START.finditer(rhs, 0, at)), default=-1)
    closed = re.search(r"\\end\s*\{|\\right(?![A-Za-z])", rhs[start:at]) if start >= 0 else None
    return start >= 0 and closed is None and _ELLIPSIS.search(rhs, start, at) is not None


def membership_mutations(rhs: str) -> list[tuple[str, str]]:
    """X ∈ ℝ^{…}: the sign of a space is neutral (−ℝⁿ = ℝⁿ); a size is changed instead
    (ℝ^{n} → ℝ^{n + 1}, ℝ^{n_l × n_{l-1}} → ℝ^{n_l + 1 × n_{l-1}})."""
    m = _SPACE.search(rhs)
    if not m:
        return []
    start = m.end()
    if rhs[start:start + 1] != "{":
        return [("size changed", rhs[:start] + "{" + rhs[start] + " + 1}" + rhs[start + 1:])]
    depth, end = 0, start
    for end in range(start, len(rhs)):
        depth += {"{": 1, "}": -1}.get(rhs[end], 0)
        if depth == 0:
            break
    size = rhs[start + 1:end]
    cut = re.search(r"\\times|×", size)
    first = size[:cut.start()].rstrip() if cut else size.rstrip()
    return [("size changed", rhs[:start + 1] + first + " + 1" + size[len(first):] + rhs[end:])]


_DERIVATIVE = re.compile(r"\\frac\s*\{\s*\\partial")


def _group(s: str, i: int) -> int:
    """The end of the group opening at ``s[i]`` (``{``, ``(``, ``\\{``, ``\\left(``), or -1."""
    opener = re.match(r"\\left\s*[(\[{]|\\left\\\{|\\\{|[{(\[]", s[i:])
    if not opener:
        return -1
    depth, j = 0, i
    while j < len(s):
        if re.match(r"\\left(?![A-Za-z])|\\\{|[{(\[]", s[j:]):
            depth += 1
        elif re.match(r"\\right(?![A-Za-z])|\\\}|[})\]]", s[j:]):
            depth -= 1
            if depth == 0:
                return j + (7 if s.startswith("\\right", j) else 2 if s.startswith("\\}", j) else 1)
        j += 2 if s[j] == "\\" else 1
    return -1


def derivative_operands(rhs: str) -> list[tuple[int, int, str]]:
    """``(start, end, variable)`` of what each ``\\frac{\\partial X}{\\partial v}`` differentiates
    (X), or each ``\\frac{\\partial}{\\partial v}`` applied to the group after it."""
    out = []
    for m in _DERIVATIVE.finditer(rhs):
        top_end = _group(rhs, m.start() + len("\\frac"))
        if top_end < 0:
            continue
        den_end = _group(rhs, top_end)
        if den_end < 0:
            continue
        var = re.sub(r"^\{\s*\\partial\s*|\}$", "", rhs[top_end:den_end]).strip()
        operand = (m.end(), top_end - 1)
        if not rhs[m.end():top_end - 1].strip():  # d/dv applied to the group that follows
            k = len(rhs[den_end:]) - len(rhs[den_end:].lstrip())
            end = _group(rhs, den_end + k)
            if end < 0:
                continue
            operand = (den_end + k, end)
        out.append((operand[0], operand[1], var))
    return out


def constant_under_derivative(rhs: str, at: int) -> bool:
    """Position ``at`` lies in an additive term of a derivative's operand that does not name the
    variable's letter: a constant, whose sign or digit the derivative does not see (neutral)."""
    for start, end, var in derivative_operands(rhs):
        if not start <= at < end or not var:
            continue
        letter = re.match(r"\\?[A-Za-z]+", var)
        inner = rhs[start:end]
        pos = at - start
        cuts = [m.start() for m in re.finditer(r"(?<![{^_(\[])[+-]", inner)]
        lo = max([c for c in cuts if c <= pos] + [0])
        hi = min([c for c in cuts if c > pos] + [len(inner)])
        term = inner[lo + 1 if lo else 0:hi]
        if letter and letter.group(0) not in term:
            return True
    return False


def _plain(latex: str) -> str:
    """``latex`` without spaces and braces, to compare two writings of a term (y_{j} and y_j)."""
    return re.sub(r"[\s{}]", "", latex)


def stated_zeros(step, steps) -> frozenset:
    """The terms the text states are zero beside ``step``: a statement ``X = 0`` on the step's own
    line (``… = a_j - y_j \\text{since } y_j = 0``), each as :func:`_plain` writes it."""
    return frozenset(_plain(s.lhs) for s in steps
                     if s is not step and s.line == step.line and s.relation == "=" and s.rhs.strip() == "0"
                     and s.lhs.strip())


def zero_term(rhs: str, at: int, zeros) -> bool:
    """The additive term that starts at ``rhs[at]`` (up to the next sign at its own depth) is one
    the text states is zero (``zeros``, :func:`stated_zeros`): flipping its sign is neutral."""
    if not zeros:
        return False
    depth, end = 0, at
    while end < len(rhs):
        c = rhs[end]
        if c in "{([":
            depth += 1
        elif c in "})]":
            if depth == 0:
                break
            depth -= 1
        elif c in "+-" and depth == 0 and end > at:
            break
        end += 1
    return _plain(rhs[at:end]) in zeros


def mutations(rhs: str, relation: str = "=", zeros=frozenset()) -> list[tuple[str, str]]:
    """(kind, mutated right side) for every kind of planted error that applies. ``zeros``: the
    terms the text states are zero beside the step (:func:`stated_zeros`), whose sign is not flipped."""
    if relation == "in":
        return membership_mutations(rhs)
    out = []
    m = _TRANSPOSE.search(rhs)
    if m:
        out.append(("transpose dropped", rhs[:m.start()] + rhs[m.end():]))
    m = _PRIME.search(rhs)
    if m:
        out.append(("prime dropped", rhs[:m.start()] + rhs[m.end():]))
    m = next((m for m in _INDEX2.finditer(rhs) if not _KRONECKER.search(rhs[:m.start()])
              and not constant_under_derivative(rhs, m.start())), None)
    if m and m.group(1) != m.group(2):
        out.append(("indices swapped", rhs[:m.start()] + f"_{{{m.group(2)}{m.group(1)}}}" + rhs[m.end():]))
    else:
        m = next((m for m in _INDEX1.finditer(rhs) if not range_end(rhs, m.start())
                  and not constant_under_derivative(rhs, m.start())), None)
        if m:
            other = {"i": "j", "j": "k", "k": "j", "m": "j"}[m.group(1)]
            out.append(("index changed", rhs[:m.start(1)] + other + rhs[m.end(1):]))
    m = next((m for m in _DIGIT.finditer(rhs) if not constant_under_derivative(rhs, m.start())), None)
    if m:
        d = int(m.group(0))
        out.append(("digit changed", rhs[:m.start()] + str((d + 1) % 10 if d != 1 else 2) + rhs[m.end():]))
    # the sign of a literal 0 term (x + 0 → x - 0) is a neutral mutation: the next sign is flipped instead
    m = next((m for m in _SIGN.finditer(rhs) if not _ZERO_TERM.match(rhs, m.end())
              and not constant_under_derivative(rhs, m.end()) and not zero_term(rhs, m.end(), zeros)), None)
    if m:
        tok = m.group(0)
        new = "" if tok == "-" else tok.replace("+", "#").replace("-", "+").replace("#", "-")
        out.append(("sign flipped", rhs[:m.start()] + new + rhs[m.end():]))
    else:
        out.append(("sign flipped", f"-\\left({rhs}\\right)"))
    return out


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "!=": "="}
_SHOW = {"=": "=", "<": "<", ">": ">", "<=": "\\leq", ">=": "\\geq", "!=": "\\neq"}


def mutate(step, rng, zeros=frozenset()):
    """One planted error. An inequality or ``≠`` has its relation negated (the sign
    error of a comparison: a changed digit in a bound is often still true). ``zeros``: see
    :func:`mutations`."""
    if step.relation in _NEGATED:
        rel = _NEGATED[step.relation]
        lhs = "" if step.link else step.lhs + " "
        return "relation negated", replace(step, relation=rel, latex=" ".join(f"{lhs}{_SHOW[rel]} {step.rhs}".split()))
    options = [(k, r) for k, r in mutations(step.rhs, step.relation, zeros)
               if not (k == "sign flipped" and step.rhs.strip() == "0")]
    if not options:
        return None, None
    kind, rhs = options[int(rng.integers(len(options)))]
    old = " ".join(step.rhs.split())
    latex = step.latex[:-len(old)] + rhs if old and step.latex.endswith(old) else f"{step.lhs} {step.relation} {rhs}"
    return kind, replace(step, rhs=rhs, latex=" ".join(latex.split()))


def mutation_run(files, options, seed=0, dump=None):
    """Grade one mutant per step graded correct. ``dump``, a list, receives one
    record per mutant (file, line, kind, verdict, check, cause, reason, step, mutant)."""
    rng = np.random.default_rng(seed)
    tally, survivors = Counter(), []
    for path, doc, report in files:
        for i, (step, result) in enumerate(zip(doc.steps, report.steps)):  # real steps only: never a display
            if result.verdict.verdict != "correct" or not step.rhs or result.kind != "step":  # or a conclusion
                continue
            kind, mutant = mutate(step, rng, stated_zeros(step, doc.steps))
            if mutant is None:  # no planted error applies that is not provably neutral
                tally[SKIPPED] += 1
                continue
            planted = replace(doc, steps=doc.steps[:i] + [mutant] + doc.steps[i + 1:])
            # the mutant's own verdict, graded in the whole planted file up to the mutant (what the file
            # establishes file-wide, later definitions included, still informs it); chains' conclusions
            # (not steps, never mutated) are not checked again
            verdict = grade_document(planted, str(path), replace(options, conclusions=False), until=i).steps[i].verdict
            tally[verdict.verdict] += 1
            tally[f"{kind}:{verdict.verdict}"] += 1
            if dump is not None:
                dump.append({"file": path.name, "line": step.line, "kind": kind, "verdict": verdict.verdict,
                             "check": verdict.check, "cause": str(verdict.cause or ""), "reason": verdict.reason,
                             "step": step.latex, "mutant": mutant.latex})
            if verdict.verdict == "correct":
                survivors.append((path.name, step.line, step.latex, mutant.latex, kind, verdict.check))
    return tally, survivors


# --- report ------------------------------------------------------------------------
def pct(a, b) -> str:
    return f"{100 * a / b:.0f}%" if b else "—"


def causes_text(c: Counter, total: int) -> str:
    return ", ".join(f"{k} {pct(v, total)}" for k, v in c.most_common()) or "—"


def render(rows, seed_row, tally, survivors, seconds) -> str:
    tot = {"flagged": 0, "errors": 0, "false": 0, "passes": 0, "verified": 0, "causes": Counter()}
    lines = [BEGIN, "", "## The labelled corpus", "",
             "Generated by `python3 benchmarks/accuracy.py` (in process, this checkout's code); the rules of "
             "`../shared/tools/score_corpus.py`. *Unchecked* is the share of `must_pass` lines with no correct and "
             "no incorrect step, by the cause of the first unchecked step on the line (a whole display, which starts "
             "on its opening line and is correct when every step of it is, counts with the cause of its first "
             "unchecked row, or `rows` when a row is incorrect; a chain's conclusion starts on the line of its first "
             "expression, with the cause of its first unchecked link); *display opener* is a `$$` or `\\begin{…}` "
             "line alone on which nothing starts (an opener inside another display, or a display with no step); "
             "*left side* is a line holding only the left side of a step that sits on the row of its relation (a "
             "chain of one link); *no step* is a line where no step starts (prose, a symbol in prose, a row "
             "continued from the line before).", "",
             "| file | errors flagged | false alarms | verified | unchecked, by cause |", "|---|---|---|---|---|"]
    for name, r in rows:
        for k in ("flagged", "errors", "passes", "verified"):
            tot[k] += r[k]
        tot["false"] += len(r["false"])
        tot["causes"] += r["causes"]
        lines.append(f"| {name} | {r['flagged']}/{r['errors']} | {len(r['false'])}/{r['passes']} | "
                     f"{r['verified']}/{r['passes']} ({pct(r['verified'], r['passes'])}) | "
                     f"{causes_text(r['causes'], r['passes'])} |")
    lines.append(f"| **total ({len(rows)} files)** | **{tot['flagged']}/{tot['errors']}** | "
                 f"**{tot['false']}/{tot['passes']}** | **{tot['verified']}/{tot['passes']} "
                 f"({pct(tot['verified'], tot['passes'])})** | {causes_text(tot['causes'], tot['passes'])} |")
    lines += ["", "False alarms (must_pass lines with an incorrect step): " +
              ("; ".join(f"{n} {r['false']}" for n, r in rows if r["false"]) or "none") + ".", "",
              "Errors missed: " + ("; ".join(f"{n} {r['missed']}" for n, r in rows if r["missed"]) or "none") + ".",
              "", "## The seed", "", seed_row, "", "## Mutation score", ""]
    n = sum(tally[v] for v in ("correct", "incorrect", "unchecked"))
    flagged = f"{tally['incorrect']} flagged ({pct(tally['incorrect'], n)})"
    lines.append(f"{n} mutants, one per step graded correct, each graded in the whole planted file up to the "
                 f"mutant (what the file establishes, later definitions included, informs it as it informed the "
                 f"original step): **{flagged}"
                 f"**, {tally['unchecked']} unchecked, **{tally['correct']} still correct**"
                 f"{f' ({tally[SKIPPED]} steps with only neutral mutations left out)' if tally[SKIPPED] else ''}. "
                 "Neutral mutations are not planted: the indices of a Kronecker delta δ_{ik} are never swapped (it is "
                 "symmetric), nor the sign of a literal 0 term flipped (x + 0, x - 0), nor the letter that ends an "
                 "index range after an ellipsis ([δ_1 ⋮ δ_j]) changed, nor a term under a derivative that does not "
                 "name its variable (∂/∂b (Σ_k w_{jk} a_k + b): its sign, digits or indices), nor the sign of a space (X ∈ −ℝⁿ): a membership has a size "
                 "changed instead (ℝ^{n} → ℝ^{n + 1}).")
    kinds = sorted({k.split(":")[0] for k in tally if ":" in k})
    if kinds:
        lines += ["", "| planted error | flagged | unchecked | still correct |", "|---|---|---|---|"]
        lines += [f"| {k} | {tally[k + ':incorrect']} | {tally[k + ':unchecked']} | {tally[k + ':correct']} |"
                  for k in kinds]
    if survivors:
        lines += ["", "Mutants still called correct (each an unsound check or a neutral mutation, to investigate):", "",
                  "| file | line | step | mutant | planted | check |", "|---|---|---|---|---|---|"]
        lines += [f"| {f} | {ln} | `{a}` | `{b}` | {k} | {c} |".replace("\n", " ") for f, ln, a, b, k, c in survivors]
    lines += ["", f"Run time: {seconds:.0f} s.", "", END]
    return "\n".join(lines)


def write(section: str, path: Path = DOC) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Accuracy on real write-ups\n"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + section + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, encoding="utf-8")


def grade(path: Path, options):
    doc = segment(path.read_text(encoding="utf-8"), kind_of(path))
    return doc, grade_document(doc, str(path), options)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--no-mutants", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--dump-mutants", metavar="JSON", help="write every mutant with its verdict and reason")
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    corpus = shared / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return 1
    t0 = time.perf_counter()
    options = Options()
    rows, graded = [], []
    for truth_path in sorted(corpus.glob("*.truth.json")):
        path = corpus / truth_path.name[:-len(".truth.json")]
        doc, report = grade(path, options)
        graded.append((path, doc, report))
        source = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        rows.append((path.name, score(report.items(), json.loads(truth_path.read_text(encoding="utf-8")), source,
                                      left_sides(doc))))
    seed_path = shared / SEED
    seed_row = "(no seed)"
    if seed_path.exists():
        doc, report = grade(seed_path, options)
        graded.append((seed_path, doc, report))
        v = Counter(s.verdict.verdict for s in report.steps)
        c = Counter(s.verdict.cause for s in report.steps if s.verdict.verdict == "unchecked")
        seed_row = (f"`{SEED}`: {len(report.steps)} steps: {v['correct']} correct, {v['incorrect']} incorrect "
                    f"(lines {', '.join(str(s.line) for s in report.steps if s.verdict.verdict == 'incorrect')}), "
                    f"{v['unchecked']} unchecked ({', '.join(f'{k} {n}' for k, n in c.most_common())}).")
    dump = [] if a.dump_mutants else None
    tally, survivors = (Counter(), []) if a.no_mutants else mutation_run(graded, options, dump=dump)
    if dump is not None:
        Path(a.dump_mutants).write_text(json.dumps(dump, indent=1, ensure_ascii=False), encoding="utf-8")
    section = render(rows, seed_row, tally, survivors, time.perf_counter() - t0)
    print(section)
    if not a.no_write:
        write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
