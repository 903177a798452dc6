"""Import of the people bank from messy real-looking spreadsheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop_app.errors import AppError
from desktop_app.models import Gender, MenteeCategory, QualificationCategory
from desktop_app.models.db import Database
from desktop_app.services.people import PeopleFilter, PeopleService, PersonDraft
from desktop_app.services.people_import import (
    ImportCancelled,
    RowAction,
    apply_import,
    guess_header,
    last_import,
    load_source,
    match_header,
    parse_qualification,
    parse_role,
    plan_import,
    read_row,
    split_full_name,
    undo_last_import,
)
from desktop_app.services.spreadsheet import ImportFileError, read_table
from tests.db_helpers import content_digest, db_arg
from tests.services import import_files as files

TODAY = dt.date(2026, 11, 23)  # DEMO_TODAY of conftest


def _content(db: Database, skip: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table: «the database is unchanged in content»."""
    return content_digest(db, skip)


SKIP = ("setting", "person", "change_log")


def _people(db: Database) -> dict[str, object]:
    service = PeopleService(db)
    ids = service.query_ids_sql(PeopleFilter(include_archived=True))
    return {service.get(i).full_name: service.get(i) for i in ids}


def _run(db: Database, path: Path, **kw: object):  # type: ignore[no-untyped-def]
    table, guess = load_source(path)
    plan = plan_import(db, table, guess, today=TODAY, **kw)  # type: ignore[arg-type]
    return plan, apply_import(db, plan)


# --- reading files -------------------------------------------------------------------------


def test_titled_sheet_with_merged_cells_repeats_and_blank_rows(empty_db: Database, tmp_path: Path):
    path = files.titled_xlsx(tmp_path)
    table, guess = load_source(path)
    assert table.sheet == "Педагоги"
    assert guess.header_row == 3  # two title rows and a blank one above the header
    assert set(guess.mapping.values()) >= {"full_name", "birth_date", "role", "mentee_category"}
    plan = plan_import(empty_db, table, guess, today=TODAY)
    assert [r.action for r in plan.rows] == [
        RowAction.NEW,
        RowAction.NEW,
        RowAction.NEW,
        RowAction.REPEAT,
        RowAction.NEW,
    ]
    repeat = plan.rows[3]
    assert repeat.row == 9 and repeat.repeat_of == 6
    assert "Повторяет строку 6" in repeat.problems[0].message
    result = apply_import(empty_db, plan)
    assert (result.created, result.updated) == (4, 0)

    people = _people(empty_db)
    assert set(people) == {
        "Петрова Мария Ивановна",
        "Сидоров Пётр Алексеевич",
        "Алиев Рашид Мамед оглы",
        "Кузнецова Анна",
    }
    petrova = people["Петрова Мария Ивановна"]
    assert petrova.birth_date == dt.date(1990, 3, 5)  # a real Excel date
    assert petrova.qualification_category is QualificationCategory.FIRST
    assert petrova.experience_years == 12
    assert petrova.is_mentor and not petrova.is_mentee
    sidorov = people["Сидоров Пётр Алексеевич"]
    assert sidorov.birth_date == dt.date(1985, 3, 5)  # «5.3.85»
    assert sidorov.experience_years == 18  # «18 лет»
    assert sidorov.qualification_category is QualificationCategory.HIGHEST
    assert sidorov.gender is Gender.MALE
    aliev = people["Алиев Рашид Мамед оглы"]
    assert aliev.patronymic == "Мамед оглы"
    assert aliev.is_mentee and aliev.mentee_profile.category is MenteeCategory.YOUNG_TEACHER
    assert people["Кузнецова Анна"].gender is Gender.FEMALE


def test_three_name_columns_under_a_merged_caption(empty_db: Database, tmp_path: Path) -> None:
    path = files.three_name_columns_xlsx(tmp_path)
    _plan, result = _run(empty_db, path)
    assert result.created == 2
    people = _people(empty_db)
    assert set(people) == {"Петрова Мария Ивановна", "Смирнов Олег"}
    assert people["Петрова Мария Ивановна"].position == "учитель"
    assert people["Смирнов Олег"].birth_date == dt.date(1980, 2, 1)


