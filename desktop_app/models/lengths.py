"""Text longer than its column is refused before it is written, with a Russian message.

SQLite keeps any length in a VARCHAR(n); PostgreSQL refuses the whole transaction with «value
too long for type character varying(n)», which names no field. So every flush checks the
new and changed rows first: a form then says which field is too long, on either database, and
a school's file never holds what the municipal server would refuse.

Rows written through Core in bulk (the import, the large demo) are checked by their own
validation before they are built.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session

from desktop_app.errors import ValidationError

_LIMITS: dict[Mapper[Any], list[tuple[str, int]]] = {}


def _limits(mapper: Mapper[Any]) -> list[tuple[str, int]]:
    """(attribute, maximum length) of the mapper's VARCHAR(n) columns, worked out once."""
    if mapper not in _LIMITS:
        limits = []
        for attr in mapper.column_attrs:
            kind = attr.columns[0].type
            # Exactly String (Text has no length; coded enums are short by construction).
            if type(kind) is String and kind.length:
                limits.append((attr.key, kind.length))
        _LIMITS[mapper] = limits
    return _LIMITS[mapper]


def _label(model: type, key: str) -> str | None:
    """The field's Russian name where the change log knows it (the form shows the message
    next to the field anyway)."""
    from desktop_app.models.change_log import _TRACKED

    spec = _TRACKED.get(model)
    if spec is not None and key in spec.labels:
        label = spec.labels[key]
        return f"{spec.part}: {label}" if spec.part else label
    return None


def too_long(obj: object) -> dict[str, str]:
    """{attribute: message} for every text of ``obj`` longer than its column allows."""
    state = inspect(obj)
    errors = {}
    for key, length in _limits(state.mapper):
        value = state.dict.get(key)  # only what is loaded or set: no query in a flush
        if isinstance(value, str) and len(value) > length:
            label = _label(type(obj), key)
            limit = f"не длиннее {length} символов (сейчас {len(value)}) — сократите текст."
            errors[key] = f"{label}: {limit}" if label else limit[:1].upper() + limit[1:]
    return errors


def _check_lengths(session: Session, _context: object, _instances: object) -> None:
    errors: dict[str, str] = {}
    for obj in itertools.chain(session.new, session.dirty):
        for key, message in too_long(obj).items():
            errors.setdefault(key, message)
    if errors:
        raise ValidationError(errors)


event.listen(Session, "before_flush", _check_lengths)
