"""Practice Room application wiring: start-up, settings, CLI, cross-part workflows."""

from __future__ import annotations

# Kept equal to pyproject.toml's version by tests/app/cli/test_cli.py. Not read from the installed
# metadata: importing importlib.metadata cost ~40 ms of every start (benchmarks/RESULTS.md).
__version__ = "0.1.0"
