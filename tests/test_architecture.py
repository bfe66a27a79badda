"""The house: the layering drawn in docs/design.md, no import cycles, no private
names across modules, modules that fit in one sitting.

The allowed imports are read from the drawing itself (the block between the
``layers:begin``/``layers:end`` markers of docs/design.md), so the test and
the document cannot drift apart. Every import counts, including the lazy ones
inside functions: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("symcheck", "derivations")
MAX_LINES = 420  # "about 400 lines at most"
# The topic modules of the claim library hold one topic each and are exempt from the size rule.
EXEMPT_SIZE = re.compile(r"^derivations/ch\d_\w+\.py$")


def _modules():
    for pkg in PACKAGES:
        for f in sorted((ROOT / pkg).rglob("*.py")):
            rel = f.relative_to(ROOT)
            parts = list(rel.with_suffix("").parts)
            is_pkg = parts[-1] == "__init__"
            if is_pkg:
                parts = parts[:-1]
            yield ".".join(parts), f, is_pkg


def _imports(name: str, path: Path, is_pkg: bool):
    """(imported module, imported attribute or None) for every import in the file."""
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                yield target, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None


MODULES = {name: (path, is_pkg) for name, path, is_pkg in _modules()}


def _resolve(target: str, attr):
    """The project module an import names: ``from .x import y`` is module x.y when x.y is a module."""
    if attr and f"{target}.{attr}" in MODULES:
        return f"{target}.{attr}"
    return target if target in MODULES else None


def _unit(module: str) -> str:
    """The layer a module belongs to: symcheck's sub-package or top-level module, or ``derivations``."""
    parts = module.split(".")
    if parts[0] == "derivations":
        return "derivations"
    return parts[1] if len(parts) > 1 else "symcheck"


def _drawn_layers() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    block = text.split("<!-- layers:begin -->", 1)[1].split("<!-- layers:end -->", 1)[0]
    layers = {}
    for line in block.splitlines():
        m = re.match(r"^\s*([\w_]+)\s*:(.*)$", line)
        if m:
            layers[m.group(1)] = set(m.group(2).split()) - {"-"}
    return layers


EDGES = defaultdict(set)       # module -> project modules it imports
PRIVATE = []                   # (importer, module, name)
for _name, (_path, _is_pkg) in MODULES.items():
    for _target, _attr in _imports(_name, _path, _is_pkg):
        _mod = _resolve(_target, _attr)
        if _mod is None:
            continue
        if _mod != _name:
            EDGES[_name].add(_mod)
        if _attr and _attr.startswith("_") and not _attr.startswith("__") and _mod != _name \
                and f"{_target}.{_attr}" not in MODULES:
            PRIVATE.append((_name, _mod, _attr))


def test_the_drawing_names_every_layer():
    layers = _drawn_layers()
    units = {_unit(m) for m in MODULES}
    assert units - {"symcheck", "__main__"} <= set(layers), sorted(units - set(layers))
    for unit, allowed in layers.items():
        assert allowed <= set(layers) | {"symcheck"}, (unit, allowed - set(layers))


@pytest.mark.parametrize("unit", sorted({_unit(m) for m in MODULES} - {"symcheck", "__main__"}))
def test_imports_follow_the_drawn_layers(unit):
    allowed = _drawn_layers()[unit] | {unit}
    wrong = sorted((m, t) for m, ts in EDGES.items() if _unit(m) == unit for t in ts
                   if _unit(t) not in allowed and t != "symcheck")
    assert not wrong, f"{unit} imports against docs/design.md's layering: {wrong}"


def test_the_drawn_layers_have_no_cycle():
    layers = _drawn_layers()
    seen, on_path = set(), []

    def visit(u):
        assert u not in on_path, f"cycle in docs/design.md's layering: {on_path + [u]}"
        if u in seen:
            return
        on_path.append(u)
        for v in layers.get(u, ()):
            visit(v)
        on_path.pop()
        seen.add(u)

    for u in layers:
        visit(u)


def _cycles():
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def strong(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in EDGES.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(MODULES):
        if v not in index:
            strong(v)
    return out


def _without_package_inits(cycles):
    # a package's __init__ re-exporting its modules, which import a sibling through the
    # package, is not a cycle between ideas; only cycles among plain modules count
    return [c for c in ([m for m in comp if not MODULES[m][1]] for comp in cycles) if len(c) > 1]


def test_no_import_cycles_between_modules():
    assert not _without_package_inits(_cycles())


def test_no_private_names_imported_across_modules():
    assert not PRIVATE, "\n".join(f"{a} imports {n} from {b}" for a, b, n in PRIVATE)


@pytest.mark.parametrize("module", sorted(m for m, (p, _) in MODULES.items()
                                          if not EXEMPT_SIZE.match(p.relative_to(ROOT).as_posix())))
def test_a_module_fits_in_one_sitting(module):
    path = MODULES[module][0]
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines (at most {MAX_LINES})"


# -- the checks themselves can fail ------------------------------------------------------------

def test_the_cycle_finder_finds_a_planted_cycle(monkeypatch):
    planted = defaultdict(set, {k: set(v) for k, v in EDGES.items()})
    planted["symcheck.errors"].add("symcheck.verdict")
    planted["symcheck.verdict"].add("symcheck.errors")
    monkeypatch.setattr(__import__(__name__), "EDGES", planted)
    assert ["symcheck.errors", "symcheck.verdict"] in _without_package_inits(_cycles())


def test_the_layer_check_sees_an_upward_import(monkeypatch):
    planted = defaultdict(set, {k: set(v) for k, v in EDGES.items()})
    planted["symcheck.core.network"].add("symcheck.grade")
    allowed = _drawn_layers()["core"] | {"core"}
    wrong = [t for t in planted["symcheck.core.network"] if _unit(t) not in allowed]
    assert wrong == ["symcheck.grade"]
