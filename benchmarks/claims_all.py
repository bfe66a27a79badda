"""Comparison 3: ``symcheck all``, cold, with a breakdown per claim.

Each run is a fresh ``python -m symcheck all --json`` subprocess (nothing
imported, nothing cached in the process); the wall time is measured from
outside. The per-claim times are the ``seconds`` the command itself reports
(a claim, its symbolic proof, numeric check and false variants), medians
over the runs. Start-up is measured separately: ``python -c pass``,
``python -m symcheck --version`` and ``import sympy``.

    python benchmarks/claims_all.py [--quick] [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as H  # noqa: E402


def run(quick: bool = False) -> dict:
    runs = 3 if quick else 5
    allrun = H.cold(["-m", "symcheck", "all", "--json"], runs)
    per_claim: dict[str, list[float]] = {}
    status: dict[str, str] = {}
    summary = {}
    outs = allrun["stdouts"]
    for out in outs:
        try:
            data = json.loads(out)
        except ValueError:
            continue
        summary = data.get("summary", summary)
        for c in data["claims"]:
            per_claim.setdefault(c["id"], []).append(c["seconds"])
            status[c["id"]] = c["status"]
    python = H.cold(["-c", "pass"], runs)
    version = H.cold(["-m", "symcheck", "--version"], runs)
    sympy = H.cold(["-c", "import sympy"], runs)
    claims_total = sum(H.median(v) for v in per_claim.values())
    wall = allrun["median"]
    rows = [
        H.row("symcheck all, cold wall time", wall, "s", target="< 5 s", ok=wall < 5 and allrun["returncode"] == 0,
              note=f"median of {runs} fresh processes; {len(per_claim)} claims, exit code {allrun['returncode']}"),
        H.row("  start-up: python -c pass", python["median"], "s"),
        H.row("  start-up: python -m symcheck --version", version["median"], "s"),
        H.row("  import sympy alone", sympy["median"], "s", note="paid once, by the first symbolic check"),
        H.row("  sum of the per-claim times", claims_total, "s"),
        H.row("  the rest (imports, discovery, output)", max(wall - claims_total, 0.0), "s"),
    ]
    breakdown = sorted(((H.median(v), k) for k, v in per_claim.items()), reverse=True)
    return {"name": "3. symcheck all (cold)", "rows": rows,
            "details": {"runs": allrun["times"], "summary": summary,
                        "per_claim": [{"id": k, "seconds": round(s, 4), "status": status[k]} for s, k in breakdown]}}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    result = run(quick="--quick" in argv)
    H.emit(result, argv)
    if "--json" not in argv:
        for c in result["details"]["per_claim"]:
            print(f"    {c['id']:<40} {c['seconds']:.3f} s  {c['status']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
