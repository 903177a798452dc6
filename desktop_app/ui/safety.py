"""What keeps the curator's work safe while the window is open.

``SafetyGuard`` makes the automatic backups (once a day after opening, every N hours of work
with changes, on closing after changes), warns when the database sits on a network or removable
disk, and catches unexpected errors: a Russian message, a report file on request, and the
program goes on. ``restore_damaged`` is what the opening dialog offers for a damaged file.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.models.db import Database
from desktop_app.paths import backups_dir

if TYPE_CHECKING:
    from desktop_app.services.backup import BackupInfo

PERIODIC_CHECK_MS = 10 * 60 * 1000  # the timer looks every 10 minutes; the policy decides
FIRST_BACKUP_DELAY_MS = 4000  # after the window shows, so start-up is not slowed
IDLE_CHECK_MS = 30 * 1000
ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class SafetyGuard(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.last_error: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(PERIODIC_CHECK_MS)
        self._timer.timeout.connect(self.periodic_backup)
        self._timer.start()
        self._first = QTimer(self)  # a child: never fires after the window is gone
        self._first.setSingleShot(True)
        self._first.setInterval(FIRST_BACKUP_DELAY_MS)
        self._first.timeout.connect(self.daily_backup)
        self._storage = QTimer(self)
        self._storage.setSingleShot(True)
        self._storage.setInterval(0)
        self._storage.timeout.connect(lambda: self.warn_about_storage(self.window.db))  # type: ignore[attr-defined]
        # Locking after a time without use: any key or click counts as use.
        self.locked = False
        self.idle_minutes = 0
        self._last_activity = time.monotonic()
        self._idle = QTimer(self)
        self._idle.setInterval(IDLE_CHECK_MS)
        self._idle.timeout.connect(self.check_idle)
        self._filtering = False
        register_export_warning()
        self.attach(window.db)  # type: ignore[attr-defined]

    def attach(self, db: Database) -> None:
        from desktop_app.services.backup import watch_changes

        watch_changes(db)
        db.before_close.append(self._on_close)
        self._first.start()
        self._storage.start()
        if self.apply_lock_settings():
            self.lock()

    # --- password and locking ------------------------------------------------------------

    def apply_lock_settings(self) -> bool:
        """Read the password settings of the open database; True when a password is set."""
        from desktop_app.services.app_lock import AppLockService

        settings = AppLockService(self.window.db).settings()  # type: ignore[attr-defined]
        self.idle_minutes = settings.idle_minutes if settings.enabled else 0
        # The filter sees every event of the program: installed only when locking is on.
        app = QApplication.instance()
        if self.idle_minutes:
            self._idle.start()
            if app is not None and not self._filtering:
                app.installEventFilter(self)
                self._filtering = True
        else:
            self._idle.stop()
            if app is not None and self._filtering:
                app.removeEventFilter(self)
                self._filtering = False
        return settings.enabled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._last_activity = time.monotonic()
        return False

    def check_idle(self, now: float | None = None) -> bool:
        """Lock when nobody has touched the program for the set time; True if it locked."""
        if self.locked or not self.idle_minutes:
            return False
        now = time.monotonic() if now is None else now
        if now - self._last_activity < self.idle_minutes * 60:
            return False
        return self.lock() is not None

    def lock(self) -> bool | None:
        """Hide the data and ask for the password; False (and the window closes) on «Выход»."""
        from desktop_app.services.app_lock import AppLockService

        if self.locked:
            return None
        self.locked = True
        central = self.window.centralWidget()  # type: ignore[attr-defined]
        central.hide()
        try:
            dialog = LockDialog(AppLockService(self.window.db), self.window)  # type: ignore[attr-defined]
            unlocked = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.locked = False
        if unlocked:
            central.show()
            self._last_activity = time.monotonic()
            return True
        QTimer.singleShot(0, self.window.close)
        return False

    # --- automatic backups -------------------------------------------------------------

    def _auto(self, db: Database, reason_code: str) -> BackupInfo | None:
        from desktop_app.services.backup import BackupReason, auto_backup

        if db.cache.get("safety.closed"):
            return None  # a timer that fires after the database was closed or replaced
        try:
            made = auto_backup(db, backups_dir(), BackupReason(reason_code))
        except (AppError, OSError) as exc:
            # A failed automatic copy must not stop the work, but the curator must know.
            message = getattr(exc, "message", str(exc))
            self.last_error = message
            self._status(f"Резервная копия не сделана: {message}")
            return None
        if made is not None:
            self._status(f"Резервная копия сохранена: {made.path.name}")
        return made

    def daily_backup(self) -> BackupInfo | None:
        return self._auto(self.window.db, "daily")  # type: ignore[attr-defined]

    def periodic_backup(self) -> BackupInfo | None:
        return self._auto(self.window.db, "periodic")  # type: ignore[attr-defined]

    def _on_close(self, db: Database) -> None:
        self._auto(db, "close")
        db.cache["safety.closed"] = True

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar is not None:
            bar().showMessage(text, 10000)

    # --- where the database lives ------------------------------------------------------

    def warn_about_storage(self, db: Database) -> None:
        from desktop_app.services.storage import storage_warning

        if db.path is None or db is not self.window.db:  # type: ignore[attr-defined]
            return
        warning = storage_warning(Path(db.path))
        if warning is None:
            return
        settings = QSettings()
        if settings.value(f"safety/storage_ok/{db.path}", False, type=bool):
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("База не на этом компьютере")
        box.setText(warning)
        move = box.addButton("Перенести базу на этот компьютер", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Оставить, не спрашивать", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Напомнить позже", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is move:
            self.move_to_this_computer(db)
        elif box.clickedButton() is keep:
            settings.setValue(f"safety/storage_ok/{db.path}", True)

    def move_to_this_computer(self, db: Database) -> Path | None:
        from desktop_app.models.db import copy_sqlite
        from desktop_app.paths import data_dir

        assert db.path is not None
        target = data_dir() / Path(db.path).name
        number = 2
        while target.exists():
            target = data_dir() / f"{Path(db.path).stem} ({number}).sqlite"
            number += 1
        try:
            copy_sqlite(Path(db.path), target)
        except Exception as exc:  # any failure: say so, keep working here
            QMessageBox.warning(self.window, "Перенос базы", f"Не удалось перенести базу: {exc}")
            return None
        if self.window.switch_database(target):  # type: ignore[attr-defined]
            QMessageBox.information(
                self.window,
                "Перенос базы",
                f"База перенесена в «{target}». Прежний файл «{db.path}» не изменён; "
                "работайте теперь с новым.",
            )
            return target
        return None


# --- unexpected errors -----------------------------------------------------------------


def show_unexpected_error(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
) -> str:
    """The message a curator sees instead of a crash; returns the report text."""
    from desktop_app.services.crash_report import crash_report, save_crash_report

    report = crash_report(kind, error, tb)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Непредвиденная ошибка")
    box.setText(
        "В программе произошла непредвиденная ошибка. Всё, что было сохранено до неё, "
        "на месте; последнее действие могло не выполниться — проверьте его.\n\n"
        "Можно сохранить отчёт об ошибке (без персональных данных) и передать его тому, "
        "кто сопровождает программу."
    )
    box.setDetailedText(report)
    save = box.addButton("Сохранить отчёт…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Продолжить работу", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is save:
        settings = QSettings()
        folder = str(settings.value("paths/last_report_dir", str(Path.home())))
        name = f"отчёт об ошибке {dt.datetime.now():%Y-%m-%d %H-%M}.txt"
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Сохранить отчёт", str(Path(folder) / name), "Текст (*.txt)"
        )
        if chosen:
            try:
                save_crash_report(report, Path(chosen))
                settings.setValue("paths/last_report_dir", str(Path(chosen).parent))
            except AppError as exc:
                QMessageBox.warning(parent, "Сохранить отчёт", exc.message)
    return report


def lost_server_connection(window: QWidget, error: BaseException) -> bool:
    """A server database whose connection broke in the middle of an action (network cable,
    Wi-Fi, server restart): not a program error, and the next action reconnects."""
    db = getattr(window, "db", None)
    if db is None or not getattr(db, "is_server", False):
        return False
    from sqlalchemy.exc import DBAPIError

    return isinstance(error, DBAPIError) and (
        error.connection_invalidated or type(error.orig).__name__ == "InterfaceError"
    )


def install_excepthook(window: QWidget) -> None:
    """Qt would otherwise print the traceback to a console nobody sees, or abort."""
    if getattr(sys.excepthook, "_nastavnik", False):
        return
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        if isinstance(error, AppError):
            QMessageBox.warning(window, "Не удалось выполнить", error.message)
            return
        if lost_server_connection(window, error):
            QMessageBox.warning(
                window,
                "Нет связи с сервером",
                "Связь с сервером общей базы прервалась, и последнее действие не сохранено. "
                "Проверьте подключение к сети и повторите действие: программа подключится "
                "заново сама.",
            )
            return
        try:
            show_unexpected_error(window, kind, error, tb)
        except Exception:  # the handler must never take the program down
            previous(kind, error, tb)

    hook._nastavnik = True  # type: ignore[attr-defined]
    sys.excepthook = hook


# --- a damaged database at start -------------------------------------------------------


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    from desktop_app.services.backup import check_backup, list_backups

    for backup in list_backups(db_path, backups_dir()):
        if check_backup(backup.path).ok:
            return backup
    return None


def restore_damaged(parent: QWidget | None, db_path: Path, backup: BackupInfo) -> bool:
    """Put the newest good backup in place of a damaged file (moved aside, not deleted)."""
    from desktop_app.services.backup import restore_backup

    try:
        result = restore_backup(backup.path, db_path, backups_dir())
    except AppError as exc:
        QMessageBox.warning(parent, "Восстановление", exc.message)
        return False
    kept = (
        f"Повреждённый файл сохранён как «{result.previous.name}»."
        if result.previous is not None
        else ""
    )
    QMessageBox.information(
        parent,
        "Восстановление",
        f"База восстановлена из копии от {backup.made_at:%d.%m.%Y %H:%M}. Изменения, "
        f"сделанные после этой копии, в базу не вошли. {kept}",
    )
    return True


class LockDialog(QDialog):
    """«Вход в программу»: the password, a message under it when wrong; Esc = «Выход»."""

    def __init__(self, service, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Вход в программу")
        self.setModal(True)
        label = QLabel("Программа защищена паролем. Введите пароль, чтобы продолжить работу.")
        label.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.enter = buttons.addButton("Войти", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Выход", QDialogButtonBox.ButtonRole.RejectRole)
        self.enter.setDefault(True)
        buttons.accepted.connect(self.try_password)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(380, 150)

    def try_password(self) -> bool:
        if self.service.verify(self.password.text()):
            self.accept()
            return True
        self.error.setText("Неверный пароль. Проверьте раскладку клавиатуры и Caps Lock.")
        self.password.selectAll()
        self.password.setFocus()
        return False


# --- the warning before people's data leaves the program -------------------------------


def warn_before_export(kinds: list, parent: QWidget) -> bool:  # type: ignore[type-arg]
    """A hook of the «Документы» section: people without a current consent are named and the
    curator decides; False stops the export."""
    from desktop_app.services.personal_data import consent_warning

    window = parent.window()
    db = getattr(window, "db", None) or getattr(parent, "db", None)
    if db is None:
        return True
    chosen = None
    picker = getattr(parent, "people", None)
    if any(getattr(k, "takes_selection", False) for k in kinds) and hasattr(picker, "chosen_ids"):
        chosen = picker.chosen_ids() or None
    text = consent_warning(db, chosen)
    if text is None:
        return True
    answer = QMessageBox.question(
        parent,
        "Персональные данные",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def register_export_warning() -> bool:
    """Plug the warning into the «Документы» section when the program has one."""
    try:
        from desktop_app.ui import documents_view  # type: ignore[attr-defined]
    except ImportError:
        return False
    hooks = getattr(documents_view, "BEFORE_EXPORT", None)
    if hooks is None:
        return False
    if warn_before_export not in hooks:
        hooks.append(warn_before_export)
    return True
