"""The municipal summary documents, made from the files the schools sent (issue 9):

* the summary workbook (.xlsx): totals by school, the combined banks, every indicator per school
  with the municipal total, and the combined accounting of participants;
* the analytical report over all schools (.docx): the school's analytical report layout
  (the same template, «Документы → Шаблоны»), with the municipal totals, a table by school and
  the findings the school report draws from the same figures.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import Column
from desktop_app.export.files import document_file_name
from desktop_app.export.kinds.common import official_context, own_organisation
from desktop_app.export.kinds.monitoring import (
    ACCOUNTING_COLUMNS,
    _count_text,
    _put_tables,
    findings,
)
from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
from desktop_app.models.db import Database
from desktop_app.services import charts
from desktop_app.services import indicators as ind
from desktop_app.services import municipal_summary as ms
from desktop_app.services.declension import declined_free_name
from desktop_app.services.municipal import SchoolBanks, SummaryInput, write_summary

SUMMARY_TITLE = "Муниципальный свод по наставничеству"
REPORT_TITLE = "Аналитическая справка по муниципалитету"


def _no_data(period: ind.Period) -> AppError:
    return AppError(
        f"За {period.label} школы не прислали ни одного файла. Загрузите их файлы в разделе "
        "«Муниципалитет» («Загрузить файлы школ…») или выберите другой период."
    )


def _banks_input(db: Database, period: ind.Period) -> SummaryInput:
    schools = []
    for sub in ms._submissions(db, period, "banks"):
        school = SchoolBanks(
            Path(sub.file_name),
            sub.organisation.full_name,
            sub.as_of,
            notes=[sub.notes] if sub.notes else [],
        )
        for person in sub.people:
            (school.mentors if person.role == "mentor" else school.mentees).append(
                {"ФИО": person.full_name, **person.data}
            )
        schools.append(school)
    schools.sort(key=lambda s: s.organisation.casefold())
    return SummaryInput(schools, [], [])


def _figure(value: float | None, unit: str) -> object:
    if value is None:
        return ind.NO_DATA
    if unit in ("%", "балл"):
        return round(value, 1)
    return round(value)


def indicators_sheet(table: ms.IndicatorTable) -> XSheet:
    columns = [
        XColumn("Раздел", "wrap", 22),
        XColumn("Показатель", "wrap", 44),
        XColumn("Ед. изм.", "text", 8),
        *[XColumn(name, "text", 14) for _id, name in table.schools],
        XColumn(ms.TOTAL, "text", 14),
        XColumn("Итого за предыдущий период", "text", 14),
        XColumn("Изменение", "text", 12),
    ]
    rows = []
    for line in table.lines:
        rows.append(
            [
                line.group,
                line.title,
                line.unit,
                *[_figure(line.values.get(org_id), line.unit) for org_id, _n in table.schools],
                _figure(line.total, line.unit),
                _figure(line.total_previous, line.unit),
                line.as_comparison().change_text,
            ]
        )
    return XSheet(
        "Показатели",
        f"Показатели мониторинга по организациям за {table.period.label}",
        columns,
        rows,
        note="Итог числа — сумма по школам; итог доли — доля по всем школам вместе (каждая "
        "школа с весом своей базы: педагогов, мероприятий, молодых педагогов, анкет).",
    )


def accounting_sheet(db: Database, period: ind.Period) -> XSheet:
    headers = [c for c in ACCOUNTING_COLUMNS if c.header != "№"]
    rows: list[list[Any]] = []
    subs = sorted(
        ms._submissions(db, period, "accounting"),
        key=lambda s: s.organisation.display_name.casefold(),
    )
    from desktop_app.services.municipal import _typed

    for sub in subs:
        for row in sub.rows:
            rows.append(
                [len(rows) + 1, sub.organisation.display_name]
                + [_typed(row.data.get(c.header), c.kind) for c in headers]
            )
    return XSheet(
        "Учёт участников",
        f"Персонифицированный учёт участников (все организации) за {period.label}",
        [XColumn("№", "int"), XColumn("Организация", "wrap", 22), *headers],
        rows,
        note="" if rows else "Файлы учёта участников за период не прислали.",
    )


def write_municipal_summary(
    db: Database, period: ind.Period, target: Path, today: dt.date, title: str = ""
) -> Path:
    table = ms.indicator_table(db, period)
    data = _banks_input(db, period)
    if not data.schools and not table.schools and not ms._submissions(db, period, "accounting"):
        raise _no_data(period)
    extra = [indicators_sheet(table), accounting_sheet(db, period)]
    heading = title or SUMMARY_TITLE
    if data.schools:
        return write_summary(data, target, today, heading, extra)
    return write_workbook(target, heading, today, extra)


def default_name(db: Database, title: str, today: dt.date, ext: str) -> str:
    with db.session() as session:
        org = own_organisation(session)
        return document_file_name(org.short_name or org.full_name, title, today, ext)


# ------------------------------------------------------------------- the analytical report


def _by_school_findings(table: ms.IndicatorTable) -> tuple[list[str], list[str]]:
    good, bad = [], []
    names = dict(table.schools)
    try:
        without = table.line("young_without_mentor").values
        involved = table.line("involved_share").values
    except KeyError:
        return good, bad
    lacking = [f"{names[o]} ({int(v)})" for o, v in without.items() if v]
    if lacking:
        bad.append(
            "молодые педагоги без наставника есть в организациях: "
            + ", ".join(lacking)
            + " — предложить им наставников других школ со свободными местами (открытое "
            "наставничество, раздел «Муниципалитет»)"
        )
    known = {o: v for o, v in involved.items() if v is not None}
    if len(known) > 1:
        best = max(known, key=lambda o: known[o])
        good.append(
            f"наибольшая доля педагогов, вовлечённых в наставничество, — в {names[best]} "
            f"({ind.format_value(known[best], '%')}); её опыт рекомендуется распространить"
        )
    return good, bad


def write_municipal_report(db: Database, period: ind.Period, target: Path, today: dt.date) -> Path:
    from desktop_app.export.docx_engine import render_docx

    table = ms.indicator_table(db, period)
    statuses = ms.schools(db, period)
    if not table.schools:
        raise AppError(
            f"За {period.label} ни одна школа не прислала мониторинг (таблицу показателей): "
            "справке не из чего взять цифры. Загрузите файлы школ или выберите другой период."
        )
    previous = period.previous()
    with db.session() as session:
        context = official_context(session, today)
        org = own_organisation(session)
        curator = org.curator_name.strip()
        municipality = org.municipality.strip()
    context["period"] = period.label
    context["curator_signature"] = declined_free_name(curator).signature if curator else ""
    mentors, mentees = table.line("mentors"), table.line("mentees")
    sent = [name for _id, name in table.schools]
    missing = [
        f"{s.name} ({', '.join(k.lower() for k in s.missing)})" for s in statuses if s.missing
    ]
    where = f" {municipality}" if municipality else ""
    context["intro"] = [
        f"Справка подготовлена по данным мониторинга, представленным образовательными "
        f"организациями{where} за {period.label}, в сравнении с предыдущим периодом "
        f"({previous.label}). Данные представили организации ({len(sent)}): "
        + ", ".join(sent)
        + ".",
        f"В наставничестве участвовали наставники ({_count_text(mentors.total, 'чел.')}) и "
        f"наставляемые ({_count_text(mentees.total, 'чел.')}); доля вовлечённых "
        "педагогических работников — "
        f"{ind.format_value(table.line('involved_share').total, '%')}.",
    ]
    if missing:
        context["intro"].append("Представлены не все файлы: " + "; ".join(missing) + ".")
    good, bad = findings(table.comparisons())
    more_good, more_bad = _by_school_findings(table)
    context["successes"] = good + more_good
    if more_bad:  # the per-school line names the schools: the bare total would repeat it
        bad = [x for x in bad if not x.startswith("молодых педагогов без наставника")]
    context["problems"] = bad + more_bad

    groups: list[str] = []
    for line in table.lines:
        if line.group not in groups:
            groups.append(line.group)
    totals_columns = [
        Column("Показатель", 4.2),
        Column(period.label, 1.9, "right"),
        Column(previous.label, 1.9, "right"),
        Column("Изменение", 2.2, "right"),
    ]
    tables: dict[str, list[list[str]]] = {}
    sections = []
    for number, group in enumerate(groups):
        marker = f"[[таблица {number + 1}]]"
        tables[marker] = [
            [
                line.title,
                ind.format_value(line.total, line.unit),
                ind.format_value(line.total_previous, line.unit),
                line.as_comparison().change_text,
            ]
            for line in table.lines
            if line.group == group
        ]
        sections.append(
            {"title": f"{group} (итого по муниципалитету)", "text": [], "table": marker}
        )
    school_marker = f"[[таблица {len(groups) + 1}]]"
    school_keys = [
        ("mentors", "Настав­ников"),
        ("mentees", "Настав­ляемых"),
        ("pairs", "Пар"),
        ("groups", "Групп"),
        ("young_without_mentor", "Молодых без настав­ника"),
        ("involved_share", "Доля вовле­чённых"),
    ]
    widths = {"pairs": 1.0, "groups": 1.15, "young_without_mentor": 1.6}
    school_columns = [Column("Организация", 2.6)] + [
        Column(title, widths.get(key, 1.3), "right") for key, title in school_keys
    ]
    school_rows = [
        [name]
        + [
            ind.format_value(table.line(k).values.get(org_id), table.line(k).unit)
            for k, _t in school_keys
        ]
        for org_id, name in table.schools
    ]
    school_rows.append(
        [ms.TOTAL]
        + [ind.format_value(table.line(k).total, table.line(k).unit) for k, _t in school_keys]
    )
    sections.insert(
        0,
        {
            "title": "Показатели по организациям",
            "text": [
                "Числа — по данным мониторинга каждой организации; итог — сумма по "
                "организациям, доля — по всем педагогам организаций вместе."
            ],
            "table": school_marker,
        },
    )
    context["sections"] = sections
    spec = charts.ChartSpec(
        "municipal",
        f"Участники наставничества по организациям, {period.label}",
        tuple(name for _id, name in table.schools),
        (
            charts.Series("Наставники", tuple(mentors.values.get(o) for o, _n in table.schools)),
            charts.Series("Наставляемые", tuple(mentees.values.get(o) for o, _n in table.schools)),
        ),
        "чел.",
    )
    with tempfile.TemporaryDirectory() as pictures:

        def pictures_in(template: Any) -> dict[str, Any]:
            from docx.shared import Mm
            from docxtpl import InlineImage

            path = charts.render(spec, Path(pictures) / "chart.png")
            if path is None or spec.empty:
                return {"charts": []}
            image = InlineImage(template, str(path), width=Mm(160))
            return {"charts": [{"image": image, "title": spec.title}]}

        render_docx("analytical-report.docx", context, target, pictures_in)
    _put_tables(target, totals_columns, {k: v for k, v in tables.items()})
    _put_tables(target, school_columns, {school_marker: school_rows})
    return target
