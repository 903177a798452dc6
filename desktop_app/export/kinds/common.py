"""What every official document shares: the letterhead, the date and number, the place, the
head who signs. Kinds start their template context from :func:`official_context`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import AppError
from desktop_app.export.docx_engine import date_in_words, format_date, place_from_address
from desktop_app.export.files import document_file_name
from desktop_app.models import Organisation
from desktop_app.services.declension import declined_free_name, declined_position


class NoOrganisation(AppError):
    def __init__(self) -> None:
        super().__init__(
            "Не заполнены сведения об организации. Откройте раздел «Настройки» и укажите "
            "наименование школы и руководителя — они нужны в каждом документе."
        )


def own_organisation(session: Session) -> Organisation:
    org = session.scalars(
        select(Organisation).where(Organisation.is_own).order_by(Organisation.id)
    ).first()
    if org is None:
        raise NoOrganisation()
    return org


def official_context(session: Session, today: dt.date, number: str = "") -> dict[str, Any]:
    """The parts of ГОСТ Р 7.0.97 every document has, as template fields.

    org.full_name / org.short_name / org.address / org.place — letterhead and place;
    date («23.11.2026»), date_words («23» ноября 2026 г.), number («45-о» or a blank line);
    head — the head's name declined (``head.signature`` = «Т.Н. Григорьева»), head_position.
    """
    org = own_organisation(session)
    head_position = org.head_position or "Директор"
    return {
        "org": {
            "full_name": org.full_name,
            "short_name": org.short_name or org.full_name,
            "address": org.address,
            "place": place_from_address(org.address),
            "municipality": org.municipality,
            "region": org.region,
            "phone": org.phone,
            "email": org.email,
        },
        "date": format_date(today),
        "date_words": date_in_words(today),
        "year": today.year,
        "number": number or "______",
        "head": declined_free_name(org.head_name),
        "head_position": head_position[:1].upper() + head_position[1:],
        "head_position_dat": _capitalised(declined_position(head_position.lower()).dat),
    }


def output_name(session: Session, title: str, today: dt.date, ext: str) -> str:
    org = own_organisation(session)
    return document_file_name(org.short_name or org.full_name, title, today, ext)


def target_in(out_dir: Path, name: str) -> Path:
    return Path(out_dir) / name


def report_to(org: Organisation) -> str:
    """Whom the school reports to, in the dative-like form the sentences need («в …»)."""
    if org.municipality:
        return f"в орган управления образованием ({org.municipality})"
    return "в муниципальный орган управления образованием"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
