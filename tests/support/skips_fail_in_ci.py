"""Under CI, a skipped test fails the run. Tests that need a tool or a privilege (the fake
microphone, a tmpfs mount, Xvfb, PulseAudio) skip themselves on a developer's machine; in CI a
missing tool must not leave a green run that tested nothing. Outside CI, skips stay skips.

Loaded by the root conftest (`pytest_plugins`); CI is "set" unless empty, 0, false or no."""

from __future__ import annotations

import os

import pytest

OFF_VALUES = ("", "0", "false", "no")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in OFF_VALUES


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (path, line, "Skipped: why")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


class SkipsFailInCI:
    """Collects every skip (not xfail) and turns the run's exit status into a failure."""

    def __init__(self) -> None:
        self.skipped: list[tuple[str, str]] = []

    def _note(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skipped.append((report.nodeid or str(report.fspath), _reason(report)))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._note(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._note(report)  # a whole module skipped at import (importorskip, allow_module_level)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.skipped and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.skipped:
            return
        terminalreporter.section("skipped tests fail under CI", sep="=", red=True, bold=True)
        terminalreporter.line(
            f"CI is set, so these {len(self.skipped)} skipped test(s) fail the run: "
            "install what they need on the CI machine, or remove the test."
        )
        for nodeid, reason in self.skipped:
            terminalreporter.line(f"SKIPPED IN CI {nodeid} - {reason}", red=True)


def pytest_configure(config: pytest.Config) -> None:
    if in_ci():
        config.pluginmanager.register(SkipsFailInCI(), "skips-fail-in-ci")
