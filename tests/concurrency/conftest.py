"""Two users on one database: user A and user B each hold their own ``Database`` (engine).

On SQLite the second user opens the same file through ``open_url`` (``open_database`` keeps a
second copy of the program out with its file lock; on a server that lock does not exist). With
``NASTAVNIK_TEST_PG`` set (a ``postgresql+pg8000://…`` URL of the server, or ``1`` for the local
one) every test also runs on a fresh PostgreSQL database ``conflicts_<random>``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.models import MenteeCategory, change_log
from desktop_app.models.db import Database, open_database, open_url
from desktop_app.services.organisation import OrganisationDraft, OrganisationService
from desktop_app.services.people import MenteeDraft, MentorDraft, PeopleService, PersonDraft

LOCAL_PG = "postgresql+pg8000://nastavnik:nastavnik@localhost/postgres"


@dataclass
class Users:
    a: Database
    b: Database
    mentor_id: int
    mentee_id: int
    other_mentee_id: int

    def as_a(self) -> Database:
        change_log.set_current_user("petrova")
        return self.a

    def as_b(self) -> Database:
        change_log.set_current_user("ivanov")
        return self.b


def _school(db: Database) -> tuple[int, int, int]:
    OrganisationService(db).save_own(
        OrganisationDraft(
            full_name="Муниципальное казённое общеобразовательное учреждение "
            "«Тестовая средняя общеобразовательная школа»",
            short_name="МКОУ «Тестовая СОШ»",
            head_name="Григорьева Татьяна Николаевна",
            head_position="директор",
            municipality="Тестовский муниципальный район",
        )
    )
    people = PeopleService(db)
    mentor = people.create(
        PersonDraft(
            last_name="Соколова",
            first_name="Елена",
            patronymic="Викторовна",
            position="учитель математики",
            consent_given_on="01.09.2025",
            experience_years="24",
            is_mentor=True,
            mentor=MentorDraft(max_mentees="3", appointment_consent=True),
        )
    )
    mentee = people.create(
        PersonDraft(
            last_name="Иванова",
            first_name="Анна",
            patronymic="Петровна",
            position="учитель математики",
            consent_given_on="01.09.2025",
            experience_years="1",
            phone="+7 900 111-22-33",
            is_mentee=True,
            mentee=MenteeDraft(
                category=MenteeCategory.YOUNG_TEACHER, request="Дисциплина на уроке"
            ),
        )
    )
    other = people.create(
        PersonDraft(
            last_name="Кузнецов",
            first_name="Павел",
            patronymic="Андреевич",
            position="учитель физики",
            consent_given_on="01.09.2025",
            experience_years="2",
            is_mentee=True,
            mentee=MenteeDraft(category=MenteeCategory.YOUNG_TEACHER),
        )
    )
    return mentor, mentee, other


def _pg_base() -> str | None:
    value = os.environ.get("NASTAVNIK_TEST_PG", "").strip()
    if not value:
        return None
    return LOCAL_PG if value == "1" else value


@pytest.fixture(scope="session")
def conflicts_server() -> str | None:
    """The PostgreSQL server given by NASTAVNIK_TEST_PG (None: SQLite only); this folder
    makes its own databases ``conflicts_…`` on it."""
    return _pg_base()


@pytest.fixture(params=["sqlite", "postgresql"])
def users(
    request: pytest.FixtureRequest, tmp_path: Path, conflicts_server: str | None
) -> Iterator[Users]:
    if request.param == "sqlite":
        path = tmp_path / "shared.sqlite"
        a = open_database(path)
        b = open_url(f"sqlite:///{path}")
        cleanup = None
    else:
        base = conflicts_server
        if base is None:
            pytest.skip("NASTAVNIK_TEST_PG не задан: PostgreSQL не проверяется")
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"conflicts_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        a = open_url(url)
        b = open_url(url)

        def cleanup() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    change_log.set_current_user("petrova")
    mentor, mentee, other = _school(a)
    try:
        yield Users(a, b, mentor, mentee, other)
    finally:
        change_log.set_current_user(None)
        b.close()
        a.close()
        if cleanup is not None:
            cleanup()