@pytest.mark.parametrize(
    ("encoding", "sep", "described"),
    [
        ("cp1251", ";", "Windows-1251"),
        ("utf-8-sig", ";", "UTF-8 (BOM)"),
        ("utf-8-sig", ",", "UTF-8 (BOM)"),
        ("utf-8", ",", "UTF-8"),
        ("cp1251", "\t", "Windows-1251"),
    ],
)
def test_csv_in_the_encodings_excel_writes(
    empty_db: Database, tmp_path: Path, encoding: str, sep: str, described: str
) -> None:
    path = files.csv_file(tmp_path, encoding, sep)
    table, _guess = load_source(path)
    assert described in table.describe()
    _plan, result = _run(empty_db, path)
    assert result.created == 4
    people = _people(empty_db)
    assert people["Алиев Рашид Мамед оглы"].birth_date == dt.date(1992, 11, 1)
    assert people["Кузнецова Анна"].position == "учитель начальных классов"


def test_old_excel_xls(empty_db: Database, tmp_path: Path) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "import" / "список педагогов.xls"
    _plan, result = _run(empty_db, fixture)
    assert result.created == 4
    people = _people(empty_db)
    assert people["Петрова Мария Ивановна"].birth_date == dt.date(1990, 3, 5)


# --- bad files: the message, and the database unchanged ------------------------------------


def _refused(db: Database, path: Path) -> str:
    before = _content(db)
    with pytest.raises(AppError) as info:
        table, guess = load_source(path)
        plan_import(db, table, guess, today=TODAY)
    assert _content(db) == before
    return info.value.message


