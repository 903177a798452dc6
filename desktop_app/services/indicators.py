"""The monitoring indicators (seed 000 4.3.4 and 6, seed 003 section 5, seed 004 items 13–16).

Computed from the records for any period, never stored, so the screen and every report read the
same figures. A figure that cannot be computed (nobody to divide by, nothing entered) is
``None`` and reads «нет данных» — never a zero that looks like a result.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.models import (
    MenteeCategory,
    MentoringForm,
    MentoringPair,
    PairStatus,
    Person,
    Setting,
)
from desktop_app.models.monitoring import (
    Audience,
    MenteeResult,
    QuestionKind,
    QuestionnaireResponse,
    Stage,
)
from desktop_app.models.program import ActivityStatus, Program, ProgramActivity, ProgramStatus
from desktop_app.services.organisation import OrganisationService

if TYPE_CHECKING:
    from desktop_app.models.db import Database

NO_DATA = "нет данных"

# The organisation's own definition of a young teacher (issue 8): kept with the data.
YOUNG_AGE_KEY = "young_teacher_max_age"
YOUNG_EXPERIENCE_KEY = "young_teacher_max_experience"
DEFAULT_YOUNG_AGE = 35
DEFAULT_YOUNG_EXPERIENCE = 3


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("Конец периода раньше начала.")

    @property
    def label(self) -> str:
        quarter = _quarter_number(self)
        if quarter:
            return f"{quarter} квартал {self.start.year} г."
        if _is_school_year(self):
            return f"{self.start.year}/{self.end.year} учебный год"
        return f"период с {self.start:%d.%m.%Y} по {self.end:%d.%m.%Y}"

    def previous(self) -> Period:
        """The period to compare with: the quarter or school year before, else as long before."""
        if _quarter_number(self):
            end = self.start - dt.timedelta(days=1)
            return quarter_of(end)
        if _is_school_year(self):
            return school_year(self.start.year - 1)
        days = (self.end - self.start).days + 1
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=days - 1), end)

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """A span [start, end] (end ``None`` = still going) shares a day with the period."""
        if start is None or start > self.end:
            return False
        return end is None or end >= self.start


def quarter(year: int, number: int) -> Period:
    if number not in (1, 2, 3, 4):
        raise ValueError("Квартал — число от 1 до 4.")
    start = dt.date(year, 3 * number - 2, 1)
    end_month = 3 * number
    end = (
        dt.date(year, 12, 31)
        if end_month == 12
        else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
    )
    return Period(start, end)


def quarter_of(day: dt.date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def school_year(start_year: int) -> Period:
    return Period(dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31))


def school_year_of(day: dt.date) -> Period:
    return school_year(day.year if day.month >= 9 else day.year - 1)


_QUARTER_RE = re.compile(
    r"^(?:(\d{4})\s*[-/ ]?\s*(?:q|кв)\s*([1-4])|([1-4])\s*(?:q|кв\.?|квартал)\s*(\d{4}))$"
)
_YEAR_RE = re.compile(r"^(\d{4})\s*/\s*(\d{4})$")


def parse_period(text: str) -> Period:
    """«2026-Q3», «3 кв 2026», «2025/2026» (school year) or «01.09.2025-31.12.2025»."""
    raw = " ".join(text.strip().lower().split())
    match = _QUARTER_RE.match(raw)
    if match:
        year = match.group(1) or match.group(4)
        number = match.group(2) or match.group(3)
        return quarter(int(year), int(number))
    match = _YEAR_RE.match(raw)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return school_year(int(match.group(1)))
    parts = re.split(r"\s*(?:-|–|—|\.\.)\s*(?=\d{1,2}\.)", raw)
    if len(parts) == 2:
        try:
            start = dt.datetime.strptime(parts[0], "%d.%m.%Y").date()
            end = dt.datetime.strptime(parts[1], "%d.%m.%Y").date()
        except ValueError:
            pass
        else:
            return Period(start, end)
    raise ValueError(
        f"Период «{text}» не понят. Примеры: 2026-Q3 (квартал), 2025/2026 (учебный год), "
        "01.09.2025-31.12.2025."
    )


def _quarter_number(period: Period) -> int:
    candidate = quarter_of(period.start)
    if candidate == period:
        return (period.start.month - 1) // 3 + 1
    return 0


def _is_school_year(period: Period) -> bool:
    return period == school_year_of(period.start) and period.start.month == 9


# ---------------------------------------------------------------- indicators


@dataclass(frozen=True)
class Indicator:
    """One figure. ``unit`` is «чел.», «ед.», «%» or «балл»; ``value`` None = «нет данных»."""

    key: str
    group: str
    title: str
    value: float | None
    unit: str
    note: str = ""

    @property
    def text(self) -> str:
        return format_value(self.value, self.unit)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return NO_DATA
    if unit in ("%", "балл"):
        number = f"{value:.1f}".replace(".", ",")
        return f"{number} %" if unit == "%" else number
    return str(round(value))


@dataclass
class IndicatorSet:
    period: Period
    items: list[Indicator] = field(default_factory=list)

    def get(self, key: str) -> Indicator:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def value(self, key: str) -> float | None:
        return self.get(key).value

    def groups(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.group not in seen:
                seen.append(item.group)
        return seen


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    previous: Indicator

    @property
    def change(self) -> float | None:
        if self.indicator.value is None or self.previous.value is None:
            return None
        return self.indicator.value - self.previous.value

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        if abs(change) < 0.05:
            return "без изменений"
        sign = "+" if change > 0 else "−"
        return sign + format_value(abs(change), self.indicator.unit)


G_PARTICIPANTS = "Участники"
G_PROGRAMS = "Программы наставничества"
G_RETENTION = "Закрепление молодых педагогов"
G_RESULTS = "Результаты наставляемых (раздел 5 Положения)"
G_EFFECT = "Влияние на участников (анкетирование)"


def young_teacher_rule(db: Database) -> tuple[int, int]:
    """(max age, max experience in years) for «молодой педагог», from the settings."""
    with db.session() as session:
        age = session.get(Setting, YOUNG_AGE_KEY)
        experience = session.get(Setting, YOUNG_EXPERIENCE_KEY)
        return (
            int(age.value) if age else DEFAULT_YOUNG_AGE,
            int(experience.value) if experience else DEFAULT_YOUNG_EXPERIENCE,
        )


def save_young_teacher_rule(db: Database, max_age: int, max_experience: int) -> None:
    if not 18 <= max_age <= 70:
        raise ValueError("Возраст молодого педагога: укажите число от 18 до 70.")
    if not 0 <= max_experience <= 10:
        raise ValueError("Стаж молодого педагога: укажите число лет от 0 до 10.")
    with db.transaction() as session:
        session.merge(Setting(key=YOUNG_AGE_KEY, value=max_age))
        session.merge(Setting(key=YOUNG_EXPERIENCE_KEY, value=max_experience))


def _age(person: Person, on: dt.date) -> int | None:
    born = person.birth_date
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _experience(person: Person, on: dt.date) -> float | None:
    if person.experience_years is None:
        return None
    base = person.experience_as_of or on
    return person.experience_years + (on - base).days / 365.25


def is_young(person: Person, on: dt.date, rule: tuple[int, int]) -> bool:
    """Young by the organisation's rule: both thresholds where known, either where one is."""
    max_age, max_experience = rule
    age, experience = _age(person, on), _experience(person, on)
    if age is None and experience is None:
        return False
    return (age is None or age <= max_age) and (
        experience is None or experience < max_experience + 1
    )


