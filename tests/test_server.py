"""The shared server: addresses, the one opener of the commands, the connection dialog.

The parts that need a real PostgreSQL run when NASTAVNIK_TEST_PG names one (``.ci/run``
starts Debian's server); the rest — wrong addresses, an unreachable server, the dialog's
messages — run everywhere.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.errors import (
    DatabaseOpenError,
    ServerDatabaseMissing,
    ServerLoginFailed,
    ServerUnavailable,
    ValidationError,
)
from desktop_app.models.db import open_server, open_target, open_url, probe_server
from desktop_app.server import ServerAddress, is_server_address
from tests.db_helpers import pg_url

PG_URL = pg_url() or ""
needs_pg = pytest.mark.skipif(not PG_URL, reason="NASTAVNIK_TEST_PG: no PostgreSQL server given")
# Port 1 on this computer: refused at once, the quickest «сервер не отвечает».
DEAD = "postgresql://methodist@127.0.0.1:1/nastavnik"


# --- addresses ---------------------------------------------------------------------------


def test_address_is_parsed_and_remembered_without_the_password() -> None:
    address, password = ServerAddress.parse("postgresql://methodist:секрет@10.0.0.5:6432/rono")
    assert address == ServerAddress("10.0.0.5", "rono", "methodist", 6432)
    assert password == "секрет"
    assert "секрет" not in address.as_text()
    assert ServerAddress.parse(address.as_text())[0] == address
    assert address.describe() == "сервер 10.0.0.5:6432, база «rono»"
    assert ServerAddress.parse("postgres://m@h/db")[0].port == 5432
    assert is_server_address("postgresql+pg8000://m@h/db")
    assert not is_server_address(r"C:\Users\Учитель\школа.sqlite")
    assert not is_server_address(Path("postgresql:/x"))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("postgresql://h/db", "имя пользователя"),
        ("postgresql://u@/db", "адрес компьютера-сервера"),
        ("postgresql://u@h", "имя базы"),
        ("postgresql://u@h:порт/db", "записан неверно"),
        ("mysql://u@h/db", "не адрес сервера PostgreSQL"),
    ],
)
def test_wrong_address_says_what_is_missing(text: str, says: str, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    with pytest.raises(DatabaseOpenError) as caught:
        open_target(text)
    assert says in caught.value.message
    assert "Пример: postgresql://" in caught.value.message or "например" in caught.value.message
    # Not taken for a file name: no folder «mysql:» made in the current directory.
    assert list(tmp_path.iterdir()) == []


def test_unreachable_server_is_a_message_not_a_traceback() -> None:
    with pytest.raises(ServerUnavailable) as caught:
        open_target(DEAD, password="x")
    assert "127.0.0.1:1 не отвечает" in caught.value.message
    assert "подключён к сети" in caught.value.message


def test_fields_of_the_dialog_are_checked_one_by_one() -> None:
    from desktop_app.ui.server_dialog import address_from_fields

    with pytest.raises(ValidationError) as caught:
        address_from_fields("  ", "99999", "", "")
    assert set(caught.value.errors) == {"host", "port", "database", "user"}
    with pytest.raises(ValidationError) as caught:
        address_from_fields("192.168.1.10/rono", "", "rono", "m")
    assert "без пробелов" in caught.value.errors["host"]
    assert address_from_fields(" srv ", "", " rono ", " m ") == ServerAddress("srv", "rono", "m")


# --- the commands ------------------------------------------------------------------------


def test_every_command_takes_a_server_and_says_when_it_cannot_be_reached(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["check", "--db-url", DEAD],
        ["export", "banks", "--db-url", DEAD, "--out", "."],
        ["pairs", "list", "--db", DEAD],
        ["programs", "--db-url", DEAD],
        ["changelog", "--db-url", DEAD],
    ):
        assert main(argv) == 1, argv
        out = capsys.readouterr().out
        assert "не отвечает" in out, (argv, out)


def test_file_only_commands_send_the_server_to_its_administrator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["backup", "--db-url", DEAD], ["backups", "--db", DEAD]):
        assert main(argv) == 1
        out = capsys.readouterr().out
        assert "pg_dump" in out and "администратор сервера" in out


def test_check_of_a_missing_file_still_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(tmp_path / "нет.sqlite")]) == 1
    assert "не найден" in capsys.readouterr().out


# --- with a real server --------------------------------------------------------------------


@pytest.fixture
def server_db() -> Iterator[tuple[ServerAddress, str]]:
    """A new empty database on the test server, dropped afterwards: (address, password)."""
    from sqlalchemy import create_engine, text

    admin_address, password = ServerAddress.parse(PG_URL)
    name = f"t_server_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_address.url(password), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            ServerAddress(admin_address.host, name, admin_address.user, admin_address.port),
            (password or ""),
        )
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@needs_pg
def test_server_refusals_name_the_cause(server_db: tuple[ServerAddress, str]) -> None:
    address, password = server_db
    with pytest.raises(ServerLoginFailed) as caught:
        open_server(address, password + "-не-тот")
    assert "не принял" in caught.value.message and not caught.value.needs_password
    missing = ServerAddress(address.host, address.database + "_нет", address.user, address.port)
    with pytest.raises(ServerDatabaseMissing) as caught_db:
        open_server(missing, password)
    assert f"нет базы «{missing.database}»" in caught_db.value.message


@needs_pg
def test_check_creates_the_schema_and_commands_work_on_the_server(
    server_db: tuple[ServerAddress, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    address, password = server_db
    assert "пустая" in probe_server(address, password)
    monkeypatch.setenv("PGPASSWORD", password)
    url = address.as_text()
    assert main(["check", "--db-url", url]) == 0
    out = capsys.readouterr().out
    assert f"База: {address.describe()}" in out and "педагогов: 0" in out
    assert "Целостность: в порядке." in out
    assert "готова к работе" in probe_server(address, password)

    from desktop_app.services.organisation import OrganisationDraft, OrganisationService
    from desktop_app.services.people import PeopleService, PersonDraft

    db = open_server(address, password)
    try:
        OrganisationService(db).save_own(
            OrganisationDraft(full_name="МКОУ «Серверная СОШ»", head_name="Петрова Анна Ивановна")
        )
        PeopleService(db).create(
            PersonDraft(last_name="Сидорова", first_name="Мария", patronymic="Петровна")
        )
    finally:
        db.close()
    assert main(["export", "banks", "--db-url", url, "--out", str(tmp_path)]) == 0
    (written,) = tmp_path.glob("*.xlsx")
    from openpyxl import load_workbook

    cells = [
        c for row in load_workbook(written).worksheets[0].iter_rows(values_only=True) for c in row
    ]
    assert any("Серверная СОШ" in str(c) for c in cells if c)


@needs_pg
def test_two_programs_starting_at_once_migrate_the_server_once(
    server_db: tuple[ServerAddress, str],
) -> None:
    address, password = server_db
    opened, failed = [], []

    def start() -> None:
        try:
            opened.append(open_server(address, password))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            failed.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failed, failed
    assert sum(1 for db in opened if db.migrated_from is None) == 3
    for db in opened:
        db.close()


@needs_pg
def test_a_dropped_connection_is_replaced_on_the_next_action(
    server_db: tuple[ServerAddress, str],
) -> None:
    from sqlalchemy import text

    address, password = server_db
    db = open_server(address, password)
    try:
        with db.session() as session:
            session.execute(text("SELECT 1"))
        # The server restarts (or the network drops) while the window stands idle.
        killer = open_url(PG_URL)
        with killer.engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": address.database},
            )
            conn.commit()
        killer.close()
        from desktop_app.services.people import PeopleFilter, PeopleService

        assert PeopleService(db).query_ids_sql(PeopleFilter()) == []
    finally:
        db.close()


# --- the window ----------------------------------------------------------------------------


def test_dialog_names_each_wrong_field_and_keeps_what_was_typed(qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.server_dialog import ServerDialog

    dialog = ServerDialog(None, at_start=True)
    qtbot.addWidget(dialog)
    type_text(dialog.port, "пять")
    type_text(dialog.database_name, "районная")
    dialog.connect_button.click()
    assert dialog.boxes["host"].error.text().startswith("Укажите адрес сервера")
    assert "число от 1 до 65535" in dialog.boxes["port"].error.text()
    assert dialog.boxes["user"].error.isVisibleTo(dialog)
    assert not dialog.boxes["database"].error.isVisibleTo(dialog)
    assert dialog.database_name.text() == "районная"
    assert dialog.database is None and dialog.result() == 0


def test_dialog_says_when_the_server_does_not_answer(qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.server_dialog import ServerDialog

    dialog = ServerDialog(None, ServerAddress.parse(DEAD)[0])
    qtbot.addWidget(dialog)
    type_text(dialog.password, "пароль")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.job.busy, timeout=15000)
    assert "не отвечает" in dialog.status.text()
    assert dialog.password.text() == "пароль" and dialog.database is None
    assert dialog.connect_button.isEnabled()


@needs_pg
def test_window_works_on_the_server_and_never_stores_the_password(  # type: ignore[no-untyped-def]
    qtbot, type_text, server_db: tuple[ServerAddress, str], tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.server_dialog import ServerDialog, remembered_server, starts_on_server

    address, password = server_db
    from desktop_app.services.organisation import OrganisationDraft, OrganisationService

    first = open_server(address, password)  # the administrator prepared the shared base
    OrganisationService(first).save_own(
        OrganisationDraft(full_name="Управление образования", head_name="Орлова Нина Петровна")
    )
    first.close()
    file_db = open_target(tmp_path / "школа.sqlite")
    window = MainWindow(file_db)
    qtbot.addWidget(window)

    dialog = ServerDialog(window, address)
    qtbot.addWidget(dialog)
    assert dialog.host.text() == address.host and dialog.user.text() == address.user
    type_text(dialog.password, password)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.database is not None, timeout=30000)
    window.switch_to(dialog.database)
    assert window.db.is_server
    assert address.database in window.windowTitle()
    assert starts_on_server() and remembered_server() == address
    settings_file = Path(QSettings().fileName())
    QSettings().sync()
    stored = settings_file.read_text(encoding="utf-8")
    assert address.as_text() in stored
    # The address is remembered without its password (user:password@host would show it).
    assert f"{address.user}:" not in stored and "password" not in stored.lower()

    settings = window.show_section("settings")
    from PySide6.QtWidgets import QLabel

    location = settings.findChild(QLabel, "database_location")
    assert address.describe() in location.text()
    backups = window.show_section("backups")
    assert "администратор сервера" in backups.info.text()
    assert not backups.make_button.isEnabled()
    window.db.close()


@needs_pg
def test_start_on_a_server_address_with_its_password_opens_without_asking(  # type: ignore[no-untyped-def]
    qtbot, server_db: tuple[ServerAddress, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QWidget

    from desktop_app.ui import app, server_dialog

    address, password = server_db
    asked: list[str] = []

    def dialog(_parent, _address=None, message="", at_start=False):  # type: ignore[no-untyped-def]
        asked.append(message)
        return None, True

    monkeypatch.setattr(server_dialog, "connect_to_server", dialog)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    with_password = address.url(password).render_as_string(hide_password=False)
    db, chose_file = app.open_on_server(with_password, parent)
    assert db is not None and db.is_server and not asked and not chose_file
    db.close()
    # Without a password the dialog asks for it; «Работать с файлом» comes back as a choice.
    assert app.open_on_server(address.as_text(), parent) == (None, True)
    assert asked == [""]
    # A wrong password given on the command line: the dialog opens saying so.
    wrong = address.url(password + "x").render_as_string(hide_password=False)
    app.open_on_server(wrong, parent)
    assert "не принял" in asked[-1]


@needs_pg
def test_demo_goes_only_into_an_empty_server_database(
    server_db: tuple[ServerAddress, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, password = server_db
    monkeypatch.setenv("PGPASSWORD", password)
    assert main(["demo", "--db-url", address.as_text()]) == 0
    assert f"записана: {address.describe()}" in capsys.readouterr().out
    assert main(["check", "--db-url", address.as_text()]) == 0
    assert "педагогов: 46" in capsys.readouterr().out
    # A second time: refused, nothing doubled.
    assert main(["demo", "--db-url", address.as_text()]) == 1
    assert "только в пустую базу" in capsys.readouterr().out
    main(["check", "--db-url", address.as_text()])
    assert "педагогов: 46" in capsys.readouterr().out