def test_empty_file(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "пусто.csv"
    path.write_bytes(b"")
    assert "«пусто.csv» пуст" in _refused(demo_db, path)
    path.write_bytes(b"\xef\xbb\xbf\r\n;;;\r\n")
    assert "нет заполненных ячеек" in _refused(demo_db, path)
    wb = Workbook()
    wb.save(tmp_path / "пустая книга.xlsx")
    assert "нет заполненных ячеек" in _refused(demo_db, tmp_path / "пустая книга.xlsx")


def test_not_a_spreadsheet(demo_db: Database, tmp_path: Path) -> None:
    pdf = tmp_path / "список.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert "документ PDF, а не таблица" in _refused(demo_db, pdf)
    from docx import Document

    word = tmp_path / "список.docx"
    Document().save(word)
    assert "документ Word" in _refused(demo_db, word)
    broken = tmp_path / "битый.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert "повреждён" in _refused(demo_db, broken)
    binary = tmp_path / "данные.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    assert "двоичные данные" in _refused(demo_db, binary)


def test_password_protected(demo_db: Database) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "import" / "с паролем.xlsx"
    assert "защищён паролем" in _refused(demo_db, fixture)


def test_wrong_encoding(demo_db: Database, tmp_path: Path) -> None:
    koi8 = files.csv_file(tmp_path, "koi8-r", ";", "koi8.csv")
    message = _refused(demo_db, koi8)
    assert "другой кодировке" in message and "CSV UTF-8" in message
    # UTF-8 that once went through a Windows-1251 editor: valid bytes, garbled text.
    text = koi8.with_name("mojibake.csv")
    text.write_text(
        "Ф.И.О.;Должность\nПетрова Мария;учитель\n".encode().decode("cp1251", errors="replace"),
        encoding="utf-8",
    )
    assert "другой кодировке" in _refused(demo_db, text)


def test_missing_required_column(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "без ФИО.csv"
    path.write_text("Должность;Дата рождения\nучитель;01.01.1980\n", encoding="utf-8")
    table, guess = load_source(path)  # the header is found: the curator may pick a column
    assert guess is not None
    before = _content(demo_db)
    with pytest.raises(AppError) as info:
        plan_import(demo_db, table, guess, today=TODAY)
    assert "Не выбран столбец с ФИО" in info.value.message
    assert _content(demo_db) == before
    no_header = tmp_path / "цифры.csv"
    no_header.write_text("1;2;3\n4;5;6\n", encoding="utf-8")
    assert "не найдена строка заголовков" in _refused(demo_db, no_header)


def test_bad_values_listed_per_row_and_field(empty_db: Database, tmp_path: Path) -> None:
    path = files.bad_dates_csv(tmp_path)
    table, guess = load_source(path)
    before = _content(empty_db)
    plan = plan_import(empty_db, table, guess, today=TODAY)
    assert _content(empty_db) == before  # nothing written before the curator confirms
    found = {(p.row, p.field_label, p.is_error): p.message for p in plan.problems}
    assert "даты 31.02.1990 не существует" in found[(2, "Дата рождения", False)]
    assert "ещё не наступила" in found[(3, "Дата рождения", False)]
    assert "name@example.ru" in found[(3, "E-mail", False)]
    assert "Телефон" in found[(3, "Телефон", False)]
    assert "инициалы" in found[(4, "Имя", True)]
    assert "Нет ФИО" in found[(5, "вся строка", True)]
    assert [r.action for r in plan.rows] == [
        RowAction.NEW,
        RowAction.NEW,
        RowAction.ERROR,
        RowAction.ERROR,
    ]
    apply_import(empty_db, plan)
    people = _people(empty_db)
    assert set(people) == {"Петрова Мария Ивановна", "Сидоров Пётр Алексеевич"}
    # A bad optional value is left empty, the good ones are kept.
    assert people["Петрова Мария Ивановна"].birth_date is None
    assert people["Петрова Мария Ивановна"].hired_on == dt.date(2015, 9, 1)
    assert people["Петрова Мария Ивановна"].email == "petrova@school.ru"
    assert people["Сидоров Пётр Алексеевич"].email == ""


# --- duplicates, one transaction, undo -----------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(empty_db: Database, tmp_path: Path):
    path = files.titled_xlsx(tmp_path)
    _run(empty_db, path)
    before = _content(empty_db)
    table, guess = load_source(path)
    plan = plan_import(empty_db, table, guess, today=TODAY)
    assert plan.count(RowAction.SAME) == 4 and not plan.to_write
    assert _content(empty_db) == before


def test_existing_person_updated_not_duplicated(demo_db: Database, tmp_path: Path) -> None:
    people = PeopleService(demo_db)
    ids = people.query_ids_sql(PeopleFilter())
    someone = people.get(ids[0])
    position_before = someone.position
    path = tmp_path / "обновление.csv"
    birth = someone.birth_date.strftime("%d.%m.%Y") if someone.birth_date else ""
    path.write_text(
        f"ФИО;Дата рождения;Телефон\n{someone.full_name.upper()};{birth};8 900 000-00-01\n"
        "Новикова Вера Павловна;02.02.1995;\n",
        encoding="utf-8-sig",
    )
    count = people.count(PeopleFilter(include_archived=True))
    plan, result = _run(demo_db, path)
    assert [r.action for r in plan.rows] == [RowAction.UPDATE, RowAction.NEW]
    assert plan.rows[0].match_id == someone.id
    assert (result.created, result.updated) == (1, 1)
    assert people.count(PeopleFilter(include_archived=True)) == count + 1
    after = people.get(someone.id)
    assert after.phone == "8 900 000-00-01"
    assert after.position == position_before  # an absent column never wipes a value
    assert after.full_name == someone.full_name  # capitals from the file were normalised


def test_duplicates_skipped_when_asked(demo_db: Database, tmp_path: Path) -> None:
    people = PeopleService(demo_db)
    someone = people.get(people.query_ids_sql(PeopleFilter())[0])
    path = tmp_path / "повтор.csv"
    path.write_text(
        f"ФИО;E-mail\nДругое Имя Человека;{someone.email or 'x@y.ru'}\n", encoding="utf-8"
    )
    if not someone.email:
        pytest.skip("the first demo person has no e-mail")
    table, guess = load_source(path)
    plan = plan_import(demo_db, table, guess, today=TODAY, on_duplicate="skip")
    assert plan.rows[0].action is RowAction.SKIP_DUPLICATE  # the same e-mail
    assert plan.rows[0].match_id == someone.id
    assert not plan.to_write
    # The curator switches this one person back to «обновить».
    assert plan.toggle_update(plan.rows[0])
    assert plan.rows[0].action is RowAction.UPDATE and plan.to_write == [plan.rows[0]]
    result = apply_import(demo_db, plan)
    assert (result.created, result.updated) == (0, 1)
    assert people.get(someone.id).full_name == "Другое Имя Человека"


def test_cancel_and_failure_write_nothing(demo_db: Database, tmp_path: Path) -> None:
    path = files.titled_xlsx(tmp_path)
    table, guess = load_source(path)
    plan = plan_import(demo_db, table, guess, today=TODAY)
    before = _content(demo_db)
    with pytest.raises(ImportCancelled):
        apply_import(demo_db, plan, progress=lambda done, total, what: what != "Сохранение")
    assert _content(demo_db) == before
    # A failure in the middle (a row the database refuses) rolls the whole import back.
    plan.rows[2].valid.values["last_name"] = None  # NOT NULL
    with pytest.raises(Exception):  # noqa: B017 - any database error
        apply_import(demo_db, plan)
    assert _content(demo_db) == before


def test_undo_removes_added_and_restores_updated(demo_db: Database, tmp_path: Path) -> None:
    people = PeopleService(demo_db)
    someone = people.get(people.query_ids_sql(PeopleFilter())[0])
    birth = someone.birth_date.strftime("%d.%m.%Y") if someone.birth_date else ""
    path = tmp_path / "обновление.csv"
    path.write_text(
        f"ФИО;Дата рождения;Должность;Роль\n{someone.full_name};{birth};методист;наставник\n"
        "Новикова Вера Павловна;02.02.1995;учитель;наставляемый\n",
        encoding="utf-8",
    )
    before_without = _content(demo_db, skip=SKIP)
    before_draft = people.draft(someone.id)
    _run(demo_db, path)
    assert people.get(someone.id).position == "методист"
    info = last_import(demo_db)
    assert info is not None and (info.created, info.updated) == (1, 1)
    assert not info.changed_since
    message = undo_last_import(demo_db)
    assert "удалено добавленных — 1" in message
    assert people.draft(someone.id) == before_draft
    assert "Новикова Вера Павловна" not in _people(demo_db)
    assert last_import(demo_db) is None
    with pytest.raises(AppError):
        undo_last_import(demo_db)
    # The same content, but for the bank's revision counter, the update time stamps and the
    # change log (which rightly records the import and its undoing).
    assert _content(demo_db, skip=SKIP) == before_without


# --- the row parser ------------------------------------------------------------------------


def test_headers_recognised() -> None:
    cases = {
        "Ф.И.О.": "full_name",
        "Фамилия Имя Отчество": "full_name",
        "ФИО педагога": "full_name",
        "Фамилия": "last_name",
        "Имя": "first_name",
        "Отчество": "patronymic",
        "Должность": "position",
        "Занимаемая должность": "position",
        "Пед. стаж": "experience_years",
        "Стаж работы": "experience_years",
        "Квалиф. категория": "qualification_category",
        "Квалификационная категория": "qualification_category",
        "Дата рождения": "birth_date",
        "Роль": "role",
        "Наставник/наставляемый": "role",
        "Категория наставляемого": "mentee_category",
        "E-mail": "email",
        "Электронная почта": "email",
        "Тел.": "phone",
        "Дата приёма на работу": "hired_on",
        "Согласие на обработку ПДн": "consent",
        "Преподаваемые предметы": "subjects",
    }
    for header, key in cases.items():
        found = match_header(header)
        assert found is not None and found[0] == key, header
    assert match_header("№ п/п") is None
    assert match_header("") is None
    # «Пед. стаж» wins over «Общий стаж» whatever the order.
    guess = guess_header([["ФИО", "Общий стаж", "Пед. стаж"]])
    assert guess is not None and guess.mapping == {0: "full_name", 2: "experience_years"}


def test_value_parsers() -> None:
    assert split_full_name("Алиев Рашид Мамед оглы") == ("Алиев", "Рашид", "Мамед оглы")
    assert split_full_name("Кузнецова Анна") == ("Кузнецова", "Анна", "")
    assert parse_qualification("ВКК") is QualificationCategory.HIGHEST
    assert parse_qualification("1") is QualificationCategory.FIRST
    assert parse_qualification("СЗД") is QualificationCategory.CONFORMITY
    assert parse_qualification("б/к") is QualificationCategory.NONE
    assert parse_qualification("вторая") is None
    assert parse_role("Наставник") == (True, False)
    assert parse_role("наставляемый") == (False, True)
    assert parse_role("наставник, наставляемый") == (True, True)
    assert parse_role("директор") is None


names = st.text(alphabet="абвгдежзиклмнопрстуфхцчшщэюяё", min_size=2, max_size=12)
junk = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1000, 1, 1), dt.date(2999, 1, 1)),
    st.datetimes(dt.datetime(1000, 1, 1), dt.datetime(2999, 1, 1)),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(cells=st.lists(junk, min_size=0, max_size=12))
