"""People for program tests: a mentor and a mentee with difficulties, written directly."""

from __future__ import annotations

import datetime as dt

from desktop_app.models import (
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    MenteeDifficulty,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Person,
)
from desktop_app.models.db import Database
from desktop_app.services.programs import ActivityDraft, ProgramDraft


def add_people(db: Database) -> tuple[int, int]:
    """(mentor id, mentee id): Соколова Е.П. mentors Иванова А.С., a young teacher."""
    with db.transaction() as session:
        org = session.query(Organisation).filter(Organisation.is_own).first()
        mentor = Person(
            organisation_id=org.id,
            last_name="Соколова",
            first_name="Елена",
            patronymic="Петровна",
            gender=Gender.FEMALE,
            position="учитель математики",
            subjects="математика",
        )
        mentor.mentor_profile = MentorProfile(
            expertise_categories=["methodical", "digital"], max_mentees=2
        )
        mentee = Person(
            organisation_id=org.id,
            last_name="Иванова",
            first_name="Анна",
            patronymic="Сергеевна",
            gender=Gender.FEMALE,
            position="учитель математики",
            subjects="математика",
            hired_on=dt.date(2026, 8, 28),
        )
        mentee.mentee_profile = MenteeProfile(
            category=MenteeCategory.YOUNG_TEACHER,
            request="Помощь в планировании уроков",
            difficulties=[
                MenteeDifficulty(
                    category=DeficitCategory.METHODICAL,
                    level=DeficitLevel.HIGH,
                    note="планирование урока",
                ),
                MenteeDifficulty(category=DeficitCategory.DIGITAL, level=DeficitLevel.MEDIUM),
            ],
        )
        session.add_all([mentor, mentee])
        session.flush()
        return mentor.id, mentee.id


def simple_draft(mentor_id: int, mentee_id: int) -> ProgramDraft:
    return ProgramDraft(
        mentor_id=mentor_id,
        mentee_ids=[mentee_id],
        form="педагог – педагог",
        kinds="традиционное («один на один»)",
        start_on="01.09.2026",
        end_on="31.05.2027",
        difficulties=[("methodical", "планирование урока")],
        goal="Профессиональное становление молодого учителя",
        tasks=["Освоить планирование урока", "Освоить электронный журнал"],
        activities=[
            ActivityDraft(
                content="Знакомство, диагностика затруднений",
                form="беседа, встреча",
                due_on="07.09.2026",
                responsible="наставник",
                expected_result="Выявлены затруднения",
            ),
            ActivityDraft(
                content="Посещение уроков наставника",
                form="посещение урока",
                due_on="15.10.2026",
                responsible="наставляемый",
                expected_result="Анализ уроков",
            ),
            ActivityDraft(
                content="Открытый урок наставляемого",
                form="открытый урок",
                due_on="20.04.2027",
                responsible="наставляемый",
                expected_result="Открытый урок, самоанализ",
            ),
        ],
        expected_results=["Наставляемый самостоятельно планирует уроки"],
        evaluation_methods="Анализ уроков",
        approved_on="01.09.2026",
    )


def add_pair(db: Database, mentor_id: int, mentee_ids: list[int]) -> int:
    """An active pair (or group) written directly, fixed by order № 12 of 28.08.2026."""
    from desktop_app.models import (
        MentoringForm,
        MentoringKind,
        MentoringPair,
        PairMembership,
        PairStatus,
    )

    with db.transaction() as session:
        pair = MentoringPair(
            is_group=len(mentee_ids) > 1,
            mentor_id=mentor_id,
            form=MentoringForm.TEACHER_TEACHER,
            kinds=[MentoringKind.TRADITIONAL.value],
            direction="методическое сопровождение",
            start_on=dt.date(2026, 9, 1),
            planned_end_on=dt.date(2027, 5, 31),
            status=PairStatus.ACTIVE,
            order_number="12",
            order_date=dt.date(2026, 8, 28),
        )
        pair.memberships = [
            PairMembership(mentee_id=m, consent_on=dt.date(2026, 8, 27)) for m in mentee_ids
        ]
        session.add(pair)
        session.flush()
        return pair.id
