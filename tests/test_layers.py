"""The import contracts in pyproject.toml (``[tool.importlinter]``) hold for the code, and they
catch what they are there to catch: run on a copy of the code with one bad import added, they fail.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("vvsite", "participants", "cohorts", "matching", "volunteers", "reporting")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The apps' Python files and pyproject.toml, copied; a test adds one import to them."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copy(ROOT / "pyproject.toml", root)
    for app in APPS:
        shutil.copytree(
            ROOT / app, root / app, ignore=shutil.ignore_patterns("*.pyc", "__pycache__")
        )
    return root


def _with_import(copy: Path, module: str, statement: str, tmp_path: Path) -> Path:
    """A fresh copy of ``copy`` in which ``module`` (a file path) also runs ``statement``."""
    root = tmp_path / "tree"
    shutil.copytree(copy, root)
    path = root / module
    path.write_text(path.read_text() + f"\n{statement}\n")
    return root


def test_the_code_keeps_every_import_contract():
    result = _lint(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_untouched_copy_keeps_the_contracts_too(copy):
    result = _lint(copy)

    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_from_a_higher_layer_breaks_the_layers_contract(copy, tmp_path):
    root = _with_import(copy, "participants/selectors.py", "import matching.selectors", tmp_path)

    result = _lint(root)

    assert result.returncode == 1
    assert "participants is not allowed to import matching" in result.stdout
    assert "participants.selectors -> matching.selectors" in result.stdout


def test_the_foundation_may_not_import_an_app(copy, tmp_path):
    root = _with_import(copy, "vvsite/jobs.py", "import reporting.models", tmp_path)

    result = _lint(root)

    assert result.returncode == 1
    assert "vvsite is not allowed to import reporting" in result.stdout


def test_a_deferred_upward_import_is_caught_as_well(copy, tmp_path):
    root = _with_import(
        copy, "cohorts/selectors.py", "def late():\n    from volunteers import models", tmp_path
    )

    result = _lint(root)

    assert result.returncode == 1
    assert "cohorts is not allowed to import volunteers" in result.stdout


def test_a_cycle_between_two_modules_of_an_app_breaks_the_acyclic_contract(copy, tmp_path):
    root = _with_import(copy, "reporting/figures.py", "import reporting.kpis", tmp_path)

    result = _lint(root)

    assert result.returncode == 1
    assert "No cycles are allowed in reporting" in result.stdout


def test_the_matching_maths_may_not_reach_the_database(copy, tmp_path):
    root = _with_import(copy, "matching/scoring.py", "import matching.models", tmp_path)

    result = _lint(root)

    assert result.returncode == 1
    assert "matching.scoring is not allowed to import matching.models" in result.stdout
