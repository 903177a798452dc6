"""The program and the mentor's report read back from the .docx; the status table from .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, get_kind, no_progress
from desktop_app.models import ActivityStatus, EvaluationCriterion, EvaluationMark
from desktop_app.models.db import Database
from desktop_app.services.programs import (
    ClosingDraft,
    MeetingDraft,
    ProgramService,
    StatusChange,
)
from tests.program_helpers import add_pair, add_people, simple_draft

TODAY = dt.date(2026, 11, 23)


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _rows(path: Path, table: int = 0) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in Document(str(path)).tables[table].rows]


def _program(db: Database) -> tuple[ProgramService, int]:
    mentor, mentee = add_people(db)
    draft = simple_draft(mentor, mentee)
    draft.pair_id = add_pair(db, mentor, [mentee])
    service = ProgramService(db)
    return service, service.create(draft)


def test_program_docx_has_approval_people_and_plan_in_order(
    empty_db: Database, tmp_path: Path
) -> None:
    _service, program_id = _program(empty_db)
    options = ExportOptions(today=TODAY, extra={"program_ids": [program_id]})
    [path] = get_kind("program").build(empty_db, tmp_path, options, no_progress)
    text = _text(path)
    assert "УТВЕРЖДАЮ" in text and "Т.Н. Григорьева" in text
    assert "«01» сентября 2026 г." in text  # the approval date
    assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in text
    assert "Наставник: Соколова Елена Петровна, учитель математики." in text
    assert "Наставляемый: Иванова Анна Сергеевна, учитель математики (молодой педагог)." in text
    assert "Срок реализации: с 01.09.2026 по 31.05.2027 (9 мес.)." in text
    assert "1) Освоить планирование урока;" in text
    rows = _rows(path)
    assert rows[0][:4] == ["№", "Содержание мероприятия", "Форма", "Срок"]
    lines = [r for r in rows[1:] if r[0].isdigit()]
    assert [(r[0], r[1], r[3]) for r in lines] == [
        ("1", "Знакомство, диагностика затруднений", "07.09.2026"),
        ("2", "Посещение уроков наставника", "15.10.2026"),
        ("3", "Открытый урок наставляемого", "20.04.2027"),
    ]
    months = [r[0] for r in rows[1:] if not r[0].isdigit()]
    assert months == ["Сентябрь 2026", "Октябрь 2026", "Апрель 2027"]


def test_mentor_report_from_tracked_plan_meetings_and_evaluation(
    empty_db: Database, tmp_path: Path
) -> None:
    service, program_id = _program(empty_db)
    first, second, third = (a.id for a in service.get(program_id).activities)
    service.set_status(
        first,
        StatusChange(ActivityStatus.DONE, done_on="08.09.2026", evidence="Карта затруднений"),
        TODAY,
    )
    service.set_status(
        second, StatusChange(ActivityStatus.MOVED, new_due_on="10.11.2026", note="болезнь"), TODAY
    )
    service.add_meeting(
        program_id,
        MeetingDraft(
            held_on="08.09.2026",
            duration_minutes="90",
            topic="Знакомство",
            notes="Обсудили запрос",
            curator_note="Личное: тревожится",
        ),
        TODAY,
    )
    options = ExportOptions(today=TODAY, extra={"program_ids": [program_id]})
    [path] = get_kind("mentor-report").build(empty_db, tmp_path, options, no_progress)
    text = _text(path)
    assert "ОТЧЁТ НАСТАВНИКА" in text
    assert "Запланировано мероприятий: 3; выполнено: 1 (33 %" in text
    assert "Проведено встреч: 1, общая продолжительность 1 ч 30 мин." in text
    assert "Итоговая оценка будет дана после завершения программы." in text
    plan = _rows(path, 0)
    lines = [r for r in plan[1:] if r[0].isdigit()]
    assert [r[0] for r in lines] == ["1", "2", "3"]
    assert lines[0][3] == "выполнено 08.09.2026" and lines[0][4] == "Карта затруднений"
    assert lines[1][2] == "10.11.2026"
    assert lines[1][3] == "перенесено с 15.10.2026; болезнь; не выполнено в срок"
    assert lines[2][3] == "запланировано"
    meetings = _rows(path, 1)
    assert meetings[1][1:4] == ["08.09.2026", "90", "Знакомство"]
    assert "тревожится" not in text and all("тревожится" not in c for r in meetings for c in r)
    # Closed with the evaluation of seed 002, section 6.
    service.set_status(second, StatusChange(ActivityStatus.DONE, done_on="10.11.2026"), TODAY)
    service.set_status(
        third, StatusChange(ActivityStatus.CANCELLED, note="перенесено в новую программу"), TODAY
    )
    marks = {c.value: (EvaluationMark.ACHIEVED, "") for c in EvaluationCriterion}
    marks["future_mentor"] = (EvaluationMark.PARTLY, "через 2 года")
    service.close(
        program_id, ClosingDraft("20.11.2026", marks, "Программа выполнена", "Стало легче"), TODAY
    )
    [path] = get_kind("mentor-report").build(empty_db, tmp_path / "2", options, no_progress)
    text = _text(path)
    assert "Программа завершена 20.11.2026." in text
    assert "Программа выполнена" in text and "Стало легче" in text
    evaluation = _rows(path, 2)
    assert evaluation[0][1] == "Оценка"
    assert evaluation[-1][1:] == ["достигнуто частично", "через 2 года"]
    assert len(evaluation) == 1 + len(EvaluationCriterion)


def test_status_table_marks_overdue(empty_db: Database, tmp_path: Path) -> None:
    _service, _program_id = _program(empty_db)
    [path] = get_kind("programs-status").build(
        empty_db, tmp_path, ExportOptions(today=TODAY), no_progress
    )
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[4]]
    row = [c.value for c in sheet[5]]
    values = dict(zip(header, row, strict=True))
    assert values["Наставник"] == "Соколова Елена Петровна"
    assert values["Начало"] == dt.datetime(2026, 9, 1)
    assert (values["Мероприятий в плане"], values["Выполнено"], values["Просрочено"]) == (3, 0, 2)
    assert (
        "Знакомство, диагностика затруднений (срок 07.09.2026)"
        in values["Просроченные мероприятия"]
    )


def test_no_programs_is_a_clear_message(empty_db: Database, tmp_path: Path) -> None:
    with pytest.raises(AppError) as error:
        get_kind("program").build(empty_db, tmp_path, ExportOptions(today=TODAY), no_progress)
    assert "Нет программ наставничества" in error.value.message
