"""Two curators edit the same teacher's card: the second save does not undo the first."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.errors import EditConflict
from desktop_app.models import Person
from desktop_app.services.concurrency import merge_drafts
from desktop_app.services.people import PeopleService

from .conftest import Users


def test_second_save_is_refused_with_who_and_what(users: Users) -> None:
    draft_a = PeopleService(users.as_a()).draft(users.mentee_id)

    draft_b = PeopleService(users.as_b()).draft(users.mentee_id)
    draft_b.phone = "+7 900 555-66-77"
    PeopleService(users.b).update(users.mentee_id, draft_b)

    draft_a.position = "учитель алгебры и геометрии"
    with pytest.raises(EditConflict) as caught:
        PeopleService(users.as_a()).update(users.mentee_id, draft_a)
    message = caught.value.message
    assert message.startswith("Карточку «Иванова А.П.» уже изменил другой пользователь (ivanov, ")
    assert "Телефон: «+7 900 111-22-33» → «+7 900 555-66-77»" in message
    assert "Ваши изменения не сохранены" in message
    assert "Обновить карточку" in message

    with users.a.session() as session:
        stored = session.get(Person, users.mentee_id)
        assert stored is not None
        assert stored.phone == "+7 900 555-66-77"  # B's work is kept
        assert stored.position == "учитель математики"  # A's refused save wrote nothing


def test_after_refresh_the_save_goes_through_and_keeps_both(users: Users) -> None:
    people_a = PeopleService(users.as_a())
    base = people_a.draft(users.mentee_id)
    mine = dataclasses.replace(base, position="учитель алгебры")

    draft_b = PeopleService(users.as_b()).draft(users.mentee_id)
    draft_b.phone = "+7 900 555-66-77"
    PeopleService(users.b).update(users.mentee_id, draft_b)

    fresh = PeopleService(users.as_a()).draft(users.mentee_id)
    merged, clashes = merge_drafts(base, mine, fresh)
    assert clashes == {}
    assert merged.phone == "+7 900 555-66-77" and merged.position == "учитель алгебры"
    people_a.update(users.mentee_id, merged)
    stored = people_a.get(users.mentee_id)
    assert (stored.phone, stored.position) == ("+7 900 555-66-77", "учитель алгебры")


def test_both_change_the_same_field_is_a_clash(users: Users) -> None:
    base = PeopleService(users.as_a()).draft(users.mentee_id)
    mine = dataclasses.replace(base, phone="+7 900 000-00-01")
    draft_b = PeopleService(users.as_b()).draft(users.mentee_id)
    draft_b.phone = "+7 900 555-66-77"
    draft_b.mentee.request = "Работа с родителями"
    PeopleService(users.b).update(users.mentee_id, draft_b)

    fresh = PeopleService(users.a).draft(users.mentee_id)
    merged, clashes = merge_drafts(base, mine, fresh)
    assert clashes == {"phone": "+7 900 555-66-77"}
    assert merged.phone == "+7 900 000-00-01"  # the typing stays
    assert merged.mentee.request == "Работа с родителями"  # nested drafts merge field by field


def test_a_change_of_only_the_mentor_side_counts(users: Users) -> None:
    """The mentor profile is another table: saving it still makes the card a new version."""
    draft_a = PeopleService(users.as_a()).draft(users.mentor_id)
    draft_b = PeopleService(users.as_b()).draft(users.mentor_id)
    draft_b.mentor.max_mentees = "1"
    PeopleService(users.b).update(users.mentor_id, draft_b)
    draft_a.mentor.max_mentees = "4"
    with pytest.raises(EditConflict, match="Наставник: наставляемых не более: «3» → «1»"):
        PeopleService(users.as_a()).update(users.mentor_id, draft_a)
    assert PeopleService(users.a).get(users.mentor_id).mentor_profile.max_mentees == 1


def test_saving_twice_from_one_form_is_not_a_conflict(users: Users) -> None:
    people = PeopleService(users.as_a())
    draft = people.draft(users.mentee_id)
    draft.phone = "+7 900 000-00-02"
    people.update(users.mentee_id, draft)
    again = people.draft(users.mentee_id)
    again.phone = "+7 900 000-00-03"
    people.update(users.mentee_id, again)
    assert people.get(users.mentee_id).phone == "+7 900 000-00-03"


def test_draft_without_stamp_saves_as_before(users: Users) -> None:
    """CLI and import build drafts themselves: they keep working without the check."""
    people = PeopleService(users.as_a())
    draft = people.draft(users.mentee_id)
    PeopleService(users.as_b()).update(
        users.mentee_id, dataclasses.replace(draft, phone="+7 900 000-00-04")
    )
    people.update(users.mentee_id, dataclasses.replace(draft, stamp=None, notes="ok"))
    assert people.get(users.mentee_id).notes == "ok"


def test_two_users_save_the_same_card_at_the_same_moment(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves pass the version check before either writes; both add the same difficulty
    (a unique row): one save wins, the other is told — never a database error."""
    import threading

    from desktop_app.errors import AppError
    from desktop_app.models import DeficitCategory, DeficitLevel
    from desktop_app.services import people as people_module

    real = people_module.check_stamp
    both_checked = threading.Barrier(2, timeout=30)

    def checked_together(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        both_checked.wait()

    monkeypatch.setattr(people_module, "check_stamp", checked_together)
    drafts = {}
    for name, db in (("a", users.a), ("b", users.b)):
        draft = PeopleService(db).draft(users.mentee_id)
        draft.mentee.difficulties = {DeficitCategory.DIGITAL: (DeficitLevel.HIGH, name)}
        drafts[name] = (db, draft)
    results: dict[str, object] = {}

    def save(name: str) -> None:
        db, draft = drafts[name]
        try:
            PeopleService(db).update(users.mentee_id, draft)
            results[name] = "saved"
        except AppError as exc:
            results[name] = exc

    threads = [threading.Thread(target=save, args=(n,)) for n in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    refused = [r for r in results.values() if isinstance(r, AppError)]
    assert sorted(map(str, results.values())).count("saved") == 1, results
    assert len(refused) == 1 and isinstance(refused[0], EditConflict), results
    assert "Карточку «Иванова А.П.»" in refused[0].message
    assert "Ваши изменения не сохранены" in refused[0].message
    person = PeopleService(users.a).get(users.mentee_id)
    notes = [d.note for d in person.mentee_profile.difficulties]
    assert len(notes) == 1 and notes[0] in {"a", "b"}
