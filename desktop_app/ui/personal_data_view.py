"""«Персональные данные»: who lacks a current consent, erasure on request, the password on
opening and locking after a time without use."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import ConsentState
from desktop_app.paths import backups_dir
from desktop_app.services.app_lock import AppLockService
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.services.personal_data import ERASED_NAME, erase_person
from desktop_app.ui.widgets import FieldBox, FormBuilder, show_errors

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

MISSING_COLOUR = "#fbe3e3"


class PersonalDataSection(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.ids: list[int] = []
        heading = QLabel("<h2>Защита данных</h2>")
        hint = QLabel(
            "Обработка персональных данных педагогов допускается с их согласия (152-ФЗ). "
            "Педагоги без действующего согласия выделены; перед выгрузкой их данных в документы "
            "программа предупреждает. По заявлению педагога его данные можно удалить из базы: "
            "записи приказов и пар останутся с пометкой «данные удалены»."
        )
        hint.setWordWrap(True)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Поиск по ФИО")
        self.search.setClearButtonEnabled(True)
        self.only_problems = QCheckBox("Только &без действующего согласия")
        self.only_problems.setChecked(True)
        self.erase_button = QPushButton("&Удалить персональные данные по заявлению…")
        self.erase_button.setObjectName("erase")
        self.erase_button.clicked.connect(lambda: self.erase_selected())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.only_problems)
        bar.addWidget(self.erase_button)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("people")
        self.table.setHorizontalHeaderLabels(("ФИО", "Должность", "Согласие на обработку ПДн"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self._password_box())

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.only_problems.toggled.connect(lambda _on: self.refresh())
        self.refresh()

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.window_.db

    # --- people ------------------------------------------------------------------------

    def refresh(self) -> None:
        people = PeopleService(self.db)
        today = dt.date.today()
        ids = people.query_ids(PeopleFilter(text=self.search.text()), today=today)
        rows = people.rows(ids, today)
        shown = [
            rows[i]
            for i in ids
            if i in rows
            and rows[i].full_name != ERASED_NAME
            and (not self.only_problems.isChecked() or rows[i].consent is not ConsentState.GIVEN)
        ]
        self.ids = [r.id for r in shown]
        self.table.setRowCount(len(shown))
        for number, row in enumerate(shown):
            values = (row.full_name, row.position, row.consent.label)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2 and row.consent is not ConsentState.GIVEN:
                    item.setBackground(QColor(MISSING_COLOUR))
                self.table.setItem(number, column, item)
        self._update_buttons()
        if not shown:
            self.message.setText(
                "Все педагоги дали согласие на обработку персональных данных."
                if self.only_problems.isChecked() and not self.search.text()
                else "Никого не найдено."
            )
        else:
            self.message.setText(f"Показано: {len(shown)}")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.erase_button.setEnabled(self.selected_id() is not None)

    def erase_selected(self, reason: str | None = None, confirmed: bool = False) -> bool:
        person_id = self.selected_id()
        if person_id is None:
            return False
        name = PeopleService(self.db).get(person_id).full_name
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                "Удаление персональных данных",
                f"Основание удаления данных педагога {name}\n"
                "(например: «заявление от 20.11.2026 № 5»):",
            )
            if not ok:
                return False
        if not confirmed:
            answer = QMessageBox.question(
                self,
                "Удаление персональных данных",
                f"Удалить из базы все персональные данные педагога {name}?\n\n"
                "ФИО, даты, контакты, сведения наставника и наставляемого будут стёрты без "
                "возможности вернуть; записи приказов и пар останутся с пометкой «данные "
                "удалены».",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            result = erase_person(self.db, person_id, reason, backups_dir())
        except ValidationError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText("\n".join(exc.errors.values()))
            return False
        except AppError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(exc.message)
            return False
        self.window_.data_changed()
        self.refresh()
        self.message.setStyleSheet("")
        self.message.setText(result.note())
        return True

    # --- password ----------------------------------------------------------------------

    def _password_box(self) -> QGroupBox:
        box = QGroupBox("Пароль на вход в программу")
        form = QFormLayout(box)
        self.password_boxes: dict[str, FieldBox] = {}
        builder = FormBuilder(form, self.password_boxes)
        self.password_state = QLabel()
        self.password_state.setWordWrap(True)
        form.addRow(self.password_state)
        self.current = builder.line("current", "Текущий пароль:")
        self.new = builder.line("new", "Новый пароль:")
        self.repeat = builder.line("repeat", "Повтор нового пароля:")
        for edit in (self.current, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaximumWidth(260)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" мин")
        self.idle.setSpecialValueText("не блокировать")
        self.idle.setMaximumWidth(160)
        builder.add("idle", "Блокировать без работы через:", self.idle)
        buttons = QHBoxLayout()
        self.save_password_button = QPushButton("Сохранить пароль")
        self.save_password_button.clicked.connect(lambda: self.save_password())
        self.remove_password_button = QPushButton("Снять пароль")
        self.remove_password_button.clicked.connect(lambda: self.remove_password())
        buttons.addWidget(self.save_password_button)
        buttons.addWidget(self.remove_password_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self._show_password_state()
        return box

    def _show_password_state(self) -> None:
        settings = AppLockService(self.db).settings()
        if settings.enabled:
            idle = (
                f"; блокировка через {settings.idle_minutes} мин без работы"
                if settings.idle_minutes
                else ""
            )
            self.password_state.setText(
                f"Пароль задан{idle}. Пароль не даёт открыть программу постороннему, но сам "
                "файл базы не шифрует: храните его в папке, доступной только вам."
            )
        else:
            self.password_state.setText(
                "Пароль не задан: программа открывается без пароля. Задайте его, если за "
                "компьютером работают и другие."
            )
        self.idle.setValue(settings.idle_minutes if settings.enabled else 10)
        self.current.setEnabled(settings.enabled)
        self.remove_password_button.setEnabled(settings.enabled)

    def _clear_password_fields(self) -> None:
        for edit in (self.current, self.new, self.repeat):
            edit.clear()

    def save_password(self) -> bool:
        service = AppLockService(self.db)
        try:
            if not self.new.text() and service.settings().enabled:
                service.set_idle_minutes(self.current.text(), self.idle.value())
            else:
                service.set_password(
                    self.current.text(), self.new.text(), self.repeat.text(), self.idle.value()
                )
        except ValidationError as exc:
            show_errors(self.password_boxes, exc.errors)
            return False
        show_errors(self.password_boxes, {})
        self._clear_password_fields()
        self._show_password_state()
        self.window_.safety.apply_lock_settings()
        return True

    def remove_password(self) -> bool:
        try:
            AppLockService(self.db).remove_password(self.current.text())
        except ValidationError as exc:
            show_errors(self.password_boxes, exc.errors)
            return False
        show_errors(self.password_boxes, {})
        self._clear_password_fields()
        self._show_password_state()
        self.window_.safety.apply_lock_settings()
        return True
