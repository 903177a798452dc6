"""Индивидуальный образовательный маршрут педагога (.docx, one per route) and the summary of
all routes (.xlsx): the seven parts of seed 003, 4.2.2, with the roadmap table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import date_in_words, format_date, initials_first, render_docx
from desktop_app.export.kinds.common import official_context, output_name, own_organisation
from desktop_app.export.registry import (
    DocumentKind,
    ExportCancelled,
    ExportOptions,
    Progress,
    register,
)
from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
from desktop_app.models import (
    AssessmentKind,
    DeficitCategory,
    IndividualRoute,
    MeasureSection,
    MeasureStatus,
    Person,
    RouteStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.overview import counted
from desktop_app.services.routes import (
    _deficit_progress,
    academic_year_of,
    plan_item_when,
    year_of_route,
)

TEMPLATE = "route.docx"
TITLE = "Индивидуальный образовательный маршрут"
SUMMARY_TITLE = "Индивидуальные образовательные маршруты педагогов (сводная таблица)"


def chosen_routes(session: Session, options: ExportOptions) -> list[IndividualRoute]:
    """``extra["route_ids"]`` (from the section), else the routes of the chosen people,
    else every route not in the archive."""
    stmt = (
        select(IndividualRoute)
        .join(Person, IndividualRoute.person_id == Person.id)
        .options(
            selectinload(IndividualRoute.person),
            selectinload(IndividualRoute.tutor),
            selectinload(IndividualRoute.assessments),
            selectinload(IndividualRoute.measures),
            selectinload(IndividualRoute.corrections),
        )
        .order_by(Person.last_name, Person.first_name, IndividualRoute.start_year)
    )
    route_ids = options.extra.get("route_ids")
    if route_ids:
        stmt = stmt.where(IndividualRoute.id.in_(list(route_ids)))  # type: ignore[arg-type]
    elif options.person_ids:
        stmt = stmt.where(
            IndividualRoute.person_id.in_(options.person_ids),
            IndividualRoute.archived_on.is_(None),
        )
    else:
        stmt = stmt.where(IndividualRoute.archived_on.is_(None))
    routes = list(session.scalars(stmt))
    if not routes:
        raise AppError(
            "Нет индивидуальных образовательных маршрутов для выгрузки. Составьте маршрут в "
            "разделе «Маршруты (ИОМ)»."
        )
    return routes


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines or ["—"]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _years_word(years: int) -> str:
    return counted(("год", "года", "лет"), years)


def route_context(route: IndividualRoute, today: dt.date) -> dict[str, Any]:
    """The fields of route.docx for one route (the letterhead comes from official_context)."""
    person = route.person
    experience = person.experience_on(today)
    assessments = {(a.kind, a.category): a for a in route.assessments}

    def grid(kind: AssessmentKind, empty: str) -> list[dict[str, Any]]:
        rows = []
        for number, category in enumerate(DeficitCategory, start=1):
            a = assessments.get((kind, category))
            rows.append(
                {
                    "number": number,
                    "category": category.label,
                    "level": a.level_label if a else "",
                    "note": a.note if a else empty,
                }
            )
        return rows

    roadmap: list[dict[str, Any]] = []
    implementation = []
    number = 0
    for section in MeasureSection:
        measures = [m for m in route.measures if m.section is section]
        if not measures:
            continue
        roadmap.append({"heading": section.label})
        for m in measures:
            number += 1
            provider = ", ".join(x for x in (m.provider, f"{m.hours} ч." if m.hours else "") if x)
            when = plan_item_when(
                {"academic_year": m.academic_year, "term": m.term.value if m.term else None}
            )
            roadmap.append(
                {
                    "heading": "",
                    "number": number,
                    # The provider and hours of a course go with its name, as in a schedule.
                    "title": f"{m.title} ({provider})" if provider else m.title,
                    "provider": provider,
                    "when": when,
                    "deficits": ", ".join(c.label for c in m.deficit_categories),
                    "expected": m.expected_result,
                }
            )
            mark = m.status.label
            if m.done_on:
                mark += f" {format_date(m.done_on)}"
            product = "; ".join(
                x
                for x in (
                    m.product_title or (m.product_kind.label if m.product_kind else ""),
                    m.product_link,
                )
                if x
            )
            implementation.append(
                {
                    "number": number,
                    "title": m.title,
                    "mark": mark,
                    "product": product,
                    "attitude": m.attitude,
                }
            )
    corrections = [
        {
            "number": n,
            "date": format_date(c.made_on),
            "reason": c.reason.label,
            "changes": ". ".join(_capital(x) for x in (c.changes, c.description) if x),
        }
        for n, c in enumerate(route.corrections, start=1)
    ]
    reflection = []
    by_category = {a.category: a for a in route.assessments if a.kind is AssessmentKind.DEFICIT}
    for n, p in enumerate(_deficit_progress(route), start=1):
        a = by_category[p.category]
        reflection.append(
            {
                "number": n,
                "category": p.category.label,
                "progress": f"{p.done} из {p.planned}" if p.planned else "—",
                "outcome": p.outcome.label if p.outcome else "",
                "text": a.reflection,
            }
        )
    tutor = route.tutor
    return {
        "teacher": {
            "name": person.full_name,
            "position": person.position or "—",
            "subjects": person.subjects or "—",
            "qualification": (
                person.qualification_category.label if person.qualification_category else "—"
            ),
            "experience": _years_word(experience) if experience is not None else "—",
            "signature": initials_first(person.full_name),
        },
        "tutor": f"{tutor.full_name}, {tutor.position}"
        if tutor and tutor.position
        else (tutor.full_name if tutor else "не назначен"),
        "tutor_signature": initials_first(tutor.full_name) if tutor else "",
        "period": f"{route.period_label} учебные годы ({_years_word(route.years)}); "
        f"{year_of_route(route.start_year, route.years, today)}; "
        f"маршрут {route.status.label}",
        "self_reflection": _lines(route.self_reflection),
        "desired_image": _lines(route.desired_image),
        "self_date": format_date(route.self_determination_on) or "—",
        "achievements": grid(AssessmentKind.ACHIEVEMENT, ""),
        "deficits": grid(AssessmentKind.DEFICIT, "не выявлены"),
        "diagnosed_date": format_date(route.diagnosed_on) or "—",
        "roadmap": roadmap,
        "approved_date": format_date(route.approved_on) or "—",
        "implementation": implementation,
        "corrections": corrections,
        "reflection": reflection,
        "closeness": route.closeness.label if route.closeness else "—",
        "reflection_text": _lines(route.reflection) if route.reflection.strip() else [],
        "reflection_date": format_date(route.reflection_on) or "—",
        "approval_date_words": date_in_words(route.approved_on),
    }


def build(db: Database, out_dir: Path, options: ExportOptions, progress: Progress) -> list[Path]:
    written: list[Path] = []
    with db.session() as session:
        routes = chosen_routes(session, options)
        base = official_context(session, options.today, options.number)
        org = own_organisation(session)
        curator = initials_first(org.curator_name) if org.curator_name.strip() else ""
        jobs = []
        for route in routes:
            context = dict(base)
            context.update(route_context(route, options.today))
            context["curator_signature"] = curator
            title = f"ИОМ — {route.person.short_name}"
            if len(routes) > 1 and sum(r.person_id == route.person_id for r in routes) > 1:
                title += f" {route.start_year}"
            target = Path(out_dir) / output_name(session, title, options.today, "docx")
            jobs.append((route.person.short_name, context, target))
    for number, (name, context, target) in enumerate(jobs):
        if not progress(number, len(jobs), f"ИОМ: {name}"):
            raise ExportCancelled()
        written.append(render_docx(TEMPLATE, context, target))
    progress(len(jobs), len(jobs), "Готово")
    return written


KIND = register(
    DocumentKind(
        key="route",
        title="Индивидуальный образовательный маршрут педагога (ИОМ)",
        fmt="docx",
        build=build,
        description="Все семь шагов маршрута с таблицей дорожной карты: для выбранных "
        "педагогов или для всех, у кого есть маршрут (каждый — отдельным файлом).",
        takes_selection=True,
        templates=(TEMPLATE,),
        group="Учёт",
    )
)


# --- the summary table ------------------------------------------------------------------------

ROUTE_COLUMNS = [
    XColumn("№", "int"),
    XColumn("ФИО педагога"),
    XColumn("Должность"),
    XColumn("Наставник (тьютор)"),
    XColumn("Срок маршрута"),
    XColumn("Год маршрута"),
    XColumn("Состояние"),
    XColumn("Дефициты (шаг 3)", "wrap"),
    XColumn("Мероприятий запланировано", "int"),
    XColumn("Выполнено", "int"),
    XColumn("На текущий учебный год, не выполнено", "int"),
    XColumn("Курсов ДПО, часов", "int"),
    XColumn("Корректировок", "int"),
    XColumn("Приближение к желаемому образу"),
]
MEASURE_COLUMNS = [
    XColumn("№", "int"),
    XColumn("ФИО педагога"),
    XColumn("Раздел дорожной карты"),
    XColumn("Мероприятие", "wrap"),
    XColumn("Организация"),
    XColumn("Часов", "int"),
    XColumn("Учебный год, срок"),
    XColumn("Дефициты", "wrap"),
    XColumn("Отметка"),
    XColumn("Дата выполнения", "date"),
    XColumn("Педагогический продукт", "wrap"),
]


def summary_sheets(session: Session, options: ExportOptions) -> list[XSheet]:
    routes = chosen_routes(session, options)
    current = academic_year_of(options.today)
    route_rows, measure_rows = [], []
    drafts: set[int] = set()
    for number, route in enumerate(routes, start=1):
        progress = _deficit_progress(route)
        done = sum(1 for m in route.measures if m.status is MeasureStatus.DONE)
        due = sum(
            1
            for m in route.measures
            if m.academic_year == current and m.status is not MeasureStatus.DONE
        )
        hours = sum(m.hours or 0 for m in route.measures if m.section is MeasureSection.COURSES)
        if route.status is RouteStatus.DRAFT:
            drafts.add(number - 1)
        route_rows.append(
            [
                number,
                route.person.full_name,
                route.person.position,
                route.tutor.full_name if route.tutor else "",
                route.period_label,
                year_of_route(route.start_year, route.years, options.today),
                route.status.label,
                "; ".join(f"{p.category.label} ({p.done} из {p.planned})" for p in progress),
                len(route.measures),
                done,
                due,
                hours or None,
                len(route.corrections),
                route.closeness.label if route.closeness else "",
            ]
        )
        for m in route.measures:
            measure_rows.append(
                [
                    len(measure_rows) + 1,
                    route.person.full_name,
                    m.section.short,
                    m.title,
                    m.provider,
                    m.hours,
                    plan_item_when(
                        {
                            "academic_year": m.academic_year,
                            "term": m.term.value if m.term else None,
                        }
                    ),
                    ", ".join(c.label for c in m.deficit_categories),
                    m.status.label,
                    m.done_on,
                    m.product_title or (m.product_kind.label if m.product_kind else ""),
                ]
            )
    return [
        XSheet(
            "Маршруты",
            "Индивидуальные образовательные маршруты педагогов (ИОМ)",
            ROUTE_COLUMNS,
            route_rows,
            marked_rows=drafts,
            note="Выделены маршруты, дорожная карта которых ещё не утверждена.",
        ),
        XSheet(
            "Мероприятия",
            "Дорожные карты ИОМ: мероприятия и их выполнение",
            MEASURE_COLUMNS,
            measure_rows,
        ),
    ]


def build_summary(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    if not progress(0, 1, SUMMARY_TITLE):
        raise ExportCancelled()
    with db.session() as session:
        org = own_organisation(session)
        sheets = summary_sheets(session, options)
        target = Path(out_dir) / output_name(session, "Сводная таблица ИОМ", options.today, "xlsx")
    write_workbook(target, org.short_name or org.full_name, options.today, sheets)
    progress(1, 1, "Готово")
    return [target]


SUMMARY_KIND = register(
    DocumentKind(
        key="routes",
        title="Индивидуальные образовательные маршруты: сводная таблица",
        fmt="xlsx",
        build=build_summary,
        description="Маршруты по педагогам: срок, год маршрута, выполнение по дефицитам, "
        "корректировки; на втором листе — все мероприятия дорожных карт.",
        takes_selection=True,
        group="Отчёты",
    )
)
