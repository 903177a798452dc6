"""Bulk writes of the people import: thousands of new cards and their removal on undo.

The ORM writes a card row by row and logs it in a flush listener; for a list of 10,000 people
that is most of the import's time. Here the cards go in as a few multi-row INSERTs (``RETURNING``
gives the new ids in the order of the rows, on SQLite and PostgreSQL alike), their children
follow as executemany, and the change log gets one entry per card in one more INSERT — the
same entries the ORM listener would write, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    Integer,
    TypeDecorator,
    any_,
    bindparam,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from desktop_app.models import (
    Base,
    ChangeLogEntry,
    MenteeDifficulty,
    MenteeProfile,
    MentorProfile,
    Person,
    PersonalDataConsent,
)

# The change log's own description of each tracked model (labels, value display): the bulk
# entries must read exactly like the ones the ORM listener writes for a card made in the form.
from desktop_app.models.change_log import _TRACKED, ACTION_LABELS, current_user, display_value
from desktop_app.services.people import ValidPerson
from desktop_app.services.text import normalise_search

CHUNK = 1000  # rows per INSERT batch: a progress step and a chance to cancel

# Per-chunk callback: (rows written so far) -> False to cancel.
Step = Callable[[int], bool]


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _full_name(values: dict[str, Any]) -> str:
    return " ".join(
        str(p) for p in (values["last_name"], values["first_name"], values["patronymic"]) if p
    )


def _short_name(values: dict[str, Any]) -> str:
    initials = "".join(f"{p[0]}." for p in (values["first_name"], values["patronymic"]) if p)
    return f"{values['last_name']} {initials}".strip()


_Line = tuple[str, str, Callable[[Any], str]]
_LINES: dict[type, tuple[str, list[_Line]]] = {}


def _lines(model: type) -> tuple[str, list[_Line]]:
    """(part, [(field, label, show)]) of a tracked model, worked out once."""
    if model not in _LINES:
        spec = _TRACKED.get(model)
        lines: list[_Line] = []
        part = spec.part if spec is not None else ""
        if spec is not None:
            for name, label in spec.labels.items():
                show = spec.value.get(name, display_value)
                lines.append((name, f"{part}: {label}" if part else label, show))
        _LINES[model] = (part, lines)
    return _LINES[model]


def _fields(model: type, values: dict[str, Any], side: str) -> list[dict[str, str]]:
    """The log's lines for a record added (side "new") or removed ("old") whole."""
    part, specs = _lines(model)
    lines = []
    for name, label, show in specs:
        value = values.get(name)
        if value is None or value == "":  # most of a new card is empty: skip the formatting
            continue
        text = show(value)
        if text:
            lines.append({"field": label, "old": "", "new": ""} | {side: text})
    if part and lines:
        # A child added or removed whole is one line, as the listener writes it.
        joined = ", ".join(line[side] for line in lines)
        return [{"field": part, "old": "", "new": ""} | {side: joined}]
    return lines


class _Log:
    """Entries of one bulk write: one clock reading and one user name for all of them."""

    def __init__(self) -> None:
        self.at = dt.datetime.now().replace(microsecond=0)
        self.user = current_user()

    def entry(
        self, person_id: int, values: dict[str, Any], changes: list[dict[str, str]], action: str
    ) -> dict[str, Any]:
        return {
            "at": self.at,
            "user": self.user,
            "entity": "person",
            "entity_id": person_id,
            "action": action,
            "title": _short_name(values)[:300],
            "summary": ACTION_LABELS[action],
            "changes": changes,
        }


