"""Each document made from the demo school and read back: the names, dates, numbers and cells
the curator entered are where they belong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from desktop_app.errors import AppError
from desktop_app.export.registry import ExportOptions, all_kinds, build_documents, get_kind
from desktop_app.models import (
    ConsentState,
    DeficitCategory,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Person,
)
from desktop_app.models.db import Database
from desktop_app.services.people import PeopleService, PersonDraft
from tests.conftest import DEMO_TODAY

OPTIONS = ExportOptions(today=DEMO_TODAY, number="45-о")


def docx_text(path: Path) -> str:
    """Every paragraph of the body and of the tables, one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def make(db: Database, key: str, out: Path, **changes: object) -> Path:
    options = ExportOptions(today=DEMO_TODAY, number="45-о")
    for name, value in changes.items():
        setattr(options, name, value)
    written = build_documents(db, [key], out, options)
    assert len(written) == 1
    assert written[0].is_file()
    return written[0]


def person_id(db: Database, last_name: str, first_name: str = "") -> int:
    with db.session() as session:
        stmt = select(Person.id).where(Person.last_name == last_name)
        if first_name:
            stmt = stmt.where(Person.first_name == first_name)
        return int(session.scalars(stmt).one())


# --- the order appointing the curator ----------------------------------------------------------


def test_order_curator_names_the_curator_in_the_cases_the_sentence_needs(
    demo_db: Database, tmp_path: Path
) -> None:
    path = make(demo_db, "order-curator", tmp_path)
    assert path.name == (
        "МКОУ Красновская СОШ — Приказ о назначении куратора наставничества — 23.11.2026.docx"
    )
    text = docx_text(path)
    assert "Муниципальное казённое общеобразовательное учреждение" in text
    assert "ПРИКАЗ" in text
    assert "23.11.2026\t№ 45-о" in text
    assert "с. Красное" in text  # the place, taken from the address
    assert (
        "1. Назначить Лебедеву Ольгу Викторовну, заместителя директора по "
        "учебно-воспитательной работе, куратором" in text
    )
    assert "с 23.11.2026." in text
    assert "2. Лебедевой О.В. обеспечить:" in text
    assert "Директор\tТ.Н. Григорьева" in text
    assert "С приказом ознакомлена:" in text
    assert "О.В. Лебедева" in text
    assert "Котельниковский муниципальный район" in text
    assert "{{" not in text and "{%" not in text


def test_order_curator_layout_after_gost(demo_db: Database, tmp_path: Path) -> None:
    doc = Document(str(make(demo_db, "order-curator", tmp_path)))
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30
    assert round(section.right_margin.mm) == 20
    assert round(section.top_margin.mm) == 20
    assert round(section.page_width.mm) == 210
    # Page numbers from page 2: a different, empty header on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    assert round(normal.paragraph_format.first_line_indent.mm, 1) == 12.5


def test_order_curator_for_a_chosen_man_agrees_in_gender(demo_db: Database, tmp_path: Path) -> None:
    mamedov = person_id(demo_db, "Мамедов")
    text = docx_text(make(demo_db, "order-curator", tmp_path, person_ids=[mamedov], number=""))
    assert "1. Назначить Мамедова Эльчина Рауф оглы," in text
    assert "2. Мамедову Э.Р. обеспечить:" in text
    assert "С приказом ознакомлен:" in text
    assert "Э.Р. Мамедов" in text
    assert "№ ______" in text  # no number yet: a line to write it in by hand


def test_order_curator_start_date_from_options(demo_db: Database, tmp_path: Path) -> None:
    text = docx_text(
        make(demo_db, "order-curator", tmp_path, extra={"start_date": dt.date(2027, 1, 9)})
    )
    assert "с 09.01.2027." in text


