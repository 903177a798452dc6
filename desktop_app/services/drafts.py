"""Drafts of long forms: what the curator typed survives a power cut before «Сохранить».

A draft is kept in the database's settings (where the person's data lives anyway, rather than
in the registry of a shared computer), under a key per form and record, and removed when the
form is saved or cancelled on purpose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from desktop_app.models import (
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    QualificationCategory,
    Setting,
)
from desktop_app.models.db import Database

PREFIX = "draft."


class DraftStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, key: str, data: dict[str, Any], now: dt.datetime | None = None) -> None:
        value = {"saved_at": (now or dt.datetime.now()).isoformat(timespec="seconds"), "data": data}
        with self.db.transaction() as session:
            row = session.get(Setting, PREFIX + key)
            if row is None:
                session.add(Setting(key=PREFIX + key, value=value))
            else:
                row.value = value

    def load(self, key: str) -> tuple[dt.datetime, dict[str, Any]] | None:
        with self.db.session() as session:
            row = session.get(Setting, PREFIX + key)
            value = row.value if row is not None else None
        if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
            return None
        try:
            saved = dt.datetime.fromisoformat(str(value.get("saved_at")))
        except ValueError:
            saved = dt.datetime.now()
        return saved, value["data"]

    def discard(self, key: str) -> None:
        with self.db.transaction() as session:
            row = session.get(Setting, PREFIX + key)
            if row is not None:
                session.delete(row)


def _code(value: Any) -> Any:
    """An enum member as its stored code; the form may already hand over plain codes."""
    return value.value if hasattr(value, "value") else value


def person_draft_to_dict(draft: Any) -> dict[str, Any]:
    data = dataclasses.asdict(draft)
    data["mentee"]["difficulties"] = {
        str(_code(category)): [_code(level), note]
        for category, (level, note) in draft.mentee.difficulties.items()
    }
    data["mentor"]["expertise_categories"] = [_code(c) for c in draft.mentor.expertise_categories]
    for name in ("gender", "qualification_category"):
        data[name] = _code(data.get(name))
    data["mentee"]["category"] = _code(data["mentee"].get("category"))
    return data


def person_draft_from_dict(data: dict[str, Any]) -> Any:
    from desktop_app.services.people import MenteeDraft, MentorDraft, PersonDraft

    def enum(kind: Any, value: Any) -> Any:
        try:
            return kind(value) if value else None
        except ValueError:
            return None

    names = {f.name for f in dataclasses.fields(PersonDraft)}
    # The stamp belongs to the open form, not to the typing kept against a power cut.
    plain = {k: v for k, v in data.items() if k in names and k not in {"mentor", "mentee", "stamp"}}
    plain["gender"] = enum(Gender, plain.get("gender"))
    plain["qualification_category"] = enum(
        QualificationCategory, plain.get("qualification_category")
    )
    mentor_data = dict(data.get("mentor") or {})
    mentor_names = {f.name for f in dataclasses.fields(MentorDraft)}
    mentor = MentorDraft(**{k: v for k, v in mentor_data.items() if k in mentor_names})
    mentor.expertise_categories = [
        c for c in (enum(DeficitCategory, v) for v in mentor.expertise_categories or []) if c
    ]
    mentee_data = dict(data.get("mentee") or {})
    difficulties = {}
    for code, pair in (mentee_data.get("difficulties") or {}).items():
        category = enum(DeficitCategory, code)
        if category is not None:
            level, note = [*list(pair), None, ""][:2]
            difficulties[category] = (enum(DeficitLevel, level), note or "")
    mentee = MenteeDraft(
        category=enum(MenteeCategory, mentee_data.get("category")),
        request=str(mentee_data.get("request") or ""),
        difficulties=difficulties,
    )
    return PersonDraft(**plain, mentor=mentor, mentee=mentee)
