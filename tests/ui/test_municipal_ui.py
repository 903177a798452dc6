"""«Муниципалитет»: the methodist loads two schools' files through the file dialog, reads the
schools, the indicators, the combined bank (typing a filter) and the suggested mentors back,
and saves the summary; a file edited beyond reading is refused with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from desktop_app.models.db import Database
from desktop_app.services.municipal_demo import DEMO_SCHOOLS, make_school
from desktop_app.ui.municipal_view import MunicipalSection

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def two_schools(demo_template: Path, tmp_path: Path) -> list[Path]:
    files = []
    for number, (short, full, a, b, c) in enumerate(DEMO_SCHOOLS[1:]):
        files += make_school(
            demo_template, tmp_path / str(number), short, full, a, b, c, TODAY, None, 17 + number
        )
    return files


def _column(table, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_load_schools_and_read_the_municipality(
    qtbot, empty_db: Database, two_schools: list[Path], tmp_path: Path, monkeypatch, type_text
) -> None:  # type: ignore[no-untyped-def]
    section = MunicipalSection(empty_db)
    qtbot.addWidget(section)
    section.resize(1090, 580)
    section.show()
    assert section.intro.isVisible() and not section.summary_button.isEnabled()
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *a, **k: ([str(p) for p in two_schools], "")),
    )
    section.import_button.click()
    qtbot.waitUntil(lambda: not section.job.busy, timeout=60000)
    assert section.period.currentText() == "3 квартал 2026 г."
    assert "Файлов загружено: 6." in section.report_text.toPlainText()
    assert _column(section.schools, 0) == ["МБОУ «Лесная СОШ»", "МКОУ «Заречная ООШ»"]
    assert _column(section.schools, 4) == ["—", "—"]
    assert section.schools.item(0, 1).text().startswith("на 23.11.2026, получен")

    headers = [
        section.indicators.horizontalHeaderItem(c).text()
        for c in range(section.indicators.columnCount())
    ]
    assert headers[1:4] == ["МБОУ «Лесная СОШ»", "МКОУ «Заречная ООШ»", "Итого"]
    [mentors] = [
        r
        for r in range(section.indicators.rowCount())
        if section.indicators.item(r, 0).text() == "Наставников"
    ]
    values = [int(section.indicators.item(mentors, c).text()) for c in (1, 2, 3)]
    assert values[2] == values[0] + values[1]

    section.tabs.setCurrentIndex(2)
    everyone = section.bank.rowCount()
    assert set(_column(section.bank, 0)) == {"МБОУ «Лесная СОШ»", "МКОУ «Заречная ООШ»"}
    name = section.bank.item(0, 1).text()
    type_text(section.bank_search, name.split()[0])
    assert 1 <= section.bank.rowCount() < everyone
    assert all(name.split()[0] in n for n in _column(section.bank, 1))
    section.bank_search.clear()
    section.bank_free.setChecked(True)
    assert all(int(x) > 0 for x in _column(section.bank, 2))

    section.tabs.setCurrentIndex(3)
    section.offer_school.setCurrentIndex(section.offer_school.findText("МБОУ «Лесная СОШ»"))
    assert section.offers.topLevelItemCount() > 0
    first = section.offers.topLevelItem(0)
    assert first.childCount() > 0
    assert {first.child(i).text(1) for i in range(first.childCount())} == {"МКОУ «Заречная ООШ»"}

    summary = section.write_summary(tmp_path / "свод.xlsx")
    assert summary is not None
    assert "Показатели" in load_workbook(summary).sheetnames
    report = section.write_report(tmp_path / "справка.docx")
    assert report is not None
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "Данные представили организации (2)" in text

    # «Убрать» a school's data (a wrong package), then Ctrl+Z brings it back as it was.
    from PySide6.QtCore import Qt

    from desktop_app.services.municipal_summary import indicator_table

    section.tabs.setCurrentIndex(0)
    before = [
        (line.key, line.values)
        for line in indicator_table(empty_db, section.current_period()).lines
    ]
    section.schools.selectRow(0)
    qtbot.keyClick(section.schools, Qt.Key.Key_Delete)
    assert _column(section.schools, 0) == ["МКОУ «Заречная ООШ»"]
    assert "убраны (файлов: 3). Вернуть — Ctrl+Z." in section.report_text.toPlainText()
    qtbot.keyClick(section.schools, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _column(section.schools, 0) == ["МБОУ «Лесная СОШ»", "МКОУ «Заречная ООШ»"]
    after = [
        (line.key, line.values)
        for line in indicator_table(empty_db, section.current_period()).lines
    ]
    assert [v for _k, v in after] == [v for _k, v in before]

    for index, path in enumerate((tmp_path / "before.png", tmp_path / "after.png")):
        section.tabs.setCurrentIndex(index)
        section.grab().save(str(path))


def test_a_refused_file_shows_its_reason(
    qtbot, empty_db: Database, two_schools: list[Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.municipal_summary import periods

    wb = load_workbook(two_schools[1])  # the accounting file
    wb["Учёт участников"]["B4"] = "Фамилия"
    edited = tmp_path / "учёт.xlsx"
    wb.save(edited)
    section = MunicipalSection(empty_db)
    qtbot.addWidget(section)
    section.import_paths([edited])
    qtbot.waitUntil(lambda: not section.job.busy, timeout=60000)
    text = section.report_text.toPlainText()
    assert "не принят" in text and "нет столбцов «ФИО»" in text
    assert periods(empty_db) == [] and section.schools.rowCount() == 0


def test_cancel_stops_the_import(qtbot, empty_db: Database, two_schools: list[Path]) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.municipal_summary import periods

    section = MunicipalSection(empty_db)
    qtbot.addWidget(section)
    section.show()
    section.import_paths(two_schools)
    assert section.job.isVisible() and not section.import_button.isEnabled()
    section.job.cancel_button.click()
    qtbot.waitUntil(lambda: not section.job.busy, timeout=60000)
    assert "отменена" in section.report_text.toPlainText()
    assert periods(empty_db) == [] and section.import_button.isEnabled()