def test_order_curator_without_a_curator_says_what_to_fill(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.transaction() as session:
        org = session.scalars(select(Organisation).where(Organisation.is_own)).one()
        org.curator_name = ""
    with pytest.raises(AppError, match="Не указан куратор наставничества"):
        build_documents(demo_db, ["order-curator"], tmp_path / "out", OPTIONS)
    assert not [p for p in (tmp_path / "out").iterdir() if p.is_file()]


def test_order_curator_when_curator_is_not_on_staff(demo_db: Database, tmp_path: Path) -> None:
    """A curator typed in the settings but not in the bank is still declined from the text."""
    with demo_db.transaction() as session:
        org = session.scalars(select(Organisation).where(Organisation.is_own)).one()
        org.curator_name = "Сидоров Пётр Иванович"
        org.curator_position = "учитель истории"
    text = docx_text(make(demo_db, "order-curator", tmp_path))
    assert "Назначить Сидорова Петра Ивановича, учителя истории, куратором" in text
    assert "Сидорову П.И. обеспечить" in text


# --- the consent form ---------------------------------------------------------------------------


def test_consent_for_one_person(demo_db: Database, tmp_path: Path) -> None:
    chernykh = person_id(demo_db, "Черных")
    path = make(demo_db, "consent", tmp_path, person_ids=[chernykh])
    assert "Согласие на обработку ПДн — Черных Д.С — 23.11.2026" in path.name
    text = docx_text(path)
    assert text.count("СОГЛАСИЕ") == 1
    assert "Директору МКОУ «Красновская СОШ»" in text
    assert "Григорьевой Т.Н." in text
    assert "от Черных Дарьи Сергеевны," in text
    assert "Я, Черных Дарья Сергеевна, дата рождения" in text
    assert "зарегистрированная по адресу" in text
    assert "/ Д.С. Черных /" in text
    assert "404350, Волгоградская область" in text
    with demo_db.session() as session:
        person = session.get(Person, chernykh)
        assert person is not None
        birth = person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "________"
        position = person.position
    assert f"дата рождения {birth}" in text
    assert position.split()[0][:-1] in text  # the position in the genitive («учителя …»)


def test_consent_for_everybody_one_page_each(demo_db: Database, tmp_path: Path) -> None:
    path = make(demo_db, "consent", tmp_path)
    doc = Document(str(path))
    with demo_db.session() as session:
        people = list(
            session.scalars(
                select(Person)
                .where(Person.archived_on.is_(None))
                .order_by(Person.last_name, Person.first_name, Person.patronymic)
            )
        )
    forms = [p for p in doc.paragraphs if p.text.startswith("Я, ")]
    assert [p.text.removeprefix("Я, ").split(",")[0] for p in forms] == [
        x.full_name for x in people
    ]
    # Every form after the first starts on a new page.
    addressees = [p for p in doc.paragraphs if p.text.startswith("Директору ")]
    assert len(addressees) == len(people)
    assert not addressees[0].paragraph_format.page_break_before
    assert all(p.paragraph_format.page_break_before for p in addressees[1:])
    text = docx_text(path)
    assert "Я, Мамедов Эльчин Рауф оглы," in text
    assert "от Мамедова Эльчина Рауф оглы," in text


def test_consent_with_nobody_chosen_and_empty_bank(empty_db: Database, tmp_path: Path) -> None:
    with pytest.raises(AppError, match="Нет педагогов"):
        build_documents(empty_db, ["consent"], tmp_path / "out", OPTIONS)


# --- the banks ----------------------------------------------------------------------------------


def _rows(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    header = [c.value for c in sheet[4]]
    rows = []
    for values in sheet.iter_rows(min_row=5, values_only=True):
        if values[0] is None:
            break
        rows.append(dict(zip(header, values, strict=True)))
    return rows


def test_banks_two_sheets_with_every_mentor_and_mentee(demo_db: Database, tmp_path: Path) -> None:
    path = make(demo_db, "banks", tmp_path)
    assert path.suffix == ".xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Банк наставников", "Банк наставляемых"]
    mentors, mentees = book["Банк наставников"], book["Банк наставляемых"]
    assert mentors["A1"].value.startswith("Муниципальное казённое")
    assert mentors["A2"].value == "Банк наставников по состоянию на 23.11.2026"

    with demo_db.session() as session:
        mentor_people = {
            p.full_name: p
            for p in session.scalars(select(Person).join(MentorProfile).where(MentorProfile.active))
        }
        mentee_people = {
            p.full_name: p
            for p in session.scalars(select(Person).join(MenteeProfile).where(MenteeProfile.active))
        }
        mentor_rows, mentee_rows = _rows(mentors), _rows(mentees)
        assert len(mentor_rows) == len(mentor_people) == 10
        assert len(mentee_rows) == len(mentee_people) == 12
        assert sorted(r["ФИО"] for r in mentor_rows) == sorted(mentor_people)
        assert [r["№"] for r in mentee_rows] == list(range(1, 13))

        for row in mentor_rows:
            person = mentor_people[str(row["ФИО"])]
            profile = person.mentor_profile
            assert row["Должность"] == (person.position or None)
            assert row["Пед. стаж, лет"] == person.experience_on(DEMO_TODAY)
            assert row["Наибольшее число наставляемых"] == profile.max_mentees
            assert row["Письменное согласие на назначение"] == (
                "да" if profile.appointment_consent else "нет"
            )
            given = profile.appointment_consent_on
            assert row["Дата согласия на назначение"] == (
                dt.datetime.combine(given, dt.time()) if given else None
            )
            for category in profile.expertise:
                assert category.label in str(row["Направления (в чём может помочь)"])
        college = [r for r in mentor_rows if "колледж" in str(r["Организация"])]
        assert len(college) == 1

        for row in mentee_rows:
            person = mentee_people[str(row["ФИО"])]
            profile = person.mentee_profile
            assert row["Категория наставляемого"] == profile.category.label
            assert row["Запрос"] == profile.request
            assert row["Дата приёма на работу"] == (
                dt.datetime.combine(person.hired_on, dt.time()) if person.hired_on else None
            )
            by_category = {d.category: d for d in profile.difficulties}
            for category in DeficitCategory:
                cell = row[f"Затруднения: {category.label}"]
                found = by_category.get(category)
                if found is None:
                    assert cell is None
                else:
                    assert str(cell).startswith(found.level.label)


def test_banks_mark_people_without_consent(demo_db: Database, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(make(demo_db, "banks", tmp_path))
    with demo_db.session() as session:
        states = {p.full_name: p.consent_state(DEMO_TODAY) for p in session.scalars(select(Person))}
    seen_missing = 0
    for sheet in book:
        header = [c.value for c in sheet[4]]
        consent_col = header.index("Согласие на обработку ПДн")
        for row in sheet.iter_rows(min_row=5):
            if row[0].value is None:
                break
            state = states[row[1].value]
            assert row[consent_col].value == state.label
            marked = row[1].fill.fgColor.rgb not in (None, "00000000")
            assert marked == (state is not ConsentState.GIVEN), row[1].value
            seen_missing += state is not ConsentState.GIVEN
    assert seen_missing >= 1  # the demo has mentors or mentees without consent


def test_banks_of_an_empty_school(empty_db: Database, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(make(empty_db, "banks", tmp_path))
    assert book["Банк наставников"]["A5"].value is None
    assert book["Банк наставников"]["B4"].value == "ФИО"


def test_new_person_appears_in_the_documents(empty_db: Database, tmp_path: Path) -> None:
    """What the curator types in the person form is what the documents say."""
    service = PeopleService(empty_db)
    new_id = service.create(
        PersonDraft(
            last_name="Римская-Корсакова",
            first_name="Анна",
            patronymic="Павловна",
            position="учитель музыки",
            birth_date="14.03.1990",
            consent_given_on="01.09.2026",
        )
    )
    text = docx_text(make(empty_db, "consent", tmp_path / "c", person_ids=[new_id]))
    assert "от Римской-Корсаковой Анны Павловны," in text
    assert "учителя музыки" in text
    assert "дата рождения 14.03.1990" in text
    order = docx_text(make(empty_db, "order-curator", tmp_path / "o", person_ids=[new_id]))
    assert "Назначить Римскую-Корсакову Анну Павловну, учителя музыки, куратором" in order


# --- the registry -------------------------------------------------------------------------------


def test_every_kind_is_complete_and_its_templates_ship() -> None:
    from desktop_app.export.docx_engine import shipped_templates_dir

    kinds = all_kinds()
    assert [k.key for k in kinds][:3] == ["banks", "consent", "order-curator"]
    assert len({k.key for k in kinds}) == len(kinds)
    for kind in kinds:
        assert kind.title and kind.group and kind.fmt in ("docx", "xlsx")
        for name in kind.templates:
            assert (shipped_templates_dir() / name).is_file(), (kind.key, name)


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(AppError, match=r"Неизвестный вид документа «nope».*banks"):
        get_kind("nope")


def test_export_all_then_cancel(demo_db: Database, tmp_path: Path) -> None:
    keys = [k.key for k in all_kinds()]
    written = build_documents(demo_db, keys, tmp_path / "all", OPTIONS)
    assert len(written) >= len(keys)
    assert all(p.stat().st_size > 0 for p in written)

    from desktop_app.export.registry import ExportCancelled

    seen: list[str] = []

    def cancel_on_second(done: int, total: int, what: str) -> bool:
        seen.append(what)
        return done < 1

    with pytest.raises(ExportCancelled):
        build_documents(demo_db, keys, tmp_path / "cancelled", OPTIONS, cancel_on_second)
    assert seen
    leftovers = [p.name for p in (tmp_path / "cancelled").iterdir() if p.name.startswith(".~")]
    assert leftovers == []
