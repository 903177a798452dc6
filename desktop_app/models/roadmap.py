"""Дорожная карта (план мероприятий) of the organisation and its items.

Items are one ordered list in which a *section* row («I. Нормативно-правовое регулирование…»)
opens a group of *activities*; numbers (I, 1.1, 1.2…) are derived from the order, so moving or
inserting a line never leaves the numbering wrong.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.organisation import Organisation
from desktop_app.models.versioning import version_column


class Roadmap(Base):
    __tablename__ = "roadmap"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    # Approval: «УТВЕРЖДАЮ» date, and the order that approved it (приказ об утверждении).
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    order_number: Mapped[str] = mapped_column(String(50), default="")
    order_date: Mapped[dt.date | None] = mapped_column(Date)
    template_key: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    organisation: Mapped[Organisation] = relationship()
    items: Mapped[list[RoadmapItem]] = relationship(
        back_populates="roadmap", cascade="all, delete-orphan", order_by="RoadmapItem.position"
    )


class RoadmapItem(Base):
    """A section heading or an activity (мероприятие) of a roadmap."""

    __tablename__ = "roadmap_item"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    is_section: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(Text)
    # The deadline as the curator wrote it, and what the program read from it (deadlines.py).
    deadline_text: Mapped[str] = mapped_column(String(300), default="")
    schedule: Mapped[dict[str, object] | None] = mapped_column(JSON)
    responsible: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    # Tracking: the last time it was done (a recurring item is done once per occurrence).
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # The document produced: a file kept beside the database, or a reference to a record.
    document: Mapped[str] = mapped_column(Text, default="")
    # An event (семинар, круглый стол, заседание ШМО…): date, place, who was invited and came.
    event_kind: Mapped[str] = mapped_column(String(100), default="")
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    participant_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    attended_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    roadmap: Mapped[Roadmap] = relationship(back_populates="items")
