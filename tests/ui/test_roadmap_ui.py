"""«Дорожная карта» as the curator uses it: type an activity, see it overdue, mark it done,
delete and undo; wrong values next to the fields; the overview opens the line."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog

from desktop_app.models.db import Database
from desktop_app.services.roadmap import ItemStatus, RoadmapService
from desktop_app.ui.roadmap_forms import ItemDialog
from desktop_app.ui.roadmap_model import FILTERS, RoadmapTableModel
from desktop_app.ui.roadmap_view import RoadmapSection
from tests.conftest import DEMO_TODAY

TODAY = dt.date(2025, 11, 20)


def _titles(section: RoadmapSection) -> list[str]:
    return [r.title for r in section.model.rows]


def _section(qtbot, db: Database, today: dt.date = TODAY) -> RoadmapSection:  # type: ignore[no-untyped-def]
    section = RoadmapSection(db, today=lambda: today)
    qtbot.addWidget(section)
    section.resize(1200, 650)
    section.show()
    with qtbot.waitActive(section):
        section.activateWindow()
    section.table.setFocus()
    return section


def test_model_passes_qt_model_tester(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    service = RoadmapService(demo_db)
    model = RoadmapTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    rows = service.rows(service.current_id(DEMO_TODAY), DEMO_TODAY)  # type: ignore[arg-type]
    model.set_rows(rows, DEMO_TODAY)
    for key, _title in FILTERS:
        model.set_mode(key)
    model.set_mode("overdue")
    titles = [r.title for r in model.rows if not r.is_section]
    assert titles == [
        "Круглый стол «Техники и модели наставничества в образовании»",
        "Персонифицированный учёт участников программ наставничества (банки наставников и "
        "наставляемых)",
    ]
    assert model.rows[0].is_section  # the section of the first overdue line is kept above it


def test_add_an_activity_through_the_form_see_it_overdue_mark_it_done(
    qtbot, type_text, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    section = _section(qtbot, empty_db)
    assert section.current_roadmap_id() == roadmap_id
    section.table.selectRow(2)
    after = section.selected_id()
    dialog = ItemDialog(service, roadmap_id, None, after_id=after, parent=section)
    qtbot.addWidget(dialog)
    type_text(dialog.title, "Семинар «Цифровые инструменты учителя»")
    type_text(dialog.deadline, "до 01.11.2025")
    assert dialog.deadline_reading.text() == "Программа поняла: до 01.11.2025"
    type_text(dialog.responsible, "Лебедева О.В.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    section.reload(dialog.saved_id)
    assert _titles(section)[3] == "Семинар «Цифровые инструменты учителя»"
    row = section.model.item_row(dialog.saved_id)  # type: ignore[arg-type]
    assert row is not None and row.number == "1.3"
    status = section.model.index(3, 5)
    assert section.model.data(status) == "просрочено (срок 01.11.2025)"
    assert section.selected_id() == dialog.saved_id
    qtbot.keyClick(section.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    row = section.model.item_row(dialog.saved_id)  # type: ignore[arg-type]
    assert row is not None and row.status is ItemStatus.DONE
    # The mark is the section's today (the real date in the program, fixed in the test).
    assert section.model.data(section.model.index(3, 6)) == TODAY.strftime("%d.%m.%Y")


def test_wrong_values_are_shown_next_to_fields_and_nothing_is_saved(
    qtbot, type_text, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    service = RoadmapService(empty_db)
    roadmap_id = service.create_from_template("school", 2025)
    before = [(r.title, r.done_on) for r in service.rows(roadmap_id, TODAY)]
    dialog = ItemDialog(service, roadmap_id, None)
    qtbot.addWidget(dialog)
    type_text(dialog.deadline, "когда получится")
    assert "без срока" in dialog.deadline_reading.text()
    type_text(dialog.done_on, "31.02.2025")
    type_text(dialog.event_date, "32.13.2025")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.boxes["title"].error.text().startswith("Наименование мероприятия")
    assert "не существует" in dialog.boxes["done_on"].error.text()
    assert dialog.boxes["event_date"].error.isVisibleTo(dialog)
    assert dialog.deadline.text() == "когда получится"  # nothing typed is lost
    assert [(r.title, r.done_on) for r in service.rows(roadmap_id, TODAY)] == before


def test_delete_and_undo_from_the_keyboard(qtbot, empty_db: Database) -> None:  # type: ignore[no-untyped-def]
    RoadmapService(empty_db).create_from_template("municipal", 2025)
    section = _section(qtbot, empty_db)
    titles = _titles(section)
    section.table.selectRow(2)
    victim = titles[2]
    qtbot.keyClick(section.table, Qt.Key.Key_Delete)
    assert victim not in _titles(section)
    qtbot.keyClick(section.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _titles(section) == titles
    section.table.selectRow(2)
    qtbot.keyClick(section.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _titles(section)[1] == victim


def test_filter_shows_only_overdue_and_soon(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    section = _section(qtbot, demo_db, DEMO_TODAY)
    section.filter.setCurrentIndex(section.filter.findData("attention"))
    activities = [r.title for r in section.model.rows if not r.is_section]
    assert "Круглый стол «Техники и модели наставничества в образовании»" in activities
    assert any(t.startswith("Семинар «Эффективные практики") for t in activities)
    assert "Формирование банка наставляемых" not in activities
    assert "просрочено 2" in section.counts.text()


def test_overview_line_opens_the_roadmap_item(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.overview import Severity, collect
    from desktop_app.ui.main_window import MainWindow

    item = next(
        i
        for i in collect(demo_db, DEMO_TODAY)
        if i.severity is Severity.OVERDUE and "Круглый стол" in i.text
    )
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    widget = window.show_section("roadmap")
    widget.open_overview_item(item)
    assert widget.selected_id() == item.record_id
    row = widget.model.item_row(item.record_id)
    assert row is not None and row.title.startswith("Круглый стол")


def test_new_roadmap_from_the_dialog_and_wrong_dates_in_its_details(
    qtbot, type_text, empty_db: Database
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.roadmap_forms import NewRoadmapDialog, RoadmapDialog

    section = _section(qtbot, empty_db)
    assert section.empty.isVisibleTo(section) and not section.add_button.isEnabled()
    dialog = NewRoadmapDialog(section.service, section)
    qtbot.addWidget(dialog)
    assert dialog.template.currentData() == "school"  # the school's plan is offered first
    dialog.first_year.setValue(2025)
    assert dialog.period_label.text() == "с 01.09.2025 по 31.08.2026"
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    section.refresh(dialog.saved_id)
    assert section.roadmaps.currentText().startswith("2025/2026 учебный год — План мероприятий")
    assert section.model.activity_count() == 21

    details = RoadmapDialog(section.service, dialog.saved_id, section)  # type: ignore[arg-type]
    qtbot.addWidget(details)
    details.period_end.clear()
    type_text(details.period_end, "01.06.2025")
    type_text(details.approved_on, "31.09.2025")
    qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    assert details.result() != QDialog.DialogCode.Accepted
    assert "раньше начала" in details.boxes["period_end"].error.text()
    assert "не существует" in details.boxes["approved_on"].error.text()
    assert section.service.get(dialog.saved_id).period_end == dt.date(2026, 8, 31)  # type: ignore[arg-type]


def test_marking_an_activity_whose_time_has_not_come_asks_first(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    section = _section(qtbot, demo_db, DEMO_TODAY)
    later = next(
        r for r in section.model.rows if not r.is_section and r.status is ItemStatus.NOT_STARTED
    )
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.No}

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    section.select(later.id)
    section.toggle_done()  # Ctrl+D on a line of May: «Нет» leaves it as it was
    assert len(asked) == 1 and f"«{later.title}»" in asked[0] and "ещё не наступило" in asked[0]
    assert section.model.item_row(later.id).done_on is None  # type: ignore[union-attr]

    answer["button"] = QMessageBox.StandardButton.Yes
    section.toggle_done()
    assert section.model.item_row(later.id).done_on == DEMO_TODAY  # type: ignore[union-attr]
    # Taking the mark off again is not asked about.
    section.toggle_done()
    assert len(asked) == 2
    assert section.model.item_row(later.id).done_on is None  # type: ignore[union-attr]
