"""Imports go downwards through the layers of docs/design.md ("How the code is laid out")."""

import ast
import importlib
from pathlib import Path

import pytest

import salescare

LAYERS = {
    "errors": 0,
    "i18n": 0,
    "ids": 0,
    "vocabulary": 0,
    "_checks": 0,
    "_edge": 0,
    "_masking": 0,
    "_timetext": 0,
    "_errortext": 0,
    "_renames": 0,
    "data": 0,
    "_hypothesis_plugin": 0,
    "models": 1,
    "serialize": 1,
    "schema": 1,
    "documents": 1,
    "pydantic": 2,
    "calendars": 2,
    "_zones": 2,
    "_timeline": 2,
    "_yeartable": 2,
    "_years": 2,
    "_spans": 2,
    "_holidays": 2,
    "_vector": 2,
    "frame": 6,
    "sla": 3,
    "grading": 4,
    "cadence": 4,
    "revisits": 4,
    "meetings": 4,
    "completeness": 4,
    "workflow": 5,
    "access": 5,
    "agenda": 5,
    "metrics": 6,
    "catalogue": 6,
    "glossary": 6,
    "cli": 6,
    "_tabular": 6,
    "_writing": 6,
    "_chunked": 6,
    "_cli_kernels": 6,
    "_sla_kernel": 6,
    "_isotext": 6,
    "_encodings": 6,
    "_excel": 6,
    "_hooks": 1,
    "_demo": 6,
    "testing": 7,
}
ROOT = Path(salescare.__file__).parent
MODULES = sorted(p for p in ROOT.rglob("*.py") if p != ROOT / "__init__.py")


def _top(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def _imported(tree: ast.Module) -> list[str]:
    """The salescare parts a module imports when it loads (not under TYPE_CHECKING, not lazily)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("salescare"):
            parts = node.module.split(".")
            found += [a.name for a in node.names] if len(parts) == 1 else [parts[1]]
        elif isinstance(node, ast.Import):
            found += [a.name.split(".")[1] for a in node.names if a.name.startswith("salescare.")]
    return found


def test_every_module_has_a_layer():
    assert {_top(path) for path in MODULES} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_never_reach_up(path):
    mine = LAYERS[_top(path)]
    upward = [
        name for name in _imported(ast.parse(path.read_text("utf-8"))) if LAYERS.get(name, 0) > mine
    ]
    assert upward == [], f"{path.relative_to(ROOT)} (layer {mine}) imports {upward}"


def test_no_submodule_is_shadowed_by_a_name_its_package_exports():
    # `import salescare.testing.calendars as m` would hand back the function, not the module
    clashes = []
    for path in MODULES:
        if path.parent != ROOT:
            package = importlib.import_module(f"salescare.{path.parent.name}")
            if path.stem in getattr(package, "__all__", ()):
                clashes.append(f"{path.parent.name}.{path.stem}")
    assert clashes == []
