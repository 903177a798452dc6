"""Programs at the service level: the period rule, the plan checks, tracking, closing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import (
    ActivityStatus,
    EvaluationCriterion,
    EvaluationMark,
    Program,
    ProgramActivity,
    ProgramStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.programs import (
    ActivityDraft,
    ClosingDraft,
    MeetingDraft,
    ProgramService,
    StatusChange,
    length_in_words,
    period_error,
    program_end,
    validate_step,
)
from tests.program_helpers import add_pair, add_people, simple_draft

TODAY = dt.date(2026, 11, 23)


def _count(db: Database, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_period_from_three_months_to_a_year() -> None:
    start = dt.date(2026, 9, 1)
    assert program_end(start, 3) == dt.date(2026, 11, 30)
    assert program_end(start, 12) == dt.date(2027, 8, 31)
    assert period_error(start, dt.date(2026, 11, 30)) is None
    assert period_error(start, dt.date(2027, 8, 31)) is None
    short = period_error(start, dt.date(2026, 11, 12))
    assert short is not None and "2 мес. 12 дн." in short and "30.11.2026" in short
    long = period_error(start, dt.date(2027, 9, 1))
    assert long is not None and "не позже 31.08.2027" in long
    assert period_error(start, dt.date(2026, 8, 1)) == "Окончание программы: раньше её начала."
    assert length_in_words(start, dt.date(2027, 5, 31)) == "9 мес."


def test_create_and_read_back(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    program = service.get(program_id)
    assert program.status is ProgramStatus.ACTIVE
    assert program.mentor.short_name == "Соколова Е.П."
    assert [m.person.short_name for m in program.mentees] == ["Иванова А.С."]
    assert [a.content for a in program.activities] == [
        "Знакомство, диагностика затруднений",
        "Посещение уроков наставника",
        "Открытый урок наставляемого",
    ]
    assert program.activities[2].due_on == dt.date(2027, 4, 20)
    draft = service.draft_of(program_id)
    assert draft.tasks == ["Освоить планирование урока", "Освоить электронный журнал"]
    assert draft.activities[1].due_on == "15.10.2026"


def test_activity_outside_period_refused_and_nothing_saved(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    draft = simple_draft(mentor, mentee)
    draft.activities[2].due_on = "15.06.2027"
    with pytest.raises(ValidationError) as error:
        ProgramService(empty_db).create(draft)
    assert error.value.errors["activity.2.due_on"] == (
        "Мероприятие 3: Срок 15.06.2027 вне срока программы (01.09.2026 – 31.05.2027)."
    )
    assert _count(empty_db, Program) == 0


def test_program_too_short_or_too_long(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    draft = simple_draft(mentor, mentee)
    draft.end_on = "30.10.2026"
    errors = validate_step(draft, "participants")
    assert "от 3 месяцев до 1 года" in errors["end_on"]
    draft.end_on = "01.10.2027"
    assert "не позже 31.08.2027" in validate_step(draft, "participants")["end_on"]
    with pytest.raises(ValidationError):
        ProgramService(empty_db).create(draft)
    assert _count(empty_db, Program) == 0


def test_each_step_names_its_fields() -> None:
    from desktop_app.services.programs import ProgramDraft

    empty = ProgramDraft()
    assert set(validate_step(empty, "participants")) == {
        "mentor_id",
        "mentee_ids",
        "start_on",
        "end_on",
    }
    assert set(validate_step(empty, "difficulties")) == {"difficulties"}
    assert set(validate_step(empty, "goal")) == {"goal", "tasks"}
    assert set(validate_step(empty, "plan")) == {"activities"}
    assert set(validate_step(empty, "results")) == {"expected_results"}
    self_mentoring = ProgramDraft(
        mentor_id=1, mentee_ids=[1], start_on="01.09.2026", end_on="31.05.2027"
    )
    assert "своим наставляемым" in validate_step(self_mentoring, "participants")["mentee_ids"]
    bad_line = ProgramDraft(
        start_on="01.09.2026",
        end_on="31.05.2027",
        activities=[ActivityDraft(content="", form="", due_on="31.02.2027")],
    )
    errors = validate_step(bad_line, "plan")
    assert errors["activity.0.content"] == "Мероприятие 1: Содержание: опишите мероприятие."
    assert errors["activity.0.due_on"] == "Мероприятие 1: Срок: даты 31.02.2027 не существует."


def test_new_draft_takes_difficulties_and_plans_inside_period(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    draft = service.new_draft(mentor, [mentee], start=dt.date(2026, 9, 1))
    assert [c for c, _ in draft.difficulties] == ["methodical", "digital"]
    assert draft.end_on == "31.05.2027"
    assert any("Посещение уроков наставника" in a.content for a in draft.activities)
    for step in ("participants", "difficulties", "goal", "plan", "results"):
        assert validate_step(draft, step) == {}, step
    service.create(draft)


def test_wizard_draft_saved_and_resumed(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    pair = add_pair(empty_db, mentor, [mentee])
    other = add_pair(empty_db, mentee, [mentor])
    draft = service.draft_for_pair(pair)
    assert (draft.form, draft.kinds) == ("«педагог – педагог»", "традиционное («один на один»)")
    assert (draft.start_on, draft.end_on, draft.mentee_ids) == (
        "01.09.2026",
        "31.05.2027",
        [mentee],
    )
    draft.goal = "Цель, набранная до сбоя"
    draft_id = service.save_wizard_draft(draft)
    found = service.find_wizard_draft(pair_id=pair)
    assert found is not None and found[0] == draft_id
    assert found[1].goal == "Цель, набранная до сбоя"
    assert found[1].activities == draft.activities
    assert service.find_wizard_draft(pair_id=other) is None
    service.discard_wizard_draft(draft_id)
    assert service.find_wizard_draft(pair_id=pair) is None
    program_id = service.create(draft)
    assert service.programs_of_pair(pair) == [program_id]


def test_tracking_progress_overdue_and_undo(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    first, second, third = (a.id for a in service.get(program_id).activities)
    service.set_status(
        first, StatusChange(ActivityStatus.DONE, done_on="08.09.2026", evidence="Анкета"), TODAY
    )
    row = service.rows(TODAY)[0]
    assert (row.progress.done, row.progress.total, row.progress.overdue) == (1, 3, 1)
    assert row.overdue_items == ["Посещение уроков наставника (срок 15.10.2026)"]
    assert [o.content for o in service.overdue(TODAY)] == ["Посещение уроков наставника"]
    # Moved: the first deadline is kept, the new one must lie in the period.
    with pytest.raises(ValidationError) as error:
        service.set_status(
            second, StatusChange(ActivityStatus.MOVED, new_due_on="10.06.2027"), TODAY
        )
    assert "вне срока программы" in error.value.errors["new_due_on"]
    before = service.set_status(
        second, StatusChange(ActivityStatus.MOVED, new_due_on="10.12.2026"), TODAY
    )
    moved = service.get(program_id).activities[1]
    assert (moved.status, moved.due_on, moved.planned_on) == (
        ActivityStatus.MOVED,
        dt.date(2026, 12, 10),
        dt.date(2026, 10, 15),
    )
    assert service.rows(TODAY)[0].progress.overdue == 0
    service.restore_status(second, before)
    assert service.get(program_id).activities[1].due_on == dt.date(2026, 10, 15)
    # Cancelled lines leave the share: 1 done of 2 counted.
    service.set_status(third, StatusChange(ActivityStatus.CANCELLED, note="Карантин"), TODAY)
    assert service.rows(TODAY)[0].progress.percent == 50


def test_plan_add_move_delete_restore(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    new_id = service.add_activity(
        program_id,
        ActivityDraft(
            content="Мастер-класс по «Сферуму»", form="мастер-класс", due_on="12.11.2026"
        ),
        position=1,
    )
    contents = [a.content for a in service.get(program_id).activities]
    assert contents[1] == "Мастер-класс по «Сферуму»"
    assert service.move_activity(new_id, +1)
    assert [a.id for a in service.get(program_id).activities][2] == new_id
    assert not service.move_activity(service.get(program_id).activities[0].id, -1)
    meeting = service.add_meeting(
        program_id,
        MeetingDraft(
            held_on="12.11.2026",
            duration_minutes="45",
            topic="Сферум",
            activity_id=new_id,
            mark_activity_done=True,
        ),
        TODAY,
    )
    done = next(a for a in service.get(program_id).activities if a.id == new_id)
    assert (done.status, done.done_on) == (ActivityStatus.DONE, dt.date(2026, 11, 12))
    snapshot = service.delete_activity(new_id)
    assert len(service.get(program_id).activities) == 3
    restored = service.restore_activity(snapshot)
    program = service.get(program_id)
    assert [a.content for a in program.activities][2] == "Мастер-класс по «Сферуму»"
    assert program.activities[2].status is ActivityStatus.DONE
    assert next(m for m in program.meetings if m.id == meeting).activity_id == restored
    with pytest.raises(ValidationError) as error:
        service.add_activity(
            program_id, ActivityDraft(content="Поздно", form="консультация", due_on="01.07.2027")
        )
    assert "вне срока программы" in error.value.errors["due_on"]
    assert _count(empty_db, ProgramActivity) == 4


def test_meeting_checks(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    with pytest.raises(ValidationError) as error:
        service.add_meeting(
            program_id, MeetingDraft(held_on="20.08.2026", duration_minutes="0", topic=" "), TODAY
        )
    assert set(error.value.errors) == {"held_on", "duration_minutes", "topic"}
    assert "раньше начала программы" in error.value.errors["held_on"]


def test_attachment_kept_in_database_and_missing_file(empty_db: Database, tmp_path: Path) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    activity_id = service.get(program_id).activities[0].id
    source = tmp_path / "анкета.txt"
    source.write_text("ответы наставляемого", encoding="utf-8")
    attachment_id = service.attach_file(activity_id, source)
    source.unlink()  # the original may go: the database keeps its own copy
    out = service.save_attachment(attachment_id, tmp_path / "out")
    assert out.read_text(encoding="utf-8") == "ответы наставляемого"
    with pytest.raises(AppError) as error:
        service.attach_file(activity_id, source)
    assert "не найден" in error.value.message and "переместили или удалили" in error.value.message
    assert [name for _id, name, _size in service.attachments(activity_id)] == ["анкета.txt"]


def test_closing_refused_with_open_activities(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    closing = ClosingDraft(
        closed_on="20.11.2026",
        evaluation={c.value: (EvaluationMark.ACHIEVED, "") for c in EvaluationCriterion},
        mentor_conclusion="Программа выполнена",
    )
    with pytest.raises(ValidationError) as error:
        service.close(program_id, closing, TODAY)
    assert "№ 1 «Знакомство, диагностика затруднений»" in error.value.errors["activities"]
    assert service.get(program_id).status is ProgramStatus.ACTIVE
    for activity in service.get(program_id).activities:
        service.set_status(
            activity.id, StatusChange(ActivityStatus.DONE, done_on="19.11.2026"), TODAY
        )
    closing.evaluation.pop("future_mentor")
    with pytest.raises(ValidationError) as error:
        service.close(program_id, closing, TODAY)
    assert set(error.value.errors) == {"evaluation.future_mentor"}
    closing.evaluation["future_mentor"] = (EvaluationMark.PARTLY, "Думает")
    service.close(program_id, closing, TODAY)
    program = service.get(program_id)
    assert program.status is ProgramStatus.COMPLETED
    assert program.evaluation["future_mentor"] == {"mark": "partly", "note": "Думает"}


def test_overview_lists_overdue_and_pairs_without_program(empty_db: Database) -> None:
    from desktop_app.services.overview import Severity, collect

    mentor, mentee = add_people(empty_db)
    add_pair(empty_db, mentor, [mentee])
    lines = [i for i in collect(empty_db, TODAY) if i.section == "programs"]
    assert [i.text for i in lines if i.severity is Severity.WARNING] == [
        "Действующих пар и групп без программы наставничества: 1"
    ]
    draft = simple_draft(mentor, mentee)
    draft.pair_id = add_pair(empty_db, mentor, [mentee])
    program_id = ProgramService(empty_db).create(draft)
    lines = [i for i in collect(empty_db, TODAY) if i.section == "programs"]
    overdue = [i for i in lines if i.severity is Severity.OVERDUE]
    assert overdue[0].record_id == program_id
    assert overdue[0].text == (
        "Программа Соколова Е.П. → Иванова А.С.: «Знакомство, диагностика затруднений» и ещё 1"
    )
    assert overdue[0].due == dt.date(2026, 9, 7)
    assert lines[-1].text == "Программ реализуется: 1"


def test_stopping_early_keeps_the_plan(empty_db: Database) -> None:
    mentor, mentee = add_people(empty_db)
    service = ProgramService(empty_db)
    program_id = service.create(simple_draft(mentor, mentee))
    with pytest.raises(ValidationError) as error:
        service.stop(program_id, "  ", "10.11.2026", TODAY)
    assert set(error.value.errors) == {"stop_reason"}
    assert service.get(program_id).status is ProgramStatus.ACTIVE
    service.stop(program_id, "Наставляемая уволилась", "10.11.2026", TODAY)
    program = service.get(program_id)
    assert (program.status, program.closed_on, program.stop_reason) == (
        ProgramStatus.STOPPED,
        dt.date(2026, 11, 10),
        "Наставляемая уволилась",
    )
    assert len(program.activities) == 3
    assert service.overdue(TODAY) == []  # a stopped program is not behind
    service.reopen(program_id)
    assert service.get(program_id).stop_reason == ""


def test_overview_warns_when_the_pair_ended_first(empty_db: Database) -> None:
    from desktop_app.models import MentoringPair, PairStatus
    from desktop_app.services.overview import Severity, collect

    mentor, mentee = add_people(empty_db)
    draft = simple_draft(mentor, mentee)
    draft.pair_id = add_pair(empty_db, mentor, [mentee])
    program_id = ProgramService(empty_db).create(draft)
    with empty_db.transaction() as session:
        session.get(MentoringPair, draft.pair_id).status = PairStatus.TERMINATED
    [line] = [
        i
        for i in collect(empty_db, TODAY)
        if i.section == "programs" and i.severity is Severity.WARNING
    ]
    assert line.record_id == program_id
    assert line.text.startswith("Пара Соколова Е.П. → Иванова А.С. расторгнута")
