"""Programs of the demo school, one for each pair or group at work: some fresh, some half done
with overdue activities, one finished with its evaluation. Runs after the pairs' demo; with no
pairs in the demo it adds nothing.

Everything goes through ``ProgramService``, so the demo obeys the same rules as the curator.
"""

from __future__ import annotations

import datetime as dt

from desktop_app.errors import AppError
from desktop_app.models import ActivityStatus, EvaluationCriterion, EvaluationMark, PairStatus
from desktop_app.models.db import Database
from desktop_app.services.programs import (
    ClosingDraft,
    MeetingDraft,
    ProgramService,
    StatusChange,
    period_error,
    program_end,
)
from desktop_app.services.validation import format_date

EVIDENCE = {
    "диагностика, анкетирование": "Анкета наставляемого, карта профессиональных затруднений",
    "беседа, встреча": "Запись в журнале встреч",
    "посещение урока": "Лист анализа урока с рекомендациями",
    "совместная разработка": "Разработка (технологическая карта, сценарий)",
    "мастер-класс": "Конспект мастер-класса",
    "консультация": "Памятка по итогам консультации",
    "открытый урок": "Конспект и самоанализ открытого урока",
}
TOPICS = [
    "Планирование уроков на четверть",
    "Разбор посещённого урока",
    "Работа с электронным журналом",
    "Подготовка к родительскому собранию",
    "Дисциплина на уроке: приёмы",
    "Подготовка открытого урока",
    "Итоги месяца, планы",
]


def extend(db: Database, today: dt.date) -> None:
    from desktop_app.services.pairs import PairFilter, PairService

    pairs = [
        r
        for r in PairService(db).list_rows(PairFilter())
        if r.status in (PairStatus.ACTIVE, PairStatus.COMPLETED)
    ]
    service = ProgramService(db)
    if not pairs:
        _without_pairs(db, service, today)
        return
    finished = next((r for r in pairs if r.status is PairStatus.COMPLETED), None)
    for number, row in enumerate(pairs):
        try:
            if row is finished:
                _finished(service, row.id, row.start_on, row.ended_on or row.planned_end_on, today)
            elif finished is None and number == 0:
                last_year = dt.date(today.year - 1 if today.month >= 9 else today.year - 2, 9, 1)
                _finished(service, row.id, last_year, program_end(last_year, 9), today)
            elif number % 3 == 1:
                _fresh(service, row.id, today)
            else:
                _half_done(service, row.id, row.start_on, row.planned_end_on, today, number)
        except AppError:
            continue  # a demo pair the rules refuse is skipped, the rest of the demo stays


def _period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    if period_error(start, end):
        end = program_end(start, 9)
    return start, end


def _create(service: ProgramService, pair_id: int, start: dt.date, end: dt.date) -> int:
    draft = service.draft_for_pair(pair_id)
    base = service.new_draft(
        draft.mentor_id or 0,
        draft.mentee_ids,
        pair_id=pair_id,
        form=draft.form,
        kinds=draft.kinds,
        directions=draft.directions,
        start=start,
        end=end,
    )
    base.approved_on = format_date(start)
    return service.create(base)


def _meetings(
    service: ProgramService, program_id: int, start: dt.date, until: dt.date, step: int
) -> None:
    day, number = start + dt.timedelta(days=6), 0
    while day < until:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        service.add_meeting(
            program_id,
            MeetingDraft(
                held_on=format_date(day),
                duration_minutes=str(40 + 5 * (number % 4)),
                topic=TOPICS[number % len(TOPICS)],
                notes="Обсудили выполнение плана, дали рекомендации.",
                curator_note="Наставляемая стала увереннее" if number == 2 else "",
            ),
            until,
        )
        day += dt.timedelta(days=step)
        number += 1


def _fresh(service: ProgramService, pair_id: int, today: dt.date) -> None:
    """Started this month: what fell due is done, nothing overdue."""
    start = today - dt.timedelta(days=10)
    start, end = _period(start, program_end(start, 6))
    program_id = _create(service, pair_id, start, end)
    for activity in service.get(program_id).activities:
        if activity.due_on < today:
            service.set_status(
                activity.id,
                StatusChange(
                    ActivityStatus.DONE,
                    format_date(activity.due_on),
                    evidence=EVIDENCE.get(activity.form, ""),
                ),
                today,
            )


