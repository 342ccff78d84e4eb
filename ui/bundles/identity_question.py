""" "Is this the same Dr Lee?": asked once when a bundle's person has a name taken here by
someone with another id (app/bundles/identity.py decides when; the import runs again with the
answer). Alt+Y: the same person; Alt+N: someone else, shown under the name in the field (Alt+S
edits it, Enter there means someone else); Esc: don't import."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bundles.identity import IdentityClash
from ui.common.dialog_keys import close_on_ctrl_w


class IdentityQuestionDialog(QDialog):
    """Emits `answered(IdentityChoice)`; rejected means the import is not done."""

    answered = Signal(object)

    def __init__(self, clash: IdentityClash, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.clash = clash
        self.setObjectName("identityQuestion")
        self.setWindowTitle("Same person?")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        question = QLabel(clash.question)
        question.setObjectName("identityQuestionText")
        question.setStyleSheet("font-size: 16px; font-weight: bold;")
        question.setWordWrap(True)
        layout.addWidget(question)
        explanation = QLabel(clash.explanation)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)

        form = QFormLayout()
        self.other_name = QLineEdit(clash.other_name)
        self.other_name.setObjectName("identityOtherName")
        self.other_name.setMaxLength(120)
        label = QLabel("If someone else, &show them as:")
        label.setBuddy(self.other_name)
        form.addRow(label, self.other_name)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)

        # Plain buttons, not a QDialogButtonBox: that would make "Yes" the default button, and
        # Enter in the name field would then answer "the same person" as well.
        buttons = QHBoxLayout()
        self.same_button = QPushButton(f"&Yes, the same {clash.name}")
        self.same_button.setObjectName("identitySame")
        self.other_button = QPushButton("&No, someone else")
        self.other_button.setObjectName("identityOther")
        cancel = QPushButton("Don't import")
        for button in (self.same_button, self.other_button, cancel):
            button.setAutoDefault(False)
        buttons.addWidget(self.same_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        cancel.clicked.connect(self.reject)
        self.same_button.clicked.connect(self._same)
        self.other_button.clicked.connect(self._other)
        self.other_name.returnPressed.connect(self._other)  # typing a name means "someone else"
        layout.addLayout(buttons)
        self.same_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _same(self) -> None:
        self.answered.emit(self.clash.same())
        self.accept()

    def _other(self) -> None:
        name = " ".join(self.other_name.text().split())
        if not name or name.casefold() == self.clash.local_name.casefold():
            self.error.setText(f"Please give a name that tells them apart from {self.clash.local_name}.")
            self.other_name.setFocus()
            return
        self.answered.emit(self.clash.someone_else(name))
        self.accept()
