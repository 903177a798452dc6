"""Ctrl+Z in «Педагоги» with two users: one's own archiving, not over someone else's edit."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.services.people import PeopleService
from desktop_app.ui.people_view import PeopleSection

from .conftest import Users


def test_ctrl_z_after_someone_else_edited_the_archived_card_is_refused(
    qtbot, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _parent, _title, text, *a, **k: shown.append(text)),
    )
    section = PeopleSection(users.as_a(), "people")
    qtbot.addWidget(section)
    section.select(users.other_mentee_id)
    section.toggle_archive_selected()
    assert PeopleService(users.a).get(users.other_mentee_id).archived_on is not None

    draft = PeopleService(users.as_b()).draft(users.other_mentee_id)
    draft.notes = "Уволен 28.11.2026, приказ № 112-к"
    PeopleService(users.b).update(users.other_mentee_id, draft)

    users.as_a()
    section.undo_archive()
    assert len(shown) == 1
    assert shown[0].startswith("Отменить нельзя: после вашего изменения карточку «Кузнецов П.А.»")
    assert "(ivanov, " in shown[0]
    stored = PeopleService(users.a).get(users.other_mentee_id)
    assert stored.archived_on is not None  # still archived
    assert stored.notes == "Уволен 28.11.2026, приказ № 112-к"  # B's note kept
    assert not section.undo_action.isEnabled()