def _half_done(
    service: ProgramService,
    pair_id: int,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    number: int,
) -> None:
    """Since the pair's start: most past activities done, one moved, one or two overdue."""
    start, end = _period(start, end)
    program_id = _create(service, pair_id, start, end)
    past = [a for a in service.get(program_id).activities if a.due_on < today]
    for index, activity in enumerate(past):
        if index == len(past) - 1 and number % 2 == 0:
            continue  # left overdue
        if index == len(past) - 2 and len(past) > 2:
            if number % 2:
                continue  # a second overdue one in some programs
            new_due = min(today + dt.timedelta(days=14), end)
            service.set_status(
                activity.id,
                StatusChange(
                    ActivityStatus.MOVED,
                    new_due_on=format_date(new_due),
                    note="болезнь наставляемого",
                ),
                today,
            )
            continue
        service.set_status(
            activity.id,
            StatusChange(
                ActivityStatus.DONE,
                format_date(activity.due_on),
                evidence=EVIDENCE.get(activity.form, "Выполнено"),
            ),
            today,
        )
    _meetings(service, program_id, start, today, 14)


def _finished(
    service: ProgramService, pair_id: int, start: dt.date, end: dt.date, today: dt.date
) -> None:
    """A finished program, closed with the evaluation of seed 002, section 6."""
    start, end = _period(start, min(end, today - dt.timedelta(days=1)))
    program_id = _create(service, pair_id, start, end)
    for activity in service.get(program_id).activities:
        service.set_status(
            activity.id,
            StatusChange(
                ActivityStatus.DONE,
                format_date(activity.due_on),
                evidence=EVIDENCE.get(activity.form, "Выполнено"),
            ),
            today,
        )
    _meetings(service, program_id, start, end, 21)
    marks = {c.value: (EvaluationMark.ACHIEVED, "") for c in EvaluationCriterion}
    marks[EvaluationCriterion.RESULTS.value] = (
        EvaluationMark.ACHIEVED,
        "качество знаний в 5-х классах выросло с 48 до 57 %",
    )
    marks[EvaluationCriterion.INNOVATION.value] = (
        EvaluationMark.PARTLY,
        "участвует в работе творческой группы по функциональной грамотности",
    )
    marks[EvaluationCriterion.FUTURE_MENTOR.value] = (
        EvaluationMark.PARTLY,
        "готова стать наставником через 2–3 года",
    )
    service.close(
        program_id,
        ClosingDraft(
            closed_on=format_date(end),
            evaluation=marks,
            mentor_conclusion="Программа выполнена полностью. Наставляемая самостоятельно "
            "планирует уроки, владеет приёмами управления классом, провела открытый урок.",
            mentee_conclusion="Стало легче готовиться к урокам; хочу продолжить работу над "
            "функциональной грамотностью.",
        ),
        today,
    )


def _without_pairs(db: Database, service: ProgramService, today: dt.date) -> None:
    """A demo bank without pairs still shows programs: mentors and mentees matched in order."""
    from sqlalchemy import select

    from desktop_app.models import MenteeProfile, MentorProfile, Person

    with db.session() as session:
        mentors = list(
            session.scalars(
                select(MentorProfile.person_id)
                .join(Person, Person.id == MentorProfile.person_id)
                .where(MentorProfile.active, Person.archived_on.is_(None))
                .order_by(Person.last_name, Person.id)
            )
        )
        mentees = [
            m
            for m in session.scalars(
                select(MenteeProfile.person_id)
                .join(Person, Person.id == MenteeProfile.person_id)
                .where(MenteeProfile.active, Person.archived_on.is_(None))
                .order_by(Person.last_name, Person.id)
            )
            if m not in mentors
        ]
    september = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    for number, (mentor, mentee) in enumerate(zip(mentors[:4], mentees[:4], strict=False)):
        start = september if number != 1 else today - dt.timedelta(days=10)
        start, end = _period(start, program_end(start, 9))
        draft = service.new_draft(
            mentor,
            [mentee],
            form="«педагог – педагог»",
            kinds="традиционное («один на один»)",
            start=start,
            end=end,
        )
        draft.approved_on = format_date(start)
        program_id = service.create(draft)
        for index, activity in enumerate(service.get(program_id).activities):
            if activity.due_on < today and (number == 1 or index % 3 != 2):
                service.set_status(
                    activity.id,
                    StatusChange(
                        ActivityStatus.DONE,
                        format_date(activity.due_on),
                        evidence=EVIDENCE.get(activity.form, "Выполнено"),
                    ),
                    today,
                )
        _meetings(service, program_id, start, today, 14)