def test_row_parser_never_crashes_on_any_cell(cells: list[object]) -> None:
    from desktop_app.services.people_import import FIELDS, ImportRow, check_row

    mapping = dict(enumerate(k for k in FIELDS if k not in ("last_name", "first_name")))
    draft, given_fields, problems = read_row(7, cells, mapping)  # type: ignore[arg-type]
    assert isinstance(draft, PersonDraft)
    assert all(p.row == 7 and p.message for p in problems)
    row = ImportRow(7, draft, problems=list(problems), given=given_fields)
    check_row(row, TODAY)
    # Either the row is taken with checked values, or it says why not.
    assert row.valid is not None or any(p.is_error for p in row.problems)


@settings(max_examples=200, deadline=None)
@given(
    last=names,
    first=names,
    patronymic=names,
    birth=st.dates(dt.date(1940, 1, 1), dt.date(2005, 12, 31)),
    two_digit=st.booleans(),
    spaces=st.integers(0, 3),
)
def test_row_parser_reads_names_and_dates_however_written(
    last: str, first: str, patronymic: str, birth: dt.date, two_digit: bool, spaces: int
) -> None:
    from desktop_app.services.people_import import ImportRow, check_row

    pad = " " * spaces
    date_text = (
        f"{birth.day}.{birth.month}.{birth.year % 100:02d}"
        if two_digit
        else birth.strftime("%d.%m.%Y")
    )
    cells = [f"{pad}{last.upper()}{pad} {first} {pad}{patronymic}{pad}", date_text]
    draft, given_fields, problems = read_row(3, cells, {0: "full_name", 1: "birth_date"})
    row = ImportRow(3, draft, problems=list(problems), given=given_fields)
    check_row(row, TODAY)
    assert row.valid is not None
    values = row.valid.values
    assert values["last_name"] == last.capitalize()
    assert values["first_name"] == first.capitalize() or values["first_name"] == first
    expected_year = birth.year
    if two_digit:
        expected_year = (
            2000 + birth.year % 100
            if birth.year % 100 <= TODAY.year % 100
            else (1900 + birth.year % 100)
        )
    if (TODAY.year - expected_year) >= 16:
        assert values["birth_date"] == birth.replace(year=expected_year)


