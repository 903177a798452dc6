"""The municipal summary: the banks of mentors and mentees that many schools send, in one table.

A methodist receives each school's «Банк наставников и наставляемых» (.xlsx, made by this
program) by e-mail. ``read_school_banks`` checks that a file is one of the program's banks and
reads it back — also after a curator touched it in Excel, as long as the header row is intact;
``write_summary`` combines the schools into one workbook: the totals by school and the combined
banks of the municipality (open mentoring: a mentor of one school can be offered to another).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.errors import AppError
from desktop_app.services.spreadsheet import ImportFileError, read_table

MENTORS_SHEET = "Банк наставников"
MENTEES_SHEET = "Банк наставляемых"
HEADER_ROW = 4  # the export engine's: title, «по состоянию на», a blank row, then the header
# Columns without which a file is not a bank at all; the rest may be missing in older files.
ESSENTIAL = ("ФИО", "Организация", "Должность")
_AS_OF = re.compile(r"по состоянию на (\d{2})\.(\d{2})\.(\d{4})")


def _current_columns() -> dict[str, list[str]]:
    from desktop_app.export.kinds.banks import MENTEE_COLUMNS, MENTOR_COLUMNS

    return {
        MENTORS_SHEET: [c.header for c in MENTOR_COLUMNS],
        MENTEES_SHEET: [c.header for c in MENTEE_COLUMNS],
    }


@dataclass
class SchoolBanks:
    """One school's file as read: its rows keyed by column header."""

    path: Path
    organisation: str
    as_of: dt.date | None
    mentors: list[dict[str, Any]] = field(default_factory=list)
    mentees: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def without_consent(self) -> int:
        from desktop_app.models import ConsentState

        return sum(
            1
            for row in (*self.mentors, *self.mentees)
            if _text(row.get("Согласие на обработку ПДн")) != ConsentState.GIVEN.label
        )

    @property
    def short_name(self) -> str:
        """The school's short name as its own staff rows show it («МКОУ «Красновская СОШ»»);
        the title row holds the full name, too long for a column."""
        names = [_text(r.get("Организация")) for r in (*self.mentors, *self.mentees)]
        names = [n for n in names if n]
        if not names:
            return self.organisation
        return max(set(names), key=names.count)


class NotABanksFile(ImportFileError):
    """The file is not a bank made by the program (or is damaged beyond reading)."""


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_school_banks(path: Path | str, tables_read: list[Any] | None = None) -> SchoolBanks:
    """``tables_read``: the file's sheets when the caller has read them already."""
    path = Path(path)
    name = f"«{path.name}»"
    tables = {t.sheet: t for t in (tables_read if tables_read is not None else read_table(path))}
    if tables and next(iter(tables.values())).fmt != "xlsx":
        raise NotABanksFile(
            f"Файл {name} — не банк наставников из программы: программа выгружает банк в "
            "формате .xlsx. Попросите школу прислать файл «Банк наставников и наставляемых»."
        )
    found = [s for s in (MENTORS_SHEET, MENTEES_SHEET) if s in tables]
    if not found:
        raise NotABanksFile(
            f"Файл {name} — не банк наставников и наставляемых из программы: в нём нет листов "
            f"«{MENTORS_SHEET}» и «{MENTEES_SHEET}» (есть: {', '.join(tables) or 'ничего'}). "
            "Если школа ведёт учёт в своей таблице, загрузите её через «Импорт педагогов»."
        )
    expected = _current_columns()
    school = SchoolBanks(path, "", None)
    for sheet in found:
        rows = tables[sheet].rows
        if len(rows) < HEADER_ROW:
            raise NotABanksFile(f"Файл {name}, лист «{sheet}»: нет строки заголовков.")
        organisation = _text(rows[0][0] if rows[0] else "")
        title = _text(rows[1][0] if len(rows) > 1 and rows[1] else "")
        header_row = find_header_row(rows, "ФИО")
        header = [_text(c) for c in rows[header_row]]
        missing_essential = [c for c in ESSENTIAL if c not in header]
        if missing_essential or not organisation or sheet not in title:
            lacking = (
                "столбцов " + ", ".join(missing_essential)
                if missing_essential
                else "заголовка с названием школы"
            )
            raise NotABanksFile(
                f"Файл {name}, лист «{sheet}»: не похож на банк, выгруженный программой "
                f"(нет {lacking}). "
                "Возможно, в нём удалили строки над таблицей. Попросите школу выгрузить банк "
                "заново («Документы → Банк наставников и наставляемых»)."
            )
        if school.organisation and organisation != school.organisation:
            raise NotABanksFile(
                f"Файл {name}: листы подписаны разными организациями («{school.organisation}» "
                f"и «{organisation}»). Попросите школу выгрузить банк заново."
            )
        school.organisation = organisation
        match = _AS_OF.search(title)
        if match:
            day, month, year = (int(g) for g in match.groups())
            with contextlib.suppress(ValueError):
                school.as_of = dt.date(year, month, day)
        older = [c for c in expected[sheet] if c not in header]
        if older:
            school.notes.append(
                f"лист «{sheet}» в прежнем формате: нет столбцов {', '.join(older)} — "
                "в своде они пустые"
            )
        extra = [c for c in header if c and c not in expected[sheet]]
        if extra:
            school.notes.append(
                f"лист «{sheet}»: лишние столбцы {', '.join(extra)} не вошли в свод"
            )
        target = school.mentors if sheet == MENTORS_SHEET else school.mentees
        for cells in rows[header_row + 1 :]:
            values = {h: cells[i] for i, h in enumerate(header) if h and i < len(cells)}
            if not _text(values.get("ФИО")) or sum(1 for c in cells if _text(c)) < 2:
                continue  # the note under the table (even with «ФИО» moved first), an empty row
            target.append(values)
    missing = [s for s in (MENTORS_SHEET, MENTEES_SHEET) if s not in tables]
    for sheet in missing:
        school.notes.append(f"нет листа «{sheet}»")
    return school


