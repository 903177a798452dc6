"""Demo routes (ИОМ) for the demo school: one in its first year, one in its third year with
products, a correction and a partial reflection, and one still being drawn up.

They are made through ``RouteService`` like the curator's own, so the demo obeys every rule
(measures inside the route's years, deficits they point to, a correction keeping the old plan).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop_app.models import (
    AchievementLevel,
    CorrectionReason,
    DeficitCategory,
    DeficitLevel,
    DeficitOutcome,
    ImageCloseness,
    MeasureSection,
    MeasureStatus,
    MeasureTerm,
    MenteeCategory,
    MenteeProfile,
    Person,
    ProductKind,
    RouteStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.routes import (
    AssessmentDraft,
    CorrectionDraft,
    MeasureDraft,
    RouteService,
    academic_year_of,
)
from desktop_app.services.validation import format_date

CNPPM = "ЦНППМ педагогических работников (региональный центр)"
ACADEMY = "ГАУ ДПО «Волгоградская государственная академия последипломного образования»"

# Per deficit category: a course (а), a trial action (б) and a measure (г) with its product.
CATALOGUE: dict[DeficitCategory, dict[str, tuple]] = {  # type: ignore[type-arg]
    DeficitCategory.METHODICAL: {
        "course": (
            "Современные образовательные технологии в условиях обновлённых ФГОС",
            ACADEMY,
            72,
        ),
        "trial": "Апробация приёмов формирующего оценивания на уроках",
        "measure": (
            "Открытый урок для школьного методического объединения",
            ProductKind.LESSON,
            "Технологическая карта открытого урока с самоанализом",
        ),
    },
    DeficitCategory.DIGITAL: {
        "course": ("Цифровые образовательные ресурсы и платформы в работе учителя", CNPPM, 36),
        "trial": "Домашние задания и тесты на платформе ФГИС «Моя школа»",
        "measure": (
            "Мастер-класс для коллег «Интерактивные задания к уроку»",
            ProductKind.SPEECH,
            "Материалы мастер-класса и банк интерактивных заданий",
        ),
    },
    DeficitCategory.PSYCHOLOGICAL: {
        "course": (
            "Психолого-педагогическое сопровождение обучающихся с трудностями в обучении",
            CNPPM,
            36,
        ),
        "trial": "Приёмы организации работы с классом по методике наставника",
        "measure": (
            "Памятка для родителей «Как помочь ребёнку с домашним заданием»",
            ProductKind.RECOMMENDATIONS,
            "Памятка для родителей обучающихся 5–6 классов",
        ),
    },
    DeficitCategory.SUBJECT: {
        "course": ("Методика подготовки обучающихся к ОГЭ по предмету", ACADEMY, 72),
        "trial": "Система повторения трудных тем в 9 классе",
        "measure": (
            "Выступление на районном методическом объединении учителей-предметников",
            ProductKind.SPEECH,
            "Доклад и презентация «Типичные ошибки ОГЭ»",
        ),
    },
    DeficitCategory.LEGAL: {
        "course": ("Нормативно-правовое обеспечение деятельности педагога", CNPPM, 16),
        "trial": "Составление рабочей программы по ФОП с наставником",
        "measure": (
            "Изучение локальных актов школы и ФОП, консультация заместителя директора",
            ProductKind.OTHER,
            "Рабочая программа по предмету, согласованная на МО",
        ),
    },
    DeficitCategory.SCIENTIFIC: {
        "course": ("Основы исследовательской деятельности педагога", ACADEMY, 36),
        "trial": "Проектные задания для обучающихся на уроках",
        "measure": (
            "Статья о собственном опыте в сборнике районной конференции",
            ProductKind.PUBLICATION,
            "Статья в сборнике материалов районной научно-практической конференции",
        ),
    },
    DeficitCategory.EXTRACURRICULAR: {
        "course": ("Организация воспитательной работы классного руководителя", CNPPM, 36),
        "trial": "Цикл классных часов по программе «Разговоры о важном»",
        "measure": (
            "Общешкольное воспитательное мероприятие ко Дню матери",
            ProductKind.EVENT,
            "Сценарий воспитательного мероприятия",
        ),
    },
    DeficitCategory.HEALTH: {
        "course": ("Здоровьесберегающие технологии в образовательном процессе", CNPPM, 36),
        "trial": "Физкультминутки и смена видов деятельности на уроках",
        "measure": (
            "Комплекс физкультминуток для 5–9 классов",
            ProductKind.RECOMMENDATIONS,
            "Методические рекомендации «Физкультминутки на уроке»",
        ),
    },
}


def _measures_for(deficits: list[DeficitCategory], start: int, years: int) -> list[MeasureDraft]:
    """A roadmap over the route's years: courses early, trials and measures after them,
    a project in the middle, the teacher's own workshop near the end."""
    measures: list[MeasureDraft] = []
    for n, category in enumerate(deficits):
        course_title, provider, hours = CATALOGUE[category]["course"]
        measures.append(
            MeasureDraft(
                section=MeasureSection.COURSES,
                title=course_title,
                provider=provider,
                hours=str(hours),
                academic_year=start + min(n, years - 1),
                term=MeasureTerm.SECOND_HALF if n % 2 else MeasureTerm.FIRST_HALF,
                deficits=[category],
                expected_result="удостоверение о повышении квалификации",
            )
        )
    for n, category in enumerate(deficits):
        measures.append(
            MeasureDraft(
                section=MeasureSection.TRIALS,
                title=CATALOGUE[category]["trial"],
                academic_year=start + min(n + 1, years - 1),
                term=MeasureTerm.WHOLE_YEAR,
                deficits=[category],
                expected_result="приёмы опробованы на уроках, результаты проанализированы",
            )
        )
    measures.append(
        MeasureDraft(
            section=MeasureSection.PROJECTS,
            title="Участие в школьном проекте «Функциональная грамотность обучающихся»",
            academic_year=start + min(2, years - 1),
            term=MeasureTerm.WHOLE_YEAR,
            deficits=list(deficits[:2]),
            expected_result="разработанные задания по функциональной грамотности",
        )
    )
    for n, category in enumerate(deficits):
        title, _kind, _product = CATALOGUE[category]["measure"]
        measures.append(
            MeasureDraft(
                section=MeasureSection.MEASURES,
                title=title,
                academic_year=start + min(n + 2, years - 1),
                term=MeasureTerm.SPRING,
                deficits=[category],
                expected_result="педагогический продукт, представленный коллегам",
            )
        )
    return measures


