"""Parsing what the curator types: dates, numbers, phones, e-mails.

Each parser returns a typed value or raises ``FieldError`` with a Russian message that names
the field, so a form can show it next to that field.
"""

from __future__ import annotations

import datetime as dt
import re


class FieldError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_DATE_RE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\s*(г\.?)?\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_NAME_RE = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё' \-]*$")


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def parse_date(
    text: str,
    label: str,
    *,
    allow_future: bool = False,
    today: dt.date | None = None,
) -> dt.date | None:
    """«05.03.1999», «5.3.99», «1999-03-05» → date; empty → None."""
    text = (text or "").strip()
    if not text or text in {"..", "  .  .    "} or not text.strip(" ._"):
        return None
    iso = _ISO_RE.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        match = _DATE_RE.match(text)
        if not match:
            raise FieldError(f"{label}: введите дату в виде ДД.ММ.ГГГГ, например 01.09.2024.")
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if len(match.group(3)) == 2:
            current = (today or dt.date.today()).year % 100
            year += 2000 if year <= current else 1900
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise FieldError(f"{label}: даты {text} не существует.") from None
    if value.year < 1900:
        raise FieldError(f"{label}: год {value.year} слишком ранний.")
    today = today or dt.date.today()
    if not allow_future and value > today:
        raise FieldError(f"{label}: дата {format_date(value)} ещё не наступила.")
    return value


def parse_int(text: str, label: str, *, minimum: int, maximum: int) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d+", text):
        raise FieldError(f"{label}: введите целое число (только цифры).")
    value = int(text)
    if value < minimum:
        if minimum == 0:
            raise FieldError(f"{label}: не может быть отрицательным.")
        raise FieldError(f"{label}: не меньше {minimum}.")
    if value > maximum:
        raise FieldError(f"{label}: не больше {maximum}.")
    return value


def check_phone(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    if not re.fullmatch(r"[\d\s()+\-–,;доб.]+", text):
        raise FieldError("Телефон: допустимы цифры, пробелы, скобки, «+» и «-».")
    digits = re.sub(r"\D", "", text)
    if not 5 <= len(digits) <= 20:
        raise FieldError("Телефон: слишком мало или слишком много цифр.")
    return text


def check_email(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    if not _EMAIL_RE.match(text):
        raise FieldError("E-mail: адрес должен быть вида name@example.ru.")
    return text


def check_name_part(text: str, label: str, *, required: bool) -> str:
    text = " ".join((text or "").split())
    if not text:
        if required:
            raise FieldError(f"{label}: обязательное поле.")
        return ""
    if not _NAME_RE.match(text):
        raise FieldError(f"{label}: допустимы только буквы, дефис и пробел.")
    if len(text) > 100:
        raise FieldError(f"{label}: не длиннее 100 символов.")
    # Keep the curator's capitalisation except for an all-lowercase or all-uppercase entry.
    if text.islower() or text.isupper():
        text = "-".join(part.capitalize() for part in text.split("-"))
        text = " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
    return text
