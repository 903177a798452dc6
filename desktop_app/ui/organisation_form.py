"""Сведения об организации: the first-run dialog and the «Настройки» page share this form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ValidationError
from desktop_app.services.organisation import (
    FIELD_LABELS,
    OrganisationDraft,
    OrganisationService,
)
from desktop_app.ui.widgets import FieldBox, FormBuilder, fit_to_screen, show_errors

REQUIRED = {"full_name", "head_name"}
PLACEHOLDERS = {
    "full_name": "Муниципальное казённое общеобразовательное учреждение «…»",
    "short_name": "МКОУ «… СОШ»",
    "org_type": "общеобразовательная организация",
    "municipality": "… муниципальный район",
    "head_position": "директор",
    "curator_position": "заместитель директора по УВР",
}


class OrganisationForm(QWidget):
    def __init__(self, service: OrganisationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.boxes: dict[str, FieldBox] = {}
        self.edits: dict[str, QLineEdit] = {}
        form = FormBuilder(QFormLayout(self), self.boxes)
        for item in fields(OrganisationDraft):
            label = FIELD_LABELS[item.name] + (" *" if item.name in REQUIRED else "")
            self.edits[item.name] = form.line(item.name, label, PLACEHOLDERS.get(item.name, ""))
        self.load()

    def load(self) -> None:
        draft = self.service.draft()
        for name, edit in self.edits.items():
            edit.setText(getattr(draft, name))
            # The beginning of a long name shows («Муниципальное…»), not its tail.
            edit.setCursorPosition(0)

    def draft(self) -> OrganisationDraft:
        return OrganisationDraft(**{name: edit.text() for name, edit in self.edits.items()})

    def save(self) -> bool:
        try:
            self.service.save_own(self.draft())
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            if first is not None:
                first.field.setFocus()
            return False
        show_errors(self.boxes, {})
        return True


class OrganisationDialog(QDialog):
    """Asked once, on the first start: the organisation's details go on every document."""

    def __init__(self, service: OrganisationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Сведения об организации")
        intro = QLabel(
            "Добро пожаловать! Укажите сведения об образовательной организации — они попадут "
            "в шапку приказов и отчётов. Изменить их можно потом в разделе «Настройки»."
        )
        intro.setWordWrap(True)
        self.form = OrganisationForm(service)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Позже")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 520)

    def _save(self) -> None:
        if self.form.save():
            self.accept()

    @classmethod
    def ask(cls, service: OrganisationService, parent: QWidget | None = None) -> tuple[None, bool]:
        dialog = cls(service, parent)
        return None, dialog.exec() == QDialog.DialogCode.Accepted


class SettingsSection(QWidget):
    """«Настройки»: the organisation and the database file."""

    def __init__(
        self,
        service: OrganisationService,
        location: str,
        parent: QWidget | None = None,
        on_server: Callable[[], object] | None = None,
        on_file: Callable[[], object] | None = None,
        server: bool = False,
    ):
        super().__init__(parent)
        self.form = OrganisationForm(service)
        self.saved = QLabel()
        save = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        save.button(QDialogButtonBox.StandardButton.Save).setText("&Сохранить сведения")
        save.accepted.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Настройки</h2>"))
        layout.addWidget(QLabel("<b>Сведения об организации</b>"))
        layout.addWidget(self.form)
        layout.addWidget(save)
        layout.addWidget(self.saved)
        layout.addWidget(QLabel("<b>Где хранятся данные</b>"))
        db_label = QLabel(
            f"Общая база муниципалитета: {location}. Резервные копии базы на сервере делает "
            "администратор сервера."
            if server
            else f"Файл базы данных на этом компьютере: {location}"
        )
        db_label.setObjectName("database_location")
        db_label.setWordWrap(True)
        db_label.setTextInteractionFlags(
            db_label.textInteractionFlags() | db_label.textInteractionFlags().TextSelectableByMouse
        )
        layout.addWidget(db_label)
        where = QHBoxLayout()
        if on_server is not None:
            to_server = QPushButton("Подключиться к &серверу…")
            to_server.setToolTip(
                "Общая база муниципалитета на сервере PostgreSQL: адрес, базу и пользователя "
                "сообщает администратор"
            )
            to_server.clicked.connect(on_server)
            where.addWidget(to_server)
        if on_file is not None:
            to_file = QPushButton("Открыть &файл базы…")
            to_file.clicked.connect(on_file)
            where.addWidget(to_file)
        where.addStretch()
        layout.addLayout(where)
        layout.addStretch()

    def _save(self) -> None:
        if self.form.save():
            self.saved.setText("Сохранено.")
        else:
            self.saved.setText("")
            QMessageBox.warning(self, "Настройки", "Проверьте поля, отмеченные красным.")

    def refresh(self) -> None:
        self.form.load()
