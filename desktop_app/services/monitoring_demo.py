"""Demo monitoring data: results of the mentees and questionnaire answers for two periods, so
that every monitoring report shows a change against the previous period."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop_app.models import MentoringPair, PairStatus
from desktop_app.models.monitoring import (
    Answer,
    Audience,
    MenteeResult,
    QuestionKind,
    Questionnaire,
    QuestionnaireResponse,
    Stage,
)
from desktop_app.services import indicators as ind
from desktop_app.services.monitoring import MonitoringService

if TYPE_CHECKING:
    from desktop_app.models.db import Database

_REMARKS = {
    Audience.MENTEE: "Полезнее всего были посещения уроков наставника и разбор моих уроков.",
    Audience.MENTOR: "Не всегда хватало времени на встречи; помогло бы общее окно в расписании.",
}


def extend(db: Database, today: dt.date) -> None:
    rng = random.Random(20261123)
    MonitoringService(db).ensure_defaults()
    last = ind.quarter_of(today).previous()
    before = last.previous()
    with db.transaction() as session:
        forms = {
            (q.audience, q.stage): q
            for q in session.scalars(
                select(Questionnaire).options(selectinload(Questionnaire.questions))
            )
        }
        pairs = session.scalars(
            select(MentoringPair).options(selectinload(MentoringPair.memberships))
        ).all()
        seen: set[int] = set()
        for pair in pairs:
            if pair.status == PairStatus.FORMING:
                continue
            for membership in pair.memberships:
                mentee = membership.mentee_id
                if mentee in seen:
                    continue
                seen.add(mentee)
                base = rng.randint(55, 75)
                for period, gain in ((before, 0), (last, rng.randint(3, 12))):
                    session.add(
                        MenteeResult(
                            person_id=mentee,
                            period_start=period.start,
                            period_end=period.end,
                            exams_passed_share=float(min(100, base + gain)),
                            progress_share=float(min(100, base + 15 + gain // 2)),
                            olympiad_participants=rng.randint(0, 3) + gain // 5,
                            competitions=rng.randint(0, 1) + (1 if gain > 8 else 0),
                            publications=rng.randint(0, 1),
                            open_lessons=rng.randint(0, 2) + (1 if gain else 0),
                            note="",
                        )
                    )
                _answer(
                    session,
                    forms[(Audience.MENTEE, Stage.START)],
                    mentee,
                    _within(before, rng),
                    rng,
                    3,
                    6,
                )
                _answer(
                    session,
                    forms[(Audience.MENTEE, Stage.END)],
                    mentee,
                    _within(last, rng),
                    rng,
                    7,
                    9,
                )
            _answer(
                session,
                forms[(Audience.MENTOR, Stage.START)],
                pair.mentor_id,
                _within(before, rng),
                rng,
                6,
                9,
            )
            _answer(
                session,
                forms[(Audience.MENTOR, Stage.END)],
                pair.mentor_id,
                _within(last, rng),
                rng,
                7,
                10,
            )


def _within(period: ind.Period, rng: random.Random) -> dt.date:
    return period.start + dt.timedelta(days=rng.randint(0, (period.end - period.start).days))


def _answer(
    session,
    questionnaire: Questionnaire,
    person_id: int,
    day: dt.date,  # type: ignore[no-untyped-def]
    rng: random.Random,
    low: int,
    high: int,
) -> None:
    response = QuestionnaireResponse(
        questionnaire_id=questionnaire.id, person_id=person_id, answered_on=day, note=""
    )
    for question in questionnaire.questions:
        if question.kind == QuestionKind.SCALE:
            response.answers.append(
                Answer(
                    question_id=question.id,
                    question_text=question.text,
                    score=rng.randint(low, high),
                    text="",
                )
            )
        elif rng.random() < 0.5:
            response.answers.append(
                Answer(
                    question_id=question.id,
                    question_text=question.text,
                    score=None,
                    text=_REMARKS[questionnaire.audience],
                )
            )
    session.add(response)