def find_header_row(rows: list[list[Any]], marker: str) -> int:
    """The row holding the column titles: the engine writes it fourth, but a curator may have
    deleted the blank row above it or added a line of their own."""
    for index, cells in enumerate(rows[:12]):
        if index >= 1 and marker in {_text(c) for c in cells}:
            return index
    return HEADER_ROW - 1


@dataclass
class SummaryInput:
    schools: list[SchoolBanks]
    refused: list[tuple[Path, str]]
    replaced: list[str]


def collect(paths: list[Path]) -> SummaryInput:
    """Read every file; a later bank of the same school replaces an earlier one."""
    by_school: dict[str, SchoolBanks] = {}
    refused: list[tuple[Path, str]] = []
    replaced: list[str] = []
    for path in paths:
        try:
            school = read_school_banks(path)
        except AppError as exc:
            refused.append((Path(path), exc.message))
            continue
        key = " ".join(school.organisation.casefold().split())
        previous = by_school.get(key)
        if previous is not None:
            newer, older = (
                (school, previous)
                if (school.as_of or dt.date.min) >= (previous.as_of or dt.date.min)
                else (previous, school)
            )
            replaced.append(
                f"{school.short_name}: взят файл «{newer.path.name}»"
                f"{' на ' + newer.as_of.strftime('%d.%m.%Y') if newer.as_of else ''}, "
                f"файл «{older.path.name}» не учтён{changes(older, newer)}"
            )
            newer.notes.append(
                f"заменяет более ранний файл «{older.path.name}»{changes(older, newer)}"
            )
            by_school[key] = newer
        else:
            by_school[key] = school
    schools = sorted(by_school.values(), key=lambda s: s.organisation.casefold())
    return SummaryInput(schools, refused, replaced)


def changes(older: SchoolBanks, newer: SchoolBanks) -> str:
    """What a newer bank of a school changed: «; наставники: +1 (Петрова М.И.), −2»."""
    parts = []
    for label, before, after in (
        ("наставники", older.mentors, newer.mentors),
        ("наставляемые", older.mentees, newer.mentees),
    ):
        old_names = {_text(r.get("ФИО")) for r in before}
        new_names = {_text(r.get("ФИО")) for r in after}
        added, gone = sorted(new_names - old_names), sorted(old_names - new_names)
        if added or gone:
            bits = []
            if added:
                bits.append(
                    f"+{len(added)} ({', '.join(added[:3])}{'…' if len(added) > 3 else ''})"
                )
            if gone:
                bits.append(f"−{len(gone)} ({', '.join(gone[:3])}{'…' if len(gone) > 3 else ''})")
            parts.append(f"{label}: {', '.join(bits)}")
    return "; изменения: " + "; ".join(parts) if parts else "; без изменений в составе"


