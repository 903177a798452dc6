"""The wizard driven page by page: a step that refuses «Далее», «Назад» that loses nothing,
a draft resumed after the window was closed, the program saved and read back."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWizard

from desktop_app.models import DeficitCategory
from desktop_app.models.db import Database
from desktop_app.services.programs import ProgramService
from desktop_app.ui.program_wizard import ProgramWizard
from tests.program_helpers import add_pair, add_people


def _next(wizard: ProgramWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def test_wizard_through_every_page(qtbot, empty_db: Database, type_text) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee = add_people(empty_db)
    pair_id = add_pair(empty_db, mentor, [mentee])
    wizard = ProgramWizard.prepare(empty_db, pair_id=pair_id, resume=False)
    qtbot.addWidget(wizard)
    wizard.show()
    pages = wizard.pages()
    first = pages["participants"]
    assert first.pair.currentData() == pair_id
    assert first.mentor_label.text() == "Соколова Елена Петровна"
    assert first.form_edit.text() == "«педагог – педагог»"
    # 1: a program of two months is refused with the rule in the message.
    first.end.clear()
    type_text(first.end, "31.10.2026")
    _next(wizard)
    assert wizard.currentPage() is first
    assert "от 3 месяцев до 1 года" in first.boxes["start_on"].error.text()
    first.months.setValue(6)
    assert first.end.text() == "28.02.2027"
    _next(wizard)
    # 2: the mentee's difficulties came from the profile.
    page = pages["difficulties"]
    assert wizard.currentPage() is page
    assert page.checks[DeficitCategory.METHODICAL].isChecked()
    assert page.notes[DeficitCategory.METHODICAL].text() == "планирование урока"
    _next(wizard)
    # 3: an empty goal refuses «Далее».
    goal = pages["goal"]
    goal.goal.clear()
    _next(wizard)
    assert wizard.currentPage() is goal
    assert goal.boxes["goal"].error.text() == "Цель: сформулируйте цель программы."
    type_text(goal.goal, "Освоить планирование уроков")
    _next(wizard)
    # 4: the plan; a line dated after the program's end is refused and marked.
    plan = pages["plan"]
    assert wizard.currentPage() is plan
    rows_before = plan.table.rowCount()
    assert rows_before >= 4
    plan.add_button.click()
    row = plan.table.rowCount() - 1
    plan.table.item(row, 0).setText("Мастер-класс «Сферум»")
    form = plan.table.cellWidget(row, 1)
    assert isinstance(form, QComboBox)
    form.setCurrentText("мастер-класс")
    plan.table.item(row, 2).setText("15.06.2027")
    _next(wizard)
    assert wizard.currentPage() is plan
    assert f"Мероприятие {row + 1}: Срок 15.06.2027 вне срока программы" in plan.errors.text()
    plan.table.item(row, 2).setText("15.12.2026")
    # Delete and undo with Ctrl+Z.
    plan.table.setCurrentCell(0, 0)
    first_content = plan.table.item(0, 0).text()
    plan.delete_button.click()
    assert plan.table.rowCount() == rows_before
    plan.undo_delete()  # what Ctrl+Z calls
    assert plan.table.item(0, 0).text() == first_content
    assert plan.table.rowCount() == rows_before + 1
    # Back to the goal and forward again: nothing lost.
    wizard.back()
    assert wizard.currentPage() is goal
    assert goal.goal.toPlainText() == "Освоить планирование уроков"
    _next(wizard)
    assert plan.table.item(row, 0).text() == "Мастер-класс «Сферум»"
    _next(wizard)
    results = pages["results"]
    assert wizard.currentPage() is results
    _next(wizard)
    assert "Мастер-класс «Сферум»" in pages["review"].view.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    program_id = wizard.saved_program_id
    assert program_id is not None
    program = ProgramService(empty_db).get(program_id)
    assert program.goal == "Освоить планирование уроков"
    assert program.pair_id == pair_id
    assert program.activities[-1].content == "Мастер-класс «Сферум»"
    assert str(program.end_on) == "2027-02-28"
    assert ProgramService(empty_db).find_wizard_draft(pair_id=pair_id) is None


def test_draft_resumed_after_the_window_is_closed(qtbot, empty_db: Database, type_text) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee = add_people(empty_db)
    pair_id = add_pair(empty_db, mentor, [mentee])
    wizard = ProgramWizard.prepare(empty_db, pair_id=pair_id, resume=False)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(wizard)
    _next(wizard)
    goal = wizard.pages()["goal"]
    goal.goal.clear()
    type_text(goal.goal, "Цель, набранная перед закрытием окна")
    wizard.close()
    again = ProgramWizard.prepare(empty_db, pair_id=pair_id, resume=True)
    qtbot.addWidget(again)
    assert again.pages()["goal"].goal.toPlainText() == "Цель, набранная перед закрытием окна"
    assert again.draft_id is not None
    # Starting afresh drops the old draft.
    fresh = ProgramWizard.prepare(empty_db, pair_id=pair_id, resume=False)
    qtbot.addWidget(fresh)
    assert fresh.pages()["goal"].goal.toPlainText() != "Цель, набранная перед закрытием окна"
    assert ProgramService(empty_db).find_wizard_draft(pair_id=pair_id) is None
