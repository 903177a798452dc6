"""Personal data: the consent warning before an export, and erasure on request that leaves
no trace of the person in the database file (but keeps the record for past documents)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import ChangeLogEntry, DeficitCategory, DeficitLevel, MenteeCategory
from desktop_app.models.db import Database
from desktop_app.services.backup import make_backup
from desktop_app.services.change_log import ChangeFilter, ChangeLogService
from desktop_app.services.people import MenteeDraft, PeopleFilter, PeopleService, PersonDraft
from desktop_app.services.personal_data import (
    ERASED_NAME,
    consent_warning,
    erase_person,
    people_without_consent,
)
from tests.db_helpers import pg_url

SECRET = "Вишневецкая"


def _file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_consent_warning_names_people_without_consent(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    given = people.create(
        PersonDraft(last_name="Петрова", first_name="Мария", consent_given_on="01.09.2025")
    )
    missing = people.create(PersonDraft(last_name="Орлова", first_name="Анна"))
    withdrawn = people.create(
        PersonDraft(
            last_name="Зуев",
            first_name="Илья",
            consent_given_on="01.09.2025",
            consent_withdrawn_on="01.10.2025",
        )
    )
    problems = people_without_consent(empty_db)
    assert {p.person_id for p in problems} == {missing, withdrawn}
    text = consent_warning(empty_db)
    assert text is not None
    assert "Согласие отозвано: Зуев Илья." in text and "Нет согласия: Орлова Анна." in text
    assert consent_warning(empty_db, [given]) is None
    assert "Орлова" in (consent_warning(empty_db, [given, missing]) or "")


@pytest.mark.sqlite_only
def test_erasure_on_request_leaves_no_trace_in_the_file(empty_db: Database, tmp_path: Path) -> None:
    people = PeopleService(empty_db)
    keep = people.create(PersonDraft(last_name="Петрова", first_name="Мария"))
    pid = people.create(
        PersonDraft(
            last_name=SECRET,
            first_name="Злата",
            patronymic="Игоревна",
            birth_date="05.03.1990",
            phone="8 (900) 555-77-99",
            email="zlata@school.ru",
            consent_given_on="01.09.2025",
            is_mentee=True,
            mentee=MenteeDraft(
                category=MenteeCategory.YOUNG_TEACHER,
                request="Помочь Злате с дисциплиной",
                difficulties={DeficitCategory.METHODICAL: (DeficitLevel.HIGH, "Злата просит")},
            ),
        )
    )
    draft = people.draft(pid)
    draft.phone = "8 (900) 555-00-11"
    people.update(pid, draft)
    folder = tmp_path / "backups"
    make_backup(empty_db.path, folder)  # type: ignore[arg-type]
    assert SECRET.encode() in _file_bytes(empty_db.path)  # type: ignore[arg-type]

    result = erase_person(empty_db, pid, "заявление от 20.11.2026 № 5", folder)

    person = people.get(pid)
    assert person.last_name == ERASED_NAME and person.first_name == ""
    assert person.phone == "" and person.birth_date is None and person.is_archived
    assert person.mentee_profile is not None and person.mentee_profile.request == ""
    assert all(d.note == "" for d in person.mentee_profile.difficulties)
    assert person.consent_state(dt.date.today()).value == "withdrawn"
    assert people.get(keep).last_name == "Петрова"  # nobody else touched
    # Not found by search, not in the bank, not named in the log.
    assert people.query_ids(PeopleFilter(text=SECRET.lower(), include_archived=True)) == []
    log = ChangeLogService(empty_db).entries(ChangeFilter(entity="person", entity_id=pid))
    assert log[0].action == "erase" and "№ 5" in log[0].details
    assert all(SECRET not in f"{r.title} {r.details}" for r in log)
    with empty_db.session() as session:
        for entry in session.scalars(select(ChangeLogEntry)):
            assert "555-77-99" not in str(entry.changes) and SECRET not in entry.title
    # Nor anywhere in the bytes of the database and its journal.
    raw = _file_bytes(empty_db.path)  # type: ignore[arg-type]
    for secret in (SECRET, "zlata@school.ru", "555-77-99", "Злате"):
        assert secret.encode() not in raw, secret
    assert result.backups_holding_data == 1
    assert "резервные копии (1 шт." in result.note()


@pytest.mark.skipif(not pg_url(), reason="on a PostgreSQL server (NASTAVNIK_TEST_PG)")
def test_erasure_on_a_server_leaves_no_trace_in_the_table_pages(empty_db: Database) -> None:
    """The server keeps old row versions in the table until VACUUM: the erasure runs it."""
    from desktop_app.services.personal_data import _ERASED_TABLES

    people = PeopleService(empty_db)
    pid = people.create(
        PersonDraft(
            last_name=SECRET,
            first_name="Злата",
            phone="8 (900) 555-77-99",
            consent_given_on="01.09.2025",
            mentee=MenteeDraft(category=MenteeCategory.YOUNG_TEACHER, request="Помочь Злате"),
        )
    )
    draft = people.draft(pid)
    draft.phone = "8 (900) 555-00-11"  # one more old version of the row
    people.update(pid, draft)

    def pages() -> bytes:
        raw = b""
        with empty_db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA pgtests")
            relations = conn.execute(
                text(
                    "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / 8192 FROM pg_class c "
                    "WHERE c.oid IN (SELECT t::regclass FROM unnest(CAST(:t AS text[])) t) "
                    "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN "
                    "(SELECT t::regclass FROM unnest(CAST(:t AS text[])) t))"
                ),
                {"t": list(_ERASED_TABLES)},
            ).all()
            for name, blocks in relations:
                for block in range(int(blocks)):
                    raw += conn.execute(
                        text("SELECT pgtests.get_raw_page(:n, :b)"), {"n": name, "b": block}
                    ).scalar_one()
        return raw

    assert SECRET.encode() in pages()
    erase_person(empty_db, pid, "заявление от 20.11.2026 № 5")
    raw = pages()
    for secret in (SECRET, "555-77-99", "Злате"):
        assert secret.encode() not in raw, secret


def test_erasure_needs_a_reason_and_happens_once(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    pid = people.create(PersonDraft(last_name="Петрова", first_name="Мария"))
    with pytest.raises(ValidationError) as info:
        erase_person(empty_db, pid, "   ")
    assert "Основание" in info.value.errors["reason"]
    assert people.get(pid).last_name == "Петрова"
    erase_person(empty_db, pid, "заявление")
    with pytest.raises(AppError):
        erase_person(empty_db, pid, "заявление")


def test_erasure_keeps_the_route_without_the_persons_words(demo_db: Database) -> None:
    from desktop_app.models.route import IndividualRoute

    with demo_db.session() as session:
        route = session.scalars(
            select(IndividualRoute).where(IndividualRoute.self_reflection != "")
        ).first()
        assert route is not None, "the demo school has routes with the teacher's own words"
        person_id, route_id = route.person_id, route.id
    erase_person(demo_db, person_id, "заявление от 20.11.2026 № 7")
    with demo_db.session() as session:
        kept = session.get(IndividualRoute, route_id)
        assert kept is not None  # the school's record stays
        assert kept.self_reflection == kept.desired_image == kept.reflection == ""
