"""File > Connect to your clinic's server…, driven by keys against a real PostgreSQL server."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.settings import SettingsFile, read_settings
from tests.support.clinic_logins import database_of, make_login
from tests.support.keys import activate, create_first_profile, press, type_text
from tests.support.pg_cluster import Cluster
from ui.clinic.connect_dialog import ConnectDialog
from ui.shell.main_window import MainWindow
from ui.shell.startup import build_main_window


def open_connect_dialog(qtbot: QtBot, window: MainWindow) -> ConnectDialog:
    activate(qtbot, window)
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # the File menu
    qtbot.waitUntil(lambda: window.file_menu.isVisible(), timeout=5000)
    press(window.file_menu, Qt.Key.Key_C)  # Connect to your &clinic's server…
    qtbot.waitUntil(
        lambda: window.clinic.dialog is not None and window.clinic.dialog.isVisible(), timeout=5000
    )
    dialog = window.clinic.dialog
    assert dialog is not None
    activate(qtbot, dialog)
    return dialog


def replace_field(dialog: ConnectDialog, mnemonic: Qt.Key, text: str) -> None:
    press(dialog, mnemonic, Qt.KeyboardModifier.AltModifier)  # to the field, its text selected
    press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog, text)


def wait_message(qtbot: QtBot, dialog: ConnectDialog, words: str) -> None:
    qtbot.waitUntil(lambda: words in dialog.message.text(), timeout=20000)


def test_connect_by_keys_reports_problems_then_switches_to_the_server_and_back(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths
) -> None:
    login = make_login(pg_cluster, database_of(pg_url), password="pw-dialog", person="Jo")
    window: MainWindow = build_main_window(data_paths, SettingsFile(data_paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    window.start()
    create_first_profile(qtbot, window, "Dana")  # solo first: the app on this computer
    dialog = open_connect_dialog(qtbot, window)
    assert QApplication.focusWidget() is dialog.host_edit
    type_text(dialog, "127.0.0.1")
    press(dialog, Qt.Key.Key_Tab)
    type_text(dialog, "1")  # a port nothing listens on
    press(dialog, Qt.Key.Key_Tab)
    type_text(dialog, login.database)
    press(dialog, Qt.Key.Key_Tab)
    type_text(dialog, login.role)
    press(dialog, Qt.Key.Key_Tab)
    type_text(dialog, "pw-wrong")
    press(dialog, Qt.Key.Key_Return)
    wait_message(qtbot, dialog, "could not be reached")
    assert dialog.isVisible()
    replace_field(dialog, Qt.Key.Key_S, str(pg_cluster.socket_dir))
    replace_field(dialog, Qt.Key.Key_O, str(pg_cluster.port))
    press(dialog, Qt.Key.Key_Return)
    wait_message(qtbot, dialog, "did not accept that sign-in name and password")
    assert dialog.grab().save("/tmp/connect-dialog.png")
    replace_field(dialog, Qt.Key.Key_P, "pw-dialog")
    replace_field(dialog, Qt.Key.Key_D, "no_such_database")
    press(dialog, Qt.Key.Key_Return)
    wait_message(qtbot, dialog, "no database of that name")
    replace_field(dialog, Qt.Key.Key_D, login.database)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: window.profile is not None and window.profile.name == "Jo", timeout=30000)
    assert window.clinic.status_label.text() == "Clinic server: connected"
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    saved = read_settings(data_paths.settings_file).settings.clinic_server
    assert saved == pg_cluster.url(login.database, login.role)  # the address, never the password
    assert "pw-dialog" not in data_paths.settings_file.read_text()
    assert window.ctx.clinic is not None and window.ctx.clinic.password == "pw-dialog"  # memory only

    back = open_connect_dialog(qtbot, window)
    assert back.host_edit.text() == str(pg_cluster.socket_dir) and back.name_edit.text() == login.role
    assert back.password_edit.text() == ""
    press(back, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # &Use this computer only
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=20000
    )
    assert window.ctx.clinic is None and window.ctx.database_url == f"sqlite:///{data_paths.database}"
    assert not window.clinic.status_label.isVisible()
    window.ctx.settings.flush()  # type: ignore[attr-defined]
    assert read_settings(data_paths.settings_file).settings.clinic_server is None


def test_a_login_with_no_person_is_not_connected(
    qtbot: QtBot, pg_cluster: Cluster, pg_url: str, data_paths: DataPaths
) -> None:
    login = make_login(pg_cluster, database_of(pg_url), person=None)
    dialog = ConnectDialog(pg_cluster.url(login.database, login.role), False)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Return)
    wait_message(qtbot, dialog, "not yet set up as a person in this clinic; ask your admin")
    assert dialog.isVisible() and dialog.local_button.isEnabled()


def test_the_servers_administrator_is_not_used_to_sign_in(qtbot: QtBot, pg_url: str) -> None:
    dialog = ConnectDialog(pg_url, False)  # the test cluster's superuser
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_Return)
    wait_message(qtbot, dialog, "the server's administrator")
    assert dialog.isVisible()
