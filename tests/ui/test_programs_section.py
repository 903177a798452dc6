"""The «Программы наставничества» section: the list, the plan with marks and undo, meetings,
closing refused while activities are open, documents made from the selected program."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop_app.models import ActivityStatus, EvaluationCriterion, EvaluationMark
from desktop_app.models.db import Database
from desktop_app.services.programs import ProgramService
from desktop_app.ui.program_dialogs import MeetingDialog, StatusDialog
from desktop_app.ui.programs_view import OVERDUE_BRUSH, ProgramsSection
from tests.program_helpers import add_pair, add_people, simple_draft

TODAY = dt.date(2026, 11, 23)


def _section(qtbot, db: Database) -> tuple[ProgramsSection, int]:  # type: ignore[no-untyped-def]
    mentor, mentee = add_people(db)
    draft = simple_draft(mentor, mentee)
    draft.pair_id = add_pair(db, mentor, [mentee])
    program_id = ProgramService(db).create(draft)
    section = ProgramsSection(db, today=lambda: TODAY)
    qtbot.addWidget(section)
    section.resize(1100, 700)
    section.show()
    return section, program_id


def _cell(table, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return table.item(row, column).text()


def test_list_plan_marks_and_undo(qtbot, empty_db: Database, type_text) -> None:  # type: ignore[no-untyped-def]
    section, program_id = _section(qtbot, empty_db)
    assert section.table.rowCount() == 1
    assert _cell(section.table, 0, 0) == "Соколова Е.П."
    assert _cell(section.table, 0, 4) == "0 из 3 (0 %)"
    assert _cell(section.table, 0, 5) == "2"
    plan = section.plan
    assert [_cell(plan, r, 1) for r in range(3)] == [
        "Знакомство, диагностика затруднений",
        "Посещение уроков наставника",
        "Открытый урок наставляемого",
    ]
    assert _cell(plan, 0, 5) == "запланировано — просрочено"
    assert plan.item(0, 1).background() == OVERDUE_BRUSH
    # Mark the first line done, typing the date and the product.
    plan.selectRow(0)

    def fill(dialog: StatusDialog) -> None:
        dialog.show()
        dialog.done_on.clear()
        type_text(dialog.done_on, "08.09.2026")
        type_text(dialog.evidence, "Карта затруднений")
        dialog.try_accept()

    section.mark_activity(dialog_hook=fill)
    assert _cell(section.plan, 0, 5) == "выполнено 08.09.2026"
    assert _cell(section.plan, 0, 6) == "Карта затруднений"
    assert section.progress_label.text() == "Выполнено 1 из 3; просрочено: 1"
    # A wrong date keeps the dialog open with the message and changes nothing.
    section.plan.selectRow(1)

    def wrong(dialog: StatusDialog) -> None:
        dialog.show()
        dialog.done_on.clear()
        type_text(dialog.done_on, "01.01.2027")
        dialog.try_accept()
        assert "ещё не наступила" in dialog.boxes["done_on"].error.text()

    section.mark_activity(dialog_hook=wrong)
    assert ProgramService(empty_db).get(program_id).activities[1].status is ActivityStatus.PLANNED
    # Delete a line, then Ctrl+Z puts it back in its place.
    section.plan.selectRow(1)
    section.delete_activity()
    assert section.plan.rowCount() == 2
    section.undo()
    assert section.plan.rowCount() == 3
    assert _cell(section.plan, 1, 1) == "Посещение уроков наставника"
    # Move down and undo.
    section.plan.selectRow(0)
    section.move_activity(1)
    assert _cell(section.plan, 1, 1) == "Знакомство, диагностика затруднений"
    section.undo()
    assert _cell(section.plan, 0, 1) == "Знакомство, диагностика затруднений"


def test_meeting_recorded_against_the_plan(qtbot, empty_db: Database, type_text) -> None:  # type: ignore[no-untyped-def]
    section, program_id = _section(qtbot, empty_db)
    program = ProgramService(empty_db).get(program_id)
    dialog = MeetingDialog(
        ProgramService(empty_db), program_id, list(program.activities), today=TODAY
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.held_on.clear()
    type_text(dialog.held_on, "16.10.2026")
    type_text(dialog.topic, "Разбор урока")
    dialog.activity.setCurrentIndex(2)
    dialog.mark_done.setChecked(True)
    type_text(dialog.curator_note, "Волнуется")
    dialog.try_accept()
    assert dialog.result() == MeetingDialog.DialogCode.Accepted
    section.reload_program()
    assert [_cell(section.meetings, 0, c) for c in (0, 1, 2, 3)] == [
        "16.10.2026",
        "45",
        "Разбор урока",
        "Посещение уроков наставника",
    ]
    assert _cell(section.plan, 1, 5) == "выполнено 16.10.2026"
    # An empty topic is refused next to the field.
    bad = MeetingDialog(ProgramService(empty_db), program_id, list(program.activities), today=TODAY)
    qtbot.addWidget(bad)
    bad.try_accept()
    assert bad.boxes["topic"].error.text() == "Тема встречи: впишите, о чём была встреча."


def test_closing_refused_with_open_activities_then_closed(
    qtbot, empty_db: Database, type_text
) -> None:  # type: ignore[no-untyped-def]
    section, program_id = _section(qtbot, empty_db)
    for combo in section.marks.values():
        combo.setCurrentIndex(combo.findData(EvaluationMark.ACHIEVED))
    type_text(section.mentor_conclusion, "Программа выполнена")
    section.close_program()
    assert "Не отмечены мероприятия плана: № 1" in section.closing_error.text()
    service = ProgramService(empty_db)
    assert service.get(program_id).status.value == "active"
    from desktop_app.services.programs import StatusChange

    for activity in service.get(program_id).activities:
        service.set_status(
            activity.id, StatusChange(ActivityStatus.DONE, done_on="20.11.2026"), TODAY
        )
    section.marks[EvaluationCriterion.FUTURE_MENTOR].setCurrentIndex(0)
    section.close_program()
    assert "future_mentor" in section.marks[EvaluationCriterion.FUTURE_MENTOR].objectName()
    assert section.closing_boxes["evaluation.future_mentor"].error.text().startswith("Оценка:")
    section.marks[EvaluationCriterion.FUTURE_MENTOR].setCurrentIndex(2)
    section.close_program()
    assert service.get(program_id).status.value == "completed"
    assert _cell(section.table, 0, 3) == "завершена"


def test_documents_from_the_section(qtbot, empty_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    section, _program_id = _section(qtbot, empty_db)
    [program] = section.export("program", tmp_path)
    [status] = section.export("programs-status", tmp_path)
    assert program.exists() and "программа наставничества" in program.name
    assert status.suffix == ".xlsx"


def test_overview_line_opens_the_program(qtbot, empty_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.overview import collect

    section, program_id = _section(qtbot, empty_db)
    [line] = [i for i in collect(empty_db, TODAY) if i.hint == "overdue"]
    section.filter.setCurrentIndex(section.filter.findData("completed"))
    assert section.table.rowCount() == 0
    section.open_overview_item(line)
    assert section.current_program_id() == program_id
    assert section.filter.currentData() == "overdue"
