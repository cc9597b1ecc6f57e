"""The code's own standards, checked with the tests: ruff finds nothing, and the package's
imports keep the pipeline's layers and make no circle (import-linter's contracts in
pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "scripts",
                           "bench"], cwd=ROOT, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stdout + done.stderr


def test_imports_keep_the_layers_and_make_no_circle():
    # in a child: import-linter disables the loggers that exist when it runs
    code = ("import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, "
            "no_cache=True))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False)

    assert done.returncode == 0, done.stdout + done.stderr
