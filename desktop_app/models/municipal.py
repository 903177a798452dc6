"""What schools sent to the municipality (issue 9, municipal summary), kept per school and period.

A methodist's database holds every school's files as they arrived: one ``MunicipalSubmission``
per school, kind of file (банк, учёт, мониторинг) and period, with the rows read from it. The
school's own people are not mixed into the methodist's bank: a re-sent file replaces its
submission whole, so the municipality's figures are always the sum of the schools' latest files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.organisation import Organisation

# The kinds of file a school sends, by the document kind key that made it (export/kinds).
SUBMISSION_KINDS = {
    "banks": "Банк наставников и наставляемых",
    "accounting": "Персонифицированный учёт участников",
    "monitoring": "Мониторинг (таблица показателей)",
}


class MunicipalSubmission(Base):
    """One file a school sent for one period: which file, when it came, what the file said."""

    __tablename__ = "municipal_submission"
    __table_args__ = (
        UniqueConstraint(
            "organisation_id",
            "kind",
            "period_start",
            "period_end",
            name="uq_municipal_submission_period",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))  # banks | accounting | monitoring
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    as_of: Mapped[dt.date | None] = mapped_column(Date)  # «по состоянию на» of the file
    file_name: Mapped[str] = mapped_column(String(500), default="")
    file_hash: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    notes: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()
    people: Mapped[list[MunicipalPerson]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="MunicipalPerson.position",
    )
    rows: Mapped[list[MunicipalRow]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="MunicipalRow.position"
    )
    indicators: Mapped[list[MunicipalIndicator]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="MunicipalIndicator.position",
    )

    @property
    def kind_label(self) -> str:
        return SUBMISSION_KINDS.get(self.kind, self.kind)


class MunicipalPerson(Base):
    """A row of a school's bank: a mentor or a mentee as the school listed them.

    The columns the municipal screens filter and match on are typed; ``data`` keeps the whole
    row by its column header so the summary workbook repeats the school's own cells.
    """

    __tablename__ = "municipal_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_submission.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))  # mentor | mentee
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(300))
    job: Mapped[str] = mapped_column(String(300), default="")
    subjects: Mapped[str] = mapped_column(Text, default="")
    experience: Mapped[int | None] = mapped_column(Integer)
    qualification: Mapped[str] = mapped_column(String(200), default="")
    expertise: Mapped[str] = mapped_column(Text, default="")  # mentor: в чём может помочь
    max_mentees: Mapped[int | None] = mapped_column(Integer)
    current_mentees: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(200), default="")  # mentee's category
    request: Mapped[str] = mapped_column(Text, default="")  # mentee: запрос and затруднения
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    submission: Mapped[MunicipalSubmission] = relationship(back_populates="people")


class MunicipalRow(Base):
    """A row of another table a school sent: the accounting list, the mentees' results."""

    __tablename__ = "municipal_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_submission.id", ondelete="CASCADE"), index=True
    )
    sheet: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    submission: Mapped[MunicipalSubmission] = relationship(back_populates="rows")


class MunicipalIndicator(Base):
    """One line of a school's monitoring table: the figure for the period and the previous one.

    ``key`` is the program's indicator key (services/indicators.py) when the title is one the
    program writes, so figures of different schools add up by meaning, not by wording.
    """

    __tablename__ = "municipal_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("municipal_submission.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(64), default="")
    group: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(20), default="")
    value: Mapped[float | None] = mapped_column(Float)
    previous: Mapped[float | None] = mapped_column(Float)

    submission: Mapped[MunicipalSubmission] = relationship(back_populates="indicators")
