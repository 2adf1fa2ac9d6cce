"""The package's layers: every import points down them, and no module imports in a circle.

From the bottom: the core (``lossviz/*.py``), ``lessons``, ``inputs``, ``views``, ``i18n``,
``ui``. Streamlit only in ``ui`` (and the pages), Plotly only in ``views``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lossviz"
LAYERS = ["core", "lessons", "inputs", "views", "i18n", "ui"]
#: Third-party packages a layer may import beyond torch, NumPy and the standard library.
ALLOWED = {
    "core": set(),
    "lessons": set(),
    "inputs": {"charset_normalizer"},
    "views": {"plotly"},
    "i18n": set(),
    "ui": {"streamlit", "plotly", "pandas", "pyarrow"},
}
THIRD_PARTY = {"streamlit", "plotly", "pandas", "pyarrow", "charset_normalizer"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "core"


def _imports(path: Path) -> set[str]:
    """Modules ``path`` imports (outside ``if TYPE_CHECKING`` blocks)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module.startswith("lossviz"):
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {
    name: {m for m in _imports(path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module):
    if module == "lossviz":
        return  # the public API gathers the core, the lessons' and the inputs' exports
    own = LAYERS.index(_layer(module))
    for imported in _imports(MODULES[module]):
        top = imported.split(".")[0]
        if imported.startswith("lossviz.") and imported in MODULES:
            assert LAYERS.index(_layer(imported)) <= own, f"{module} imports {imported}"
        elif top in THIRD_PARTY:
            assert top in ALLOWED[_layer(module)], f"{module} imports {top}"


def test_no_module_imports_in_a_circle():
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for nxt in sorted(GRAPH[name]):
            if nxt == "lossviz" or nxt == name:
                continue
            assert state.get(nxt) != "open", " -> ".join([*trail, name, nxt])
            if nxt not in state:
                visit(nxt, [*trail, name])
        state[name] = "done"

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [])


def test_no_module_is_over_800_lines():
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 800
    }
    assert not long