def test_cli_import_dry_run_and_undo(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import main

    path = files.csv_file(tmp_path, "cp1251", ";")
    db_path = db_arg(demo_db)
    demo_db.close()

    def cli(*args: str) -> tuple[int, str]:
        code = main([*args, "--db", db_path])
        return code, capsys.readouterr().out

    code, out = cli("import", str(path), "--dry-run")
    assert code == 0
    assert "добавить: 4" in out and "база не изменена" in out
    assert "«Ф.И.О.» → ФИО (одной строкой)" in out
    _code, out = cli("import", str(path))
    assert "добавлено 4" in out
    _code, out = cli("import", str(path))
    assert "без изменений: 4" in out and "Записывать нечего" in out
    _code, out = cli("import", "--undo")
    assert "отменён" in out
    code, out = cli("import", str(tmp_path / "нет такого.csv"))
    assert code == 1 and "не найден" in out


def test_sheet_with_the_list_is_chosen(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Титул"
    wb.active["A1"] = "Отчёт школы"
    ws = wb.create_sheet("Кадры")
    ws.append(["ФИО", "Должность"])
    ws.append(["Петрова Мария Ивановна", "учитель"])
    path = tmp_path / "два листа.xlsx"
    wb.save(path)
    table, _guess = load_source(path)
    assert table.sheet == "Кадры"
    assert read_table(path)[0].sheet == "Титул"  # without a scorer: the file's order


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="не найден"):
        read_table(tmp_path / "нет.xlsx")
    with pytest.raises(ImportFileError, match="папка"):
        read_table(tmp_path)


def test_undo_refused_once_imported_people_are_in_a_pair(empty_db: Database, tmp_path: Path):
    from desktop_app.models import Base

    path = files.titled_xlsx(tmp_path)
    _run(empty_db, path)
    pair_table = Base.metadata.tables.get("mentoring_pair")
    if pair_table is None:
        pytest.skip("pairs are not on this branch")
    people = _people(empty_db)
    mentor = people["Петрова Мария Ивановна"]
    with empty_db.transaction() as session:
        session.execute(
            pair_table.insert().values(
                mentor_id=mentor.id,
                form="teacher_teacher",
                kinds=[],
                start_on=dt.date(2026, 9, 1),
                planned_end_on=dt.date(2027, 5, 31),
                status="active",
            )
        )
    before = _content(empty_db)
    with pytest.raises(AppError, match="нельзя отменить"):
        undo_last_import(empty_db)
    assert _content(empty_db) == before


def _bank_rows(path: Path, sheet: str, skip: set[str]) -> dict[str, dict[str, object]]:
    from openpyxl import load_workbook

    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[4]]
    out = {}
    for cells in ws.iter_rows(min_row=5, values_only=True):
        if not isinstance(cells[0], int):
            continue
        row = {h: v for h, v in zip(header, cells, strict=False) if h not in skip}
        out[str(row["ФИО"])] = row
    return out


