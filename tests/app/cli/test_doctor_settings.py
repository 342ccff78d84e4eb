"""`doctor` reads a bad settings file without failing, says what it would correct, changes nothing."""

from __future__ import annotations

from app.cli.doctor import check_data
from app.paths import DataPaths


def test_doctor_names_a_null_response_window(data_paths: DataPaths) -> None:
    data_paths.settings_file.write_text('{"response_window_s": null, "database_url": null}')
    findings = {f.label: f for f in check_data(data_paths)}
    settings = findings["Settings"]
    assert not settings.ok and not settings.essential  # the app still runs, on the usual value
    assert "response_window_s is empty (null), so 90 is used" in settings.value
    assert settings.advice == "One setting could not be used and is back to its usual value: time to reply."
    assert findings["Database URL"].value == f"sqlite:///{data_paths.database}"


def test_doctor_leaves_a_damaged_file_for_the_app_to_keep(data_paths: DataPaths) -> None:
    data_paths.settings_file.write_bytes(b"[1, 2")
    findings = {f.label: f for f in check_data(data_paths)}
    assert findings["Settings"].advice == (
        "Your settings file could not be read; Practice Room will use its usual settings "
        "and keep a copy of the file when it next starts."
    )
    assert data_paths.settings_file.read_bytes() == b"[1, 2"
    assert [p.name for p in data_paths.home.iterdir() if "damaged" in p.name] == []


def test_doctor_is_quiet_about_good_settings(data_paths: DataPaths) -> None:
    data_paths.settings_file.write_text('{"response_window_s": 120}')
    assert "Settings" not in {f.label for f in check_data(data_paths)}