def _on_staff(person: Person, on: dt.date, organisation_id: int | None) -> bool:
    if organisation_id is not None and person.organisation_id != organisation_id:
        return False
    if person.hired_on is not None and person.hired_on > on:
        return False
    return person.archived_on is None or person.archived_on > on


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return None if not known else sum(known) / len(known)


def compute(db: Database, period: Period) -> IndicatorSet:
    """Every indicator of the issue for ``period`` (participants counted as of its last day)."""
    rule = young_teacher_rule(db)
    own_id = OrganisationService(db).own_id()
    with db.session() as session:
        result = IndicatorSet(period)
        _participants(session, period, own_id, rule, result)
        _programs(session, period, result)
        _retention(session, period, own_id, rule, result)
        _results(session, period, result)
        _effect(session, period, result)
        return result


def compare(db: Database, period: Period) -> list[Comparison]:
    current = compute(db, period)
    previous = compute(db, period.previous())
    return [Comparison(item, previous.get(item.key)) for item in current.items]


def _pairs_in(session: Session, period: Period) -> list[MentoringPair]:
    pairs = session.scalars(
        select(MentoringPair).options(selectinload(MentoringPair.memberships))
    ).all()
    return [
        p
        for p in pairs
        if p.status != PairStatus.FORMING and period.overlaps(p.start_on, p.ended_on)
    ]