def _insert_many(conn: Connection, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Many rows of one table in as few statements as the driver allows; the new keys in the
    order of ``rows``.

    SQLite: an INSERT with RETURNING goes as multi-row VALUES pages («insertmanyvalues»).
    PostgreSQL over pg8000: a plain executemany is one round trip per row, and a multi-row
    VALUES page costs pg8000 seconds to rewrite its placeholders (it scans the SQL text in
    Python), so the rows travel as one JSON document that the server unpacks."""
    table = model.__table__  # type: ignore[attr-defined]
    if conn.dialect.name == "postgresql":
        return _insert_json(conn, table, rows)
    key = next(iter(table.primary_key.columns))
    statement = insert(table).returning(key, sort_by_parameter_order=True)
    return list(conn.execute(statement, rows).scalars())


def among(column: Any, ids: Sequence[int], dialect_name: str) -> Any:
    """``column IN (ids)``; on PostgreSQL ``column = ANY(:ids)``, one array parameter, since
    pg8000 rewrites the placeholders of a 500-long IN list in Python, slowly."""
    if dialect_name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(ids)


def _json_cell(column: Any, value: Any, dialect: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, TypeDecorator):
        value = column.type.process_bind_param(value, dialect)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _insert_json(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """PostgreSQL: ``INSERT … SELECT FROM jsonb_populate_recordset`` in the rows' order.

    The keys come from the table's sequence in the order the rows are inserted, so sorted
    they follow ``rows`` (SQLAlchemy's own «insertmanyvalues» relies on the same)."""
    quote = conn.dialect.identifier_preparer.quote
    names = list(rows[0])
    columns = ", ".join(quote(name) for name in names)
    key = next(iter(table.primary_key.columns))
    payload = json.dumps(
        [{n: _json_cell(table.c[n], row[n], conn.dialect) for n in names} for row in rows],
        ensure_ascii=False,
    )
    statement = text(
        f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} "
        f"FROM jsonb_populate_recordset(NULL::{quote(table.name)}, CAST(:rows AS jsonb)) "
        f"WITH ORDINALITY AS source ORDER BY source.ordinality RETURNING {quote(key.name)}"
    )
    return sorted(conn.execute(statement, {"rows": payload}).scalars())


def insert_people(
    session: Session, organisation_id: int, people: Sequence[ValidPerson], step: Step
) -> list[int]:
    """Write new cards (with consent and roles) and their change-log entries; the new ids in
    the order of ``people``. Raises nothing itself; ``step`` returning False stops early (the
    caller rolls the transaction back)."""
    conn = session.connection()
    ids: list[int] = []
    entries = _Log()
    for chunk in _chunks(people, CHUNK):
        rows = []
        for valid in chunk:
            values = dict(valid.values)
            values.setdefault("experience_as_of", None)
            values["organisation_id"] = organisation_id
            values["search_text"] = normalise_search(
                f"{_full_name(values)} {values['position']} {values['subjects']}"
            )
            rows.append(values)
        new_ids = _insert_many(conn, Person, rows)
        consents, mentors, mentees, difficulties, log = [], [], [], [], []
        for person_id, valid, values in zip(new_ids, chunk, rows, strict=True):
            changes = _fields(Person, values, "new")
            given, withdrawn, document = valid.consent
            if given or withdrawn or document:
                consent = {
                    "person_id": person_id,
                    "given_on": given,
                    "withdrawn_on": withdrawn,
                    "document_note": document,
                }
                consents.append(consent)
                changes += _fields(PersonalDataConsent, consent, "new")
            if valid.mentor is not None:
                mentor = {
                    "qualifying_grounds": "",
                    "training_course": "",
                    "training_hours": None,
                    "training_certificate": "",
                    "training_completed_on": None,
                    **valid.mentor,
                    "person_id": person_id,
                    "active": True,
                }
                mentors.append(mentor)
                changes += _fields(MentorProfile, mentor, "new")
            if valid.mentee is not None:
                mentee = {**valid.mentee, "person_id": person_id, "active": True}
                mentees.append(mentee)
                changes += _fields(MenteeProfile, mentee, "new")
                for category, level, note in valid.difficulties:
                    difficulty = {
                        "mentee_id": person_id,
                        "category": category,
                        "level": level,
                        "note": note,
                    }
                    difficulties.append(difficulty)
                    changes += _fields(MenteeDifficulty, difficulty, "new")
            log.append(entries.entry(person_id, values, changes, "create"))
        # Rows of one table share their keys, so each list is one executemany.
        for model, batch in (
            (PersonalDataConsent, consents),
            (MentorProfile, mentors),
            (MenteeProfile, mentees),
            (MenteeDifficulty, difficulties),
            (ChangeLogEntry, log),
        ):
            if batch:
                _insert_many(conn, model, batch)
        ids += new_ids
        if not step(len(ids)):
            break
    return ids


# Tables that hold a card's own rows, children first (the order of deletion).
_CHILDREN = (
    (MenteeDifficulty, "mentee_id"),
    (MenteeProfile, "person_id"),
    (MentorProfile, "person_id"),
    (PersonalDataConsent, "person_id"),
)


def delete_people(session: Session, person_ids: Sequence[int]) -> None:
    """Remove whole cards the import added, logging each one as the listener would; the
    caller has checked that nothing else points at them."""
    conn = session.connection()
    name = conn.dialect.name
    declension = Base.metadata.tables.get("declension_correction")
    entries = _Log()
    for chunk in _chunks(list(person_ids), 500):
        people = {
            row["id"]: dict(row)
            for row in conn.execute(
                select(Person.__table__).where(among(Person.__table__.c.id, chunk, name))
            ).mappings()
        }
        changes: dict[int, list[dict[str, str]]] = {
            pid: _fields(Person, values, "old") for pid, values in people.items()
        }
        for model, key in reversed(_CHILDREN):
            table = model.__table__  # type: ignore[attr-defined]
            column = table.c[key]
            for row in conn.execute(select(table).where(among(column, chunk, name))).mappings():
                if row[key] in changes:
                    changes[row[key]] += _fields(model, dict(row), "old")
        for model, key in _CHILDREN:
            table = model.__table__  # type: ignore[attr-defined]
            conn.execute(delete(table).where(among(table.c[key], chunk, name)))
        if declension is not None and "person_id" in declension.c:
            conn.execute(delete(declension).where(among(declension.c.person_id, chunk, name)))
        conn.execute(delete(Person.__table__).where(among(Person.__table__.c.id, chunk, name)))
        log = [entries.entry(pid, people[pid], changes[pid], "delete") for pid in people]
        if log:
            _insert_many(conn, ChangeLogEntry, log)
