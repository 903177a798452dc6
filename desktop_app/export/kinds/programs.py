"""Programs' documents: the program itself (.docx, «УТВЕРЖДАЮ» and the plan table), the mentor's
report on it (.docx) and the state of all programs (.xlsx).

Which programs: ``options.extra["program_ids"]`` (the section passes the selected one), else the
programs of the chosen people (``person_ids``: mentor or mentee), else every program that is
running (the program, the report) or every program (the status table).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import (
    Column,
    add_table,
    date_in_words,
    format_date,
    render_docx,
)
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
    ActivityStatus,
    DeficitCategory,
    EvaluationCriterion,
    EvaluationMark,
    MenteeProfile,
    Person,
    Program,
    ProgramActivity,
    ProgramMentee,
    ProgramStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.declension import initials_first
from desktop_app.services.programs import length_in_words, month_title, progress_of

PROGRAM_TEMPLATE = "program.docx"
REPORT_TEMPLATE = "mentor-report.docx"
PROGRAM_TITLE = "Персонализированная программа наставничества"
REPORT_TITLE = "Отчёт наставника о выполнении программы наставничества"
STATUS_TITLE = "Программы наставничества — состояние"


def _programs(
    session: Session, options: ExportOptions, *, running_only: bool, allow_none: bool = False
) -> list[Program]:
    stmt = select(Program).options(
        selectinload(Program.mentor),
        selectinload(Program.mentees)
        .selectinload(ProgramMentee.person)
        .selectinload(Person.mentee_profile),
        selectinload(Program.activities).selectinload(ProgramActivity.attachments),
        selectinload(Program.meetings),
    )
    ids = options.extra.get("program_ids")
    if ids:
        stmt = stmt.where(Program.id.in_(list(ids)))  # type: ignore[call-overload]
    elif options.person_ids:
        chosen = list(options.person_ids)
        stmt = stmt.where(
            Program.mentor_id.in_(chosen)
            | Program.id.in_(
                select(ProgramMentee.program_id).where(ProgramMentee.person_id.in_(chosen))
            )
        )
    elif running_only:
        stmt = stmt.where(Program.status == ProgramStatus.ACTIVE)
    programs = list(session.scalars(stmt.order_by(Program.start_on, Program.id)))
    if not programs and not allow_none:
        raise AppError(
            "Нет программ наставничества для этого документа. Составьте программу в разделе "
            "«Программы наставничества» (мастер «Новая программа»)."
        )
    return programs


def _person(person: Person) -> dict[str, str]:
    profile: MenteeProfile | None = person.mentee_profile
    return {
        "name": person.full_name,
        "short": person.short_name,
        "signature": initials_first(person.last_name, person.first_name, person.patronymic),
        "position": person.position or "педагогический работник",
        "category": profile.category.label if profile and profile.category else "",
    }


def _difficulty(entry: dict[str, Any]) -> str:
    try:
        label = DeficitCategory(entry["category"]).label
    except ValueError:
        label = str(entry["category"])
    note = (entry.get("note") or "").strip()
    return f"{label}: {note}" if note else label


def _period(program: Program) -> str:
    return f"с {format_date(program.start_on)} по {format_date(program.end_on)}"


def _common(session: Session, program: Program, today: dt.date) -> dict[str, Any]:
    context = official_context(session, today)
    mentees = [_person(m.person) for m in program.mentees]
    context.update(
        mentor=_person(program.mentor),
        mentees=mentees,
        mentees_label="Наставляемые: " if len(mentees) > 1 else "Наставляемый: ",
        mentees_line="; ".join(f"{m['name']}, {m['position']}" for m in mentees),
        form=program.form or "«педагог – педагог»",
        kinds=program.kinds or "традиционное («один на один»)",
        directions=program.directions,
        period=_period(program),
        length=length_in_words(program.start_on, program.end_on),
        goal=program.goal.rstrip("."),
    )
    return context


def _merge_row(table: Any, index: int, text: str) -> None:
    """A month heading across the whole width of the plan table."""
    from docx.shared import Pt

    row = table.rows[index]
    merged = row.cells[0].merge(row.cells[-1])
    for paragraph in merged.paragraphs[1:]:
        paragraph._element.getparent().remove(paragraph._element)
    paragraph = merged.paragraphs[0]
    for run in paragraph.runs[1:]:
        run._element.getparent().remove(run._element)
    run = paragraph.runs[0] if paragraph.runs else paragraph.add_run()
    run.text = text
    run.bold = True
    run.italic = True
    run.font.size = Pt(11)


def _plan_rows(
    program: Program, with_marks: bool, today: dt.date
) -> tuple[list[list[object]], list[tuple[int, str]]]:
    """Rows of the plan grouped under month headings («Октябрь 2026») where the order allows."""
    rows: list[list[object]] = []
    headings: list[tuple[int, str]] = []
    month = None
    dues = [a.due_on for a in program.activities]
    chronological = dues == sorted(dues)
    width = 5 if with_marks else 6
    for number, a in enumerate(program.activities, start=1):
        if chronological and (a.due_on.year, a.due_on.month) != month:
            month = (a.due_on.year, a.due_on.month)
            headings.append((len(rows) + 1, month_title(a.due_on)))
            rows.append([""] * width)
        if with_marks:
            content = f"{a.content} ({a.form})" if a.form else a.content
            rows.append([number, content, format_date(a.due_on), _mark(a, today), _evidence(a)])
        else:
            rows.append(
                [
                    number,
                    a.content,
                    a.form,
                    format_date(a.due_on),
                    a.responsible,
                    a.expected_result,
                ]
            )
    return rows, headings


def _mark(a: ProgramActivity, today: dt.date) -> str:
    moved = (
        f"перенесено с {format_date(a.planned_on)}"
        if a.planned_on and a.planned_on != a.due_on
        else ""
    )
    if a.status is ActivityStatus.DONE:
        return "; ".join(p for p in (f"выполнено {format_date(a.done_on)}".strip(), moved) if p)
    if a.status is ActivityStatus.CANCELLED:
        return "отменено" + (f": {a.note}" if a.note else "")
    state = "не выполнено в срок" if a.due_on < today else "запланировано"
    if moved:
        state = moved + ("; " + a.note if a.note else "") + f"; {state}"
    return state


def _evidence(a: ProgramActivity) -> str:
    parts = [a.evidence] if a.evidence else []
    if a.attachments:
        parts.append("Файлы: " + ", ".join(f.file_name for f in a.attachments))
    if not parts and a.expected_result:
        parts.append(a.expected_result if a.status is ActivityStatus.DONE else "")
    return "; ".join(p for p in parts if p)


def _plan_table(doc: Any, program: Program, with_marks: bool, today: dt.date) -> Any:
    if with_marks:
        columns = [
            Column("№", 0.45, "center"),
            Column("Мероприятие (форма)", 3.8),
            Column("Срок", 1.55, "center"),
            Column("Отметка о выполнении", 2.3),
            Column("Результат, продукт деятельности", 2.9),
        ]
    else:
        columns = [
            Column("№", 0.45, "center"),
            Column("Содержание мероприятия", 3.1),
            Column("Форма", 1.75),
            Column("Срок", 1.55, "center"),
            Column("Ответст-венный", 2.1),
            Column("Ожидаемый результат", 2.6),
        ]
    rows, headings = _plan_rows(program, with_marks, today)
    table = add_table(doc, columns, rows)
    _smaller(table)
    for index, text in headings:
        _merge_row(table, index, text)
    return table


def _smaller(table: Any) -> None:
    """11 pt in the wide tables: ГОСТ Р 7.0.97 allows a smaller size in tables, and a date
    must not break over two lines."""
    from docx.shared import Pt

    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)


TABLE_MARK = "@@table:{}@@"


def _render(
    template_name: str, context: dict[str, Any], tables: dict[str, Any], target: Path
) -> None:
    """render_docx, then each paragraph holding a table's mark is replaced by the table.

    Tables are built with python-docx after the template is filled (docxtpl's subdocuments
    need another library): the template keeps a plain ``{{ plan_table }}`` paragraph that the
    curator can move in Word.
    """
    from docx import Document

    from desktop_app.export.files import write_atomic

    for name in tables:
        context[name] = TABLE_MARK.format(name)
    render_docx(template_name, context, target)
    doc = Document(str(target))
    for paragraph in list(doc.paragraphs):
        text = paragraph.text.strip()
        for name, build in tables.items():
            if text == TABLE_MARK.format(name):
                table = build(doc)
                if table is not None:
                    paragraph._element.addprevious(table._tbl)
                paragraph._element.getparent().remove(paragraph._element)
    write_atomic(target, lambda temp: doc.save(str(temp)))


def build_program(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    written: list[Path] = []
    with db.session() as session:
        programs = _programs(session, options, running_only=True)
        org = own_organisation(session)
        for number, program in enumerate(programs):
            title = f"{PROGRAM_TITLE} — {program.mentor.short_name}"
            if not progress(number, len(programs), title):
                raise ExportCancelled()
            context = _common(session, program, options.today)
            context["approval_date_words"] = date_in_words(program.approved_on)
            context["difficulties"] = [_difficulty(d) for d in program.difficulties]
            context["strengths"] = program.strengths
            context["tasks"] = [t.rstrip(".;") for t in program.tasks]
            context["expected_results"] = [r.rstrip(".;") for r in program.expected_results]
            methods = program.evaluation_methods.strip()
            if methods[:2].istitle():  # «Анализ…» after a colon, but «ВПР…» stays
                methods = methods[:1].lower() + methods[1:]
            context["evaluation_methods"] = methods
            context["curator"] = (
                initials_first(*_split(org.curator_name)) if org.curator_name.strip() else ""
            )
            target = Path(out_dir) / output_name(
                session, _file_title(program, PROGRAM_TITLE), options.today, "docx"
            )
            _render(
                PROGRAM_TEMPLATE,
                context,
                {"plan_table": lambda t, p=program: _plan_table(t, p, False, options.today)},
                target,
            )
            written.append(target)
    progress(len(written), len(written), "Готово")
    return written


def _split(full_name: str) -> tuple[str, str, str]:
    parts = full_name.split()
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], " ".join(parts[2:])


def _file_title(program: Program, title: str) -> str:
    names = ", ".join(m.person.last_name for m in program.mentees)
    return f"{title} — {program.mentor.last_name} – {names}"


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} ч {rest} мин"
    return f"{hours} ч" if hours else f"{rest} мин"


def build_report(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    written: list[Path] = []
    with db.session() as session:
        programs = _programs(session, options, running_only=False)
        if not options.extra.get("program_ids") and not options.person_ids:
            # «Отчёт наставника, each May»: for every program running or finished this year.
            programs = [
                p
                for p in programs
                if p.status is not ProgramStatus.COMPLETED
                or (p.closed_on or p.end_on).year >= options.today.year - 1
            ]
        for number, program in enumerate(programs):
            title = f"{REPORT_TITLE} — {program.mentor.short_name}"
            if not progress(number, len(programs), title):
                raise ExportCancelled()
            context = _common(session, program, options.today)
            done = progress_of(program.activities, options.today)
            moved = sum(
                a.planned_on is not None and a.planned_on != a.due_on for a in program.activities
            )
            context["plan_summary"] = (
                f"Запланировано мероприятий: {done.total}; выполнено: {done.done} "
                f"({done.percent} % без учёта отменённых); перенесено: {moved}; "
                f"отменено: {done.cancelled}; не выполнено в срок на "
                f"{format_date(options.today)}: {done.overdue}."
            )
            if program.status is ProgramStatus.COMPLETED:
                context["state"] = f"Программа завершена {format_date(program.closed_on)}."
            elif program.status is ProgramStatus.STOPPED:
                context["state"] = (
                    f"Программа прекращена досрочно {format_date(program.closed_on)}"
                    + (f": {program.stop_reason}." if program.stop_reason else ".")
                )
            else:
                context["state"] = f"Программа реализуется (отчёт на {format_date(options.today)})."
            minutes = sum(m.duration_minutes or 0 for m in program.meetings)
            count = len(program.meetings)
            context["meetings_summary"] = (
                f"Проведено встреч: {count}"
                + (f", общая продолжительность {_hours(minutes)}." if minutes else ".")
                if count
                else "Встречи в журнале не записаны."
            )
            context["mentor_conclusion"] = program.mentor_conclusion
            context["mentee_conclusion"] = program.mentee_conclusion
            tables: dict[str, Any] = {
                "plan_table": lambda t, p=program: _plan_table(t, p, True, options.today)
            }
            context["meetings_table"] = context["evaluation_table"] = ""
            if count:
                tables["meetings_table"] = lambda t, p=program: _meetings_table(t, p)
            if program.evaluation:
                tables["evaluation_table"] = lambda t, p=program: _evaluation_table(t, p)
            target = Path(out_dir) / output_name(
                session, _file_title(program, "Отчёт наставника"), options.today, "docx"
            )
            _render(REPORT_TEMPLATE, context, tables, target)
            written.append(target)
    progress(len(written), len(written), "Готово")
    return written


def _meetings_table(template: Any, program: Program) -> Any:
    sub = template
    columns = [
        Column("№", 0.6, "center"),
        Column("Дата", 1.7, "center"),
        Column("Мин.", 0.9, "center"),
        Column("Тема встречи", 3.0),
        Column("Содержание, итоги", 3.8),
    ]
    rows = [
        [
            n,
            format_date(m.held_on),
            m.duration_minutes or "",
            m.topic,
            m.notes,  # the curator's private note never goes into a document
        ]
        for n, m in enumerate(program.meetings, start=1)
    ]
    table = add_table(sub, columns, rows)
    _smaller(table)
    return table


def _evaluation_table(template: Any, program: Program) -> Any:
    sub = template
    columns = [
        Column("Критерий (результат успешной реализации программы)", 4.2),
        Column("Оценка", 1.6, "center"),
        Column("Комментарий", 3.0),
    ]
    rows = []
    for criterion in EvaluationCriterion:
        entry = program.evaluation.get(criterion.value)
        if entry is None:
            continue
        rows.append(
            [
                criterion.label[:1].upper() + criterion.label[1:],
                EvaluationMark(entry["mark"]).label,
                entry.get("note", ""),
            ]
        )
    return add_table(sub, columns, rows)


STATUS_COLUMNS = [
    XColumn("№", "int"),
    XColumn("Наставник", "text", 24),
    XColumn("Наставляемый (наставляемые)", "wrap", 30),
    XColumn("Форма наставничества", "wrap", 18),
    XColumn("Начало", "date"),
    XColumn("Окончание", "date"),
    XColumn("Состояние", "text", 14),
    XColumn("Мероприятий в плане", "int", 12),
    XColumn("Выполнено", "int", 11),
    XColumn("Выполнено, %", "int", 11),
    XColumn("Просрочено", "int", 11),
    XColumn("Просроченные мероприятия", "wrap", 40),
    XColumn("Встреч проведено", "int", 11),
    XColumn("Дата завершения", "date"),
]


def build_status(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    if not progress(0, 1, STATUS_TITLE):
        raise ExportCancelled()
    today = options.today
    with db.session() as session:
        programs = _programs(session, options, running_only=False, allow_none=True)
        order = {ProgramStatus.ACTIVE: 0, ProgramStatus.COMPLETED: 1, ProgramStatus.STOPPED: 2}
        programs.sort(key=lambda p: (order[p.status], p.mentor.last_name, p.start_on))
        rows: list[list[object]] = []
        marked: set[int] = set()
        for number, p in enumerate(programs, start=1):
            state = progress_of(p.activities, today)
            overdue = [
                f"{a.content} (срок {format_date(a.due_on)})"
                for a in p.activities
                if p.status is ProgramStatus.ACTIVE and a.status.is_open and a.due_on < today
            ]
            if overdue:
                marked.add(number - 1)
            rows.append(
                [
                    number,
                    p.mentor.full_name,
                    "; ".join(m.person.full_name for m in p.mentees),
                    p.form,
                    p.start_on,
                    p.end_on,
                    p.status.label,
                    state.total,
                    state.done,
                    state.percent,
                    len(overdue) if p.status is ProgramStatus.ACTIVE else 0,
                    "; ".join(overdue),
                    len(p.meetings),
                    p.closed_on,
                ]
            )
        org = own_organisation(session)
        organisation = org.short_name or org.full_name
        target = Path(out_dir) / output_name(session, STATUS_TITLE, today, "xlsx")
    write_workbook(
        target,
        organisation,
        today,
        [
            XSheet(
                name="Программы",
                title="Персонализированные программы наставничества: выполнение планов",
                columns=STATUS_COLUMNS,
                rows=rows,
                marked_rows=marked,
                note="Выделены программы с просроченными мероприятиями. Доля выполненных — "
                "без учёта отменённых мероприятий.",
            )
        ],
    )
    progress(1, 1, STATUS_TITLE)
    return [target]


register(
    DocumentKind(
        key="program",
        title=PROGRAM_TITLE,
        fmt="docx",
        build=build_program,
        description="С грифом «УТВЕРЖДАЮ» и планом мероприятий по месяцам; по одной на пару.",
        takes_selection=True,
        templates=(PROGRAM_TEMPLATE,),
        group="Программы",
    )
)
register(
    DocumentKind(
        key="mentor-report",
        title=REPORT_TITLE,
        fmt="docx",
        build=build_report,
        description="По отмеченному плану, журналу встреч и итоговой оценке программы.",
        takes_selection=True,
        templates=(REPORT_TEMPLATE,),
        group="Отчёты",
    )
)
register(
    DocumentKind(
        key="programs-status",
        title="Состояние программ наставничества",
        fmt="xlsx",
        build=build_status,
        description="Все программы: пара, срок, доля выполненного, просроченные мероприятия.",
        group="Отчёты",
    )
)
