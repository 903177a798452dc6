"""Starting the window: Qt in Russian, the database opened (or another one chosen)."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop_app import APP_ID, APP_NAME
from desktop_app.errors import DatabaseDamaged, DatabaseOpenError
from desktop_app.paths import backups_dir, default_database_path, resources_dir

if TYPE_CHECKING:
    # SQLAlchemy and the models load after the window is on screen (ui/startup.py).
    from desktop_app.models.db import Database


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    from desktop_app.ui.user_name import apply_saved_name

    apply_saved_name()  # «Ваше имя в журнале» given on this computer, if any
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    install_russian(app)
    icon = resources_dir() / "icons" / "nastavnik.png"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_russian(app: QApplication) -> None:
    """Qt's own buttons and dialogs («Открыть», «Отмена») in Russian."""
    if getattr(app, "_nastavnik_translators", None):
        return
    translators = []
    for folder in (
        resources_dir() / "translations",
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ):
        translator = QTranslator(app)
        if translator.load("qtbase_ru", str(folder)):
            app.installTranslator(translator)
            translators.append(translator)
            break
    app._nastavnik_translators = translators  # type: ignore[attr-defined]


def open_with_choice(path: Path, parent: QWidget | None = None) -> Database | None:
    """Open ``path``; on failure say why and let the curator choose another file or quit."""
    from desktop_app.models.db import open_database

    while True:
        try:
            return open_database(path, backup_dir=backups_dir())
        except DatabaseOpenError as exc:
            box = QMessageBox(parent)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Не удалось открыть базу данных")
            box.setText(exc.message)
            restore, good = None, None
            if isinstance(exc, DatabaseDamaged):
                from desktop_app.ui.safety import newest_good_backup

                good = newest_good_backup(path)
                if good is not None:
                    restore = box.addButton(
                        f"Восстановить из копии от {good.made_at:%d.%m.%Y %H:%M}",
                        QMessageBox.ButtonRole.AcceptRole,
                    )
            choose = box.addButton("Выбрать другой файл…", QMessageBox.ButtonRole.AcceptRole)
            create = box.addButton("Создать новую базу…", QMessageBox.ButtonRole.ActionRole)
            box.addButton("Выход", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            clicked = box.clickedButton()
            if restore is not None and clicked is restore and good is not None:
                from desktop_app.ui.safety import restore_damaged

                restore_damaged(parent, path, good)
                continue
            if clicked is choose:
                name, _ = QFileDialog.getOpenFileName(
                    parent,
                    "Открыть базу данных",
                    str(path.parent),
                    "База данных (*.sqlite *.db);;Все файлы (*)",
                )
            elif clicked is create:
                name, _ = QFileDialog.getSaveFileName(
                    parent,
                    "Новая база данных",
                    str(path.parent / "наставничество.sqlite"),
                    "База данных (*.sqlite)",
                )
            else:
                return None
            if not name:
                continue
            path = Path(name)


def ask_organisation_if_missing(window: QWidget) -> None:
    from desktop_app.services.organisation import OrganisationService
    from desktop_app.ui.organisation_form import OrganisationDialog

    db = window.db  # type: ignore[attr-defined]
    service = OrganisationService(db)
    if service.own() is None:
        OrganisationDialog.ask(service, window)
        if hasattr(window, "data_changed"):
            window.data_changed()


def last_file() -> Path:
    """The file opened last time, so a curator who chose another file keeps working in it."""
    last = str(QSettings().value("paths/last_db", "") or "")
    return Path(last) if last and Path(last).exists() else default_database_path()


def open_on_server(address_text: str, window: QWidget) -> tuple[Database | None, bool]:
    """Connect at start: straight away when the password came with the address (or in
    PGPASSWORD), otherwise through «Подключение к серверу» asking for it. (database, whether
    the user chose to work with a file on this computer instead)."""
    from desktop_app.server import ServerAddress
    from desktop_app.ui.server_dialog import connect_to_server

    try:
        address, password = ServerAddress.parse(address_text)
    except DatabaseOpenError as exc:
        return connect_to_server(window, None, exc.message, at_start=True)
    message = ""
    if password or os.environ.get("PGPASSWORD"):
        from desktop_app.models.db import open_server

        try:
            return open_server(address, password), False
        except DatabaseOpenError as exc:
            message = exc.message
    return connect_to_server(window, address, message, at_start=True)


def run_gui(target: Path | str | None = None) -> int:
    """``target``: a file, a server address (``postgresql://…``) or None for what was open
    last time (the remembered server in server mode, else the last file)."""
    app = make_application()
    from desktop_app.server import is_server_address
    from desktop_app.ui.server_dialog import SERVER_KEY, starts_on_server

    if target is None and starts_on_server():
        target = str(QSettings().value(SERVER_KEY))
    server = str(target) if target is not None and is_server_address(str(target)) else None
    path = None if server else (Path(target) if target else last_file())
    from desktop_app.ui import startup
    from desktop_app.ui.main_window import MainWindow

    # The window first, the database right after its first paint (see ui/startup.py).
    window = MainWindow(None, opening=server or path)
    outcome = {"code": 0}

    def open_database_now() -> None:
        startup.report(startup.WINDOW_SHOWN)
        from desktop_app.ui.safety import install_excepthook

        install_excepthook(window)
        db = None
        if server is not None:
            db, chose_file = open_on_server(server, window)
            if db is None and chose_file:
                db = open_with_choice(last_file(), window)
        else:
            assert path is not None
            db = open_with_choice(path, window)
        if db is None:
            outcome["code"] = 1
            window.close()
            app.quit()
            return
        from desktop_app.ui.server_dialog import remember_location

        remember_location(db)
        try:
            window.attach(db)
        except Exception as exc:
            # A section that fails to build must not leave an empty window behind.
            traceback.print_exc()
            outcome["code"] = 1
            if not startup.probing():
                QMessageBox.critical(
                    window, "Ошибка при запуске", f"Программа не смогла открыть раздел: {exc}"
                )
            app.quit()
            return
        if startup.probing():
            startup.after_first_paint(
                window.stack.currentWidget(),
                lambda: startup.report(startup.DATA_SHOWN, quit_after=True),
            )
        else:
            ask_organisation_if_missing(window)

    startup.after_first_paint(window, open_database_now)
    startup.arm_watchdog()
    window.show()
    code = app.exec()
    return outcome["code"] or code
