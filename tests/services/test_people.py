from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.errors import ValidationError
from desktop_app.models import (
    ConsentState,
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    QualificationCategory,
    Role,
)
from desktop_app.models.db import Database
from desktop_app.services.people import (
    MenteeDraft,
    MentorDraft,
    PeopleFilter,
    PeopleService,
    PersonDraft,
    guess_gender,
    validate_person,
)


def _draft(**kw: object) -> PersonDraft:
    values: dict[str, object] = {
        "last_name": "Петрова",
        "first_name": "Мария",
        "patronymic": "Ивановна",
        "position": "учитель математики",
        "subjects": "математика, алгебра",
    }
    values.update(kw)
    return PersonDraft(**values)  # type: ignore[arg-type]


def test_create_and_read_back(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    person_id = people.create(
        _draft(
            birth_date="05.03.1990",
            qualification_category=QualificationCategory.FIRST,
            experience_years="12",
            consent_given_on="01.09.2025",
            is_mentee=True,
            mentee=MenteeDraft(
                category=MenteeCategory.WANTS_DIGITAL,
                request="Освоить «Сферум»",
                difficulties={DeficitCategory.DIGITAL: (DeficitLevel.HIGH, "нет опыта")},
            ),
        )
    )
    person = people.get(person_id)
    assert person.full_name == "Петрова Мария Ивановна"
    assert person.short_name == "Петрова М.И."
    assert person.gender is Gender.FEMALE  # from the patronymic
    assert person.birth_date == dt.date(1990, 3, 5)
    assert person.experience_on(dt.date.today()) == 12
    assert person.consent_state(dt.date.today()) is ConsentState.GIVEN
    assert person.is_mentee and not person.is_mentor
    assert person.mentee_profile is not None
    [difficulty] = person.mentee_profile.difficulties
    assert (difficulty.category, difficulty.level) == (DeficitCategory.DIGITAL, DeficitLevel.HIGH)

    draft = people.draft(person_id)
    assert draft.birth_date == "05.03.1990"
    assert draft.mentee.request == "Освоить «Сферум»"


def test_experience_grows_with_time() -> None:
    valid = validate_person(_draft(experience_years="10"), today=dt.date(2024, 9, 1))
    assert valid.values["experience_years"] == 10
    assert valid.values["experience_as_of"] == dt.date(2024, 9, 1)


@pytest.mark.parametrize(
    ("field", "value", "expected_field", "expected_text"),
    [
        ("last_name", "", "last_name", "обязательное поле"),
        ("first_name", "   ", "first_name", "обязательное поле"),
        ("last_name", "Петрова2", "last_name", "только буквы"),
        ("birth_date", "31.02.2024", "birth_date", "даты 31.02.2024 не существует"),
        ("birth_date", "1990-13-01", "birth_date", "не существует"),
        ("birth_date", "завтра", "birth_date", "ДД.ММ.ГГГГ"),
        ("birth_date", "01.01.2090", "birth_date", "ещё не наступила"),
        ("experience_years", "1о", "experience_years", "целое число"),
        ("experience_years", "-3", "experience_years", "не может быть отрицательным"),
        ("phone", "восемь", "phone", "Телефон"),
        ("email", "maria@", "email", "E-mail"),
        ("consent_given_on", "01.01.2099", "consent_given_on", "ещё не наступила"),
    ],
)
def test_each_wrong_value_is_named(
    field: str, value: str, expected_field: str, expected_text: str
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_person(_draft(**{field: value}))
    assert expected_field in info.value.errors
    assert expected_text in info.value.errors[expected_field]


def test_withdrawal_before_consent_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        validate_person(_draft(consent_given_on="10.09.2025", consent_withdrawn_on="01.09.2025"))
    assert "раньше даты согласия" in info.value.errors["consent_withdrawn_on"]


def test_mentee_needs_a_category_and_mentor_a_capacity() -> None:
    with pytest.raises(ValidationError) as info:
        validate_person(
            _draft(is_mentee=True, is_mentor=True, mentor=MentorDraft(max_mentees="ноль"))
        )
    assert "mentee_category" in info.value.errors
    assert "целое число" in info.value.errors["max_mentees"]


def test_nothing_saved_on_error(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    with pytest.raises(ValidationError):
        people.create(_draft(birth_date="31.02.2024"))
    assert people.query_ids(PeopleFilter(include_archived=True)) == []


def test_gender_from_patronymic_and_name() -> None:
    assert guess_gender("Рауф оглы") is Gender.MALE
    assert guess_gender("Ильинична") is Gender.FEMALE
    assert guess_gender("Али кызы") is Gender.FEMALE
    assert guess_gender("", "Никита") is Gender.MALE
    assert guess_gender("", "Алина") is Gender.FEMALE
    assert guess_gender("", "Любовь") is None


def test_name_without_patronymic_needs_no_gender_for_common_names() -> None:
    valid = validate_person(_draft(patronymic="", first_name="алина", last_name="ким"))
    assert valid.values["first_name"] == "Алина"
    assert valid.values["last_name"] == "Ким"


def test_search_is_case_insensitive_and_ignores_yo(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    a = people.create(_draft(last_name="Королёва", position="учитель физики", subjects="физика"))
    b = people.create(_draft(last_name="Сидорова", first_name="Анна"))
    assert people.query_ids(PeopleFilter(text="королева")) == [a]
    assert people.query_ids(PeopleFilter(text="КОРОЛЁВА")) == [a]
    assert people.query_ids(PeopleFilter(text="физ")) == [a]
    assert people.query_ids(PeopleFilter(text="математ сидор")) == [b]
    assert people.query_ids(PeopleFilter(text="100%")) == []


def test_filters_by_role_category_and_consent(demo_db: Database) -> None:
    people = PeopleService(demo_db)
    mentors = people.query_ids(PeopleFilter(role=Role.MENTOR))
    mentees = people.query_ids(PeopleFilter(role=Role.MENTEE))
    nobody = people.query_ids(PeopleFilter(role=Role.NONE))
    everyone = people.query_ids(PeopleFilter())
    assert len(mentors) == 10
    assert len(mentees) == 12
    assert set(nobody).isdisjoint(mentors) and set(nobody).isdisjoint(mentees)
    assert len(set(mentors) | set(mentees) | set(nobody)) == len(everyone) == 46

    young = people.query_ids(PeopleFilter(mentee_category=MenteeCategory.YOUNG_TEACHER))
    rows = people.rows(young)
    assert young and all(rows[i].mentee_category == "молодой педагог" for i in young)

    without = people.query_ids(PeopleFilter(consent=ConsentState.MISSING))
    withdrawn = people.query_ids(PeopleFilter(consent=ConsentState.WITHDRAWN))
    given = people.query_ids(PeopleFilter(consent=ConsentState.GIVEN))
    assert len(without) == 5 and len(withdrawn) == 1
    assert len(given) + len(without) + len(withdrawn) == 46
    assert all(r.consent is ConsentState.MISSING for r in people.rows(without).values())


def test_archive_hides_and_restore_brings_back(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    person_id = people.create(_draft())
    people.archive(person_id)
    assert people.query_ids(PeopleFilter()) == []
    assert people.query_ids(PeopleFilter(include_archived=True)) == [person_id]
    people.restore(person_id)
    assert people.query_ids(PeopleFilter()) == [person_id]


def test_roles_switched_off_keep_the_profile(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    person_id = people.create(_draft(is_mentor=True, mentor=MentorDraft(max_mentees="3")))
    draft = people.draft(person_id)
    draft.is_mentor = False
    people.update(person_id, draft)
    person = people.get(person_id)
    assert not person.is_mentor
    assert person.mentor_profile is not None and person.mentor_profile.max_mentees == 3


def test_consent_given_again_after_withdrawal_keeps_history(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    person_id = people.create(
        _draft(consent_given_on="01.09.2024", consent_withdrawn_on="01.02.2025")
    )
    assert people.get(person_id).consent_state(dt.date.today()) is ConsentState.WITHDRAWN
    draft = people.draft(person_id)
    draft.consent_given_on = "01.09.2025"
    draft.consent_withdrawn_on = ""
    people.update(person_id, draft)
    person = people.get(person_id)
    assert len(person.consents) == 2
    assert person.consent_state(dt.date.today()) is ConsentState.GIVEN


@pytest.mark.parametrize("text", ["", "а", "ова", "учитель нач", "ё", "Черных", "zz"])
@pytest.mark.parametrize("role", [None, Role.MENTOR, Role.MENTEE, Role.NONE])
@pytest.mark.parametrize("consent", [None, ConsentState.GIVEN, ConsentState.MISSING])
def test_index_answers_like_the_database(
    demo_db: Database, text: str, role: Role | None, consent: ConsentState | None
) -> None:
    people = PeopleService(demo_db)
    flt = PeopleFilter(text=text, role=role, consent=consent, include_archived=True)
    assert set(people.query_ids(flt)) == set(people.query_ids_sql(flt))


def test_index_follows_changes_and_sorts_like_people_read(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    assert people.query_ids(PeopleFilter()) == []  # index built, empty
    a = people.create(_draft(last_name="Ёлкина", first_name="Анна"))
    b = people.create(_draft(last_name="Елисеева", first_name="Вера"))
    c = people.create(_draft(last_name="Яковлева", first_name="Юлия"))
    # «Ё» sorts with «Е», not after «Я» as raw code points would put it.
    assert people.query_ids(PeopleFilter()) == [b, a, c]
    assert people.query_ids(PeopleFilter(), descending=True) == [c, a, b]
    people.archive(b)
    assert people.query_ids(PeopleFilter()) == [a, c]
