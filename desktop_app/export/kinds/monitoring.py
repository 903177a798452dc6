"""Monitoring documents (issue 8): the quarterly personified accounting, the monitoring table,
the analytical report, the honour board, the order rewarding mentors and the blank
questionnaires. Every figure comes from services/indicators.py — the screen and the files
read the same numbers.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import Column, add_table, format_date, render_docx
from desktop_app.export.files import write_atomic
from desktop_app.export.kinds.common import official_context, output_name, own_organisation
from desktop_app.export.registry import (
    DocumentKind,
    ExportCancelled,
    ExportOptions,
    Progress,
    register,
)
from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
from desktop_app.models import MentoringPair, PairMembership, Person
from desktop_app.models.db import Database
from desktop_app.models.monitoring import QuestionKind, Questionnaire
from desktop_app.models.program import Program, ProgramStatus
from desktop_app.services import charts
from desktop_app.services import indicators as ind
from desktop_app.services.declension import declined_free_name, person_declined, position_declined
from desktop_app.services.overview import counted

GROUP = "Мониторинг и отчёты"


def period_of(options: ExportOptions) -> ind.Period:
    """The chosen period, else the quarter before today's (the one being reported on)."""
    if options.period is not None:
        start, end = options.period
        if end < start:
            raise AppError("Конец периода раньше его начала — проверьте даты «с» и «по».")
        return ind.Period(start, end)
    return ind.quarter_of(options.today).previous()


def _check(progress: Progress, done: int, total: int, what: str) -> None:
    if not progress(done, total, what):
        raise ExportCancelled()


# ---------------------------------------------------------------- accounting (.xlsx)

ACCOUNTING_COLUMNS = [
    XColumn("№", "int"),
    XColumn("ФИО", "text", 26),
    XColumn("Роль", "text", 14),
    XColumn("Должность", "wrap", 22),
    XColumn("Категория наставляемого", "wrap", 22),
    XColumn("Форма наставничества", "wrap", 22),
    XColumn("Пара / группа", "wrap", 22),
    XColumn("Наставник / наставляемые", "wrap", 30),
    XColumn("Начало", "date"),
    XColumn("Окончание", "date"),
    XColumn("Состояние", "text", 14),
    XColumn("Молодой педагог", "text", 10),
]


def accounting_rows(
    session: Session, period: ind.Period, rule: tuple[int, int]
) -> list[list[object]]:
    pairs = [
        p
        for p in session.scalars(
            select(MentoringPair).options(
                selectinload(MentoringPair.memberships)
                .selectinload(PairMembership.mentee)
                .selectinload(Person.mentee_profile),
                selectinload(MentoringPair.mentor),
            )
        ).all()
        if p.status.value != "forming" and period.overlaps(p.start_on, p.ended_on)
    ]
    rows: list[list[object]] = []

    def add(person: Person, role: str, pair: MentoringPair, counterpart: str) -> None:
        category = ""
        if role == "наставляемый" and person.mentee_profile and person.mentee_profile.category:
            category = person.mentee_profile.category.label
        rows.append(
            [
                0,
                person.full_name,
                role,
                person.position,
                category,
                pair.form.label,
                ("группа" if pair.is_group else "пара")
                + (f" «{pair.title}»" if pair.title else ""),
                counterpart,
                pair.start_on,
                pair.ended_on or pair.planned_end_on,
                pair.status.label,
                "да" if ind.is_young(person, period.end, rule) else "",
            ]
        )

    for pair in sorted(pairs, key=lambda p: (p.mentor.last_name, p.mentor.first_name, p.id)):
        mentees = [m.mentee for m in pair.memberships]
        add(pair.mentor, "наставник", pair, ", ".join(m.full_name for m in mentees))
        for mentee in sorted(mentees, key=lambda m: (m.last_name, m.first_name)):
            add(mentee, "наставляемый", pair, pair.mentor.full_name)
    for number, row in enumerate(rows, start=1):
        row[0] = number
    return rows


