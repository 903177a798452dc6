"""The pair form when someone else saved the same pair first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.models import MentoringPair
from desktop_app.services.matching import MatchingService
from desktop_app.services.pairs import PairDraft, PairService
from desktop_app.ui.pair_form import PairDialog

from .conftest import Users

SHOTS = Path("/work/shots/conflicts")


def test_pair_form_keeps_typing_and_loads_the_other_change(qtbot, type_text, users: Users) -> None:  # type: ignore[no-untyped-def]
    db_a = users.as_a()
    pair_id = PairService(db_a).create(
        PairDraft(
            mentor_id=users.mentor_id,
            mentee_ids=[users.mentee_id],
            start_on="01.09.2026",
            planned_end_on="31.05.2027",
        )
    )
    dialog = PairDialog(PairService(db_a), MatchingService(db_a), pair_id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.notes, "Встречи по вторникам после 6-го урока")

    theirs = PairService(users.as_b()).draft(pair_id)
    theirs.direction = "работа с родителями"
    PairService(users.b).update(pair_id, theirs)

    users.as_a()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    message = dialog.conflict.text.text()
    assert "уже изменил другой пользователь (ivanov, " in message
    assert "Направление: «работа с родителями»" in message
    assert "«Обновить данные пары»" in message
    assert dialog.notes.toPlainText() == "Встречи по вторникам после 6-го урока"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "pair_conflict.png"))

    qtbot.mouseClick(dialog.conflict.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.direction.text() == "работа с родителями"
    assert dialog.notes.toPlainText() == "Встречи по вторникам после 6-го урока"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with users.a.session() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        assert (pair.direction, pair.notes) == (
            "работа с родителями",
            "Встречи по вторникам после 6-го урока",
        )
