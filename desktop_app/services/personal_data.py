"""Personal data (152-ФЗ): who lacks a current consent, the warning before their data leaves the
program, and erasure on request.

Erasure removes everything that identifies the person from the database — name, dates,
contacts, notes, free text of the profiles, declined forms, the change log's values — and keeps
the record itself as «[данные удалены]», because pairs, routes and orders of past years point at
it and must still add up. SQLite's ``secure_delete`` overwrites the freed space and the WAL is
truncated, so the name is not left in the file either. Older backups still hold the data until
thinning removes them; the curator is told which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import selectinload

from desktop_app.errors import AppError, NotFound
from desktop_app.models import (
    ChangeLogEntry,
    ConsentState,
    DeclensionCorrection,
    MenteeProfile,
    Person,
)
from desktop_app.models.change_log import record_change
from desktop_app.models.db import Database
from desktop_app.services.people_index import bump_people_revision

ERASED_NAME = "[данные удалены]"


@dataclass(frozen=True)
class ConsentProblem:
    person_id: int
    name: str
    state: ConsentState


def people_without_consent(
    db: Database, person_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> list[ConsentProblem]:
    """People (not archived, not erased) whose consent is missing or withdrawn as of today;
    among ``person_ids`` when given."""
    today = today or dt.date.today()
    stmt = (
        select(Person)
        .where(Person.archived_on.is_(None), Person.last_name != ERASED_NAME)
        .options(selectinload(Person.consents))
        .order_by(Person.last_name, Person.first_name)
    )
    if person_ids is not None:
        stmt = stmt.where(Person.id.in_(list(person_ids)))
    with db.session() as session:
        problems = []
        for person in session.scalars(stmt):
            state = person.consent_state(today)
            if state is not ConsentState.GIVEN:
                problems.append(ConsentProblem(person.id, person.full_name, state))
    return problems


def consent_warning(
    db: Database, person_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> str | None:
    """The warning shown before an export that carries people's data, or ``None``."""
    problems = people_without_consent(db, person_ids, today)
    if not problems:
        return None
    withdrawn = [p for p in problems if p.state is ConsentState.WITHDRAWN]
    missing = [p for p in problems if p.state is ConsentState.MISSING]
    lines = [
        f"В документы попадут данные педагогов без действующего согласия на обработку "
        f"персональных данных (152-ФЗ): {len(problems)}."
    ]
    if withdrawn:
        names = ", ".join(p.name for p in withdrawn[:10])
        more = f" и ещё {len(withdrawn) - 10}" if len(withdrawn) > 10 else ""
        lines.append(f"Согласие отозвано: {names}{more}.")
    if missing:
        names = ", ".join(p.name for p in missing[:10])
        more = f" и ещё {len(missing) - 10}" if len(missing) > 10 else ""
        lines.append(f"Нет согласия: {names}{more}.")
    lines.append("Передавать их данные можно только при ином законном основании. Продолжить?")
    return "\n".join(lines)


@dataclass(frozen=True)
class ErasureResult:
    person_id: int
    backups_holding_data: int
    oldest_backup: dt.datetime | None

    def note(self) -> str:
        if not self.backups_holding_data:
            return "Персональные данные удалены из базы."
        oldest = f"{self.oldest_backup:%d.%m.%Y}" if self.oldest_backup else ""
        return (
            "Персональные данные удалены из базы. Старые резервные копии "
            f"({self.backups_holding_data} шт., самая ранняя от {oldest}) ещё содержат их и "
            "будут удалены при прореживании; при необходимости удалите их вручную в разделе "
            "«Резервные копии» (кнопка «Открыть папку»)."
        )


