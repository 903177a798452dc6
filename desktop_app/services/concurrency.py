"""Two people editing the same record at once (a shared server): checks and explanations.

A form remembers the ``Stamp`` of the record it showed: the record's version counter
(models/versioning.py) and the last change-log entry of that record. On «Сохранить» the
service compares the stamp with the stored version; if someone else saved in between, the save
is refused with ``EditConflict`` saying who changed what and when (from the change log), and
the form offers «Обновить карточку»: ``merge_drafts`` takes the other person's changes where the
curator did not type, and keeps the curator's text where both changed the same field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

from desktop_app.errors import EditConflict
from desktop_app.models.change_log import ChangeLogEntry, current_user
from desktop_app.models.db import Database


@dataclass(frozen=True)
class Stamp:
    """What a form loaded: the record's version and its last change-log entry's id."""

    version: int
    log_mark: int = 0


@dataclass(frozen=True)
class ForeignChange:
    """One change-log entry made after the form loaded the record."""

    user: str
    at: dt.datetime
    action: str
    changes: list[dict[str, str]]


def log_mark(session: Session, entity: str, entity_id: int) -> int:
    mark = session.scalar(
        select(func.max(ChangeLogEntry.id)).where(
            ChangeLogEntry.entity == entity, ChangeLogEntry.entity_id == entity_id
        )
    )
    return int(mark or 0)


def record_stamp(
    db: Database, model: Any, record_id: int, entity: str, entity_id: int | None = None
) -> Stamp | None:
    """The stamp of a stored record, for a form that loads it (None: no such record).

    ``entity_id``: the id the change log files it under when that is its parent's (a line
    of a plan is logged under its program)."""
    with db.session() as session:
        mark = log_mark(session, entity, record_id if entity_id is None else entity_id)
        version = session.scalar(select(model.version).where(model.id == record_id))
    return None if version is None else Stamp(int(version), mark)


def changes_since(session: Session, entity: str, entity_id: int, mark: int) -> list[ForeignChange]:
    entries = session.scalars(
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.entity == entity,
            ChangeLogEntry.entity_id == entity_id,
            ChangeLogEntry.id > mark,
        )
        .order_by(ChangeLogEntry.id)
    )
    return [ForeignChange(e.user, e.at, e.action, list(e.changes or [])) for e in entries]


def _who(changes: list[ForeignChange]) -> str:
    if not changes:
        return ""
    last = changes[-1]
    user = last.user or "имя не указано"
    return f" ({user}, {last.at.strftime('%d.%m.%Y %H:%M')})"


def _subject(changes: list[ForeignChange]) -> str:
    me = current_user()
    if changes and all(c.user == me for c in changes) and me:
        return "вы сами в другом окне"
    return "другой пользователь"


def describe(changes: list[ForeignChange], limit: int = 6) -> str:
    """«Телефон: «…» → «…»; Должность: «…»» — what the other person changed."""
    parts: list[str] = []
    for change in changes:
        for item in change.changes:
            name, old, new = item.get("field", ""), item.get("old", ""), item.get("new", "")
            if old and new:
                parts.append(f"{name}: «{old}» → «{new}»")
            elif new:
                parts.append(f"{name}: «{new}»")
            else:
                parts.append(f"{name}: удалено «{old}»")
    unique = list(dict.fromkeys(parts))
    if len(unique) > limit:
        unique = [*unique[:limit], f"и ещё {len(unique) - limit}"]
    return "; ".join(unique)


def conflict_message(what: str, changes: list[ForeignChange], *, card: bool = True) -> str:
    """«Карточку «Иванова А. П.» уже изменил другой пользователь (ivanov, 29.11.2026 10:42):
    Телефон: … Ваши изменения не сохранены …»"""
    text = f"{what} уже изменил {_subject(changes)}{_who(changes)}"
    details = describe(changes)
    text += f": {details}." if details else "."
    text += " Ваши изменения не сохранены."
    if card:
        text += (
            " Нажмите «Обновить карточку»: загрузятся новые данные, а то, что вы набрали, "
            "останется в форме."
        )
    else:
        text += (
            " Набранное осталось в форме: скопируйте нужное, закройте её без сохранения "
            "и откройте запись заново."
        )
    return text


def deleted_message(what: str, changes: list[ForeignChange]) -> str:
    return (
        f"{what} удалил {_subject(changes)}{_who(changes)}. Ваши изменения не сохранены; "
        "чтобы не потерять набранное, скопируйте его, прежде чем закрыть форму."
    )


def check_stamp(
    session: Session,
    record: Any,
    stamp: Stamp | None,
    *,
    entity: str,
    entity_id: int,
    what: str,
    card: bool = True,
) -> None:
    """Refuse a save over a version the form did not show (``stamp`` None: no check).

    ``what`` is the sentence's object: «Карточку «Иванова А. П.»», «Пару «…»».
    """
    if stamp is None:
        return
    if record is None:
        changes = changes_since(session, entity, entity_id, stamp.log_mark)
        raise EditConflict(deleted_message(what, changes), deleted=True)
    if record.version != stamp.version:
        changes = changes_since(session, entity, entity_id, stamp.log_mark)
        raise EditConflict(conflict_message(what, changes, card=card))


def stamp_after(session: Session, record: Any, entity: str) -> Stamp:
    """The stamp of the record as this change leaves it (its log entry included): what an
    undo of this change expects to find."""
    session.flush()
    return Stamp(record.version, log_mark(session, entity, record.id))


def check_undo(
    session: Session,
    record: Any,
    expected: Stamp | None,
    *,
    entity: str,
    entity_id: int,
    what: str,
) -> None:
    """Refuse to undo one's own change once someone else changed the record after it: the
    undo would take their work back too. ``what``: «карточку «Иванова А.П.»»."""
    if expected is None:
        return
    if record is None:
        changes = changes_since(session, entity, entity_id, expected.log_mark)
        raise EditConflict(f"Отменить нельзя: {what} удалил {_subject(changes)}{_who(changes)}.")
    if record.version != expected.version:
        changes = changes_since(session, entity, entity_id, expected.log_mark)
        details = describe(changes)
        raise EditConflict(
            f"Отменить нельзя: после вашего изменения {what} изменил "
            f"{_subject(changes)}{_who(changes)}"
            + (f": {details}." if details else ".")
            + " Отмена вернула бы и его правки — откройте запись и исправьте вручную."
        )


def touch(record: Any) -> None:
    """Count a save as a new version even when only the record's child rows changed (the
    consent, the mentor side): the UPDATE also checks nobody wrote in between."""
    record.version = (record.version or 0) + 1


def is_unique_violation(exc: BaseException) -> bool:
    """A UNIQUE constraint refused an insert: with the services' own checks in front of every
    unique key, that means another user inserted the same row a moment earlier."""
    if not isinstance(exc, IntegrityError):
        return False
    text = str(exc.orig if exc.orig is not None else exc)
    # SQLite: «UNIQUE constraint failed»; PostgreSQL: SQLSTATE 23505 «duplicate key value».
    return "UNIQUE constraint failed" in text or "23505" in text or "duplicate key" in text


@contextmanager
def explained(what: str, *, card: bool = True) -> Iterator[None]:
    """Around ``db.transaction()``: a write that lost a race (someone else committed the same
    row between our check and our write) is told in words of the record, not generically."""
    try:
        yield
    except (StaleDataError, ObjectDeletedError, EditConflict) as exc:
        if isinstance(exc, EditConflict) and exc.__cause__ is None:
            raise  # our own check already explained it
        raise EditConflict(conflict_message(what, [], card=card)) from exc
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise EditConflict(conflict_message(what, [], card=card)) from exc


@contextmanager
def lost_race(message: str) -> Iterator[None]:
    """Around ``db.transaction()`` of an action that another user's write a moment earlier can
    defeat: a versioned row changed in between (StaleDataError, told generically by
    ``Database.transaction``) or the same row inserted under a unique key (a mentee in a
    group, a difficulty of a mentee) is told with ``message``, not as a database error. Our
    own checks' ``EditConflict`` (no cause) passes unchanged."""
    try:
        yield
    except (StaleDataError, ObjectDeletedError) as exc:
        raise EditConflict(message) from exc
    except EditConflict as exc:
        if exc.__cause__ is None:
            raise
        raise EditConflict(message) from exc
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise EditConflict(message) from exc


