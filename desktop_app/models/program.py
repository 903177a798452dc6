"""Персонализированная программа наставничества (seed 000, 1.3; seed 002, stage VI and section 6).

One program per pair or group, 3 months to a year: the difficulties it targets, goal and tasks,
the plan of activities (план мероприятий) tracked item by item, meetings of the pair, and at the
end the evaluation in the terms of seed 002 section 6 with the mentor's and mentee's conclusions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.enums import LabelledEnum
from desktop_app.models.pair import MentoringPair
from desktop_app.models.person import Person
from desktop_app.models.types import EnumCode
from desktop_app.models.versioning import version_column


class ProgramStatus(LabelledEnum):
    ACTIVE = ("active", "реализуется")
    COMPLETED = ("completed", "завершена")
    # The pair was dissolved before the end: the program stays on record with its plan.
    STOPPED = ("stopped", "прекращена")


class ActivityStatus(LabelledEnum):
    PLANNED = ("planned", "запланировано")
    DONE = ("done", "выполнено")
    MOVED = ("moved", "перенесено")
    CANCELLED = ("cancelled", "отменено")

    @property
    def is_open(self) -> bool:
        return self in (ActivityStatus.PLANNED, ActivityStatus.MOVED)


class EvaluationMark(LabelledEnum):
    """How far a criterion of the final evaluation was reached."""

    ACHIEVED = ("achieved", "достигнуто")
    PARTLY = ("partly", "достигнуто частично")
    NOT_ACHIEVED = ("not_achieved", "не достигнуто")


class EvaluationCriterion(LabelledEnum):
    """Seed 002, section 6: what counts as a successful program, verbatim."""

    RESULTS = (
        "results",
        "улучшение образовательных результатов и у наставляемого, и у наставника",
    )
    MOTIVATION = (
        "motivation",
        "повышение уровня мотивированности и осознанности наставляемых в вопросах "
        "саморазвития и профессионального самообразования",
    )
    INNOVATION = (
        "innovation",
        "степень включённости наставляемого в инновационную деятельность организации",
    )
    ADAPTATION = (
        "adaptation",
        "качество и темпы адаптации молодого/менее опытного/сменившего место работы "
        "специалиста на новом месте работы",
    )
    FUTURE_MENTOR = (
        "future_mentor",
        "готовность наставляемого стать наставником в ближайшем будущем",
    )


class Program(Base):
    __tablename__ = "program"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    # The pair or group the program belongs to; the participants below are the pair's people as
    # the program names them (a group's program may be for some of its mentees).
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="SET NULL"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    form: Mapped[str] = mapped_column(String(200), default="")
    kinds: Mapped[str] = mapped_column(String(300), default="")
    directions: Mapped[str] = mapped_column(Text, default="")
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date] = mapped_column(Date)
    # [{"category": DeficitCategory code, "note": str}] — taken from the mentee's profile, edited.
    difficulties: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    strengths: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_results: Mapped[list[str]] = mapped_column(JSON, default=list)
    evaluation_methods: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ProgramStatus] = mapped_column(
        EnumCode(ProgramStatus), default=ProgramStatus.ACTIVE, index=True
    )
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # {criterion code: {"mark": EvaluationMark code, "note": str}}
    evaluation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mentor_conclusion: Mapped[str] = mapped_column(Text, default="")
    mentee_conclusion: Mapped[str] = mapped_column(Text, default="")
    # Why a program stopped early (the pair was dissolved, the mentee left).
    stop_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    pair: Mapped[MentoringPair | None] = relationship()
    mentees: Mapped[list[ProgramMentee]] = relationship(
        back_populates="program", cascade="all, delete-orphan", order_by="ProgramMentee.id"
    )
    activities: Mapped[list[ProgramActivity]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="ProgramActivity.position",
    )
    meetings: Mapped[list[ProgramMeeting]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by=lambda: (ProgramMeeting.held_on, ProgramMeeting.id),
    )


class ProgramMentee(Base):
    __tablename__ = "program_mentee"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)

    program: Mapped[Program] = relationship(back_populates="mentees")
    person: Mapped[Person] = relationship()


class ProgramActivity(Base):
    """One line of the plan: content, form, deadline, responsible, expected result, and then
    its completion mark and evidence."""

    __tablename__ = "program_activity"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(Text)
    form: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date] = mapped_column(Date)
    # The first deadline, kept when an activity is moved, so the report can say «перенесено с».
    planned_on: Mapped[dt.date | None] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(300), default="")
    expected_result: Mapped[str] = mapped_column(Text, default="")
    # The difficulty category the activity works on (a DeficitCategory code) or "".
    category: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[ActivityStatus] = mapped_column(
        EnumCode(ActivityStatus), default=ActivityStatus.PLANNED
    )
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    program: Mapped[Program] = relationship(back_populates="activities")
    attachments: Mapped[list[ProgramAttachment]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="ProgramAttachment.id",
    )


class ProgramAttachment(Base):
    """A file attached as evidence: its bytes live in the database, so a backup or a copy of the
    file carries it, and moving the original on disk loses nothing."""

    __tablename__ = "program_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("program_activity.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    activity: Mapped[ProgramActivity] = relationship(back_populates="attachments")


class ProgramMeeting(Base):
    """A meeting of the pair: date, duration, topic, notes; the curator's private note never
    goes into a document."""

    __tablename__ = "program_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_activity.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    curator_note: Mapped[str] = mapped_column(Text, default="")

    program: Mapped[Program] = relationship(back_populates="meetings")
    activity: Mapped[ProgramActivity | None] = relationship()


class SavedProgramDraft(Base):
    """What the wizard holds, saved at every step: a closed wizard or a crash loses nothing."""

    __tablename__ = "program_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    # The program being edited, or None for a new one.
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
