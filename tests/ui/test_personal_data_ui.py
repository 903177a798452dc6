"""«Персональные данные»: people without consent, erasure on request, the password on opening,
locking after a time without use, the warning before an export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop_app.models import ConsentState
from desktop_app.models.db import Database
from desktop_app.services.app_lock import AppLockService
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.services.personal_data import ERASED_NAME, people_without_consent
from desktop_app.ui import safety
from desktop_app.ui.main_window import MainWindow

SHOTS = Path("/work/shots/safety")


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def window(qtbot, demo_db: Database):  # type: ignore[no-untyped-def]
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.resize(1280, 680)
    return win


def test_people_without_consent_and_erasure(window: MainWindow) -> None:
    section = window.show_section("personal_data")
    problems = people_without_consent(window.db)
    assert problems, "the demo school has people without consent"
    table = section.table  # type: ignore[attr-defined]
    assert table.rowCount() == len(problems)
    assert {table.item(r, 0).text() for r in range(table.rowCount())} == {p.name for p in problems}
    _shot(window, "personal-data.png")
    target = problems[0]
    table.selectRow(0)
    assert section.erase_selected("  ", confirmed=True) is False  # type: ignore[attr-defined]
    assert "Основание" in section.message.text()  # type: ignore[attr-defined]
    assert section.erase_selected("заявление от 20.11.2026 № 5", confirmed=True)  # type: ignore[attr-defined]
    assert "удалены" in section.message.text()  # type: ignore[attr-defined]
    assert table.rowCount() == len(problems) - 1
    people = PeopleService(window.db)
    assert people.get(target.person_id).last_name == ERASED_NAME
    surname = target.name.split()[0]
    assert people.query_ids(PeopleFilter(text=surname.lower())) == [] or all(
        people.get(i).full_name != target.name
        for i in people.query_ids(PeopleFilter(text=surname.lower()))
    )


def test_erasure_cancelled_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = window.show_section("personal_data")
    section.table.selectRow(0)  # type: ignore[attr-defined]
    person_id = section.selected_id()  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert section.erase_selected("заявление") is False  # type: ignore[attr-defined]
    assert PeopleService(window.db).get(person_id).last_name != ERASED_NAME


def test_password_typed_in_and_asked_on_opening(
    qtbot,
    type_text,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    section = window.show_section("personal_data")
    type_text(section.new, "наставник")  # type: ignore[attr-defined]
    type_text(section.repeat, "наставнек")  # type: ignore[attr-defined]
    assert section.save_password() is False  # type: ignore[attr-defined]
    assert "не совпадает" in section.password_boxes["repeat"].error.text()  # type: ignore[attr-defined]
    assert section.new.text() == "наставник"  # what was typed is kept  # type: ignore[attr-defined]
    section.repeat.clear()  # type: ignore[attr-defined]
    type_text(section.repeat, "наставник")  # type: ignore[attr-defined]
    section.idle.setValue(5)  # type: ignore[attr-defined]
    assert section.save_password()  # type: ignore[attr-defined]
    assert AppLockService(window.db).settings().idle_minutes == 5
    assert window.safety.idle_minutes == 5
    _shot(window, "personal-data-password.png")

    attempts: list[str] = []

    def enter(dialog: QDialog) -> int:
        # A wrong password first: the message, the dialog stays; then the right one.
        dialog.password.setText("неверный")  # type: ignore[attr-defined]
        assert dialog.try_password() is False  # type: ignore[attr-defined]
        attempts.append(dialog.error.text())  # type: ignore[attr-defined]
        dialog.password.setText("наставник")  # type: ignore[attr-defined]
        assert dialog.try_password()  # type: ignore[attr-defined]
        if SHOTS.parent.exists():
            dialog.grab().save(str(SHOTS / "lock-dialog.png"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(safety.LockDialog, "exec", enter)
    # Idle for longer than the set time: the program locks and asks.
    assert window.safety.check_idle(now=10**9)
    assert attempts and "Неверный пароль" in attempts[0]
    assert window.centralWidget().isVisible() or not window.isVisible()
    # Not idle: nothing happens.
    assert window.safety.check_idle() is False


def test_exit_from_the_lock_closes_the_window(
    qtbot,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    AppLockService(demo_db).set_password("", "наставник", "наставник", 0)
    monkeypatch.setattr(safety.LockDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    win = MainWindow(demo_db)  # the password is asked before the data is shown
    qtbot.addWidget(win)
    win.show()
    assert win.centralWidget().isHidden()
    qtbot.waitUntil(lambda: not win.isVisible())


def test_warning_before_an_export(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    section = window.show_section("people")
    assert safety.warn_before_export([], section) is False
    problems = people_without_consent(window.db)
    assert str(len(problems)) in shown[0] and problems[0].name in shown[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert safety.warn_before_export([], section) is True
    assert all(p.state in (ConsentState.MISSING, ConsentState.WITHDRAWN) for p in problems)


def test_warning_is_plugged_into_the_documents_section(window: MainWindow) -> None:
    documents_view = pytest.importorskip("desktop_app.ui.documents_view")
    assert safety.warn_before_export in documents_view.BEFORE_EXPORT
