"""Three demo schools' files for the municipal summary: the demo school renamed and filled
differently, exported with the program's own document kinds as each school would send them.

Used by the tests and by ``nastavnik municipal demo-files`` to show the summary on screen.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from sqlalchemy import delete, select

from desktop_app.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    Organisation,
    PairStatus,
    Person,
)

# (short name, full name, mentees archived, mentors archived, active pairs removed); the
# schools after the first get other surnames, so the combined bank is not one staff thrice.
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
        1,
    ),
    (
        "МБОУ «Лесная СОШ»",
        "Муниципальное бюджетное общеобразовательное учреждение "
        "«Лесная средняя общеобразовательная школа»",
        5,
        3,
        3,
    ),
]
KINDS = ["banks", "accounting", "monitoring"]
SURNAMES = [
    "Кузнецов",
    "Соколов",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Фролов",
    "Поляков",
    "Шубин",
    "Виноградов",
    "Ковалёв",
    "Белоусов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Дорофеев",
    "Ефимов",
    "Щербаков",
]


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
    surname_shift: int = 0,
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
                if surname_shift:
                    staff = session.scalars(select(Person).order_by(Person.id)).all()
                    for number, person in enumerate(staff):
                        surname = SURNAMES[(number + surname_shift) % len(SURNAMES)]
                        female = person.gender is not None and person.gender.value == "female"
                        person.last_name = surname + ("а" if female else "")
                pair_ids = session.scalars(
                    select(MentoringPair.id)
                    .where(MentoringPair.status == PairStatus.ACTIVE)
                    .order_by(MentoringPair.id.desc())
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
                surname_shift=number * 17,
            )
            for number, (short, full, mentees, mentors, pairs) in enumerate(DEMO_SCHOOLS)
        }
