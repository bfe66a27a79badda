"""The resume store of a batch: one JSON record per finished file, written
atomically as ``<key>.json``; the key hashes the file's path and bytes, the
options (every field, the answer key included), the limits, the seed and the
symcheck version, so a changed file or changed options are graded again.
A damaged record, or one that would not print byte-identical JSON, is
ignored (the file is graded again)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from .. import __version__
from ..limits import Limits
from .report import ProblemResult, StepResult, SubmissionReport

__all__ = ["result_key", "store", "load", "report_from_json"]


def _stable(v, depth: int = 0):
    """A JSON-able description of an options value that is the same in every
    run (no memory addresses), for the resume key."""
    import re

    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if depth > 6:
        return type(v).__name__
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _stable(getattr(v, f.name), depth + 1) for f in dataclasses.fields(v)}
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [_stable(x, depth + 1) for x in v]
        return sorted(items, key=repr) if isinstance(v, (set, frozenset)) else items
    if isinstance(v, dict):
        return {str(k): _stable(x, depth + 1) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    if hasattr(v, "__dict__") and not callable(v):
        return {"__type__": type(v).__name__, **_stable(vars(v), depth + 1)}
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(v))


def _options_blob(options, limits: Limits, seed) -> str:
    opts = _stable(options)
    return json.dumps({"options": opts, "limits": dataclasses.asdict(limits), "seed": seed,
                       "version": __version__}, sort_keys=True, default=repr)


def result_key(path, data: bytes, options, limits: Limits, seed) -> str:
    h = hashlib.sha256()
    for part in (str(path).encode(), data, _options_blob(options, limits, seed).encode()):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()[:32]


def store(resume_dir: Path, key: str, record: dict) -> None:
    """Write atomically: a reader sees the old file, the new one, or none."""
    resume_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=resume_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record, f)  # key order kept: it is part of the byte-identical output
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, resume_dir / f"{key}.json")
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(resume_dir: Path, key: str) -> Optional[dict]:
    try:
        with open(resume_dir / f"{key}.json", encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None  # absent or damaged: grade again
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    return record


def report_from_json(d: dict) -> SubmissionReport:
    """Rebuild a report from its JSON form (``to_json`` of the result is
    ``d``); ``SubmissionReport.from_json`` when the report module has one.
    Raises ValueError when the rebuilt report would not print the same JSON
    (the schema moved on): the caller grades the file again."""
    rebuilt = _from_json(d)
    if json.dumps(rebuilt.to_json()) != json.dumps(d):  # byte for byte, key order included
        raise ValueError("stored report does not round-trip")
    return rebuilt


def _from_json(d: dict) -> SubmissionReport:
    if hasattr(SubmissionReport, "from_json"):
        return SubmissionReport.from_json(d)
    from ..verdict import Verdict

    steps = []
    for s in d["steps"]:
        v = Verdict(s["verdict"], s["reason"], check=s.get("check") or "", cause=s.get("cause"),
                    counterexample=s.get("counterexample"), hint=s.get("hint") or "", claim=s.get("claim"))
        extra = {"location": s["location"]} if s.get("location") else {}
        steps.append(StepResult(s["line"], s["end_line"], s["latex"], v, problem=s.get("problem", ""),
                                first_error=s.get("first_error", False), **extra))
    problems = [ProblemResult(p["id"], p["title"], p["line"], dict(p["counts"]), p["summary"],
                              score=p.get("score"), points=p.get("points")) for p in d.get("problems", [])]
    return SubmissionReport(d["file"], tuple(steps), tuple(problems), error=d.get("summary", {}).get("error"))