def test_export_import_export_gives_the_same_banks(
    demo_db: Database, empty_db: Database, tmp_path: Path
) -> None:
    from desktop_app.export.registry import ExportOptions, build_documents

    options = ExportOptions(today=TODAY)
    [first] = build_documents(demo_db, ["banks"], tmp_path / "one", options)
    table, guess = load_source(first)
    assert "Банк наставников + Банк наставляемых" in table.describe()
    plan = plan_import(empty_db, table, guess, today=TODAY)
    assert not [p for p in plan.problems if p.is_error]
    apply_import(empty_db, plan)
    [second] = build_documents(empty_db, ["banks"], tmp_path / "two", options)

    # Not carried by the bank file: the organisation (everyone lands in the importing school),
    # the pairs' count, the mentoring course (one text cell), a withdrawal date.
    skip = {
        "№",
        "Организация",
        "Число наставляемых сейчас",
        "Повышение квалификации по наставничеству",
    }
    for sheet in ("Банк наставников", "Банк наставляемых"):
        before = _bank_rows(first, sheet, skip)
        after = _bank_rows(second, sheet, skip)
        assert set(after) == set(before), sheet
        for name, row in before.items():
            if row["Согласие на обработку ПДн"] == "согласие отозвано":
                continue
            assert after[name] == row, (sheet, name)


# --- what an update changes, and the curator's choice per row --------------------------------


