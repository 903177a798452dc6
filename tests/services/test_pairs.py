from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop_app.errors import ValidationError
from desktop_app.models import (
    DeficitCategory,
    DeficitLevel,
    MenteeCategory,
    MentoringKind,
    MentoringPair,
    PairStatus,
    QualificationCategory,
)
from desktop_app.models.db import Database
from desktop_app.services.pairs import PairDraft, PairFilter, PairService
from desktop_app.services.people import MenteeDraft, MentorDraft, PeopleService, PersonDraft

TODAY = dt.date(2026, 9, 1)


def add_mentor(
    db: Database,
    last: str,
    *,
    max_mentees: str = "2",
    consent: bool = True,
    appointment: bool = True,
    birth: str = "",
    subjects: str = "математика",
) -> int:
    return PeopleService(db).create(
        PersonDraft(
            last_name=last,
            first_name="Мария",
            patronymic="Ивановна",
            birth_date=birth,
            position="учитель",
            subjects=subjects,
            experience_years="18",
            qualification_category=QualificationCategory.HIGHEST,
            consent_given_on="01.09.2025" if consent else "",
            is_mentor=True,
            mentor=MentorDraft(
                expertise_categories=[DeficitCategory.METHODICAL],
                max_mentees=max_mentees,
                appointment_consent=appointment,
            ),
        )
    )


def add_mentee(db: Database, last: str, *, consent: bool = True, birth: str = "") -> int:
    return PeopleService(db).create(
        PersonDraft(
            last_name=last,
            first_name="Пётр",
            patronymic="Андреевич",
            birth_date=birth,
            position="учитель",
            subjects="математика",
            consent_given_on="01.09.2025" if consent else "",
            is_mentee=True,
            mentee=MenteeDraft(
                category=MenteeCategory.YOUNG_TEACHER,
                difficulties={DeficitCategory.METHODICAL: (DeficitLevel.HIGH, "")},
            ),
        )
    )


def pair_draft(mentor: int, *mentees: int, **kw: object) -> PairDraft:
    values: dict[str, object] = {
        "mentor_id": mentor,
        "mentee_ids": list(mentees),
        "is_group": len(mentees) > 1,
        "start_on": "01.09.2026",
        "planned_end_on": "31.05.2027",
        "direction": "методическое сопровождение",
    }
    values.update(kw)
    return PairDraft(**values)  # type: ignore[arg-type]


def count_pairs(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(MentoringPair.id))) or 0


