"""Buttons pressed with the mouse and Enter, as the curator does, not their slots called directly.

``clicked(bool)`` hands its ``checked`` flag to a slot with an optional first parameter: the
«Отметить выполнение» button crashed (False called as a dialog hook) and «Копия на флешку»
skipped asking for the folder.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop_app.models.db import Database
from desktop_app.services.programs import ProgramService
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.program_dialogs import StatusDialog
from desktop_app.ui.programs_view import ProgramsSection
from tests.program_helpers import add_pair, add_people, simple_draft


@pytest.fixture
def section(qtbot, empty_db: Database) -> ProgramsSection:  # type: ignore[no-untyped-def]
    mentor, mentee = add_people(empty_db)
    draft = simple_draft(mentor, mentee)
    draft.pair_id = add_pair(empty_db, mentor, [mentee])
    ProgramService(empty_db).create(draft)
    view = ProgramsSection(empty_db, today=lambda: dt.date(2026, 11, 23))
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.plan.selectRow(0)
    return view


def _record_status_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fake_exec(dialog: StatusDialog) -> int:
        shown.append(dialog.windowTitle())
        return int(StatusDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(StatusDialog, "exec", fake_exec)
    return shown


def test_mark_button_clicked_opens_the_mark_dialog(
    qtbot, section: ProgramsSection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown = _record_status_dialogs(monkeypatch)
    qtbot.mouseClick(section.mark_button, Qt.MouseButton.LeftButton)
    assert shown == ["Отметка о выполнении"]


def test_enter_on_the_plan_opens_the_mark_dialog(
    qtbot, section: ProgramsSection, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown = _record_status_dialogs(monkeypatch)
    section.plan.setFocus()
    qtbot.keyClick(section.plan, Qt.Key.Key_Return)
    assert shown == ["Отметка о выполнении"]


@pytest.mark.sqlite_only  # the backups of a server are its administrator's
def test_copy_to_usb_button_asks_for_the_folder(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def choose(*args: object, **_kwargs: object) -> str:
        asked.append(str(args[1]))
        return ""  # the curator changed her mind: nothing is written

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose))
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    backups = window.show_section("backups")
    qtbot.mouseClick(backups.export_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert asked == ["Куда сохранить копию базы"]


def test_undo_offer_in_the_status_line_starts_with_a_capital(section: ProgramsSection) -> None:
    said: list[str] = []
    section.status_message.connect(said.append)
    section._push_undo("отметка о выполнении", lambda: None)
    assert said == ["Отметка о выполнении. Отменить — Ctrl+Z."]
