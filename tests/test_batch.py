"""Batch grading: isolation of bad files, exit codes, ordering, determinism, resume.

These tests use a stand-in grader (``fake_grade``) so that they exercise the
batch machinery on its own; its behaviour is chosen by the file's text.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symcheck.grade.batch import BatchResult, expand_paths, grade_alone, grade_paths, report_from_json
from symcheck.grade.report import ProblemResult, StepResult, SubmissionReport
from symcheck.limits import Limits
from symcheck.verdict import Verdict

HERE = Path(__file__).resolve().parent
FAST = Limits(step_seconds=0.5, step_memory_mb=512)


def fake_grade(path, options):
    """Stand-in for ``symcheck.grade.grade_file``."""
    text = Path(path).read_text(encoding="utf-8")
    log = os.environ.get("SYMCHECK_TEST_GRADE_LOG")
    if log:
        with open(log, "a") as f:
            f.write(Path(path).name + "\n")
    if "HANG" in text:
        while True:
            pass
    if "CRASH" in text:
        raise RuntimeError("grader bug")
    if "DIE" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "SLOW" in text:
        time.sleep(0.5)
    if "HOG" in text:  # 1 MB at a time up to 1 GB: stopped by the file's memory budget long before
        _ = [bytearray(1 << 20) for _ in range(1024)]
    seed = getattr(options, "seed", 0)
    steps = []
    for i, line in enumerate(text.splitlines(), 1):
        if "=" not in line:
            continue
        if "WRONG" in line:
            v = Verdict.incorrect("numeric", "sides differ", counterexample={"x": 0.5 + seed, "lhs": 1.25, "rhs": 2})
        elif "?" in line:
            v = Verdict.unchecked("prose", "no math")
        else:
            v = Verdict.correct("algebra", "expands to the same polynomial")
        steps.append(StepResult(i, i, line.strip(), v, problem="P1"))
    counts = {k: sum(s.verdict.verdict == k for s in steps) for k in ("correct", "incorrect", "unchecked")}
    return SubmissionReport(str(path), tuple(steps), (ProblemResult("P1", "Problem 1", 1, counts, "ok"),), seed=seed)


class Opts:
    seed = 7
    limits = FAST

    def __repr__(self):
        return "Opts(seed=7)"


def _write(folder: Path, files: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def _run(paths, **kw):
    kw.setdefault("file_seconds", 3.0)
    return grade_paths(paths, Opts(), grade=fake_grade, **kw)


def _bytes(result: BatchResult) -> bytes:
    return json.dumps(result.to_json(), indent=1).encode()  # key order matters too


GOOD = {"a.md": "$x+x = 2x$\n$(x+1)^2 = x^2+2x+1$\n", "b.tex": "$y = y$\n", "c.txt": "ok = ok ?\n"}


def test_bad_files_are_listed_and_the_rest_graded(tmp_path):
    bad = {"empty.md": b"", "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00", "latin.md": "é = é".encode("latin-1"),
           "hang.md": "HANG = 1", "crash.md": "CRASH = 1", "die.md": "DIE = 1"}
    _write(tmp_path, {**GOOD, **bad})
    with open(tmp_path / "huge.md", "wb") as f:
        f.truncate(FAST.max_file_bytes + 10)
    result = _run([tmp_path])
    assert [Path(r.file).name for r in result.reports] == ["a.md", "b.tex", "c.txt"]
    reasons = {Path(p).name: why for p, why in result.failures}
    assert set(reasons) == set(bad) | {"huge.md"}
    assert "empty" in reasons["empty.md"]
    assert "binary" in reasons["binary.md"]
    assert "UTF-8" in reasons["latin.md"]
    assert "file size" in reasons["huge.md"]
    assert "timeout" in reasons["hang.md"]
    assert "internal error: RuntimeError" in reasons["crash.md"]
    assert "died" in reasons["die.md"]
    assert result.exit_code == 3


@pytest.mark.parametrize("files, code", [
    pytest.param(GOOD, 0, id="all-correct"),
    pytest.param({**GOOD, "w.md": "$1+1 = 3$ WRONG"}, 1, id="some-incorrect"),
    pytest.param({"e.md": b"", "f.md": b"\x00"}, 2, id="nothing-graded"),
    pytest.param({**GOOD, "e.md": b""}, 3, id="partial"),
])
def test_exit_codes(tmp_path, files, code):
    _write(tmp_path, files)
    assert _run([tmp_path]).exit_code == code


def test_results_ordered_by_path_and_identical_for_any_jobs(tmp_path):
    files = {f"s{i:02d}.md": ("SLOW\n" if i % 3 == 0 else "") + f"$x_{i} = x_{i}$\n$a = b$ WRONG\n"
             for i in range(8)}
    _write(tmp_path, {**files, "bad.md": b"\x00"})
    one, two = _run([tmp_path], jobs=1), _run([tmp_path], jobs=2)
    assert [r.file for r in two.reports] == sorted(r.file for r in two.reports)
    assert _bytes(one) == _bytes(two)


def test_resume_skips_finished_files(tmp_path, monkeypatch):
    _write(tmp_path / "subs", {**GOOD, "bad.md": b""})
    log = tmp_path / "graded.log"
    monkeypatch.setenv("SYMCHECK_TEST_GRADE_LOG", str(log))
    store = tmp_path / "resume"
    first = _run([tmp_path / "subs"], resume_dir=store)
    assert sorted(log.read_text().split()) == sorted(GOOD)
    seen = []
    second = _run([tmp_path / "subs"], resume_dir=store, progress=lambda p, o: seen.append((Path(p).name, o)))
    assert sorted(log.read_text().split()) == sorted(GOOD)  # nothing graded twice
    assert sorted(n for n, o in seen if o == "resumed") == sorted(GOOD)
    assert _bytes(first) == _bytes(second)


def test_resume_regrades_changed_and_damaged(tmp_path, monkeypatch):
    _write(tmp_path / "subs", GOOD)
    store = tmp_path / "resume"
    _run([tmp_path / "subs"], resume_dir=store)
    records = sorted(store.glob("*.json"))
    assert len(records) == 3
    damaged = next(r for r in records if json.loads(r.read_text())["file"].endswith("a.md"))
    damaged.write_text("{ truncated")
    (tmp_path / "subs" / "b.tex").write_text("$y = 2y$ WRONG\n")
    log = tmp_path / "graded.log"
    monkeypatch.setenv("SYMCHECK_TEST_GRADE_LOG", str(log))
    result = _run([tmp_path / "subs"], resume_dir=store)
    assert sorted(log.read_text().split()) == ["a.md", "b.tex"]  # the damaged record, the changed file
    assert result.exit_code == 1


@pytest.mark.parametrize("sig, jobs, hang", [
    pytest.param(signal.SIGKILL, 1, "z_hang.md", id="kill"),
    pytest.param(signal.SIGINT, 1, "z_hang.md", id="ctrl-c"),
    pytest.param(signal.SIGTERM, 1, "z_hang.md", id="term"),
    pytest.param(signal.SIGKILL, 2, "a_hang.md", id="kill-jobs2-hang-first"),  # later files stored meanwhile
])
def test_interrupted_batch_keeps_finished_reports(tmp_path, sig, jobs, hang):
    files = {f"f{i}.md": f"$x = x$ {i}\n" for i in range(3)}
    files[hang] = "HANG = 1"
    _write(tmp_path / "subs", files)
    store = tmp_path / "resume"
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r})\n"
            "from test_batch import fake_grade, Opts\n"
            "from symcheck.grade.batch import grade_paths\n"
            f"grade_paths([{str(tmp_path / 'subs')!r}], Opts(), grade=fake_grade, resume_dir={str(store)!r},"
            f" file_seconds=600, jobs={jobs})\n")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=HERE.parent)
    try:
        for _ in range(600):  # wait until the three quick files are stored
            if len(list(store.glob("*.json"))) == 3:
                break
            time.sleep(0.1)
        proc.send_signal(sig)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    stored = sorted(store.glob("*.json"))
    assert len(stored) == 3
    for f in stored:
        json.loads(f.read_text())  # each intact
    seen = []
    (tmp_path / "subs" / hang).write_text("$done = done$\n")
    result = _run([tmp_path / "subs"], resume_dir=store, progress=lambda p, o: seen.append(o))
    assert seen.count("resumed") == 3 and seen.count("graded") == 1
    assert len(result.reports) == 4


def test_report_json_round_trip():
    report = fake_grade_from_text("$a = a$\n$b = c$ WRONG\n$c = c$ ?\n")
    d = report.to_json()
    assert json.dumps(report_from_json(d).to_json()) == json.dumps(d)
    assert json.dumps(report_from_json(json.loads(json.dumps(d))).to_json()) == json.dumps(d)
    with pytest.raises(ValueError):
        report_from_json({**d, "unknown": 1})  # a schema it cannot rebuild exactly: grade again


def fake_grade_from_text(text):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as f:
        f.write(text)
    try:
        return fake_grade(f.name, Opts())
    finally:
        os.unlink(f.name)


def test_expand_paths(tmp_path):
    _write(tmp_path, {"b.md": "x", "a.tex": "x", "n.ipynb": "{}", "skip.pdf": "x", ".hidden.md": "x",
                      "sub/c.markdown": "x", ".git/d.md": "x", "resume/e.md": "x"})
    (tmp_path / "named.dat").write_text("x")
    names = [p.relative_to(tmp_path).as_posix()
             for p in expand_paths([tmp_path, tmp_path / "named.dat", tmp_path / "b.md"], exclude=tmp_path / "resume")]
    assert names == ["a.tex", "b.md", "n.ipynb", "named.dat", "sub/c.markdown"]


def test_real_grader_identical_for_any_jobs(tmp_path):
    grade = pytest.importorskip("symcheck.grade")
    from test_fuzz import FIXTURES

    files = {f"s{i}.{'tex' if kind == 'tex' else 'md'}": text for i, (kind, text) in enumerate(FIXTURES)}
    _write(tmp_path, {**files, "empty.md": b"", "bin.md": b"\x00\x01"})
    options = grade.GradeOptions(seed=3)
    one = grade_paths([tmp_path], options, jobs=1)
    two = grade_paths([tmp_path], options, jobs=2)
    assert len(one.reports) == len(FIXTURES) and len(one.failures) == 2, one.failures
    if any(s.verdict.cause == "timeout" for r in one.reports + two.reports for s in r.steps):
        pytest.skip("a step hit its time limit on this (loaded) machine: timeouts depend on load")
    assert _bytes(one) == _bytes(two)
    assert one.exit_code == 3


CORPUS = HERE.parents[1] / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not available")
def test_cli_json_identical_across_runs_jobs_and_hash_seeds(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for f in sorted(CORPUS.glob("*.md")):
        if f.name != "MANIFEST.md":
            (subs / f.name).write_bytes(f.read_bytes())
    (subs / "broken.md").write_bytes(b"\xff\xfe\x00")
    outs = []
    for jobs, hashseed in (("1", "1"), ("2", "5")):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        # what is tested is the report's independence of jobs and hash seeds, not time: a generous step
        # budget keeps a slow step on a loaded machine from timing out in one run only (benchmarks time it)
        proc = subprocess.run([sys.executable, "-m", "symcheck", "grade", str(subs), "--format", "json",
                               "--jobs", jobs, "--seed", "4", "--step-seconds", "30"], cwd=HERE.parent, env=env,
                              capture_output=True, timeout=900)
        assert proc.returncode == 3, proc.stderr.decode()[-2000:]  # broken.md: partial failure
        outs.append(proc.stdout)
    assert outs[0] == outs[1]


def test_failures_carry_kinds_and_only_lasting_ones_are_stored(tmp_path):
    _write(tmp_path / "subs", {**GOOD, "hang.md": "HANG = 1", "crash.md": "CRASH = 1", "empty.md": b""})
    resume = tmp_path / "resume"
    result = _run([tmp_path / "subs"], resume_dir=resume, file_seconds=1.0)
    kinds = {Path(f.file).name: f.kind.value for f in result.failures}
    assert kinds == {"hang.md": "timeout", "crash.md": "internal", "empty.md": "empty"}
    assert [f["kind"] for f in result.to_json()["failures"]] == ["internal", "empty", "timeout"]
    stored = [json.loads(p.read_text()) for p in resume.glob("*.json")]
    assert sorted(r.get("kind", "report") for r in stored) == ["internal", "report", "report", "report"]
    again = _run([tmp_path / "subs"], resume_dir=resume, file_seconds=1.0)
    assert {Path(p).name for p in again.resumed} == {"a.md", "b.tex", "c.txt", "crash.md"}  # hang.md retried
    assert again.failures == result.failures


# --- one file alone: one forked child, no pool (grade_alone), under the same budgets -----------------
@pytest.fixture
def short_watchdog(monkeypatch):
    """The watchdog's grace is a few seconds; a test of it need not wait that long."""
    import symcheck.grade.batch as batch

    monkeypatch.setattr(batch, "WATCHDOG_GRACE_SECONDS", 0.5)


