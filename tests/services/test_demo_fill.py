"""The demo fills an already open database: a file or a server one (the tests' templates, and
the benchmarks' large banks of many schools)."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.models import MenteeProfile, MentorProfile, Organisation, Person
from desktop_app.models.db import Database
from desktop_app.services.demo import fill_demo
from tests.conftest import DEMO_TODAY


def test_many_schools_fill_an_open_database(empty_db: Database) -> None:
    with empty_db.session() as session:
        schools_before = session.scalar(select(func.count(Organisation.id)))
    fill_demo(empty_db, people=100, today=DEMO_TODAY)
    with empty_db.session() as session:
        count = session.scalar(select(func.count(Person.id)))
        schools = session.scalar(select(func.count(Organisation.id))) - schools_before  # type: ignore[operator]
        mentors = session.scalar(select(func.count(MentorProfile.person_id)))
        mentees = session.scalar(select(func.count(MenteeProfile.person_id)))
        names = session.scalars(select(Person.last_name).order_by(Person.id).limit(3)).all()
    assert (count, schools) == (100, 2)  # 45 and 55 staff
    assert (mentors, mentees) == (18, 22)  # 9 mentors and 11 mentees a school
    assert all(names)
