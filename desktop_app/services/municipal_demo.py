"""Three demo schools' files for the municipal summary: the demo school renamed and filled
differently, exported with the program's own document kinds as each school would send them.

Used by the tests and by ``nastavnik municipal demo-files`` to show the summary on screen.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from sqlalchemy import delete, select

from desktop_app.models import MenteeProfile, MentoringPair, MentorProfile, Organisation, Person

# (short name, full name, mentees archived, mentors archived, pairs removed)
DEMO_SCHOOLS = [
    (
        "МКОУ «Красновская СОШ»",
        "Муниципальное казённое общеобразовательное учреждение "
        "«Красновская средняя общеобразовательная школа»",
        0,
        0,
        0,
    ),
    (
        "МКОУ «Заречная ООШ»",
        "Муниципальное казённое общеобразовательное учреждение "
        "«Заречная основная общеобразовательная школа»",
        3,
        1,
        2,
    ),
    (
        "МБОУ «Лесная СОШ»",
        "Муниципальное бюджетное общеобразовательное учреждение "
        "«Лесная средняя общеобразовательная школа»",
        5,
        3,
        4,
    ),
]
KINDS = ["banks", "accounting", "monitoring"]


def make_school(
    template: Path,
    folder: Path,
    short_name: str,
    full_name: str,
    mentees_gone: int,
    mentors_gone: int,
    pairs_gone: int,
    today: dt.date,
    kinds: list[str] | None = None,
) -> list[Path]:
    """One school's files: the demo database copied, renamed, thinned out, then exported."""
    from desktop_app.export.registry import ExportOptions, build_documents
    from desktop_app.models.db import copy_sqlite, open_database

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        db = open_database(copy_sqlite(template, Path(work) / "school.sqlite"))
        try:
            with db.transaction() as session:
                org = session.scalars(select(Organisation).where(Organisation.is_own)).one()
                org.short_name, org.full_name = short_name, full_name
                for role, count in ((MenteeProfile, mentees_gone), (MentorProfile, mentors_gone)):
                    people = session.scalars(
                        select(Person)
                        .join(role, role.person_id == Person.id)
                        .where(role.active, Person.archived_on.is_(None))
                        .order_by(Person.id.desc())
                    ).all()
                    for person in people[:count]:
                        person.archived_on = today
                pair_ids = session.scalars(
                    select(MentoringPair.id).order_by(MentoringPair.id.desc())
                ).all()[:pairs_gone]
                if pair_ids:
                    from desktop_app.models import PairMembership, PairStatusChange

                    session.execute(
                        delete(PairMembership).where(PairMembership.pair_id.in_(pair_ids))
                    )
                    session.execute(
                        delete(PairStatusChange).where(PairStatusChange.pair_id.in_(pair_ids))
                    )
                    for pair in session.scalars(
                        select(MentoringPair).where(MentoringPair.id.in_(pair_ids))
                    ):
                        session.delete(pair)
            return build_documents(db, kinds or KINDS, folder, ExportOptions(today=today))
        finally:
            db.close()


def make_demo_school_files(
    folder: Path, today: dt.date, template: Path | None = None
) -> dict[str, list[Path]]:
    """The three schools' files in ``folder/<school>``; the demo database is made if not given."""
    from desktop_app.services.demo import create_demo

    with tempfile.TemporaryDirectory() as work:
        if template is None:
            template = create_demo(Path(work) / "demo.sqlite", today=today)
        return {
            short: make_school(
                template,
                folder / short.split("«")[1].rstrip("»"),
                short,
                full,
                mentees,
                mentors,
                pairs,
                today,
            )
            for short, full, mentees, mentors, pairs in DEMO_SCHOOLS
        }