@pytest.mark.parametrize("text, kind, fragment", [
    pytest.param("HANG = 1", "timeout", "timeout: the file's time budget ran out", id="hang"),
    pytest.param("CRASH = 1", "internal", "internal error: RuntimeError", id="crash"),
    pytest.param("DIE = 1", "worker-died", "worker process died (exit code -9", id="killed"),
])
def test_one_file_alone_fails_as_it_would_in_a_batch(tmp_path, short_watchdog, text, kind, fragment):
    _write(tmp_path / "alone", {"f.md": text})
    _write(tmp_path / "batch", {"f.md": text, "g.md": "$y = y$\n"})
    start = time.monotonic()
    alone = _run([tmp_path / "alone"], file_seconds=0.5)
    assert time.monotonic() - start < 30  # bounded by the watchdog, not by the grader
    in_batch = _run([tmp_path / "batch"], file_seconds=0.5)
    (failure,) = alone.failures
    assert failure.kind.value == kind and fragment in failure.reason, failure
    same = next(f for f in in_batch.failures if Path(f.file).name == "f.md")
    assert (failure.kind, failure.reason.replace("alone", "batch")) == (same.kind, same.reason)
    assert alone.exit_code == 2 and not alone.reports


def test_one_file_alone_is_held_to_its_memory_budget(tmp_path):
    _write(tmp_path, {"f.md": "HOG = 1"})
    limits = Limits(step_seconds=5, file_memory_mb=200)
    status, failure = grade_alone(fake_grade, str(tmp_path / "f.md"), Opts(), limits, file_seconds=20)
    assert status == "failed" and failure.kind.value == "memory", failure
    assert "200 MB" in failure.reason


