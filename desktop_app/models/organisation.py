from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base


class Organisation(Base):
    """An educational organisation: the curator's own school, or a partner whose staff mentor.

    Several rows are normal: external mentors (seed 000, open mentoring) belong to other
    organisations, and a municipal database holds every school of the municipality.
    """

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(200), default="")
    org_type: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    municipality: Mapped[str] = mapped_column(String(300), default="")
    region: Mapped[str] = mapped_column(String(300), default="")
    head_name: Mapped[str] = mapped_column(String(300), default="")
    head_position: Mapped[str] = mapped_column(String(300), default="")
    curator_name: Mapped[str] = mapped_column(String(300), default="")
    curator_position: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_own: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def display_name(self) -> str:
        return self.short_name or self.full_name
