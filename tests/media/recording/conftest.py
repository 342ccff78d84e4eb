"""The fake-microphone fixtures, until the root conftest loads them with
`pytest_plugins = ["tests.support.fakemic_plugin"]` (pytest only honours that line at the root)."""

from tests.support.fakemic_plugin import fake_mic, realtime_mic  # noqa: F401
