"""Several users on one database: the people bank's revision must change for every change.

A third user's search index is reloaded only when the revision differs from the one it was
loaded at; two users who save at the same moment must therefore never leave the same revision.
Runs on the SQLite file and, with NASTAVNIK_TEST_PG, on two real PostgreSQL connections.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, text

from desktop_app.models import Organisation, Person
from desktop_app.models.db import Database
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.services.people_index import bump_people_revision
from desktop_app.services.text import normalise_search
from tests.db_helpers import another_client

TODAY_FILTER = PeopleFilter(include_archived=True)


def _person(session, last_name: str) -> Person:  # type: ignore[no-untyped-def]
    organisation_id = session.scalar(select(Organisation.id).where(Organisation.is_own))
    person = Person(
        organisation_id=organisation_id,
        last_name=last_name,
        first_name="Анна",
        patronymic="Ивановна",
        search_text=normalise_search(f"{last_name} Анна Ивановна"),
    )
    session.add(person)
    return person


def _wait_until_blocked(db: Database, worker: threading.Thread) -> None:
    """Until the other user's write waits for our row lock (PostgreSQL), or a moment."""
    if db.engine.dialect.name != "postgresql":
        time.sleep(0.5)  # SQLite: the other writer waits on the file's write lock meanwhile
        return
    deadline = time.monotonic() + 20
    with db.engine.connect() as conn:
        while time.monotonic() < deadline and worker.is_alive():
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar()
            conn.rollback()  # pg_stat_activity is read once per transaction
            if waiting:
                return
            time.sleep(0.02)
    if worker.is_alive():
        raise AssertionError("the second writer never reached the revision row")


@pytest.mark.parametrize("bank_changed_before", [True, False], ids=["revision-row", "first-change"])
def test_two_users_saving_at_once_both_reach_a_third_users_search(
    empty_db: Database, bank_changed_before: bool
) -> None:
    """Both save while the other's transaction is open; a third user looks in between.

    With «read the number, write it plus one» both wrote the same number and the third user's
    index kept missing the second person (or, on the very first change, the second save failed
    on the duplicate key).
    """
    first, second, third = empty_db, another_client(empty_db), another_client(empty_db)
    if bank_changed_before:
        with first.transaction() as session:
            bump_people_revision(session)
    try:
        watcher = PeopleService(third)
        assert watcher.query_ids(TODAY_FILTER) == []
        third_loaded = threading.Event()
        failures: list[BaseException] = []

        def second_user() -> None:
            try:
                with second.transaction() as session:
                    _person(session, "Вторая")
                    session.flush()
                    bump_people_revision(session)
                    session.flush()  # written (or waiting for the row), not only in memory
                    # Commit only after the third user has looked at the bank in between.
                    assert third_loaded.wait(30)
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        with first.transaction() as session:
            _person(session, "Первая")
            session.flush()
            bump_people_revision(session)
            session.flush()
            worker = threading.Thread(target=second_user)
            worker.start()
            _wait_until_blocked(first, worker)
        assert not failures, failures
        # The first user has committed; the second is still inside its transaction.
        ids = watcher.query_ids(TODAY_FILTER)
        seen = {row.full_name.split()[0] for row in watcher.rows(ids).values()}
        assert seen == {"Первая"}
        third_loaded.set()
        worker.join(30)
        assert not worker.is_alive()
        assert not failures, failures
        ids = watcher.query_ids(TODAY_FILTER)
        seen = {row.full_name.split()[0] for row in watcher.rows(ids).values()}
        assert seen == {"Первая", "Вторая"}
    finally:
        second.close()
        third.close()


def test_revision_changes_with_every_change_and_the_first_bump_creates_it(
    empty_db: Database,
) -> None:
    service = PeopleService(empty_db)
    seen = {service.revision()[0]}
    for name in ("Первая", "Вторая", "Третья"):
        with empty_db.transaction() as session:
            _person(session, name)
            token = bump_people_revision(session)
        assert service.revision()[0] == token
        seen.add(token)
    assert len(seen) == 4  # None before the first change, then three different tokens


def test_the_same_session_sees_the_new_revision(empty_db: Database) -> None:
    from desktop_app.models import Setting
    from desktop_app.services.people_index import REVISION_KEY

    with empty_db.transaction() as session:
        bump_people_revision(session)
    with empty_db.transaction() as session:
        before = session.get(Setting, REVISION_KEY)
        assert before is not None
        token = bump_people_revision(session)
        assert session.get(Setting, REVISION_KEY).value == token  # type: ignore[union-attr]
