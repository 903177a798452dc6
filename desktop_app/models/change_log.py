"""The change log: who changed what and when, written in the same transaction as the change.

Two ways in:

- ``track_changes(Model, ...)`` registers a model; every insert, update and delete of it is
  logged automatically when the session flushes, with the changed fields and their old and new
  values. People, their consent and profiles, and pairs are registered below; a feature adds
  its own models with one call (``track_changes(Programme, entity="programme", ...)``).
- ``record_change(session, ...)`` writes one entry by hand, for actions that are not a plain
  field change (a document made, a person erased on request).

Because the entry rides in the edit's own transaction, an edit and its log line are saved
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop_app.models.base import Base


class ChangeLogEntry(Base):
    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(100), default="")
    # What kind of record («person», «pair»…) and which one: the log of one record is a query.
    entity: Mapped[str] = mapped_column(String(50), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))
    # «Педагог Петрова М.И.» — as the curator names the record, at the time of the change.
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # [{"field": "Телефон", "old": "…", "new": "…"}, …]
    changes: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


ACTION_LABELS = {
    "create": "добавлено",
    "update": "изменено",
    "delete": "удалено",
    "erase": "персональные данные удалены",
    "export": "выгрузка",
    "restore": "восстановлено",
}

_current_user: str | None = None


def set_current_user(name: str | None) -> None:
    """Who is working (the window may set the curator's name); the OS login otherwise."""
    global _current_user
    _current_user = name or None


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service accounts
        return ""


def current_user() -> str:
    """The name the curator gave («Ваше имя в журнале»), NASTAVNIK_USER for the command line,
    else the computer's login name."""
    if _current_user:
        return _current_user
    return os.environ.get("NASTAVNIK_USER", "").strip()[:100] or login_name()


def display_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, list | tuple):
        return ", ".join(display_value(v) for v in value)
    return str(value)


@dataclass
class TrackSpec:
    """How a model is logged.

    entity      the log's kind of record; children log under their parent's kind
    labels      field → Russian label; only these fields are logged
    owner_id    the id of the record the entry belongs to (a consent belongs to its person)
    title       how the curator names the record («Петрова М.И.»), given the session
    part        for a child: what it is («Согласие на обработку ПДн»), prefixed to its labels
    value       field → function turning a raw value into text (codes into labels)
    """

    entity: str
    labels: dict[str, str]
    owner_id: Callable[[Any], int | None] = lambda obj: obj.id
    title: Callable[[Session, Any], str] = lambda _s, obj: ""
    part: str = ""
    value: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    # field → model it points to: the log shows that record's short name, not its id
    refs: dict[str, type] = field(default_factory=dict)


_TRACKED: dict[type, TrackSpec] = {}


def track_changes(model: type, spec: TrackSpec) -> None:
    _TRACKED[model] = spec


def record_change(
    session: Session,
    entity: str,
    entity_id: int | None,
    action: str,
    summary: str,
    *,
    title: str = "",
    changes: list[dict[str, str]] | None = None,
) -> None:
    """Write one entry by hand in the caller's transaction."""
    session.connection().execute(
        insert(ChangeLogEntry.__table__),
        [
            {
                "at": dt.datetime.now().replace(microsecond=0),
                "user": current_user(),
                "entity": entity,
                "entity_id": entity_id,
                "action": action,
                "title": title[:300],
                "summary": summary,
                "changes": changes or [],
            }
        ],
    )


def _field_changes(
    session: Session, obj: Any, spec: TrackSpec, action: str
) -> list[dict[str, str]]:
    state = inspect(obj)
    changes = []
    for name, label in spec.labels.items():
        attr = state.attrs[name]
        show = spec.value.get(name, display_value)
        if name in spec.refs:
            show = _reference(session, spec.refs[name])
        if action == "create":
            new = show(attr.value)
            if new:
                changes.append({"field": _label(spec, label), "old": "", "new": new})
        elif action == "delete":
            old = show(attr.value)
            if old:
                changes.append({"field": _label(spec, label), "old": old, "new": ""})
        else:
            history = attr.load_history()
            if not history.has_changes():
                continue
            old = show(history.deleted[0]) if history.deleted else ""
            new = show(history.added[0]) if history.added else ""
            if old != new:
                changes.append({"field": _label(spec, label), "old": old, "new": new})
    return changes


