"""Приказ о назначении куратора реализации программ наставничества (.docx)."""

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
from desktop_app.services.declension import (
    declined_free_name,
    declined_position,
    person_declined,
    position_declined,
)

TEMPLATE = "order-curator.docx"
TITLE = "Приказ о назначении куратора наставничества"


def find_curator(session: Session, options: ExportOptions) -> Person | None:
    """The chosen person, else the staff member whose name is the organisation's curator."""
    if options.person_ids:
        person = session.get(Person, options.person_ids[0])
        if person is None:
            raise AppError("Выбранный куратор не найден в базе — возможно, запись удалили.")
        return person
    org = own_organisation(session)
    wanted = " ".join(org.curator_name.split()).casefold()
    if not wanted:
        return None
    for person in session.scalars(
        select(Person).where(Person.organisation_id == org.id, Person.archived_on.is_(None))
    ):
        if person.full_name.casefold() == wanted:
            return person
    return None


def build(db: Database, out_dir: Path, options: ExportOptions, progress: Progress) -> list[Path]:
    if not progress(0, 1, TITLE):
        raise ExportCancelled()
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        org = own_organisation(session)
        curator = find_curator(session, options)
        if curator is not None:
            context["curator"] = person_declined(session, curator.id)
            position = curator.position or org.curator_position
            context["curator_position"] = position_declined(session, position)
        elif org.curator_name.strip():
            context["curator"] = declined_free_name(org.curator_name)
            context["curator_position"] = declined_position(org.curator_position)
        else:
            raise AppError(
                "Не указан куратор наставничества. Укажите его ФИО в разделе «Настройки» "
                "или выберите педагога в списке."
            )
        start = options.extra.get("start_date") or options.today
        context["start_date"] = format_date(start)  # type: ignore[arg-type]
        context["report_to"] = report_to(org)
        context["acquainted_date"] = date_in_words(None)
        target = Path(out_dir) / output_name(session, TITLE, options.today, "docx")
    render_docx(TEMPLATE, context, target)
    progress(1, 1, TITLE)
    return [target]


KIND = register(
    DocumentKind(
        key="order-curator",
        title="Приказ о назначении куратора реализации программ наставничества",
        fmt="docx",
        build=build,
        description="Куратор — из «Настройки» или выбранный педагог; номер приказа — по желанию.",
        takes_number=True,
        takes_selection=True,
        templates=(TEMPLATE,),
        group="Приказы",
    )
)