# --- «Обновить карточку»: the other person's changes + what the curator typed ---------------


def _same(a: Any, b: Any) -> bool:
    return bool(a == b)


def merge_drafts(base: Any, mine: Any, theirs: Any) -> tuple[Any, dict[str, Any]]:
    """Three-way merge of form drafts (dataclasses, nested ones field by field).

    base    what the form loaded; mine — what the form holds now; theirs — what is stored now.
    A field the curator left as loaded takes the stored value; a field only the curator changed
    keeps the typing; a field both changed differently keeps the typing and is returned in
    ``clashes`` (dotted path → the stored value) for the form to show beside it.
    """
    clashes: dict[str, Any] = {}

    def merge(b: Any, m: Any, t: Any, prefix: str) -> Any:
        values = {}
        for f in dataclasses.fields(m):
            if f.name == "stamp":
                values[f.name] = getattr(t, f.name)
                continue
            bv, mv, tv = getattr(b, f.name), getattr(m, f.name), getattr(t, f.name)
            if dataclasses.is_dataclass(mv) and not isinstance(mv, type):
                values[f.name] = merge(bv, mv, tv, f"{prefix}{f.name}.")
            elif _same(mv, bv):
                values[f.name] = tv
            else:
                values[f.name] = mv
                if not _same(tv, bv) and not _same(tv, mv):
                    clashes[prefix + f.name] = tv
        return dataclasses.replace(m, **values)

    return merge(base, mine, theirs, ""), clashes


def shown(value: Any) -> str:
    """A draft value as the curator reads it, for «другой пользователь записал: …»."""
    if value is None or value == "":
        return "пусто"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, dict):
        return ", ".join(shown(k) for k in value) or "пусто"
    if isinstance(value, list | tuple | set):
        return ", ".join(shown(v) for v in value) or "пусто"
    return str(value)