def _write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_update_by_name_alone_says_what_changes_and_lets_the_curator_choose(
    empty_db: Database, tmp_path: Path
) -> None:
    header = "ФИО;Предметы;Телефон;Должность"
    _run(
        empty_db,
        _write_csv(
            tmp_path / "первый.csv",
            [
                header,
                "Петрова Мария Ивановна;химия, биология;8 900 111-22-33;учитель химии",
                "Сидоров Пётр Алексеевич;физика;;учитель физики",
                "Орлова Анна Сергеевна;история;;учитель истории",
            ],
        ),
    )
    second = _write_csv(
        tmp_path / "второй.csv",
        [
            header,
            "Петрова Мария Ивановна;химия;;учитель химии",
            "Сидоров Пётр Алексеевич;физика, астрономия;;учитель физики",
            "Орлова Анна Сергеевна;обществознание;;",
        ],
    )
    table, guess = load_source(second)
    plan = plan_import(empty_db, table, guess, today=TODAY)
    petrova, sidorov, orlova = plan.rows
    assert [r.action for r in plan.rows] == [RowAction.UPDATE] * 3
    assert all(r.by_name_only for r in plan.rows)
    text = "\n".join(petrova.what_changes())
    assert "только по ФИО, без даты рождения" in text
    assert "Преподаваемые предметы: «химия, биология» → «химия»" in text
    # The empty phone cell keeps the card's phone, and the preview says so.
    assert "Телефон: в файле пусто — в карточке остаётся «8 900 111-22-33»" in text
    assert [c.field for c in petrova.changes] == ["Преподаваемые предметы"]
    assert "найдены в банке только по ФИО, без даты рождения: 3" in plan.summary()
    assert "Должность: в файле пусто — в карточке остаётся «учитель истории»" in "\n".join(
        orlova.what_changes()
    )
    # Per row: Петрова is a different person (a new card), Сидоров is skipped, Орлова updated.
    assert petrova.choices == [RowAction.UPDATE, RowAction.NEW, RowAction.SKIP_DUPLICATE]
    assert plan.choose(petrova, RowAction.NEW)
    assert plan.choose(sidorov, RowAction.SKIP_DUPLICATE)
    assert not plan.choose(plan.rows[2], RowAction.REPEAT)
    assert "Будет добавлен новой карточкой" in "\n".join(petrova.what_changes())
    result = apply_import(empty_db, plan)
    assert (result.created, result.updated) == (1, 1)
    service = PeopleService(empty_db)
    cards = [service.get(i) for i in service.query_ids_sql(PeopleFilter())]
    petrovas = sorted((p.subjects, p.phone) for p in cards if p.last_name == "Петрова")
    assert petrovas == [("химия", ""), ("химия, биология", "8 900 111-22-33")]
    by_name = {p.full_name: p for p in cards}
    assert by_name["Сидоров Пётр Алексеевич"].subjects == "физика"  # skipped
    assert by_name["Орлова Анна Сергеевна"].subjects == "обществознание"
    assert by_name["Орлова Анна Сергеевна"].position == "учитель истории"  # kept

    # The same file again: the new Петрова matches two cards by name alone — an error that
    # asks for the birth date, and nothing is written.
    again = plan_import(empty_db, table, guess, today=TODAY)
    assert again.rows[0].action is RowAction.ERROR
    assert "несколько педагогов с таким ФИО" in again.rows[0].problems[0].message


def test_importing_a_file_twice_changes_nothing_even_by_name_alone(
    empty_db: Database, tmp_path: Path
) -> None:
    path = files.csv_file(tmp_path, "utf-8", ";")  # no birth date for Кузнецова
    _run(empty_db, path)
    before = _content(empty_db)
    plan, result = _run(empty_db, path)
    assert plan.count(RowAction.SAME) == 4 and (result.created, result.updated) == (0, 0)
    assert all("Изменений нет" in "\n".join(r.what_changes()) for r in plan.rows)
    assert _content(empty_db) == before  # not even the undo record or the log


def _log(db: Database, action: str) -> list[object]:
    from sqlalchemy import select

    from desktop_app.models import ChangeLogEntry

    with db.session() as session:
        return list(
            session.scalars(
                select(ChangeLogEntry)
                .where(ChangeLogEntry.entity == "person", ChangeLogEntry.action == action)
                .order_by(ChangeLogEntry.id)
            )
        )


