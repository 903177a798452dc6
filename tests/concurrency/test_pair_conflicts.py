"""Two curators and the same pair or the same mentee at once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from desktop_app.errors import AppError, EditConflict
from desktop_app.models import MentoringPair, PairMembership
from desktop_app.services import pairs as pairs_module
from desktop_app.services.pairs import PairDraft, PairService

from .conftest import Users


def _draft(users: Users, mentee_id: int) -> PairDraft:
    return PairDraft(
        mentor_id=users.mentor_id,
        mentee_ids=[mentee_id],
        start_on="01.09.2026",
        planned_end_on="31.05.2027",
    )


def _pairs_of(users: Users, mentee_id: int) -> int:
    with users.a.session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(PairMembership)
                .where(PairMembership.mentee_id == mentee_id)
            )
            or 0
        )


def test_edit_of_a_pair_changed_meanwhile_is_refused(users: Users) -> None:
    pair_id = PairService(users.as_a()).create(_draft(users, users.mentee_id))
    draft_a = PairService(users.a).draft(pair_id)
    draft_b = PairService(users.as_b()).draft(pair_id)
    draft_b.direction = "работа с родителями"
    PairService(users.b).update(pair_id, draft_b)

    draft_a.notes = "встречи по вторникам"
    with pytest.raises(EditConflict) as caught:
        PairService(users.as_a()).update(pair_id, draft_a)
    assert "уже изменил другой пользователь (ivanov," in caught.value.message
    assert "Направление: «работа с родителями»" in caught.value.message
    with users.a.session() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        assert (pair.direction, pair.notes) == ("работа с родителями", "")


def test_edit_of_a_pair_deleted_meanwhile_says_so(users: Users) -> None:
    pair_id = PairService(users.as_a()).create(_draft(users, users.mentee_id))
    draft_a = PairService(users.a).draft(pair_id)
    PairService(users.as_b()).delete(pair_id)
    draft_a.notes = "встречи по вторникам"
    with pytest.raises(EditConflict, match="удалил другой пользователь \\(ivanov, "):
        PairService(users.as_a()).update(pair_id, draft_a)


def test_the_same_mentee_paired_by_two_users_at_once(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves pass the checks before either writes: one pair is made, the other is told."""
    real = pairs_module.validate_pair
    both_checked = threading.Barrier(2, timeout=30)

    def checked_together(*args, **kwargs):  # type: ignore[no-untyped-def]
        valid = real(*args, **kwargs)
        both_checked.wait()
        return valid

    monkeypatch.setattr(pairs_module, "validate_pair", checked_together)
    results: dict[str, object] = {}

    def save(name: str, db) -> None:  # type: ignore[no-untyped-def]
        try:
            results[name] = PairService(db).create(_draft(users, users.mentee_id))
        except AppError as exc:
            results[name] = exc

    threads = [
        threading.Thread(target=save, args=(n, d)) for n, d in (("a", users.a), ("b", users.b))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    made = [r for r in results.values() if isinstance(r, int)]
    refused = [r for r in results.values() if isinstance(r, AppError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], EditConflict)
    assert "Пару не удалось сохранить" in refused[0].message
    assert "Ничего не записано" in refused[0].message
    assert _pairs_of(users, users.mentee_id) == 1

    # Saving again gives the ordinary check's message naming the pair that won.
    monkeypatch.setattr(pairs_module, "validate_pair", real)
    with pytest.raises(AppError, match=r"Иванова А\.П\. уже в паре с наставником Соколова Е\.В\."):
        PairService(users.b).create(_draft(users, users.mentee_id))


def test_archiving_a_mentee_while_someone_pairs_her(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A archives the mentee, B puts her into a pair, both after their checks passed: never an
    archived teacher in a working pair — one action is done, the other is told."""
    from desktop_app.services import people as people_module
    from desktop_app.services.people import PeopleService

    both_checked = threading.Barrier(2, timeout=30)
    real_validate, real_open_pairs = pairs_module.validate_pair, people_module.open_pairs_of

    def validate_then_wait(*args, **kwargs):  # type: ignore[no-untyped-def]
        valid = real_validate(*args, **kwargs)
        both_checked.wait()
        return valid

    def check_then_wait(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real_open_pairs(*args, **kwargs)
        both_checked.wait()
        return found

    monkeypatch.setattr(pairs_module, "validate_pair", validate_then_wait)
    monkeypatch.setattr(people_module, "open_pairs_of", check_then_wait)
    results: dict[str, object] = {}

    def archive() -> None:
        try:
            results["archive"] = PeopleService(users.a).archive(users.mentee_id)
        except AppError as exc:
            results["archive"] = exc

    def pair() -> None:
        try:
            results["pair"] = PairService(users.b).create(_draft(users, users.mentee_id))
        except AppError as exc:
            results["pair"] = exc

    threads = [threading.Thread(target=archive), threading.Thread(target=pair)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    refused = [r for r in results.values() if isinstance(r, AppError)]
    assert len(results) == 2 and len(refused) == 1, results
    assert isinstance(refused[0], EditConflict)
    archived = PeopleService(users.a).get(users.mentee_id).archived_on is not None
    paired = _pairs_of(users, users.mentee_id) == 1
    assert archived != paired  # exactly one of the two happened
    if archived:
        assert "Пару не удалось сохранить" in refused[0].message
    else:
        assert "Карточку не удалось перенести в архив" in refused[0].message
