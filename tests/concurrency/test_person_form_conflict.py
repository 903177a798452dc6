"""The person form when someone else saved the same card first: nothing typed is lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.models import Person
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import PeopleService
from desktop_app.ui.person_form import PersonDialog

from .conftest import Users

SHOTS = Path("/work/shots/conflicts")


def _stored(users: Users, person_id: int) -> Person:
    return PeopleService(users.a).get(person_id)


def test_form_refuses_then_refresh_keeps_typing_and_loads_theirs(
    qtbot, type_text, users: Users
) -> None:  # type: ignore[no-untyped-def]
    db_a = users.as_a()
    dialog = PersonDialog(PeopleService(db_a), OrganisationService(db_a), users.mentee_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.position.clear()
    type_text(dialog.position, "учитель алгебры")
    dialog.tabs.setCurrentIndex(1)
    dialog.phone.clear()
    type_text(dialog.phone, "+7 900 000-00-01")

    # Meanwhile user B changes the phone and the notes of the same card and saves.
    other = PeopleService(users.as_b())
    draft_b = other.draft(users.mentee_id)
    draft_b.phone = "+7 900 555-66-77"
    draft_b.notes = "Перевод в 7 «Б»"
    other.update(users.mentee_id, draft_b)

    users.as_a()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.conflict.isVisible()
    message = dialog.conflict.text.text()
    assert "Карточку «Иванова А.П.» уже изменил другой пользователь (ivanov," in message
    assert "Телефон: «+7 900 111-22-33» → «+7 900 555-66-77»" in message
    assert dialog.conflict.refresh_button.isVisible()
    # B's work is in the database, A's typing still in the form.
    stored = _stored(users, users.mentee_id)
    assert (stored.phone, stored.position) == ("+7 900 555-66-77", "учитель математики")
    assert dialog.position.text() == "учитель алгебры"
    assert dialog.phone.text() == "+7 900 000-00-01"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "person_conflict.png"))

    qtbot.mouseClick(dialog.conflict.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.position.text() == "учитель алгебры"  # only A changed it: A's text
    assert dialog.notes.toPlainText() == "Перевод в 7 «Б»"  # only B changed it: B's text
    assert dialog.phone.text() == "+7 900 000-00-01"  # both changed it: A's text, B's beside
    assert "Другой пользователь записал: «+7 900 555-66-77»" in (dialog.boxes["phone"].error.text())
    assert "Карточка обновлена" in dialog.conflict.text.text()
    dialog.grab().save(str(SHOTS / "person_refreshed.png"))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = _stored(users, users.mentee_id)
    assert (stored.phone, stored.position, stored.notes) == (
        "+7 900 000-00-01",
        "учитель алгебры",
        "Перевод в 7 «Б»",
    )
