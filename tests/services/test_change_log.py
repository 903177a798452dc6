"""The change log: every edit of a person (and a pair) leaves who/when/what, in the same
transaction; a failed edit leaves no line; the log is filtered and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop_app.errors import ValidationError
from desktop_app.models import ChangeLogEntry, Person
from desktop_app.models.change_log import record_change, set_current_user
from desktop_app.models.db import Database
from desktop_app.services.change_log import ChangeFilter, ChangeLogService
from desktop_app.services.people import PeopleService, PersonDraft


def _count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(ChangeLogEntry.id))) or 0


def test_create_update_archive_are_logged_with_fields(empty_db: Database) -> None:
    set_current_user("Куратор Иванова")
    try:
        people = PeopleService(empty_db)
        pid = people.create(
            PersonDraft(
                last_name="Петрова",
                first_name="Мария",
                patronymic="Ивановна",
                phone="8 (900) 111-22-33",
                consent_given_on="01.09.2025",
            )
        )
        draft = people.draft(pid)
        draft.phone = "8 (900) 444-55-66"
        draft.position = "учитель математики"
        people.update(pid, draft)
        people.archive(pid, dt.date(2026, 11, 20))
    finally:
        set_current_user(None)
    rows = ChangeLogService(empty_db).entries(ChangeFilter(entity="person", entity_id=pid))
    assert [r.action for r in rows] == ["update", "update", "create"]
    created, updated, archived = rows[2], rows[1], rows[0]
    assert created.title == "Петрова М.И." and created.user == "Куратор Иванова"
    assert "Согласие на обработку ПДн: «01.09.2025»" in created.details
    assert "Телефон: «8 (900) 111-22-33» → «8 (900) 444-55-66»" in updated.details
    assert "Должность: «учитель математики»" in updated.details
    assert updated.summary.startswith("изменено: ")
    assert "Фамилия" not in updated.details  # unchanged fields are not listed
    assert "В архиве с: «20.11.2026»" in archived.details


def test_a_refused_edit_leaves_no_log_line(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    pid = people.create(PersonDraft(last_name="Петрова", first_name="Мария"))
    before = _count(empty_db)
    draft = people.draft(pid)
    draft.email = "не-адрес"
    with pytest.raises(ValidationError):
        people.update(pid, draft)
    assert _count(empty_db) == before
    # An edit that fails inside the transaction rolls its log line back with it.
    with pytest.raises(RuntimeError), empty_db.transaction() as session:
        person = session.get(Person, pid)
        assert person is not None
        person.phone = "123456"
        session.flush()
        raise RuntimeError("power cut")
    assert _count(empty_db) == before


def test_record_change_by_hand_and_text_filter(empty_db: Database) -> None:
    with empty_db.transaction() as session:
        record_change(
            session,
            "document",
            None,
            "export",
            "Банк наставников (.xlsx)",
            title="Банк наставников",
        )
    PeopleService(empty_db).create(PersonDraft(last_name="Сёмина", first_name="Алёна"))
    service = ChangeLogService(empty_db)
    assert [r.title for r in service.entries(ChangeFilter(text="банк"))] == ["Банк наставников"]
    assert [r.title for r in service.entries(ChangeFilter(text="семина"))] == ["Сёмина А."]
    today = dt.date.today()
    assert len(service.entries(ChangeFilter(since=today, until=today))) == 2
    assert service.entries(ChangeFilter(until=today - dt.timedelta(days=1))) == []


def test_export_to_excel(empty_db: Database, tmp_path: Path) -> None:
    people = PeopleService(empty_db)
    pid = people.create(PersonDraft(last_name="Петрова", first_name="Мария"))
    draft = people.draft(pid)
    draft.phone = "8 900 111-22-33"
    people.update(pid, draft)
    service = ChangeLogService(empty_db)
    target = service.export_xlsx(tmp_path / "журнал.xlsx", service.entries())
    sheet = openpyxl.load_workbook(target).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row and row[0] == "Когда")
    body = values[header + 1 :]
    assert len(body) == 2
    assert body[0][3] == "Петрова М." and "Телефон" in body[0][5]
    assert body[1][4] == "добавлено"