def _young(row: dict[str, Any]) -> bool:
    return "молодой" in _text(row.get("Категория наставляемого")).casefold()


def write_summary(
    data: SummaryInput,
    target: Path,
    today: dt.date,
    title: str = "",
    extra_sheets: list[Any] | None = None,
) -> Path:
    """The summary workbook: totals by school, then the combined banks; the municipal section
    adds the indicators and the combined accounting after them (``extra_sheets``)."""
    from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook

    if not data.schools:
        raise AppError("Нет ни одного файла банка, который можно включить в свод.")
    columns = _current_columns()
    totals_columns = [
        XColumn("№", "int"),
        XColumn("Образовательная организация", "wrap", 40),
        XColumn("Данные на дату", "date"),
        XColumn("Наставников", "int", 12),
        XColumn("из них с письменным согласием на назначение", "int", 16),
        XColumn("Наставляемых", "int", 12),
        XColumn("из них молодых педагогов", "int", 14),
        XColumn("Без согласия на обработку ПДн", "int", 14),
        XColumn("Замечания к файлу", "wrap", 40),
    ]
    rows: list[list[Any]] = []
    for number, school in enumerate(data.schools, start=1):
        rows.append(
            [
                number,
                school.organisation,
                school.as_of,
                len(school.mentors),
                sum(
                    1
                    for r in school.mentors
                    if _text(r.get("Письменное согласие на назначение")) == "да"
                ),
                len(school.mentees),
                sum(1 for r in school.mentees if _young(r)),
                school.without_consent,
                "; ".join(school.notes),
            ]
        )
    rows.append(
        [
            None,
            "Итого по муниципалитету",
            None,
            *[sum(r[i] for r in rows) for i in range(3, 8)],
            "",
        ]
    )
    # Files that could not be taken are listed under the total, each with its reason, so that
    # the methodist knows whom to ask for a new file.
    refused_rows = set()
    for path, message in data.refused:
        refused_rows.add(len(rows))
        rows.append([None, f"Файл «{path.name}»", None, None, None, None, None, None, message])
    totals = XSheet(
        "Свод по организациям",
        "Свод банков наставников и наставляемых",
        totals_columns,
        rows,
        refused_rows,
        note="Выделены цветом файлы, которые не вошли в свод." if refused_rows else "",
    )

    def combined(sheet: str, label: str) -> XSheet:
        headers = [h for h in columns[sheet] if h != "№"]
        kinds = _kinds(sheet)
        widths = _widths(sheet)
        cols = [XColumn("№", "int"), XColumn("Направившая организация", "wrap", 22)]
        cols += [XColumn(h, kinds.get(h, "wrap"), widths.get(h, 24)) for h in headers]
        out: list[list[Any]] = []
        for school in data.schools:
            for row in school.mentors if sheet == MENTORS_SHEET else school.mentees:
                out.append(
                    [len(out) + 1, school.short_name]
                    + [_typed(row.get(h), kinds.get(h, "wrap")) for h in headers]
                )
        return XSheet(label, f"{sheet} (все организации)", cols, out)

    sheets = [
        totals,
        combined(MENTORS_SHEET, "Наставники"),
        combined(MENTEES_SHEET, "Наставляемые"),
    ]
    sheets.extend(extra_sheets or [])
    return write_workbook(target, title or "Муниципальный свод", today, sheets)


def _widths(sheet: str) -> dict[str, int]:
    from desktop_app.export.kinds.banks import MENTEE_COLUMNS, MENTOR_COLUMNS

    source = MENTOR_COLUMNS if sheet == MENTORS_SHEET else MENTEE_COLUMNS
    return {c.header: c.max_width for c in source}


def _kinds(sheet: str) -> dict[str, str]:
    from desktop_app.export.kinds.banks import MENTEE_COLUMNS, MENTOR_COLUMNS

    source = MENTOR_COLUMNS if sheet == MENTORS_SHEET else MENTEE_COLUMNS
    return {c.header: c.kind for c in source}


def _typed(value: Any, kind: str) -> Any:
    """Cells as the engine expects them: a hand-edited file may hold text where a number was."""
    if value is None or value == "":
        return None
    if kind == "int":
        if isinstance(value, (int, float)):
            return int(value)
        text = _text(value)
        return int(text) if text.isdigit() else None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", _text(value))
        if match:
            try:
                return dt.date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                return None
        return None
    return _text(value)
