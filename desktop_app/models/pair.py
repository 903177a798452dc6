"""Наставнические пары и группы: who mentors whom, in which form, since when, fixed by which order.

A pair and a group are one table, ``MentoringPair``: a group is a ``MentoringPair`` with
``is_group`` set and several ``PairMembership`` rows (seed 000: «наставничество в группе — один
наставник взаимодействует с группой наставляемых одновременно (от двух и более человек)»).
Other features (programs, routes, monitoring) refer to ``mentoring_pair.id``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.enums import LabelledEnum
from desktop_app.models.person import Person
from desktop_app.models.types import EnumCode
from desktop_app.models.versioning import version_column


class MentoringForm(LabelledEnum):
    """Форма наставничества: seed 000, 3.1, and seed 002 (social partner)."""

    TEACHER_TEACHER = ("teacher_teacher", "педагог – педагог")
    HEAD_TEACHER = ("head_teacher", "руководитель образовательной организации – педагог")
    EMPLOYER_STUDENT = ("employer_student", "работодатель – студент")
    COLLEGE_TEACHER = (
        "college_teacher",
        "педагог вуза/колледжа – педагог образовательной организации",
    )
    PARTNER_TEACHER = ("partner_teacher", "социальный партнёр – педагогический работник")


class MentoringKind(LabelledEnum):
    """Вид наставничества (seed 000, 3.1); several may apply to one pair."""

    TRADITIONAL = ("traditional", "традиционное («один на один»)")
    GROUP = ("group", "групповое")
    SHORT_TERM = ("short_term", "краткосрочное (целеполагающее)")
    REVERSE = ("reverse", "реверсивное")
    SITUATIONAL = ("situational", "ситуационное")
    SPEED = ("speed", "скоростное")
    VIRTUAL = ("virtual", "виртуальное (дистанционное)")


class PairStatus(LabelledEnum):
    """формируется → действует → завершена; or расторгнута (with the reason)."""

    FORMING = ("forming", "формируется")
    ACTIVE = ("active", "действует")
    COMPLETED = ("completed", "завершена")
    TERMINATED = ("terminated", "расторгнута")

    @property
    def is_open(self) -> bool:
        """Forming and active pairs hold the mentor's places and the mentee's direction."""
        return self in (PairStatus.FORMING, PairStatus.ACTIVE)


class MentoringPair(Base):
    """Наставническая пара (one mentee) or группа (``is_group``, two or more mentees)."""

    __tablename__ = "mentoring_pair"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    # A group's name as the curator calls it («группа молодых педагогов начальной школы»).
    title: Mapped[str] = mapped_column(String(300), default="")
    mentor_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    form: Mapped[MentoringForm] = mapped_column(EnumCode(MentoringForm))
    # MentoringKind codes; several kinds may apply to one pair.
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Направление работы («методическое сопровождение», «цифровые навыки»): one mentee is in
    # one open pair per direction.
    direction: Mapped[str] = mapped_column(String(300), default="")
    start_on: Mapped[dt.date] = mapped_column(Date)
    planned_end_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[PairStatus] = mapped_column(
        EnumCode(PairStatus), default=PairStatus.FORMING, index=True
    )
    end_reason: Mapped[str] = mapped_column(Text, default="")
    # The mentor's written consent to the additional duties of this pair (seed 000, 4.3.3).
    mentor_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    order_number: Mapped[str] = mapped_column(String(50), default="")
    order_date: Mapped[dt.date | None] = mapped_column(Date)
    # Stated by the curator when the mentor takes more mentees than their profile allows.
    capacity_override_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    memberships: Mapped[list[PairMembership]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", order_by="PairMembership.id"
    )
    history: Mapped[list[PairStatusChange]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", order_by="PairStatusChange.id"
    )

    @property
    def kind_list(self) -> list[MentoringKind]:
        return [MentoringKind(code) for code in self.kinds or []]

    @property
    def mentees(self) -> list[Person]:
        return [m.mentee for m in self.memberships]

    @property
    def label(self) -> str:
        """«Петрова М.И. → Сидоров П.А.» or «Группа: …» — how a list names the pair."""
        names = ", ".join(m.mentee.short_name for m in self.memberships)
        if self.is_group:
            return f"{self.title or 'Группа'}: {self.mentor.short_name} → {names}"
        return f"{self.mentor.short_name} → {names}"


class PairMembership(Base):
    """A mentee in a pair or group, with their written consent to take part."""

    __tablename__ = "pair_membership"
    __table_args__ = (UniqueConstraint("pair_id", "mentee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    mentee_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)

    pair: Mapped[MentoringPair] = relationship(back_populates="memberships")
    mentee: Mapped[Person] = relationship()


class PairStatusChange(Base):
    """One line of a pair's history: the status it got, on which day, and why."""

    __tablename__ = "pair_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[PairStatus] = mapped_column(EnumCode(PairStatus))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    pair: Mapped[MentoringPair] = relationship(back_populates="history")