def test_create_pair_and_read_back(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    mentee = add_mentee(empty_db, "Сидоров")
    service = PairService(empty_db)
    pair_id = service.create(
        pair_draft(
            mentor,
            mentee,
            kinds=[MentoringKind.TRADITIONAL],
            mentee_consent_on={mentee: "28.08.2026"},
            order_number="112-о",
            order_date="01.09.2026",
        ),
        today=TODAY,
    )
    pair = service.get(pair_id)
    assert pair.mentor.full_name == "Петрова Мария Ивановна"
    assert [m.full_name for m in pair.mentees] == ["Сидоров Пётр Андреевич"]
    assert pair.memberships[0].consent_on == dt.date(2026, 8, 28)
    assert pair.status is PairStatus.FORMING
    assert pair.kind_list == [MentoringKind.TRADITIONAL]
    assert [h.status for h in pair.history] == [PairStatus.FORMING]
    [row] = service.list_rows()
    assert row.mentees == "Сидоров П.А." and row.order == "№ 112-о от 01.09.2026"
    assert service.draft(pair_id).mentee_consent_on == {mentee: "28.08.2026"}


def test_lifecycle_with_history_and_undo(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    mentee = add_mentee(empty_db, "Сидоров")
    service = PairService(empty_db)
    pair_id = service.create(pair_draft(mentor, mentee), today=TODAY)
    service.activate(pair_id, TODAY, "15-о", TODAY)
    service.terminate(pair_id, "наставник переехал", dt.date(2026, 12, 1))
    pair = service.get(pair_id)
    assert pair.status is PairStatus.TERMINATED and pair.end_reason == "наставник переехал"
    assert [h.status for h in pair.history] == [
        PairStatus.FORMING,
        PairStatus.ACTIVE,
        PairStatus.TERMINATED,
    ]
    assert [u.id for u in service.unpaired_mentees()] == [mentee]
    service.undo_status(pair_id, today=TODAY)
    pair = service.get(pair_id)
    assert pair.status is PairStatus.ACTIVE and pair.ended_on is None and pair.end_reason == ""
    assert service.unpaired_mentees() == []
    service.complete(pair_id, dt.date(2027, 5, 31))
    assert service.get(pair_id).status is PairStatus.COMPLETED


def test_mentor_over_capacity_needs_a_reason(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова", max_mentees="1")
    first, second = add_mentee(empty_db, "Сидоров"), add_mentee(empty_db, "Орлов")
    service = PairService(empty_db)
    service.create(pair_draft(mentor, first), today=TODAY)
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentor, second), today=TODAY)
    assert "уже ведёт 1 из 1" in err.value.errors["capacity_override_reason"]
    assert count_pairs(empty_db) == 1
    service.create(
        pair_draft(mentor, second, capacity_override_reason="нет другого учителя физики"),
        today=TODAY,
    )
    assert service.mentor_load(mentor) == (2, 1)


def test_mentee_in_one_open_pair_per_direction(empty_db: Database) -> None:
    a, b = add_mentor(empty_db, "Петрова"), add_mentor(empty_db, "Кузнецова")
    mentee = add_mentee(empty_db, "Сидоров")
    service = PairService(empty_db)
    service.create(pair_draft(a, mentee), today=TODAY)
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(b, mentee), today=TODAY)
    message = err.value.errors["mentees"]
    assert "Сидоров П.А. уже в паре с наставником Петрова М.И." in message
    # Another direction is another pair (seed: several forms used together).
    service.create(pair_draft(b, mentee, direction="цифровые навыки"), today=TODAY)
    assert count_pairs(empty_db) == 2


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"planned_end_on": "01.08.2026"}, "planned_end_on", "не позже начала"),
        ({"start_on": "31.02.2026"}, "start_on", "не существует"),
        ({"start_on": ""}, "start_on", "укажите дату начала"),
        ({"mentee_ids": []}, "mentees", "выберите наставляемого"),
        ({"mentor_id": None}, "mentor", "выберите наставника"),
        ({"form": None}, "form", "выберите форму"),
        ({"status": PairStatus.COMPLETED}, "status", "только «формируется» или «действует»"),
        ({"mentor_consent_on": "01.01.2030"}, "mentor_consent_on", "ещё не наступила"),
    ],
)
def test_bad_input_is_refused(
    empty_db: Database, changes: dict[str, object], field: str, fragment: str
) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    mentee = add_mentee(empty_db, "Сидоров")
    with pytest.raises(ValidationError) as err:
        PairService(empty_db).create(pair_draft(mentor, mentee, **changes), today=TODAY)
    assert fragment in err.value.errors[field]
    assert count_pairs(empty_db) == 0


def test_people_who_cannot_be_paired(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    no_consent = add_mentee(empty_db, "Сидоров", consent=False)
    mentor_without_consent = add_mentor(empty_db, "Кузнецова", consent=False)
    mentee = add_mentee(empty_db, "Орлов")
    service = PairService(empty_db)
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentor, no_consent), today=TODAY)
    assert "нет согласия на обработку персональных данных" in err.value.errors["mentees"]
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentor_without_consent, mentee), today=TODAY)
    assert "нет согласия на обработку" in err.value.errors["mentor"]
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentee, mentee), today=TODAY)
    assert "нет роли наставника" in err.value.errors["mentor"]
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentor, mentor), today=TODAY)
    assert "самому себе" in err.value.errors["mentees"]
    assert count_pairs(empty_db) == 0


def test_pair_and_group_sizes(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова", max_mentees="3")
    a, b = add_mentee(empty_db, "Сидоров"), add_mentee(empty_db, "Орлов")
    service = PairService(empty_db)
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentor, a, b, is_group=False), today=TODAY)
    assert "в паре один наставляемый" in err.value.errors["mentees"]
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(mentor, a, is_group=True), today=TODAY)
    assert "не меньше двух" in err.value.errors["mentees"]
    group = service.create(pair_draft(mentor, a, b, title="Молодые математики"), today=TODAY)
    [row] = service.list_rows()
    assert row.is_group and row.kind_text == "группа (2)"
    assert service.get(group).label == "Молодые математики: Петрова М.И. → Сидоров П.А., Орлов П.А."


def test_warnings_short_program_reverse_and_missing_appointment_consent(
    empty_db: Database,
) -> None:
    young = add_mentor(empty_db, "Петрова", appointment=False, birth="01.01.1975")
    older = add_mentee(empty_db, "Сидоров", birth="01.01.1962")
    service = PairService(empty_db)
    warnings = service.check(pair_draft(young, older, planned_end_on="01.10.2026"), today=TODAY)
    assert any("от 3 месяцев до 1 года" in w for w in warnings)
    assert any("согласия на назначение" in w for w in warnings)
    assert any("реверсивное" in w for w in warnings)
    reverse = pair_draft(young, older, kinds=[MentoringKind.REVERSE])
    assert not any("реверсивное" in w for w in service.check(reverse, today=TODAY))
    # An active pair needs the mentor's written consent to the appointment (4.3.2).
    with pytest.raises(ValidationError) as err:
        service.create(pair_draft(young, older, status=PairStatus.ACTIVE), today=TODAY)
    assert "согласия на назначение" in err.value.errors["status"]
    pair_id = service.create(reverse, today=TODAY)
    with pytest.raises(ValidationError):
        service.activate(pair_id, TODAY)
    assert service.get(pair_id).status is PairStatus.FORMING


