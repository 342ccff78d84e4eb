"""The import arrows (import-linter contracts in pyproject.toml), ruff and mypy, run as tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_import_contracts_are_kept() -> None:
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_ruff_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", "app", "ui", "media", "practice_db", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = run(str(BIN / "mypy"), "--no-incremental", "app", "ui", "media", "practice_db")
    assert result.returncode == 0, result.stdout + result.stderr


def test_app_paints_the_pdf_log_with_qtgui_only() -> None:
    # import-linter can forbid PySide6 in app but can't name a part of it: app's two painting
    # modules (the PDF log and the charts it shares with the screen) may use QtCore and QtGui only.
    import ast

    allowed = {"PySide6", "PySide6.QtCore", "PySide6.QtGui"}
    seen: dict[str, set[str]] = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                if name.split(".")[0] == "PySide6":
                    seen.setdefault(path.relative_to(ROOT).as_posix(), set()).add(name)
    assert set(seen) == {"app/progress_log/charts.py", "app/progress_log/pdf.py"}
    assert set().union(*seen.values()) <= allowed, seen


def test_an_upward_import_breaks_the_contracts(tmp_path: Path) -> None:
    # The arrows hold only if the contracts notice a wrong one: the core (app) importing the Qt
    # shell (ui), and storage importing the core, are each caught in a copy of the code.
    import os
    import shutil

    for package in ("app", "ui", "media", "practice_db", "benchmarks"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "pack")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    for module, upward in (("app/paths.py", "ui.shell.startup"), ("practice_db/records.py", "app.paths")):
        target = tmp_path / module
        original = target.read_text(encoding="utf-8")
        target.write_text(original + f"\nimport {upward}  # an arrow pointing up\n", encoding="utf-8")
        result = subprocess.run(
            [str(BIN / "lint-imports"), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, env=env
        )
        target.write_text(original, encoding="utf-8")
        assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout
        assert upward.split(".")[0] in result.stdout
