"""The addressee and cover text of the e-mail package, remembered in the database: they belong
to the school's data (the municipality's address), not to one computer.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.errors import ValidationError
from desktop_app.models import Setting
from desktop_app.models.db import Database
from desktop_app.services.validation import FieldError, check_email

KEY = "mail_package"


@dataclass
class MailSettings:
    recipient: str = ""
    cover_text: str = ""


def validate_mail(settings: MailSettings) -> MailSettings:
    errors = {}
    recipients = []
    for address in (a.strip() for a in settings.recipient.replace(";", ",").split(",")):
        if not address:
            continue
        try:
            recipients.append(check_email(address))
        except FieldError:
            errors["recipient"] = (
                f"Адрес «{address}» записан неверно: нужен вид name@example.ru "
                "(несколько адресов — через запятую)."
            )
    if len(settings.cover_text) > 5000:
        errors["cover_text"] = "Текст письма слишком длинный (не больше 5000 знаков)."
    if errors:
        raise ValidationError(errors)
    return MailSettings(", ".join(recipients), settings.cover_text.strip())


class MailSettingsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> MailSettings:
        with self.db.session() as session:
            row = session.get(Setting, KEY)
            value = row.value if row is not None and isinstance(row.value, dict) else {}
        return MailSettings(str(value.get("recipient", "")), str(value.get("cover_text", "")))

    def save(self, settings: MailSettings) -> MailSettings:
        clean = validate_mail(settings)
        with self.db.transaction() as session:
            row = session.get(Setting, KEY)
            value = {"recipient": clean.recipient, "cover_text": clean.cover_text}
            if row is None:
                session.add(Setting(key=KEY, value=value))
            else:
                row.value = value
        return clean
