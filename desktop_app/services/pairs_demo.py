"""Pairs and groups of the demo school: 8 pairs and 2 groups in every state, one reverse pair,
one mentor from the partner college, and two mentees left without a mentor (one has no consent
to personal-data processing, one is still waiting for a suitable mentor).

Everything goes through ``PairService``, so the demo obeys the same rules as the curator.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop_app.models import MentoringForm, MentoringKind, PairStatus, Person
from desktop_app.models.db import Database
from desktop_app.services.pairs import PairDraft, PairService
from desktop_app.services.validation import format_date

K = MentoringKind


def _school_year_start(today: dt.date) -> dt.date:
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def extend(db: Database, today: dt.date) -> None:
    with db.session() as session:
        ids = {p.full_name: p.id for p in session.scalars(select(Person))}
    service = PairService(db)
    sept = _school_year_start(today)
    last_sept = sept.replace(year=sept.year - 1)
    may = dt.date(sept.year + 1, 5, 31)
    order = ("87-о", sept)

    def pair(
        mentor: str,
        mentees: list[str],
        *,
        kinds: list[MentoringKind],
        direction: str,
        start: dt.date,
        end: dt.date,
        form: MentoringForm = MentoringForm.TEACHER_TEACHER,
        active: bool = True,
        title: str = "",
        fixed_by: tuple[str, dt.date] | None = order,
    ) -> int | None:
        if mentor not in ids or any(m not in ids for m in mentees):
            return None  # the demo bank changed: skip rather than fail the whole demo
        signed = min(start - dt.timedelta(days=3), today)
        draft = PairDraft(
            is_group=len(mentees) > 1,
            title=title,
            mentor_id=ids[mentor],
            mentee_ids=[ids[m] for m in mentees],
            form=form,
            kinds=kinds,
            direction=direction,
            start_on=format_date(start),
            planned_end_on=format_date(end),
            mentor_consent_on=format_date(signed),
            mentee_consent_on={ids[m]: format_date(signed) for m in mentees},
        )
        if active and fixed_by is not None:
            draft.order_number, draft.order_date = fixed_by[0], format_date(fixed_by[1])
        draft.status = PairStatus.ACTIVE if active else PairStatus.FORMING
        return service.create(draft, today=min(start, today))

    # Last school year: a pair that ran its course.
    done = pair(
        "Романов Павел Михайлович",
        ["Сергеев Николай Владимирович"],
        kinds=[K.TRADITIONAL],
        direction="проектная деятельность на уроках технологии",
        start=last_sept,
        end=last_sept.replace(year=last_sept.year + 1, month=5, day=31),
        fixed_by=("95-о", last_sept),
    )
    if done is not None:
        service.complete(done, last_sept.replace(year=last_sept.year + 1, month=5, day=31))

    pair(
        "Белова Екатерина Юрьевна",
        ["Ковалёва Юлия Ильинична"],
        kinds=[K.TRADITIONAL],
        direction="адаптация молодого педагога, методика начального обучения",
        start=sept,
        end=may,
    )
    # Reverse mentoring: the younger teacher strong in digital tools helps an older colleague.
    pair(
        "Цветков Никита Викторович",
        ["Семёнова Вера Петровна"],
        kinds=[K.REVERSE, K.VIRTUAL],
        direction="цифровые образовательные ресурсы",
        start=sept + dt.timedelta(days=30),
        end=dt.date(sept.year + 1, 3, 31),
    )
    # Open mentoring: a lecturer of the partner college.
    pair(
        "Попова Ольга Ильинична",
        ["Ершова Анна Николаевна"],
        form=MentoringForm.COLLEGE_TEACHER,
        kinds=[K.TRADITIONAL, K.VIRTUAL],
        direction="психолого-педагогическое сопровождение обучающихся",
        start=sept,
        end=may,
    )
    pair(
        "Ильина Софья Сергеевна",
        ["Баранова Ксения Борисовна"],
        kinds=[K.SHORT_TERM],
        direction="подготовка к конкурсу «Педагогический дебют»",
        start=sept + dt.timedelta(days=14),
        end=dt.date(sept.year + 1, 2, 28),
    )
    terminated = pair(
        "Данилова Татьяна Александровна",
        ["Мамедов Эльчин Рауф оглы"],
        kinds=[K.TRADITIONAL],
        direction="методическое сопровождение",
        start=sept,
        end=may,
    )
    if terminated is not None:
        service.terminate(
            terminated,
            "наставляемый переведён на должность педагога дополнительного образования",
            min(sept + dt.timedelta(days=44), today),
        )
    pair(
        "Данилова Татьяна Александровна",
        ["Сергеева Алина"],
        kinds=[K.TRADITIONAL],
        direction="методическое сопровождение",
        start=sept + dt.timedelta(days=45),
        end=may,
        fixed_by=("112-о", sept + dt.timedelta(days=44)),
    )
    # Still being formed: the mentor has not yet given written consent to the appointment.
    pair(
        "Воробьёва Ирина Васильевна",
        ["Алексеева Ирина"],
        kinds=[K.TRADITIONAL],
        direction="подготовка обучающихся к ОГЭ по русскому языку",
        start=today + dt.timedelta(days=8),
        end=dt.date(sept.year + 1, 8, 31),
        active=False,
    )
    pair(
        "Королёва Мария Юрьевна",
        ["Алексеева Елена Борисовна", "Сергеев Николай Владимирович"],
        title="Молодые педагоги: воспитательная работа",
        kinds=[K.GROUP],
        direction="воспитательная работа и взаимодействие с родителями",
        start=sept,
        end=may,
    )
    pair(
        "Голубев Николай Михайлович",
        ["Ильина Софья Сергеевна", "Мамедов Эльчин Рауф оглы"],
        title="Профилактика профессионального выгорания",
        kinds=[K.GROUP, K.SITUATIONAL],
        direction="профилактика профессионального выгорания",
        start=today + dt.timedelta(days=8),
        end=dt.date(sept.year + 1, 4, 30),
        active=False,
    )