def erase_person(
    db: Database,
    person_id: int,
    reason: str,
    backups_folder: Path | None = None,
    today: dt.date | None = None,
) -> ErasureResult:
    """Erase a person's personal data on request; one transaction."""
    reason = " ".join(reason.split())
    if not reason:
        from desktop_app.errors import ValidationError

        raise ValidationError(
            {"reason": "Основание: укажите, по чьему заявлению и от какого числа удаляются данные."}
        )
    today = today or dt.date.today()
    with db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("Запись о педагоге не найдена.")
        if person.last_name == ERASED_NAME:
            raise AppError("Персональные данные этого педагога уже удалены.")
        names = {person.full_name, person.short_name, person.last_name}
        sqlite = session.get_bind().dialect.name == "sqlite"
        if sqlite:
            # Overwrite freed pages with zeros: the old values must not stay in the file.
            session.execute(text("PRAGMA secure_delete=ON"))
        # The erasure itself must not copy the data into the change log.
        session.info["change_log.off"] = True
        person.last_name = ERASED_NAME
        person.first_name = ""
        person.patronymic = ""
        person.gender = None
        person.birth_date = None
        person.position = ""
        person.subjects = ""
        person.qualification_category = None
        person.experience_years = None
        person.experience_as_of = None
        person.hired_on = None
        person.education = ""
        person.phone = ""
        person.email = ""
        person.achievements = ""
        person.notes = ""
        person.search_text = ""
        if person.archived_on is None:
            person.archived_on = today
        for consent in person.consents:
            # The dates stay: they show that processing was lawful and when it stopped.
            consent.document_note = ""
            if consent.withdrawn_on is None and consent.given_on is not None:
                consent.withdrawn_on = today
        if person.mentor_profile is not None:
            mentor = person.mentor_profile
            mentor.active = False
            mentor.expertise_note = ""
            mentor.qualifying_grounds = ""
            mentor.training_course = ""
            mentor.training_certificate = ""
        if person.mentee_profile is not None:
            mentee: MenteeProfile = person.mentee_profile
            mentee.active = False
            mentee.request = ""
            for difficulty in mentee.difficulties:
                difficulty.note = ""
        # The route (ИОМ) stays for the school's reports; the person's own words go.
        from desktop_app.models.route import IndividualRoute

        session.execute(
            update(IndividualRoute)
            .where(IndividualRoute.person_id == person_id)
            .values(self_reflection="", desired_image="", reflection="", notes="")
        )
        session.execute(
            delete(DeclensionCorrection).where(DeclensionCorrection.person_id == person_id)
        )
        session.flush()
        session.execute(
            update(ChangeLogEntry)
            .where(ChangeLogEntry.entity == "person", ChangeLogEntry.entity_id == person_id)
            .values(title=ERASED_NAME, changes=[])
        )
        _scrub_other_log_entries(session, names)
        bump_people_revision(session)
        session.info.pop("change_log.off", None)
        record_change(
            session,
            "person",
            person_id,
            "erase",
            "персональные данные удалены по запросу",
            title=ERASED_NAME,
            changes=[{"field": "Основание", "old": "", "new": reason}],
        )
    if sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        _vacuum_erased(db)
    backups = []
    if backups_folder is not None and db.path is not None:
        from desktop_app.services.backup import list_backups

        backups = list_backups(Path(db.path), backups_folder)
    return ErasureResult(person_id, len(backups), min((b.made_at for b in backups), default=None))


# Every table the erasure overwrites or deletes from.
_ERASED_TABLES = (
    "person",
    "personal_data_consent",
    "mentor_profile",
    "mentee_profile",
    "mentee_difficulty",
    "individual_route",
    "declension_correction",
    "change_log",
)


def _vacuum_erased(db: Database) -> None:
    """On a server the old row versions stay in the table and index pages after the update.

    A plain VACUUM frees them but leaves their bytes in the pages; VACUUM FULL rewrites the
    tables and their indexes. It locks these tables for a moment, which a rare erasure on
    request can afford. It cannot run inside a transaction, so it follows the erasure's commit.
    A server where the program's role does not own the tables refuses it: the erasure itself
    stands, and the old versions go as the server reuses the space. (The server's write-ahead
    log and its own backups are the administrator's to rotate.)
    """
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("VACUUM FULL " + ", ".join(_ERASED_TABLES))
    except SQLAlchemyError:
        pass


def _scrub_other_log_entries(session, names: set[str]) -> None:  # type: ignore[no-untyped-def]
    """Entries of pairs and others that quote the person's name."""
    # The full name first: replacing the surname alone would leave «… Мария Ивановна».
    ordered = sorted((n for n in names if n and len(n) > 2), key=len, reverse=True)
    for entry in session.scalars(select(ChangeLogEntry)):
        changed = False
        title = entry.title
        for name in ordered:
            if name in title:
                title = title.replace(name, ERASED_NAME)
                changed = True
        changes = []
        for change in entry.changes or []:
            fixed = dict(change)
            for key in ("old", "new"):
                value = str(fixed.get(key, ""))
                for name in ordered:
                    if name in value:
                        value = value.replace(name, ERASED_NAME)
                        changed = True
                fixed[key] = value
            changes.append(fixed)
        if changed:
            entry.title = title
            entry.changes = changes
