"""A report of an unexpected error that the curator can send to whoever supports the program.

It holds what a developer needs (the error's kind, where in the code it happened, versions)
and nothing about people: exception texts can quote a name, a phone or a whole SQL row, so
every letter and long number in them is masked, and no local variables are included.
"""

from __future__ import annotations

import datetime as dt
import platform
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

from desktop_app import __version__

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]+")
# Phones in any spelling («+7 (900) 123-45-67»), dates (a birth date is personal data), and
# any other long number.
_PHONE = re.compile(r"\+?\d[\d\s()\-–]{4,}\d")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_LONG_NUMBER = re.compile(r"\d{4,}")
_HOME = re.compile(r"(?i)([/\\](?:home|users)[/\\])[^/\\]+")


def scrub(text: str) -> str:
    """Mask what could be personal data: quoted values, e-mails, Cyrillic words, long numbers,
    the user's name in home-folder paths."""
    text = _EMAIL.sub("<e-mail>", text)
    text = _QUOTED.sub("'…'", text)
    text = _CYRILLIC.sub("…", text)
    text = _DATE.sub("<дата>", text)
    text = _PHONE.sub("<число>", text)
    text = _LONG_NUMBER.sub("<число>", text)
    return _HOME.sub(r"\1<пользователь>", text)


def _versions() -> list[str]:
    lines = [
        f"Программа: {__version__}",
        f"Python: {sys.version.split()[0]}",
        f"Система: {platform.platform()}",
    ]
    for module in ("PySide6", "sqlalchemy", "alembic", "docx", "openpyxl"):
        loaded = sys.modules.get(module)
        version = getattr(loaded, "__version__", None) if loaded else None
        if version:
            lines.append(f"{module}: {version}")
    return lines


def crash_report(
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    now: dt.datetime | None = None,
) -> str:
    now = now or dt.datetime.now()
    frames = traceback.extract_tb(tb)
    lines = [
        "Отчёт об ошибке программы «Наставничество педагогов»",
        f"Время: {now:%d.%m.%Y %H:%M:%S}",
        *_versions(),
        "",
        f"Ошибка: {kind.__module__}.{kind.__qualname__}: {scrub(str(error))}",
        "",
        "Где (последний вызов внизу):",
    ]
    for frame in frames:
        lines.append(f"  {scrub(frame.filename)}:{frame.lineno} в {frame.name}")
        if frame.line:
            lines.append(f"      {scrub(frame.line)}")
    cause = error.__cause__ or error.__context__
    if cause is not None:
        lines += ["", f"Причина: {type(cause).__qualname__}: {scrub(str(cause))}"]
    lines += [
        "",
        "Персональные данные в отчёт не включены: имена, телефоны и значения полей скрыты.",
    ]
    return "\n".join(lines) + "\n"


def save_crash_report(text: str, target: Path) -> Path:
    from desktop_app.export.files import write_atomic

    return write_atomic(target, lambda temp: temp.write_text(text, encoding="utf-8"))
