"""The template of «Индивидуальный образовательный маршрут педагога» (route.docx).

Its seven parts follow the algorithm of seed 003, 4.2.2, in the seed's words; the tables repeat
their rows with docxtpl's ``{%tr for … %}`` tags, so the curator can re-word headings and
column titles in Word and the program still fills the rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_templates import (  # type: ignore[import-not-found]
    APPROVAL_INDENT_MM,
    CENTER,
    LEFT,
    TEXT_WIDTH_MM,
    para,
    tag,
)

TABLE_PT = 12


def _cell(cell, text: str, *, bold: bool = False, align=LEFT) -> None:  # type: ignore[no-untyped-def]
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_PT)


def _borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def loop_table(
    doc,  # type: ignore[no-untyped-def]
    headers: list[str],
    shares: list[float],
    cells: list[str],
    loop: str,
    heading: str = "",
) -> None:
    """Header row, then one row per item of ``loop`` («m in roadmap»). With ``heading``, an
    item that has ``m.heading`` is shown as one merged row (the roadmap's parts а)–г))."""
    variable = loop.split()[0]
    rows = 1 + 2 + (4 if heading else 0) + 1
    table = doc.add_table(rows=rows, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    total = sum(shares)
    widths = [Mm(TEXT_WIDTH_MM * s / total) for s in shares]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        # A row is never split between pages: a half of a measure reads as two measures.
        element = OxmlElement("w:cantSplit")
        element.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(element)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        _cell(cell, text, bold=True, align=CENTER)
    index = 1
    _cell(table.rows[index].cells[0], f"{{%tr for {loop} %}}")
    index += 1
    if heading:
        _cell(table.rows[index].cells[0], f"{{%tr if {variable}.heading %}}")
        index += 1
        merged = table.rows[index].cells[0].merge(table.rows[index].cells[-1])
        _cell(merged, f"{{{{ {variable}.heading }}}}", bold=True)
        index += 1
        _cell(table.rows[index].cells[0], "{%tr else %}")
        index += 1
    for cell, text in zip(table.rows[index].cells, cells, strict=True):
        _cell(cell, text)
    index += 1
    if heading:
        _cell(table.rows[index].cells[0], "{%tr endif %}")
        index += 1
    _cell(table.rows[index].cells[0], "{%tr endfor %}")


def part(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    """A numbered part of the route: bold, kept with what follows it."""
    paragraph = para(doc, text, bold=True, indent=False, align=LEFT, space_before=12, space_after=6)
    paragraph.paragraph_format.keep_with_next = True


def route(doc) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "УТВЕРЖДАЮ",
        "{{ head_position }} {{ org.short_name }}",
        "______________ {{ head.signature }}",
        "{{ approval_date_words }}",
    ):
        para(doc, text, align=LEFT, left_mm=APPROVAL_INDENT_MM)
    para(
        doc,
        "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ",
        align=CENTER,
        indent=False,
        bold=True,
        space_before=18,
    )
    para(doc, "педагогического работника", align=CENTER, indent=False, bold=True)
    para(doc, "{{ org.full_name }}", align=CENTER, indent=False, space_after=12)

    for label, value in (
        ("Педагог", "{{ teacher.name }}"),
        ("Должность", "{{ teacher.position }}"),
        ("Преподаваемые предметы", "{{ teacher.subjects }}"),
        ("Квалификационная категория", "{{ teacher.qualification }}"),
        ("Педагогический стаж", "{{ teacher.experience }}"),
        ("Наставник (тьютор)", "{{ tutor }}"),
        ("Срок реализации", "{{ period }}"),
    ):
        p = para(doc, "", indent=False, align=LEFT)
        run = p.add_run(f"{label}: ")
        run.bold = True
        p.add_run(value)

    part(doc, "1. Самоопределение (саморефлексия) педагога")
    para(
        doc,
        "Описание идеального, желаемого образа самого себя как состоявшегося профессионала.",
    )
    para(doc, "Саморефлексия (каким педагог видит себя сейчас):", indent=False, align=LEFT)
    tag(doc, "{%p for line in self_reflection %}")
    para(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")
    para(doc, "Желаемый образ себя как профессионала:", indent=False, align=LEFT, space_before=6)
    tag(doc, "{%p for line in desired_image %}")
    para(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")
    para(doc, "Дата: {{ self_date }}", indent=False, align=LEFT, space_before=6)

    part(
        doc,
        "2. Диагностика (самодиагностика) достижений, достоинств и личностных ресурсов педагога",
    )
    loop_table(
        doc,
        ["№", "Направление", "Уровень", "Достижения, ресурсы"],
        [8, 60, 30, 62],
        ["{{ a.number }}", "{{ a.category }}", "{{ a.level }}", "{{ a.note }}"],
        "a in achievements",
    )
    para(doc, "Дата диагностики: {{ diagnosed_date }}", indent=False, align=LEFT, space_before=6)

    part(doc, "3. Диагностика (самодиагностика) профессиональных затруднений и дефицитов")
    loop_table(
        doc,
        ["№", "Направление", "Степень выраженности", "Затруднения, дефициты"],
        [8, 54, 36, 62],
        ["{{ d.number }}", "{{ d.category }}", "{{ d.level }}", "{{ d.note }}"],
        "d in deficits",
    )

    part(doc, "4. Дорожная карта индивидуального образовательного маршрута")
    loop_table(
        doc,
        ["№", "Мероприятие", "Учебный год, срок", "Дефициты", "Ожидаемый результат"],
        [8, 50, 27, 35, 40],
        [
            "{{ m.number }}",
            "{{ m.title }}",
            "{{ m.when }}",
            "{{ m.deficits }}",
            "{{ m.expected }}",
        ],
        "m in roadmap",
        heading="m.heading",
    )
    para(
        doc,
        "Дорожная карта утверждена: {{ approved_date }}",
        indent=False,
        align=LEFT,
        space_before=6,
    )

    part(doc, "5. Реализация дорожной карты")
    para(
        doc,
        "Достижения педагога по каждому из мероприятий в виде конкретного педагогического "
        "продукта и субъективное отношение к достигнутым результатам.",
    )
    loop_table(
        doc,
        [
            "№",
            "Мероприятие",
            "Отметка о выполнении",
            "Педагогический продукт",
            "Отношение к результату",
        ],
        [8, 44, 34, 38, 36],
        ["{{ m.number }}", "{{ m.title }}", "{{ m.mark }}", "{{ m.product }}", "{{ m.attitude }}"],
        "m in implementation",
    )

    part(doc, "6. Корректировка дорожной карты")
    tag(doc, "{%p if corrections %}")
    loop_table(
        doc,
        ["№", "Дата", "Причина", "Дополнения и изменения"],
        [8, 26, 46, 80],
        ["{{ c.number }}", "{{ c.date }}", "{{ c.reason }}", "{{ c.changes }}"],
        "c in corrections",
    )
    tag(doc, "{%p else %}")
    para(doc, "Корректировки дорожной карты не вносились.")
    tag(doc, "{%p endif %}")

    part(doc, "7. Рефлексивный анализ эффективности индивидуального образовательного маршрута")
    loop_table(
        doc,
        ["№", "Дефицит", "Выполнено мероприятий", "Итог", "Достигнутые результаты"],
        [8, 40, 30, 30, 52],
        [
            "{{ r.number }}",
            "{{ r.category }}",
            "{{ r.progress }}",
            "{{ r.outcome }}",
            "{{ r.text }}",
        ],
        "r in reflection",
    )
    para(
        doc,
        "Степень приближения к желаемому образу педагога-профессионала: {{ closeness }}",
        indent=False,
        align=LEFT,
        space_before=6,
    )
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    tag(doc, "{%p for line in reflection_text %}")
    para(doc, "{{ line }}").paragraph_format.keep_with_next = True
    tag(doc, "{%p endfor %}")
    # The date and the three signatures stay together on one page.
    para(doc, "Дата анализа: {{ reflection_date }}", indent=False, align=LEFT)
    doc.paragraphs[-1].paragraph_format.keep_with_next = True

    for position, name in (
        ("Педагог", "{{ teacher.signature }}"),
        ("Наставник (тьютор)", "{{ tutor_signature }}"),
        ("Куратор наставничества", "{{ curator_signature }}"),
    ):
        line = para(
            doc, f"{position}\t______________ {name}", indent=False, align=LEFT, space_before=18
        )
        line.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    for paragraph in doc.paragraphs[-3:-1]:
        paragraph.paragraph_format.keep_with_next = True