def test_one_file_alone_gives_the_report_a_batch_gives(tmp_path):
    _write(tmp_path, {"f.md": "$x = x$\n$a = b$ WRONG\n$c = c$ ?\n", "g.md": "$y = y$\n"})
    alone = _run([tmp_path / "f.md"])
    in_batch = _run([tmp_path], jobs=2)
    assert json.dumps(alone.reports[0].to_json()) == json.dumps(in_batch.reports[0].to_json())


SEED = HERE.parents[1] / "shared" / "seeds" / "000_c92ebc24de319a39.txt"


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds not available")
def test_the_seed_alone_gives_the_json_the_pool_gives(tmp_path):
    """The real grader: the seed graded alone (forked child) and in a batch (pool), report for report."""
    from symcheck.grade import GradeOptions

    other = tmp_path / "other.md"
    other.write_text("$$(x+1)^2 = x^2 + 2x + 1$$\n")
    alone = grade_paths([SEED], GradeOptions())
    pool = grade_paths([SEED, other], GradeOptions(), jobs=2)
    reports = [next(r for r in res.reports if Path(r.file) == SEED) for res in (alone, pool)]
    if any(s.verdict.cause == "timeout" for r in reports for s in r.steps):
        pytest.skip("a step hit its time limit on this (loaded) machine: timeouts depend on load")
    assert json.dumps(reports[0].to_json()) == json.dumps(reports[1].to_json())
    assert sum(s.verdict.verdict == "incorrect" for s in reports[0].steps) >= 11
