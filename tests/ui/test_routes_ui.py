"""The route editor driven through its seven steps, and the «Маршруты (ИОМ)» section."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest

from desktop_app.models import (
    AchievementLevel,
    CorrectionReason,
    DeficitCategory,
    DeficitLevel,
    DeficitOutcome,
    MenteeCategory,
    RouteStatus,
)
from desktop_app.models.db import Database
from desktop_app.services.people import MenteeDraft, PeopleService, PersonDraft
from desktop_app.services.routes import RouteService
from desktop_app.ui import route_editor
from desktop_app.ui.route_editor import MeasureDialog, RouteEditor
from desktop_app.ui.routes_view import RoutesModel, RoutesSection
from desktop_app.ui.widgets import combo_select
from tests.conftest import DEMO_TODAY

TODAY = dt.date(2026, 11, 23)


def _mentee(db: Database) -> int:
    return PeopleService(db).create(
        PersonDraft(
            last_name="Сидорова",
            first_name="Анна",
            patronymic="Петровна",
            position="учитель химии",
            is_mentee=True,
            mentee=MenteeDraft(
                category=MenteeCategory.YOUNG_TEACHER,
                request="планирование урока",
                difficulties={DeficitCategory.METHODICAL: (DeficitLevel.HIGH, "по итогам МО")},
            ),
        )
    )


class FakeMeasureDialog:
    """Stands in for ``MeasureDialog.edit``: builds the real dialog, lets the test type into
    it, and presses «Готово» without a modal loop."""

    def __init__(self, qtbot, fill) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.fill = fill

    def __call__(self, measure, years, deficits, parent=None, focus_implementation=False):  # type: ignore[no-untyped-def]
        dialog = MeasureDialog(measure, years, deficits, parent, focus_implementation)
        self.qtbot.addWidget(dialog)
        self.fill(dialog)
        dialog.accept_measure()
        return dialog.value, dialog.value is not None


def test_routes_model_passes_qt_model_tester(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    model = RoutesModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(RouteService(demo_db).rows(today=DEMO_TODAY))
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 3


def test_wizard_through_every_step(
    qtbot, type_text, monkeypatch: pytest.MonkeyPatch, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    person = _mentee(empty_db)
    service = RouteService(empty_db)
    editor = RouteEditor(service, None, None, today=TODAY)
    qtbot.addWidget(editor)

    # The header: the teacher; steps 2–3 come from the mentee card.
    combo_select(editor.person, person)
    check, level, note = editor.deficits[DeficitCategory.METHODICAL]
    assert check.isChecked() and level.currentData() == DeficitLevel.HIGH
    assert note.text() == "по итогам МО"
    assert editor.start_year.currentText() == "2026/2027"
    editor.start_year.setCurrentText("2025/2026")

    # Step 1.
    editor.go(0)
    type_text(editor.self_determination_on, "05.09.2025")
    type_text(editor.desired_image, "Учитель, у которого каждый ученик занят делом")
    # Step 2.
    editor.next_button.click()
    assert editor.pages.currentIndex() == 1
    type_text(editor.diagnosed_on, "15.09.2025")
    check, level, note = editor.achievements[DeficitCategory.DIGITAL]
    check.setChecked(True)
    combo_select(level, AchievementLevel.HIGH)
    type_text(note, "электронный журнал, Сферум")
    # Step 3: add a second deficit by hand.
    editor.next_button.click()
    check, level, _ = editor.deficits[DeficitCategory.HEALTH]
    check.setChecked(True)
    combo_select(level, DeficitLevel.LOW)

    # Step 4: two measures through the measure dialog.
    editor.next_button.click()

    def course(dialog: MeasureDialog) -> None:
        combo_select(dialog.section, dialog.section.itemData(0))
        type_text(dialog.title, "Курс «Здоровьесберегающие технологии»")
        type_text(dialog.provider, "ЦНППМ")
        type_text(dialog.hours, "36")
        combo_select(dialog.year, 2025)
        dialog.deficit_checks[DeficitCategory.HEALTH].setChecked(True)

    def lesson(dialog: MeasureDialog) -> None:
        type_text(dialog.title, "Открытый урок для МО")
        combo_select(dialog.year, 2026)
        dialog.deficit_checks[DeficitCategory.METHODICAL].setChecked(True)

    monkeypatch.setattr(MeasureDialog, "edit", FakeMeasureDialog(qtbot, course))
    editor.add_measure_button.click()
    monkeypatch.setattr(MeasureDialog, "edit", FakeMeasureDialog(qtbot, lesson))
    editor.add_measure_button.click()
    assert editor.roadmap.rowCount() == 2
    assert editor.roadmap.item(1, 2).text() == "Открытый урок для МО"
    assert editor.roadmap.item(0, 3).text() == "2025/2026 уч. г."
    type_text(editor.approved_on, "30.09.2025")
    combo_select(editor.status, RouteStatus.ACTIVE)
    assert editor.save()
    (row,) = service.rows(today=TODAY)
    assert row.full_name == "Сидорова Анна Петровна"
    assert row.status is RouteStatus.ACTIVE and row.progress == "0 из 2"

    # Step 5: the course is done, with its product and the teacher's attitude.
    editor.go(4)
    editor.implementation.selectRow(0)

    def done(dialog: MeasureDialog) -> None:
        type_text(dialog.done_on, "20.05.2026")
        type_text(dialog.product_title, "Удостоверение № 4512")
        type_text(dialog.attitude, "полезный курс")

    monkeypatch.setattr(MeasureDialog, "edit", FakeMeasureDialog(qtbot, done))
    editor.mark_button.click()
    assert editor.implementation.item(0, 3).text() == "выполнено 20.05.2026"
    assert editor.save()
    assert service.rows(today=TODAY)[0].progress == "1 из 2"

    # Step 6: moving the lesson a year later is a correction; without a reason it is refused.
    editor.go(3)
    editor.roadmap.selectRow(1)
    monkeypatch.setattr(
        MeasureDialog,
        "edit",
        FakeMeasureDialog(qtbot, lambda d: combo_select(d.year, 2027)),
    )
    editor.edit_measure_button.click()
    assert not editor.save()
    assert editor.pages.currentIndex() == 5
    assert "дату и причину" in editor.boxes["correction"].error.text()
    assert editor.roadmap.item(1, 3).text() == "2027/2028 уч. г."  # nothing typed is lost
    type_text(editor.correction_made_on, "10.12.2025")
    combo_select(editor.correction_reason, CorrectionReason.OWN_NEEDS)
    type_text(editor.correction_description, "нагрузка в выпускном классе")
    assert editor.save()
    assert editor.corrections.rowCount() == 1
    assert "2026/2027 уч. г. → 2027/2028 уч. г." in editor.corrections.item(0, 2).text()
    editor.corrections.selectRow(0)
    assert "2. Открытый урок для МО — 2026/2027 уч. г." in editor.previous_plan.toPlainText()
    assert editor.correction_made_on.text() == ""  # the next correction starts empty

    # Step 7: per deficit, and the closeness to the desired image.
    editor.go(6)
    outcome, text, _label = editor.reflection_rows[DeficitCategory.HEALTH]
    combo_select(outcome, DeficitOutcome.PARTLY)
    type_text(text, "курс пройден")
    type_text(editor.reflection_on, "10.06.2026")
    assert editor.save()

    stored = service.draft(row.id)
    assert stored.deficits[DeficitCategory.HEALTH].outcome is DeficitOutcome.PARTLY
    assert stored.deficits[DeficitCategory.HEALTH].reflection == "курс пройден"
    assert stored.achievements[DeficitCategory.DIGITAL].note == "электронный журнал, Сферум"
    assert stored.desired_image == "Учитель, у которого каждый ученик занят делом"
    assert [m.title for m in stored.measures] == [
        "Курс «Здоровьесберегающие технологии»",
        "Открытый урок для МО",
    ]
    assert stored.measures[0].attitude == "полезный курс"
    assert len(stored.history) == 1
    assert not editor.is_dirty()


def test_wrong_period_is_shown_next_to_the_field_and_nothing_saved(
    qtbot, type_text, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    person = _mentee(empty_db)
    service = RouteService(empty_db)
    editor = RouteEditor(service, None, person, today=TODAY)
    qtbot.addWidget(editor)
    type_text(editor.desired_image, "мой образ")
    editor.years.setCurrentText("7")
    editor.go(1)
    type_text(editor.diagnosed_on, "01.09.2026")
    editor.go(0)
    type_text(editor.self_determination_on, "15.09.2026")
    assert not editor.save()
    assert "4–5 лет" in editor.boxes["years"].error.text()
    assert "по порядку" in editor.boxes["diagnosed_on"].error.text()
    assert editor.pages.currentIndex() == 1  # the first step with a wrong field
    assert service.rows(today=TODAY) == []
    assert editor.desired_image.toPlainText() == "мой образ"


def test_measure_dialog_checks_its_fields(qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.routes import MeasureDraft

    dialog = MeasureDialog(MeasureDraft(), [2025, 2026], [DeficitCategory.METHODICAL])
    qtbot.addWidget(dialog)
    type_text(dialog.hours, "много")
    dialog.accept_measure()
    assert dialog.value is None
    assert "обязательное" in dialog.boxes["title"].error.text()
    assert "учебный год" in dialog.boxes["academic_year"].error.text().lower()
    assert "целое число" in dialog.boxes["hours"].error.text()
    type_text(dialog.product_link, "/нет/такого/файла.docx")
    dialog.open_link.click()
    assert "такого файла нет" in dialog.boxes["product_link"].error.text()


def test_section_lists_routes_and_archives_with_undo(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = RoutesSection(demo_db, today=lambda: DEMO_TODAY)
    qtbot.addWidget(section)
    names = [section.model.rows[n].full_name for n in range(section.model.rowCount())]
    assert len(names) == 3
    third = next(r for r in section.model.rows if r.year_of_route == "3-й год из 5")
    section.select(third.id)
    assert section.progress.rowCount() == len(third.deficits)
    assert section.due_box.title() == "В этом учебном году (2026/2027)"
    assert section.due.rowCount() >= 1

    section.show()
    with qtbot.waitActive(section):
        section.activateWindow()
    section.table.setFocus()
    QTest.keyClick(section.table, Qt.Key.Key_Delete)
    assert section.model.rowCount() == 2
    QTest.keyClick(section.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert section.model.rowCount() == 3
    assert section.selected_id() == third.id

    section.year.setCurrentIndex(section.year.findData(2024))
    assert [r.full_name for r in section.model.rows] == [third.full_name]


def test_section_is_in_the_main_window(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    section = window.show_section("routes")
    assert isinstance(section, RoutesSection)
    assert route_editor.STEPS[6] == "7. Рефлексивный анализ"


def test_section_exports_the_selected_route_and_the_summary(
    qtbot, demo_db: Database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    section = RoutesSection(demo_db, today=lambda: DEMO_TODAY)
    qtbot.addWidget(section)
    row = next(r for r in section.model.rows if r.status is RouteStatus.DRAFT)
    section.select(row.id)
    (path,) = section.export_route(tmp_path)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert f"Педагог: {row.full_name}" in texts
    (summary,) = section.export_summary(tmp_path)
    assert summary.suffix == ".xlsx" and summary.is_file()


def test_unsaved_route_survives_a_power_cut(
    qtbot, type_text, monkeypatch: pytest.MonkeyPatch, demo_db: Database
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.routes import route_draft_from_dict, route_draft_to_dict
    from desktop_app.ui.drafts import DraftKeeper

    service = RouteService(demo_db)
    third = next(r for r in service.rows(today=DEMO_TODAY) if r.year_of_route == "3-й год из 5")
    stored = service.draft(third.id)
    copy = route_draft_from_dict(route_draft_to_dict(stored))
    copy.history = stored.history
    assert copy == stored  # every step survives the round trip

    editor = RouteEditor(service, third.id, None, today=DEMO_TODAY)
    qtbot.addWidget(editor)
    type_text(editor.reflection, " Дописано перед отключением света.")
    editor.measures[0].attitude = "новое отношение"
    assert editor.drafts.save_now()
    editor.deleteLater()  # the program died: no «Готово», no «Закрыть»

    monkeypatch.setattr(DraftKeeper, "ask_restore", staticmethod(lambda _d, _t: True))
    again = RouteEditor(service, third.id, None, today=DEMO_TODAY)
    qtbot.addWidget(again)
    assert "Дописано перед отключением света." in again.reflection.toPlainText()
    assert again.measures[0].attitude == "новое отношение"
    assert again.corrections.rowCount() == 1  # the history comes from the database
    assert again.is_dirty()
