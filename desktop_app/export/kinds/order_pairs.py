"""Приказ о закреплении наставнических пар (групп) (.docx), with the list of pairs appended.

Seed 000, 4.3.3: the head «издает приказ(ы) о закреплении наставнических пар/групп с
письменного согласия их участников»; seed 001, 2.4: «Приказ о закреплении наставнических
пар/групп». Names are declined as the sentence needs: «Назначить Белову Екатерину Юрьевну,
учителя начальных классов, наставником Ковалёвой Юлии Ильиничны, учителя…».
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import format_date, render_docx
from desktop_app.export.kinds.common import (
    official_context,
    output_name,
    own_organisation,
    report_to,
)
from desktop_app.export.kinds.order_curator import find_curator
from desktop_app.export.registry import (
    DocumentKind,
    ExportCancelled,
    ExportOptions,
    Progress,
    register,
)
from desktop_app.models import MentoringPair, PairMembership, Person
from desktop_app.models.db import Database
from desktop_app.services.declension import (
    declined_free_name,
    declined_position,
    person_declined,
    position_declined,
)
from desktop_app.services.pairs import OPEN_STATUSES

TEMPLATE = "order-pairs.docx"
TITLE = "Приказ о закреплении наставнических пар (групп)"
# Programs are due two weeks after the order unless the curator says otherwise.
PROGRAM_DAYS = 14


def chosen_pairs(session: Session, options: ExportOptions) -> list[MentoringPair]:
    """The pairs the curator chose (``extra["pair_ids"]``), else the new ones — open pairs not
    yet fixed by an order — else every open pair."""
    stmt = select(MentoringPair).options(
        selectinload(MentoringPair.mentor).selectinload(Person.organisation),
        selectinload(MentoringPair.memberships).selectinload(PairMembership.mentee),
    )
    wanted = options.extra.get("pair_ids")
    if wanted:
        ids = [int(i) for i in wanted]  # type: ignore[union-attr]
        pairs = list(session.scalars(stmt.where(MentoringPair.id.in_(ids))))
        if len(pairs) != len(set(ids)):
            raise AppError("Часть выбранных пар не найдена — возможно, их удалили.")
    else:
        open_pairs = list(session.scalars(stmt.where(MentoringPair.status.in_(OPEN_STATUSES))))
        pairs = [p for p in open_pairs if not p.order_number] or open_pairs
    if not pairs:
        raise AppError(
            "Нет пар для приказа: сначала сформируйте наставнические пары или группы "
            "в разделе «Пары и группы»."
        )
    pairs.sort(key=lambda p: (p.start_on, p.mentor.last_name, p.id))
    return pairs


def _declined_with_position(session: Session, person: Person, own_org_id: int) -> str:
    """«Ковалёвой Юлии Ильиничны, учителя начальных классов» (genitive, after «наставником»)."""
    text = person_declined(session, person.id).gen
    if person.position:
        text += ", " + position_declined(session, person.position).gen
    if person.organisation_id != own_org_id:
        text += " " + person.organisation.display_name
    return text


def build(db: Database, out_dir: Path, options: ExportOptions, progress: Progress) -> list[Path]:
    if not progress(0, 1, TITLE):
        raise ExportCancelled()
    with db.session() as session:
        context = official_context(session, options.today, options.number)
        org = own_organisation(session)
        pairs = chosen_pairs(session, options)
        curator = find_curator(session, ExportOptions(today=options.today))
        if curator is not None:
            context["curator"] = person_declined(session, curator.id)
            context["curator_position"] = position_declined(
                session, curator.position or org.curator_position
            )
        elif org.curator_name.strip():
            context["curator"] = declined_free_name(org.curator_name)
            context["curator_position"] = declined_position(org.curator_position)
        else:
            raise AppError(
                "Не указан куратор наставничества — он отвечает за контроль работы пар. "
                "Укажите его ФИО в разделе «Настройки»."
            )
        items, rows, acquainted = [], [], []
        seen: set[int] = set()
        for number, pair in enumerate(pairs, start=1):
            mentees_gen = [_declined_with_position(session, m, org.id) for m in pair.mentees]
            if pair.is_group:
                group = f"группы «{pair.title}»" if pair.title else "группы"
                mentees_text = f"{group} в составе: " + "; ".join(mentees_gen)
            else:
                mentees_text = mentees_gen[0] if mentees_gen else ""
            mentor_pos = ""
            if pair.mentor.position:
                mentor_pos = position_declined(session, pair.mentor.position).acc
            if pair.mentor.organisation_id != org.id:
                organisation = pair.mentor.organisation
                mentor_pos = f"{mentor_pos} {organisation.short_name or organisation.full_name}"
            kinds = ", ".join(k.label for k in pair.kind_list) or "традиционное («один на один»)"
            items.append(
                {
                    "mentor": person_declined(session, pair.mentor_id),
                    "mentor_position": mentor_pos.strip(),
                    "mentees_text": mentees_text,
                    "form": pair.form.label,
                    "kinds": kinds,
                    "direction_clause": f"; направление: {pair.direction}"
                    if pair.direction
                    else "",
                    "start": format_date(pair.start_on),
                    "end": format_date(pair.planned_end_on),
                }
            )
            rows.append(
                {
                    "n": str(number),
                    "mentor": pair.mentor.full_name
                    + (f", {pair.mentor.position}" if pair.mentor.position else "")
                    + (
                        f" ({pair.mentor.organisation.display_name})"
                        if pair.mentor.organisation_id != org.id
                        else ""
                    ),
                    "mentees": "; ".join(
                        m.full_name + (f", {m.position}" if m.position else "")
                        for m in pair.mentees
                    ),
                    "form": f"{pair.form.label}; {kinds}",
                    "direction": pair.direction,
                    # No spaces round the dash: a narrow cell breaks the line after it.
                    "period": f"{format_date(pair.start_on)}–{format_date(pair.planned_end_on)}",
                }
            )
            for person in (pair.mentor, *pair.mentees):
                if person.id not in seen:
                    seen.add(person.id)
                    acquainted.append(person_declined(session, person.id).signature)
        context["pairs"] = items
        context["rows"] = rows
        context["acquainted"] = acquainted
        due = options.extra.get("program_due") or options.today + dt.timedelta(days=PROGRAM_DAYS)
        context["program_due"] = format_date(due)  # type: ignore[arg-type]
        context["report_to"] = report_to(org)
        target = Path(out_dir) / output_name(session, TITLE, options.today, "docx")
    render_docx(TEMPLATE, context, target)
    progress(1, 1, TITLE)
    return [target]


KIND = register(
    DocumentKind(
        key="order-pairs",
        title="Приказ о закреплении наставнических пар (групп)",
        fmt="docx",
        build=build,
        description="Новые пары и группы (без приказа) или выбранные в разделе «Пары и группы»; "
        "с приложением — списком пар.",
        takes_number=True,
        templates=(TEMPLATE,),
        group="Приказы",
    )
)
