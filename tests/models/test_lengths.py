"""Text longer than its column: a Russian message for the field, nothing written, on both
databases. (PostgreSQL enforced VARCHAR(n) with an error naming no field; SQLite kept it all.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import String

from desktop_app.errors import ValidationError
from desktop_app.models import Base, too_long
from desktop_app.models.db import Database
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import PeopleFilter, PeopleService, PersonDraft
from tests.db_helpers import content_digest


def _limited_columns() -> list[tuple[type, str, int]]:
    found = []
    for mapper in Base.registry.mappers:
        for attr in mapper.column_attrs:
            kind = attr.columns[0].type
            if type(kind) is String and kind.length:
                found.append((mapper.class_, attr.key, kind.length))
    return found


def test_every_limited_column_is_checked() -> None:
    columns = _limited_columns()
    assert len(columns) > 40  # people, organisations, pairs, programs, roadmaps, the log…
    for model, key, length in columns:
        obj = model()
        setattr(obj, key, "я" * length)
        assert key not in too_long(obj), f"{model.__name__}.{key} at its limit"
        setattr(obj, key, "я" * (length + 1))
        message = too_long(obj)[key].lower()
        assert f"не длиннее {length} символов" in message, f"{model.__name__}.{key}"


def test_too_long_position_is_refused_with_the_fields_name(empty_db: Database) -> None:
    people = PeopleService(empty_db)
    before = content_digest(empty_db)
    draft = PersonDraft(last_name="Петрова", first_name="Мария", position="у" * 301)
    with pytest.raises(ValidationError) as caught:
        people.create(draft)
    assert caught.value.errors == {
        "position": "Должность: не длиннее 300 символов (сейчас 301) — сократите текст."
    }
    assert content_digest(empty_db) == before

    draft.position = "у" * 300  # exactly the limit is kept whole, on either database
    pid = people.create(draft)
    assert people.get(pid).position == "у" * 300


def test_too_long_school_name_leaves_the_old_details(empty_db: Database) -> None:
    service = OrganisationService(empty_db)
    draft = service.draft()
    old_name = draft.full_name
    draft.full_name = "Школа " * 100  # 600 characters; the column holds 500
    before = content_digest(empty_db)
    with pytest.raises(ValidationError) as caught:
        service.save_own(draft)
    assert "не длиннее 500 символов" in caught.value.errors["full_name"].lower()
    assert content_digest(empty_db) == before
    assert service.draft().full_name == old_name


def test_the_form_shows_the_message_next_to_the_field(qtbot, type_text, empty_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.person_form import PersonDialog

    dialog = PersonDialog(PeopleService(empty_db), OrganisationService(empty_db))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.last_name, "Орлова")
    type_text(dialog.first_name, "Анна")
    dialog.position.setText("учитель " * 40)  # 320 characters
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "не длиннее 300 символов" in dialog.boxes["position"].error.text()
    assert dialog.position.text() == "учитель " * 40  # what was typed is kept
    assert PeopleService(empty_db).query_ids(PeopleFilter(include_archived=True)) == []
