"""A long form keeps its draft: typed into the person form, the program «dies» before
«Сохранить», and the next opening of the form offers what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop_app.models import DeficitCategory, DeficitLevel, Gender, MenteeCategory
from desktop_app.models.db import Database
from desktop_app.services.drafts import DraftStore, person_draft_from_dict, person_draft_to_dict
from desktop_app.services.organisation import OrganisationService
from desktop_app.services.people import MenteeDraft, PeopleFilter, PeopleService, PersonDraft
from desktop_app.ui.person_form import PersonDialog


def test_person_draft_round_trip() -> None:
    draft = PersonDraft(
        last_name="Петрова",
        first_name="Мария",
        gender=Gender.FEMALE,
        is_mentee=True,
        mentee=MenteeDraft(
            category=MenteeCategory.BURNOUT,
            request="Вернуть интерес к работе",
            difficulties={DeficitCategory.HEALTH: (DeficitLevel.LOW, "усталость")},
        ),
    )
    import json

    data = json.loads(json.dumps(person_draft_to_dict(draft)))
    assert person_draft_from_dict(data) == draft


def test_typed_form_survives_a_crash_and_is_offered_back(
    qtbot,
    type_text,
    empty_db: Database,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    people, orgs = PeopleService(empty_db), OrganisationService(empty_db)
    dialog = PersonDialog(people, orgs)
    qtbot.addWidget(dialog)
    type_text(dialog.last_name, "Сидорова")
    type_text(dialog.first_name, "Анна")
    type_text(dialog.phone, "8 900 111-22-33")
    assert dialog.drafts.save_now()  # what the 3-second timer does
    assert dialog.drafts.save_now() is False  # nothing new typed: nothing written
    # The program is killed here: the dialog never finishes. The draft is in the database.
    dialog.drafts._timer.stop()
    dialog.finished.disconnect()
    assert DraftStore(empty_db).load("person.new") is not None

    asked: list[str] = []

    def yes(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    again = PersonDialog(people, orgs)
    qtbot.addWidget(again)
    assert asked and "черновик" in asked[0]
    assert again.last_name.text() == "Сидорова" and again.phone.text() == "8 900 111-22-33"
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert again.result() == QDialog.DialogCode.Accepted
    assert DraftStore(empty_db).load("person.new") is None  # saved: the draft is gone
    assert people.query_ids(PeopleFilter(text="сидорова"))


def test_declined_draft_is_discarded(
    qtbot,
    empty_db: Database,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    DraftStore(empty_db).save("person.new", person_draft_to_dict(PersonDraft(last_name="Орлова")))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = PersonDialog(PeopleService(empty_db), OrganisationService(empty_db))
    qtbot.addWidget(dialog)
    assert dialog.last_name.text() == ""
    assert DraftStore(empty_db).load("person.new") is None
