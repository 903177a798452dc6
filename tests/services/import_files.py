"""Real-looking messy lists of staff, made the way curators make them in Excel.

Each function writes one file into a folder and returns its path; tests import from them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HEADER = ["№ п/п", "Ф.И.О.", "Дата рождения", "Должность", "Пед. стаж", "Квалиф. категория"]
PEOPLE = [
    ["1", "Петрова Мария Ивановна", "05.03.1990", "учитель математики", "12", "первая"],
    ["2", "Сидоров Пётр Алексеевич", "5.3.85", "учитель физики", "18 лет", "Высшая"],
    ["3", "Алиев Рашид Мамед оглы", "1992-11-01", "учитель истории", "3", "без категории"],
    ["4", "  Кузнецова   Анна  ", "", "учитель начальных классов", "1", ""],
]


def titled_xlsx(folder: Path, name: str = "список педагогов.xlsx") -> Path:
    """Two title rows with merged cells above the header, an Excel date, an empty row in the
    middle, a repeated row, and a role column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Педагоги"
    ws["A1"] = "МКОУ «Красновская СОШ»"
    ws.merge_cells("A1:H1")
    ws["A2"] = "Список педагогических работников на 01.09.2026"
    ws.merge_cells("A2:H2")
    ws.append([])
    ws.append([*HEADER, "Роль", "Категория наставляемого"])
    ws.append(
        [
            1,
            "Петрова Мария Ивановна",
            dt.datetime(1990, 3, 5),
            "учитель математики",
            12,
            "первая",
            "наставник",
            None,
        ]
    )
    ws.append(
        [2, "Сидоров Пётр Алексеевич", "5.3.85", "учитель физики", "18 лет", "Высшая", "", None]
    )
    ws.append([])
    ws.append(
        [
            3,
            "Алиев Рашид Мамед оглы",
            "01.11.1992",
            "учитель истории",
            3,
            "без категории",
            "наставляемый",
            "молодой педагог",
        ]
    )
    ws.append(
        [4, "Сидоров Пётр Алексеевич", "05.03.1985", "учитель физики", "18 лет", "Высшая", "", None]
    )
    ws.append([5, "Кузнецова   Анна", None, "учитель начальных классов", 1, None, None, None])
    path = folder / name
    wb.save(path)
    return path


def three_name_columns_xlsx(folder: Path) -> Path:
    """«ФИО» merged over «Фамилия | Имя | Отчество», «Должность» merged down two rows."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "ФИО"
    ws.merge_cells("A1:C1")
    ws["D1"] = "Должность"
    ws.merge_cells("D1:D2")
    ws["E1"] = "Дата рождения"
    ws.merge_cells("E1:E2")
    ws.append(["Фамилия", "Имя", "Отчество"])
    ws.append(["ПЕТРОВА", "МАРИЯ", "ИВАНОВНА", "учитель", "05.03.1990"])
    ws.append(["Смирнов", "Олег", "", "учитель физкультуры", "1.2.1980"])
    path = folder / "три столбца.xlsx"
    wb.save(path)
    return path


def csv_file(folder: Path, encoding: str, sep: str, name: str = "список.csv") -> Path:
    lines = [sep.join(HEADER)]
    for row in PEOPLE:
        lines.append(sep.join(f'"{c}"' if sep in c else c for c in row))
    path = folder / name
    path.write_bytes("\r\n".join(lines).encode(encoding, errors="replace"))
    return path


def bad_dates_csv(folder: Path) -> Path:
    text = (
        "ФИО;Дата рождения;Дата приёма;Телефон;E-mail\n"
        "Петрова Мария Ивановна;31.02.1990;01.09.2015;8 (900) 123-45-67;petrova@school.ru\n"
        "Сидоров Пётр Алексеевич;05.03.2030;;телефона нет;sidorov-at-mail\n"
        "Иванов И.И.;01.01.1980;;;\n"
        ";01.01.1980;учитель;;\n"
    )
    path = folder / "плохие даты.csv"
    path.write_bytes(text.encode("cp1251"))
    return path


_LETTERS = "бвгдклмнпрстфхцчш"


def surname(number: int) -> str:
    """A distinct made-up surname for every number: «Бабова», «Бвбова»…"""
    letters = ""
    while True:
        number, digit = divmod(number, len(_LETTERS))
        letters += _LETTERS[digit]
        if not number:
            break
    return f"{letters.capitalize()}ова"
