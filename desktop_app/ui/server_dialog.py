"""«Подключение к серверу»: the shared database of a municipality on a PostgreSQL server.

The address, database and user are remembered on this computer (QSettings); the password
never is — it is typed each time, so a school computer that others use does not hand the
municipal database to whoever sits down at it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ServerLoginFailed
from desktop_app.server import DEFAULT_SERVER_PORT, ServerAddress, is_server_address
from desktop_app.ui.background import JobBar
from desktop_app.ui.widgets import ERROR_STYLE, FieldBox, FormBuilder, show_errors

if TYPE_CHECKING:
    from desktop_app.models.db import Database

MODE_KEY = "database/mode"  # "server" or "file": what the program opens at start
SERVER_KEY = "database/server"  # the address without the password
OK_STYLE = "color: #1b5e20;"


def remembered_server() -> ServerAddress | None:
    text = str(QSettings().value(SERVER_KEY, "") or "")
    if not is_server_address(text):
        return None
    try:
        return ServerAddress.parse(text)[0]
    except AppError:
        return None


def starts_on_server() -> bool:
    return QSettings().value(MODE_KEY, "file") == "server" and remembered_server() is not None


def remember_location(db: Database) -> None:
    """What opens next time: this server (without the password) or this file."""
    settings = QSettings()
    if db.address is not None:
        settings.setValue(MODE_KEY, "server")
        settings.setValue(SERVER_KEY, db.address.as_text())
    elif db.path is not None:
        settings.setValue(MODE_KEY, "file")
        settings.setValue("paths/last_db", str(db.path))


def address_from_fields(host: str, port: str, database: str, user: str) -> ServerAddress:
    """The form's fields as an address; every wrong field gets its own message."""
    from desktop_app.errors import ValidationError

    errors: dict[str, str] = {}
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host:
        errors["host"] = "Укажите адрес сервера: имя компьютера или IP, например 192.168.1.10."
    elif any(c.isspace() for c in host) or "/" in host or "@" in host:
        errors["host"] = "Адрес сервера пишется без пробелов, «/» и «@», например 192.168.1.10."
    number = DEFAULT_SERVER_PORT
    port = port.strip()
    if port:
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            errors["port"] = "Порт — число от 1 до 65535 (обычно 5432)."
        else:
            number = int(port)
    if not database:
        errors["database"] = "Укажите имя базы на сервере (его сообщает администратор)."
    if not user:
        errors["user"] = "Укажите имя пользователя на сервере."
    if errors:
        raise ValidationError(errors)
    return ServerAddress(host=host, database=database, user=user, port=number)


class ServerDialog(QDialog):
    """Connects on «Подключиться» (off the GUI thread: an unreachable server takes up to
    ten seconds to give up) and keeps everything typed when the connection fails."""

    def __init__(
        self,
        parent: QWidget | None = None,
        address: ServerAddress | None = None,
        message: str = "",
        at_start: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Подключение к серверу")
        self.database: Database | None = None
        self.chose_file = False
        address = address or remembered_server()

        intro = QLabel(
            "Общая база муниципалитета на сервере PostgreSQL: с ней одновременно работают "
            "методисты и школы. Адрес сервера, имя базы и пользователя сообщает "
            "администратор. Пароль программа не запоминает."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.boxes: dict[str, FieldBox] = {}
        build = FormBuilder(form, self.boxes)
        self.host = build.line("host", "&Сервер:", "например, 192.168.1.10")
        self.port = build.line("port", "П&орт:", str(DEFAULT_SERVER_PORT))
        self.port.setMaximumWidth(90)
        self.database_name = build.line("database", "&База:", "например, nastavnik")
        self.user = build.line("user", "По&льзователь:")
        self.password = build.line("password", "Па&роль:")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if address is not None:
            self.host.setText(address.host)
            if address.port != DEFAULT_SERVER_PORT:
                self.port.setText(str(address.port))
            self.database_name.setText(address.database)
            self.user.setText(address.user)

        self.status = QLabel()
        self.status.setObjectName("server_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.job = JobBar(self)

        buttons = QDialogButtonBox()
        self.connect_button = buttons.addButton(
            "&Подключиться", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setDefault(True)
        self.check_button = QPushButton("Про&верить подключение")
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.file_button: QPushButton | None = None
        if at_start:
            self.file_button = buttons.addButton(
                "Работать с &файлом на этом компьютере", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.file_button.clicked.connect(self._use_file)
            buttons.addButton("В&ыход", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._connect)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self._check)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.job)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        if message:
            self._say(message, error=True)
        # The cursor where typing is needed: the password when the rest is known.
        first_empty = next(
            (f for f in (self.host, self.database_name, self.user) if not f.text()), None
        )
        (first_empty or self.password).setFocus()

    # --- actions -------------------------------------------------------------------------

    def _address(self) -> ServerAddress | None:
        from desktop_app.errors import ValidationError

        try:
            address = address_from_fields(
                self.host.text(), self.port.text(), self.database_name.text(), self.user.text()
            )
        except ValidationError as exc:
            first = show_errors(self.boxes, exc.errors)
            if first is not None:
                first.field.setFocus()
            self._say("Проверьте поля, отмеченные красным.", error=True)
            return None
        show_errors(self.boxes, {})
        return address

    def _check(self) -> None:
        address = self._address()
        if address is None:
            return
        password = self.password.text()

        def job(_progress: object) -> str:
            from desktop_app.models.db import probe_server

            return probe_server(address, password)

        self._run(job, "Проверяю подключение…", lambda text: self._say(str(text)))

    def _connect(self) -> None:
        address = self._address()
        if address is None:
            return
        password = self.password.text()

        def job(_progress: object) -> Database:
            from desktop_app.models.db import open_server

            return open_server(address, password)

        self._run(job, "Подключаюсь к серверу…", self._connected)

    def _connected(self, database: object) -> None:
        if self.job.cancelled:
            # «Отмена» was pressed while connecting: the connection came anyway; drop it.
            database.close()  # type: ignore[attr-defined]
            self._say("Подключение отменено.")
            return
        self.database = database  # type: ignore[assignment]
        self.accept()

    def _use_file(self) -> None:
        self.chose_file = True
        self.reject()

    def _run(self, job, what: str, on_success) -> None:  # type: ignore[no-untyped-def]
        self._busy(True)
        self._say(what)

        def failed(exc: Exception) -> None:
            self._busy(False)
            if isinstance(exc, AppError):
                self._say(exc.message, error=True)
                if isinstance(exc, ServerLoginFailed):
                    self.password.setFocus()
                    self.password.selectAll()
            else:  # a driver error nobody foresaw: say it rather than lose it
                self._say(f"Не удалось подключиться: {exc}", error=True)

        def succeeded(result: object) -> None:
            self._busy(False)
            on_success(result)

        self.job.start(job, succeeded, failed)
        self.job.label.setText(what)

    def _busy(self, busy: bool) -> None:
        for widget in (self.connect_button, self.check_button, self.file_button):
            if widget is not None:
                widget.setEnabled(not busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    def reject(self) -> None:
        if self.job.busy:
            self.job.cancel()  # Esc while connecting stops the wait first
            return
        super().reject()


def connect_to_server(
    parent: QWidget | None,
    address: ServerAddress | None = None,
    message: str = "",
    at_start: bool = False,
) -> tuple[Database | None, bool]:
    """(the connected database or None, whether the user chose to work with a file)."""
    dialog = ServerDialog(parent, address, message, at_start)
    dialog.exec()
    return dialog.database, dialog.chose_file