def _participants(
    session: Session,
    period: Period,
    own_id: int | None,
    rule: tuple[int, int],
    out: IndicatorSet,
) -> None:
    add = out.items.append
    pairs = _pairs_in(session, period)
    mentor_ids = {p.mentor_id for p in pairs}
    mentee_ids = {m.mentee_id for p in pairs for m in p.memberships}
    people = {
        p.id: p
        for p in session.scalars(select(Person).options(selectinload(Person.mentee_profile))).all()
    }
    staff = [p for p in people.values() if _on_staff(p, period.end, own_id)]
    staff_ids = {p.id for p in staff}

    add(Indicator("mentors", G_PARTICIPANTS, "Наставников", len(mentor_ids), "чел."))
    add(Indicator("mentees", G_PARTICIPANTS, "Наставляемых", len(mentee_ids), "чел."))
    by_category = Counter(
        people[i].mentee_profile.category  # type: ignore[union-attr]
        for i in mentee_ids
        if i in people and people[i].mentee_profile and people[i].mentee_profile.category  # type: ignore[union-attr]
    )
    for category in MenteeCategory:
        add(
            Indicator(
                f"mentees_{category.value}",
                G_PARTICIPANTS,
                f"в т. ч. {category.label}",
                by_category.get(category, 0),
                "чел.",
            )
        )
    add(
        Indicator(
            "pairs", G_PARTICIPANTS, "Наставнических пар", sum(not p.is_group for p in pairs), "ед."
        )
    )
    add(
        Indicator(
            "groups", G_PARTICIPANTS, "Наставнических групп", sum(p.is_group for p in pairs), "ед."
        )
    )
    forms = Counter(p.form for p in pairs)
    for form in MentoringForm:
        add(
            Indicator(
                f"form_{form.value}",
                G_PARTICIPANTS,
                f"форма «{form.label}»",
                forms.get(form, 0),
                "ед.",
            )
        )
    involved = (mentor_ids | mentee_ids) & staff_ids
    add(Indicator("staff", G_PARTICIPANTS, "Педагогических работников", len(staff), "чел."))
    add(
        Indicator(
            "involved_share",
            G_PARTICIPANTS,
            "Доля педагогов, вовлечённых в наставничество",
            _share(len(involved), len(staff)),
            "%",
        )
    )
    young = [p for p in staff if is_young(p, period.end, rule)]
    with_mentor = [p for p in young if p.id in mentee_ids]
    add(Indicator("young", G_PARTICIPANTS, "Молодых педагогов", len(young), "чел."))
    add(
        Indicator(
            "young_with_mentor",
            G_PARTICIPANTS,
            "Молодых педагогов с наставником",
            len(with_mentor),
            "чел.",
        )
    )
    add(
        Indicator(
            "young_without_mentor",
            G_PARTICIPANTS,
            "Молодых педагогов без наставника",
            len(young) - len(with_mentor),
            "чел.",
        )
    )


def _programs(session: Session, period: Period, out: IndicatorSet) -> None:
    add = out.items.append
    programs = session.scalars(select(Program)).all()
    started = [p for p in programs if period.contains(p.start_on)]
    active = [
        p
        for p in programs
        if period.overlaps(p.start_on, p.closed_on if p.status != ProgramStatus.ACTIVE else None)
    ]
    finished = [
        p for p in programs if p.status == ProgramStatus.COMPLETED and period.contains(p.closed_on)
    ]
    stopped = [
        p for p in programs if p.status == ProgramStatus.STOPPED and period.contains(p.closed_on)
    ]
    add(Indicator("programs_started", G_PROGRAMS, "Начато программ", len(started), "ед."))
    add(Indicator("programs_active", G_PROGRAMS, "Реализовывалось программ", len(active), "ед."))
    add(Indicator("programs_finished", G_PROGRAMS, "Завершено программ", len(finished), "ед."))
    add(Indicator("programs_stopped", G_PROGRAMS, "Прекращено досрочно", len(stopped), "ед."))
    due = session.scalars(
        select(ProgramActivity).where(
            ProgramActivity.due_on >= period.start,
            ProgramActivity.due_on <= period.end,
            ProgramActivity.status != ActivityStatus.CANCELLED,
        )
    ).all()
    on_time = [
        a
        for a in due
        if a.status == ActivityStatus.DONE and a.done_on is not None and a.done_on <= a.due_on
    ]
    add(Indicator("activities_due", G_PROGRAMS, "Мероприятий со сроком в периоде", len(due), "ед."))
    add(
        Indicator(
            "activities_on_time",
            G_PROGRAMS,
            "Доля мероприятий, выполненных в срок",
            _share(len(on_time), len(due)),
            "%",
        )
    )


