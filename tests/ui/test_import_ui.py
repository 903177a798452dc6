"""The import dialog: a file is read, the columns matched, rows checked, and nothing is written
until «Импортировать»; the main window's menu opens it and undoes it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from desktop_app.models.db import Database
from desktop_app.services.people import PeopleFilter, PeopleService
from desktop_app.ui.import_dialog import ImportDialog
from tests.services import import_files as files

SHOTS = Path(os.environ.get("NASTAVNIK_SHOTS", "/work/shots/import"))


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


def _names(db: Database) -> set[str]:
    people = PeopleService(db)
    return {people.get(i).full_name for i in people.query_ids_sql(PeopleFilter())}


def _column_texts(view, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = view.model()
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


@pytest.fixture
def dialog(qtbot, empty_db: Database):  # type: ignore[no-untyped-def]
    dlg = ImportDialog(empty_db)
    qtbot.addWidget(dlg)
    dlg.resize(1000, 640)
    dlg.show()
    return dlg


def _load(qtbot, dlg: ImportDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    dlg.load(path)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=20000)


def test_preview_then_import(qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path):
    _load(qtbot, dialog, files.titled_xlsx(tmp_path))
    assert dialog.plan is not None
    assert "Строка заголовков: 4" in dialog.info.text()
    combo = dialog.columns.cellWidget(1, 1)
    assert isinstance(combo, QComboBox) and combo.currentText() == "ФИО (одной строкой)"
    assert _column_texts(dialog.rows, 1)[:2] == [
        "Петрова Мария Ивановна",
        "Сидоров Пётр Алексеевич",
    ]
    assert "повтор строки" in _column_texts(dialog.rows, 3)[3]
    assert "добавить: 4" in dialog.summary.text()
    assert "Повторяет строку 6" in _column_texts(dialog.problems, 2)[0]
    _shot(dialog, "01-preview-columns.png")
    dialog.tabs.setCurrentIndex(1)
    _shot(dialog, "02-preview-rows.png")
    assert _names(empty_db) == set()  # nothing written before «Импортировать»

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert dialog.result.created == 4
    assert "Петрова Мария Ивановна" in _names(empty_db)


def test_curator_changes_the_column_match(qtbot, dialog: ImportDialog, tmp_path: Path) -> None:
    path = tmp_path / "без ФИО.csv"
    path.write_text(
        "Работник;Должность\nПетрова Мария Ивановна;учитель\nСидоров Пётр Алексеевич;учитель\n",
        encoding="cp1251",
    )
    _load(qtbot, dialog, path)
    assert "Не выбран столбец с ФИО" in dialog.error_text
    assert not dialog.import_button.isEnabled()
    _shot(dialog, "03-no-name-column.png")
    combo = dialog.columns.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("full_name"))
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None, timeout=20000)
    assert dialog.error_text == ""
    assert _column_texts(dialog.rows, 1) == ["Петрова Мария Ивановна", "Сидоров Пётр Алексеевич"]
    assert dialog.import_button.isEnabled()


def test_bad_rows_listed_and_bad_file_refused(
    qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path
) -> None:
    _load(qtbot, dialog, files.bad_dates_csv(tmp_path))
    messages = _column_texts(dialog.problems, 2)
    assert any("31.02.1990 не существует" in m for m in messages)
    assert any("инициалы" in m for m in messages)
    assert "ошибок 2" in dialog.tabs.tabText(2)
    dialog.tabs.setCurrentIndex(2)
    _shot(dialog, "04-problems.png")

    empty = tmp_path / "пусто.xlsx"
    empty.write_bytes(b"")
    _load(qtbot, dialog, empty)
    assert "пуст" in dialog.error_text
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    _shot(dialog, "05-empty-file.png")
    assert _names(empty_db) == set()


def test_cancel_while_importing_writes_nothing(
    qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "большой.csv"
    lines = ["ФИО;Дата рождения;Должность"]
    for n in range(3000):
        lines.append(f"{files.surname(n)} Анна Петровна;01.02.{1960 + n % 40};учитель")
    path.write_text("\n".join(lines), encoding="utf-8")
    _load(qtbot, dialog, path)
    assert dialog.plan is not None and len(dialog.plan.to_write) == 3000
    dialog.start_import()
    assert dialog.work_row.isVisible() and dialog.cancel_work.isEnabled()
    dialog._progressed(1200, 3000, "Запись в базу")
    _shot(dialog, "08-progress-cancel.png")
    dialog.cancel_job()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "отменён" in dialog.error_text
    assert dialog.result is None
    assert _names(empty_db) == set()


def test_menu_opens_import_and_undo(qtbot, empty_db: Database, tmp_path: Path, monkeypatch):
    from desktop_app.ui import import_dialog
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(empty_db)
    qtbot.addWidget(window)
    path = files.csv_file(tmp_path, "cp1251", ";")
    assert window._import_action.shortcut().toString() == "Ctrl+I"

    def fake_run(db, parent):  # type: ignore[no-untyped-def]
        dlg = ImportDialog(db, parent)
        qtbot.addWidget(dlg)
        dlg.load(path)
        qtbot.waitUntil(lambda: not dlg.busy, timeout=20000)
        dlg.start_import()
        qtbot.waitUntil(lambda: dlg.result is not None, timeout=20000)
        return dlg.result, True

    monkeypatch.setattr(ImportDialog, "run", staticmethod(fake_run))
    window._import_action.trigger()
    assert "добавлено 4" in window.statusBar().currentMessage()
    people = window.section("people")
    assert people.model.rowCount() == 4

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    import_dialog.undo_import(window)
    assert "отменён" in window.statusBar().currentMessage()
    assert people.model.rowCount() == 0


def test_summary_dialog_lists_files_and_saves(qtbot, demo_template: Path, tmp_path: Path):
    from openpyxl import load_workbook

    from desktop_app.ui.summary_dialog import SummaryDialog
    from tests.services.test_municipal import _school_bank

    good = [
        _school_bank(demo_template, tmp_path, "МКОУ «Красновская СОШ»", 0),
        _school_bank(demo_template, tmp_path, "МБОУ «Лесная СОШ»", 2),
    ]
    stray = tmp_path / "список учителей.csv"
    stray.write_text("ФИО;Должность\nПетрова Мария;учитель\n", encoding="utf-8")
    dialog = SummaryDialog()
    qtbot.addWidget(dialog)
    dialog.resize(960, 520)
    dialog.show()
    dialog.add_files([*good, stray])
    states = [dialog.files.item(r, 4).text() for r in range(3)]
    assert states[:2] == ["в своде", "в своде"]
    assert "в формате .xlsx" in states[2]
    assert dialog.files.item(1, 1).text() == "МБОУ «Лесная СОШ»"
    assert "В своде организаций: 2" in dialog.summary.text()
    _shot(dialog, "06-summary-files.png")
    dialog.title_edit.setText("Тестовский район")
    assert dialog.save(tmp_path / "свод.xlsx", dt.date(2026, 11, 23))
    wb = load_workbook(dialog.saved)
    assert wb["Свод по организациям"]["A1"].value == "Тестовский район"


def test_one_person_switched_between_update_and_skip(
    qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path
) -> None:
    from desktop_app.services.people_import import apply_import, load_source, plan_import

    first = files.csv_file(tmp_path, "cp1251", ";")
    table, guess = load_source(first)
    apply_import(empty_db, plan_import(empty_db, table, guess))
    changed = tmp_path / "новые должности.csv"
    changed.write_text(
        "ФИО;Должность\nПетрова Мария Ивановна;заместитель директора\n"
        "Сидоров Пётр Алексеевич;учитель физики и информатики\nНовая Ольга Ивановна;учитель\n",
        encoding="utf-8",
    )
    _load(qtbot, dialog, changed)
    whats = _column_texts(dialog.rows, 3)
    assert whats[0].startswith("будет обновлён") and whats[2] == "будет добавлен"
    dialog.tabs.setCurrentIndex(1)
    rect = dialog.rows.visualRect(dialog.rows.model().index(0, 1))
    qtbot.mouseClick(dialog.rows.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.rows.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _column_texts(dialog.rows, 3)[0].startswith("уже в банке — пропустить")
    # Space on the current row switches it back and forth from the keyboard.
    dialog.rows.setFocus()
    qtbot.keyClick(dialog.rows, Qt.Key.Key_Space)
    assert _column_texts(dialog.rows, 3)[0].startswith("будет обновлён")
    qtbot.keyClick(dialog.rows, Qt.Key.Key_Space)
    assert _column_texts(dialog.rows, 3)[0].startswith("уже в банке — пропустить")
    assert "обновить: 1" in dialog.summary.text()
    _shot(dialog, "09-one-row-skipped.png")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert (dialog.result.created, dialog.result.updated) == (1, 1)
    people = PeopleService(empty_db)
    positions = {
        people.get(i).full_name: people.get(i).position
        for i in people.query_ids_sql(PeopleFilter())
    }
    assert positions["Петрова Мария Ивановна"] == "учитель математики"  # skipped
    assert positions["Сидоров Пётр Алексеевич"] == "учитель физики и информатики"


def _click_radio(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    # On the circle: a radio button is as wide as its box, but only its label is clickable.
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_update_by_name_alone_shows_what_changes_and_is_chosen_per_row(
    qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path
) -> None:
    from PySide6.QtTest import QAbstractItemModelTester

    from desktop_app.services.people_import import apply_import, load_source, plan_import
    from desktop_app.ui.main_window import MainWindow

    first = tmp_path / "осень.csv"
    first.write_text(
        "ФИО;Предметы;Телефон\n"
        "Петрова Мария Ивановна;химия, биология;8 900 111-22-33\n"
        "Сидоров Пётр Алексеевич;физика;\n"
        "Орлова Анна Сергеевна;история;\n",
        encoding="utf-8",
    )
    table, guess = load_source(first)
    apply_import(empty_db, plan_import(empty_db, table, guess))
    second = tmp_path / "весна.csv"
    second.write_text(
        "ФИО;Предметы;Телефон\n"
        "Петрова Мария Ивановна;химия;\n"
        "Сидоров Пётр Алексеевич;физика, астрономия;\n"
        "Орлова Анна Сергеевна;обществознание;\n",
        encoding="utf-8",
    )
    _load(qtbot, dialog, second)
    QAbstractItemModelTester(dialog.rows_model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    dialog.tabs.setCurrentIndex(1)
    whats = _column_texts(dialog.rows, 3)
    assert whats == ["будет обновлён — найден только по ФИО"] * 3
    assert _column_texts(dialog.rows, 4)[0].startswith(
        "Преподаваемые предметы: «химия, биология» → «химия»"
    )
    assert "найдены в банке только по ФИО, без даты рождения: 3" in dialog.summary.text()

    # The first row is chosen: the panel says what changes and what the empty cell keeps.
    text = dialog.changes_text.text()
    assert "только по ФИО, без даты рождения" in text
    assert "Преподаваемые предметы: «химия, биология» → «химия»" in text
    assert "Телефон: в файле пусто — в карточке остаётся «8 900 111-22-33»" in text
    assert dialog.choice_box.isEnabled() and dialog.choice_update.isChecked()
    _shot(dialog, "10-name-only-changes.png")

    # Петрова of the file is another person: a new card. Сидоров is skipped.
    _click_radio(qtbot, dialog.choice_new)
    assert _column_texts(dialog.rows, 3)[0] == "будет добавлен как новый"
    assert "Будет добавлен новой карточкой" in dialog.changes_text.text()
    dialog.rows.selectRow(1)
    assert dialog.changes_text.text().count("→") == 1
    _click_radio(qtbot, dialog.choice_skip)
    assert _column_texts(dialog.rows, 3)[1] == "уже в банке — пропустить"
    assert "добавить: 1; обновить: 1" in dialog.summary.text()
    # The filter shows the rows found by name alone, and the chosen row stays chosen.
    dialog.row_filter.setCurrentIndex(3)  # «будут изменены»
    assert _column_texts(dialog.rows, 1) == ["Орлова Анна Сергеевна"]
    dialog.row_filter.setCurrentIndex(0)
    _shot(dialog, "11-chosen-per-row.png")

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert (dialog.result.created, dialog.result.updated) == (1, 1)

    # The bank table, read back as the curator sees it.
    window = MainWindow(empty_db)
    qtbot.addWidget(window)
    people = window.section("people")
    model = people.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    name_col, subjects_col = headers.index("ФИО"), headers.index("Предметы")
    rows = sorted(
        (model.data(model.index(r, name_col)), model.data(model.index(r, subjects_col)))
        for r in range(model.rowCount())
    )
    assert rows == [
        ("Орлова Анна Сергеевна", "обществознание"),
        ("Петрова Мария Ивановна", "химия"),
        ("Петрова Мария Ивановна", "химия, биология"),
        ("Сидоров Пётр Алексеевич", "физика"),
    ]


def test_failed_import_leaves_the_bank_unchanged(
    qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path
) -> None:
    from tests.services.test_people_import import _content

    _load(qtbot, dialog, files.titled_xlsx(tmp_path))
    before = _content(empty_db)
    assert dialog.plan is not None
    dialog.plan.to_write[-1].valid.values["last_name"] = None  # the database refuses it
    dialog.start_import()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert dialog.result is None
    assert "база не изменена" in dialog.error_text
    assert _content(empty_db) == before


def test_preview_fits_a_small_screen(qtbot, dialog: ImportDialog, tmp_path: Path) -> None:
    from PySide6.QtCore import QPoint, QRect

    dialog.resize(1090, 580)  # 1366×768 at 125 %
    _load(qtbot, dialog, files.titled_xlsx(tmp_path))
    dialog.tabs.setCurrentIndex(1)
    qtbot.wait(20)
    for widget in (
        dialog.import_button,
        dialog.close_button,
        dialog.skip_radio,
        dialog.row_filter,
        dialog.choice_skip,
        dialog.changes_text,
    ):
        place = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
        assert dialog.rect().contains(place), widget.objectName() or widget.text()
    assert dialog.rows.viewport().height() >= 8 * 22  # eight rows of the list at least
    header = dialog.rows.horizontalHeader()
    width = dialog.rows.fontMetrics().horizontalAdvance("Дата рождения")
    assert header.sectionSize(2) > width  # the caption is not clipped
    _shot(dialog, "12-small-screen.png")


def test_one_choice_for_all_found_by_name_alone(
    qtbot, dialog: ImportDialog, empty_db: Database, tmp_path: Path
) -> None:
    from desktop_app.services.people_import import apply_import, load_source, plan_import

    first = files.csv_file(tmp_path, "utf-8", ";")  # Кузнецова has no birth date
    table, guess = load_source(first)
    apply_import(empty_db, plan_import(empty_db, table, guess))
    second = tmp_path / "без дат.csv"
    second.write_text(
        "ФИО;Должность\nПетрова Мария Ивановна;методист\nКузнецова Анна;учитель музыки\n"
        "Новая Ольга Ивановна;учитель\n",
        encoding="utf-8",
    )
    _load(qtbot, dialog, second)
    assert dialog.name_only_button.isEnabled()
    skip_all = dialog.name_only_button.menu().actions()[2]
    assert skip_all.text() == "пропустить всех"
    skip_all.trigger()
    assert _column_texts(dialog.rows, 3) == [
        "уже в банке — пропустить",
        "уже в банке — пропустить",
        "будет добавлен",
    ]
    assert "добавить: 1; обновить: 0" in dialog.summary.text()
    new_all = dialog.name_only_button.menu().actions()[1]
    new_all.trigger()
    assert "добавить: 3; обновить: 0" in dialog.summary.text()
    dialog.rows.selectRow(1)
    assert dialog.choice_new.isChecked()
