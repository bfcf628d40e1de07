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


BAD_IMPORTS = {
    "an_import_from_a_higher_layer": (
        "participants/selectors.py",
        "import matching.selectors",
        "participants.selectors -> matching.selectors",
    ),
    "the_foundation_importing_an_app": (
        "vvsite/jobs.py",
        "import reporting.models",
        "vvsite is not allowed to import reporting",
    ),
    "an_upward_import_inside_a_function": (
        "cohorts/selectors.py",
        "def late():\n    from volunteers import models",
        "cohorts is not allowed to import volunteers",
    ),
    "a_cycle_between_two_modules_of_an_app": (
        "reporting/figures.py",
        "import reporting.kpis",
        "No cycles are allowed in reporting",
    ),
    "the_matching_maths_reaching_the_database": (
        "matching/scoring.py",
        "import matching.models",
        "matching.scoring is not allowed to import matching.models",
    ),
}


@pytest.mark.parametrize(
    ("module", "statement", "complaint"), BAD_IMPORTS.values(), ids=BAD_IMPORTS
)
def test_the_contracts_are_broken_by(copy, tmp_path, module, statement, complaint):
    root = _with_import(copy, module, statement, tmp_path)

    result = _lint(root)

    assert result.returncode == 1
    assert complaint in result.stdout