def _retention(
    session: Session,
    period: Period,
    own_id: int | None,
    rule: tuple[int, int],
    out: IndicatorSet,
) -> None:
    """Young teachers on staff a year before the period's end: how many are still on staff.

    The program knows only its own organisation, so «остались в профессии» cannot be told
    apart from «ушли в другую школу»; the indicator says «в организации».
    """
    year_before = _year_before(period.end)
    people = session.scalars(select(Person)).all()
    cohort = [
        p for p in people if _on_staff(p, year_before, own_id) and is_young(p, year_before, rule)
    ]
    stayed = [p for p in cohort if p.archived_on is None or p.archived_on > period.end]
    out.items.append(
        Indicator(
            "young_year_ago",
            G_RETENTION,
            f"Молодых педагогов на {year_before:%d.%m.%Y}",
            len(cohort),
            "чел.",
        )
    )
    out.items.append(
        Indicator(
            "young_stayed",
            G_RETENTION,
            "Из них продолжают работать в организации",
            len(stayed),
            "чел.",
        )
    )
    out.items.append(
        Indicator(
            "young_stayed_share",
            G_RETENTION,
            "Доля молодых педагогов, закрепившихся в организации",
            _share(len(stayed), len(cohort)),
            "%",
        )
    )


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def results_in(session: Session, period: Period) -> list[MenteeResult]:
    """Mentees' results entered for a period that starts within ``period``."""
    return list(
        session.scalars(
            select(MenteeResult)
            .where(MenteeResult.period_start >= period.start)
            .where(MenteeResult.period_start <= period.end)
            .options(selectinload(MenteeResult.person))
        ).all()
    )


def _results(session: Session, period: Period, out: IndicatorSet) -> None:
    add = out.items.append
    rows = results_in(session, period)
    add(
        Indicator(
            "results_mentees",
            G_RESULTS,
            "Наставляемых с внесёнными результатами",
            len(rows),
            "чел.",
        )
    )
    add(
        Indicator(
            "exams_passed",
            G_RESULTS,
            "Доля обучающихся, успешно прошедших ВПР/ОГЭ/ЕГЭ (среднее)",
            _mean(r.exams_passed_share for r in rows),
            "%",
        )
    )
    add(
        Indicator(
            "progress",
            G_RESULTS,
            "Успеваемость обучающихся (среднее)",
            _mean(r.progress_share for r in rows),
            "%",
        )
    )

    def total(values: Iterable[int | None]) -> float | None:
        known = [v for v in values if v is not None]
        return None if not known else float(sum(known))

    add(
        Indicator(
            "olympiads",
            G_RESULTS,
            "Обучающихся — участников олимпиад",
            total(r.olympiad_participants for r in rows),
            "чел.",
        )
    )
    add(
        Indicator(
            "competitions",
            G_RESULTS,
            "Участий наставляемых в профессиональных конкурсах",
            total(r.competitions for r in rows),
            "ед.",
        )
    )
    add(
        Indicator(
            "publications",
            G_RESULTS,
            "Публикаций наставляемых",
            total(r.publications for r in rows),
            "ед.",
        )
    )
    add(
        Indicator(
            "open_lessons",
            G_RESULTS,
            "Открытых уроков (занятий) наставляемых",
            total(r.open_lessons for r in rows),
            "ед.",
        )
    )


def _effect(session: Session, period: Period, out: IndicatorSet) -> None:
    responses = session.scalars(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.answered_on >= period.start)
        .where(QuestionnaireResponse.answered_on <= period.end)
        .options(
            selectinload(QuestionnaireResponse.answers),
            selectinload(QuestionnaireResponse.questionnaire),
        )
    ).all()
    scores: dict[tuple[Audience, Stage], list[int]] = {}
    people: dict[tuple[Audience, Stage], set[int]] = {}
    for response in responses:
        key = (response.questionnaire.audience, response.questionnaire.stage)
        people.setdefault(key, set()).add(response.person_id)
        scores.setdefault(key, []).extend(a.score for a in response.answers if a.score is not None)
    for audience, plural in ((Audience.MENTEE, "наставляемых"), (Audience.MENTOR, "наставников")):
        for stage, when in ((Stage.START, "в начале программы"), (Stage.END, "по завершении")):
            values = scores.get((audience, stage), [])
            out.items.append(
                Indicator(
                    f"answered_{audience.value}_{stage.value}",
                    G_EFFECT,
                    f"Анкет {plural} {when}",
                    len(people.get((audience, stage), ())),
                    "чел.",
                )
            )
            out.items.append(
                Indicator(
                    f"score_{audience.value}_{stage.value}",
                    G_EFFECT,
                    f"Средний балл анкет {plural} {when} (из 10)",
                    _mean(float(v) for v in values),
                    "балл",
                )
            )
    start = _mean(float(v) for v in scores.get((Audience.MENTEE, Stage.START), []))
    end = _mean(float(v) for v in scores.get((Audience.MENTEE, Stage.END), []))
    out.items.append(
        Indicator(
            "mentee_growth",
            G_EFFECT,
            "Рост самооценки наставляемых (конец минус начало, баллов)",
            None if start is None or end is None else end - start,
            "балл",
        )
    )


__all__ = [
    "Comparison",
    "Indicator",
    "IndicatorSet",
    "Period",
    "QuestionKind",
    "compare",
    "compute",
    "quarter",
    "quarter_of",
    "school_year",
    "school_year_of",
]
