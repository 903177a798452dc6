"""Property-based tests (hypothesis) of what the curator types: random strings, dates and
numbers into the validators and the person form's validation give a correct value or a clear
Russian message naming the field — never a crash — and a refused save changes nothing."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop_app.errors import ValidationError
from desktop_app.models import ChangeLogEntry, Person
from desktop_app.models.db import Database
from desktop_app.services.backup import list_backups
from desktop_app.services.crash_report import scrub
from desktop_app.services.organisation import OrganisationDraft, validate_organisation
from desktop_app.services.people import PeopleFilter, PeopleService, PersonDraft, validate_person
from desktop_app.services.validation import (
    FieldError,
    check_email,
    check_name_part,
    check_phone,
    format_date,
    parse_date,
    parse_int,
)

TODAY = dt.date(2026, 11, 23)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")

# Text a curator might type or paste: Cyrillic, Latin, digits, punctuation, odd whitespace,
# and the control characters a copy from a PDF brings along.
typed = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        whitelist_categories=("L", "N", "P", "S", "Zs", "Cc"),
    ),
    max_size=60,
)
date_like = st.one_of(
    typed,
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(-5, 45),
        st.integers(-2, 15),
        st.integers(0, 3000),
        st.sampled_from([".", "-", "/", " ", ""]),
    ),
)
number_like = st.one_of(typed, st.integers(-(10**12), 10**12).map(str))


def _is_clear(message: str, label: str) -> bool:
    return message.startswith(label) and bool(CYRILLIC.search(message)) and len(message) < 300


@given(date_like)
def test_parse_date_gives_a_date_or_a_clear_message(text: str) -> None:
    try:
        value = parse_date(text, "Дата рождения", today=TODAY)
    except FieldError as exc:
        assert _is_clear(exc.message, "Дата рождения"), exc.message
        return
    if value is not None:
        assert dt.date(1900, 1, 1) <= value <= TODAY


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
def test_a_shown_date_reads_back_the_same(day: dt.date) -> None:
    assert parse_date(format_date(day), "Дата", today=TODAY) == day


@given(number_like, st.integers(0, 5), st.integers(5, 100))
def test_parse_int_gives_a_number_in_range_or_a_clear_message(
    text: str, low: int, high: int
) -> None:
    try:
        value = parse_int(text, "Стаж", minimum=low, maximum=high)
    except FieldError as exc:
        assert _is_clear(exc.message, "Стаж"), exc.message
        return
    assert value is None or low <= value <= high


@given(typed)
def test_phone_email_name_checks_never_crash(text: str) -> None:
    for check, label in (
        (check_phone, "Телефон"),
        (check_email, "E-mail"),
        (lambda t: check_name_part(t, "Фамилия", required=True), "Фамилия"),
    ):
        try:
            value = check(text)
        except FieldError as exc:
            assert _is_clear(exc.message, label), exc.message
            continue
        assert isinstance(value, str)
        if label == "Фамилия":
            assert value and value == " ".join(value.split())


person_drafts = st.builds(
    PersonDraft,
    last_name=st.one_of(typed, st.sampled_from(["Петрова", "Ким", "Оглы-Мамедов"])),
    first_name=st.one_of(typed, st.sampled_from(["Анна", "Илья"])),
    patronymic=st.one_of(typed, st.just("")),
    birth_date=date_like,
    hired_on=date_like,
    experience_years=number_like,
    phone=typed,
    email=st.one_of(typed, st.just("anna@school.ru")),
    consent_given_on=date_like,
    consent_withdrawn_on=st.one_of(st.just(""), date_like),
    position=typed,
    notes=typed,
)

FORM_FIELDS = {f.name for f in dataclasses.fields(PersonDraft)} | {
    "gender",
    "max_mentees",
    "mentee_category",
    "appointment_consent_on",
    "training_hours",
    "training_completed_on",
}


@settings(max_examples=150, deadline=None)
@given(person_drafts)
def test_person_validation_names_each_wrong_field(draft: PersonDraft) -> None:
    try:
        valid = validate_person(draft, today=TODAY)
    except ValidationError as exc:
        assert exc.errors
        for name, message in exc.errors.items():
            assert name in FORM_FIELDS, name
            assert CYRILLIC.search(message) and ":" in message, message
        return
    assert valid.values["last_name"] and valid.values["first_name"]
    birth = valid.values["birth_date"]
    assert birth is None or birth <= TODAY  # type: ignore[operator]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(person_drafts)
def test_a_refused_save_changes_nothing(empty_db: Database, draft: PersonDraft) -> None:
    try:
        validate_person(draft)
    except ValidationError:
        pass
    else:
        assume(False)  # only the drafts the form refuses
    people = PeopleService(empty_db)

    def counts() -> tuple[int, int]:
        with empty_db.session() as session:
            return (
                session.scalar(select(func.count(Person.id))) or 0,
                session.scalar(select(func.count(ChangeLogEntry.id))) or 0,
            )

    before = counts()
    with contextlib.suppress(ValidationError):
        people.create(draft)
    assert counts() == before


@given(st.builds(OrganisationDraft, full_name=typed, head_name=typed, phone=typed, email=typed))
def test_organisation_validation_never_crashes(draft: OrganisationDraft) -> None:
    clean, errors = validate_organisation(draft)
    for message in errors.values():
        assert CYRILLIC.search(message)
    if not errors:
        assert clean.full_name and clean.head_name


@given(st.lists(typed, max_size=8))
def test_backup_list_ignores_any_stray_file_name(tmp_path_factory, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("b")
    for name in names:
        clean = "".join(ch for ch in name if ch not in "/\\\x00").strip()
        if clean and clean not in {".", ".."} and len(clean.encode()) < 200:
            (folder / clean).write_bytes(b"x")
    assert list_backups(folder / "school.sqlite", folder) == []


@given(
    st.sampled_from(["Петрова", "Сидоров", "Ёлкина", "Ким"]),
    st.from_regex(r"\+7 9\d\d \d{3}-\d\d-\d\d", fullmatch=True),
    typed,
)
def test_error_reports_never_carry_names_or_phones(name: str, phone: str, noise: str) -> None:
    clean = scrub(f"{noise} value {name!r} phone={phone} {noise}")
    assert name not in clean
    assert phone not in clean and phone.replace(" ", "")[2:] not in clean


# --- the importer: random files and random cells ----------------------------------------

cell = st.one_of(typed, date_like, number_like, st.just(""))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=5, max_size=5), min_size=1, max_size=6))
def test_importer_reads_random_cells_into_values_or_clear_problems(
    empty_db: Database,
    tmp_path_factory,
    rows: list[list[str]],  # type: ignore[no-untyped-def]
) -> None:
    from desktop_app.errors import AppError
    from desktop_app.services.people_import import apply_import, load_source, plan_import

    folder = tmp_path_factory.mktemp("import")
    path = folder / "педагоги.csv"
    clean = [[c.replace(";", " ").replace("\n", " ").replace("\r", " ") for c in r] for r in rows]
    lines = ["ФИО;Дата рождения;Педагогический стаж;Телефон;E-mail"]
    lines += [";".join(r) for r in clean]
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        table, guess = load_source(path)
        plan = plan_import(empty_db, table, guess, today=TODAY)
    except AppError as exc:
        assert CYRILLIC.search(exc.message)
        return
    for row in plan.rows:
        for problem in row.problems:
            assert CYRILLIC.search(problem.message), problem.message
        if not row.is_error and row.valid is not None:
            assert row.valid.values["last_name"]
    before = PeopleService(empty_db).count(PeopleFilter(include_archived=True))
    try:
        result = apply_import(empty_db, plan)
    except AppError as exc:  # refused whole: nothing written
        assert CYRILLIC.search(exc.message)
        assert PeopleService(empty_db).count(PeopleFilter(include_archived=True)) == before
        return
    assert result is not None


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".xls", ".txt"]))
def test_importer_refuses_random_bytes_with_a_message(
    tmp_path_factory,
    data: bytes,
    suffix: str,  # type: ignore[no-untyped-def]
) -> None:
    from desktop_app.errors import AppError
    from desktop_app.services.people_import import load_source

    path = tmp_path_factory.mktemp("bytes") / f"файл{suffix}"
    path.write_bytes(data)
    try:
        load_source(path)
    except AppError as exc:
        assert CYRILLIC.search(exc.message) and len(exc.message) < 600