def _reference(session: Session, model: type) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        if value is None:
            return ""
        record = session.get(model, value)
        return str(getattr(record, "short_name", "") or value) if record is not None else ""

    return show


def _label(spec: TrackSpec, label: str) -> str:
    return f"{spec.part}: {label}" if spec.part else label


def _collect(session: Session, _context: Any) -> None:
    # «change_log.off»: erasure on request must not copy the erased values into the log.
    if not _TRACKED or session.info.get("change_log.off"):
        return
    rows: dict[tuple[str, int | None], dict[str, Any]] = {}
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    with session.no_autoflush:
        for action, objects in groups:
            for obj in list(objects):
                spec = _TRACKED.get(type(obj))
                if spec is None:
                    continue
                changes = _field_changes(session, obj, spec, action)
                if spec.part and action != "update" and changes:
                    # A child added or removed whole is one line: «Затруднение: «…», «…»».
                    values = ", ".join(c["new"] or c["old"] for c in changes)
                    side = "new" if action == "create" else "old"
                    changes = [{"field": spec.part, "old": "", "new": ""} | {side: values}]
                if not changes and action == "update":
                    continue
                owner = spec.owner_id(obj)
                # A child's creation or removal is a change of its parent, not a new record.
                row_action = action if not spec.part else "update"
                key = (spec.entity, owner)
                row = rows.get(key)
                if row is None:
                    try:
                        title = spec.title(session, obj)
                    except Exception:  # a title is a courtesy; never fail an edit over it
                        title = ""
                    row = rows[key] = {
                        "at": dt.datetime.now().replace(microsecond=0),
                        "user": current_user(),
                        "entity": spec.entity,
                        "entity_id": owner,
                        "action": row_action,
                        "title": title[:300],
                        "changes": [],
                    }
                elif not spec.part:
                    row["action"] = row_action  # the record itself was created or deleted
                row["changes"].extend(changes)
    if not rows:
        return
    for row in rows.values():
        fields = ", ".join(dict.fromkeys(c["field"] for c in row["changes"]))
        verb = ACTION_LABELS.get(row["action"], row["action"])
        row["summary"] = f"{verb}: {fields}" if fields and row["action"] == "update" else verb
    session.connection().execute(insert(ChangeLogEntry.__table__), list(rows.values()))


# after_flush: new rows have their ids, and the attribute history still holds the old values.
event.listen(Session, "after_flush", _collect)


# --- what is tracked -------------------------------------------------------------------


