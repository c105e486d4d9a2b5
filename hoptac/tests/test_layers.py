"""The layers contracts in pyproject.toml hold, and an upward import breaks them with both modules named."""

from __future__ import annotations

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
