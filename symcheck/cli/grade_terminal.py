"""What ``symcheck grade`` draws on a terminal (rich): a report with its
steps, one summary line per file, the closing summary table, the progress
bar, and the text report written with ``-o`` in the default format."""

from __future__ import annotations

import io
import json
from pathlib import Path

VERDICT_STYLE = {"correct": "green", "incorrect": "bold red", "unchecked": "yellow"}

__all__ = ["print_report", "file_line", "print_file_lines", "print_totals", "text_report", "closing_line",
           "progress_bar"]


def print_report(console, r, all_steps: bool) -> None:
    """One submission, problem by problem, every step shown (prose too with ``all_steps``)."""
    from rich.markup import escape
    from rich.table import Table

    c = r.counts
    console.print(f"\n[bold]{escape(r.file)}[/]: {len(r.steps)} steps — [green]{c['correct']} correct[/], "
                  f"[red]{c['incorrect']} incorrect[/], [yellow]{c['unchecked']} unchecked[/]")
    for p in r.problems:
        steps = [s for s in r.items() if s.problem == p.id]  # with each display and chain's conclusion
        shown = [s for s in steps if all_steps or s.verdict.verdict != "unchecked" or s.verdict.cause != "prose"]
        score = f"  [bold]{p.score:g}/{p.points:g}[/]" if p.score is not None else ""
        console.print(f"\n[bold]{escape(p.id)}[/]{score}  {escape(p.summary)}")
        if not shown:
            continue
        t = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col, kw in (("line", {"justify": "right"}), ("step", {"max_width": 48, "overflow": "fold"}),
                        ("verdict", {}), ("reason", {"overflow": "fold"}), ("hint", {"overflow": "fold"})):
            t.add_column(col, **kw)
        for s in shown:
            v = s.verdict
            verdict = f"[{VERDICT_STYLE[v.verdict]}]{v.verdict}[/]" + (f" ({v.cause})" if v.cause else "")
            if s.first_error:
                verdict += " [red]◀ first[/]"
            if s.follows_from is not None:  # error carried forward (symcheck.grade.scoring)
                verdict += f" [blue]follows from line {s.follows_from}[/]"
            if s.kind == "display":  # a whole display, graded from its rows
                verdict += f" [blue]display, lines {s.line}–{s.end_line}[/]"
            elif s.kind == "chain":  # a chain's conclusion A = D, graded from its links or checked directly
                verdict += f" [blue]conclusion of the chain of lines {s.line}–{s.end_line}[/]"
            elif s.kind == "case":  # a row of a definition by cases, from the whole step's verdict
                verdict += " [blue]a case of the step above[/]"
            reason = v.reason + _ce_text(v.to_json()["counterexample"])
            line = s.location or str(s.line)
            t.add_row(line, escape(s.latex), verdict, escape(reason), escape(v.hint))
        console.print(t)


def _ce_text(ce) -> str:
    """``ce``: a counterexample as plain JSON data (``Verdict.to_json()["counterexample"]``)."""
    if not ce:
        return ""
    return "; counterexample: " + json.dumps(ce, ensure_ascii=False)


def file_line(r) -> str:
    """One line (rich markup) for a graded file."""
    from rich.markup import escape

    c = r.counts
    score = f"; score {r.score:g}/{r.points:g}" if r.score is not None else ""
    first = next((s for s in r.steps if s.verdict.verdict == "incorrect"), None)
    where = f"; first error line {first.location or first.line}" if first else ""
    mark = "[bold red]✗[/]" if c["incorrect"] else "[green]✓[/]"
    return (f"{mark} {escape(r.file)}: {len(r.steps)} steps, [green]{c['correct']} correct[/], "
            f"[red]{c['incorrect']} incorrect[/], [yellow]{c['unchecked']} unchecked[/]{score}{escape(where)}")


def print_file_lines(console, reports, failures) -> None:
    """One line per file, in path order: graded files and files not graded."""
    from rich.markup import escape

    lines = [(r.file, file_line(r)) for r in reports]
    lines += [(f, f"[bold red]![/] {escape(str(f))}: not graded: {escape(str(why))}") for f, why in failures]
    for _, line in sorted(lines, key=lambda fl: fl[0]):
        console.print(line, highlight=False, soft_wrap=True)  # one line per file, however long


def print_totals(console, reports, failures, seconds: float) -> None:
    """The closing summary table: totals over every file."""
    from rich.table import Table

    steps = sum(len(r.steps) for r in reports)
    counts = {k: sum(r.counts[k] for r in reports) for k in ("correct", "incorrect", "unchecked")}
    t = Table(title=f"symcheck grade: {len(reports) + len(failures)} files in {seconds:.1f} s", title_justify="left")
    for col in ("graded", "not graded", "with errors", "steps", "correct", "incorrect", "unchecked"):
        t.add_column(col, justify="right")
    t.add_row(str(len(reports)), str(len(failures)), str(sum(1 for r in reports if r.counts["incorrect"])),
              str(steps), str(counts["correct"]), str(counts["incorrect"]), str(counts["unchecked"]))
    console.print(t)


def closing_line(reports, failures, seconds: float, wrote=None) -> str:
    """One plain line for stderr after a batch written to a file or as JSON."""
    incorrect = sum(1 for r in reports if r.counts["incorrect"])
    line = (f"symcheck grade: {len(reports) + len(failures)} files, {len(reports)} graded "
            f"({incorrect} with incorrect steps), {len(failures)} not graded, {seconds:.1f} s")
    return line + (f"; wrote {wrote}" if wrote else "")


def text_report(reports, failures, seconds: float, all_steps: bool) -> str:
    """The terminal report as plain text (no colour), for ``-o`` with the default format."""
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=140, no_color=True, color_system=None, highlight=False, soft_wrap=False,
                      force_terminal=False)
    for r in reports:
        print_report(console, r, all_steps)
    console.print()
    print_file_lines(console, reports, failures)
    print_totals(console, reports, failures, seconds)
    return buf.getvalue()


class progress_bar:
    """A transient progress bar on the stderr console when it is a terminal
    (else nothing); ``tick(name, outcome)`` is the batch's progress callback."""

    def __init__(self, err, total: int):
        self.err, self.total, self._progress = err, total, None

    def __enter__(self):
        if self.err.is_terminal and self.total > 1:
            from rich.progress import Progress

            self._progress = Progress(console=self.err, transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("grading", total=self.total)
        return self

    def tick(self, name: str, outcome: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=Path(name).name[:40])
            self._progress.advance(self._task)

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.__exit__(*exc)
