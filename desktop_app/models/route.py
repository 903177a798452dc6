"""Индивидуальный образовательный маршрут (ИОМ): the 4–5-year route of seed 003, 4.2.2.

The route follows the seven positions of the algorithm: self-determination and the two
diagnoses are fields of the route and its assessments; the roadmap is its measures; the
implementation is written on each measure; corrections are kept as history rows holding the
roadmap as it was before; the reflexive analysis is per deficit plus a closing text.
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
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base
from desktop_app.models.enums import DeficitCategory, DeficitLevel, LabelledEnum
from desktop_app.models.person import Person
from desktop_app.models.types import EnumCode
from desktop_app.models.versioning import version_column

# Seed 003, 1.2: «долгосрочная (4-5 лет) образовательная программа».
ROUTE_MIN_YEARS = 4
ROUTE_MAX_YEARS = 5


class RouteStatus(LabelledEnum):
    DRAFT = ("draft", "составляется")
    ACTIVE = ("active", "реализуется")
    COMPLETED = ("completed", "завершён")


class AssessmentKind(LabelledEnum):
    """Step 2 (достижения, достоинства и личностные ресурсы) or step 3 (затруднения и дефициты)."""

    ACHIEVEMENT = ("achievement", "достижения и ресурсы")
    DEFICIT = ("deficit", "затруднения и дефициты")


class AchievementLevel(LabelledEnum):
    HIGH = ("high", "высокий")
    MEDIUM = ("medium", "достаточный")
    BASIC = ("basic", "базовый")


class DeficitOutcome(LabelledEnum):
    """Step 7, per deficit: how far it was overcome."""

    OVERCOME = ("overcome", "преодолён")
    PARTLY = ("partly", "преодолён частично")
    REMAINS = ("remains", "сохраняется")


class ImageCloseness(LabelledEnum):
    """Step 7: «рефлексия степени приближения к желаемому образу педагога профессионала»."""

    FULLY = ("fully", "желаемый образ достигнут")
    MOSTLY = ("mostly", "в значительной степени")
    PARTLY = ("partly", "частично")
    SLIGHTLY = ("slightly", "в незначительной степени")


class MeasureSection(LabelledEnum):
    """The four parts of the roadmap, 4.2.2 item 4 а)–г) of seed 003, in that order."""

    COURSES = (
        "courses",
        "а) график обучения по программам дополнительного профессионального образования",
    )
    TRIALS = (
        "trials",
        "б) инновационные для педагога пробно-поисковые действия, реализуемые в совместной "
        "с обучающимися педагогической деятельности",
    )
    PROJECTS = (
        "projects",
        "в) участие в разработке и реализации инновационных программ и педагогических "
        "проектов; исследовательская деятельность",
    )
    MEASURES = (
        "measures",
        "г) комплекс и последовательность конкретных мер и мероприятий в целях достижения "
        "желаемого результата",
    )

    @property
    def short(self) -> str:
        return {
            "courses": "Обучение по программе ДПО",
            "trials": "Пробно-поисковые действия",
            "projects": "Проекты, исследования",
            "measures": "Меры и мероприятия",
        }[self.value]


class MeasureTerm(LabelledEnum):
    WHOLE_YEAR = ("year", "в течение года")
    FIRST_HALF = ("h1", "I полугодие")
    SECOND_HALF = ("h2", "II полугодие")
    AUTUMN = ("autumn", "сентябрь – октябрь")
    WINTER = ("winter", "ноябрь – декабрь")
    SPRING = ("spring", "январь – март")
    MAY = ("may", "апрель – май")
    SUMMER = ("summer", "июнь – август")


class MeasureStatus(LabelledEnum):
    PLANNED = ("planned", "запланировано")
    DONE = ("done", "выполнено")
    NOT_DONE = ("not_done", "не выполнено")


class ProductKind(LabelledEnum):
    """Step 5: «конкретный педагогический продукт» — the examples the seed lists, and more."""

    DIAGNOSTICS = ("diagnostics", "пакет педагогических диагностик")
    RECOMMENDATIONS = ("recommendations", "методические рекомендации")
    TECHNOLOGY = ("technology", "технология, методика")
    LESSON = ("lesson", "разработка занятия")
    EVENT = ("event", "сценарий воспитательного мероприятия")
    PUBLICATION = ("publication", "публикация")
    CERTIFICATE = ("certificate", "удостоверение о повышении квалификации")
    SPEECH = ("speech", "выступление, мастер-класс")
    OTHER = ("other", "иной продукт")


class CorrectionReason(LabelledEnum):
    """Step 6: what the seed says changes the roadmap."""

    EDUCATION = ("education", "изменения, происходящие в образовании")
    OWN_NEEDS = ("own_needs", "изменение запросов, интересов и потребностей педагога")
    PARTICIPANTS = (
        "participants",
        "изменение потребностей участников образовательного процесса организации",
    )
    OTHER = ("other", "иная причина")


def academic_year_label(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


class IndividualRoute(Base):
    """One teacher's ИОМ over ``years`` academic years from September of ``start_year``."""

    __tablename__ = "individual_route"
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # Наставник или тьютор who accompanies the route (seed 003, 4.22); may be nobody.
    tutor_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    start_year: Mapped[int] = mapped_column(Integer)
    years: Mapped[int] = mapped_column(Integer, default=ROUTE_MAX_YEARS)
    status: Mapped[RouteStatus] = mapped_column(EnumCode(RouteStatus), default=RouteStatus.DRAFT)
    # Step 1.
    self_determination_on: Mapped[dt.date | None] = mapped_column(Date)
    self_reflection: Mapped[str] = mapped_column(Text, default="")
    desired_image: Mapped[str] = mapped_column(Text, default="")
    # Steps 2–3.
    diagnosed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Step 4: the date the roadmap was drawn up and approved (the route goes «реализуется»).
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    # Step 7.
    reflection_on: Mapped[dt.date | None] = mapped_column(Date)
    closeness: Mapped[ImageCloseness | None] = mapped_column(EnumCode(ImageCloseness))
    reflection: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    tutor: Mapped[Person | None] = relationship(foreign_keys=[tutor_id])
    assessments: Mapped[list[RouteAssessment]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="RouteAssessment.id"
    )
    measures: Mapped[list[RouteMeasure]] = relationship(
        back_populates="route",
        cascade="all, delete-orphan",
        order_by="(RouteMeasure.position, RouteMeasure.id)",
    )
    corrections: Mapped[list[RouteCorrection]] = relationship(
        back_populates="route",
        cascade="all, delete-orphan",
        order_by="(RouteCorrection.made_on, RouteCorrection.id)",
    )

    @property
    def end_year(self) -> int:
        """The start year of the route's last academic year."""
        return self.start_year + self.years - 1

    @property
    def period_label(self) -> str:
        return f"{academic_year_label(self.start_year)} – {academic_year_label(self.end_year)}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start_year + self.years, 8, 31)


