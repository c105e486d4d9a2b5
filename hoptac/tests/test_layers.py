"""The layers contracts in pyproject.toml hold, an upward import breaks them with both modules named, and no
app takes another's underscore names."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports over the copy of the package in `tree`, with the project's contracts."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The package's Python modules and the project's contracts, copied (only .py files: fast)."""
    keep_py = shutil.ignore_patterns(
        "*.pyc", "__pycache__", "static", "templates", "locale", "data", "*.json"
    )
    shutil.copytree(ROOT / "hoptac", tmp_path / "hoptac", ignore=keep_py)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_domain_importing_the_web_app_breaks_the_layers(tree: Path) -> None:
    models = tree / "hoptac" / "agreements" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "\nimport hoptac.web  # noqa\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "hoptac.agreements.models -> hoptac.web" in result.stdout, result.stdout


def app_of(module: str) -> str:
    """The app a dotted module name belongs to (`hoptac.agreements.models` -> `agreements`)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def borrowed_private_names(path: Path, module: str) -> list[str]:
    """`from hoptac.x import _name` and `module._name` where hoptac.x is another app (Django's _meta aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, bound = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hoptac"):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                if alias.name.startswith("_") and app_of(node.module or "") != app_of(module):
                    found.append(f"{module}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            bound |= {a.asname or a.name: a.name for a in node.names if a.name.startswith("hoptac.")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = bound.get(node.value.id, "")
            private = node.attr.startswith("_") and not node.attr.startswith("__") and node.attr != "_meta"
            if private and target and app_of(target) != app_of(module):
                found.append(f"{module}: {node.value.id}.{node.attr}")
    return found


def test_no_app_uses_another_apps_underscore_names() -> None:
    found = []
    for path in sorted((ROOT / "hoptac").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if ".tests" not in module and ".migrations" not in module:
            found += borrowed_private_names(path, module)
    assert found == []


def test_the_underscore_check_sees_a_borrowed_helper(tmp_path: Path) -> None:
    path = tmp_path / "deletion.py"
    path.write_text("from hoptac.exchange import export\nexport._stamps(1)\n", encoding="utf-8")
    assert borrowed_private_names(path, "hoptac.accounts.deletion") == [
        "hoptac.accounts.deletion: export._stamps"
    ]
