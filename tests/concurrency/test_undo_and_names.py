"""Ctrl+Z with several users: only one's own last change, never over someone else's later one."""

from __future__ import annotations

import pytest

from desktop_app.errors import EditConflict
from desktop_app.models import PairStatus, change_log
from desktop_app.services.change_log import ChangeFilter, ChangeLogService
from desktop_app.services.pairs import PairDraft, PairService
from desktop_app.services.people import PeopleService

from .conftest import Users


def test_undo_of_archiving_after_someone_else_changed_the_card_is_refused(users: Users) -> None:
    stamp = PeopleService(users.as_a()).archive(users.other_mentee_id)
    draft = PeopleService(users.as_b()).draft(users.other_mentee_id)
    draft.notes = "Уволен 28.11.2026, приказ № 112-к"
    PeopleService(users.b).update(users.other_mentee_id, draft)

    with pytest.raises(EditConflict) as caught:
        PeopleService(users.as_a()).restore(users.other_mentee_id, stamp)
    message = caught.value.message
    assert message.startswith(
        "Отменить нельзя: после вашего изменения карточку «Кузнецов П.А.» изменил "
        "другой пользователь (ivanov, "
    )
    assert "Примечания: «Уволен 28.11.2026, приказ № 112-к»" in message
    assert PeopleService(users.a).get(users.other_mentee_id).archived_on is not None


def test_undo_of_ones_own_archiving_works_when_nobody_touched_it(users: Users) -> None:
    people = PeopleService(users.as_a())
    stamp = people.archive(users.other_mentee_id)
    people.restore(users.other_mentee_id, stamp)
    assert people.get(users.other_mentee_id).archived_on is None


def test_undo_of_a_status_change_does_not_take_back_someone_elses_edit(users: Users) -> None:
    pairs = PairService(users.as_a())
    pair_id = pairs.create(
        PairDraft(
            mentor_id=users.mentor_id,
            mentee_ids=[users.mentee_id],
            start_on="01.09.2026",
            planned_end_on="31.05.2027",
        )
    )
    stamp = pairs.activate(pair_id, order_number="15-о")
    draft = PairService(users.as_b()).draft(pair_id)
    draft.notes = "встречи по четвергам"
    PairService(users.b).update(pair_id, draft)

    with pytest.raises(EditConflict, match="Отменить нельзя: после вашего изменения пару"):
        PairService(users.as_a()).undo_status(pair_id, expected=stamp)
    assert PairService(users.a).get(pair_id).status is PairStatus.ACTIVE

    # With no one else in between, the same undo goes through.
    stamp = PairService(users.as_a()).complete(pair_id)
    PairService(users.a).undo_status(pair_id, expected=stamp)
    assert PairService(users.a).get(pair_id).status is PairStatus.ACTIVE


def test_the_change_log_names_each_user(users: Users) -> None:
    draft = PeopleService(users.as_b()).draft(users.mentee_id)
    draft.phone = "+7 900 555-66-77"
    PeopleService(users.b).update(users.mentee_id, draft)
    rows = ChangeLogService(users.a).entries(ChangeFilter(entity="person"))
    assert rows[0].user == "ivanov" and "Телефон" in rows[0].details
    assert {r.user for r in rows[1:]} == {"petrova"}


def test_name_for_the_journal_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    change_log.set_current_user(None)
    monkeypatch.setenv("NASTAVNIK_USER", "Смирнова О.В., ММЦ")
    assert change_log.current_user() == "Смирнова О.В., ММЦ"
    change_log.set_current_user("Петрова")
    assert change_log.current_user() == "Петрова"
    change_log.set_current_user(None)
