"""Согласие на обработку персональных данных (152-ФЗ): for one person, chosen people, or all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import date_in_words, format_date, render_docx
from desktop_app.export.kinds.common import (
    official_context,
    output_name,
    own_organisation,
    report_to,
)
from desktop_app.export.registry import (
    DocumentKind,
    ExportCancelled,
    ExportOptions,
    Progress,
    register,
)
from desktop_app.models import Person
from desktop_app.models.db import Database
from desktop_app.services.declension import person_declined, position_declined

TEMPLATE = "consent.docx"


def chosen_people(session: Session, options: ExportOptions) -> list[Person]:
    stmt = select(Person).order_by(Person.last_name, Person.first_name, Person.patronymic)
    if options.person_ids:
        stmt = stmt.where(Person.id.in_(options.person_ids))
    else:
        stmt = stmt.where(Person.archived_on.is_(None))
    people = list(session.scalars(stmt))
    if not people:
        raise AppError("Нет педагогов, для которых можно заполнить согласие.")
    return people


def build(db: Database, out_dir: Path, options: ExportOptions, progress: Progress) -> list[Path]:
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        org = own_organisation(session)
        people = chosen_people(session, options)
        filled = []
        for number, person in enumerate(people):
            if not progress(number, len(people), person.short_name):
                raise ExportCancelled()
            birth = format_date(person.birth_date)
            filled.append(
                {
                    "name": person_declined(session, person.id),
                    "position": person.position,
                    "position_gen": position_declined(session, person.position).gen,
                    "birth_date": f"дата рождения {birth}" if birth else "дата рождения ________",
                }
            )
        context["people"] = filled
        context["report_to"] = report_to(org)
        context["date_words_blank"] = date_in_words(None)
        address = org.address.strip()
        context["org"]["address_clause"] = (
            f"расположенному по адресу: {address}, " if address else ""
        )
        if len(people) == 1:
            title = f"Согласие на обработку ПДн — {people[0].short_name}"
        else:
            title = "Согласия на обработку персональных данных"
        target = Path(out_dir) / output_name(session, title, options.today, "docx")
    render_docx(TEMPLATE, context, target)
    progress(len(people), len(people), "Готово")
    return [target]


KIND = register(
    DocumentKind(
        key="consent",
        title="Согласие на обработку персональных данных",
        fmt="docx",
        build=build,
        description="Бланк согласия по 152-ФЗ с заполненными ФИО и должностью: "
        "для выбранных педагогов или для всех (каждый — на отдельной странице).",
        takes_selection=True,
        templates=(TEMPLATE,),
        group="Учёт",
    )
)