def test_bulk_import_is_in_the_change_log_and_undo_logs_the_removal(
    empty_db: Database, tmp_path: Path
) -> None:
    plan, _result = _run(empty_db, files.titled_xlsx(tmp_path))
    created = _log(empty_db, "create")
    assert len(created) == 4
    petrova = next(e for e in created if e.title == "Петрова М.И.")
    fields = {c["field"]: c["new"] for c in petrova.changes}
    assert fields["Дата рождения"] == "05.03.1990"
    assert fields["Квалификационная категория"] == "первая"
    assert "Наставник" in fields  # the role came with the card
    aliev = next(e for e in created if e.title.startswith("Алиев"))
    assert "Наставляемый" in {c["field"] for c in aliev.changes}

    undo_last_import(empty_db)
    removed = _log(empty_db, "delete")
    assert sorted(e.entity_id for e in removed) == sorted(e.entity_id for e in created)
    gone = next(e for e in removed if e.title == "Петрова М.И.")
    assert {c["field"]: c["old"] for c in gone.changes}["Дата рождения"] == "05.03.1990"

    # The bulk entry reads exactly like the one the form writes for the same card.
    PeopleService(empty_db).create(plan.rows[0].draft)
    by_form = _log(empty_db, "create")[-1]
    assert (by_form.title, by_form.summary, by_form.user) == (
        petrova.title,
        petrova.summary,
        petrova.user,
    )
    key = lambda c: c["field"]  # noqa: E731
    assert sorted(by_form.changes, key=key) == sorted(petrova.changes, key=key)


def test_cli_dry_run_prints_what_changes_and_only_name_choice(
    empty_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import main

    header = "ФИО;Предметы;Телефон"
    _run(
        empty_db,
        _write_csv(
            tmp_path / "первый.csv",
            [header, "Петрова Мария Ивановна;химия, биология;8 900 111-22-33"],
        ),
    )
    second = _write_csv(tmp_path / "второй.csv", [header, "Петрова Мария Ивановна;химия;"])
    db_path = db_arg(empty_db)
    empty_db.close()

    def cli(*args: str) -> str:
        assert main([*args, "--db", db_path]) == 0
        return capsys.readouterr().out

    out = cli("import", str(second), "--dry-run")
    assert "строка 2: Петрова Мария Ивановна — будет обновлён" in out
    assert "только по ФИО, без даты рождения" in out
    assert "Преподаваемые предметы: «химия, биология» → «химия»" in out
    assert "Телефон: в файле пусто — в карточке остаётся «8 900 111-22-33»" in out
    out = cli("import", str(second), "--dry-run", "--only-name", "skip")
    assert "уже в банке — пропустить" in out and "Записывать нечего" not in out
    out = cli("import", str(second), "--only-name", "new")
    assert "добавлено 1, обновлено 0" in out


def test_a_card_open_in_a_form_sees_the_import_and_its_undo(
    empty_db: Database, tmp_path: Path
) -> None:
    from desktop_app.errors import EditConflict

    _run(empty_db, files.csv_file(tmp_path, "utf-8", ";"))
    people = PeopleService(empty_db)
    petrova = next(p for p in _people(empty_db).values() if p.last_name == "Петрова")
    form = people.draft(petrova.id)  # a curator has the card open
    changed = _write_csv(
        tmp_path / "новая должность.csv",
        ["ФИО;Дата рождения;Должность", "Петрова Мария Ивановна;05.03.1990;методист"],
    )
    _run(empty_db, changed)
    form.phone = "8 900 000-00-02"
    with pytest.raises(EditConflict):
        people.update(petrova.id, form)  # the import's change is not overwritten unseen
    reopened = people.draft(petrova.id)
    undo_last_import(empty_db)
    reopened.phone = "8 900 000-00-03"
    with pytest.raises(EditConflict):
        people.update(petrova.id, reopened)
    assert people.get(petrova.id).position == "учитель математики"
