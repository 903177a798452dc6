"""Monitoring records (seed 003, section 5): questionnaires and the mentees' results by period.

The indicators themselves are not stored: they are computed from the people, pairs and programs
for whatever period the curator asks (services/indicators.py), so they never go stale.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.enums import LabelledEnum
from desktop_app.models.person import Person
from desktop_app.models.types import EnumCode


class Audience(LabelledEnum):
    MENTOR = ("mentor", "наставник")
    MENTEE = ("mentee", "наставляемый")


class Stage(LabelledEnum):
    """When a questionnaire is filled in: at the start or at the end of a program."""

    START = ("start", "в начале программы")
    END = ("end", "по завершении программы")


class QuestionKind(LabelledEnum):
    SCALE = ("scale", "оценка от 1 до 10")
    TEXT = ("text", "свободный ответ")


class Questionnaire(Base):
    """A questionnaire (анкета удовлетворённости / самооценки) the curator can edit."""

    __tablename__ = "questionnaire"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    audience: Mapped[Audience] = mapped_column(EnumCode(Audience))
    stage: Mapped[Stage] = mapped_column(EnumCode(Stage))

    questions: Mapped[list[Question]] = relationship(
        back_populates="questionnaire",
        cascade="all, delete-orphan",
        order_by="Question.position",
    )


class Question(Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[QuestionKind] = mapped_column(EnumCode(QuestionKind), default=QuestionKind.SCALE)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")


class QuestionnaireResponse(Base):
    """One filled-in questionnaire: entered by the curator from a paper form or typed in."""

    __tablename__ = "questionnaire_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    answered_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    questionnaire: Mapped[Questionnaire] = relationship()
    person: Mapped[Person] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_response.id", ondelete="CASCADE"), index=True
    )
    # The question's id; ``ondelete=SET NULL`` keeps old answers when a question is removed.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="SET NULL"), index=True
    )
    question_text: Mapped[str] = mapped_column(Text, default="")  # as it was asked
    score: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")


class MenteeResult(Base):
    """What seed 003 section 5 asks to monitor for a mentee, entered per period.

    Shares are per cent of the mentee's pupils; counts are whole numbers. ``None`` means
    «не указано» and is left out of averages, so a blank cell never reads as zero.
    """

    __tablename__ = "mentee_result"
    __table_args__ = (UniqueConstraint("person_id", "period_start", name="uq_mentee_result"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    exams_passed_share: Mapped[float | None] = mapped_column(Numeric(5, 1, asdecimal=False))
    progress_share: Mapped[float | None] = mapped_column(Numeric(5, 1, asdecimal=False))
    olympiad_participants: Mapped[int | None] = mapped_column(Integer)
    competitions: Mapped[int | None] = mapped_column(Integer)
    publications: Mapped[int | None] = mapped_column(Integer)
    open_lessons: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()
