"""«Пары и группы» as the curator uses it: a pair formed from a suggestion, the card, ending a
pair and taking it back, wrong input shown next to the field, the whole-school run, the order."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog

from desktop_app.models import PairStatus
from desktop_app.models.db import Database
from desktop_app.services.pairs import PairDraft, PairFilter, PairService
from desktop_app.ui.pair_form import PairDialog
from desktop_app.ui.pairs_view import PairsSection, PairsTableModel
from tests.conftest import DEMO_TODAY


def names(section: PairsSection) -> list[str]:
    model = section.model
    return [
        f"{model.data(model.index(r, 0))} → {model.data(model.index(r, 1))}"
        for r in range(model.rowCount())
    ]


def make_section(qtbot, db: Database) -> PairsSection:  # type: ignore[no-untyped-def]
    section = PairsSection(db, today=DEMO_TODAY)
    qtbot.addWidget(section)
    return section


def test_model_passes_qt_model_tester(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    model = PairsTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    service = PairService(demo_db)
    model.set_rows(service.list_rows())
    assert model.rowCount() == 10
    model.set_rows(service.list_rows(PairFilter(status=PairStatus.FORMING)))
    assert model.rowCount() == 2


def test_pair_formed_from_a_suggestion(qtbot, type_text, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    assert section.tabs.tabText(1) == "Нуждаются в &наставнике (2)"
    unpaired = [
        section.unpaired_table.item(r, 0).text() for r in range(section.unpaired_table.rowCount())
    ]
    assert unpaired == ["Богданов Павел Васильевич", "Макаров Сергей Андреевич"]
    section.unpaired_table.selectRow(0)
    best = section.unpaired_suggestions.suggestions[0]
    assert not best.blocked
    assert section.unpaired_suggestions.item(0, 2).text() == best.explanation
    assert "свободно" in best.explanation

    # The form opens with the mentee ticked and the suggested mentor chosen.
    dialog = PairDialog(
        section.pairs,
        section.matching,
        preset=PairDraft(mentor_id=best.mentor_id, mentee_ids=[section.unpaired[0].id]),
        parent=section,
        today=DEMO_TODAY,
    )
    qtbot.addWidget(dialog)
    assert dialog.mentor.currentData() == best.mentor_id
    assert dialog.suggestion_table.suggestions[0].mentor_id == best.mentor_id
    type_text(dialog.direction, "цифровые навыки")
    type_text(dialog.mentee_consent_on, "20.11.2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.summary.text()

    section.refresh()
    assert section.tabs.tabText(1) == "Нуждаются в &наставнике (1)"
    assert any(row.endswith("→ Богданов П.В.") for row in names(section))
    pair = PairService(demo_db).get(dialog.saved_id)
    assert (pair.direction, pair.status) == ("цифровые навыки", PairStatus.FORMING)


def test_wrong_input_is_shown_next_to_the_field_and_kept(
    qtbot, type_text, demo_db: Database
) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    before = len(PairService(demo_db).list_rows())
    dialog = PairDialog(section.pairs, section.matching, parent=section, today=DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_on.clear()
    type_text(dialog.start_on, "01.12.2026")
    dialog.planned_end_on.clear()
    type_text(dialog.planned_end_on, "01.11.2026")
    type_text(dialog.direction, "адаптация")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "не позже начала" in dialog.boxes["planned_end_on"].error.text()
    assert "выберите наставника" in dialog.boxes["mentor"].error.text()
    assert "выберите наставляемого" in dialog.boxes["mentees"].error.text()
    assert dialog.direction.text() == "адаптация"  # nothing typed is lost
    assert len(PairService(demo_db).list_rows()) == before


def test_short_program_is_warned_about_then_saved(qtbot, type_text, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    bogdanov = section.unpaired[0].id
    best = section.matching.suggest(bogdanov, DEMO_TODAY)[0]
    dialog = PairDialog(
        section.pairs,
        section.matching,
        preset=PairDraft(mentor_id=best.mentor_id, mentee_ids=[bogdanov]),
        parent=section,
        today=DEMO_TODAY,
    )
    qtbot.addWidget(dialog)
    dialog.planned_end_on.clear()
    type_text(dialog.planned_end_on, "15.01.2027")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "от 3 месяцев до 1 года" in dialog.warnings.text()
    assert dialog.save_button.text() == "Сохранить всё равно"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_terminate_shows_missing_reason_then_undo(qtbot, type_text, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    section.status_filter.setCurrentIndex(section.status_filter.findData(PairStatus.ACTIVE))
    row = next(r for r, n in enumerate(names(section)) if n.startswith("Белова"))
    section.table.selectRow(row)
    assert "Ковалёва Юлия Ильинична" in section.card.toPlainText()
    assert "№ 87-о" in section.card.toPlainText()
    pair_id = section.selected_id()
    dialog = section.status_dialog("terminate")
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.save()
    assert "укажите, почему" in dialog.boxes["end_reason"].error.text()
    assert PairService(demo_db).get(pair_id).status is PairStatus.ACTIVE
    type_text(dialog.reason, "наставник ушёл в декретный отпуск")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert PairService(demo_db).get(pair_id).status is PairStatus.TERMINATED
    assert section.tabs.tabText(1) == "Нуждаются в &наставнике (3)"

    section.show()
    with qtbot.waitActive(section):
        section.activateWindow()
    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert PairService(demo_db).get(pair_id).status is PairStatus.ACTIVE
    assert section.tabs.tabText(1) == "Нуждаются в &наставнике (2)"


def test_delete_forming_pair_and_undo(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    section.status_filter.setCurrentIndex(section.status_filter.findData(PairStatus.FORMING))
    assert len(names(section)) == 2
    section.show()
    with qtbot.waitActive(section):
        section.activateWindow()
    section.table.selectRow(0)
    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Delete)
    assert len(names(section)) == 1
    section.undo()
    assert len(names(section)) == 2


def test_whole_school_run_creates_the_ticked_pairs(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    dialog = section.assignment_dialog()
    qtbot.addWidget(dialog)
    # Макаров has no consent: left out with the reason; Богданов gets a mentor.
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Богданов Павел Васильевич"
    assert dialog.combos[0].count() >= 2
    dialog.combos[0].setCurrentIndex(1)  # the curator prefers the second mentor
    chosen = dialog.combos[0].currentData()
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    [created] = dialog.created
    assert PairService(demo_db).get(created).mentor_id == chosen


def test_order_from_the_section(qtbot, type_text, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    section = make_section(qtbot, demo_db)
    section.status_filter.setCurrentIndex(section.status_filter.findData(PairStatus.FORMING))
    section.table.selectAll()
    dialog = section.order_dialog()
    qtbot.addWidget(dialog)
    assert dialog.only_selected.isChecked()
    type_text(dialog.number, "140-о")
    dialog.folder.setText(str(tmp_path))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    [path] = dialog.written
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Назначить Воробьёву Ирину Васильевну" in text
    service = PairService(demo_db)
    forming = service.list_rows(PairFilter(status=PairStatus.FORMING))
    assert {r.order for r in forming} == {"№ 140-о от 23.11.2026"}
