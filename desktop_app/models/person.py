from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.enums import (
    ConsentState,
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    QualificationCategory,
)
from desktop_app.models.organisation import Organisation
from desktop_app.models.types import EnumCode
from desktop_app.models.versioning import version_column


class Person(Base):
    """Педагогический работник: the person record behind every role."""

    __tablename__ = "person"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[Gender | None] = mapped_column(EnumCode(Gender))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[str] = mapped_column(String(300), default="")
    subjects: Mapped[str] = mapped_column(Text, default="")
    qualification_category: Mapped[QualificationCategory | None] = mapped_column(
        EnumCode(QualificationCategory)
    )
    # Experience as the curator knows it ("18 лет на 01.09.2025"), so the current figure
    # grows by itself without anyone retyping it every September.
    experience_years: Mapped[int | None] = mapped_column(Integer)
    experience_as_of: Mapped[dt.date | None] = mapped_column(Date)
    hired_on: Mapped[dt.date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    achievements: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # Case-folded name, position and subjects (ё→е): SQLite's LIKE and lower() know only
    # ASCII, so search over Cyrillic goes through this column, kept by the people service.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    organisation: Mapped[Organisation] = relationship()
    consents: Mapped[list[PersonalDataConsent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonalDataConsent.id"
    )
    mentor_profile: Mapped[MentorProfile | None] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    mentee_profile: Mapped[MenteeProfile | None] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Петрова М.И.» — the form used in tables and signature lines."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None

    @property
    def is_mentor(self) -> bool:
        return self.mentor_profile is not None and self.mentor_profile.active

    @property
    def is_mentee(self) -> bool:
        return self.mentee_profile is not None and self.mentee_profile.active

    def experience_on(self, day: dt.date) -> int | None:
        if self.experience_years is None:
            return None
        if self.experience_as_of is None:
            return self.experience_years
        passed = (
            day.year
            - self.experience_as_of.year
            - ((day.month, day.day) < (self.experience_as_of.month, self.experience_as_of.day))
        )
        return self.experience_years + max(passed, 0)

    @property
    def current_consent(self) -> PersonalDataConsent | None:
        return self.consents[-1] if self.consents else None

    def consent_state(self, day: dt.date) -> ConsentState:
        consent = self.current_consent
        if consent is None or consent.given_on is None:
            return ConsentState.MISSING
        if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
            return ConsentState.WITHDRAWN
        return ConsentState.GIVEN


class PersonalDataConsent(Base):
    """Согласие на обработку персональных данных (152-ФЗ); the last record is the current one."""

    __tablename__ = "personal_data_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    document_note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="consents")


class MentorProfile(Base):
    """The mentor side of a person (seed 000, 5.2.1–5.2.2)."""

    __tablename__ = "mentor_profile"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Deficit categories the mentor is strong in: matched against a mentee's difficulties.
    expertise_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    expertise_note: Mapped[str] = mapped_column(Text, default="")
    max_mentees: Mapped[int] = mapped_column(Integer, default=2)
    appointment_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    appointment_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    qualifying_grounds: Mapped[str] = mapped_column(Text, default="")
    training_course: Mapped[str] = mapped_column(Text, default="")
    training_hours: Mapped[int | None] = mapped_column(Integer)
    training_certificate: Mapped[str] = mapped_column(String(200), default="")
    training_completed_on: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="mentor_profile")

    @property
    def expertise(self) -> list[DeficitCategory]:
        return [DeficitCategory(code) for code in self.expertise_categories or []]


class MenteeProfile(Base):
    """The mentee side of a person (seed 000, 5.2.3; deficits of seed 003)."""

    __tablename__ = "mentee_profile"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    category: Mapped[MenteeCategory | None] = mapped_column(EnumCode(MenteeCategory))
    request: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="mentee_profile")
    difficulties: Mapped[list[MenteeDifficulty]] = relationship(
        back_populates="mentee", cascade="all, delete-orphan", order_by="MenteeDifficulty.id"
    )


class MenteeDifficulty(Base):
    """Профессиональное затруднение (дефицит) in one of the 8 categories, with a level."""

    __tablename__ = "mentee_difficulty"
    __table_args__ = (UniqueConstraint("mentee_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profile.person_id", ondelete="CASCADE"), index=True
    )
    category: Mapped[DeficitCategory] = mapped_column(EnumCode(DeficitCategory))
    level: Mapped[DeficitLevel | None] = mapped_column(EnumCode(DeficitLevel))
    note: Mapped[str] = mapped_column(Text, default="")

    mentee: Mapped[MenteeProfile] = relationship(back_populates="difficulties")
