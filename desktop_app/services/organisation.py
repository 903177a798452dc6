"""The curator's own organisation: the letterhead of every document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import select

from desktop_app.errors import ValidationError
from desktop_app.models import Organisation
from desktop_app.models.db import Database
from desktop_app.services.validation import FieldError, check_email, check_phone


@dataclass
class OrganisationDraft:
    full_name: str = ""
    short_name: str = ""
    org_type: str = ""
    address: str = ""
    municipality: str = ""
    region: str = ""
    head_name: str = ""
    head_position: str = ""
    curator_name: str = ""
    curator_position: str = ""
    phone: str = ""
    email: str = ""


FIELD_LABELS = {
    "full_name": "Полное наименование",
    "short_name": "Краткое наименование",
    "org_type": "Тип организации",
    "address": "Адрес",
    "municipality": "Муниципальное образование",
    "region": "Субъект РФ",
    "head_name": "Руководитель (ФИО)",
    "head_position": "Должность руководителя",
    "curator_name": "Куратор наставничества (ФИО)",
    "curator_position": "Должность куратора",
    "phone": "Телефон",
    "email": "E-mail",
}


def validate_organisation(draft: OrganisationDraft) -> tuple[OrganisationDraft, dict[str, str]]:
    errors: dict[str, str] = {}
    clean = OrganisationDraft(**{k: " ".join(str(v).split()) for k, v in asdict(draft).items()})
    if not clean.full_name:
        errors["full_name"] = "Полное наименование: обязательное поле."
    if not clean.head_name:
        errors["head_name"] = "Руководитель (ФИО): обязательное поле — он подписывает приказы."
    try:
        clean.phone = check_phone(clean.phone)
    except FieldError as exc:
        errors["phone"] = exc.message
    try:
        clean.email = check_email(clean.email)
    except FieldError as exc:
        errors["email"] = exc.message
    return clean, errors


class OrganisationService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def own(self) -> Organisation | None:
        with self.db.session() as session:
            return session.scalars(
                select(Organisation).where(Organisation.is_own).order_by(Organisation.id)
            ).first()

    def own_id(self) -> int | None:
        own = self.own()
        return own.id if own else None

    def draft(self) -> OrganisationDraft:
        own = self.own()
        if own is None:
            return OrganisationDraft()
        return OrganisationDraft(
            **{f.name: getattr(own, f.name) for f in fields(OrganisationDraft)}
        )

    def save_own(self, draft: OrganisationDraft) -> int:
        clean, errors = validate_organisation(draft)
        if errors:
            raise ValidationError(errors)
        with self.db.transaction() as session:
            own = session.scalars(select(Organisation).where(Organisation.is_own)).first()
            if own is None:
                own = Organisation(is_own=True, full_name=clean.full_name)
                session.add(own)
            for key, value in asdict(clean).items():
                setattr(own, key, value)
            session.flush()
            return own.id

    def all(self) -> list[Organisation]:
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Organisation).order_by(
                        Organisation.is_own.desc(), Organisation.full_name
                    )
                )
            )

    def get_or_create_external(self, name: str) -> int:
        """A partner organisation by name (for mentors from other schools and colleges)."""
        name = " ".join(name.split())
        with self.db.transaction() as session:
            found = session.scalars(
                select(Organisation).where(Organisation.full_name == name)
            ).first()
            if found is None:
                found = Organisation(full_name=name, short_name=name, is_own=False)
                session.add(found)
                session.flush()
            return found.id
