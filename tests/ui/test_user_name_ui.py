"""«Ваше имя в журнале»: typed once in the change-log section, it signs the next changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.models import change_log
from desktop_app.models.db import Database
from desktop_app.services.people import PeopleService
from desktop_app.ui.change_log_view import ChangeLogSection


def test_name_typed_in_the_journal_signs_changes(
    qtbot, type_text, empty_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    change_log.set_current_user(None)
    monkeypatch.setenv("NASTAVNIK_USER", "")  # restored after the test, whatever it sets
    section = ChangeLogSection(empty_db)
    qtbot.addWidget(section)
    section.show()
    type_text(section.user_name, "Смирнова О. В.")
    qtbot.mouseClick(section.save_name_button, Qt.MouseButton.LeftButton)
    assert "«Смирнова О. В.»" in section.status.text()
    try:
        from desktop_app.services.people import PersonDraft

        PeopleService(empty_db).create(
            PersonDraft(last_name="Орлова", first_name="Анна", patronymic="Сергеевна")
        )
        section.refresh()
        assert section.table.item(0, 1).text() == "Смирнова О. В."
        # A new window on this computer starts with the same name.
        again = ChangeLogSection(empty_db)
        qtbot.addWidget(again)
        assert again.user_name.text() == "Смирнова О. В."
        # Blank: the computer's login name again.
        again.user_name.clear()
        qtbot.mouseClick(again.save_name_button, Qt.MouseButton.LeftButton)
        assert change_log.current_user() == change_log.login_name()
    finally:
        change_log.set_current_user(None)
