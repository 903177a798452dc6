"""Shared fixtures: every test gets its own data folder and Qt settings, never the user's."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.models.db import Database, open_database
from desktop_app.services.organisation import OrganisationDraft, OrganisationService
from tests.db_helpers import DEMO, EMPTY, PgServer, pg_url

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("NASTAVNIK_DATA_DIR", str(data))
    return data


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Iterator[None]:
    try:
        from PySide6.QtCore import QCoreApplication, QSettings
    except ImportError:  # pragma: no cover - Qt is a dependency, but keep core tests usable
        yield
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QCoreApplication.setOrganizationName("nastavnik-tests")
    QCoreApplication.setApplicationName("nastavnik-tests")
    yield


@pytest.fixture(autouse=True)
def no_unexpected_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A modal message box or file dialog in a test waits forever for a click: the run hangs.

    Every one a test did not patch itself is answered at once (OK / No / nothing chosen) and
    the test fails naming its text, so a new message shows up as a failure, not a hang.
    """
    try:
        from PySide6.QtWidgets import QFileDialog, QMessageBox
    except ImportError:  # pragma: no cover
        yield
        return
    seen: list[str] = []
    button = QMessageBox.StandardButton

    def box(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def show(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
            seen.append(f"QMessageBox.{kind}: " + " | ".join(a for a in args if isinstance(a, str)))
            return answer

        return staticmethod(show)

    for kind, answer in (
        ("warning", button.Ok),
        ("critical", button.Ok),
        ("information", button.Ok),
        ("question", button.No),
    ):
        monkeypatch.setattr(QMessageBox, kind, box(kind, answer))

    def box_exec(self: QMessageBox) -> int:
        seen.append(f"QMessageBox.exec: {self.windowTitle()} | {self.text()}")
        return int(button.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", box_exec)

    def file_dialog(kind: str, answer: object):  # type: ignore[no-untyped-def]
        def show(*args: object, **_kwargs: object) -> object:
            seen.append(f"QFileDialog.{kind}: " + " | ".join(a for a in args if isinstance(a, str)))
            return answer

        return staticmethod(show)

    for kind, answer in (
        ("getOpenFileName", ("", "")),
        ("getOpenFileNames", ([], "")),
        ("getSaveFileName", ("", "")),
        ("getExistingDirectory", ""),
    ):
        monkeypatch.setattr(QFileDialog, kind, file_dialog(kind, answer))
    yield
    if seen:
        pytest.fail("A dialog the test did not expect was shown: " + "; ".join(seen))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only: the test is about the SQLite file itself (backups, the file lock, reading "
        "the file); skipped when the suite runs on PostgreSQL (NASTAVNIK_TEST_PG)",
    )


# A test that asks for none of these uses no database, or only SQLite files it makes itself:
# on the PostgreSQL pass it would repeat the ordinary run exactly, so it is left out — unless
# its module (or a conftest above it) reads NASTAVNIK_TEST_PG itself and makes its own server
# databases (tests of the connection, of several users at once).
# «users»: the two-user tests of tests/concurrency (their own databases on the server).
_SERVER_FIXTURES = {"empty_db", "demo_db", "server_database", "pg_server", "users"}
_MENTIONS_SERVER = re.compile(r"NASTAVNIK_TEST_PG|\bpg_url\b|\bpg_server\b")


@functools.cache
def _uses_the_server_itself(module: Path) -> bool:
    files = [module]
    for folder in module.parents:
        if folder == FIXTURES.parent:
            break
        files.append(folder / "conftest.py")
    return any(f.is_file() and _MENTIONS_SERVER.search(f.read_text("utf-8")) for f in files)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not pg_url():
        return
    skip = pytest.mark.skip(reason="about the SQLite file: not run on PostgreSQL")
    kept, same = [], []
    for item in items:
        if _SERVER_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())) and not (
            _uses_the_server_itself(item.path)
        ):
            same.append(item)
            continue
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)
        kept.append(item)
    if same:
        config.hook.pytest_deselected(items=same)
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str | None:
    url = pg_url()
    if url:
        from sqlalchemy.engine import make_url

        return "databases: PostgreSQL " + make_url(url).render_as_string(hide_password=True)
    return None


DEMO_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    """The PostgreSQL server of this run (NASTAVNIK_TEST_PG), or None for SQLite files."""
    url = pg_url()
    if not url:
        yield None
        return
    from desktop_app.services.demo import fill_demo

    server = PgServer(url)
    server.demo_filler = lambda db: fill_demo(db, today=DEMO_TODAY)
    try:
        yield server
    finally:
        server.drop_all()


@pytest.fixture
def server_database(pg_server: PgServer | None) -> Iterator[Callable[[str], Database]]:
    """``server_database(EMPTY or DEMO)``: a server database for this test, given back after."""
    from desktop_app.models.db import open_url

    assert pg_server is not None
    opened: list[Database] = []

    def borrow(snapshot: str) -> Database:
        db = open_url(pg_server.acquire(snapshot))
        opened.append(db)
        return db

    yield borrow
    for db in opened:
        db.close()
        pg_server.release(db.engine.url.render_as_string(hide_password=False))


def _save_test_school(db: Database) -> None:
    OrganisationService(db).save_own(
        OrganisationDraft(
            full_name="Муниципальное казённое общеобразовательное учреждение "
            "«Тестовая средняя общеобразовательная школа»",
            short_name="МКОУ «Тестовая СОШ»",
            head_name="Григорьева Татьяна Николаевна",
            head_position="директор",
            municipality="Тестовский муниципальный район",
        )
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school.sqlite"


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, pg_server: PgServer | None) -> Iterator[Database]:
    """A new database with the school's details filled in and nobody in the bank.

    A SQLite file, or with NASTAVNIK_TEST_PG a PostgreSQL database in the state of a new one.
    """
    if pg_server is None:
        db = open_database(request.getfixturevalue("db_path"))
        _save_test_school(db)
        yield db
        db.close()
    else:
        db = request.getfixturevalue("server_database")(EMPTY)
        _save_test_school(db)
        yield db


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school as a SQLite file (made once per session; tests about files copy it)."""
    from desktop_app.services.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, pg_server: PgServer | None) -> Iterator[Database]:
    """A fresh copy of the demo school for each test (made once per session, copied)."""
    if pg_server is None:
        from desktop_app.models.db import copy_sqlite

        template = request.getfixturevalue("demo_template")
        path = copy_sqlite(template, request.getfixturevalue("tmp_path") / "demo.sqlite")
        db = open_database(path)
        yield db
        db.close()
    else:
        yield request.getfixturevalue("server_database")(DEMO)


def _type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text as key events, one character at a time.

    QTest.keyClicks asserts on non-Latin characters (qasciikey.cpp), so Cyrillic is typed with
    QKeyEvents that carry the text, which is what a keyboard layout produces.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def type_text():  # type: ignore[no-untyped-def]
    """``type_text(widget, "Сидорова")``: type Cyrillic into a widget through key events."""
    return _type_text


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without tearing the interpreter down.

    With many Qt widgets made and dropped, PySide6 can crash while Python finalises
    («none_dealloc: deallocating None») after every test has passed and been reported; the
    run would then end with SIGABRT. The results are already written, so exit with pytest's
    own status and skip the teardown.
    """
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
