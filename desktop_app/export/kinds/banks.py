"""Банк наставников и банк наставляемых (.xlsx, two sheets): персонифицированный учёт that the
municipality collects quarterly (seed 000, 4.3.4; seed 004, item 14).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.export.kinds.common import output_name, own_organisation
from desktop_app.export.registry import (
    DocumentKind,
    ExportCancelled,
    ExportOptions,
    Progress,
    register,
)
from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
from desktop_app.models import (
    ConsentState,
    DeficitCategory,
    MenteeProfile,
    MentorProfile,
    Person,
)
from desktop_app.models.db import Database

TITLE = "Банк наставников и наставляемых"

# Pairs are another feature: it tells the banks how many mentees each mentor has now by
# appending ``counts(session, today) -> {mentor person id: number}`` here. Without one the
# column stays empty rather than showing a made-up zero.
MENTEE_COUNT_PROVIDERS: list[Callable[[Session, dt.date], dict[int, int]]] = []

MENTOR_COLUMNS = [
    XColumn("№", "int"),
    XColumn("ФИО", "text", 24),
    XColumn("Организация", "wrap", 18),
    XColumn("Должность", "wrap", 20),
    XColumn("Преподаваемые предметы", "wrap", 18),
    XColumn("Пед. стаж, лет", "int"),
    XColumn("Квалификационная категория", "wrap", 14),
    XColumn("Направления (в чём может помочь)", "wrap", 32),
    XColumn("Наибольшее число наставляемых", "int", 12),
    XColumn("Число наставляемых сейчас", "int", 12),
    XColumn("Письменное согласие на назначение", "text", 11),
    XColumn("Дата согласия на назначение", "date"),
    XColumn("Повышение квалификации по наставничеству", "wrap", 26),
    XColumn("Согласие на обработку ПДн", "text", 12),
    XColumn("Дата согласия на обработку ПДн", "date"),
]

MENTEE_COLUMNS = [
    XColumn("№", "int"),
    XColumn("ФИО", "text", 24),
    XColumn("Организация", "wrap", 18),
    XColumn("Должность", "wrap", 20),
    XColumn("Преподаваемые предметы", "wrap", 18),
    XColumn("Пед. стаж, лет", "int"),
    XColumn("Квалификационная категория", "wrap", 14),
    XColumn("Дата приёма на работу", "date"),
    XColumn("Категория наставляемого", "wrap", 20),
    XColumn("Запрос", "wrap", 32),
    *[XColumn(f"Затруднения: {c.label}", "wrap", 16) for c in DeficitCategory],
    XColumn("Согласие на обработку ПДн", "text", 12),
    XColumn("Дата согласия на обработку ПДн", "date"),
]


def _consent(person: Person, today: dt.date) -> tuple[str, dt.date | None, bool]:
    """(state label, date given, whether the row must be marked as lacking consent)."""
    state = person.consent_state(today)
    consent = person.current_consent
    given = consent.given_on if consent is not None else None
    return state.label, given, state is not ConsentState.GIVEN


def _people(session: Session, role: type[MentorProfile] | type[MenteeProfile]) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(role, role.person_id == Person.id)
            .where(role.active, Person.archived_on.is_(None))
            .options(
                selectinload(Person.consents),
                selectinload(Person.organisation),
                selectinload(Person.mentor_profile),
                selectinload(Person.mentee_profile).selectinload(MenteeProfile.difficulties),
            )
            .order_by(Person.last_name, Person.first_name, Person.patronymic)
        )
    )


def _training(profile: MentorProfile) -> str:
    if not profile.training_course:
        return ""
    parts = [profile.training_course]
    if profile.training_hours:
        parts.append(f"{profile.training_hours} ч.")
    if profile.training_certificate:
        parts.append(f"удостоверение № {profile.training_certificate}")
    if profile.training_completed_on:
        parts.append(profile.training_completed_on.strftime("%d.%m.%Y"))
    return ", ".join(parts)


def mentor_sheet(session: Session, today: dt.date) -> XSheet:
    counts: dict[int, int] = {}
    for provider in MENTEE_COUNT_PROVIDERS:
        counts.update(provider(session, today))
    rows, marked = [], set()
    for number, person in enumerate(_people(session, MentorProfile), start=1):
        profile = person.mentor_profile
        assert profile is not None
        consent_label, consent_date, missing = _consent(person, today)
        if missing:
            marked.add(number - 1)
        expertise = "; ".join(c.label for c in profile.expertise)
        if profile.expertise_note:
            expertise = (
                f"{expertise}; {profile.expertise_note}" if expertise else profile.expertise_note
            )
        rows.append(
            [
                number,
                person.full_name,
                person.organisation.display_name if person.organisation else "",
                person.position,
                person.subjects,
                person.experience_on(today),
                person.qualification_category.label if person.qualification_category else "",
                expertise,
                profile.max_mentees,
                counts.get(person.id) if MENTEE_COUNT_PROVIDERS else None,
                profile.appointment_consent,
                profile.appointment_consent_on,
                _training(profile),
                consent_label,
                consent_date,
            ]
        )
    return XSheet(
        "Банк наставников",
        "Банк наставников",
        MENTOR_COLUMNS,
        rows,
        marked,
        note="Строки без действующего согласия на обработку персональных данных выделены цветом."
        if marked
        else "",
    )


def mentee_sheet(session: Session, today: dt.date) -> XSheet:
    rows, marked = [], set()
    for number, person in enumerate(_people(session, MenteeProfile), start=1):
        profile = person.mentee_profile
        assert profile is not None
        consent_label, consent_date, missing = _consent(person, today)
        if missing:
            marked.add(number - 1)
        by_category = {d.category: d for d in profile.difficulties}
        deficits = []
        for category in DeficitCategory:
            found = by_category.get(category)
            if found is None:
                deficits.append("")
                continue
            text = found.level.label if found.level else "есть"
            deficits.append(f"{text}; {found.note}" if found.note else text)
        rows.append(
            [
                number,
                person.full_name,
                person.organisation.display_name if person.organisation else "",
                person.position,
                person.subjects,
                person.experience_on(today),
                person.qualification_category.label if person.qualification_category else "",
                person.hired_on,
                profile.category.label if profile.category else "",
                profile.request,
                *deficits,
                consent_label,
                consent_date,
            ]
        )
    return XSheet(
        "Банк наставляемых",
        "Банк наставляемых",
        MENTEE_COLUMNS,
        rows,
        marked,
        note="Строки без действующего согласия на обработку персональных данных выделены цветом."
        if marked
        else "",
    )


def build(db: Database, out_dir: Path, options: ExportOptions, progress: Progress) -> list[Path]:
    if not progress(0, 2, "Банк наставников"):
        raise ExportCancelled()
    with db.session() as session:
        org = own_organisation(session)
        mentors = mentor_sheet(session, options.today)
        if not progress(1, 2, "Банк наставляемых"):
            raise ExportCancelled()
        mentees = mentee_sheet(session, options.today)
        target = Path(out_dir) / output_name(session, TITLE, options.today, "xlsx")
        organisation = org.full_name
    write_workbook(target, organisation, options.today, [mentors, mentees])
    progress(2, 2, "Готово")
    return [target]


KIND = register(
    DocumentKind(
        key="banks",
        title=TITLE,
        fmt="xlsx",
        build=build,
        description="Два листа: наставники и наставляемые (затруднения по 8 направлениям, "
        "запрос, согласия); люди без согласия на обработку ПДн выделены цветом.",
        group="Учёт",
    )
)