def _register_defaults() -> None:
    from desktop_app.models.pair import MentoringPair, PairMembership
    from desktop_app.models.person import (
        MenteeDifficulty,
        MenteeProfile,
        MentorProfile,
        Person,
        PersonalDataConsent,
    )

    def person_title(session: Session, person_id: int | None) -> str:
        person = session.get(Person, person_id) if person_id is not None else None
        return person.short_name if person is not None else ""

    def _pair_title(session: Session, pair_id: int | None) -> str:
        pair = session.get(MentoringPair, pair_id) if pair_id is not None else None
        return f"Пара: наставник {person_title(session, pair.mentor_id)}" if pair else "Пара"

    track_changes(
        Person,
        TrackSpec(
            entity="person",
            labels={
                "last_name": "Фамилия",
                "first_name": "Имя",
                "patronymic": "Отчество",
                "gender": "Пол",
                "birth_date": "Дата рождения",
                "position": "Должность",
                "subjects": "Предметы",
                "qualification_category": "Квалификационная категория",
                "experience_years": "Педагогический стаж",
                "hired_on": "Дата приёма",
                "education": "Образование",
                "phone": "Телефон",
                "email": "E-mail",
                "achievements": "Достижения",
                "notes": "Примечания",
                "archived_on": "В архиве с",
            },
            title=lambda _s, obj: obj.short_name,
        ),
    )
    track_changes(
        PersonalDataConsent,
        TrackSpec(
            entity="person",
            part="Согласие на обработку ПДн",
            labels={
                "given_on": "дано",
                "withdrawn_on": "отозвано",
                "document_note": "документ",
            },
            owner_id=lambda obj: obj.person_id,
            title=lambda s, obj: person_title(s, obj.person_id),
        ),
    )
    from desktop_app.models.enums import DeficitCategory

    track_changes(
        MentorProfile,
        TrackSpec(
            entity="person",
            part="Наставник",
            labels={
                "active": "роль",
                "expertise_categories": "направления",
                "max_mentees": "наставляемых не более",
                "appointment_consent": "согласие на назначение",
                "training_course": "обучение",
            },
            owner_id=lambda obj: obj.person_id,
            title=lambda s, obj: person_title(s, obj.person_id),
            value={
                "expertise_categories": lambda codes: ", ".join(
                    DeficitCategory(c).label for c in codes or []
                )
            },
        ),
    )
    track_changes(
        MenteeProfile,
        TrackSpec(
            entity="person",
            part="Наставляемый",
            labels={"active": "роль", "category": "категория", "request": "запрос"},
            owner_id=lambda obj: obj.person_id,
            title=lambda s, obj: person_title(s, obj.person_id),
        ),
    )
    track_changes(
        MenteeDifficulty,
        TrackSpec(
            entity="person",
            part="Затруднение",
            labels={"category": "направление", "level": "уровень", "note": "описание"},
            owner_id=lambda obj: obj.mentee_id,
            title=lambda s, obj: person_title(s, obj.mentee_id),
        ),
    )
    track_changes(
        MentoringPair,
        TrackSpec(
            entity="pair",
            labels={
                "title": "Название",
                "mentor_id": "Наставник",
                "form": "Форма",
                "direction": "Направление",
                "start_on": "Начало",
                "planned_end_on": "Окончание (план)",
                "ended_on": "Окончание",
                "status": "Статус",
                "end_reason": "Причина завершения",
                "order_number": "Номер приказа",
                "order_date": "Дата приказа",
                "notes": "Примечания",
            },
            title=lambda s, obj: f"Пара: наставник {person_title(s, obj.mentor_id)}",
            refs={"mentor_id": Person},
        ),
    )
    track_changes(
        PairMembership,
        TrackSpec(
            entity="pair",
            part="Наставляемый в паре",
            labels={"mentee_id": "педагог", "consent_on": "согласие"},
            owner_id=lambda obj: obj.pair_id,
            title=lambda s, obj: _pair_title(s, obj.pair_id),
            refs={"mentee_id": Person},
        ),
    )

    from desktop_app.models.route import IndividualRoute

    track_changes(
        IndividualRoute,
        TrackSpec(
            entity="route",
            labels={
                "tutor_id": "Наставник (тьютор)",
                "start_year": "Начало (учебный год)",
                "years": "Срок, лет",
                "status": "Статус",
                "self_determination_on": "Самоопределение",
                "diagnosed_on": "Диагностика",
                "approved_on": "Утверждён",
                "reflection_on": "Рефлексия",
                "closeness": "Близость к образу",
                "notes": "Примечания",
                "archived_on": "В архиве с",
            },
            title=lambda s, obj: f"ИОМ: {person_title(s, obj.person_id)}",
            refs={"tutor_id": Person},
        ),
    )

    from desktop_app.models.program import Program, ProgramActivity

    track_changes(
        Program,
        TrackSpec(
            entity="programme",
            labels={
                "start_on": "Начало",
                "end_on": "Окончание",
                "goal": "Цель",
                "status": "Статус",
                "approved_on": "Утверждена",
                "closed_on": "Закрыта",
                "mentor_conclusion": "Вывод наставника",
                "mentee_conclusion": "Вывод наставляемого",
            },
            title=lambda s, obj: f"Программа: наставник {person_title(s, obj.mentor_id)}",
        ),
    )
    track_changes(
        ProgramActivity,
        TrackSpec(
            entity="programme",
            part="Мероприятие плана",
            labels={
                "content": "содержание",
                "due_on": "срок",
                "status": "отметка",
                "done_on": "выполнено",
                "note": "примечание",
            },
            owner_id=lambda obj: obj.program_id,
            title=lambda _s, obj: (obj.content or "")[:60],
        ),
    )

    from desktop_app.models.roadmap import RoadmapItem

    track_changes(
        RoadmapItem,
        TrackSpec(
            entity="roadmap",
            part="Мероприятие дорожной карты",
            labels={
                "title": "мероприятие",
                "deadline_text": "срок",
                "responsible": "ответственные",
                "result": "результат",
                "done_on": "выполнено",
                "note": "примечание",
            },
            owner_id=lambda obj: obj.roadmap_id,
            title=lambda _s, obj: (obj.title or "")[:60],
        ),
    )


_register_defaults()
