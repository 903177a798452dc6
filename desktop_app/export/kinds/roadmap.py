"""Documents of the roadmap: the plan as approved (.docx), its tracking table (.xlsx), the order
approving it, the order creating the mentoring system and the organisation's own Положение.

The roadmap is ``options.extra["roadmap_id"]``, else the one whose period holds the document
date (else the latest).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import (
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    Column,
    add_table,
    date_in_words,
    format_date,
    initials_first,
    render_docx,
)
from desktop_app.export.files import write_atomic
from desktop_app.export.kinds.common import official_context, output_name, own_organisation
from desktop_app.export.kinds.order_curator import find_curator
from desktop_app.export.registry import (
    DocumentKind,
    ExportCancelled,
    ExportOptions,
    Progress,
    register,
)
from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
from desktop_app.models.db import Database
from desktop_app.services.declension import (
    declined_free_name,
    declined_position,
    person_declined,
    position_declined,
)
from desktop_app.services.roadmap import ItemRow, ItemStatus, RoadmapService, period_label

TABLE_MARKER = "[[ТАБЛИЦА МЕРОПРИЯТИЙ]]"
# The columns of the seeds' roadmaps (001, 000 Приложение 2, 004): share of the text width.
PLAN_COLUMNS = [
    Column("№ п/п", 0.6, "center"),
    Column("Наименование мероприятия", 3.6),
    Column("Срок реализации", 1.5, "center"),
    Column("Ответственный исполнитель", 1.8),
    Column("Результат, вид документа", 2.6),
]
# A portrait page (the order's appendix) is narrower: the headers' long words must still fit.
PORTRAIT_SHARES = [0.7, 3.1, 1.65, 2.25, 2.3]


def _roadmap_id(db: Database, options: ExportOptions) -> int:
    wanted = options.extra.get("roadmap_id")
    if wanted:
        return int(wanted)  # type: ignore[call-overload]
    found = RoadmapService(db).current_id(options.today)
    if found is None:
        raise AppError(
            "В базе нет дорожной карты. Создайте её в разделе «Дорожная карта» "
            "(кнопка «Новая…» заполнит план из шаблона)."
        )
    return found


def _roadmap_context(db: Database, roadmap_id: int) -> dict[str, Any]:
    roadmap = RoadmapService(db).get(roadmap_id)
    period = period_label(roadmap.period_start, roadmap.period_end)
    return {
        "title": roadmap.title,
        # «… на 2026/2027 учебный год» already says the period; a title without it gets it added.
        "period_suffix": "" if period in roadmap.title else f" ({period})",
        "title_upper": roadmap.title[:1].upper() + roadmap.title[1:],
        "period": period,
        "approved_on": roadmap.approved_on,
        "order_number": roadmap.order_number,
        "order_date": roadmap.order_date,
    }


def _curator_context(session, options: ExportOptions) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    org = own_organisation(session)
    curator = find_curator(session, options)
    if curator is not None:
        position = curator.position or org.curator_position or "заместитель директора"
        return {
            "curator": person_declined(session, curator.id),
            "curator_position": position_declined(session, position),
        }
    if org.curator_name.strip():
        return {
            "curator": declined_free_name(org.curator_name),
            "curator_position": declined_position(org.curator_position or "заместитель директора"),
        }
    raise AppError(
        "Не указан куратор наставничества — он назван в приказе. Укажите его ФИО в разделе "
        "«Настройки»."
    )


def _plan_rows(rows: list[ItemRow]) -> list[list[str]]:
    return [
        [r.number, r.title, "", "", ""]
        if r.is_section
        else [r.number, r.title, r.deadline_text, r.responsible, r.result]
        for r in rows
    ]


def _put_table(path: Path, rows: list[ItemRow], landscape: bool) -> None:
    """Replace the marker paragraph by the table of the plan, sections as merged lines."""
    doc = Document(str(path))
    marker = next((p for p in doc.paragraphs if TABLE_MARKER in p.text), None)
    if marker is None:
        return  # the curator took the table out of the template: respect it
    table = add_table(doc, PLAN_COLUMNS, _plan_rows(rows))
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    if not landscape:
        text_width = Mm(210 - MARGIN_LEFT_MM - MARGIN_RIGHT_MM)
    shares = [c.width for c in PLAN_COLUMNS] if landscape else PORTRAIT_SHARES
    widths = [int(text_width * share / sum(shares)) for share in shares]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU → twips
    for number, item in enumerate(rows, start=1):
        _cant_split(table.rows[number])
        if not item.is_section:
            continue
        cells = table.rows[number].cells
        # A section heading never stays alone at the foot of a page.
        for cell in cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        merged = cells[1].merge(cells[-1])
        for paragraph in merged.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        for run in merged.paragraphs[0].runs + cells[0].paragraphs[0].runs:
            run.bold = True
        _shade(cells[0])
        _shade(merged)
    marker._p.addnext(table._tbl)
    marker._p.getparent().remove(marker._p)
    write_atomic(path, lambda temp: doc.save(str(temp)))


def _cant_split(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    properties.append(element)


def _shade(cell) -> None:  # type: ignore[no-untyped-def]
    properties = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), "EEF2F7")
    properties.append(copy.deepcopy(fill))


def _compiler(org) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    if not org.curator_name.strip():
        return "", ""
    position = org.curator_position or "куратор реализации программ наставничества"
    return initials_first(org.curator_name), position[:1].upper() + position[1:]


# --- kinds -----------------------------------------------------------------------------------


def build_roadmap(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    title = "Дорожная карта"
    if not progress(0, 1, title):
        raise ExportCancelled()
    roadmap_id = _roadmap_id(db, options)
    rows = RoadmapService(db).rows(roadmap_id, options.today)
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        org = own_organisation(session)
        context["roadmap"] = _roadmap_context(db, roadmap_id)
        approved = context["roadmap"]["approved_on"]
        context["approval_date_words"] = date_in_words(approved)
        context["compiler"], context["compiler_position"] = _compiler(org)
        context["table"] = TABLE_MARKER
        period = context["roadmap"]["period"].replace("/", "-")
        target = Path(out_dir) / output_name(session, f"{title} {period}", options.today, "docx")
    render_docx("roadmap.docx", context, target)
    _put_table(target, rows, landscape=True)
    progress(1, 1, title)
    return [target]


TRACKING_COLUMNS = [
    XColumn("№ п/п", max_width=7),
    XColumn("Наименование мероприятия", "wrap", 50),
    XColumn("Срок реализации", "wrap", 22),
    XColumn("Контрольная дата", "date"),
    XColumn("Ответственный исполнитель", "wrap", 24),
    XColumn("Результат, вид документа", "wrap", 36),
    XColumn("Состояние"),
    XColumn("Дата выполнения", "date"),
    XColumn("Примечание", "wrap", 30),
    XColumn("Документ", "wrap", 30),
]


def build_tracking(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    title = "Выполнение дорожной карты"
    if not progress(0, 1, title):
        raise ExportCancelled()
    roadmap_id = _roadmap_id(db, options)
    service = RoadmapService(db)
    roadmap = service.get(roadmap_id)
    rows = service.rows(roadmap_id, options.today)
    values: list[list[object]] = []
    marked: set[int] = set()
    counts = dict.fromkeys(ItemStatus, 0)
    for index, r in enumerate(rows):
        if r.is_section:
            values.append([r.number, r.title, "", None, "", "", "", None, "", ""])
            continue
        assert r.status is not None
        counts[r.status] += 1
        if r.status is ItemStatus.OVERDUE:
            marked.add(index)
        values.append(
            [
                r.number,
                r.title,
                r.deadline_label,
                r.due,
                r.responsible,
                r.result,
                r.status_label,
                r.done_on,
                r.note,
                r.document,
            ]
        )
    summary = "; ".join(f"{s.label} — {n}" for s, n in counts.items())
    period = period_label(roadmap.period_start, roadmap.period_end)
    sheet = XSheet(
        "Выполнение",
        f"{title}: {roadmap.title}" + ("" if period in roadmap.title else f" ({period})"),
        TRACKING_COLUMNS,
        values,
        marked,
        note=f"На {format_date(options.today)}: {summary}. Просроченные мероприятия выделены "
        "цветом.",
    )
    with db.session() as session:
        org = own_organisation(session)
        target = Path(out_dir) / output_name(session, title, options.today, "xlsx")
    write_workbook(target, org.short_name or org.full_name, options.today, [sheet])
    progress(1, 1, title)
    return [target]


def build_order_roadmap(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    title = "Приказ об утверждении дорожной карты"
    if not progress(0, 1, title):
        raise ExportCancelled()
    roadmap_id = _roadmap_id(db, options)
    rows = RoadmapService(db).rows(roadmap_id, options.today)
    with db.session() as session:
        roadmap = _roadmap_context(db, roadmap_id)
        day = options.today
        number = options.number or roadmap["order_number"]
        context = official_context(session, day, number)
        context.update(_curator_context(session, options))
        context["roadmap"] = roadmap
        context["table"] = TABLE_MARKER
        target = Path(out_dir) / output_name(session, title, options.today, "docx")
    render_docx("order-roadmap.docx", context, target)
    _put_table(target, rows, landscape=False)
    progress(1, 1, title)
    return [target]


def build_order_system(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    title = "Приказ о создании системы наставничества"
    if not progress(0, 1, title):
        raise ExportCancelled()
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        context.update(_curator_context(session, options))
        due = options.extra.get("roadmap_due") or options.today + dt.timedelta(days=14)
        context["roadmap_due"] = format_date(due)  # type: ignore[arg-type]
        target = Path(out_dir) / output_name(session, title, options.today, "docx")
    render_docx("order-system.docx", context, target)
    progress(1, 1, title)
    return [target]


def build_regulation(
    db: Database, out_dir: Path, options: ExportOptions, progress: Progress
) -> list[Path]:
    title = "Положение о системе наставничества"
    if not progress(0, 1, title):
        raise ExportCancelled()
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        org = own_organisation(session)
        context["municipal_act"] = (
            f", нормативными актами органа управления образованием ({org.municipality})"
            if org.municipality
            else ""
        )
        target = Path(out_dir) / output_name(session, title, options.today, "docx")
    render_docx("regulation.docx", context, target)
    progress(1, 1, title)
    return [target]


ROADMAP_KIND = register(
    DocumentKind(
        key="roadmap",
        title="Дорожная карта (план мероприятий) с грифом «УТВЕРЖДАЮ»",
        fmt="docx",
        build=build_roadmap,
        description="Таблица плана: мероприятие, срок, ответственный, результат; альбомный лист.",
        templates=("roadmap.docx",),
        group="Дорожная карта",
    )
)
TRACKING_KIND = register(
    DocumentKind(
        key="roadmap-tracking",
        title="Выполнение дорожной карты (таблица)",
        fmt="xlsx",
        build=build_tracking,
        description="Состояние каждого мероприятия, контрольные даты, отметки о выполнении.",
        group="Дорожная карта",
    )
)
ORDER_ROADMAP_KIND = register(
    DocumentKind(
        key="order-roadmap",
        title="Приказ об утверждении дорожной карты",
        fmt="docx",
        build=build_order_roadmap,
        description="С планом мероприятий в приложении; ответственный — куратор.",
        takes_number=True,
        templates=("order-roadmap.docx",),
        group="Приказы",
    )
)
ORDER_SYSTEM_KIND = register(
    DocumentKind(
        key="order-system",
        title="Приказ о создании системы наставничества педагогических работников",
        fmt="docx",
        build=build_order_system,
        description="Утверждает Положение о системе наставничества и назначает куратора.",
        takes_number=True,
        templates=("order-system.docx",),
        group="Приказы",
    )
)
REGULATION_KIND = register(
    DocumentKind(
        key="regulation",
        title="Положение о системе наставничества педагогических работников (проект)",
        fmt="docx",
        build=build_regulation,
        description="По образцу муниципальных положений; текст правится в шаблоне Word.",
        takes_number=True,
        templates=("regulation.docx",),
        group="Приказы",
    )
)