class RouteAssessment(Base):
    """A line of step 2 or step 3: one of the 8 categories with a level and a note."""

    __tablename__ = "route_assessment"
    __table_args__ = (UniqueConstraint("route_id", "kind", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(
        ForeignKey("individual_route.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AssessmentKind] = mapped_column(EnumCode(AssessmentKind))
    category: Mapped[DeficitCategory] = mapped_column(EnumCode(DeficitCategory))
    # AchievementLevel code for step 2, DeficitLevel code for step 3.
    level: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    # Step 7 for a deficit: how far it was overcome and what was achieved.
    outcome: Mapped[DeficitOutcome | None] = mapped_column(EnumCode(DeficitOutcome))
    reflection: Mapped[str] = mapped_column(Text, default="")

    route: Mapped[IndividualRoute] = relationship(back_populates="assessments")

    @property
    def level_label(self) -> str:
        if not self.level:
            return ""
        enum = AchievementLevel if self.kind is AssessmentKind.ACHIEVEMENT else DeficitLevel
        return enum(self.level).label


class RouteMeasure(Base):
    """An item of the roadmap (step 4) with its implementation (step 5)."""

    __tablename__ = "route_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(
        ForeignKey("individual_route.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    section: Mapped[MeasureSection] = mapped_column(EnumCode(MeasureSection))
    title: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(500), default="")
    hours: Mapped[int | None] = mapped_column(Integer)
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[MeasureTerm | None] = mapped_column(EnumCode(MeasureTerm))
    # The deficit categories (codes) the measure addresses: each must be a deficit of step 3.
    deficits: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_result: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeasureStatus] = mapped_column(
        EnumCode(MeasureStatus), default=MeasureStatus.PLANNED
    )
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    product_kind: Mapped[ProductKind | None] = mapped_column(EnumCode(ProductKind))
    product_title: Mapped[str] = mapped_column(Text, default="")
    product_link: Mapped[str] = mapped_column(Text, default="")
    attitude: Mapped[str] = mapped_column(Text, default="")

    route: Mapped[IndividualRoute] = relationship(back_populates="measures")

    @property
    def deficit_categories(self) -> list[DeficitCategory]:
        return [DeficitCategory(code) for code in self.deficits or []]


class RouteCorrection(Base):
    """Step 6: a dated change of the roadmap with its reason; ``previous_plan`` keeps the
    roadmap as it stood before, so the history is never overwritten."""

    __tablename__ = "route_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(
        ForeignKey("individual_route.id", ondelete="CASCADE"), index=True
    )
    made_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[CorrectionReason] = mapped_column(EnumCode(CorrectionReason))
    description: Mapped[str] = mapped_column(Text, default="")
    # What the program saw changing (added / removed / changed items), for the history table.
    changes: Mapped[str] = mapped_column(Text, default="")
    previous_plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    route: Mapped[IndividualRoute] = relationship(back_populates="corrections")
