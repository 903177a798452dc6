"""The municipal summary: the banks three schools sent, combined, equal the sum of their own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, build_documents
from desktop_app.models import Organisation
from desktop_app.models.db import copy_sqlite, open_database
from desktop_app.services.municipal import (
    NotABanksFile,
    collect,
    read_school_banks,
    write_summary,
)

TODAY = dt.date(2026, 11, 23)
SCHOOLS = [
    ("МКОУ «Красновская СОШ»", 0),
    ("МКОУ «Заречная ООШ»", 1),
    ("МБОУ «Лесная СОШ»", 2),
]


def _school_bank(demo_template: Path, folder: Path, name: str, archive: int, day=TODAY) -> Path:
    """The demo school renamed, with ``archive`` of its mentees archived so that the schools
    differ, exported as the school would send it."""
    from desktop_app.models import MenteeProfile, Person

    db = open_database(copy_sqlite(demo_template, folder / f"{name[-8:-1]}.sqlite"))
    try:
        with db.transaction() as session:
            org = session.scalars(select(Organisation).where(Organisation.is_own)).one()
            org.short_name = name
            org.full_name = name.replace(
                "МКОУ", "Муниципальное казённое общеобразовательное учреждение"
            )
            mentees = session.scalars(
                select(Person).join(MenteeProfile).where(MenteeProfile.active).order_by(Person.id)
            ).all()
            for person in mentees[:archive]:
                person.archived_on = TODAY
        [path] = build_documents(db, ["banks"], folder / name[-8:-1], ExportOptions(today=day))
    finally:
        db.close()
    return path


@pytest.fixture
def bank_files(demo_template: Path, tmp_path: Path) -> list[Path]:
    return [_school_bank(demo_template, tmp_path, n, a) for n, a in SCHOOLS]


def _sheet_rows(path: Path, sheet: str) -> list[tuple]:
    ws = load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]


def test_summary_equals_the_sum_of_the_schools(bank_files: list[Path], tmp_path: Path) -> None:
    own = {}
    for path in bank_files:
        school = read_school_banks(path)
        own[school.short_name] = (
            len(_sheet_rows(path, "Банк наставников")),
            len(_sheet_rows(path, "Банк наставляемых")),
        )
        assert (len(school.mentors), len(school.mentees)) == own[school.short_name]
        assert school.as_of == TODAY and not school.notes
    assert own["МКОУ «Заречная ООШ»"][1] == own["МКОУ «Красновская СОШ»"][1] - 1

    data = collect(bank_files)
    target = write_summary(data, tmp_path / "свод.xlsx", TODAY, "Тестовский район")
    wb = load_workbook(target)
    assert wb.sheetnames == ["Свод по организациям", "Наставники", "Наставляемые"]
    totals = wb["Свод по организациям"]
    assert totals["A1"].value == "Тестовский район"
    header = [c.value for c in totals[4]]
    mentors_col, mentees_col = header.index("Наставников"), header.index("Наставляемых")
    body = [r for r in totals.iter_rows(min_row=5, values_only=True) if r[1]]
    by_school = {r[1]: (r[mentors_col], r[mentees_col]) for r in body[:-1]}
    assert set(by_school) == {s.organisation for s in data.schools}
    [total] = [r for r in body if r[1] == "Итого по муниципалитету"]
    assert body[-1] == total
    assert total[mentors_col] == sum(m for m, _ in own.values())
    assert total[mentees_col] == sum(m for _, m in own.values())
    for school in data.schools:
        assert by_school[school.organisation] == own[school.short_name]

    mentors = _sheet_rows(target, "Наставники")
    assert len(mentors) == total[mentors_col]
    first_school = [r for r in mentors if r[1] == "МБОУ «Лесная СОШ»"]
    assert len(first_school) == own["МБОУ «Лесная СОШ»"][0]
    # The rows are the schools' own: the same names in the same order.
    lesnaya = [r[1] for r in _sheet_rows(bank_files[2], "Банк наставников")]
    assert [r[2] for r in first_school] == lesnaya
    mentees_header = [c.value for c in wb["Наставляемые"][4]]
    assert mentees_header[:3] == ["№", "Направившая организация", "ФИО"]


def test_a_newer_file_of_the_same_school_replaces_the_older(
    demo_template: Path, tmp_path: Path
) -> None:
    old = _school_bank(demo_template, tmp_path / "old", "МКОУ «Заречная ООШ»", 0, TODAY)
    new = _school_bank(
        demo_template, tmp_path / "new", "МКОУ «Заречная ООШ»", 3, TODAY + dt.timedelta(days=30)
    )
    data = collect([new, old])
    [school] = data.schools
    assert school.path == new
    assert "не учтён" in data.replaced[0] and old.name in data.replaced[0]
    assert "наставляемые: −3" in data.replaced[0]
    assert any("заменяет более ранний файл" in n for n in school.notes)


def test_files_from_an_unknown_source_are_refused(bank_files: list[Path], tmp_path: Path) -> None:
    own_list = tmp_path / "свой список.xlsx"
    wb = Workbook()
    wb.active.append(["ФИО", "Должность"])
    wb.active.append(["Петрова Мария Ивановна", "учитель"])
    wb.save(own_list)
    csv = tmp_path / "банк.csv"
    csv.write_text("ФИО;Должность\n", encoding="utf-8")
    # A bank whose title rows were deleted by hand in Excel.
    trimmed = tmp_path / "обрезанный.xlsx"
    wb = load_workbook(bank_files[0])
    for ws in wb.worksheets:
        ws.delete_rows(1, 3)
    wb.save(trimmed)
    pdf = tmp_path / "банк.xlsx"
    pdf.write_bytes(b"%PDF-1.4 ...")

    for path, words in [
        (own_list, "нет листов «Банк наставников»"),
        (csv, "в формате .xlsx"),
        (trimmed, "не похож на банк"),
        (pdf, "документ PDF"),
    ]:
        with pytest.raises(AppError) as info:
            read_school_banks(path)
        assert words in info.value.message, info.value.message

    data = collect([*bank_files, own_list, pdf])
    assert len(data.schools) == 3 and len(data.refused) == 2
    target = write_summary(data, tmp_path / "свод.xlsx", TODAY)
    rows = [
        r
        for r in load_workbook(target)["Свод по организациям"].iter_rows(values_only=True)
        if isinstance(r[1], str) and r[1].startswith("Файл «")
    ]
    assert [r[1] for r in rows] == ["Файл «свой список.xlsx»", "Файл «банк.xlsx»"]
    assert "нет листов" in rows[0][-1] and "документ PDF" in rows[1][-1]
    with pytest.raises(AppError, match="Нет ни одного файла"):
        write_summary(collect([own_list]), tmp_path / "пустой.xlsx", TODAY)


def test_older_format_and_hand_edits_are_read_with_notes(
    bank_files: list[Path], tmp_path: Path
) -> None:
    wb = load_workbook(bank_files[0])
    ws = wb["Банк наставников"]
    header = [c.value for c in ws[4]]
    ws.delete_cols(header.index("Число наставляемых сейчас") + 1)  # an older version's bank
    ws.cell(row=4, column=ws.max_column + 1, value="Мой комментарий")
    ws["F5"] = "25"  # experience typed as text by hand
    del wb["Банк наставляемых"]
    edited = tmp_path / "старый.xlsx"
    wb.save(edited)
    school = read_school_banks(edited)
    joined = "; ".join(school.notes)
    assert "прежнем формате" in joined and "Число наставляемых сейчас" in joined
    assert "Мой комментарий" in joined
    assert "нет листа «Банк наставляемых»" in joined
    assert school.mentees == []
    target = write_summary(collect([edited]), tmp_path / "свод.xlsx", TODAY)
    row = _sheet_rows(target, "Наставники")[0]
    header = [c.value for c in load_workbook(target)["Наставники"][4]]
    assert row[header.index("Пед. стаж, лет")] == 25


def test_cli_summary(bank_files: list[Path], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.cli import main

    out = tmp_path / "свод.xlsx"
    bad = tmp_path / "не то.csv"
    bad.write_text("a;b\n", encoding="utf-8")
    code = main(["summary", *map(str, bank_files), str(bad), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "не вошёл в свод" in printed and "не то.csv" in printed
    assert str(out) in printed
    assert load_workbook(out).sheetnames[0] == "Свод по организациям"
    assert main(["summary", str(bad), "--out", str(out)]) == 1
    assert "Нет ни одного файла" in capsys.readouterr().out


def test_not_a_banks_file_is_an_import_error() -> None:
    assert issubclass(NotABanksFile, AppError)