def _mentees(db: Database) -> list[Person]:
    with db.session() as session:
        return list(
            session.scalars(
                select(Person)
                .join(MenteeProfile, MenteeProfile.person_id == Person.id)
                .where(MenteeProfile.active, Person.archived_on.is_(None))
                .options(
                    selectinload(Person.mentee_profile).selectinload(MenteeProfile.difficulties)
                )
                .order_by(Person.id)
            )
        )


def _tutor_for(service: RouteService, deficits: list[DeficitCategory]) -> int | None:
    choices = service.tutor_choices()
    return choices[len(deficits) % len(choices)][0] if choices else None


def extend_demo(db: Database, today: dt.date) -> None:
    service = RouteService(db)
    current = academic_year_of(today)
    mentees = _mentees(db)
    if len(mentees) < 3:
        return
    young = next(
        (p for p in mentees if p.mentee_profile.category is MenteeCategory.YOUNG_TEACHER),
        mentees[0],
    )
    grower = next(
        (
            p
            for p in mentees
            if p is not young and p.mentee_profile.category is not MenteeCategory.YOUNG_TEACHER
        ),
        mentees[1],
    )
    others = [p for p in mentees if p is not young and p is not grower]
    drafting = next(
        (p for p in others if p.mentee_profile.category is MenteeCategory.AFTER_BREAK), others[0]
    )

    # 1. A young teacher in the first year of a five-year route.
    draft = service.new_draft(young.id, today)
    draft.deficits.setdefault(
        DeficitCategory.METHODICAL,
        AssessmentDraft(level=DeficitLevel.HIGH, note="планирование урока по времени"),
    )
    deficits = list(draft.deficits)
    draft.tutor_id = draft.tutor_id or _tutor_for(service, deficits)
    draft.years = "5"
    draft.self_determination_on = format_date(dt.date(current, 9, 10))
    draft.self_reflection += (
        "\nПервый год работы в школе. Уверенно владею предметом, но трудно удерживать "
        "внимание класса и планировать урок по времени."
    )
    draft.desired_image = (
        "Учитель, к которому дети идут с интересом: урок выстроен, каждый ученик занят делом, "
        "родители доверяют; владею современными технологиями и делюсь опытом с коллегами."
    )
    draft.diagnosed_on = format_date(dt.date(current, 9, 20))
    draft.achievements.setdefault(
        DeficitCategory.DIGITAL,
        AssessmentDraft(level=None, note="уверенно работает с цифровыми ресурсами"),
    )
    draft.measures = _measures_for(deficits, current, 5)
    draft.approved_on = format_date(dt.date(current, 10, 1))
    draft.status = RouteStatus.ACTIVE
    first = draft.measures[0]
    if dt.date(current, 11, 15) <= today:
        first.status = MeasureStatus.DONE
        first.done_on = format_date(dt.date(current, 11, 15))
        first.product_kind = ProductKind.CERTIFICATE
        first.product_title = "Удостоверение о повышении квалификации"
        first.attitude = "Курс дал готовые приёмы, часть уже применяю на уроках."
    service.save(None, draft, today)

    # 2. An experienced teacher in the third year: products, a correction, partial reflection.
    start = current - 2
    draft = service.new_draft(grower.id, today)
    if len(draft.deficits) < 2:
        draft.deficits.setdefault(
            DeficitCategory.DIGITAL, AssessmentDraft(level=DeficitLevel.MEDIUM, note="")
        )
        draft.deficits.setdefault(
            DeficitCategory.SCIENTIFIC, AssessmentDraft(level=DeficitLevel.LOW, note="")
        )
    deficits = list(draft.deficits)
    draft.tutor_id = draft.tutor_id or _tutor_for(service, deficits)
    draft.start_year = str(start)
    draft.years = "5"
    draft.self_determination_on = format_date(dt.date(start, 9, 5))
    draft.self_reflection += (
        "\nСтаж работы большой, результаты обучающихся стабильные, но чувствую, что "
        "отстаю от новых требований и цифровых форм работы."
    )
    draft.desired_image = (
        "Педагог-исследователь: веду проектную работу с обучающимися, публикую опыт, "
        "становлюсь наставником для молодых коллег."
    )
    draft.diagnosed_on = format_date(dt.date(start, 9, 15))
    draft.achievements.setdefault(
        DeficitCategory.SUBJECT,
        AssessmentDraft(
            level=AchievementLevel.HIGH,
            note="стабильно высокие результаты обучающихся на ОГЭ и ВПР",
        ),
    )
    draft.achievements.setdefault(
        DeficitCategory.PSYCHOLOGICAL,
        AssessmentDraft(
            level=AchievementLevel.MEDIUM, note="доверительные отношения с классом и родителями"
        ),
    )
    draft.measures = _measures_for(deficits, start, 5)
    draft.approved_on = format_date(dt.date(start, 9, 30))
    draft.status = RouteStatus.ACTIVE
    route_id = service.save(None, draft, dt.date(start, 10, 1))

    # Two years of implementation: what was planned for them is done, with products.
    draft = service.draft(route_id)
    for n, measure in enumerate(draft.measures):
        if measure.academic_year is not None and measure.academic_year < current:
            year_end = dt.date(measure.academic_year + 1, 5, 20 - n % 10)
            measure.status = MeasureStatus.DONE
            measure.done_on = format_date(year_end)
            if measure.section is MeasureSection.COURSES:
                measure.product_kind = ProductKind.CERTIFICATE
                measure.product_title = (
                    f"Удостоверение о повышении квалификации, {measure.hours} ч."
                )
                measure.attitude = "Полезно: материалы курса использую при подготовке уроков."
            elif measure.section is MeasureSection.TRIALS:
                measure.product_kind = ProductKind.TECHNOLOGY
                measure.product_title = "Описание приёмов и результаты апробации"
                measure.product_link = "Методический кабинет, папка «ИОМ»"
                measure.attitude = "Получилось не сразу; со второй четверти приёмы прижились."
            else:
                category = measure.deficits[0] if measure.deficits else DeficitCategory.METHODICAL
                _title, kind, product = CATALOGUE[category]["measure"]
                measure.product_kind = kind
                measure.product_title = product
                measure.attitude = "Доволен(льна) результатом, коллеги попросили материалы."
    service.save(route_id, draft, today)

    # A correction in the second year: a course moved a year later, a workshop added.
    draft = service.draft(route_id)
    later = next(
        (m for m in draft.measures if m.status is not MeasureStatus.DONE and m.academic_year),
        None,
    )
    if later is not None and later.academic_year is not None:
        later.academic_year = min(later.academic_year + 1, start + 4)
    draft.measures.append(
        MeasureDraft(
            section=MeasureSection.MEASURES,
            title="Мастер-класс для молодых педагогов района",
            academic_year=start + 4,
            term=MeasureTerm.SPRING,
            deficits=[deficits[0]],
            expected_result="материалы мастер-класса; подготовка к роли наставника",
        )
    )
    draft.correction = CorrectionDraft(
        made_on=format_date(dt.date(start + 1, 12, 10)),
        reason=CorrectionReason.OWN_NEEDS,
        description="По итогам полугодия педагог решил готовиться к роли наставника; "
        "курс перенесён из-за нагрузки в выпускном классе.",
    )
    service.save(route_id, draft, today)

    # Partial reflection after two years.
    draft = service.draft(route_id)
    outcomes = [DeficitOutcome.PARTLY, DeficitOutcome.OVERCOME, DeficitOutcome.REMAINS]
    for n, (_category, line) in enumerate(draft.deficits.items()):
        if n == 0:
            line.outcome = outcomes[0]
            line.reflection = (
                "Курс пройден, приёмы опробованы; нужно закрепить в работе со всеми классами."
            )
        elif n == 1:
            line.outcome = outcomes[1]
            line.reflection = "Подготовлен и представлен коллегам педагогический продукт."
    draft.reflection_on = format_date(dt.date(current, 6, 10))  # the end of the second year
    draft.closeness = ImageCloseness.PARTLY
    draft.reflection = (
        "Промежуточная рефлексия по итогам двух лет: стал(а) увереннее в цифровых формах "
        "работы, появились первые публикации; до желаемого образа педагога-исследователя "
        "ещё предстоит работа над проектной деятельностью обучающихся."
    )
    service.save(route_id, draft, today)

    # 3. A route still being drawn up: self-determination done, diagnosis begun.
    draft = service.new_draft(drafting.id, today)
    draft.self_determination_on = format_date(min(today, dt.date(current, 11, 1)))
    draft.desired_image = (
        "Хочу уверенно вести уроки после перерыва и вернуть себе квалификационную категорию."
    )
    service.save(None, draft, today)
