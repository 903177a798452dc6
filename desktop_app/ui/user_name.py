"""«Ваше имя в журнале изменений»: who signs this computer's changes in the change log.

On a shared server several methodists write to one journal; the login name of a school PC
(«user», «Учитель») says little, so the curator may give a name once on this computer. It is
kept in QSettings (per user of the PC), not in the database, and handed to the change log as
NASTAVNIK_USER (the same variable the command line uses): start-up imports no database code.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

KEY = "journal/user_name"
ENV = "NASTAVNIK_USER"
MAX_LENGTH = 100


def saved_name() -> str:
    return str(QSettings().value(KEY, "") or "").strip()


def apply_saved_name() -> None:
    name = saved_name()
    if name:
        os.environ[ENV] = name


def save_name(name: str) -> str:
    """Remember and use the name (blank: the computer's login name again); returns it."""
    name = " ".join(name.split())[:MAX_LENGTH]
    QSettings().setValue(KEY, name)
    if name:
        os.environ[ENV] = name
    else:
        os.environ.pop(ENV, None)
    return name
