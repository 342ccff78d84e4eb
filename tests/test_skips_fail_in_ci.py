"""The CI guard (tests/support/skips_fail_in_ci.py) on a real inner pytest run: with CI set a
skipped test fails the run and is named with its reason; without CI a skip stays a skip."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

INNER = """
import pytest

def test_passes():
    assert 1 + 1 == 2

def test_needs_a_tool():
    pytest.skip("Xvfb is not installed")

@pytest.mark.skipif(True, reason="cannot mount a tmpfs here")
def test_needs_a_privilege():
    pass

@pytest.mark.xfail(reason="a known bug, not a missing tool", strict=True)
def test_known_bug():
    assert False
"""
MODULE_SKIP = """
import pytest
pytest.skip("no fake microphone", allow_module_level=True)
"""


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest('pytest_plugins = ["tests.support.skips_fail_in_ci"]')
    pytester.makepyfile(test_inner=INNER, test_mic=MODULE_SKIP)
    return pytester


def test_outside_ci_skips_stay_skips(inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "fail under CI" not in result.stdout.str()


@pytest.mark.parametrize("value", ["0", "false", ""])
def test_ci_switched_off_is_not_ci(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CI", value)
    assert inner.runpytest("-p", "no:cacheprovider").ret == pytest.ExitCode.OK


def test_under_ci_any_skip_fails_the_run_and_is_named(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*skipped tests fail under CI*",
            "CI is set, so these 3 skipped test(s) fail the run*",
            "SKIPPED IN CI test_inner.py::test_needs_a_tool - Xvfb is not installed",
            "SKIPPED IN CI test_inner.py::test_needs_a_privilege - cannot mount a tmpfs here",
        ]
    )
    result.stdout.fnmatch_lines(["SKIPPED IN CI test_mic.py - no fake microphone"])
    assert "test_known_bug" not in "".join(line for line in result.outlines if "SKIPPED IN CI" in line)


def test_under_ci_a_run_without_skips_passes(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest('pytest_plugins = ["tests.support.skips_fail_in_ci"]')
    pytester.makepyfile(test_ok="def test_ok():\n    assert True\n")
    monkeypatch.setenv("CI", "1")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK


def test_under_ci_a_failing_run_keeps_its_own_exit_status(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest('pytest_plugins = ["tests.support.skips_fail_in_ci"]')
    broken = "import pytest\n\ndef test_bad():\n    pytest.skip('x')\n\ndef test_error(:\n"
    pytester.makepyfile(test_bad=broken)  # a syntax error: collection fails
    monkeypatch.setenv("CI", "1")
    assert pytester.runpytest("-p", "no:cacheprovider").ret == pytest.ExitCode.INTERRUPTED
