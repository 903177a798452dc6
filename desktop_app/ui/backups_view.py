"""«Резервные копии»: the list with dates and sizes, a copy now, restore, check, a copy to a USB
stick, and how many copies to keep."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.paths import backups_dir
from desktop_app.services.backup import (
    BackupInfo,
    BackupPolicy,
    backup_file,
    backup_now,
    check_backup,
    list_backups,
    load_policy,
    restore_backup,
    save_policy,
)

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

COLUMNS = ("Дата и время", "Повод", "Размер", "Файл")


class BackupsSection(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.backups: list[BackupInfo] = []

        heading = QLabel("<h2>Резервные копии</h2>")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.check_selected())

        self.make_button = QPushButton("&Сделать копию сейчас")
        self.make_button.setObjectName("make_backup")
        self.make_button.clicked.connect(self.make_now)
        self.restore_button = QPushButton("&Восстановить…")
        self.restore_button.setObjectName("restore_backup")
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.check_button = QPushButton("&Проверить")
        self.check_button.clicked.connect(self.check_selected)
        self.export_button = QPushButton("Копия &на флешку…")
        # Through a lambda: clicked(bool) would pass False as the folder and skip asking.
        self.export_button.clicked.connect(lambda: self.save_to_folder())
        self.folder_button = QPushButton("&Открыть папку")
        self.restore_button.setToolTip(
            "Заменить базу выбранной копией (текущее состояние сохранится)"
        )
        self.check_button.setToolTip("Прочитать копию целиком и проверить, что она не повреждена")
        self.export_button.setToolTip("Сохранить копию базы на флешку, сетевой диск или в папку")
        self.folder_button.setToolTip("Открыть папку с копиями в проводнике")
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups_dir())))
        )
        buttons = QHBoxLayout()
        for button in (
            self.make_button,
            self.restore_button,
            self.check_button,
            self.export_button,
            self.folder_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)

        policy_box = QGroupBox("Сколько копий хранить (за сегодня и вчера — все)")
        form = QFormLayout(policy_box)
        self.daily = self._spin(0, 99, "дн.")
        self.weekly = self._spin(0, 99, "нед.")
        self.monthly = self._spin(0, 120, "мес.")
        self.hours = self._spin(1, 24, "ч")
        form.addRow("По одной копии за день, за последние:", self.daily)
        form.addRow("По одной за неделю, за последние:", self.weekly)
        form.addRow("По одной за месяц, за последние:", self.monthly)
        form.addRow("Копия во время работы каждые:", self.hours)
        self.save_policy_button = QPushButton("Сохранить настройки копий")
        self.save_policy_button.clicked.connect(self.save_policy)
        form.addRow(self.save_policy_button)
        policy_box.setMaximumWidth(460)
        self.policy_box = policy_box

        lower = QHBoxLayout()
        lower.addWidget(policy_box)
        lower.addWidget(self.result, 1, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(lower)

        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        self.refresh()

    @staticmethod
    def _spin(low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(f" {suffix}")
        return spin

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.window_.db

    # --- list --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.db.is_server:
            self._show_server()
            return
        policy = load_policy(self.db)
        self.daily.setValue(policy.daily)
        self.weekly.setValue(policy.weekly)
        self.monthly.setValue(policy.monthly)
        self.hours.setValue(policy.every_hours)
        self.info.setText(
            f"Копии базы «{self.db.path}» хранятся в папке «{backups_dir()}». Программа делает "
            f"их сама: при первом открытии за день, каждые {policy.every_hours} ч работы и при "
            "закрытии, если были изменения. Копия делается средствами SQLite и целостна, даже "
            "пока программа открыта."
        )
        self.backups = list_backups(Path(self.db.path), backups_dir()) if self.db.path else []
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            values = (
                f"{backup.made_at:%d.%m.%Y %H:%M:%S}",
                backup.reason.label,
                backup.size_text,
                backup.path.name,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def _show_server(self) -> None:
        """A server database is not a file this computer could copy whole: its copies are the
        server's (pg_dump by the administrator), and none of the buttons here apply to it."""
        self.info.setText(
            f"Сейчас открыта общая база: {self.db.location}. Её резервные копии делает "
            "администратор сервера средствами PostgreSQL (pg_dump по расписанию, см. README, "
            "раздел «Общая база на сервере»); программа копий общей базы не делает и не "
            "восстанавливает. Копии файлов баз на этом компьютере видны, когда открыт файл."
        )
        self.backups = []
        self.table.setRowCount(0)
        self.table.hide()
        self.policy_box.hide()
        for widget in (
            self.make_button,
            self.restore_button,
            self.check_button,
            self.export_button,
            self.policy_box,
        ):
            widget.setEnabled(False)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.backups[rows[0].row()]

    def _update_buttons(self) -> None:
        if self.db.is_server:
            return
        has = self.selected() is not None
        self.restore_button.setEnabled(has)
        self.check_button.setEnabled(has)

    def _say(self, text: str, error: bool = False) -> None:
        self.result.setStyleSheet("color: #b00020;" if error else "")
        self.result.setText(text)

    # --- actions -----------------------------------------------------------------------

    def make_now(self) -> BackupInfo | None:
        try:
            made = backup_now(self.db, backups_dir())
        except AppError as exc:
            self._say(exc.message, error=True)
            return None
        self.refresh()
        self._say(f"Копия сохранена: {made.path.name} ({made.size_text}).")
        return made

    def check_selected(self) -> bool | None:
        backup = self.selected()
        if backup is None:
            return None
        result = check_backup(backup.path)
        self._say(result.message, error=not result.ok)
        return result.ok

    def save_to_folder(self, folder: Path | None = None) -> Path | None:
        settings = QSettings()
        if folder is None:
            start = str(settings.value("paths/last_backup_copy_dir", str(Path.home())))
            chosen = QFileDialog.getExistingDirectory(self, "Куда сохранить копию базы", start)
            if not chosen:
                return None
            folder = Path(chosen)
        assert self.db.path is not None
        stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        target = folder / f"{Path(self.db.path).stem}_{stamp}_manual.sqlite"
        try:
            written = backup_file(Path(self.db.path), target)
        except AppError as exc:
            self._say(exc.message, error=True)
            return None
        settings.setValue("paths/last_backup_copy_dir", str(folder))
        self._say(f"Копия сохранена: {written}")
        return written

    def save_policy(self) -> None:
        policy = BackupPolicy(
            daily=self.daily.value(),
            weekly=self.weekly.value(),
            monthly=self.monthly.value(),
            every_hours=self.hours.value(),
        )
        save_policy(self.db, policy)
        self._say("Настройки копий сохранены.")

    def confirm_restore(self, backup: BackupInfo) -> bool:
        answer = QMessageBox.question(
            self,
            "Восстановить из копии",
            f"Заменить содержимое базы копией от {backup.made_at:%d.%m.%Y %H:%M}?\n\n"
            "Всё, что изменено после этой копии, из базы уйдёт. Текущее состояние базы сначала "
            "будет сохранено отдельной копией («перед восстановлением») — из неё можно вернуть "
            "всё обратно.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self, confirmed: bool = False) -> bool:
        backup = self.selected()
        if backup is None:
            return False
        checked = check_backup(backup.path)
        if not checked.ok:
            self._say(checked.message + " Выберите другую копию.", error=True)
            return False
        if not confirmed and not self.confirm_restore(backup):
            return False
        return restore_in_window(self.window_, backup)


def restore_in_window(window: MainWindow, backup: BackupInfo) -> bool:
    """Close the database, put the backup in its place, open it again and rebuild the sections
    (every section may hold rows of the old contents)."""
    from desktop_app.models.db import open_database

    db_path = Path(window.db.path)  # type: ignore[arg-type]
    window._save_state()
    window.db.close()
    error: str | None = None
    result = None
    try:
        result = restore_backup(backup.path, db_path, backups_dir())
    except AppError as exc:
        error = exc.message
    try:
        new_db = open_database(db_path, backup_dir=backups_dir())
    except AppError as exc:
        from desktop_app.ui.app import open_with_choice

        QMessageBox.warning(window, "Восстановление", exc.message)
        reopened = open_with_choice(db_path, window)
        if reopened is None:
            window.close()
            return False
        new_db = reopened
    window.db = new_db
    window.safety.attach(new_db)
    window._build_sections()
    section = window.show_section("backups")
    if error is not None:
        section._say(error, error=True)  # type: ignore[attr-defined]
        return False
    assert result is not None
    previous = f" Прежнее состояние сохранено: {result.previous.name}." if result.previous else ""
    section._say(  # type: ignore[attr-defined]
        f"База восстановлена из копии от {backup.made_at:%d.%m.%Y %H:%M}.{previous}"
    )
    window.statusBar().showMessage("База восстановлена из резервной копии.", 10000)
    return True