def build_accounting(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    period = period_of(options)
    rule = ind.young_teacher_rule(db)
    _check(progress, 0, 1, ACCOUNTING_TITLE)
    with db.session() as session:
        org = own_organisation(session)
        rows = accounting_rows(session, period, rule)
        target = Path(out_dir) / output_name(session, ACCOUNTING_TITLE, options.today, "xlsx")
        organisation = org.full_name
    sheet = XSheet(
        "Учёт участников",
        f"Персонифицированный учёт участников программ наставничества за {period.label}",
        ACCOUNTING_COLUMNS,
        rows,
        note="" if rows else "В этом периоде не было действующих наставнических пар и групп.",
    )
    write_workbook(target, organisation, options.today, [sheet])
    progress(1, 1, "Готово")
    return [target]


ACCOUNTING_TITLE = "Персонифицированный учёт участников"

register(
    DocumentKind(
        key="accounting",
        title="Персонифицированный учёт участников программ наставничества",
        fmt="xlsx",
        build=build_accounting,
        description="Ежеквартальный список наставников и наставляемых за период: роль, форма, "
        "пара или группа, сроки (п. 13 дорожной карты).",
        takes_period=True,
        group=GROUP,
    )
)


# ---------------------------------------------------------------- monitoring table (.xlsx)

MONITORING_COLUMNS = [
    XColumn("Раздел", "wrap", 26),
    XColumn("Показатель", "wrap", 50),
    XColumn("Ед. изм.", "text", 8),
    XColumn("Отчётный период", "text", 16),
    XColumn("Предыдущий период", "text", 16),
    XColumn("Изменение", "text", 14),
]


def _number(value: float | None) -> object:
    """Numbers stay numbers in the table (a methodist sums them); «нет данных» stays words."""
    if value is None:
        return ind.NO_DATA
    return round(value, 1) if not float(value).is_integer() else int(value)


def build_monitoring(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    period = period_of(options)
    _check(progress, 0, 2, MONITORING_TITLE)
    rows_data = ind.compare(db, period)
    _check(progress, 1, 2, MONITORING_TITLE)
    rows = [
        [
            r.indicator.group,
            r.indicator.title,
            r.indicator.unit,
            _number(r.indicator.value),
            _number(r.previous.value),
            r.change_text,
        ]
        for r in rows_data
    ]
    with db.session() as session:
        org = own_organisation(session)
        target = Path(out_dir) / output_name(session, MONITORING_TITLE, options.today, "xlsx")
        organisation = org.full_name
        results = ind.results_in(session, period)
        result_rows = [
            [
                r.person.full_name,
                r.period_start,
                r.period_end,
                r.exams_passed_share,
                r.progress_share,
                r.olympiad_participants,
                r.competitions,
                r.publications,
                r.open_lessons,
                r.note,
            ]
            for r in sorted(results, key=lambda r: (r.person.last_name, r.period_start))
        ]
    sheets = [
        XSheet(
            "Показатели",
            f"Мониторинг реализации системы наставничества: {period.label} "
            f"(предыдущий период — {period.previous().label})",
            MONITORING_COLUMNS,
            rows,
        ),
        XSheet(
            "Результаты наставляемых",
            f"Результаты наставляемых за {period.label}",
            [
                XColumn("Наставляемый", "text", 26),
                XColumn("Период с", "date"),
                XColumn("по", "date"),
                XColumn("Прошли ВПР/ОГЭ/ЕГЭ, %", "text", 12),
                XColumn("Успеваемость, %", "text", 12),
                XColumn("Участники олимпиад", "int", 12),
                XColumn("Конкурсы", "int"),
                XColumn("Публикации", "int"),
                XColumn("Открытые уроки", "int"),
                XColumn("Примечание", "wrap", 30),
            ],
            result_rows,
            note="" if result_rows else "Результаты наставляемых за период не внесены.",
        ),
    ]
    write_workbook(target, organisation, options.today, sheets)
    progress(2, 2, "Готово")
    return [target]


MONITORING_TITLE = "Мониторинг наставничества"

register(
    DocumentKind(
        key="monitoring",
        title="Мониторинг реализации системы наставничества (таблица показателей)",
        fmt="xlsx",
        build=build_monitoring,
        description="Все показатели за период и за предыдущий период с изменением; результаты "
        "наставляемых — на втором листе.",
        takes_period=True,
        group=GROUP,
    )
)


# ---------------------------------------------------------------- analytical report (.docx)


def _count_text(value: float | None, unit: str) -> str:
    return ind.format_value(value, unit) + (
        "" if unit in ("%", "балл", "") or value is None else f" {unit}"
    )


def findings(rows: list[ind.Comparison]) -> tuple[list[str], list[str]]:
    """Successes and problems the data shows, in sentences for the report."""
    by = {r.indicator.key: r for r in rows}
    good: list[str] = []
    bad: list[str] = []

    def value(key: str) -> float | None:
        return by[key].indicator.value

    def change(key: str) -> float | None:
        return by[key].change

    if (value("pairs") or 0) + (value("groups") or 0):
        good.append(
            f"действовали наставнические пары ({_count_text(value('pairs'), '')}) и группы "
            f"({_count_text(value('groups'), '')}): наставников — "
            f"{_count_text(value('mentors'), 'чел.')}, наставляемых — "
            f"{_count_text(value('mentees'), 'чел.')}"
        )
    if value("programs_finished"):
        good.append(
            f"завершено программ наставничества: {_count_text(value('programs_finished'), 'ед.')}"
        )
    on_time = value("activities_on_time")
    if on_time is not None and on_time >= 80:
        good.append(f"мероприятия программ выполнены в срок на {ind.format_value(on_time, '%')}")
    elif on_time is not None:
        bad.append(
            f"в срок выполнено лишь {ind.format_value(on_time, '%')} мероприятий программ — "
            "рассмотреть перенос сроков с наставниками и помощь в организации встреч"
        )
    for key, what in (
        ("exams_passed", "доля обучающихся наставляемых, успешно прошедших ВПР/ОГЭ/ЕГЭ"),
        ("progress", "успеваемость обучающихся наставляемых"),
        ("mentee_growth", "самооценка наставляемых по анкетам"),
    ):
        delta = change(key)
        if delta is not None and delta > 0.05:
            good.append(f"{what} выросла на {ind.format_value(delta, by[key].indicator.unit)}")
        elif delta is not None and delta < -0.05:
            bad.append(
                f"{what} снизилась на {ind.format_value(-delta, by[key].indicator.unit)} — "
                "обсудить с наставниками корректировку программ"
            )
    if value("young_without_mentor"):
        bad.append(
            "молодых педагогов без наставника: "
            f"{_count_text(value('young_without_mentor'), 'чел.')} — продолжить подбор наставников"
        )
    if value("programs_stopped"):
        bad.append(
            f"досрочно прекращено программ: {_count_text(value('programs_stopped'), 'ед.')} — "
            "выяснить причины"
        )
    share = value("young_stayed_share")
    if share is not None and share < 100:
        bad.append(
            f"закрепились в организации {ind.format_value(share, '%')} молодых педагогов, "
            "работавших год назад"
        )
    if not value("results_mentees"):
        bad.append(
            "результаты наставляемых за период не внесены — внести их в разделе «Мониторинг»"
        )
    if not good:
        good.append("за период нет данных, по которым можно судить о достижениях")
    if not bad:
        bad.append("существенных проблем по данным мониторинга не выявлено")
    return good, bad


def _marker(number: int) -> str:
    return f"[[таблица {number + 1}]]"


def _put_tables(path: Path, columns: list[Column], tables: dict[str, list[list[str]]]) -> None:
    """Put each table where the template has its marker paragraph (``{{p s.table }}``).

    Tables are added after rendering, with the engine's table layout, so the template only
    says where they go; a marker the curator deleted from the template drops its table.
    """
    from docx import Document

    doc = Document(str(path))
    for paragraph in list(doc.paragraphs):
        rows = tables.get(paragraph.text.strip())
        if rows is None:
            continue
        table = add_table(doc, columns, rows)
        paragraph._p.addnext(table._tbl)
        paragraph._p.getparent().remove(paragraph._p)
    write_atomic(path, lambda temp: doc.save(str(temp)))


def build_analytical_report(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    period = period_of(options)
    previous = period.previous()
    _check(progress, 0, 3, "Показатели")
    rows = ind.compare(db, period)
    _check(progress, 1, 3, "Диаграммы")
    specs = [builder(db, period) for _key, _title, builder in charts.CHARTS]
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        org = own_organisation(session)
        target = Path(out_dir) / output_name(
            session, "Аналитическая справка", options.today, "docx"
        )
        curator = org.curator_name.strip()
    context["period"] = period.label
    context["curator_signature"] = declined_free_name(curator).signature if curator else ""
    by = {r.indicator.key: r for r in rows}
    mentors, mentees = by["mentors"].indicator, by["mentees"].indicator
    context["intro"] = [
        f"Справка подготовлена по данным учёта наставничества {org.short_name or org.full_name} "
        f"за {period.label} в сравнении с предыдущим периодом ({previous.label}).",
        f"В наставничестве участвовали наставники ({_count_text(mentors.value, 'чел.')}) и "
        f"наставляемые ({_count_text(mentees.value, 'чел.')}); доля вовлечённых педагогических "
        f"работников — {by['involved_share'].indicator.text}.",
    ]
    good, bad = findings(rows)
    context["successes"] = good
    context["problems"] = bad
    groups: list[str] = []
    for r in rows:
        if r.indicator.group not in groups:
            groups.append(r.indicator.group)
    _check(progress, 2, 3, "Документ")

    columns = [
        Column("Показатель", 4.2),
        Column(period.label, 1.9, "right"),
        Column(previous.label, 1.9, "right"),
        Column("Изменение", 2.2, "right"),
    ]
    tables = {
        _marker(number): [
            [r.indicator.title, r.indicator.text, r.previous.text, r.change_text]
            for r in rows
            if r.indicator.group == group
        ]
        for number, group in enumerate(groups)
    }
    context["sections"] = [
        {"title": group, "text": [], "table": _marker(number)}
        for number, group in enumerate(groups)
    ]
    with tempfile.TemporaryDirectory() as pictures:

        def pictures_in(template: Any) -> dict[str, Any]:
            from docx.shared import Mm
            from docxtpl import InlineImage

            images = []
            for number, spec in enumerate(specs):
                path = charts.render(spec, Path(pictures) / f"chart{number}.png")
                if path is not None:
                    image = InlineImage(template, str(path), width=Mm(160))
                    images.append({"image": image, "title": spec.title})
            return {"charts": images}

        render_docx("analytical-report.docx", context, target, pictures_in)
    _put_tables(target, columns, tables)
    progress(3, 3, "Готово")
    return [target]


register(
    DocumentKind(
        key="analytical-report",
        title="Аналитическая справка о реализации системы наставничества",
        fmt="docx",
        build=build_analytical_report,
        description="Текст с показателями за период и сравнением с предыдущим, таблицы, "
        "диаграммы, достижения и выявленные проблемы.",
        takes_period=True,
        takes_number=False,
        templates=("analytical-report.docx",),
        group=GROUP,
    )
)


# ---------------------------------------------------------------- honour board, reward order


def mentor_merits(session: Session, period: ind.Period) -> list[dict[str, Any]]:
    """Mentors with a program finished in the period or still going, with what they did."""
    programs = session.scalars(
        select(Program).options(selectinload(Program.mentees), selectinload(Program.mentor))
    ).all()
    merits: dict[int, dict[str, Any]] = {}
    for program in programs:
        finished = program.status == ProgramStatus.COMPLETED and period.contains(program.closed_on)
        going = program.status == ProgramStatus.ACTIVE and period.overlaps(program.start_on, None)
        if not (finished or going):
            continue
        entry = merits.setdefault(
            program.mentor_id,
            {
                "person": program.mentor,
                "finished": 0,
                "going": 0,
                "mentees": set(),
                "all_finished": 0,
            },
        )
        entry["finished" if finished else "going"] += 1
        entry["mentees"].update(m.person_id for m in program.mentees)
    for program in programs:
        if program.status == ProgramStatus.COMPLETED and program.mentor_id in merits:
            merits[program.mentor_id]["all_finished"] += 1
    people = {p.id: p for p in session.scalars(select(Person)).all()}
    result = []
    for entry in sorted(
        merits.values(), key=lambda e: (e["person"].last_name, e["person"].first_name)
    ):
        entry["mentee_names"] = sorted(people[i].full_name for i in entry["mentees"] if i in people)
        result.append(entry)
    return result


HONORARY_MENTOR_PROGRAMS = 3  # finished programs after which a mentor is proposed for the badge


def nomination(entry: dict[str, Any]) -> str:
    """The non-material incentive of seed 003, 3.4 that the mentor's record supports."""
    if entry["all_finished"] >= HONORARY_MENTOR_PROGRAMS:
        return (
            "рекомендуется к представлению к нагрудному знаку «Почётный наставник» "
            f"(завершено программ: {entry['all_finished']})"
        )
    if entry["finished"]:
        return (
            "благодарность за высокие результаты наставнической деятельности; учёт при "
            "выдвижении на профессиональные конкурсы, в том числе в качестве члена жюри"
        )
    return "учёт наставнической деятельности при выдвижении на профессиональные конкурсы"


def build_honour_board(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    period = period_of(options)
    _check(progress, 0, 1, "Доска почёта наставников")
    with db.session() as session:
        context = official_context(session, options.today)
        context["period"] = period.label
        mentors = []
        for entry in mentor_merits(session, period):
            person: Person = entry["person"]
            about = ", ".join(
                x
                for x in (
                    person.position,
                    "педагогический стаж "
                    + counted(("год", "года", "лет"), person.experience_on(options.today) or 0)
                    if person.experience_on(options.today) is not None
                    else "",
                    f"{person.qualification_category.label} квалификационная категория"
                    if person.qualification_category
                    else "",
                )
                if x
            )
            lines = []
            if entry["finished"]:
                lines.append(f"Завершено программ наставничества за период: {entry['finished']}.")
            if entry["going"]:
                lines.append(f"Реализуется программ наставничества: {entry['going']}.")
            if entry["mentee_names"]:
                lines.append("Наставляемые: " + ", ".join(entry["mentee_names"]) + ".")
            if person.achievements.strip():
                lines.append("Достижения: " + person.achievements.strip())
            lines.append("Номинация: " + nomination(entry) + ".")
            mentors.append({"name": person.full_name, "about": about, "lines": lines})
        context["mentors"] = mentors
        target = Path(out_dir) / output_name(
            session, "Доска почёта наставников", options.today, "docx"
        )
    render_docx("honour-board.docx", context, target)
    progress(1, 1, "Готово")
    return [target]


register(
    DocumentKind(
        key="honour-board",
        title="Доска почёта наставников",
        fmt="docx",
        build=build_honour_board,
        description="Для страницы «Наставничество» на сайте: наставники с действующими и "
        "завершёнными за период программами, их наставляемые и достижения.",
        takes_period=True,
        templates=("honour-board.docx",),
        group=GROUP,
    )
)


def build_order_reward(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    period = period_of(options)
    _check(progress, 0, 1, "Приказ о поощрении")
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        context["period"] = period.label
        everyone = mentor_merits(session, period)
        # Mentors who finished a program in the period; when none did (the middle of a school
        # year), those whose programs went on in it — «export all» must not stop here.
        merits = [e for e in everyone if e["finished"]] or everyone
        if options.person_ids:
            chosen = set(options.person_ids)
            merits = [e for e in everyone if e["person"].id in chosen]
        if not merits:
            raise AppError(
                f"За {period.label} нет наставников с действующими или завершёнными "
                "программами. Выберите другой период или отметьте наставников в списке."
            )

        def entry(e: dict[str, Any], reason: str, case: str = "dat") -> dict[str, str]:
            # «объявить благодарность» кому (дательный), «рекомендовать» кого (винительный)
            person: Person = e["person"]
            position = position_declined(session, person.position) if person.position else None
            return {
                "name": getattr(person_declined(session, person.id), case),
                "position": getattr(position, case) if position else "",
                "reason": reason,
            }

        context["thanked"] = [
            entry(
                e,
                f" (завершено программ: {e['finished']})"
                if e["finished"]
                else " (реализует программу наставничества)",
            )
            for e in merits
        ]
        recommended = [e for e in merits if e["all_finished"] >= HONORARY_MENTOR_PROGRAMS]
        context["recommended"] = [
            entry(e, f" (всего завершено программ: {e['all_finished']})", "acc")
            for e in recommended
        ]
        number = 3 if recommended else 2
        context["n_contest"], context["n_board"], context["n_control"] = (
            number,
            number + 1,
            number + 2,
        )
        target = Path(out_dir) / output_name(
            session, "Приказ о поощрении наставников", options.today, "docx"
        )
    render_docx("order-reward.docx", context, target)
    progress(1, 1, "Готово")
    return [target]


register(
    DocumentKind(
        key="order-reward",
        title="Приказ о поощрении участников наставнической деятельности",
        fmt="docx",
        build=build_order_reward,
        description="Благодарность наставникам, завершившим программы за период (или "
        f"выбранным); с {HONORARY_MENTOR_PROGRAMS} завершёнными программами — рекомендация к "
        "нагрудному знаку «Почётный наставник».",
        takes_period=True,
        takes_selection=True,
        takes_number=True,
        templates=("order-reward.docx",),
        group="Приказы",
    )
)


# ---------------------------------------------------------------- blank questionnaires


def write_blank_forms(
    db: Database, out_dir: Path, today: dt.date, questionnaire_ids: list[int] | None = None
) -> list[Path]:
    from desktop_app.services.monitoring import MonitoringService

    MonitoringService(db).ensure_defaults()
    with db.session() as session:
        context = official_context(session, today)
        query = (
            select(Questionnaire)
            .options(selectinload(Questionnaire.questions))
            .order_by(Questionnaire.id)
        )
        if questionnaire_ids:
            query = query.where(Questionnaire.id.in_(questionnaire_ids))
        forms = session.scalars(query).all()
        context["forms"] = [
            {
                "title": q.title,
                "questions": [
                    {"text": x.text, "scale": x.kind == QuestionKind.SCALE} for x in q.questions
                ],
            }
            for q in forms
        ]
        title = forms[0].title if len(forms) == 1 else "Бланки анкет"
        target = Path(out_dir) / output_name(session, title, today, "docx")
    render_docx("questionnaire.docx", context, target)
    return [target]


def build_forms(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    _check(progress, 0, 1, "Бланки анкет")
    paths = write_blank_forms(db, out_dir, options.today)
    progress(1, 1, "Готово")
    return paths


register(
    DocumentKind(
        key="questionnaires",
        title="Бланки анкет наставников и наставляемых",
        fmt="docx",
        build=build_forms,
        description="Все анкеты (начало и завершение программы) для заполнения от руки, "
        "каждая на своей странице.",
        templates=("questionnaire.docx",),
        group=GROUP,
    )
)

__all__ = ["findings", "format_date", "period_of", "write_blank_forms"]
