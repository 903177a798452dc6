"""«Мониторинг» as the curator uses it: type results and answers, read the tables back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QSpinBox

from desktop_app.models.db import Database
from desktop_app.models.monitoring import MenteeResult, QuestionnaireResponse
from desktop_app.services import indicators as ind
from desktop_app.ui.monitoring_view import MonitoringSection, ResponseDialog, ResultDialog

TODAY = dt.date(2026, 11, 23)


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.query(model).count()


def test_result_typed_in_appears_in_table_and_indicators(
    demo_db: Database, qtbot, type_text
) -> None:  # type: ignore[no-untyped-def]
    section = MonitoringSection(demo_db, TODAY)
    qtbot.addWidget(section)
    before = _count(demo_db, MenteeResult)
    dialog = ResultDialog(section.results.service, TODAY, None, section)
    qtbot.addWidget(dialog)
    name = dialog.person.currentText()
    dialog.period_start.clear()
    type_text(dialog.period_start, "01.01.2027")
    dialog.period_end.clear()
    type_text(dialog.period_end, "31.03.2027")
    type_text(dialog.edits["exams_passed_share"], "82,5")
    type_text(dialog.edits["olympiad_participants"], "4")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    section.results.refresh()
    table = section.results.table
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    mine = [r for r in rows if r[0] == name and r[1] == "01.01.2027 – 31.03.2027"]
    assert mine and mine[0][2] == "82,5" and mine[0][4] == "4"
    assert _count(demo_db, MenteeResult) == before + 1
    got = ind.compute(demo_db, ind.quarter(2027, 1))
    assert got.value("exams_passed") == 82.5


def test_wrong_result_is_explained_and_nothing_saved(demo_db: Database, qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    section = MonitoringSection(demo_db, TODAY)
    qtbot.addWidget(section)
    before = _count(demo_db, MenteeResult)
    dialog = ResultDialog(section.results.service, TODAY, None, section)
    qtbot.addWidget(dialog)
    dialog.period_end.clear()
    type_text(dialog.period_end, "31.02.2026")
    type_text(dialog.edits["progress_share"], "сто")
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "не существует" in dialog.boxes["period_end"].error.text()
    assert "от 0 до 100" in dialog.boxes["progress_share"].error.text()
    assert dialog.edits["progress_share"].text() == "сто"  # what was typed is kept
    assert _count(demo_db, MenteeResult) == before


def test_delete_result_and_undo(demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    section = MonitoringSection(demo_db, TODAY)
    qtbot.addWidget(section)
    results = section.results
    results.refresh()
    before = results.table.rowCount()
    if before == 0:  # the demo has results only once pairs exist; make one
        dialog = ResultDialog(results.service, TODAY, None, section)
        dialog.save()
        results.refresh()
        before = results.table.rowCount()
    results.table.selectRow(0)
    first = results.table.item(0, 0).text()
    results.delete()
    assert results.table.rowCount() == before - 1
    results.undo()
    assert results.table.rowCount() == before
    assert first in [results.table.item(r, 0).text() for r in range(before)]


def test_answers_entered_from_a_paper_form(demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    section = MonitoringSection(demo_db, TODAY)
    qtbot.addWidget(section)
    tab = section.questionnaires
    tab.forms.setCurrentRow(0)
    before = _count(demo_db, QuestionnaireResponse)
    dialog = ResponseDialog(tab.service, tab.current_id(), TODAY, section)
    qtbot.addWidget(dialog)
    dialog.save()  # nobody chosen, nothing answered
    assert dialog.boxes["person"].error.text() == "Выберите, кто заполнил анкету."
    assert "пустая" in dialog.error.text()
    assert _count(demo_db, QuestionnaireResponse) == before
    dialog.person.setCurrentIndex(1)
    for widget in dialog.inputs.values():
        if isinstance(widget, QSpinBox):
            widget.setValue(7)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    tab.show_current()
    assert _count(demo_db, QuestionnaireResponse) == before + 1
    means = [tab.responses.item(r, 2).text() for r in range(tab.responses.rowCount())]
    assert "7,0" in means


def test_indicator_table_shows_both_periods(demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    section = MonitoringSection(demo_db, TODAY)
    qtbot.addWidget(section)
    table = section.indicators.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["Показатель", "4 квартал 2026 г.", "3 квартал 2026 г.", "Изменение"]
    titles = [table.item(r, 0).text().strip() for r in range(table.rowCount())]
    assert "Участники" in titles and "Наставников, чел." in titles
    section.indicators.picker.kind.setCurrentIndex(2)
    section.indicators.picker.start.setText("10.10.2026")
    section.indicators.picker.end.setText("01.10.2026")
    section.indicators.refresh()
    assert section.indicators.picker.error.text() == "Конец периода раньше его начала."
