"""The package's layers: every import points down the list below, and no modules import each
other in a loop (module-level and function-level imports alike). docs/architecture.md draws
the same list."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cevns"

LAYERS = (
    (
        "base",
        (
            "constants",
            "errors",
            "_files",
            "_toml",
            "nuclei",
            "physics",
            "darksector",
            "relic",
            "alp",
            "results",
        ),
    ),
    ("plotting", ("plotting",)),
    ("nuclear", ("nuclear",)),
    ("sources", ("sources",)),
    ("xsec", ("xsec",)),
    ("detectors", ("detectors",)),
    ("rates", ("rates",)),
    ("inference", ("inference",)),
    ("io", ("io",)),
    ("cli", ("cli",)),
)
"""Bottom to top; each entry: layer name and the top-level modules or subpackages in it."""

RANK = {top: rank for rank, (_, tops) in enumerate(LAYERS) for top in tops}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package imported anywhere in ``path`` (absolute dotted names)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("cevns"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cevns")}
    return found


def _exists(module: str) -> bool:
    p = SRC.parent.joinpath(*module.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(SRC.rglob("*.py"))}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_has_a_layer():
    graph = _graph()
    missing = sorted({_top(m) for m in graph if _top(m) and _top(m) not in RANK})
    assert not missing, f"modules outside every layer (add them to LAYERS): {missing}"


def test_imports_point_down():
    upward = []
    for module, targets in _graph().items():
        if module == "cevns":  # the package face re-exports (lazily) from every layer
            continue
        for target in targets:
            if target == "cevns" or _top(target) == _top(module):
                continue
            if RANK[_top(target)] > RANK[_top(module)]:
                upward.append(f"{module} -> {target}")
    assert not upward, "imports that point up the layers:\n" + "\n".join(sorted(upward))


def test_no_import_cycles():
    graph = {m: {t for t in ts if t != "cevns"} for m, ts in _graph().items() if m != "cevns"}
    # a package face imports its own submodules; count those edges too
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_architecture_document_lists_the_layers():
    text = (SRC.parents[1] / "docs" / "architecture.md").read_text()
    block = text.split("```layers\n", 1)[1].split("```", 1)[0]
    documented = [line.split()[0] for line in block.splitlines() if line.strip()]
    assert documented == [name for name, _ in reversed(LAYERS)]
