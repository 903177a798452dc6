"""Индивидуальные образовательные маршруты (ИОМ): the 7-step route of seed 003, 4.2.2.

The route editor hands over a ``RouteDraft`` (typed text for dates and numbers); the service
checks it whole and saves it in one transaction, or raises ``ValidationError`` mapping each
wrong field to a Russian message. A route is a living record: it is saved as a draft at any
step, approved when its roadmap is ready, and filled over the years (implementation, corrections,
reflection). Once approved, a change of the roadmap is a correction (step 6): it needs a date
and a reason, and the roadmap as it stood before is kept in the correction's record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import NotFound, ValidationError
from desktop_app.models import (
    AchievementLevel,
    AssessmentKind,
    CorrectionReason,
    DeficitCategory,
    DeficitLevel,
    DeficitOutcome,
    ImageCloseness,
    IndividualRoute,
    MeasureSection,
    MeasureStatus,
    MeasureTerm,
    MenteeProfile,
    Person,
    ProductKind,
    RouteAssessment,
    RouteCorrection,
    RouteMeasure,
    RouteStatus,
)
from desktop_app.models.db import Database
from desktop_app.models.route import ROUTE_MAX_YEARS, ROUTE_MIN_YEARS, academic_year_label
from desktop_app.services.concurrency import Stamp, check_stamp, check_undo, stamp_after, touch
from desktop_app.services.validation import FieldError, format_date, parse_date, parse_int

# Prompts for step 1 (самоопределение), shown next to the free text.
SELF_DETERMINATION_PROMPTS = (
    "Каким я вижу себя как состоявшегося профессионала через 4–5 лет?",
    "Что я умею делать лучше всего; чем дорожу в своей работе?",
    "Какие результаты моих обучающихся будут для меня признаком успеха?",
    "Чему я хочу научиться, а не просто повторить чужой опыт?",
)


def academic_year_of(day: dt.date) -> int:
    """The start year of the academic year a day falls in: 23.11.2026 → 2026 (2026/2027)."""
    return day.year if day.month >= 9 else day.year - 1


# --- drafts --------------------------------------------------------------------------------


@dataclass
class AssessmentDraft:
    """A line of step 2 or 3 for one of the 8 categories (and step 7 for a deficit)."""

    level: AchievementLevel | DeficitLevel | None = None
    note: str = ""
    outcome: DeficitOutcome | None = None
    reflection: str = ""


@dataclass
class MeasureDraft:
    """An item of the roadmap (step 4) and its implementation (step 5)."""

    id: int | None = None
    section: MeasureSection = MeasureSection.MEASURES
    title: str = ""
    provider: str = ""
    hours: str = ""
    academic_year: int | None = None
    term: MeasureTerm | None = None
    deficits: list[DeficitCategory] = field(default_factory=list)
    expected_result: str = ""
    status: MeasureStatus = MeasureStatus.PLANNED
    done_on: str = ""
    product_kind: ProductKind | None = None
    product_title: str = ""
    product_link: str = ""
    attitude: str = ""


@dataclass
class CorrectionDraft:
    made_on: str = ""
    reason: CorrectionReason | None = None
    description: str = ""

    def is_empty(self) -> bool:
        return not (self.made_on.strip() or self.reason or self.description.strip())


@dataclass
class CorrectionRecord:
    """A stored correction, for the history on step 6."""

    id: int
    made_on: dt.date
    reason: CorrectionReason
    description: str
    changes: str
    previous_plan: list[dict[str, Any]]


@dataclass
class RouteDraft:
    """What the route editor holds: typed-in text, not yet checked."""

    person_id: int | None = None
    tutor_id: int | None = None
    start_year: str = ""
    years: str = str(ROUTE_MAX_YEARS)
    status: RouteStatus = RouteStatus.DRAFT
    # 1 самоопределение
    self_determination_on: str = ""
    self_reflection: str = ""
    desired_image: str = ""
    # 2–3 диагностика
    diagnosed_on: str = ""
    achievements: dict[DeficitCategory, AssessmentDraft] = field(default_factory=dict)
    deficits: dict[DeficitCategory, AssessmentDraft] = field(default_factory=dict)
    # 4–5 дорожная карта и её реализация
    approved_on: str = ""
    measures: list[MeasureDraft] = field(default_factory=list)
    # 6 корректировка: the new one being written; the stored ones are read-only history
    correction: CorrectionDraft = field(default_factory=CorrectionDraft)
    history: list[CorrectionRecord] = field(default_factory=list)
    # 7 рефлексивный анализ
    reflection_on: str = ""
    closeness: ImageCloseness | None = None
    reflection: str = ""
    notes: str = ""


def measure_label(number: int, title: str) -> str:
    short = " ".join(title.split())
    if len(short) > 40:
        short = short[:39] + "…"
    return f"Мероприятие № {number}" + (f" «{short}»" if short else "")


def parse_start_year(text: str, today: dt.date) -> int:
    """«2024» or «2024/2025» → 2024."""
    text = (text or "").strip()
    if not text:
        raise FieldError("Начало маршрута: укажите учебный год, например 2024/2025.")
    match = re.fullmatch(r"(\d{4})(?:\s*[/–-]\s*(\d{2}|\d{4}))?(?:\s*(уч\.?\s*)?г(од)?\.?)?", text)
    if not match:
        raise FieldError("Начало маршрута: укажите учебный год в виде 2024/2025.")
    year = int(match.group(1))
    if match.group(2):
        second = int(match.group(2))
        if second < 100:
            second += year // 100 * 100
        if second != year + 1:
            raise FieldError(
                f"Начало маршрута: учебный год «{text}» — второй год должен быть {year + 1}."
            )
    if year < 2000 or year > today.year + 1:
        raise FieldError(
            f"Начало маршрута: {academic_year_label(year)} — укажите учебный год "
            f"с 2000/2001 по {academic_year_label(today.year + 1)}."
        )
    return year


def _plan_of(measure: MeasureDraft | RouteMeasure) -> dict[str, Any]:
    """The planned side of a measure (step 4) — what a correction changes and keeps."""
    if isinstance(measure, RouteMeasure):
        hours = measure.hours
        deficits = list(measure.deficits or [])
        term = measure.term.value if measure.term else None
    else:
        hours = int(measure.hours) if measure.hours.strip().isdigit() else None
        deficits = [DeficitCategory(c).value for c in measure.deficits]
        term = measure.term.value if measure.term else None
    return {
        "section": MeasureSection(measure.section).value,
        "title": " ".join(measure.title.split()),
        "provider": " ".join(measure.provider.split()),
        "hours": hours,
        "academic_year": measure.academic_year,
        "term": term,
        "deficits": sorted(deficits),
        "expected_result": measure.expected_result.strip(),
    }


def plan_item_when(item: dict[str, Any]) -> str:
    """«2025/2026 уч. г., I полугодие» for a roadmap item (a kept version or a live one)."""
    when = []
    if item.get("academic_year"):
        when.append(f"{academic_year_label(item['academic_year'])} уч. г.")
    if item.get("term"):
        when.append(MeasureTerm(item["term"]).label)
    return ", ".join(when) or "срок не указан"


def describe_plan_item(item: dict[str, Any]) -> str:
    """One line of a kept roadmap version, as the history shows it."""
    parts = [item.get("title") or "без наименования", plan_item_when(item)]
    if item.get("hours"):
        parts.append(f"{item['hours']} ч.")
    return " — ".join(parts)


def _describe_changes(
    before: list[tuple[int | None, dict[str, Any]]], after: list[tuple[int | None, dict[str, Any]]]
) -> str:
    old = {mid: plan for mid, plan in before if mid is not None}
    seen: set[int] = set()
    lines: list[str] = []
    for mid, plan in after:
        if mid is None or mid not in old:
            lines.append(f"добавлено: «{plan['title']}»")
            continue
        seen.add(mid)
        prev = old[mid]
        what = []
        if prev["title"] != plan["title"]:
            what.append(f"наименование было «{prev['title']}»")
        if (prev["academic_year"], prev["term"]) != (plan["academic_year"], plan["term"]):
            what.append(f"срок: {plan_item_when(prev)} → {plan_item_when(plan)}")
        if prev["hours"] != plan["hours"]:
            what.append(f"часов: {prev['hours'] or '—'} → {plan['hours'] or '—'}")
        if prev["deficits"] != plan["deficits"]:
            what.append("изменены дефициты")
        if prev["section"] != plan["section"]:
            what.append("перенесено в другой раздел")
        if (
            prev["provider"] != plan["provider"]
            or prev["expected_result"] != plan["expected_result"]
        ):
            what.append("уточнено описание")
        if what:
            lines.append(f"изменено: «{plan['title']}» ({'; '.join(what)})")
    for mid, plan in before:
        if mid is not None and mid not in seen and mid not in {m for m, _ in after}:
            lines.append(f"исключено: «{plan['title']}»")
    if not lines and [p for _, p in before] != [p for _, p in after]:
        lines.append("изменён порядок мероприятий")
    return "; ".join(lines)


# --- validation ----------------------------------------------------------------------------


@dataclass
class ValidRoute:
    values: dict[str, Any]
    achievements: list[tuple[DeficitCategory, str | None, str]]
    deficits: list[tuple[DeficitCategory, str | None, str, DeficitOutcome | None, str]]
    measures: list[tuple[int | None, dict[str, Any]]]
    correction: tuple[dt.date, CorrectionReason, str] | None


def validate_route(draft: RouteDraft, today: dt.date | None = None) -> ValidRoute:
    """Check every field; raise ``ValidationError`` naming each wrong one."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}

    def check(name: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return fn(*args, **kwargs)
        except FieldError as exc:
            errors.setdefault(name, exc.message)
            return None

    if draft.person_id is None:
        errors["person"] = "Педагог: выберите педагога, для которого составляется маршрут."
    if draft.tutor_id is not None and draft.tutor_id == draft.person_id:
        errors["tutor"] = "Наставник (тьютор): не может быть самим педагогом."
    start_year = check("start_year", parse_start_year, draft.start_year, today)
    years_text = (draft.years or "").strip()
    years: int | None = None
    if not re.fullmatch(r"\d{1,2}", years_text) or not (
        ROUTE_MIN_YEARS <= int(years_text) <= ROUTE_MAX_YEARS
    ):
        shown = f"«{years_text}»" if years_text else "не указан"
        errors["years"] = (
            f"Срок маршрута: {shown} — индивидуальный образовательный маршрут рассчитан "
            f"на {ROUTE_MIN_YEARS}–{ROUTE_MAX_YEARS} лет (Положение, п. 1.2); укажите 4 или 5."
        )
    else:
        years = int(years_text)
    period = (
        (start_year, start_year + years - 1)
        if start_year is not None and years is not None
        else None
    )
    period_text = (
        f"{academic_year_label(period[0])} – {academic_year_label(period[1])}" if period else ""
    )
    starts_on = dt.date(period[0], 9, 1) if period else None
    ends_on = dt.date(period[1] + 1, 8, 31) if period else None

    # Step dates: each step follows the one before it.
    steps = [
        ("self_determination_on", draft.self_determination_on, "Дата самоопределения"),
        ("diagnosed_on", draft.diagnosed_on, "Дата диагностики"),
        ("approved_on", draft.approved_on, "Дата утверждения дорожной карты"),
        ("reflection_on", draft.reflection_on, "Дата рефлексивного анализа"),
    ]
    dates: dict[str, dt.date | None] = {}
    previous: tuple[str, dt.date] | None = None
    for name, text, label in steps:
        value = check(name, parse_date, text, label, today=today)
        dates[name] = value
        if value is None:
            continue
        if starts_on and value < dt.date(starts_on.year - 1, 9, 1):
            errors.setdefault(
                name,
                f"{label}: {format_date(value)} — больше чем за год до начала маршрута "
                f"({format_date(starts_on)}); проверьте год.",
            )
        elif ends_on and value > ends_on and name != "reflection_on":
            errors.setdefault(
                name,
                f"{label}: {format_date(value)} — после окончания маршрута "
                f"({format_date(ends_on)}).",
            )
        if previous and value < previous[1]:
            errors.setdefault(
                name,
                f"{label}: {format_date(value)} — раньше, чем {previous[0].lower()} "
                f"({format_date(previous[1])}); шаги маршрута идут по порядку.",
            )
        previous = (label, value)

    # Steps 2–3.
    achievements = []
    for category in DeficitCategory:
        if category in draft.achievements:
            a = draft.achievements[category]
            level = AchievementLevel(a.level).value if a.level else None
            achievements.append((category, level, a.note.strip()))
    deficits = []
    for category in DeficitCategory:
        if category in draft.deficits:
            d = draft.deficits[category]
            level = DeficitLevel(d.level).value if d.level else None
            deficits.append((category, level, d.note.strip(), d.outcome, d.reflection.strip()))
    deficit_set = {d[0] for d in deficits}

    # Step 4–5: the roadmap.
    measures: list[tuple[int | None, dict[str, Any]]] = []
    orphaned: dict[DeficitCategory, list[int]] = {}
    for number, m in enumerate(draft.measures, start=1):
        key = f"measure.{number - 1}"
        label = measure_label(number, m.title)
        title = " ".join(m.title.split())
        if not title:
            errors.setdefault(key, f"{label}: укажите наименование.")
        if m.academic_year is None:
            errors.setdefault(key, f"{label}: укажите учебный год.")
        elif period and not period[0] <= m.academic_year <= period[1]:
            errors.setdefault(
                key,
                f"{label}: {academic_year_label(m.academic_year)} учебный год — вне срока "
                f"маршрута ({period_text}). Перенесите мероприятие или измените срок маршрута.",
            )
        hours = check(key, parse_int, m.hours, f"{label}: часов", minimum=1, maximum=2000)
        done_on = check(key, parse_date, m.done_on, f"{label}: дата выполнения", today=today)
        if done_on and starts_on and done_on < dt.date(starts_on.year - 1, 9, 1):
            errors.setdefault(
                key,
                f"{label}: дата выполнения {format_date(done_on)} — раньше начала маршрута "
                f"({format_date(starts_on)}).",
            )
        for category in m.deficits:
            if category not in deficit_set:
                orphaned.setdefault(category, []).append(number)
        status = m.status
        if done_on and status is MeasureStatus.PLANNED:
            status = MeasureStatus.DONE  # a date of completion means it was done
        measures.append(
            (
                m.id,
                {
                    "position": number,
                    "section": m.section,
                    "title": title,
                    "provider": " ".join(m.provider.split()),
                    "hours": hours,
                    "academic_year": m.academic_year,
                    "term": m.term,
                    "deficits": [c.value for c in DeficitCategory if c in m.deficits],
                    "expected_result": m.expected_result.strip(),
                    "status": status,
                    "done_on": done_on,
                    "product_kind": m.product_kind,
                    "product_title": m.product_title.strip(),
                    "product_link": m.product_link.strip(),
                    "attitude": m.attitude.strip(),
                },
            )
        )
    if orphaned:
        parts = [
            f"«{category.label}» — мероприятия № {', '.join(str(n) for n in numbers)}"
            for category, numbers in orphaned.items()
        ]
        errors["deficits"] = (
            "Дефициты: на дефициты, которых нет в списке шага 3, ссылаются мероприятия "
            f"дорожной карты: {'; '.join(parts)}. Верните дефицит или уберите его из этих "
            "мероприятий."
        )

    if draft.status is not RouteStatus.DRAFT:
        if not deficits:
            errors.setdefault(
                "deficits",
                "Дефициты: чтобы утвердить маршрут, отметьте хотя бы одно затруднение (шаг 3).",
            )
        if not measures:
            errors.setdefault(
                "measures",
                "Дорожная карта: чтобы утвердить маршрут, внесите хотя бы одно мероприятие.",
            )
        if dates.get("approved_on") is None and "approved_on" not in errors:
            errors["approved_on"] = (
                "Дата утверждения дорожной карты: укажите её — маршрут утверждён и реализуется."
            )

    correction = None
    c = draft.correction
    if not c.is_empty():
        made_on = check(
            "correction_made_on", parse_date, c.made_on, "Дата корректировки", today=today
        )
        if made_on is None and "correction_made_on" not in errors:
            errors["correction_made_on"] = "Дата корректировки: укажите дату."
        if c.reason is None:
            errors["correction_reason"] = "Причина корректировки: выберите причину."
        approved = dates.get("approved_on")
        if made_on and approved and made_on < approved:
            errors.setdefault(
                "correction_made_on",
                f"Дата корректировки: {format_date(made_on)} — раньше утверждения дорожной "
                f"карты ({format_date(approved)}); корректировка идёт параллельно с реализацией.",
            )
        if made_on and draft.history:
            last = max(h.made_on for h in draft.history)
            if made_on < last:
                errors.setdefault(
                    "correction_made_on",
                    f"Дата корректировки: {format_date(made_on)} — раньше предыдущей "
                    f"корректировки ({format_date(last)}).",
                )
        if made_on and c.reason:
            correction = (made_on, c.reason, c.description.strip())

    if errors:
        raise ValidationError(errors)
    assert start_year is not None and years is not None
    return ValidRoute(
        values={
            "person_id": draft.person_id,
            "tutor_id": draft.tutor_id,
            "start_year": start_year,
            "years": years,
            "status": draft.status,
            "self_determination_on": dates["self_determination_on"],
            "self_reflection": draft.self_reflection.strip(),
            "desired_image": draft.desired_image.strip(),
            "diagnosed_on": dates["diagnosed_on"],
            "approved_on": dates["approved_on"],
            "reflection_on": dates["reflection_on"],
            "closeness": draft.closeness,
            "reflection": draft.reflection.strip(),
            "notes": draft.notes.strip(),
        },
        achievements=achievements,
        deficits=deficits,
        measures=measures,
        correction=correction,
    )


# --- rows for the section -------------------------------------------------------------------


@dataclass
class DeficitProgress:
    category: DeficitCategory
    level: str
    planned: int
    done: int
    outcome: DeficitOutcome | None


@dataclass
class RouteRow:
    id: int
    person_id: int
    full_name: str
    position: str
    period: str
    start_year: int
    years: int
    year_of_route: str
    status: RouteStatus
    measures_done: int
    measures_total: int
    due_this_year: int
    corrections: int
    deficits: list[DeficitProgress]
    archived: bool
    tutor: str = ""

    @property
    def progress(self) -> str:
        return f"{self.measures_done} из {self.measures_total}"


def year_of_route(start_year: int, years: int, today: dt.date) -> str:
    current = academic_year_of(today)
    number = current - start_year + 1
    if number < 1:
        return "ещё не начат"
    if number > years:
        return "срок истёк"
    return f"{number}-й год из {years}"


def _deficit_progress(route: IndividualRoute) -> list[DeficitProgress]:
    result = []
    for a in route.assessments:
        if a.kind is not AssessmentKind.DEFICIT:
            continue
        planned = [m for m in route.measures if a.category.value in (m.deficits or [])]
        result.append(
            DeficitProgress(
                category=a.category,
                level=a.level_label,
                planned=len(planned),
                done=sum(1 for m in planned if m.status is MeasureStatus.DONE),
                outcome=a.outcome,
            )
        )
    order = list(DeficitCategory)
    result.sort(key=lambda p: order.index(p.category))
    return result


def _loaded(stmt):  # type: ignore[no-untyped-def]
    return stmt.options(
        selectinload(IndividualRoute.person),
        selectinload(IndividualRoute.tutor),
        selectinload(IndividualRoute.assessments),
        selectinload(IndividualRoute.measures),
        selectinload(IndividualRoute.corrections),
    )


class RouteService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- queries -------------------------------------------------------------------------

    def rows(
        self,
        *,
        year: int | None = None,
        text: str = "",
        include_archived: bool = False,
        today: dt.date | None = None,
    ) -> list[RouteRow]:
        """Routes by teacher; ``year`` keeps those whose period covers that academic year."""
        today = today or dt.date.today()
        stmt = _loaded(select(IndividualRoute).join(Person, IndividualRoute.person_id == Person.id))
        if not include_archived:
            stmt = stmt.where(IndividualRoute.archived_on.is_(None))
        if year is not None:
            stmt = stmt.where(
                IndividualRoute.start_year <= year,
                IndividualRoute.start_year + IndividualRoute.years > year,
            )
        stmt = stmt.order_by(
            Person.last_name, Person.first_name, Person.patronymic, IndividualRoute.start_year
        )
        current = academic_year_of(today)
        words = text.casefold().replace("ё", "е").split()
        rows = []
        with self.db.session() as session:
            for route in session.scalars(stmt):
                person = route.person
                haystack = f"{person.full_name} {person.position}".casefold().replace("ё", "е")
                if any(w not in haystack for w in words):
                    continue
                done = sum(1 for m in route.measures if m.status is MeasureStatus.DONE)
                due = sum(
                    1
                    for m in route.measures
                    if m.academic_year == current and m.status is not MeasureStatus.DONE
                )
                rows.append(
                    RouteRow(
                        id=route.id,
                        person_id=person.id,
                        full_name=person.full_name
                        + (" (педагог в архиве)" if person.archived_on else ""),
                        position=person.position,
                        period=route.period_label,
                        start_year=route.start_year,
                        years=route.years,
                        year_of_route=year_of_route(route.start_year, route.years, today),
                        status=route.status,
                        measures_done=done,
                        measures_total=len(route.measures),
                        due_this_year=due,
                        corrections=len(route.corrections),
                        deficits=_deficit_progress(route),
                        archived=route.archived_on is not None,
                        tutor=route.tutor.short_name if route.tutor else "",
                    )
                )
        return rows

    def years_in_use(self) -> list[int]:
        """Every academic year some route covers, for the year filter."""
        with self.db.session() as session:
            spans = session.execute(
                select(IndividualRoute.start_year, IndividualRoute.years).where(
                    IndividualRoute.archived_on.is_(None)
                )
            ).all()
        return sorted({start + i for start, years in spans for i in range(years)})

    def get(self, route_id: int) -> IndividualRoute:
        with self.db.session() as session:
            route = session.scalars(
                _loaded(select(IndividualRoute).where(IndividualRoute.id == route_id))
            ).first()
            if route is None:
                raise NotFound("Маршрут не найден — возможно, его удалили.")
            return route

    def due_this_year(self, route_id: int, today: dt.date | None = None) -> list[RouteMeasure]:
        """The measures of the current academic year, done or not, in roadmap order."""
        current = academic_year_of(today or dt.date.today())
        return [m for m in self.get(route_id).measures if m.academic_year == current]

    def deficit_progress(self, route_id: int) -> list[DeficitProgress]:
        return _deficit_progress(self.get(route_id))

    def people_choices(self) -> list[tuple[int, str, bool]]:
        """(id, «Фамилия Имя Отчество — должность», is mentee) for the teacher list."""
        with self.db.session() as session:
            people = session.scalars(
                select(Person)
                .where(Person.archived_on.is_(None))
                .options(selectinload(Person.mentee_profile))
                .order_by(Person.last_name, Person.first_name, Person.patronymic)
            ).all()
            return [
                (
                    p.id,
                    f"{p.full_name} — {p.position}" if p.position else p.full_name,
                    p.is_mentee,
                )
                for p in people
            ]

    def tutor_choices(self) -> list[tuple[int, str]]:
        """Mentors first (they usually accompany a route), by name."""
        with self.db.session() as session:
            people = session.scalars(
                select(Person)
                .where(Person.archived_on.is_(None))
                .options(selectinload(Person.mentor_profile))
                .order_by(Person.last_name, Person.first_name, Person.patronymic)
            ).all()
            mentors = [p for p in people if p.is_mentor]
            return [(p.id, f"{p.full_name} (наставник)") for p in mentors]

    def profile_prefill(
        self, person_id: int
    ) -> tuple[dict[DeficitCategory, AssessmentDraft], dict[DeficitCategory, AssessmentDraft], str]:
        """Deficits from the mentee profile, strengths from the mentor profile, the request."""
        with self.db.session() as session:
            person = session.scalars(
                select(Person)
                .where(Person.id == person_id)
                .options(
                    selectinload(Person.mentee_profile).selectinload(MenteeProfile.difficulties),
                    selectinload(Person.mentor_profile),
                )
            ).first()
            if person is None:
                raise NotFound("Запись о педагоге не найдена.")
            deficits: dict[DeficitCategory, AssessmentDraft] = {}
            request = ""
            if person.mentee_profile is not None and person.mentee_profile.active:
                request = person.mentee_profile.request
                for d in person.mentee_profile.difficulties:
                    deficits[d.category] = AssessmentDraft(level=d.level, note=d.note)
            strengths: dict[DeficitCategory, AssessmentDraft] = {}
            if person.mentor_profile is not None and person.mentor_profile.active:
                for category in person.mentor_profile.expertise:
                    strengths[category] = AssessmentDraft(
                        level=AchievementLevel.HIGH, note="сильная сторона по карточке наставника"
                    )
            return strengths, deficits, request

    def new_draft(self, person_id: int | None, today: dt.date | None = None) -> RouteDraft:
        """A new route starting this academic year, steps 2–3 pre-filled from the profiles."""
        today = today or dt.date.today()
        draft = RouteDraft(
            person_id=person_id, start_year=academic_year_label(academic_year_of(today))
        )
        if person_id is not None:
            strengths, deficits, request = self.profile_prefill(person_id)
            draft.achievements = strengths
            draft.deficits = deficits
            if request:
                draft.self_reflection = f"Запрос наставляемого: {request}"
            draft.tutor_id = self.mentor_of(person_id)
        return draft

    def mentor_of(self, person_id: int) -> int | None:
        """The mentor of the teacher's open pair, who usually accompanies the route too."""
        from desktop_app.services.pairs import mentor_ids_in_open_pairs

        with self.db.session() as session:
            mentors = mentor_ids_in_open_pairs(session, [person_id]).get(person_id, set())
        return min(mentors) if mentors else None

    def draft(self, route_id: int) -> RouteDraft:
        """The stored route as the editor shows it."""
        r = self.get(route_id)
        draft = RouteDraft(
            person_id=r.person_id,
            tutor_id=r.tutor_id,
            start_year=academic_year_label(r.start_year),
            years=str(r.years),
            status=r.status,
            self_determination_on=format_date(r.self_determination_on),
            self_reflection=r.self_reflection,
            desired_image=r.desired_image,
            diagnosed_on=format_date(r.diagnosed_on),
            approved_on=format_date(r.approved_on),
            reflection_on=format_date(r.reflection_on),
            closeness=r.closeness,
            reflection=r.reflection,
            notes=r.notes,
        )
        for a in r.assessments:
            if a.kind is AssessmentKind.ACHIEVEMENT:
                draft.achievements[a.category] = AssessmentDraft(
                    level=AchievementLevel(a.level) if a.level else None, note=a.note
                )
            else:
                draft.deficits[a.category] = AssessmentDraft(
                    level=DeficitLevel(a.level) if a.level else None,
                    note=a.note,
                    outcome=a.outcome,
                    reflection=a.reflection,
                )
        for m in r.measures:
            draft.measures.append(
                MeasureDraft(
                    id=m.id,
                    section=m.section,
                    title=m.title,
                    provider=m.provider,
                    hours=str(m.hours or ""),
                    academic_year=m.academic_year,
                    term=m.term,
                    deficits=m.deficit_categories,
                    expected_result=m.expected_result,
                    status=m.status,
                    done_on=format_date(m.done_on),
                    product_kind=m.product_kind,
                    product_title=m.product_title,
                    product_link=m.product_link,
                    attitude=m.attitude,
                )
            )
        draft.history = [
            CorrectionRecord(
                id=c.id,
                made_on=c.made_on,
                reason=c.reason,
                description=c.description,
                changes=c.changes,
                previous_plan=list(c.previous_plan or []),
            )
            for c in r.corrections
        ]
        return draft

    # --- changes -------------------------------------------------------------------------

    def save(
        self,
        route_id: int | None,
        draft: RouteDraft,
        today: dt.date | None = None,
        expected: Stamp | None = None,
    ) -> int:
        """Create (``route_id`` None) or update a route from the editor's draft.

        ``expected``: the stamp the editor loaded; a save over someone else's newer change of
        the route is refused (the editor keeps what was typed)."""
        today = today or dt.date.today()
        valid = validate_route(draft, today)
        with self.db.transaction() as session:
            if route_id is not None:
                check_stamp(
                    session,
                    session.get(IndividualRoute, route_id),
                    expected,
                    entity="route",
                    entity_id=route_id,
                    what="Маршрут (ИОМ)",
                    card=False,
                )
            person = session.get(Person, valid.values["person_id"])
            if person is None:
                raise ValidationError(
                    {"person": "Педагог: запись не найдена — возможно, её удалили."}
                )
            if route_id is None:
                if person.archived_on is not None:
                    raise ValidationError(
                        {"person": "Педагог в архиве: верните его из архива, чтобы вести маршрут."}
                    )
                self._check_overlap(session, route_id, valid.values)
                route = IndividualRoute()
                session.add(route)
            else:
                self._check_overlap(session, route_id, valid.values)
                found = session.get(IndividualRoute, route_id)
                if found is None:
                    raise NotFound("Маршрут не найден — возможно, его удалили.")
                route = found
            self._apply(session, route, valid)
            if route_id is not None:
                touch(route)  # measures and assessments are rows of their own
            session.flush()
            return route.id

    @staticmethod
    def _check_overlap(session: Session, route_id: int | None, values: dict[str, Any]) -> None:
        start, years = values["start_year"], values["years"]
        stmt = select(IndividualRoute).where(
            IndividualRoute.person_id == values["person_id"],
            IndividualRoute.archived_on.is_(None),
            IndividualRoute.start_year < start + years,
            IndividualRoute.start_year + IndividualRoute.years > start,
        )
        if route_id is not None:
            stmt = stmt.where(IndividualRoute.id != route_id)
        other = session.scalars(stmt).first()
        if other is not None:
            raise ValidationError(
                {
                    "start_year": "Начало маршрута: у педагога уже есть маршрут на "
                    f"{other.period_label} — сроки не могут пересекаться. Откройте тот "
                    "маршрут или выберите другие годы."
                }
            )

    @staticmethod
    def _apply(session: Session, route: IndividualRoute, valid: ValidRoute) -> None:
        before = [(m.id, _plan_of(m)) for m in route.measures]
        was_approved = route.id is not None and route.status is not RouteStatus.DRAFT
        for key, value in valid.values.items():
            setattr(route, key, value)

        # Steps 2–3: one row per (kind, category), updated in place so ids stay stable.
        existing = {(a.kind, a.category): a for a in route.assessments}
        wanted: dict[tuple[AssessmentKind, DeficitCategory], dict[str, Any]] = {}
        for category, level, note in valid.achievements:
            wanted[(AssessmentKind.ACHIEVEMENT, category)] = {
                "level": level,
                "note": note,
                "outcome": None,
                "reflection": "",
            }
        for category, level, note, outcome, reflection in valid.deficits:
            wanted[(AssessmentKind.DEFICIT, category)] = {
                "level": level,
                "note": note,
                "outcome": outcome,
                "reflection": reflection,
            }
        for key, row in existing.items():
            if key not in wanted:
                route.assessments.remove(row)
        session.flush()
        for (kind, category), values in wanted.items():
            row = existing.get((kind, category))
            if row is None:
                row = RouteAssessment(kind=kind, category=category)
                route.assessments.append(row)
            for name, value in values.items():
                setattr(row, name, value)

        # Steps 4–5: measures by id.
        by_id = {m.id: m for m in route.measures}
        keep = {mid for mid, _ in valid.measures if mid is not None}
        for mid, measure in list(by_id.items()):
            if mid not in keep:
                route.measures.remove(measure)
        after: list[tuple[int | None, dict[str, Any]]] = []
        for mid, values in valid.measures:
            measure = by_id.get(mid) if mid is not None else None
            if measure is None:
                measure = RouteMeasure()
                route.measures.append(measure)
            for name, value in values.items():
                setattr(measure, name, value)
            after.append((mid if mid in by_id else None, _plan_of(measure)))
        route.measures.sort(key=lambda m: m.position)

        # Step 6: once approved, a change of the roadmap is a correction with a reason.
        changed = [p for _, p in before] != [p for _, p in after]
        if was_approved and changed and valid.correction is None:
            raise ValidationError(
                {
                    "correction": "Корректировка: дорожная карта утверждённого маршрута "
                    "изменена — укажите на шаге 6 дату и причину корректировки. Прежняя "
                    "редакция сохранится в истории."
                }
            )
        if valid.correction is not None:
            if not changed:
                raise ValidationError(
                    {
                        "correction": "Корректировка: дорожная карта не изменилась — внесите "
                        "изменения на шаге 4 или очистите поля корректировки."
                    }
                )
            made_on, reason, description = valid.correction
            route.corrections.append(
                RouteCorrection(
                    made_on=made_on,
                    reason=reason,
                    description=description,
                    changes=_describe_changes(before, after),
                    previous_plan=[p for _, p in before],
                )
            )

    def archive(self, route_id: int, day: dt.date | None = None) -> Stamp:
        """Returns the stamp Ctrl+Z expects (the route as this archiving left it)."""
        with self.db.transaction() as session:
            route = session.get(IndividualRoute, route_id)
            if route is None:
                raise NotFound("Маршрут не найден — возможно, его удалили.")
            route.archived_on = day or dt.date.today()
            return stamp_after(session, route, "route")

    def restore(self, route_id: int, expected: Stamp | None = None) -> None:
        """``expected`` (the undo of an archiving): refused if someone else changed the route
        after it."""
        with self.db.transaction() as session:
            route = session.get(IndividualRoute, route_id)
            check_undo(session, route, expected, entity="route", entity_id=route_id, what="маршрут")
            if route is None:
                raise NotFound("Маршрут не найден — возможно, его удалили.")
            route.archived_on = None


# --- «Обзор» ---------------------------------------------------------------------------------

# The last day of each term (month, day, whether it falls in the second calendar year).
_TERM_ENDS = {
    MeasureTerm.WHOLE_YEAR: (5, 31, True),
    MeasureTerm.FIRST_HALF: (12, 31, False),
    MeasureTerm.SECOND_HALF: (5, 31, True),
    MeasureTerm.AUTUMN: (10, 31, False),
    MeasureTerm.WINTER: (12, 31, False),
    MeasureTerm.SPRING: (3, 31, True),
    MeasureTerm.MAY: (5, 31, True),
    MeasureTerm.SUMMER: (8, 31, True),
}


def measure_due(academic_year: int, term: MeasureTerm | None) -> dt.date:
    """The day a roadmap item is due: the end of its term (the school year when no term)."""
    month, day, second = _TERM_ENDS.get(term, (5, 31, True)) if term else (5, 31, True)
    return dt.date(academic_year + (1 if second else 0), month, day)


def overview_items(db: Database, today: dt.date) -> list[Any]:
    """For «Обзор»: routes not yet approved, roadmap items overdue or due within 30 days,
    a last year without the reflexive analysis, and the number of routes being implemented."""
    from desktop_app.services.overview import SOON_DAYS, OverviewItem, Severity, counted

    items: list[OverviewItem] = []
    active = 0
    current = academic_year_of(today)
    with db.session() as session:
        routes = session.scalars(
            _loaded(select(IndividualRoute).where(IndividualRoute.archived_on.is_(None)))
        ).all()
        for route in routes:
            name = route.person.short_name
            if route.status is RouteStatus.DRAFT:
                items.append(
                    OverviewItem(
                        f"ИОМ {name}: маршрут составляется, дорожная карта не утверждена",
                        Severity.WARNING,
                        section="routes",
                        record_id=route.id,
                    )
                )
                continue
            if route.status is not RouteStatus.ACTIVE:
                continue
            active += 1
            open_items = [
                (measure_due(m.academic_year, m.term), m)
                for m in route.measures
                if m.status is MeasureStatus.PLANNED
            ]
            overdue = sorted((due, m) for due, m in open_items if due < today)
            if overdue:
                items.append(
                    OverviewItem(
                        f"ИОМ {name}: не выполнено в срок — "
                        f"{counted(('мероприятие', 'мероприятия', 'мероприятий'), len(overdue))} "
                        f"дорожной карты (первое: «{overdue[0][1].title}»)",
                        Severity.OVERDUE,
                        section="routes",
                        record_id=route.id,
                        due=overdue[0][0],
                    )
                )
            for due, m in sorted(open_items, key=lambda x: x[0]):
                if today <= due <= today + dt.timedelta(days=SOON_DAYS):
                    items.append(
                        OverviewItem(
                            f"ИОМ {name}: до {format_date(due)} — «{m.title}»",
                            Severity.SOON,
                            section="routes",
                            record_id=route.id,
                            due=due,
                        )
                    )
            if current >= route.end_year and route.reflection_on is None:
                items.append(
                    OverviewItem(
                        f"ИОМ {name}: последний год маршрута — проведите рефлексивный анализ "
                        "(шаг 7)",
                        Severity.WARNING,
                        section="routes",
                        record_id=route.id,
                    )
                )
    items.append(
        OverviewItem(f"ИОМ реализуется: {active}", Severity.INFO, section="routes", figure=active)
    )
    return items


# --- an unsaved editor's draft, kept against a power cut (services/drafts.py) ----------------


def _code(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def route_draft_to_dict(draft: RouteDraft) -> dict[str, Any]:
    """Plain JSON values; the correction history is not kept (it is in the database)."""

    def line(a: AssessmentDraft) -> dict[str, Any]:
        return {
            "level": _code(a.level),
            "note": a.note,
            "outcome": _code(a.outcome),
            "reflection": a.reflection,
        }

    return {
        "person_id": draft.person_id,
        "tutor_id": draft.tutor_id,
        "start_year": draft.start_year,
        "years": draft.years,
        "status": _code(draft.status),
        "self_determination_on": draft.self_determination_on,
        "self_reflection": draft.self_reflection,
        "desired_image": draft.desired_image,
        "diagnosed_on": draft.diagnosed_on,
        "achievements": {_code(c): line(a) for c, a in draft.achievements.items()},
        "deficits": {_code(c): line(a) for c, a in draft.deficits.items()},
        "approved_on": draft.approved_on,
        "measures": [
            {
                **{
                    f: getattr(m, f)
                    for f in (
                        "id",
                        "title",
                        "provider",
                        "hours",
                        "academic_year",
                        "expected_result",
                        "done_on",
                        "product_title",
                        "product_link",
                        "attitude",
                    )
                },
                "section": _code(m.section),
                "term": _code(m.term),
                "deficits": [_code(c) for c in m.deficits],
                "status": _code(m.status),
                "product_kind": _code(m.product_kind),
            }
            for m in draft.measures
        ],
        "correction": {
            "made_on": draft.correction.made_on,
            "reason": _code(draft.correction.reason),
            "description": draft.correction.description,
        },
        "reflection_on": draft.reflection_on,
        "closeness": _code(draft.closeness),
        "reflection": draft.reflection,
        "notes": draft.notes,
    }


def route_draft_from_dict(data: dict[str, Any]) -> RouteDraft:
    def enum(kind: Any, value: Any) -> Any:
        try:
            return kind(value) if value else None
        except ValueError:
            return None

    def lines(raw: Any, level_kind: Any) -> dict[DeficitCategory, AssessmentDraft]:
        result = {}
        for code, a in (raw or {}).items():
            category = enum(DeficitCategory, code)
            if category is None or not isinstance(a, dict):
                continue
            result[category] = AssessmentDraft(
                level=enum(level_kind, a.get("level")),
                note=str(a.get("note") or ""),
                outcome=enum(DeficitOutcome, a.get("outcome")),
                reflection=str(a.get("reflection") or ""),
            )
        return result

    measures = []
    for m in data.get("measures") or []:
        measures.append(
            MeasureDraft(
                id=m.get("id"),
                section=enum(MeasureSection, m.get("section")) or MeasureSection.MEASURES,
                title=str(m.get("title") or ""),
                provider=str(m.get("provider") or ""),
                hours=str(m.get("hours") or ""),
                academic_year=m.get("academic_year"),
                term=enum(MeasureTerm, m.get("term")),
                deficits=[
                    c for c in (enum(DeficitCategory, v) for v in m.get("deficits") or []) if c
                ],
                expected_result=str(m.get("expected_result") or ""),
                status=enum(MeasureStatus, m.get("status")) or MeasureStatus.PLANNED,
                done_on=str(m.get("done_on") or ""),
                product_kind=enum(ProductKind, m.get("product_kind")),
                product_title=str(m.get("product_title") or ""),
                product_link=str(m.get("product_link") or ""),
                attitude=str(m.get("attitude") or ""),
            )
        )
    correction = data.get("correction") or {}
    text = {
        name: str(data.get(name) or "")
        for name in (
            "start_year",
            "years",
            "self_determination_on",
            "self_reflection",
            "desired_image",
            "diagnosed_on",
            "approved_on",
            "reflection_on",
            "reflection",
            "notes",
        )
    }
    return RouteDraft(
        person_id=data.get("person_id"),
        tutor_id=data.get("tutor_id"),
        status=enum(RouteStatus, data.get("status")) or RouteStatus.DRAFT,
        achievements=lines(data.get("achievements"), AchievementLevel),
        deficits=lines(data.get("deficits"), DeficitLevel),
        measures=measures,
        correction=CorrectionDraft(
            made_on=str(correction.get("made_on") or ""),
            reason=enum(CorrectionReason, correction.get("reason")),
            description=str(correction.get("description") or ""),
        ),
        closeness=enum(ImageCloseness, data.get("closeness")),
        **text,
    )