def test_end_before_start_and_termination_without_reason(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    mentee = add_mentee(empty_db, "Сидоров")
    service = PairService(empty_db)
    pair_id = service.create(pair_draft(mentor, mentee, status=PairStatus.ACTIVE), today=TODAY)
    with pytest.raises(ValidationError) as err:
        service.complete(pair_id, dt.date(2026, 8, 1))
    assert "раньше начала" in err.value.errors["ended_on"]
    with pytest.raises(ValidationError) as err:
        service.terminate(pair_id, "  ", TODAY)
    assert "укажите, почему" in err.value.errors["end_reason"]
    assert service.get(pair_id).status is PairStatus.ACTIVE


def test_delete_forming_pair_and_undo(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    mentee = add_mentee(empty_db, "Сидоров")
    service = PairService(empty_db)
    pair_id = service.create(pair_draft(mentor, mentee), today=TODAY)
    draft = service.delete(pair_id)
    assert count_pairs(empty_db) == 0
    service.create(draft, today=TODAY)
    assert [r.mentees for r in service.list_rows()] == ["Сидоров П.А."]
    active = service.list_rows()[0].id
    service.activate(active, TODAY)
    with pytest.raises(ValidationError):
        service.delete(active)


def test_edit_keeps_own_place(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова", max_mentees="1")
    mentee = add_mentee(empty_db, "Сидоров")
    service = PairService(empty_db)
    pair_id = service.create(pair_draft(mentor, mentee), today=TODAY)
    draft = service.draft(pair_id)
    draft.direction = "адаптация"
    draft.notes = "встречи по вторникам"
    service.update(pair_id, draft, today=TODAY)
    pair = service.get(pair_id)
    assert (pair.direction, pair.notes) == ("адаптация", "встречи по вторникам")


def test_archiving_a_person_in_an_open_pair_is_refused(empty_db: Database) -> None:
    mentor = add_mentor(empty_db, "Петрова")
    mentee = add_mentee(empty_db, "Сидоров")
    PairService(empty_db).create(pair_draft(mentor, mentee), today=TODAY)
    people = PeopleService(empty_db)
    with pytest.raises(ValidationError) as err:
        people.archive(mentee)
    assert "участник действующей пары" in err.value.errors["archived_on"]
    assert not people.get(mentee).is_archived


def test_filters(empty_db: Database) -> None:
    a, b = add_mentor(empty_db, "Петрова"), add_mentor(empty_db, "Кузнецова")
    m1, m2 = add_mentee(empty_db, "Сидоров"), add_mentee(empty_db, "Орлов")
    service = PairService(empty_db)
    service.create(pair_draft(a, m1, kinds=[MentoringKind.VIRTUAL]), today=TODAY)
    second = service.create(pair_draft(b, m2), today=TODAY)
    service.terminate(second, "по собственному желанию", TODAY)
    assert [r.mentees for r in service.list_rows(PairFilter(mentor_id=b))] == ["Орлов П.А."]
    assert [r.mentees for r in service.list_rows(PairFilter(open_only=True))] == ["Сидоров П.А."]
    assert [r.mentor_id for r in service.list_rows(PairFilter(kind=MentoringKind.VIRTUAL))] == [a]
    assert [r.id for r in service.list_rows(PairFilter(status=PairStatus.TERMINATED))] == [second]


def test_overview_items_on_the_demo(demo_db: Database) -> None:
    from desktop_app.services.overview import Severity
    from desktop_app.services.pairs import overview_items
    from tests.conftest import DEMO_TODAY

    items = {i.hint or i.text: i for i in overview_items(demo_db, DEMO_TODAY)}
    assert items["unpaired"].figure == 2
    assert "Богданов Павел Васильевич" in items["unpaired"].text
    assert items["no_order"].text == "Без приказа о закреплении: 1 пара, 1 группа"
    assert items["Действует пар и групп: 6"].severity is Severity.INFO
    # Half a year later the pairs of the school year are past their planned end.
    later = overview_items(demo_db, dt.date(2027, 6, 15))
    overdue = [i for i in later if i.severity is Severity.OVERDUE]
    assert len(overdue) == 6 and all("завершите её" in i.text for i in overdue)
